/*
 * The C ABI of oss_presign, exercised from C: every exported function, its
 * happy paths, NULL for each pointer argument, invalid UTF-8 for each string
 * argument, each rejected value of tests/bad_inputs.tsv (the bad-input matrix
 * shared by every language, read from the path in OSS_TEST_BAD_INPUTS) with
 * its code and argument, outputs left untouched on failure, and ownership (each returned string and handle freed exactly
 * once; run under AddressSanitizer and valgrind by run.sh to prove it).
 *
 * No network: see test_download.c for the end-to-end tests.
 */
#define _POSIX_C_SOURCE 200809L

#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "bad_inputs.h"
#include "oss_presign.h"

#define SECRET "SUPER-SECRET-VALUE"
#define TOKEN "CAIS+TOKEN/VALUE=="
#define ENV_SECRET "ENV-SECRET-VALUE"
#define ENV_TOKEN "ENV+TOKEN/VALUE=="
#define BAD_UTF8 "\xff\xfe"
#define ENDPOINT "oss-cn-hangzhou.aliyuncs.com"
#define REGION "cn-hangzhou"

/* Signing time and lifetime of the worked example (vector G1). */
#define G1_TIME INT64_C(1704164645)
#define G1_EXPIRES UINT64_C(3600)
#define G1_URL                                                                          \
    "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/exampleobject.txt"              \
    "?x-oss-credential=ak%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request"           \
    "&x-oss-date=20240102T030405Z&x-oss-expires=3600"                                   \
    "&x-oss-signature-version=OSS4-HMAC-SHA256"                                         \
    "&x-oss-signature=0e8a63b97cdaf20d0510524d7cdb6ab454c19d5bd18535fef162617d34682898"

/* Vector HD1: G1's inputs presigned as a HEAD by Alibaba's SDK
 * (alibabacloud-oss-v2 1.4.1, HeadObjectRequest). */
#define HD1_URL                                                                         \
    "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/exampleobject.txt"              \
    "?x-oss-credential=ak%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request"           \
    "&x-oss-date=20240102T030405Z&x-oss-expires=3600"                                   \
    "&x-oss-signature-version=OSS4-HMAC-SHA256"                                         \
    "&x-oss-signature=2096eb3bc41fec711b66afd813b027f2c66629c9553f4942fc6cb0dc9d47419a"

/* Out-parameters start as this address; a failing call must leave it there. */
static char sentinel_storage;
#define SENTINEL ((void *)&sentinel_storage)

/* Strings that are not UTF-8: a bare continuation pair, an overlong '/', a
 * UTF-16 surrogate, a truncated sequence, and a valid prefix followed by a
 * stray byte. */
static const char *const bad_utf8_samples[] = {
    BAD_UTF8, "\xc0\xaf", "\xed\xa0\x80", "abc\xe5\xad", "ok\x80",
};
#define BAD_UTF8_SAMPLES (sizeof bad_utf8_samples / sizeof bad_utf8_samples[0])

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* Helpers. */

static oss_client *client_at(const char *endpoint, const char *secret, const char *token,
                             const char *file, int line) {
    oss_client *client = NULL;
    if (!check_ok_at(oss_client_new(endpoint, REGION, "ak", secret, token, &client),
                     "oss_client_new", file, line)) {
        return NULL;
    }
    check_true_at(client != NULL, "client != NULL", file, line);
    return client;
}
#define NEW_CLIENT(endpoint, secret, token) client_at((endpoint), (secret), (token), __FILE__, __LINE__)

static oss_get_options *options_at(const char *file, int line) {
    oss_get_options *options = oss_get_options_new();
    check_true_at(options != NULL, "oss_get_options_new() != NULL", file, line);
    return options;
}
#define NEW_OPTIONS() options_at(__FILE__, __LINE__)

/* Presigns with both oss_presign_get and oss_presign_get_request; checks that
 * they agree and that the URL holds no secret. Returns the URL (free it with
 * oss_string_free) or NULL after reporting the failure. */
static char *presign_at(const oss_client *client, const char *bucket, const char *key,
                        const oss_get_options *options, const char *file, int line) {
    char *url = NULL;
    oss_presigned_request *request = NULL;
    if (!check_ok_at(oss_presign_get(client, bucket, key, options, &url), "oss_presign_get", file,
                     line)) {
        return NULL;
    }
    if (!check_true_at(url != NULL, "url != NULL", file, line)) {
        return NULL;
    }
    if (check_ok_at(oss_presign_get_request(client, bucket, key, options, &request),
                    "oss_presign_get_request", file, line)) {
        /* Both calls give the same URL when they signed at the same second
         * (always, when the options fix the signing time). */
        const char *request_url = oss_presigned_request_url(request);
        const char *date_a = strstr(url, "x-oss-date=");
        const char *date_b = request_url == NULL ? NULL : strstr(request_url, "x-oss-date=");
        if (check_true_at(date_a != NULL && date_b != NULL, "URLs carry x-oss-date", file, line)) {
            if (strncmp(date_a, date_b, 27) == 0) {
                check_str_eq_at(request_url, url, "oss_presign_get_request URL", file, line);
            } else {
                const char *query = strchr(url, '?');
                size_t path_len = query == NULL ? strlen(url) : (size_t)(query - url);
                check_true_at(strncmp(url, request_url, path_len) == 0,
                              "same URL path from both presign functions", file, line);
            }
        }
        oss_presigned_request_free(request);
    }
    check_contains_at(url, SECRET, false, "URL does not contain the secret", file, line);
    check_contains_at(url, "\r", false, "URL has no CR", file, line);
    check_contains_at(url, " ", false, "URL has no space", file, line);
    return url;
}
#define PRESIGN(client, bucket, key, options) \
    presign_at((client), (bucket), (key), (options), __FILE__, __LINE__)

/* Checks that presigning fails with `code` naming `needle`, through both
 * presign functions, leaving both outputs untouched. */
static void presign_fails_at(const oss_client *client, const char *bucket, const char *key,
                             const oss_get_options *options, oss_code code, const char *needle,
                             const char *file, int line) {
    char *url = SENTINEL;
    oss_presigned_request *request = SENTINEL;
    check_error_at(oss_presign_get(client, bucket, key, options, &url), code, needle,
                   "oss_presign_get", file, line);
    check_true_at(url == SENTINEL, "url_out untouched on failure", file, line);
    check_error_at(oss_presign_get_request(client, bucket, key, options, &request), code, needle,
                   "oss_presign_get_request", file, line);
    check_true_at(request == SENTINEL, "request_out untouched on failure", file, line);
}
#define PRESIGN_FAILS(client, bucket, key, options, code, needle) \
    presign_fails_at((client), (bucket), (key), (options), (code), (needle), __FILE__, __LINE__)

/* Checks the URL that `options` produce (with a fresh client) against a substring. */
static void url_contains_at(const oss_client *client, const oss_get_options *options,
                            const char *needle, bool wanted, const char *file, int line) {
    char *url = presign_at(client, "bucket", "key", options, file, line);
    if (url != NULL) {
        check_contains_at(url, needle, wanted, wanted ? "URL contains" : "URL does not contain",
                          file, line);
    }
    oss_string_free(url);
}
#define URL_CONTAINS(client, options, needle) \
    url_contains_at((client), (options), (needle), true, __FILE__, __LINE__)
#define URL_LACKS(client, options, needle) \
    url_contains_at((client), (options), (needle), false, __FILE__, __LINE__)

