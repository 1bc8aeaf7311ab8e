/*
 * Reference URLs from the C ABI, for ReferenceUrlTest: the same inputs,
 * spelled here as UTF-8 bytes and there as Java string literals, must give
 * byte-identical URLs through the JNI wrapper.
 *
 *   reference_urls > reference_urls.tsv     one "name<TAB>text" line per case
 *
 * The text is a URL, or (for the diagnostics cases) a canonical request or
 * string to sign with each newline written as \n and each backslash as \\.
 */
#include <stdio.h>
#include <stdlib.h>

#include "oss_presign.h"

static void check(oss_error *error, const char *what) {
    if (error != NULL) {
        fprintf(stderr, "reference_urls: %s: %s\n", what, oss_error_message(error));
        oss_error_free(error);
        exit(1);
    }
}

static void print(const char *name, const oss_client *client, const char *key,
                  const oss_get_options *options) {
    char *url = NULL;
    check(oss_presign_get(client, "examplebucket", key, options, &url), name);
    printf("%s\t%s\n", name, url);
    oss_string_free(url);
}

/* `text` on one line: \n for a newline, \\ for a backslash. */
static void print_escaped(const char *name, const char *text) {
    const char *p;
    if (text == NULL) {
        fprintf(stderr, "reference_urls: %s: no text (diagnostics off?)\n", name);
        exit(1);
    }
    printf("%s\t", name);
    for (p = text; *p != '\0'; p++) {
        if (*p == '\n') {
            fputs("\\n", stdout);
        } else if (*p == '\\') {
            fputs("\\\\", stdout);
        } else {
            putchar(*p);
        }
    }
    putchar('\n');
}

/* The URL, canonical request and string to sign of one presign with
 * diagnostics on. */
static void print_diagnostics(const char *name, const oss_client *client, const char *key,
                              const oss_get_options *options) {
    oss_presigned_request *request = NULL;
    char label[64];
    check(oss_presign_get_request(client, "examplebucket", key, options, &request), name);
    snprintf(label, sizeof label, "%s-url", name);
    printf("%s\t%s\n", label, oss_presigned_request_url(request));
    snprintf(label, sizeof label, "%s-canonical-request", name);
    print_escaped(label, oss_presigned_request_canonical_request(request));
    snprintf(label, sizeof label, "%s-string-to-sign", name);
    print_escaped(label, oss_presigned_request_string_to_sign(request));
    oss_presigned_request_free(request);
}

int main(void) {
    /* CJK, a combining acute accent, a rocket, a ZWJ family, reserved ASCII. */
    static const char unicode_key[] =
        "\xe7\x9b\xb8\xe5\x86\x8c/e\xcc\x81t\xc3\xa9 \xf0\x9f\x9a\x80+\xf0\x9f\x91\xa8"
        "\xe2\x80\x8d\xf0\x9f\x91\xa9/\xe6\x96\x87\xe4\xbb\xb6 (1).jpg";
    static const char emoji_key[] = "emoji/\xf0\x9f\x9a\x80 launch \xf0\x9f\x98\x80.bin";
    static const char disposition[] = "attachment; filename*=UTF-8''\xe6\x8a\xa5\xe5\x91\x8a.pdf";
    oss_client *client = NULL;
    oss_client *sts = NULL;
    oss_get_options *options = oss_get_options_new();
    oss_get_options *rich = oss_get_options_new();

    if (options == NULL || rich == NULL) {
        fprintf(stderr, "reference_urls: oss_get_options_new failed\n");
        return 1;
    }
    check(oss_client_new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", "LTAI5tExample", "secret",
                         NULL, &client),
          "oss_client_new");
    check(oss_client_new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", "STS.example",
                         "sts-secret", "CAIS+token/with=chars", &sts),
          "oss_client_new (STS)");
    check(oss_get_options_set_signing_time(options, 1704164645), "signing time");
    check(oss_get_options_set_expires(options, 3600), "expires");
    check(oss_get_options_set_signing_time(rich, 1704164645), "signing time");
    check(oss_get_options_set_version_id(rich, "CAEQNhiBgM0BYiIDc4MGZj"), "version id");
    check(oss_get_options_set_response_content_disposition(rich, disposition), "disposition");
    check(oss_get_options_add_query(rich, "\xe5\xad\x90 name", "value+/=\xe2\x82\xac"), "query");

    print("unicode", client, unicode_key, options);
    print("emoji-sts", sts, emoji_key, options);
    print("rich-options", client, unicode_key, rich);

    /* Diagnostics, with signed headers in the canonical request too. */
    check(oss_get_options_add_header(rich, "Content-Type", "image/jpeg"), "header");
    check(oss_get_options_add_header(rich, "X-Trace-Id", "trace-42"), "header");
    check(oss_get_options_set_diagnostics(rich, true), "diagnostics");
    print_diagnostics("diagnostics", sts, unicode_key, rich);

    oss_get_options_free(rich);
    oss_get_options_free(options);
    oss_client_free(sts);
    oss_client_free(client);
    return 0;
}
