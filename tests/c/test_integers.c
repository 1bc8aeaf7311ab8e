/*
 * No integer makes the library panic: every function of oss_presign.h that
 * takes an int64_t, uint64_t or size_t by value is called with the extremes
 * of its type (INT64_MIN, INT64_MAX, -1, 0, UINT64_MAX and the edges of the
 * supported years), and so are the calls that integer flows into (presigns,
 * batches, verification, the clock offset, seconds left).
 *
 * run.sh links it against the library's debug build (debug assertions and
 * overflow checks on: an unchecked `+`, `-` or `*` panics there, where a
 * release build wraps silently), checks that the table below names every
 * such function of the header, and fails when the library printed a panic
 * (a panic in a function that returns a number shows only as 0 here). No
 * call may return OSS_CODE_PANIC.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "oss_presign.h"

#define ENDPOINT "oss-cn-hangzhou.aliyuncs.com"
#define REGION "cn-hangzhou"
#define BUCKET "examplebucket"
#define G1_TIME INT64_C(1704164645)
#define G1_DAY "20240102"
#define G1_KEY "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a"

/* The extremes, as the bits of a 64-bit argument: each probe reads them as
 * int64_t, uint64_t or size_t. */
static const uint64_t extremes[] = {
    (uint64_t)INT64_MIN,     (uint64_t)INT64_MIN + 1,     UINT64_MAX /* -1 */, 0, 1,
    (uint64_t)OSS_MAX_UNIX_SECONDS, (uint64_t)OSS_MAX_UNIX_SECONDS + 1, (uint64_t)INT64_MAX,
};
#define EXTREMES (sizeof extremes / sizeof extremes[0])

/* Checks that `error` is not a panic, and frees it. Returns its code. */
static oss_code no_panic(oss_error *error) {
    oss_code code = oss_error_code(error);
    CHECK(code != OSS_CODE_PANIC);
    oss_error_free(error);
    return code;
}

static oss_client *new_client(void) {
    oss_client *client = NULL;
    EXPECT_OK(oss_client_new(ENDPOINT, REGION, "ak", "sk", "CAIS+token", &client));
    return client;
}

/* Options with G1's signing time (or none) and clamping on or off. */
static oss_get_options *new_options(bool fixed_time, bool clamp) {
    oss_get_options *options = oss_get_options_new();
    if (fixed_time) {
        EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    }
    EXPECT_OK(oss_get_options_set_clamp_to_credentials(options, clamp));
    return options;
}

/* Reads `url` back and verifies it at every extreme. */
static void read_back(const oss_client *client, const char *url) {
    oss_url_info *info = NULL;
    size_t i;
    no_panic(oss_client_inspect_url(client, url, &info));
    for (i = 0; i < EXTREMES; i++) {
        no_panic(oss_client_verify_url(client, url, NULL, NULL, 0, (int64_t)extremes[i]));
        (void)oss_url_info_seconds_left(info, (int64_t)extremes[i]);
    }
    (void)oss_url_info_signing_time(info);
    (void)oss_url_info_expiration(info);
    oss_url_info_free(info);
}

/* Every call a client's state and `options` flow into. */
static void exercise(const oss_client *client, const oss_get_options *options) {
    const char *keys[2] = {"a", "b"};
    char *url = NULL;
    char *head = NULL;
    oss_presigned_request *request = NULL;
    oss_presign_batch *batch = NULL;
    no_panic(oss_presign_get(client, BUCKET, "k", options, &url));
    no_panic(oss_presign_head(client, BUCKET, "k", options, &head));
    oss_string_free(head);
    no_panic(oss_presign_get_request(client, BUCKET, "k", options, &request));
    (void)oss_presigned_request_signing_time(request);
    (void)oss_presigned_request_expiration(request);
    oss_presigned_request_free(request);
    no_panic(oss_presign_get_batch(client, BUCKET, keys, 2, options, &batch));
    (void)oss_presign_batch_signing_time(batch);
    (void)oss_presign_batch_expiration(batch);
    oss_presign_batch_free(batch);
    (void)oss_client_clock_offset(client);
    if (url != NULL) {
        read_back(client, url);
    }
    oss_string_free(url);
}