static char *repeat(const char *unit, size_t times) {
    size_t len = strlen(unit);
    char *s = malloc(len * times + 1);
    size_t i;
    if (s == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    for (i = 0; i < times; i++) {
        memcpy(s + i * len, unit, len);
    }
    s[len * times] = '\0';
    return s;
}

/* ------------------------------------------------------------------------ */

static void test_version_and_errors(void) {
    const char *version = oss_version();
    char expected[32];
    oss_error *error;

    CHECK_STR_EQ(version, OSS_PRESIGN_VERSION_STRING);
    snprintf(expected, sizeof expected, "%d.%d.%d", OSS_PRESIGN_VERSION_MAJOR,
             OSS_PRESIGN_VERSION_MINOR, OSS_PRESIGN_VERSION_PATCH);
    CHECK_STR_EQ(version, expected);
    CHECK(oss_version() == version); /* static, not a fresh allocation */

    CHECK_INT_EQ(oss_error_code(NULL), OSS_CODE_OK);
    CHECK(oss_error_message(NULL) != NULL);
    CHECK_STR_EQ(oss_error_message(NULL), "");
    oss_error_free(NULL);

    /* A real error: readable many times, the message stays put until freed. */
    error = oss_get_options_set_expires(NULL, 60);
    CHECK(error != NULL);
    CHECK_INT_EQ(oss_error_code(error), OSS_CODE_NULL_ARGUMENT);
    CHECK_INT_EQ(oss_error_code(error), OSS_CODE_NULL_ARGUMENT);
    CHECK(oss_error_message(error) == oss_error_message(error));
    CHECK_STR_EQ(oss_error_message(error), "options: must not be NULL");
    oss_error_free(error);

    /* Codes keep their documented values. */
    CHECK_INT_EQ(OSS_CODE_OK, 0);
    CHECK_INT_EQ(OSS_CODE_NULL_ARGUMENT, 1);
    CHECK_INT_EQ(OSS_CODE_INVALID_UTF8, 2);
    CHECK_INT_EQ(OSS_CODE_PANIC, 3);
    CHECK_INT_EQ(OSS_CODE_INTERNAL, 4);
    CHECK_INT_EQ(OSS_CODE_EMBEDDED_NUL, 5);
    CHECK_INT_EQ(OSS_CODE_INVALID_ARGUMENT, 100);
    CHECK_INT_EQ(OSS_CODE_INVALID_ENDPOINT, 101);
    CHECK_INT_EQ(OSS_CODE_INVALID_REGION, 102);
    CHECK_INT_EQ(OSS_CODE_INVALID_BUCKET, 103);
    CHECK_INT_EQ(OSS_CODE_INVALID_KEY, 104);
    CHECK_INT_EQ(OSS_CODE_INVALID_QUERY, 105);
    CHECK_INT_EQ(OSS_CODE_INVALID_HEADER, 106);
    CHECK_INT_EQ(OSS_CODE_INVALID_SIGNING_TIME, 107);
    CHECK_INT_EQ(OSS_CODE_LIMIT_EXCEEDED, 108);
    CHECK_INT_EQ(OSS_CODE_MISSING_CREDENTIALS, 200);
    CHECK_INT_EQ(OSS_CODE_INVALID_CREDENTIALS, 201);
    CHECK_INT_EQ(OSS_CODE_INVALID_EXPIRY, 300);
    CHECK_INT_EQ(OSS_CODE_INVALID_EXPIRATION, 301);

    /* The argument an error is about: static, so readable after the free. */
    {
        const char *argument;
        error = oss_get_options_set_expires(NULL, 60);
        argument = oss_error_argument(error);
        oss_error_free(error);
        CHECK_STR_EQ(argument, "options");
        CHECK_STR_EQ(oss_error_argument(NULL), "");
    }
}

static void test_bad_input_table(void) {
    const char *path = getenv("OSS_TEST_BAD_INPUTS");
    size_t rows;
    if (!CHECK(path != NULL)) {
        fprintf(stderr, "  set OSS_TEST_BAD_INPUTS to the path of tests/bad_inputs.tsv\n");
        return;
    }
    rows = bad_inputs_check_table(path);
    CHECK(rows > 100);
}

static void test_client_new(void) {
    static const char *const names[] = {"endpoint", "region", "access_key_id",
                                        "access_key_secret", "security_token"};
    const char *valid[5] = {ENDPOINT, REGION, "ak", SECRET, TOKEN};
    oss_client *client = SENTINEL;
    size_t i, j;

    /* NULL for each required string; the token may be NULL. */
    for (i = 0; i < 4; i++) {
        const char *args[5];
        memcpy(args, valid, sizeof args);
        args[i] = NULL;
        EXPECT_ERROR(oss_client_new(args[0], args[1], args[2], args[3], args[4], &client),
                     OSS_CODE_NULL_ARGUMENT, names[i]);
        CHECK(client == SENTINEL);
    }
    EXPECT_ERROR(oss_client_new(ENDPOINT, REGION, "ak", SECRET, NULL, NULL),
                 OSS_CODE_NULL_ARGUMENT, "client_out");
    EXPECT_ERROR(oss_client_new(NULL, NULL, NULL, NULL, NULL, NULL), OSS_CODE_NULL_ARGUMENT, NULL);

    /* Invalid UTF-8 for each of the five strings. */
    for (i = 0; i < 5; i++) {
        for (j = 0; j < BAD_UTF8_SAMPLES; j++) {
            const char *args[5];
            memcpy(args, valid, sizeof args);
            args[i] = bad_utf8_samples[j];
            EXPECT_ERROR(oss_client_new(args[0], args[1], args[2], args[3], args[4], &client),
                         OSS_CODE_INVALID_UTF8, names[i]);
            CHECK(client == SENTINEL);
        }
    }

    /* Bad endpoints, regions and credentials are rows of the table. */

    /* Accepted endpoint forms, and the URL prefix each gives. */
    {
        static const struct {
            const char *endpoint;
            const char *prefix;
        } good[] = {
            {ENDPOINT, "https://bucket.oss-cn-hangzhou.aliyuncs.com/key?"},
            {"https://" ENDPOINT "/", "https://bucket.oss-cn-hangzhou.aliyuncs.com/key?"},
            {"http://localhost:9000", "http://bucket.localhost:9000/key?"},
            {"HTTP://localhost:9000", "http://bucket.localhost:9000/key?"},
            {"10.0.0.1:8080", "https://10.0.0.1:8080/bucket/key?"},
            {"http://127.0.0.1", "http://127.0.0.1/bucket/key?"},
            {"http://[::1]:8080", "http://[::1]:8080/bucket/key?"},
            {"[2001:db8::1]", "https://[2001:db8::1]/bucket/key?"},
        };
        for (i = 0; i < ARRAY_LEN(good); i++) {
            oss_client *c = NEW_CLIENT(good[i].endpoint, SECRET, NULL);
            char *url = PRESIGN(c, "bucket", "key", NULL);
            CHECK(url != NULL && strncmp(url, good[i].prefix, strlen(good[i].prefix)) == 0);
            if (url != NULL && strncmp(url, good[i].prefix, strlen(good[i].prefix)) != 0) {
                fprintf(stderr, "  url %s\n  expected prefix %s\n", url, good[i].prefix);
            }
            oss_string_free(url);
            oss_client_free(c);
        }
    }

    /* With an STS token: it is signed into the URL, encoded. */
    {
        oss_client *c = NEW_CLIENT(ENDPOINT, SECRET, TOKEN);
        char *url = PRESIGN(c, "bucket", "key", NULL);
        CHECK_CONTAINS(url, "&x-oss-security-token=CAIS%2BTOKEN%2FVALUE%3D%3D&");
        oss_string_free(url);
        oss_client_free(c);
    }

    /* The input strings are copied: changing them afterwards changes nothing. */
    {
        char endpoint[] = "example.com";
        char secret[] = "sk";
        oss_client *c = NULL;
        oss_get_options *options = NEW_OPTIONS();
        char *before, *after;
        EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
        EXPECT_OK(oss_client_new(endpoint, REGION, "ak", secret, NULL, &c));
        before = PRESIGN(c, "bucket", "key", options);
        memset(endpoint, 'x', sizeof endpoint - 1);
        memset(secret, 'x', sizeof secret - 1);
        after = PRESIGN(c, "bucket", "key", options);
        CHECK_STR_EQ(after, before);
        CHECK_CONTAINS(after, "https://bucket.example.com/key?");
        oss_string_free(before);
        oss_string_free(after);
        oss_get_options_free(options);
        oss_client_free(c);
    }

    oss_client_free(NULL);
}

static void test_client_config(void) {
    oss_client_config *config = SENTINEL;
    oss_client *client = SENTINEL;
    size_t i;

    /* oss_client_config_new: NULL, invalid UTF-8, bad values. */
    EXPECT_ERROR(oss_client_config_new(NULL, REGION, &config), OSS_CODE_NULL_ARGUMENT, "endpoint");
    EXPECT_ERROR(oss_client_config_new(ENDPOINT, NULL, &config), OSS_CODE_NULL_ARGUMENT, "region");
    EXPECT_ERROR(oss_client_config_new(ENDPOINT, REGION, NULL), OSS_CODE_NULL_ARGUMENT,
                 "config_out");
    for (i = 0; i < BAD_UTF8_SAMPLES; i++) {
        EXPECT_ERROR(oss_client_config_new(bad_utf8_samples[i], REGION, &config),
                     OSS_CODE_INVALID_UTF8, "endpoint");
        EXPECT_ERROR(oss_client_config_new(ENDPOINT, bad_utf8_samples[i], &config),
                     OSS_CODE_INVALID_UTF8, "region");
    }
    /* The rules are oss_client_new's (the table's rows); one of each here. */
    EXPECT_ERROR(oss_client_config_new("a b", REGION, &config), OSS_CODE_INVALID_ENDPOINT,
                 "endpoint");
    EXPECT_ERROR(oss_client_config_new(ENDPOINT, "Cn", &config), OSS_CODE_INVALID_REGION,
                 "region");
    CHECK(config == SENTINEL);

    /* Every setter with a NULL configuration. */
    EXPECT_ERROR(oss_client_config_set_credentials(NULL, "ak", SECRET, NULL),
                 OSS_CODE_NULL_ARGUMENT, "config");
    EXPECT_ERROR(oss_client_config_set_credentials_from_env(NULL), OSS_CODE_NULL_ARGUMENT,
                 "config");
    EXPECT_ERROR(oss_client_config_set_path_style(NULL, true), OSS_CODE_NULL_ARGUMENT, "config");
    EXPECT_ERROR(oss_client_config_set_custom_domain(NULL, true), OSS_CODE_NULL_ARGUMENT,
                 "config");
    EXPECT_ERROR(oss_client_config_set_cloudbox_id(NULL, "cb-1"), OSS_CODE_NULL_ARGUMENT,
                 "config");
    EXPECT_ERROR(oss_client_new_from_config(NULL, &client), OSS_CODE_NULL_ARGUMENT, "config");
    CHECK(client == SENTINEL);

    config = NULL;
    EXPECT_OK(oss_client_config_new("http://e.com:8080", REGION, &config));
    CHECK(config != NULL);

    /* No credentials yet. */
    EXPECT_ERROR(oss_client_new_from_config(config, &client), OSS_CODE_MISSING_CREDENTIALS,
                 "credentials");
    EXPECT_ERROR(oss_client_new_from_config(config, NULL), OSS_CODE_NULL_ARGUMENT, "client_out");
    CHECK(client == SENTINEL);

    /* Credentials: NULL, invalid UTF-8, empty. */
    EXPECT_ERROR(oss_client_config_set_credentials(config, NULL, SECRET, NULL),
                 OSS_CODE_NULL_ARGUMENT, "access_key_id");
    EXPECT_ERROR(oss_client_config_set_credentials(config, "ak", NULL, NULL),
                 OSS_CODE_NULL_ARGUMENT, "access_key_secret");
    for (i = 0; i < BAD_UTF8_SAMPLES; i++) {
        const char *bad = bad_utf8_samples[i];
        EXPECT_ERROR(oss_client_config_set_credentials(config, bad, SECRET, NULL),
                     OSS_CODE_INVALID_UTF8, "access_key_id");
        EXPECT_ERROR(oss_client_config_set_credentials(config, "ak", bad, NULL),
                     OSS_CODE_INVALID_UTF8, "access_key_secret");
        EXPECT_ERROR(oss_client_config_set_credentials(config, "ak", SECRET, bad),
                     OSS_CODE_INVALID_UTF8, "security_token");
    }
    EXPECT_ERROR(oss_client_config_set_credentials(config, "", SECRET, NULL),
                 OSS_CODE_MISSING_CREDENTIALS, "access_key_id");
    EXPECT_ERROR(oss_client_config_set_credentials(config, "ak", "", NULL),
                 OSS_CODE_MISSING_CREDENTIALS, "access_key_secret");
    EXPECT_ERROR(oss_client_config_set_credentials(config, "ak", SECRET, ""),
                 OSS_CODE_INVALID_CREDENTIALS, "security_token");
    /* None of those failures set credentials. */
    EXPECT_ERROR(oss_client_new_from_config(config, &client), OSS_CODE_MISSING_CREDENTIALS,
                 "credentials");
    CHECK(client == SENTINEL);

    /* CloudBox id: NULL, invalid UTF-8 (bad values are rows of the table). */
    EXPECT_ERROR(oss_client_config_set_cloudbox_id(config, NULL), OSS_CODE_NULL_ARGUMENT,
                 "cloudbox_id");
    for (i = 0; i < BAD_UTF8_SAMPLES; i++) {
        EXPECT_ERROR(oss_client_config_set_cloudbox_id(config, bad_utf8_samples[i]),
                     OSS_CODE_INVALID_UTF8, "cloudbox_id");
    }

    /* Path style, with an STS token. */
    EXPECT_OK(oss_client_config_set_credentials(config, "ak", SECRET, TOKEN));
    EXPECT_OK(oss_client_config_set_path_style(config, true));
    client = NULL;
    EXPECT_OK(oss_client_new_from_config(config, &client));
    {
        char *url = PRESIGN(client, "bucket", "a b.txt", NULL);
        CHECK(url != NULL && strncmp(url, "http://e.com:8080/bucket/a%20b.txt?", 35) == 0);
        CHECK_CONTAINS(url, "&x-oss-security-token=CAIS%2BTOKEN%2FVALUE%3D%3D&");
        oss_string_free(url);
    }
    oss_client_free(client);

    /* Custom domain wins over path style; the bucket is still required. */
    EXPECT_OK(oss_client_config_set_custom_domain(config, true));
    client = NULL;
    EXPECT_OK(oss_client_new_from_config(config, &client));
    {
        char *url = PRESIGN(client, "bucket", "a", NULL);
        CHECK(url != NULL && strncmp(url, "http://e.com:8080/a?", 20) == 0);
        oss_string_free(url);
        PRESIGN_FAILS(client, "", "a", NULL, OSS_CODE_INVALID_BUCKET, "bucket");
    }
    oss_client_free(client);

    /* Back to virtual-hosted, signing for a CloudBox. */
    EXPECT_OK(oss_client_config_set_custom_domain(config, false));
    EXPECT_OK(oss_client_config_set_path_style(config, false));
    EXPECT_OK(oss_client_config_set_cloudbox_id(config, "cb-f8z7yvzgwfkl9q0h"));
    client = NULL;
    EXPECT_OK(oss_client_new_from_config(config, &client));
    /* The configuration is not consumed and clients outlive it. */
    oss_client_config_free(config);
    {
        char *url = PRESIGN(client, "bucket", "a", NULL);
        CHECK(url != NULL && strncmp(url, "http://bucket.e.com:8080/a?", 27) == 0);
        CHECK_CONTAINS(url, "%2Fcb-f8z7yvzgwfkl9q0h%2Foss-cloudbox%2Faliyun_v4_request&");
        oss_string_free(url);
    }
    oss_client_free(client);

    /* One configuration builds several independent clients. */
    config = NULL;
    EXPECT_OK(oss_client_config_new(ENDPOINT, REGION, &config));
    EXPECT_OK(oss_client_config_set_credentials(config, "ak", "sk", NULL));
    {
        oss_client *a = NULL, *b = NULL;
        oss_get_options *options = NEW_OPTIONS();
        char *url_a, *url_b;
        EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
        EXPECT_OK(oss_get_options_set_expires(options, G1_EXPIRES));
        EXPECT_OK(oss_client_new_from_config(config, &a));
        EXPECT_OK(oss_client_new_from_config(config, &b));
        CHECK(a != NULL && b != NULL && a != b);
        url_a = PRESIGN(a, "examplebucket", "exampleobject.txt", options);
        oss_client_free(a);
        url_b = PRESIGN(b, "examplebucket", "exampleobject.txt", options);
        CHECK_STR_EQ(url_a, G1_URL);
        CHECK_STR_EQ(url_b, G1_URL);
        oss_string_free(url_a);
        oss_string_free(url_b);
        oss_client_free(b);
        oss_get_options_free(options);
    }
    oss_client_config_free(config);
    oss_client_config_free(NULL);
}

static void test_credentials_from_env(void) {
    oss_client_config *config = NULL;
    oss_client *client = SENTINEL;

    EXPECT_OK(oss_client_config_new(ENDPOINT, REGION, &config));

    unsetenv("OSS_ACCESS_KEY_ID");
    unsetenv("OSS_ACCESS_KEY_SECRET");
    unsetenv("OSS_SESSION_TOKEN");
    EXPECT_ERROR(oss_client_config_set_credentials_from_env(config), OSS_CODE_MISSING_CREDENTIALS,
                 "OSS_ACCESS_KEY_ID");
    setenv("OSS_ACCESS_KEY_ID", "", 1);
    EXPECT_ERROR(oss_client_config_set_credentials_from_env(config), OSS_CODE_MISSING_CREDENTIALS,
                 "OSS_ACCESS_KEY_ID");
    setenv("OSS_ACCESS_KEY_ID", "env-ak", 1);
    EXPECT_ERROR(oss_client_config_set_credentials_from_env(config), OSS_CODE_MISSING_CREDENTIALS,
                 "OSS_ACCESS_KEY_SECRET");
    setenv("OSS_ACCESS_KEY_SECRET", "", 1);
    EXPECT_ERROR(oss_client_config_set_credentials_from_env(config), OSS_CODE_MISSING_CREDENTIALS,
                 "OSS_ACCESS_KEY_SECRET");
    /* A variable that is not UTF-8 is refused and named, never skipped. */
    setenv("OSS_ACCESS_KEY_SECRET", BAD_UTF8, 1);
    EXPECT_ERROR(oss_client_config_set_credentials_from_env(config), OSS_CODE_INVALID_UTF8,
                 "OSS_ACCESS_KEY_SECRET");
    setenv("OSS_ACCESS_KEY_SECRET", ENV_SECRET, 1);
    setenv("OSS_SESSION_TOKEN", "tok" BAD_UTF8, 1);
    EXPECT_ERROR(oss_client_config_set_credentials_from_env(config), OSS_CODE_INVALID_UTF8,
                 "OSS_SESSION_TOKEN");
    unsetenv("OSS_SESSION_TOKEN");
    unsetenv("OSS_ACCESS_KEY_SECRET");
    /* Still no credentials after those failures. */
    EXPECT_ERROR(oss_client_new_from_config(config, &client), OSS_CODE_MISSING_CREDENTIALS,
                 "credentials");
    CHECK(client == SENTINEL);

    /* Long-term keys; an empty token variable means none. */
    setenv("OSS_ACCESS_KEY_SECRET", ENV_SECRET, 1);
    setenv("OSS_SESSION_TOKEN", "", 1);
    EXPECT_OK(oss_client_config_set_credentials_from_env(config));
    client = NULL;
    EXPECT_OK(oss_client_new_from_config(config, &client));
    {
        char *url = PRESIGN(client, "bucket", "key", NULL);
        CHECK_CONTAINS(url, "x-oss-credential=env-ak%2F");
        CHECK_NOT_CONTAINS(url, "x-oss-security-token");
        CHECK_NOT_CONTAINS(url, ENV_SECRET);
        oss_string_free(url);
    }
    oss_client_free(client);

    /* With a token. The variables are read once: later changes do not matter. */
    setenv("OSS_SESSION_TOKEN", ENV_TOKEN, 1);
    EXPECT_OK(oss_client_config_set_credentials_from_env(config));
    unsetenv("OSS_ACCESS_KEY_ID");
    unsetenv("OSS_ACCESS_KEY_SECRET");
    unsetenv("OSS_SESSION_TOKEN");
    client = NULL;
    EXPECT_OK(oss_client_new_from_config(config, &client));
    {
        char *url = PRESIGN(client, "bucket", "key", NULL);
        CHECK_CONTAINS(url, "x-oss-credential=env-ak%2F");
        CHECK_CONTAINS(url, "&x-oss-security-token=ENV%2BTOKEN%2FVALUE%3D%3D&");
        oss_string_free(url);
    }
    oss_client_free(client);
    oss_client_config_free(config);
}

typedef oss_error *(*text_setter)(oss_get_options *, const char *);
typedef oss_error *(*pair_setter)(oss_get_options *, const char *, const char *);

static void test_get_options_setters(void) {
    static const struct {
        text_setter set;
        const char *argument;
        const char *query; /* the query parameter it sets */
    } text_setters[] = {
        {oss_get_options_set_version_id, "version_id", "versionId"},
        {oss_get_options_set_response_content_type, "response_content_type", "response-content-type"},
        {oss_get_options_set_response_content_disposition, "response_content_disposition",
         "response-content-disposition"},
        {oss_get_options_set_response_cache_control, "response_cache_control", "response-cache-control"},
        {oss_get_options_set_response_content_encoding, "response_content_encoding", "response-content-encoding"},
        {oss_get_options_set_response_content_language, "response_content_language", "response-content-language"},
        {oss_get_options_set_response_expires, "response_expires", "response-expires"},
        {oss_get_options_set_process, "process", "x-oss-process"},
    };
    static const pair_setter pair_setters[] = {oss_get_options_add_query,
                                               oss_get_options_add_header};
    oss_client *client = NEW_CLIENT(ENDPOINT, SECRET, NULL);
    oss_get_options *options = NEW_OPTIONS();
    size_t i, j;

    for (i = 0; i < ARRAY_LEN(text_setters); i++) {
        char expected[128];
        EXPECT_ERROR(text_setters[i].set(NULL, "v"), OSS_CODE_NULL_ARGUMENT, "options");
        EXPECT_ERROR(text_setters[i].set(options, NULL), OSS_CODE_NULL_ARGUMENT,
                     text_setters[i].argument);
        for (j = 0; j < BAD_UTF8_SAMPLES; j++) {
            EXPECT_ERROR(text_setters[i].set(options, bad_utf8_samples[j]), OSS_CODE_INVALID_UTF8,
                         text_setters[i].argument);
        }
        /* Each one adds its own query parameter; a later value replaces it. */
        EXPECT_OK(text_setters[i].set(options, "first"));
        EXPECT_OK(text_setters[i].set(options, "a b/c+d"));
        snprintf(expected, sizeof expected, "%s=a%%20b%%2Fc%%2Bd", text_setters[i].query);
        URL_CONTAINS(client, options, expected);
        snprintf(expected, sizeof expected, "%s=first", text_setters[i].query);
        URL_LACKS(client, options, expected);
        /* A failing setter leaves the earlier value. */
        EXPECT_ERROR(text_setters[i].set(options, ""), OSS_CODE_INVALID_QUERY,
                     text_setters[i].argument);
        snprintf(expected, sizeof expected, "%s=a%%20b%%2Fc%%2Bd", text_setters[i].query);
        URL_CONTAINS(client, options, expected);
    }
    oss_get_options_free(options);
    options = NEW_OPTIONS();

    for (i = 0; i < ARRAY_LEN(pair_setters); i++) {
        EXPECT_ERROR(pair_setters[i](NULL, "n", "v"), OSS_CODE_NULL_ARGUMENT, "options");
        EXPECT_ERROR(pair_setters[i](options, NULL, "v"), OSS_CODE_NULL_ARGUMENT, "name");
        EXPECT_ERROR(pair_setters[i](options, "n", NULL), OSS_CODE_NULL_ARGUMENT, "value");
        for (j = 0; j < BAD_UTF8_SAMPLES; j++) {
            EXPECT_ERROR(pair_setters[i](options, bad_utf8_samples[j], "v"),
                         OSS_CODE_INVALID_UTF8, "name");
            EXPECT_ERROR(pair_setters[i](options, "n", bad_utf8_samples[j]),
                         OSS_CODE_INVALID_UTF8, "value");
        }
    }

    /* Lifetime: 1..=604800 seconds (values outside are rows of the table). */
    EXPECT_ERROR(oss_get_options_set_expires(NULL, 60), OSS_CODE_NULL_ARGUMENT, "options");
    EXPECT_OK(oss_get_options_set_expires(options, 1));
    EXPECT_OK(oss_get_options_set_expires(options, 604800));
    URL_CONTAINS(client, options, "&x-oss-expires=604800&");
    EXPECT_OK(oss_get_options_set_expires(options, 60));
    EXPECT_ERROR(oss_get_options_set_expires(options, 0), OSS_CODE_INVALID_EXPIRY, "expires");
    URL_CONTAINS(client, options, "&x-oss-expires=60&");

    /* Absolute expiration and signing time: 1970..9999 (the table has the
     * values outside). */
    EXPECT_ERROR(oss_get_options_set_expiration(NULL, G1_TIME), OSS_CODE_NULL_ARGUMENT, "options");
    EXPECT_ERROR(oss_get_options_set_signing_time(NULL, G1_TIME), OSS_CODE_NULL_ARGUMENT,
                 "options");
    EXPECT_OK(oss_get_options_set_signing_time(options, 0));
    URL_CONTAINS(client, options, "&x-oss-date=19700101T000000Z&");
    EXPECT_OK(oss_get_options_set_signing_time(options, INT64_C(253402300799)));
    URL_CONTAINS(client, options, "&x-oss-date=99991231T235959Z&");
    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    EXPECT_ERROR(oss_get_options_set_signing_time(options, -1), OSS_CODE_INVALID_SIGNING_TIME,
                 "signing_time");
    URL_CONTAINS(client, options, "&x-oss-date=20240102T030405Z&");

    /* Traffic limit: 819200..=838860800 bit/s. */
    EXPECT_ERROR(oss_get_options_set_traffic_limit(NULL, 819200), OSS_CODE_NULL_ARGUMENT,
                 "options");
    EXPECT_OK(oss_get_options_set_traffic_limit(options, 838860800));
    EXPECT_OK(oss_get_options_set_traffic_limit(options, 819200));
    URL_CONTAINS(client, options, "x-oss-traffic-limit=819200");
    URL_LACKS(client, options, "838860800");

    /* Query parameters: a name may appear once (the table has the reserved
     * and empty names). */
    EXPECT_OK(oss_get_options_add_query(options, "empty", ""));
    EXPECT_OK(oss_get_options_add_query(options, "a b", "\xe5\xad\x90+/="));
    EXPECT_ERROR(oss_get_options_add_query(options, "empty", "2"), OSS_CODE_INVALID_QUERY,
                 "query name");
    URL_CONTAINS(client, options, "a%20b=%E5%AD%90%2B%2F%3D&");
    URL_CONTAINS(client, options, "&empty&");
    URL_LACKS(client, options, "empty=2");

    /* Headers: a name may be added once, in any case (the table has the
     * injections, non-token names and bad values). */
    EXPECT_OK(oss_get_options_add_header(options, "Content-Type", "text/plain"));
    EXPECT_OK(oss_get_options_add_header(options, "X-Token!#$%&'*+.^_`|~", "a\tb"));
    EXPECT_ERROR(oss_get_options_add_header(options, "content-type", "x"),
                 OSS_CODE_INVALID_HEADER, "header name");
    EXPECT_ERROR(oss_get_options_add_header(options, "CONTENT-TYPE", "x"),
                 OSS_CODE_INVALID_HEADER, "header name");

    /* None of the failures above changed the options. */
    {
        oss_presigned_request *request = NULL;
        EXPECT_OK(oss_presign_get_request(client, "bucket", "key", options, &request));
        CHECK_INT_EQ(oss_presigned_request_header_count(request), 2);
        CHECK_INT_EQ(oss_presigned_request_signing_time(request), G1_TIME);
        CHECK_INT_EQ(oss_presigned_request_expiration(request), G1_TIME + 60);
        {
            const char *name = NULL, *value = NULL;
            EXPECT_OK(oss_presigned_request_header(request, 0, &name, &value));
            CHECK_STR_EQ(name, "Content-Type");
            CHECK_STR_EQ(value, "text/plain");
            EXPECT_OK(oss_presigned_request_header(request, 1, &name, &value));
            CHECK_STR_EQ(name, "X-Token!#$%&'*+.^_`|~");
            CHECK_STR_EQ(value, "a\tb");
        }
        oss_presigned_request_free(request);
    }

    oss_get_options_free(options);
    oss_get_options_free(NULL);
    oss_client_free(client);
}

/* A presign function returning the URL, and one returning the request. */
typedef oss_error *(*presign_url_fn)(const oss_client *, const char *, const char *,
                                     const oss_get_options *, char **);
typedef oss_error *(*presign_request_fn)(const oss_client *, const char *, const char *,
                                         const oss_get_options *, oss_presigned_request **);

/* NULL for each pointer and invalid UTF-8 for each string, through a pair of
 * presign functions (GET or HEAD): refused, naming the argument, with the
 * outputs untouched. */
static void check_presign_refusals(const oss_client *client, const oss_get_options *options,
                                   presign_url_fn url_fn, presign_request_fn request_fn) {
    char *url = SENTINEL;
    oss_presigned_request *request = SENTINEL;
    size_t i;

    EXPECT_ERROR(url_fn(NULL, "bucket", "key", options, &url), OSS_CODE_NULL_ARGUMENT, "client");
    EXPECT_ERROR(url_fn(client, NULL, "key", options, &url), OSS_CODE_NULL_ARGUMENT, "bucket");
    EXPECT_ERROR(url_fn(client, "bucket", NULL, options, &url), OSS_CODE_NULL_ARGUMENT, "key");
    EXPECT_ERROR(url_fn(client, "bucket", "key", options, NULL), OSS_CODE_NULL_ARGUMENT, "url_out");
    EXPECT_ERROR(request_fn(NULL, "bucket", "key", options, &request), OSS_CODE_NULL_ARGUMENT,
                 "client");
    EXPECT_ERROR(request_fn(client, NULL, "key", options, &request), OSS_CODE_NULL_ARGUMENT,
                 "bucket");
    EXPECT_ERROR(request_fn(client, "bucket", NULL, options, &request), OSS_CODE_NULL_ARGUMENT,
                 "key");
    EXPECT_ERROR(request_fn(client, "bucket", "key", options, NULL), OSS_CODE_NULL_ARGUMENT,
                 "request_out");
    for (i = 0; i < BAD_UTF8_SAMPLES; i++) {
        EXPECT_ERROR(url_fn(client, bad_utf8_samples[i], "key", options, &url),
                     OSS_CODE_INVALID_UTF8, "bucket");
        EXPECT_ERROR(url_fn(client, "bucket", bad_utf8_samples[i], options, &url),
                     OSS_CODE_INVALID_UTF8, "key");
        EXPECT_ERROR(request_fn(client, bad_utf8_samples[i], "key", options, &request),
                     OSS_CODE_INVALID_UTF8, "bucket");
        EXPECT_ERROR(request_fn(client, "bucket", bad_utf8_samples[i], options, &request),
                     OSS_CODE_INVALID_UTF8, "key");
    }
    CHECK(url == SENTINEL);
    CHECK(request == SENTINEL);
}

static void test_presign_arguments(void) {
    oss_client *client = NEW_CLIENT(ENDPOINT, SECRET, TOKEN);
    oss_get_options *options = NEW_OPTIONS();
    char *url = SENTINEL;
    oss_presigned_request *request = SENTINEL;
    size_t i;

    /* NULL for each pointer, invalid UTF-8 for each string, in both functions. */
    check_presign_refusals(client, options, oss_presign_get, oss_presign_get_request);
    for (i = 0; i < BAD_UTF8_SAMPLES; i++) {
        PRESIGN_FAILS(client, bad_utf8_samples[i], "key", options, OSS_CODE_INVALID_UTF8,
                      "bucket");
        PRESIGN_FAILS(client, "bucket", bad_utf8_samples[i], options, OSS_CODE_INVALID_UTF8,
                      "key");
    }
    CHECK(url == SENTINEL);
    CHECK(request == SENTINEL);

    /* Bucket names at the edges of the rules (the table has the bad ones;
     * oss_presign_get_request shares oss_presign_get's checks). */
    PRESIGN_FAILS(client, "ab", "key", options, OSS_CODE_INVALID_BUCKET, "bucket");
    {
        char *max_bucket = repeat("b", 63);
        {
            const char *good_buckets[] = {"abc", "123", "a-b-1", max_bucket};
            for (i = 0; i < ARRAY_LEN(good_buckets); i++) {
                char *u = PRESIGN(client, good_buckets[i], "key", options);
                CHECK(u != NULL);
                oss_string_free(u);
            }
        }
        free(max_bucket);
    }

    /* Keys at the edges of the rules (the table has the bad ones). */
    PRESIGN_FAILS(client, "bucket", "a/../b", options, OSS_CODE_INVALID_KEY, "key");
    {
        char *max_key = repeat("k", 1023);
        char *max_wide_key = repeat("\xe5\xad\x90", 341); /* 1023 bytes */
        const char *good_keys[] = {max_key, max_wide_key, "a//b", "...", ".hidden", "a/.b/..c"};
        for (i = 0; i < ARRAY_LEN(good_keys); i++) {
            char *u = PRESIGN(client, "bucket", good_keys[i], options);
            CHECK(u != NULL);
            oss_string_free(u);
        }
        free(max_key);
        free(max_wide_key);
    }

    /* Absolute expiration: must be 1 s to 7 days after the signing time. */
    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    {
        const int64_t bad[] = {G1_TIME - 1, G1_TIME, G1_TIME + 604801, G1_TIME - 604800, 0};
        for (i = 0; i < ARRAY_LEN(bad); i++) {
            EXPECT_OK(oss_get_options_set_expiration(options, bad[i]));
            PRESIGN_FAILS(client, "bucket", "key", options, OSS_CODE_INVALID_EXPIRATION, "expiration");
        }
    }
    EXPECT_OK(oss_get_options_set_expiration(options, G1_TIME + 604800));
    URL_CONTAINS(client, options, "&x-oss-expires=604800&");
    EXPECT_OK(oss_get_options_set_expiration(options, G1_TIME + 1));
    URL_CONTAINS(client, options, "&x-oss-expires=1&");
    /* The expiration wins over a lifetime, whatever the order. */
    EXPECT_OK(oss_get_options_set_expires(options, 60));
    URL_CONTAINS(client, options, "&x-oss-expires=1&");
    oss_get_options_free(options);

    /* An expiration in the past, signed now. */
    options = NEW_OPTIONS();
    EXPECT_OK(oss_get_options_set_expiration(options, (int64_t)time(NULL) - 60));
    PRESIGN_FAILS(client, "bucket", "key", options, OSS_CODE_INVALID_EXPIRATION, "expiration");
    EXPECT_OK(oss_get_options_set_expiration(options, (int64_t)time(NULL) + 8 * 86400));
    PRESIGN_FAILS(client, "bucket", "key", options, OSS_CODE_INVALID_EXPIRATION, "expiration");
    EXPECT_OK(oss_get_options_set_expiration(options, (int64_t)time(NULL) + 3600));
    {
        oss_presigned_request *r = NULL;
        int64_t now = (int64_t)time(NULL);
        EXPECT_OK(oss_presign_get_request(client, "bucket", "key", options, &r));
        CHECK(oss_presigned_request_signing_time(r) >= now - 5 &&
              oss_presigned_request_signing_time(r) <= now + 5);
        CHECK(oss_presigned_request_expiration(r) >= now + 3600 - 5 &&
              oss_presigned_request_expiration(r) <= now + 3600 + 5);
        oss_presigned_request_free(r);
    }
    oss_get_options_free(options);

    /* NULL options: signed now, for 900 s. */
    {
        oss_presigned_request *r = NULL;
        int64_t now = (int64_t)time(NULL);
        EXPECT_OK(oss_presign_get_request(client, "bucket", "key", NULL, &r));
        CHECK(oss_presigned_request_signing_time(r) >= now - 5 &&
              oss_presigned_request_signing_time(r) <= now + 5);
        CHECK_INT_EQ(oss_presigned_request_expiration(r), oss_presigned_request_signing_time(r) + 900);
        CHECK_INT_EQ(oss_presigned_request_header_count(r), 0);
        CHECK_CONTAINS(oss_presigned_request_url(r), "&x-oss-expires=900&");
        oss_presigned_request_free(r);
    }
    oss_client_free(client);
}

static void test_known_answers(void) {
    oss_client *client = NEW_CLIENT(ENDPOINT, "sk", NULL);
    oss_get_options *options = NEW_OPTIONS();
    oss_presigned_request *request = NULL;
    char *url;

    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    EXPECT_OK(oss_get_options_set_expires(options, G1_EXPIRES));

    /* Vector G1, the worked example: the signature comes from Alibaba's SDK. */
    url = PRESIGN(client, "examplebucket", "exampleobject.txt", options);
    CHECK_STR_EQ(url, G1_URL);
    EXPECT_OK(oss_presign_get_request(client, "examplebucket", "exampleobject.txt", options,
                                      &request));
    CHECK_STR_EQ(oss_presigned_request_url(request), url);
    CHECK_STR_EQ(oss_presigned_request_method(request), "GET");
    CHECK_INT_EQ(oss_presigned_request_signing_time(request), G1_TIME);
    CHECK_INT_EQ(oss_presigned_request_expiration(request), G1_TIME + 3600);
    CHECK_INT_EQ(oss_presigned_request_header_count(request), 0);
    oss_presigned_request_free(request);
    oss_string_free(url);

    /* Vector G2: a key with a space, '+', CJK and sub-delimiters (SDK value). */
    url = PRESIGN(client, "examplebucket", "dir/\xe5\xad\x90\xe7\x9b\xae\xe5\xbd\x95/a b+c~!*'().txt",
                  options);
    CHECK(url != NULL &&
          strncmp(url,
                  "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/"
                  "dir/%E5%AD%90%E7%9B%AE%E5%BD%95/a%20b%2Bc~%21%2A%27%28%29.txt?",
                  113) == 0);
    CHECK_CONTAINS(url, "&x-oss-signature="
                        "417a78220b1fb38b2655b8c9ee0433d558649de0e980eeaf54d5a2da875b1886");
    oss_string_free(url);

    /* A different secret gives a different signature for the same request. */
    {
        oss_client *other = NEW_CLIENT(ENDPOINT, SECRET, NULL);
        url = PRESIGN(other, "examplebucket", "exampleobject.txt", options);
        CHECK(url != NULL && strcmp(url, G1_URL) != 0);
        CHECK_NOT_CONTAINS(url, "0e8a63b97cdaf20d0510524d7cdb6ab454c19d5bd18535fef162617d34682898");
        oss_string_free(url);
        oss_client_free(other);
    }
    oss_get_options_free(options);
    oss_client_free(client);
}

/* oss_presign_head and oss_presign_head_request: the known answers of
 * Alibaba's SDK, the same options and checks as a GET, and the same refusals
 * with outputs untouched (the bad-input table runs its presign rows through
 * both as well). */
static void test_presign_head(void) {
    oss_client *client = NEW_CLIENT(ENDPOINT, "sk", NULL);
    oss_get_options *options = NEW_OPTIONS();
    oss_presigned_request *request = SENTINEL;
    char *url = SENTINEL;

    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    EXPECT_OK(oss_get_options_set_expires(options, G1_EXPIRES));

    /* Vector HD1. */
    EXPECT_OK(oss_presign_head(client, "examplebucket", "exampleobject.txt", options, &url));
    CHECK_STR_EQ(url, HD1_URL);
    oss_string_free(url);
    EXPECT_OK(oss_presign_head_request(client, "examplebucket", "exampleobject.txt", options,
                                       &request));
    CHECK_STR_EQ(oss_presigned_request_url(request), HD1_URL);
    CHECK_STR_EQ(oss_presigned_request_method(request), "HEAD");
    CHECK_INT_EQ(oss_presigned_request_signing_time(request), G1_TIME);
    CHECK_INT_EQ(oss_presigned_request_expiration(request), G1_TIME + 3600);
    CHECK_INT_EQ(oss_presigned_request_header_count(request), 0);
    oss_presigned_request_free(request);

    /* Vector HD3: a signed If-Match (listed) and x-oss-meta-* header. */
    EXPECT_OK(oss_get_options_add_header(options, "If-Match", "\"5B3C1A2E053D763E1B002CC607C5A0FE\""));
    EXPECT_OK(oss_get_options_add_header(options, "x-oss-meta-owner", "alice"));
    request = NULL;
    EXPECT_OK(oss_presign_head_request(client, "examplebucket", "video/movie.mp4", options, &request));
    CHECK_CONTAINS(oss_presigned_request_url(request), "?x-oss-additional-headers=if-match&");
    CHECK_CONTAINS(oss_presigned_request_url(request),
                   "&x-oss-signature="
                   "e79d1a6cbc1ad0a57f64a9c1cfd971deada12c3c83a3a93138930c8311a2cb6b");
    CHECK_INT_EQ(oss_presigned_request_header_count(request), 2);
    oss_presigned_request_free(request);
    oss_get_options_free(options);
    options = NULL;

    /* NULL for each pointer, invalid UTF-8 for each string. */
    check_presign_refusals(client, options, oss_presign_head, oss_presign_head_request);
    url = SENTINEL;
    request = SENTINEL;
    /* The rules of a GET, e.g. a '..' segment and a URL over OSS_MAX_URL_BYTES. */
    EXPECT_ERROR(oss_presign_head(client, "bucket", "a/../b", options, &url), OSS_CODE_INVALID_KEY,
                 "key");
    options = NEW_OPTIONS();
    {
        char *long_version = repeat("%", OSS_MAX_ARGUMENT_BYTES);
        EXPECT_OK(oss_get_options_set_version_id(options, long_version));
        free(long_version);
    }
    EXPECT_ERROR(oss_presign_head_request(client, "bucket", "key", options, &request),
                 OSS_CODE_LIMIT_EXCEEDED, "url");
    CHECK(url == SENTINEL);
    CHECK(request == SENTINEL);

    oss_get_options_free(options);
    oss_client_free(client);
}

/* A client that changes while it serves: the server's time, replaced
 * credentials, their expiration, and the options that bound or stabilise a
 * URL's lifetime. */
static void test_live_client(void) {
    oss_client *client = NEW_CLIENT(ENDPOINT, SECRET, NULL);
    oss_get_options *options = NEW_OPTIONS();
    oss_presigned_request *request = NULL;
    int64_t now = (int64_t)time(NULL);

    /* Clock skew: the server is an hour ahead of this machine. */
    CHECK_INT_EQ(oss_client_clock_offset(client), 0);
    CHECK_INT_EQ(oss_client_clock_offset(NULL), 0);
    EXPECT_ERROR(oss_client_set_server_time(NULL, now), OSS_CODE_NULL_ARGUMENT, "client");
    EXPECT_ERROR(oss_client_set_server_time(client, -1), OSS_CODE_INVALID_SIGNING_TIME,
                 "server_unix_seconds");
    /* No genuine OSS answer is dated before the library or after 2099: a
     * cached 2024 answer and a forged far future are refused. */
    EXPECT_ERROR(oss_client_set_server_time(client, G1_TIME), OSS_CODE_INVALID_SIGNING_TIME,
                 "server_unix_seconds");
    EXPECT_ERROR(oss_client_set_server_time(client, OSS_MIN_SERVER_UNIX_SECONDS - 1),
                 OSS_CODE_INVALID_SIGNING_TIME, "server_unix_seconds");
    EXPECT_ERROR(oss_client_set_server_time(client, OSS_MAX_SERVER_UNIX_SECONDS + 1),
                 OSS_CODE_INVALID_SIGNING_TIME, "server_unix_seconds");
    CHECK_INT_EQ(oss_client_clock_offset(client), 0);
    EXPECT_OK(oss_client_set_server_time(client, now + 3600));
    CHECK(oss_client_clock_offset(client) >= 3595 && oss_client_clock_offset(client) <= 3605);
    EXPECT_OK(oss_presign_get_request(client, "bucket", "key", NULL, &request));
    CHECK(oss_presigned_request_signing_time(request) >= now + 3595 &&
          oss_presigned_request_signing_time(request) <= now + 3605);
    oss_presigned_request_free(request);

    /* Rotation: a new key id, token and secret for every later presign. */
    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    EXPECT_OK(oss_get_options_set_expires(options, G1_EXPIRES));
    EXPECT_ERROR(oss_client_set_credentials(NULL, "ak", "sk", NULL, 0), OSS_CODE_NULL_ARGUMENT,
                 "client");
    EXPECT_ERROR(oss_client_set_credentials(client, NULL, "sk", NULL, 0), OSS_CODE_NULL_ARGUMENT,
                 "access_key_id");
    EXPECT_ERROR(oss_client_set_credentials(client, "ak", "", NULL, 0),
                 OSS_CODE_MISSING_CREDENTIALS, "access_key_secret");
    EXPECT_ERROR(oss_client_set_credentials(client, "ak", "sk", BAD_UTF8, 0),
                 OSS_CODE_INVALID_UTF8, "security_token");
    EXPECT_ERROR(oss_client_set_credentials(client, "ak", "sk", NULL, -5),
                 OSS_CODE_INVALID_CREDENTIALS, "expiration");
    {
        /* The failures above left the first credentials in place. */
        char *url = PRESIGN(client, "bucket", "key", options);
        CHECK_CONTAINS(url, "x-oss-credential=ak%2F");
        oss_string_free(url);
    }
    EXPECT_OK(oss_client_set_credentials(client, "ak", "sk", NULL, 0));
    {
        char *url = PRESIGN(client, "examplebucket", "exampleobject.txt", options);
        CHECK_STR_EQ(url, G1_URL); /* the secret "sk" of vector G1 */
        oss_string_free(url);
    }
    EXPECT_OK(oss_client_set_credentials(client, "STS.rotated", SECRET, TOKEN, G1_TIME + 600));
    PRESIGN_FAILS(client, "bucket", "key", options, OSS_CODE_CREDENTIALS_EXPIRE_FIRST,
                  "credentials");
    EXPECT_ERROR(oss_get_options_set_clamp_to_credentials(NULL, true), OSS_CODE_NULL_ARGUMENT,
                 "options");
    EXPECT_OK(oss_get_options_set_clamp_to_credentials(options, true));
    EXPECT_OK(oss_presign_get_request(client, "bucket", "key", options, &request));
    CHECK_INT_EQ(oss_presigned_request_expiration(request), G1_TIME + 600);
    CHECK_CONTAINS(oss_presigned_request_url(request), "&x-oss-expires=600&");
    CHECK_CONTAINS(oss_presigned_request_url(request), "x-oss-credential=STS.rotated%2F");
    CHECK_CONTAINS(oss_presigned_request_url(request), "&x-oss-security-token=CAIS%2BTOKEN");
    oss_presigned_request_free(request);
    EXPECT_OK(oss_client_set_credentials(client, "STS.rotated", SECRET, TOKEN, G1_TIME));
    PRESIGN_FAILS(client, "bucket", "key", options, OSS_CODE_CREDENTIALS_EXPIRED, "credentials");
    EXPECT_OK(oss_get_options_set_clamp_to_credentials(options, false));

    /* Credentials' expiration on a configuration. */
    {
        oss_client_config *config = NULL;
        oss_client *sts = NULL;
        EXPECT_OK(oss_client_config_new(ENDPOINT, REGION, &config));
        EXPECT_ERROR(oss_client_config_set_credentials_expiration(NULL, G1_TIME),
                     OSS_CODE_NULL_ARGUMENT, "config");
        EXPECT_ERROR(oss_client_config_set_credentials_expiration(config, G1_TIME),
                     OSS_CODE_MISSING_CREDENTIALS, "credentials");
        EXPECT_OK(oss_client_config_set_credentials(config, "STS.ak", SECRET, TOKEN));
        EXPECT_ERROR(oss_client_config_set_credentials_expiration(config, -1),
                     OSS_CODE_INVALID_CREDENTIALS, "expiration");
        EXPECT_OK(oss_client_config_set_credentials_expiration(config, G1_TIME + 60));
        EXPECT_OK(oss_client_new_from_config(config, &sts));
        PRESIGN_FAILS(sts, "bucket", "key", options, OSS_CODE_CREDENTIALS_EXPIRE_FIRST,
                      "credentials");
        oss_client_free(sts);
        /* Setting the credentials again replaces the expiration. */
        EXPECT_OK(oss_client_config_set_credentials(config, "STS.ak", SECRET, TOKEN));
        sts = NULL;
        EXPECT_OK(oss_client_new_from_config(config, &sts));
        {
            char *url = PRESIGN(sts, "bucket", "key", options);
            CHECK(url != NULL);
            oss_string_free(url);
        }
        oss_client_free(sts);
        oss_client_config_free(config);
    }

    /* A signing time window: rounded down, lifetime lengthened. */
    EXPECT_ERROR(oss_get_options_set_signing_time_window(NULL, 60), OSS_CODE_NULL_ARGUMENT,
                 "options");
    EXPECT_OK(oss_get_options_set_signing_time_window(options, 600));
    EXPECT_OK(oss_client_set_credentials(client, "ak", "sk", NULL, 0));
    EXPECT_OK(oss_presign_get_request(client, "bucket", "key", options, &request));
    CHECK_INT_EQ(oss_presigned_request_signing_time(request), G1_TIME - G1_TIME % 600);
    CHECK_INT_EQ(oss_presigned_request_expiration(request),
                 G1_TIME - G1_TIME % 600 + 3600 + 600);
    oss_presigned_request_free(request);
    EXPECT_OK(oss_get_options_set_signing_time_window(options, 0));
    /* Only windows that divide the day: 7000 s would reach back into the
     * day before (see the bad-input table for more). */
    EXPECT_ERROR(oss_get_options_set_signing_time_window(options, 7000),
                 OSS_CODE_INVALID_SIGNING_TIME_WINDOW, "signing_time_window");

    /* Never a dead URL from the clock: a day-long window puts the signing
     * time at midnight, before credentials that expired a minute ago and
     * before an absolute expiration already past; both are refused. */
    {
        oss_client *sts = NEW_CLIENT(ENDPOINT, SECRET, NULL);
        oss_get_options *windowed = NEW_OPTIONS();
        oss_presigned_request *signed_request = NULL;
        EXPECT_OK(oss_get_options_set_signing_time_window(windowed, OSS_MAX_SIGNING_TIME_WINDOW));
        EXPECT_OK(oss_get_options_set_clamp_to_credentials(windowed, true));
        EXPECT_OK(oss_client_set_credentials(sts, "STS.ak", SECRET, TOKEN, now - 60));
        PRESIGN_FAILS(sts, "bucket", "key", windowed, OSS_CODE_CREDENTIALS_EXPIRED,
                      "credentials");
        /* Still valid for a minute: clamped to end exactly then, after now. */
        EXPECT_OK(oss_client_set_credentials(sts, "STS.ak", SECRET, TOKEN, now + 60));
        if (EXPECT_OK(oss_presign_get_request(sts, "bucket", "key", windowed, &signed_request))) {
            CHECK_INT_EQ(oss_presigned_request_expiration(signed_request), now + 60);
        }
        oss_presigned_request_free(signed_request);
        signed_request = NULL;
        EXPECT_OK(oss_client_set_credentials(sts, "ak", "sk", NULL, 0));
        EXPECT_OK(oss_get_options_set_expiration(windowed, now - 1));
        PRESIGN_FAILS(sts, "bucket", "key", windowed, OSS_CODE_INVALID_EXPIRATION, "expiration");
        EXPECT_OK(oss_get_options_set_expiration(windowed, now + 120));
        if (EXPECT_OK(oss_presign_get_request(sts, "bucket", "key", windowed, &signed_request))) {
            CHECK_INT_EQ(oss_presigned_request_expiration(signed_request), now + 120);
        }
        oss_presigned_request_free(signed_request);
        oss_get_options_free(windowed);
        oss_client_free(sts);
    }

    /* Diagnostics: the canonical request and string to sign, when asked (the
     * published ones of vector G1). */
    EXPECT_ERROR(oss_get_options_set_diagnostics(NULL, true), OSS_CODE_NULL_ARGUMENT, "options");
    EXPECT_OK(oss_presign_get_request(client, "examplebucket", "exampleobject.txt", options,
                                      &request));
    CHECK(oss_presigned_request_canonical_request(request) == NULL);
    CHECK(oss_presigned_request_string_to_sign(request) == NULL);
    oss_presigned_request_free(request);
    EXPECT_OK(oss_get_options_set_diagnostics(options, true));
    EXPECT_OK(oss_presign_get_request(client, "examplebucket", "exampleobject.txt", options,
                                      &request));
    CHECK_STR_EQ(oss_presigned_request_url(request), G1_URL);
    CHECK_STR_EQ(oss_presigned_request_canonical_request(request),
                 "GET\n/examplebucket/exampleobject.txt\n"
                 "x-oss-credential=ak%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request"
                 "&x-oss-date=20240102T030405Z&x-oss-expires=3600"
                 "&x-oss-signature-version=OSS4-HMAC-SHA256\n\n\nUNSIGNED-PAYLOAD");
    CHECK_STR_EQ(oss_presigned_request_string_to_sign(request),
                 "OSS4-HMAC-SHA256\n20240102T030405Z\n20240102/cn-hangzhou/oss/aliyun_v4_request\n"
                 "e0e981c51f6e2c5fec30bf9a68e9d5924cff182929411473832c465ac1a13a27");
    oss_presigned_request_free(request);
    CHECK(oss_presigned_request_canonical_request(NULL) == NULL);
    CHECK(oss_presigned_request_string_to_sign(NULL) == NULL);

    oss_get_options_free(options);
    oss_client_free(client);
}

/* A delegated day key: derived where the secret is, used where it is not. */
static void test_signing_key(void) {
    char *hex = SENTINEL;
    oss_client_config *config = NULL;
    oss_client *delegated = NULL;
    oss_client *client = NEW_CLIENT(ENDPOINT, SECRET, NULL);
    oss_get_options *options = NEW_OPTIONS();

    EXPECT_ERROR(oss_derive_signing_key("sk", "2024-01-02", REGION, "oss", &hex),
                 OSS_CODE_INVALID_SIGNING_KEY, "date");
    EXPECT_ERROR(oss_derive_signing_key(NULL, "20240102", REGION, "oss", &hex),
                 OSS_CODE_NULL_ARGUMENT, "access_key_secret");
    CHECK(hex == SENTINEL);
    EXPECT_OK(oss_derive_signing_key("sk", "20240102", REGION, "oss", &hex));
    /* The published intermediate key of vector G1. */
    CHECK_STR_EQ(hex, "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a");

    EXPECT_OK(oss_client_config_new(ENDPOINT, REGION, &config));
    EXPECT_ERROR(oss_client_config_set_signing_key(NULL, "ak", hex, "20240102", NULL),
                 OSS_CODE_NULL_ARGUMENT, "config");
    EXPECT_ERROR(oss_client_config_set_signing_key(config, "ak", "abc", "20240102", NULL),
                 OSS_CODE_INVALID_SIGNING_KEY, "hex_signing_key");
    EXPECT_ERROR(oss_client_config_set_signing_key(config, "ak", hex, "20240102", ""),
                 OSS_CODE_INVALID_CREDENTIALS, "security_token");
    EXPECT_OK(oss_client_config_set_signing_key(config, "ak", hex, "20240102", NULL));
    EXPECT_OK(oss_client_new_from_config(config, &delegated));
    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    EXPECT_OK(oss_get_options_set_expires(options, G1_EXPIRES));
    {
        char *url = PRESIGN(delegated, "examplebucket", "exampleobject.txt", options);
        CHECK_STR_EQ(url, G1_URL);
        oss_string_free(url);
    }
    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME + 86400));
    PRESIGN_FAILS(delegated, "examplebucket", "k", options, OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE,
                  "signing_time");

    /* On a live client: the key replaces the credentials. */
    EXPECT_ERROR(oss_client_set_signing_key(NULL, "ak", hex, "20240102", NULL),
                 OSS_CODE_NULL_ARGUMENT, "client");
    EXPECT_OK(oss_client_set_signing_key(client, "ak", hex, "20240102", NULL));
    PRESIGN_FAILS(client, "examplebucket", "k", options, OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE,
                  "signing_time");
    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    {
        char *url = PRESIGN(client, "examplebucket", "exampleobject.txt", options);
        CHECK_STR_EQ(url, G1_URL);
        oss_string_free(url);
    }

    /* A key from STS credentials keeps their expiry across a rotation. */
    EXPECT_ERROR(oss_client_set_signing_key_with_expiration(NULL, "ak", hex, "20240102", NULL,
                                                            G1_TIME + 600),
                 OSS_CODE_NULL_ARGUMENT, "client");
    EXPECT_ERROR(oss_client_set_signing_key_with_expiration(client, "ak", hex, "20240102", NULL,
                                                            INT64_MAX),
                 OSS_CODE_INVALID_CREDENTIALS, "expiration");
    EXPECT_OK(oss_client_set_signing_key_with_expiration(client, "ak", hex, "20240102", NULL,
                                                         G1_TIME + 600));
    PRESIGN_FAILS(client, "examplebucket", "k", options, OSS_CODE_CREDENTIALS_EXPIRE_FIRST,
                  "credentials");
    EXPECT_OK(oss_get_options_set_clamp_to_credentials(options, true));
    {
        oss_presigned_request *request = NULL;
        EXPECT_OK(oss_presign_get_request(client, "examplebucket", "k", options, &request));
        CHECK_INT_EQ(oss_presigned_request_expiration(request), G1_TIME + 600);
        CHECK_CONTAINS(oss_presigned_request_url(request), "&x-oss-expires=600&");
        oss_presigned_request_free(request);
    }
    EXPECT_OK(oss_client_set_signing_key_with_expiration(client, "ak", hex, "20240102", NULL,
                                                         G1_TIME));
    PRESIGN_FAILS(client, "examplebucket", "k", options, OSS_CODE_CREDENTIALS_EXPIRED,
                  "credentials");
    /* 0: no expiration, as oss_client_set_signing_key. */
    EXPECT_OK(oss_client_set_signing_key_with_expiration(client, "ak", hex, "20240102", NULL, 0));
    {
        char *url = PRESIGN(client, "examplebucket", "exampleobject.txt", options);
        CHECK_STR_EQ(url, G1_URL);
        oss_string_free(url);
    }
    oss_string_free(hex);
    oss_get_options_free(options);
    oss_client_free(delegated);
    oss_client_free(client);
    oss_client_config_free(config);
}

