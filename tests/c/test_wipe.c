/*
 * From C: no memory the library frees still holds the secret or the STS
 * token (as given, or percent-encoded as a URL carries it), over a client's
 * life: presigned URLs, a URL read back and verified, a presigned request
 * with its diagnostics, a batch, an OSS error body that echoes the token,
 * each freed with its own function.
 *
 * run.sh links it against the static library with -Wl,--wrap=free, so every
 * free() of the library (and of this program) goes through __wrap_free
 * below, which scans the block before freeing it. glibc only: it uses
 * malloc_usable_size.
 */
#define _GNU_SOURCE

#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "oss_presign.h"

#define SECRET "Wipe-Me-Secret-c-5a0e"
#define TOKEN "Wipe+Me/Token=c-91f3"
#define ENCODED_TOKEN "Wipe%2BMe%2FToken%3Dc-91f3"
#define G1_TIME INT64_C(1704164645)

void __real_free(void *block);
void __wrap_free(void *block);

/* volatile: the compiler knows what free() does, and would assume these unchanged
 * across it. */
static volatile bool scanning;
static volatile unsigned unwiped;

static bool holds(const void *block, size_t size, const char *text) {
    return memmem(block, size, text, strlen(text)) != NULL;
}

void __wrap_free(void *block) {
    if (scanning && block != NULL) {
        size_t size = malloc_usable_size(block);
        if (holds(block, size, SECRET) || holds(block, size, TOKEN) ||
            holds(block, size, ENCODED_TOKEN)) {
            unwiped++;
        }
    }
    __real_free(block);
}

/* The frees of `run` that left a secret or the token behind. */
static unsigned unwiped_frees(void (*run)(void)) {
    unwiped = 0;
    scanning = true;
    run();
    scanning = false;
    return unwiped;
}

static void client_life(void) {
    oss_client *client = NULL;
    oss_get_options *options = oss_get_options_new();
    oss_presigned_request *request = NULL;
    oss_presign_batch *batch = NULL;
    oss_url_info *info = NULL;
    const char *keys[2] = {"a", "b"};
    char *url = NULL;

    EXPECT_OK(oss_client_new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", "ak", SECRET, TOKEN,
                             &client));
    EXPECT_OK(oss_get_options_set_signing_time(options, G1_TIME));
    EXPECT_OK(oss_get_options_set_diagnostics(options, true));

    EXPECT_OK(oss_presign_get(client, "examplebucket", "k", options, &url));
    CHECK_CONTAINS(url, ENCODED_TOKEN);
    EXPECT_OK(oss_client_inspect_url(client, url, &info));
    oss_url_info_free(info);
    EXPECT_OK(oss_client_verify_url(client, url, NULL, NULL, 0, G1_TIME));
    oss_string_free(url);

    EXPECT_OK(oss_presign_get_request(client, "examplebucket", "k", options, &request));
    CHECK_CONTAINS(oss_presigned_request_canonical_request(request), ENCODED_TOKEN);
    oss_presigned_request_free(request);

    EXPECT_OK(oss_presign_get_batch(client, "examplebucket", keys, 2, options, &batch));
    CHECK(oss_presign_batch_url(batch, 1) != NULL);
    oss_presign_batch_free(batch);

    oss_get_options_free(options);
    oss_client_free(client);
}

/* An OSS error body echoes the refused request: its canonical request holds
 * the token. */
static void service_error_life(void) {
    static const char body[] =
        "<Error><Code>SignatureDoesNotMatch</Code><RequestId>1</RequestId>"
        "<CanonicalRequest>GET\n/examplebucket/k\nx-oss-security-token=" ENCODED_TOKEN
        "\n\n\nUNSIGNED-PAYLOAD</CanonicalRequest></Error>";
    oss_service_error *error = NULL;

    EXPECT_OK(oss_service_error_parse(body, sizeof body - 1, &error));
    CHECK_CONTAINS(oss_service_error_field(error, "CanonicalRequest"), ENCODED_TOKEN);
    oss_service_error_free(error);
}

int main(void) {
    /* The scan itself must see a block that still holds the token. */
    char *volatile planted = malloc(64);
    if (planted != NULL) {
        snprintf(planted, 64, "x-oss-security-token=%s", ENCODED_TOKEN);
    }
    scanning = true;
    unwiped = 0;
    free(planted);
    scanning = false;
    CHECK_INT_EQ(unwiped, 1);

    CHECK_INT_EQ(unwiped_frees(client_life), 0);
    CHECK_INT_EQ(unwiped_frees(service_error_life), 0);
    return check_summary("test_wipe");
}