typedef oss_error *(*option_setter)(oss_get_options *, uint64_t);
static oss_error *set_expires(oss_get_options *o, uint64_t v) {
    return oss_get_options_set_expires(o, v);
}
static oss_error *set_expiration(oss_get_options *o, uint64_t v) {
    return oss_get_options_set_expiration(o, (int64_t)v);
}
static oss_error *set_signing_time(oss_get_options *o, uint64_t v) {
    return oss_get_options_set_signing_time(o, (int64_t)v);
}
static oss_error *set_traffic_limit(oss_get_options *o, uint64_t v) {
    return oss_get_options_set_traffic_limit(o, v);
}
static oss_error *set_signing_time_window(oss_get_options *o, uint64_t v) {
    return oss_get_options_set_signing_time_window(o, v);
}

/* Each extreme into fresh options, presigned at a fixed time and at the
 * clock's, clamped to expiring credentials or not. */
static void probe_option(option_setter set) {
    oss_client *client = new_client();
    size_t i;
    int variant;
    EXPECT_OK(oss_client_set_credentials(client, "ak", "sk", NULL, G1_TIME + 100000));
    for (i = 0; i < EXTREMES; i++) {
        for (variant = 0; variant < 3; variant++) {
            oss_get_options *options = new_options(variant < 2, variant != 0);
            no_panic(set(options, extremes[i]));
            exercise(client, options);
            oss_get_options_free(options);
        }
    }
    oss_client_free(client);
}

typedef oss_error *(*client_setter)(const oss_client *, uint64_t);
static oss_error *set_server_time(const oss_client *c, uint64_t v) {
    return oss_client_set_server_time(c, (int64_t)v);
}
static oss_error *set_credentials(const oss_client *c, uint64_t v) {
    return oss_client_set_credentials(c, "ak", "sk", "CAIS+token", (int64_t)v);
}
static oss_error *set_signing_key_with_expiration(const oss_client *c, uint64_t v) {
    return oss_client_set_signing_key_with_expiration(c, "ak", G1_KEY, G1_DAY, NULL, (int64_t)v);
}

/* A client whose state took each extreme, presigning with the defaults, a
 * fixed time, and a day-long window with clamping. */
static void probe_client(client_setter set) {
    size_t i;
    for (i = 0; i < EXTREMES; i++) {
        oss_client *client = new_client();
        oss_get_options *fixed = new_options(true, true);
        oss_get_options *windowed = new_options(false, true);
        EXPECT_OK(oss_get_options_set_signing_time_window(windowed, 86400));
        no_panic(set(client, extremes[i]));
        exercise(client, NULL);
        exercise(client, fixed);
        exercise(client, windowed);
        oss_get_options_free(fixed);
        oss_get_options_free(windowed);
        oss_client_free(client);
    }
}

static void probe_config_credentials_expiration(void) {
    size_t i;
    for (i = 0; i < EXTREMES; i++) {
        oss_client_config *config = NULL;
        oss_client *client = NULL;
        EXPECT_OK(oss_client_config_new(ENDPOINT, REGION, &config));
        EXPECT_OK(oss_client_config_set_credentials(config, "ak", "sk", NULL));
        no_panic(oss_client_config_set_credentials_expiration(config, (int64_t)extremes[i]));
        if (no_panic(oss_client_new_from_config(config, &client)) == OSS_CODE_OK) {
            oss_get_options *clamped = new_options(false, true);
            exercise(client, NULL);
            exercise(client, clamped);
            oss_get_options_free(clamped);
        }
        oss_client_free(client);
        oss_client_config_free(config);
    }
}

/* `now` of verify and seconds_left (read_back passes every extreme), and
 * the header count. */
static void probe_verify(void) {
    oss_client *client = new_client();
    oss_get_options *options = new_options(true, false);
    size_t i;
    exercise(client, options);
    for (i = 0; i < EXTREMES; i++) {
        no_panic(oss_client_verify_url(client, "u", NULL, NULL, (size_t)extremes[i], 0));
    }
    oss_get_options_free(options);
    oss_client_free(client);
}