/* The URL a client holding `secret` signs at `unix_seconds`. */
static char *url_at(const char *access_key_id, const char *secret, const char *token,
                    int64_t unix_seconds) {
    oss_client *client = NULL;
    oss_get_options *options = NEW_OPTIONS();
    char *url = NULL;
    EXPECT_OK(oss_client_new(ENDPOINT, REGION, access_key_id, secret, token, &client));
    EXPECT_OK(oss_get_options_set_signing_time(options, unix_seconds));
    url = PRESIGN(client, "examplebucket", "exampleobject.txt", options);
    oss_get_options_free(options);
    oss_client_free(client);
    return url;
}

/* Checks that `client` signs at `unix_seconds` what a client holding the
 * secret (`access_key_id`, `secret`, `token`) signs. */
static void signs_as_at(const oss_client *client, int64_t unix_seconds, const char *access_key_id,
                        const char *secret, const char *token, const char *file, int line) {
    oss_get_options *options = NEW_OPTIONS();
    char *expected = url_at(access_key_id, secret, token, unix_seconds);
    char *url = NULL;
    EXPECT_OK(oss_get_options_set_signing_time(options, unix_seconds));
    if (check_ok_at(oss_presign_get(client, "examplebucket", "exampleobject.txt", options, &url),
                    "oss_presign_get", file, line)) {
        check_str_eq_at(url, expected, "the URL of the secret", file, line);
    }
    oss_string_free(url);
    oss_string_free(expected);
    oss_get_options_free(options);
}
#define SIGNS_AS(client, t, id, secret, token) \
    signs_as_at((client), (t), (id), (secret), (token), __FILE__, __LINE__)

