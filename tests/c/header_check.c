/* Compiled by tests/header.rs as C11 and as C++11 with warnings as errors:
 * the header must be self-contained, include-guarded and valid in both. */
#include "oss_presign.h"
#include "oss_presign.h"

#if OSS_PRESIGN_VERSION_MAJOR < 0 || OSS_PRESIGN_VERSION_MINOR < 0
#error "version macros must be numbers"
#endif

/* The fixed contract: these exact signatures must keep compiling. */
static oss_error *(*const client_new)(const char *, const char *, const char *, const char *,
                                      const char *, oss_client **) = oss_client_new;
static void (*const client_free)(oss_client *) = oss_client_free;
static oss_get_options *(*const options_new)(void) = oss_get_options_new;
static void (*const options_free)(oss_get_options *) = oss_get_options_free;
static oss_error *(*const set_expires)(oss_get_options *, uint64_t) = oss_get_options_set_expires;
static oss_error *(*const set_signing_time)(oss_get_options *, int64_t) =
    oss_get_options_set_signing_time;
static oss_error *(*const add_query)(oss_get_options *, const char *, const char *) =
    oss_get_options_add_query;
static oss_error *(*const add_header)(oss_get_options *, const char *, const char *) =
    oss_get_options_add_header;
static oss_error *(*const presign_get)(const oss_client *, const char *, const char *,
                                       const oss_get_options *, char **) = oss_presign_get;
static void (*const string_free)(char *) = oss_string_free;
static oss_code (*const error_code)(const oss_error *) = oss_error_code;
static const char *(*const error_message)(const oss_error *) = oss_error_message;
static void (*const error_free)(oss_error *) = oss_error_free;

int main(void) {
    /* oss_code is a uint32_t with the documented values. */
    oss_code codes[] = {OSS_CODE_OK,
                        OSS_CODE_NULL_ARGUMENT,
                        OSS_CODE_INVALID_UTF8,
                        OSS_CODE_PANIC,
                        OSS_CODE_INVALID_ARGUMENT,
                        OSS_CODE_MISSING_CREDENTIALS,
                        OSS_CODE_INVALID_EXPIRY};
    uint32_t sum = 0;
    size_t i;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        sum += (uint32_t)codes[i];
    }
    (void)client_new, (void)client_free, (void)options_new, (void)options_free;
    (void)set_expires, (void)set_signing_time, (void)add_query, (void)add_header;
    (void)presign_get, (void)string_free, (void)error_code, (void)error_message, (void)error_free;
    return (sizeof(oss_code) == sizeof(uint32_t) && sum == 606) ? 0 : 1;
}
