#include "spstress/shocks/indirect.hpp"