/* Midnight with delegated keys: tomorrow's key, handed over before midnight,
 * does not end today's; a key knows its region and product. */
static void test_signing_key_midnight(void) {
    const int64_t midnight = G1_TIME - G1_TIME % 86400 + 86400; /* 2024-01-03T00:00:00Z */
    oss_client *phone = NULL;
    oss_get_options *options = NEW_OPTIONS();
    char *today = NULL, *tomorrow = NULL, *later = NULL;

    /* Today's key from one STS session, tomorrow's from the next. */
    EXPECT_OK(oss_derive_signing_key("sts-secret-1", "20240102", REGION, "oss", &today));
    EXPECT_OK(oss_derive_signing_key("sts-secret-2", "20240103", REGION, "oss", &tomorrow));
    EXPECT_OK(oss_derive_signing_key("sts-secret-2", "20240105", REGION, "oss", &later));
    {
        oss_client_config *config = NULL;
        EXPECT_OK(oss_client_config_new(ENDPOINT, REGION, &config));
        EXPECT_OK(oss_client_config_set_signing_key(config, "STS.one", today,
                                                    "20240102/cn-hangzhou/oss", "CAIS+one"));
        EXPECT_OK(oss_client_new_from_config(config, &phone));
        oss_client_config_free(config);
    }
    EXPECT_OK(oss_client_set_signing_key_with_expiration(
        phone, "STS.two", tomorrow, "20240103/cn-hangzhou/oss", "CAIS+two", midnight + 43200));
    /* The last second of today, with today's key and session; the first of
     * tomorrow, with tomorrow's. */
    SIGNS_AS(phone, midnight - 1, "STS.one", "sts-secret-1", "CAIS+one");
    SIGNS_AS(phone, midnight - 86400, "STS.one", "sts-secret-1", "CAIS+one");
    SIGNS_AS(phone, midnight, "STS.two", "sts-secret-2", "CAIS+two");
    SIGNS_AS(phone, midnight + 3600, "STS.two", "sts-secret-2", "CAIS+two");
    EXPECT_OK(oss_get_options_set_signing_time(options, midnight - 86401));
    PRESIGN_FAILS(phone, "examplebucket", "k", options, OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE,
                  "signing_time");
    /* Each day keeps its own expiration: tomorrow's session ends at noon. */
    EXPECT_OK(oss_get_options_set_signing_time(options, midnight + 43200));
    PRESIGN_FAILS(phone, "examplebucket", "k", options, OSS_CODE_CREDENTIALS_EXPIRED,
                  "credentials");

    /* A key of another day replaces both. */
    EXPECT_OK(oss_client_set_signing_key(phone, "STS.two", later, "20240105", "CAIS+two"));
    EXPECT_OK(oss_get_options_set_signing_time(options, midnight - 1));
    PRESIGN_FAILS(phone, "examplebucket", "k", options, OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE,
                  "signing_time");
    EXPECT_OK(oss_get_options_set_signing_time(options, midnight));
    PRESIGN_FAILS(phone, "examplebucket", "k", options, OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE,
                  "signing_time");
    SIGNS_AS(phone, midnight + 2 * 86400, "STS.two", "sts-secret-2", "CAIS+two");
    /* Credentials replace keys. */
    EXPECT_OK(oss_client_set_credentials(phone, "ak", "sk", NULL, 0));
    SIGNS_AS(phone, midnight - 1, "ak", "sk", NULL);

    /* A key given with its scope is refused by a client of another region
     * or product: OSS would refuse its URLs. The client keeps its keys. */
    EXPECT_ERROR(oss_client_set_signing_key(phone, "ak", today, "20240102/cn-shanghai/oss", NULL),
                 OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE, "date");
    EXPECT_ERROR(
        oss_client_set_signing_key(phone, "ak", today, "20240102/cn-hangzhou/oss-cloudbox", NULL),
        OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE, "date");
    EXPECT_ERROR(oss_client_set_signing_key(phone, "ak", today, "20240102/cn-hangzhou", NULL),
                 OSS_CODE_INVALID_SIGNING_KEY, "date");
    SIGNS_AS(phone, midnight - 1, "ak", "sk", NULL);
    {
        oss_client_config *config = NULL;
        oss_client *other = SENTINEL;
        EXPECT_OK(oss_client_config_new(ENDPOINT, "cn-shanghai", &config));
        EXPECT_OK(oss_client_config_set_signing_key(config, "ak", today,
                                                    "20240102/cn-hangzhou/oss", NULL));
        EXPECT_ERROR(oss_client_new_from_config(config, &other),
                     OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE, "date");
        CHECK(other == SENTINEL);
        oss_client_config_free(config);
    }

    oss_string_free(today);
    oss_string_free(tomorrow);
    oss_string_free(later);
    oss_get_options_free(options);
    oss_client_free(phone);
}

