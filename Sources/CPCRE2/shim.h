// PCRE2 for UTF-8 text: the exposure detectors' patterns, JIT-compiled, run on page bytes directly.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
