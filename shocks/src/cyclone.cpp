#include "spstress/shocks/cyclone.hpp"