/* The key lint flags keys that presigning still accepts. */
static void test_key_lint(void) {
    static const struct {
        const char *key;
        uint32_t findings;
    } cases[] = {
        {"photos/2024/beach.jpg", 0},
        {"folder/", 0},
        {"a\x01" "b", OSS_KEY_LINT_CONTROL_CHARACTERS},
        {"a\tb", OSS_KEY_LINT_CONTROL_CHARACTERS | OSS_KEY_LINT_UNUSUAL_WHITE_SPACE},
        {"a//b", OSS_KEY_LINT_EMPTY_SEGMENT},
        {"draft.", OSS_KEY_LINT_TRAILING_SPACE_OR_DOT},
        {"a\xc2\xa0" "b", OSS_KEY_LINT_UNUSUAL_WHITE_SPACE},
        {"a\xe2\x80\x8b" "b", OSS_KEY_LINT_LOOKALIKE_CHARACTERS},
        {"cafe\xcc\x81.txt", OSS_KEY_LINT_COMBINING_MARKS},
    };
    oss_client *client = NEW_CLIENT(ENDPOINT, SECRET, NULL);
    uint32_t findings = 77;
    size_t i;

    EXPECT_ERROR(oss_lint_key(NULL, &findings), OSS_CODE_NULL_ARGUMENT, "key");
    EXPECT_ERROR(oss_lint_key(BAD_UTF8, &findings), OSS_CODE_INVALID_UTF8, "key");
    EXPECT_ERROR(oss_lint_key("k", NULL), OSS_CODE_NULL_ARGUMENT, "findings_out");
    CHECK_INT_EQ(findings, 77);
    for (i = 0; i < ARRAY_LEN(cases); i++) {
        char *url;
        EXPECT_OK(oss_lint_key(cases[i].key, &findings));
        CHECK_INT_EQ(findings, cases[i].findings);
        /* Presigning accepts every one of them. */
        url = PRESIGN(client, "bucket", cases[i].key, NULL);
        CHECK(url != NULL);
        oss_string_free(url);
    }
    oss_client_free(client);
}

