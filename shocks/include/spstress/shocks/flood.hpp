#pragma once
/// (interface being written)
