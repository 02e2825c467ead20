#include "spstress/shocks/flood.hpp"