/* CRC-64/ECMA on known answers from Alibaba's SDK tests (aliyun-oss-java-sdk
 * CRC64UtilTest.java; aliyun-oss-csharp-sdk OssCrcTest.cs), whole and in
 * parts; NULL reads nothing. */
static void test_crc64(void) {
    static const struct {
        const char *text;
        uint64_t crc;
    } cases[] = {
        {"123456789", UINT64_C(0x995dc9bbdf1939fa)},
        {"This is a test of the emergency broadcast system.", UINT64_C(0x27db187fc15bbc72)},
        {"IHATEMATH", UINT64_C(0x3920e0f66b6ee0c8)},
        {"This is a test.", UINT64_C(2186167744391481992)},
    };
    size_t i;
    size_t cut;

    for (i = 0; i < ARRAY_LEN(cases); i++) {
        const char *text = cases[i].text;
        size_t length = strlen(text);
        CHECK(oss_crc64_update(0, text, length) == cases[i].crc);
        for (cut = 0; cut <= length; cut++) {
            uint64_t head = oss_crc64_update(0, text, cut);
            CHECK(oss_crc64_update(head, text + cut, length - cut) == cases[i].crc);
        }
        CHECK(oss_crc64_update(cases[i].crc, text, 0) == cases[i].crc);
        CHECK(oss_crc64_update(cases[i].crc, NULL, 0) == cases[i].crc);
        CHECK(oss_crc64_update(cases[i].crc, NULL, length) == cases[i].crc);
    }
    CHECK(oss_crc64_update(0, "", 0) == 0);
}

