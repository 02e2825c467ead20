#include "spstress/shocks/drought.hpp"