/* Counts and indices: arrays are NULL wherever they would have to be longer. */
static void probe_sizes(void) {
    oss_client *client = new_client();
    const char *keys[2] = {"a", "/bad"};
    static const char body[] = "<Error><Code>AccessDenied</Code></Error>";
    oss_presign_batch *batch = NULL;
    oss_presigned_request *request = NULL;
    oss_url_info *info = NULL;
    oss_get_options *options = oss_get_options_new();
    char *url = NULL;
    size_t i;
    EXPECT_OK(oss_get_options_add_header(options, "range", "bytes=0-1"));
    EXPECT_OK(oss_presign_get_batch(client, BUCKET, keys, 2, NULL, &batch));
    EXPECT_OK(oss_presign_get_request(client, BUCKET, "k", options, &request));
    EXPECT_OK(oss_presign_get(client, BUCKET, "k", options, &url));
    EXPECT_OK(oss_client_inspect_url(client, url, &info));
    for (i = 0; i < EXTREMES; i++) {
        size_t n = (size_t)extremes[i];
        oss_presign_batch *other = NULL;
        oss_service_error *parsed = NULL;
        const char *name = NULL;
        const char *value = NULL;
        no_panic(oss_presign_get_batch(client, BUCKET, NULL, n, NULL, &other));
        oss_presign_batch_free(other);
        CHECK(oss_presign_batch_url(batch, n) == NULL || n == 0);
        CHECK(oss_presign_batch_error(batch, n) == NULL || n == 1);
        no_panic(oss_presigned_request_header(request, n, &name, &value));
        CHECK(oss_url_info_additional_header(info, n) == NULL || n == 0);
        no_panic(oss_service_error_parse(n < sizeof body ? body : NULL, n, &parsed));
        (void)oss_service_error_server_time(parsed);
        (void)oss_service_error_expires(parsed);
        oss_service_error_free(parsed);
    }
    oss_url_info_free(info);
    oss_string_free(url);
    oss_presigned_request_free(request);
    oss_presign_batch_free(batch);
    oss_get_options_free(options);
    oss_client_free(client);
}

static void probe_crc64(void) {
    static const char data[] = "123456789";
    size_t i, j;
    for (i = 0; i < EXTREMES; i++) {
        for (j = 0; j < EXTREMES; j++) {
            size_t len = (size_t)extremes[j];
            (void)oss_crc64_update(extremes[i], len < sizeof data ? data : NULL, len);
        }
    }
}

/* Every function of the header that takes an integer by value, and its
 * probe. run.sh fails when a function of the header is missing here. */
static void probe_options_expires(void) { probe_option(set_expires); }
static void probe_options_expiration(void) { probe_option(set_expiration); }
static void probe_options_signing_time(void) { probe_option(set_signing_time); }
static void probe_options_traffic_limit(void) { probe_option(set_traffic_limit); }
static void probe_options_window(void) { probe_option(set_signing_time_window); }
static void probe_server_time(void) { probe_client(set_server_time); }
static void probe_credentials(void) { probe_client(set_credentials); }
static void probe_signing_key(void) { probe_client(set_signing_key_with_expiration); }

static const struct {
    const char *function;
    void (*probe)(void);
} probes[] = {
    {"oss_get_options_set_expires", probe_options_expires},
    {"oss_get_options_set_expiration", probe_options_expiration},
    {"oss_get_options_set_signing_time", probe_options_signing_time},
    {"oss_get_options_set_traffic_limit", probe_options_traffic_limit},
    {"oss_get_options_set_signing_time_window", probe_options_window},
    {"oss_client_set_server_time", probe_server_time},
    {"oss_client_set_credentials", probe_credentials},
    {"oss_client_set_signing_key_with_expiration", probe_signing_key},
    {"oss_client_config_set_credentials_expiration", probe_config_credentials_expiration},
    {"oss_client_verify_url", probe_verify},
    {"oss_url_info_seconds_left", probe_verify},
    {"oss_presign_get_batch", probe_sizes},
    {"oss_presign_batch_url", probe_sizes},
    {"oss_presign_batch_error", probe_sizes},
    {"oss_presigned_request_header", probe_sizes},
    {"oss_url_info_additional_header", probe_sizes},
    {"oss_service_error_parse", probe_sizes},
    {"oss_crc64_update", probe_crc64},
};

int main(int argc, char **argv) {
    size_t i, j;
    /* `test_integers --list`: the functions probed, for run.sh. */
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (i = 0; i < sizeof probes / sizeof probes[0]; i++) {
            printf("%s\n", probes[i].function);
        }
        return 0;
    }
    for (i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        bool first = true;
        for (j = 0; j < i; j++) {
            first = first && probes[j].probe != probes[i].probe;
        }
        if (first) {
            probes[i].probe();
        }
    }
    return check_summary("test_integers");
}
