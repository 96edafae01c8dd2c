#ifndef HYGIENE_CCURL_SHIM_H
#define HYGIENE_CCURL_SHIM_H

#include <curl/curl.h>

// Swift cannot call the variadic curl_easy_setopt and curl_easy_getinfo: typed, non-variadic wrappers.

typedef size_t (*hygiene_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode hygiene_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hygiene_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hygiene_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hygiene_curl_set_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

// For CURLOPT_COPYPOSTFIELDS: binary-safe once CURLOPT_POSTFIELDSIZE_LARGE is set, as libcurl then copies that many bytes.
static inline CURLcode hygiene_curl_set_bytes(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hygiene_curl_set_list(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode hygiene_curl_set_data_callback(CURL *handle, CURLoption option, hygiene_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode hygiene_curl_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode hygiene_curl_get_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