/* Reading a presigned URL back, and checking it as OSS would. */
static void test_inspect_verify(void) {
    oss_client *client = NEW_CLIENT(ENDPOINT, "sk", NULL);
    oss_get_options *options = NEW_OPTIONS();
    oss_url_info *info = SENTINEL;
    const char *names[] = {"Content-Type", "range"};
    const char *values[] = {"image/jpeg", "bytes=0-9"};
    char *url;

    EXPECT_ERROR(oss_client_inspect_url(client, "https://example.com/k", &info),
                 OSS_CODE_MALFORMED_URL, "url");
    EXPECT_ERROR(oss_client_inspect_url(NULL, G1_URL, &info), OSS_CODE_NULL_ARGUMENT, "client");
    EXPECT_ERROR(oss_client_inspect_url(client, NULL, &info), OSS_CODE_NULL_ARGUMENT, "url");
    EXPECT_ERROR(oss_client_inspect_url(client, G1_URL, NULL), OSS_CODE_NULL_ARGUMENT,
                 "info_out");
    CHECK(info == SENTINEL);
    info = NULL;
    EXPECT_OK(oss_client_inspect_url(client, G1_URL, &info));
    CHECK_STR_EQ(oss_url_info_bucket(info), "examplebucket");
    CHECK_STR_EQ(oss_url_info_key(info), "exampleobject.txt");
    CHECK_INT_EQ(oss_url_info_key_len(info), strlen("exampleobject.txt"));
    CHECK_STR_EQ(oss_url_info_access_key_id(info), "ak");
    CHECK_STR_EQ(oss_url_info_region(info), REGION);
    CHECK_INT_EQ(oss_url_info_signing_time(info), G1_TIME);
    CHECK_INT_EQ(oss_url_info_expiration(info), G1_TIME + 3600);
    CHECK_INT_EQ(oss_url_info_seconds_left(info, G1_TIME + 600), 3000);
    CHECK_INT_EQ(oss_url_info_additional_header_count(info), 0);
    CHECK(oss_url_info_additional_header(info, 0) == NULL);
    oss_url_info_free(info);
    CHECK(oss_url_info_bucket(NULL) == NULL && oss_url_info_key(NULL) == NULL);
    CHECK_INT_EQ(oss_url_info_key_len(NULL), 0);

    /* A key with U+0000 (%00): the C string stops there, the length does not. */
    {
        const char *object = strstr(G1_URL, "exampleobject.txt");
        char nul_url[1024];
        CHECK(object != NULL);
        snprintf(nul_url, sizeof nul_url, "%.*sa%%00b%s", (int)(object - G1_URL), G1_URL,
                 object + strlen("exampleobject.txt"));
        info = NULL;
        EXPECT_OK(oss_client_inspect_url(client, nul_url, &info));
        CHECK_INT_EQ(oss_url_info_key_len(info), 3);
        CHECK(memcmp(oss_url_info_key(info), "a\0b", 4) == 0);
        oss_url_info_free(info);
    }
    CHECK(oss_url_info_access_key_id(NULL) == NULL && oss_url_info_region(NULL) == NULL);
    CHECK_INT_EQ(oss_url_info_signing_time(NULL) + oss_url_info_expiration(NULL), 0);
    CHECK_INT_EQ(oss_url_info_seconds_left(NULL, 5), 0);
    CHECK_INT_EQ(oss_url_info_additional_header_count(NULL), 0);
    oss_url_info_free(NULL);

    /* Vector G1 is valid within its window, for this client (secret "sk"). */
    EXPECT_OK(oss_client_verify_url(client, G1_URL, NULL, NULL, 0, G1_TIME + 60));
    EXPECT_ERROR(oss_client_verify_url(client, G1_URL, NULL, NULL, 0, G1_TIME + 3601),
                 OSS_CODE_URL_EXPIRED, "url");
    EXPECT_ERROR(oss_client_verify_url(client, G1_URL, NULL, NULL, 0, G1_TIME - 901),
                 OSS_CODE_URL_NOT_YET_VALID, "url");
    EXPECT_ERROR(oss_client_verify_url(client, G1_URL, NULL, NULL, 2, G1_TIME),
                 OSS_CODE_NULL_ARGUMENT, "header_names");
    EXPECT_ERROR(oss_client_verify_url(NULL, G1_URL, NULL, NULL, 0, G1_TIME),
                 OSS_CODE_NULL_ARGUMENT, "client");
    {
        oss_client *other = NEW_CLIENT(ENDPOINT, SECRET, NULL);
        EXPECT_ERROR(oss_client_verify_url(other, G1_URL, NULL, NULL, 0, G1_TIME),
                     OSS_CODE_SIGNATURE_MISMATCH, "url");
        oss_client_free(other);
    }

    /* Signed headers: valid only when sent as signed. */
    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    EXPECT_OK(oss_get_options_add_header(options, names[0], values[0]));
    EXPECT_OK(oss_get_options_add_header(options, names[1], values[1]));
    url = PRESIGN(client, "examplebucket", "a.jpg", options);
    EXPECT_OK(oss_client_verify_url(client, url, names, values, 2, G1_TIME));
    EXPECT_ERROR(oss_client_verify_url(client, url, names, values, 1, G1_TIME),
                 OSS_CODE_SIGNATURE_MISMATCH, "url");
    info = NULL;
    EXPECT_OK(oss_client_inspect_url(client, url, &info));
    CHECK_INT_EQ(oss_url_info_additional_header_count(info), 1);
    CHECK_STR_EQ(oss_url_info_additional_header(info, 0), "range");
    oss_url_info_free(info);
    oss_string_free(url);

    oss_get_options_free(options);
    oss_client_free(client);
}

/* A URL longer than OSS_MAX_URL_BYTES is refused from its first
 * OSS_MAX_URL_BYTES + 1 bytes, as over its bound, not as invalid UTF-8: the
 * rest is never read. Here those bytes end where an inaccessible page
 * begins, with no NUL among them, so reading one byte further would crash. */
static void test_url_bound(void) {
    oss_client *client = NEW_CLIENT(ENDPOINT, "sk", NULL);
    oss_url_info *info = SENTINEL;
    const size_t len = OSS_MAX_URL_BYTES + 1;
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    const size_t size = ((len + page - 1) / page + 1) * page;
    int zero = open("/dev/zero", O_RDWR);
    unsigned char *base;

    CHECK(zero >= 0);
    base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, zero, 0);
    close(zero);
    CHECK(base != MAP_FAILED);
    if (base != MAP_FAILED) {
        unsigned char *guard = base + size - page;
        const char *url = (const char *)(guard - len);
        CHECK_INT_EQ(mprotect(guard, page, PROT_NONE), 0);
        memset(guard - len, 0xff, len);
        EXPECT_ERROR(oss_client_inspect_url(client, url, &info), OSS_CODE_LIMIT_EXCEEDED, "url");
        CHECK(info == SENTINEL);
        EXPECT_ERROR(oss_client_verify_url(client, url, NULL, NULL, 0, G1_TIME),
                     OSS_CODE_LIMIT_EXCEEDED, "url");
        /* One byte less, NUL-terminated: within the bound, read whole. */
        guard[-1] = 0;
        EXPECT_ERROR(oss_client_inspect_url(client, url + 1, &info), OSS_CODE_INVALID_UTF8,
                     "url");
        munmap(base, size);
    }
    oss_client_free(client);
}

