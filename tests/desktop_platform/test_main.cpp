// Unit tests of the platform layer's pure parts (no browser), built with Emscripten and run under Node.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
