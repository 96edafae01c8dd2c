// PCRE2 for UTF-8 text: the exposure detectors' patterns, JIT-compiled, run on page bytes directly.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

// memmem, which glibc declares only under _GNU_SOURCE: the page reader looks for words with it.
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