/* Batch presign: each entry the single presign's URL, or its own error. */
static void test_batch(void) {
    oss_client *client = NEW_CLIENT(ENDPOINT, "sk", NULL);
    oss_get_options *options = NEW_OPTIONS();
    const char *keys[] = {"exampleobject.txt", NULL, "/leading", "a b+c/\xe5\xad\x90.jpg", BAD_UTF8};
    oss_presign_batch *batch = SENTINEL;
    size_t i;

    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    EXPECT_OK(oss_get_options_set_expires(options, G1_EXPIRES));
    EXPECT_ERROR(oss_presign_get_batch(NULL, "examplebucket", keys, 5, options, &batch),
                 OSS_CODE_NULL_ARGUMENT, "client");
    EXPECT_ERROR(oss_presign_get_batch(client, NULL, keys, 5, options, &batch),
                 OSS_CODE_NULL_ARGUMENT, "bucket");
    EXPECT_ERROR(oss_presign_get_batch(client, "examplebucket", NULL, 5, options, &batch),
                 OSS_CODE_NULL_ARGUMENT, "keys");
    EXPECT_ERROR(oss_presign_get_batch(client, "examplebucket", keys, 5, options, NULL),
                 OSS_CODE_NULL_ARGUMENT, "batch_out");
    EXPECT_ERROR(oss_presign_get_batch(client, "ab", keys, 5, options, &batch),
                 OSS_CODE_INVALID_BUCKET, "bucket");
    CHECK(batch == SENTINEL);

    batch = NULL;
    EXPECT_OK(oss_presign_get_batch(client, "examplebucket", keys, 5, options, &batch));
    CHECK_INT_EQ(oss_presign_batch_len(batch), 5);
    CHECK_STR_EQ(oss_presign_batch_url(batch, 0), G1_URL);
    CHECK_INT_EQ(oss_presign_batch_signing_time(batch), G1_TIME);
    CHECK_INT_EQ(oss_presign_batch_expiration(batch), G1_TIME + G1_EXPIRES);
    for (i = 0; i < 5; i++) {
        const char *url = oss_presign_batch_url(batch, i);
        const oss_error *error = oss_presign_batch_error(batch, i);
        CHECK((url == NULL) != (error == NULL));
        if (url != NULL) {
            char *single = PRESIGN(client, "examplebucket", keys[i], options);
            CHECK_STR_EQ(url, single);
            oss_string_free(single);
        }
    }
    CHECK_INT_EQ(oss_error_code(oss_presign_batch_error(batch, 1)), OSS_CODE_NULL_ARGUMENT);
    CHECK_INT_EQ(oss_error_code(oss_presign_batch_error(batch, 2)), OSS_CODE_INVALID_KEY);
    CHECK_STR_EQ(oss_error_argument(oss_presign_batch_error(batch, 2)), "key");
    CHECK_CONTAINS(oss_error_message(oss_presign_batch_error(batch, 2)), "key");
    CHECK_INT_EQ(oss_error_code(oss_presign_batch_error(batch, 4)), OSS_CODE_INVALID_UTF8);
    CHECK(oss_presign_batch_url(batch, 5) == NULL);
    CHECK(oss_presign_batch_error(batch, 5) == NULL);
    oss_presign_batch_free(batch);

    /* Empty, NULL keys allowed with count 0; NULL handles. */
    batch = NULL;
    EXPECT_OK(oss_presign_get_batch(client, "examplebucket", NULL, 0, NULL, &batch));
    CHECK_INT_EQ(oss_presign_batch_len(batch), 0);
    oss_presign_batch_free(batch);
    CHECK_INT_EQ(oss_presign_batch_len(NULL), 0);
    CHECK_INT_EQ(oss_presign_batch_signing_time(NULL), 0);
    CHECK_INT_EQ(oss_presign_batch_expiration(NULL), 0);
    CHECK(oss_presign_batch_url(NULL, 0) == NULL);
    CHECK(oss_presign_batch_error(NULL, 0) == NULL);
    oss_presign_batch_free(NULL);

    oss_get_options_free(options);
    oss_client_free(client);
}

/* What servers tell a client: the Date header and OSS's XML error bodies. */
static void test_server_answers(void) {
    static const char body[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n"
        "  <Code>AccessDenied</Code>\n  <Message>Request has expired.</Message>\n"
        "  <RequestId>65A3F0C1D2E3F4A5B6C7D8E9</RequestId>\n"
        "  <Expires>2024-01-02T04:04:05.000Z</Expires>\n"
        "  <ServerTime>2024-01-02T05:00:00.000Z</ServerTime>\n  <EC>0002-00000069</EC>\n"
        "</Error>\n";
    int64_t unix_seconds = 7;
    oss_service_error *error = SENTINEL;

    EXPECT_OK(oss_parse_http_date("Tue, 02 Jan 2024 03:04:05 GMT", &unix_seconds));
    CHECK_INT_EQ(unix_seconds, G1_TIME);
    EXPECT_OK(oss_parse_http_date("Tuesday, 02-Jan-24 03:04:05 GMT", &unix_seconds));
    CHECK_INT_EQ(unix_seconds, G1_TIME);
    EXPECT_OK(oss_parse_http_date("Tue Jan  2 03:04:05 2024", &unix_seconds));
    CHECK_INT_EQ(unix_seconds, G1_TIME);
    unix_seconds = 7;
    EXPECT_ERROR(oss_parse_http_date("2024-01-02T03:04:05Z", &unix_seconds),
                 OSS_CODE_INVALID_TIME, "text");
    EXPECT_ERROR(oss_parse_http_date(NULL, &unix_seconds), OSS_CODE_NULL_ARGUMENT, "text");
    EXPECT_ERROR(oss_parse_http_date(BAD_UTF8, &unix_seconds), OSS_CODE_INVALID_UTF8, "text");
    EXPECT_ERROR(oss_parse_http_date("Tue, 02 Jan 2024 03:04:05 GMT", NULL),
                 OSS_CODE_NULL_ARGUMENT, "unix_seconds_out");
    CHECK_INT_EQ(unix_seconds, 7);

    /* The body is a length and bytes, not a C string: no NUL needed. */
    EXPECT_ERROR(oss_service_error_parse(NULL, 5, &error), OSS_CODE_NULL_ARGUMENT, "body");
    EXPECT_ERROR(oss_service_error_parse(body, sizeof body - 1, NULL), OSS_CODE_NULL_ARGUMENT,
                 "error_out");
    EXPECT_ERROR(oss_service_error_parse(NULL, 0, &error), OSS_CODE_INVALID_RESPONSE, "body");
    EXPECT_ERROR(oss_service_error_parse("<html>", 6, &error), OSS_CODE_INVALID_RESPONSE, "body");
    EXPECT_ERROR(oss_service_error_parse(body, 40, &error), OSS_CODE_INVALID_RESPONSE, "body");
    CHECK(error == SENTINEL);
    error = NULL;
    EXPECT_OK(oss_service_error_parse(body, sizeof body - 1, &error));
    CHECK_STR_EQ(oss_service_error_code(error), "AccessDenied");
    CHECK_STR_EQ(oss_service_error_message(error), "Request has expired.");
    CHECK_INT_EQ(oss_service_error_server_time(error), G1_TIME + 6955);
    CHECK_INT_EQ(oss_service_error_expires(error), G1_TIME + 3600);
    CHECK_STR_EQ(oss_service_error_field(error, "RequestId"), "65A3F0C1D2E3F4A5B6C7D8E9");
    CHECK_STR_EQ(oss_service_error_field(error, "EC"), "0002-00000069");
    CHECK(oss_service_error_field(error, "StringToSign") == NULL);
    CHECK(oss_service_error_field(error, NULL) == NULL);
    CHECK(oss_service_error_field(NULL, "EC") == NULL);
    CHECK(oss_service_error_code(NULL) == NULL);
    CHECK(oss_service_error_message(NULL) == NULL);
    CHECK_INT_EQ(oss_service_error_server_time(NULL), 0);
    CHECK_INT_EQ(oss_service_error_expires(NULL), 0);
    oss_service_error_free(error);
    oss_service_error_free(NULL);
}

static void test_presigned_request(void) {
    oss_client *client = NEW_CLIENT(ENDPOINT, SECRET, NULL);
    oss_get_options *options = NEW_OPTIONS();
    oss_presigned_request *request = NULL;
    const char *name = SENTINEL, *value = SENTINEL;
    char *url_copy = NULL;

    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    EXPECT_OK(oss_get_options_set_expires(options, 60));
    EXPECT_OK(oss_get_options_add_header(options, "X-Oss-Meta-A", " 1 "));
    EXPECT_OK(oss_get_options_add_header(options, "Range", "bytes=0-9"));
    EXPECT_OK(oss_get_options_add_header(options, "Content-Type", "text/plain"));
    EXPECT_OK(oss_presign_get_request(client, "bucket", "k", options, &request));
    CHECK(request != NULL);

    /* The request owns its strings: it outlives the client and the options. */
    oss_client_free(client);
    oss_get_options_free(options);

    CHECK(strncmp(oss_presigned_request_url(request), "https://bucket.oss-cn-hangzhou.aliyuncs.com/k?",
                  45) == 0);
    /* Content-Type and x-oss-* are signed as such; others are listed. */
    CHECK_CONTAINS(oss_presigned_request_url(request), "x-oss-additional-headers=range&");
    CHECK_STR_EQ(oss_presigned_request_method(request), "GET");
    CHECK_INT_EQ(oss_presigned_request_signing_time(request), G1_TIME);
    CHECK_INT_EQ(oss_presigned_request_expiration(request), G1_TIME + 60);
    CHECK_INT_EQ(oss_presigned_request_header_count(request), 3);

    /* Sorted by lowercase name, values trimmed, the caller's spelling kept. */
    {
        static const char *const names[] = {"Content-Type", "Range", "X-Oss-Meta-A"};
        static const char *const values[] = {"text/plain", "bytes=0-9", "1"};
        size_t i;
        for (i = 0; i < 3; i++) {
            name = NULL;
            value = NULL;
            EXPECT_OK(oss_presigned_request_header(request, i, &name, &value));
            CHECK_STR_EQ(name, names[i]);
            CHECK_STR_EQ(value, values[i]);
        }
        /* Borrowed strings are stable: the same pointers each time. */
        {
            const char *again_name = NULL, *again_value = NULL;
            EXPECT_OK(oss_presigned_request_header(request, 2, &again_name, &again_value));
            CHECK(again_name == name && again_value == value);
        }
        CHECK(oss_presigned_request_url(request) == oss_presigned_request_url(request));
    }

    /* Bad index and NULL pointers leave the outputs untouched. */
    name = SENTINEL;
    value = SENTINEL;
    EXPECT_ERROR(oss_presigned_request_header(request, 3, &name, &value),
                 OSS_CODE_INVALID_ARGUMENT, "index");
    EXPECT_ERROR(oss_presigned_request_header(request, SIZE_MAX, &name, &value),
                 OSS_CODE_INVALID_ARGUMENT, "index");
    EXPECT_ERROR(oss_presigned_request_header(NULL, 0, &name, &value), OSS_CODE_NULL_ARGUMENT,
                 "request");
    EXPECT_ERROR(oss_presigned_request_header(request, 0, NULL, &value), OSS_CODE_NULL_ARGUMENT,
                 "name_out");
    EXPECT_ERROR(oss_presigned_request_header(request, 0, &name, NULL), OSS_CODE_NULL_ARGUMENT,
                 "value_out");
    CHECK(name == SENTINEL);
    CHECK(value == SENTINEL);

    /* Accessors on NULL. */
    CHECK(oss_presigned_request_url(NULL) == NULL);
    CHECK(oss_presigned_request_method(NULL) == NULL);
    CHECK_INT_EQ(oss_presigned_request_signing_time(NULL), 0);
    CHECK_INT_EQ(oss_presigned_request_expiration(NULL), 0);
    CHECK_INT_EQ(oss_presigned_request_header_count(NULL), 0);

    url_copy = strdup(oss_presigned_request_url(request));
    oss_presigned_request_free(request);
    oss_presigned_request_free(NULL);
    oss_string_free(NULL);
    CHECK(url_copy != NULL);
    free(url_copy);

    /* Only default-signed headers: no x-oss-additional-headers. */
    client = NEW_CLIENT(ENDPOINT, SECRET, NULL);
    options = NEW_OPTIONS();
    EXPECT_OK(oss_get_options_add_header(options, "content-type", "text/plain"));
    EXPECT_OK(oss_get_options_add_header(options, "Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="));
    EXPECT_OK(oss_get_options_add_header(options, "x-oss-meta-b", "2"));
    URL_LACKS(client, options, "x-oss-additional-headers");
    /* Two listed headers, lowercase, sorted, joined with ';'. */
    EXPECT_OK(oss_get_options_add_header(options, "Range", "bytes=0-9"));
    EXPECT_OK(oss_get_options_add_header(options, "Content-Disposition", "inline"));
    URL_CONTAINS(client, options, "x-oss-additional-headers=content-disposition%3Brange&");
    oss_get_options_free(options);
    oss_client_free(client);
}

int main(void) {
    check_forbid(SECRET);
    check_forbid(TOKEN);
    check_forbid(ENV_SECRET);
    check_forbid(ENV_TOKEN);

    test_version_and_errors();
    test_bad_input_table();
    test_client_new();
    test_client_config();
    test_credentials_from_env();
    test_get_options_setters();
    test_presign_arguments();
    test_known_answers();
    test_presign_head();
    test_presigned_request();
    test_live_client();
    test_server_answers();
    test_batch();
    test_signing_key();
    test_signing_key_midnight();
    test_inspect_verify();
    test_url_bound();
    test_key_lint();
    test_crc64();
    return check_summary("test_api");
}
