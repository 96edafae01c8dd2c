#ifndef HYGIENE_CZLIB_SHIM_H
#define HYGIENE_CZLIB_SHIM_H

#include <zlib.h>

// inflateInit2 is a macro; Swift needs a function. -15: a raw deflate stream, as zip entries hold.
static inline int hygiene_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -15);
}

#endif
