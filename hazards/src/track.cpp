#include "spstress/hazards/track.hpp"
