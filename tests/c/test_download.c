/*
 * End to end: presign through the C ABI, download with libcurl from the
 * loopback OSS emulator (tests/emulator), which checks every signature with
 * Alibaba's own SDK, and compare the bytes and the HTTP status. On an error
 * answer the OSS <Code> is read from the XML body and compared too.
 *
 * run.sh starts the emulator and passes its settings in the environment:
 *   OSS_TEST_PORT        the emulator's port on 127.0.0.1
 *   OSS_TEST_ROOT        its object directory: ROOT/<bucket>/<key>
 *   OSS_TEST_BUCKET      the bucket the objects are written to
 *   OSS_TEST_AK, OSS_TEST_SK                      long-term key pair
 *   OSS_TEST_STS_AK, OSS_TEST_STS_SK, OSS_TEST_STS_TOKEN   STS credentials
 *   OSS_TEST_CNAME       a host name the emulator maps to OSS_TEST_BUCKET
 *   OSS_TEST_ITERATIONS  presigns per thread in the thread test (optional)
 * The objects are written by this program before they are requested.
 */
#define _POSIX_C_SOURCE 200809L

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "oss_presign.h"

#define REGION "cn-hangzhou"
#define THREADS 4

static struct {
    const char *port;
    const char *root;
    const char *bucket;
    const char *ak;
    const char *sk;
    const char *sts_ak;
    const char *sts_sk;
    const char *sts_token;
    const char *cname;
    const char *skewed_port; /* a server whose clock is two hours ahead */
    long iterations;
} settings;

/* ------------------------------------------------------------------------ */
/* Objects. */

struct object {
    const char *key;
    size_t size;
    unsigned char *data;
};

/* Keys with spaces, '+', CJK, emoji, reserved URL characters and a literal
 * percent sign, next to plain ones. */
static struct object objects[] = {
    {"hello.txt", 64, NULL},
    {"with space.txt", 100, NULL},
    {"plus+sign.txt", 101, NULL},
    {"a+b c/d e+f.txt", 102, NULL},
    {"unicode/\xe5\xad\x90\xe7\x9b\xae\xe5\xbd\x95/\xe6\x96\x87\xe4\xbb\xb6.txt", 103, NULL},
    {"emoji/\xf0\x9f\x9a\x80 launch \xf0\x9f\x98\x80.bin", 104, NULL},
    {"mixed/\xc3\xbc \xc3\xa9+\xf0\x9f\x8e\x89 ~!*'()&=;,$@.dat", 105, NULL},
    {"query?and#hash.txt", 106, NULL},
    {"percent%20literal.txt", 107, NULL},
    {"image.jpg", 2048, NULL},
    {"big/binary.bin", 300 * 1024, NULL},
};
#define OBJECT_COUNT (sizeof objects / sizeof objects[0])

static const struct object *object_named(const char *key) {
    size_t i;
    for (i = 0; i < OBJECT_COUNT; i++) {
        if (strcmp(objects[i].key, key) == 0) {
            return &objects[i];
        }
    }
    fprintf(stderr, "no test object %s\n", key);
    exit(2);
}

static void die(const char *what, const char *detail) {
    fprintf(stderr, "test_download: %s: %s\n", what, detail);
    exit(2);
}

/* Creates the directories of `path` after its first `skip` bytes (the
 * bucket directory, which run.sh made): mkdir -p of the key's dirname. */
static void make_parents(char *path, size_t skip) {
    char *slash;
    for (slash = strchr(path + skip, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST) {
            die("mkdir", path);
        }
        *slash = '/';
    }
}

/* Fills each object with bytes derived from its key (every byte value
 * occurs) and writes it to ROOT/<bucket>/<key>. */
static void write_objects(void) {
    size_t i, j;
    for (i = 0; i < OBJECT_COUNT; i++) {
        struct object *o = &objects[i];
        uint32_t state = 2166136261u;
        char path[4096];
        FILE *f;
        const char *c;
        for (c = o->key; *c != '\0'; c++) {
            state = (state ^ (unsigned char)*c) * 16777619u;
        }
        o->data = malloc(o->size);
        if (o->data == NULL) {
            die("malloc", o->key);
        }
        for (j = 0; j < o->size; j++) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            o->data[j] = (unsigned char)(j < 256 ? j : (state & 0xffu));
        }
        if ((size_t)snprintf(path, sizeof path, "%s/%s/%s", settings.root, settings.bucket,
                             o->key) >= sizeof path) {
            die("path too long", o->key);
        }
        make_parents(path, strlen(settings.root) + 1 + strlen(settings.bucket) + 1);
        f = fopen(path, "wb");
        if (f == NULL || fwrite(o->data, 1, o->size, f) != o->size || fclose(f) != 0) {
            die("cannot write", path);
        }
    }
}

static void free_objects(void) {
    size_t i;
    for (i = 0; i < OBJECT_COUNT; i++) {
        free(objects[i].data);
        objects[i].data = NULL;
    }
}

/* ------------------------------------------------------------------------ */
/* HTTP with libcurl. */

struct buffer {
    char *data;
    size_t len;
    size_t cap;
};

struct response {
    long status;
    struct buffer body;
    struct buffer headers;
};

static size_t append(char *ptr, size_t size, size_t nmemb, void *userdata) {
    struct buffer *b = userdata;
    size_t n = size * nmemb;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap == 0 ? 4096 : b->cap;
        char *data;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        data = realloc(b->data, cap);
        if (data == NULL) {
            return 0; /* makes curl fail the transfer */
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

static void response_free(struct response *r) {
    free(r->body.data);
    free(r->headers.data);
    memset(r, 0, sizeof *r);
}

/* GETs `url` sending `headers`; with `resolve` ("host:port:address") for
 * custom domains. Returns false (and reports) when the transfer failed. */
static bool http_get_at(const char *url, struct curl_slist *headers, const char *resolve,
                        struct response *out, const char *file, int line) {
    CURL *curl = curl_easy_init();
    struct curl_slist *resolve_list = NULL;
    CURLcode rc;
    memset(out, 0, sizeof *out);
    if (!check_true_at(curl != NULL, "curl_easy_init", file, line)) {
        return false;
    }
    if (resolve != NULL) {
        resolve_list = curl_slist_append(NULL, resolve);
        curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve_list);
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out->body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &out->headers);
    curl_easy_setopt(curl, CURLOPT_PROXY, ""); /* ignore any proxy of the environment */
    curl_easy_setopt(curl, CURLOPT_IPRESOLVE, (long)CURL_IPRESOLVE_V4);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    rc = curl_easy_perform(curl);
    if (check_true_at(rc == CURLE_OK, "curl_easy_perform succeeded", file, line)) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
    } else {
        fprintf(stderr, "  %s: %s\n", url, curl_easy_strerror(rc));
    }
    curl_easy_cleanup(curl);
    curl_slist_free_all(resolve_list);
    return rc == CURLE_OK;
}

/* The value of response header `name`, copied into `out`; false if absent. */
static bool response_header(const struct response *r, const char *name, char *out, size_t size) {
    const char *line = r->headers.data;
    size_t name_len = strlen(name);
    while (line != NULL && *line != '\0') {
        const char *end = strstr(line, "\r\n");
        size_t line_len = end == NULL ? strlen(line) : (size_t)(end - line);
        if (line_len > name_len && line[name_len] == ':' && strncasecmp(line, name, name_len) == 0) {
            const char *value = line + name_len + 1;
            size_t value_len = line_len - name_len - 1;
            while (value_len > 0 && (*value == ' ' || *value == '\t')) {
                value++;
                value_len--;
            }
            if (value_len >= size) {
                value_len = size - 1;
            }
            memcpy(out, value, value_len);
            out[value_len] = '\0';
            return true;
        }
        line = end == NULL ? NULL : end + 2;
    }
    return false;
}

/* The <Code> of an OSS XML error body, or "" when there is none. */
static void oss_error_code_of(const struct response *r, char *out, size_t size) {
    const char *start = r->body.data == NULL ? NULL : strstr(r->body.data, "<Code>");
    const char *end = start == NULL ? NULL : strstr(start, "</Code>");
    size_t len;
    out[0] = '\0';
    if (start == NULL || end == NULL) {
        return;
    }
    start += strlen("<Code>");
    len = (size_t)(end - start);
    if (len >= size) {
        len = size - 1;
    }
    memcpy(out, start, len);
    out[len] = '\0';
}

/* The headers a presigned request must send, as a curl list. */
static struct curl_slist *signed_headers_at(const oss_presigned_request *request,
                                            const char *file, int line) {
    struct curl_slist *list = NULL;
    size_t i, n = oss_presigned_request_header_count(request);
    for (i = 0; i < n; i++) {
        const char *name = NULL, *value = NULL;
        char header[1024];
        if (check_ok_at(oss_presigned_request_header(request, i, &name, &value),
                        "oss_presigned_request_header", file, line)) {
            snprintf(header, sizeof header, "%s: %s", name, value);
            list = curl_slist_append(list, header);
        }
    }
    return list;
}

/* Checks a 200 answer carrying exactly the object's bytes. */
static bool check_object_at(const struct response *r, const struct object *o, const char *file,
                            int line) {
    bool ok = r->status == 200 && r->body.len == o->size &&
              (o->size == 0 || memcmp(r->body.data, o->data, o->size) == 0);
    if (!check_record(ok, file, line)) {
        char code[128];
        oss_error_code_of(r, code, sizeof code);
        fprintf(stderr,
                "download of \"%s\": status %ld, %zu bytes%s (expected 200, %zu bytes)%s%s\n",
                o->key, r->status, r->body.len,
                r->status == 200 && r->body.len == o->size ? " with other content" : "", o->size,
                code[0] ? "; OSS error " : "", code);
    }
    return ok;
}

/* Checks an error answer: HTTP status and OSS <Code>. */
static bool check_refused_at(const struct response *r, long status, const char *code,
                             const char *file, int line) {
    char actual[128];
    bool ok;
    oss_error_code_of(r, actual, sizeof actual);
    ok = r->status == status && strcmp(actual, code) == 0;
    if (!check_record(ok, file, line)) {
        fprintf(stderr, "expected %ld %s, got %ld \"%s\"\n", status, code, r->status, actual);
    }
    return ok;
}

/* ------------------------------------------------------------------------ */
/* Presign + GET in one step. */

enum send_headers { SEND_SIGNED, SEND_NONE };

struct target {
    const oss_client *client;
    const char *bucket;
    const char *key;
    const oss_get_options *options;
    const char *resolve;
};

/* Presigns `t` with oss_presign_get_request, GETs the URL (with the signed
 * headers when SEND_SIGNED) and fills `r`. Returns false on failure. */
static bool presign_and_get_at(const struct target *t, enum send_headers send,
                               struct response *r, const char *file, int line) {
    oss_presigned_request *request = NULL;
    struct curl_slist *headers = NULL;
    bool ok;
    memset(r, 0, sizeof *r);
    if (!check_ok_at(oss_presign_get_request(t->client, t->bucket, t->key, t->options, &request),
                     "oss_presign_get_request", file, line)) {
        return false;
    }
    if (send == SEND_SIGNED) {
        headers = signed_headers_at(request, file, line);
    }
    ok = http_get_at(oss_presigned_request_url(request), headers, t->resolve, r, file, line);
    curl_slist_free_all(headers);
    oss_presigned_request_free(request);
    return ok;
}

/* Downloads t->key and checks its bytes. */
static void expect_download_at(const struct target *t, const char *file, int line) {
    struct response r;
    if (presign_and_get_at(t, SEND_SIGNED, &r, file, line)) {
        check_object_at(&r, object_named(t->key), file, line);
    }
    response_free(&r);
}
#define EXPECT_DOWNLOAD(t) expect_download_at((t), __FILE__, __LINE__)

/* Expects the GET of t (sending its signed headers or not) to be refused. */
static void expect_refused_at(const struct target *t, enum send_headers send, long status,
                              const char *code, const char *file, int line) {
    struct response r;
    if (presign_and_get_at(t, send, &r, file, line)) {
        check_refused_at(&r, status, code, file, line);
    }
    response_free(&r);
}
#define EXPECT_REFUSED(t, send, status, code) \
    expect_refused_at((t), (send), (status), (code), __FILE__, __LINE__)

/* GETs a URL given as text; checks status and code (NULL: a 200 with `o`). */
static void expect_url_at(const char *url, struct curl_slist *headers, long status,
                          const char *code, const struct object *o, const char *file, int line) {
    struct response r;
    if (http_get_at(url, headers, NULL, &r, file, line)) {
        if (code == NULL) {
            check_object_at(&r, o, file, line);
        } else {
            check_refused_at(&r, status, code, file, line);
        }
    }
    response_free(&r);
}

static oss_client *client_at(const char *endpoint, const char *ak, const char *sk,
                             const char *token, const char *file, int line) {
    oss_client *client = NULL;
    check_ok_at(oss_client_new(endpoint, REGION, ak, sk, token, &client), "oss_client_new", file,
                line);
    return client;
}
#define NEW_CLIENT(endpoint, ak, sk, token) client_at((endpoint), (ak), (sk), (token), __FILE__, __LINE__)

static char endpoint_localhost[128]; /* http://localhost:PORT */
static char endpoint_ip[128];        /* http://127.0.0.1:PORT */
static char endpoint_cname[256];     /* http://CNAME:PORT */
static char resolve_cname[256];      /* CNAME:PORT:127.0.0.1 */

/* ------------------------------------------------------------------------ */
/* Tests. */

static void test_plain_key(void) {
    oss_client *client = NEW_CLIENT(endpoint_localhost, settings.ak, settings.sk, NULL);
    const struct object *o = object_named("hello.txt");
    char *url = NULL;
    char expected_prefix[256];

    /* oss_presign_get with the default options, virtual-hosted. */
    EXPECT_OK(oss_presign_get(client, settings.bucket, o->key, NULL, &url));
    snprintf(expected_prefix, sizeof expected_prefix, "http://%s.localhost:%s/hello.txt?",
             settings.bucket, settings.port);
    CHECK(url != NULL && strncmp(url, expected_prefix, strlen(expected_prefix)) == 0);
    if (url != NULL) {
        expect_url_at(url, NULL, 200, NULL, o, __FILE__, __LINE__);
    }
    oss_string_free(url);

    /* Through oss_presign_get_request, and the big binary object. */
    {
        struct target t = {client, settings.bucket, "hello.txt", NULL, NULL};
        EXPECT_DOWNLOAD(&t);
        t.key = "big/binary.bin";
        EXPECT_DOWNLOAD(&t);
        /* The response says what the emulator guessed from the name. */
        {
            struct response r;
            char type[128] = "";
            t.key = "hello.txt";
            if (presign_and_get_at(&t, SEND_SIGNED, &r, __FILE__, __LINE__)) {
                CHECK(response_header(&r, "Content-Type", type, sizeof type));
                CHECK_STR_EQ(type, "text/plain");
            }
            response_free(&r);
        }
    }

    /* A key that does not exist: signed right, so 404. */
    {
        struct target t = {client, settings.bucket, "missing/object.txt", NULL, NULL};
        EXPECT_REFUSED(&t, SEND_SIGNED, 404, "NoSuchKey");
    }
    oss_client_free(client);
}

static void test_special_keys(void) {
    oss_client *client = NEW_CLIENT(endpoint_localhost, settings.ak, settings.sk, NULL);
    size_t i;
    for (i = 0; i < OBJECT_COUNT; i++) {
        struct target t = {client, settings.bucket, objects[i].key, NULL, NULL};
        EXPECT_DOWNLOAD(&t);
    }
    oss_client_free(client);
}

static void test_query_options(void) {
    oss_client *client = NEW_CLIENT(endpoint_localhost, settings.ak, settings.sk, NULL);
    struct target t = {client, settings.bucket, "image.jpg", NULL, NULL};
    oss_get_options *options;

    /* A version id (signed; the emulator serves its only version). */
    options = oss_get_options_new();
    EXPECT_OK(oss_get_options_set_version_id(options, "CAEQNhiBgM+/0BYiIDc4MGZj==ZGI2"));
    t.options = options;
    EXPECT_DOWNLOAD(&t);
    oss_get_options_free(options);

    /* response-content-disposition and response-content-type come back as headers. */
    options = oss_get_options_new();
    {
        static const char disposition[] =
            "attachment; filename=\"report 2024+final.pdf\"; "
            "filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf";
        struct response r;
        char value[256] = "";
        EXPECT_OK(oss_get_options_set_response_content_disposition(options, disposition));
        EXPECT_OK(oss_get_options_set_response_content_type(options, "application/x-test"));
        EXPECT_OK(oss_get_options_set_response_cache_control(options, "no-cache, max-age=0"));
        t.options = options;
        if (presign_and_get_at(&t, SEND_SIGNED, &r, __FILE__, __LINE__)) {
            check_object_at(&r, object_named(t.key), __FILE__, __LINE__);
            CHECK(response_header(&r, "Content-Disposition", value, sizeof value));
            CHECK_STR_EQ(value, disposition);
            CHECK(response_header(&r, "Content-Type", value, sizeof value));
            CHECK_STR_EQ(value, "application/x-test");
            CHECK(response_header(&r, "Cache-Control", value, sizeof value));
            CHECK_STR_EQ(value, "no-cache, max-age=0");
        }
        response_free(&r);
    }
    oss_get_options_free(options);

    /* x-oss-process (the emulator serves the original) and a traffic limit. */
    options = oss_get_options_new();
    EXPECT_OK(oss_get_options_set_process(options, "image/resize,w_200/format,webp"));
    EXPECT_OK(oss_get_options_set_traffic_limit(options, 838860800));
    EXPECT_OK(oss_get_options_add_query(options, "custom param", "value+/=\xe5\xad\x90"));
    EXPECT_OK(oss_get_options_add_query(options, "flag", ""));
    t.options = options;
    EXPECT_DOWNLOAD(&t);
    oss_get_options_free(options);

    oss_client_free(client);
}

static void test_signed_headers(void) {
    oss_client *client = NEW_CLIENT(endpoint_localhost, settings.ak, settings.sk, NULL);
    oss_get_options *options = oss_get_options_new();
    struct target t = {client, settings.bucket, "with space.txt", options, NULL};

    /* Content-Type is signed as such: sent, 200; omitted, 403. */
    EXPECT_OK(oss_get_options_add_header(options, "Content-Type", "text/plain"));
    EXPECT_DOWNLOAD(&t);
    EXPECT_REFUSED(&t, SEND_NONE, 403, "SignatureDoesNotMatch");
    {
        /* Sent with another value: 403. */
        char *url = NULL;
        struct curl_slist *other = curl_slist_append(NULL, "Content-Type: text/html");
        EXPECT_OK(oss_presign_get(client, settings.bucket, t.key, options, &url));
        if (url != NULL) {
            expect_url_at(url, other, 403, "SignatureDoesNotMatch", NULL, __FILE__, __LINE__);
        }
        oss_string_free(url);
        curl_slist_free_all(other);
    }

    /* A header listed in x-oss-additional-headers, and an x-oss-* one. */
    EXPECT_OK(oss_get_options_add_header(options, "X-Trace-Id", " trace-42 "));
    EXPECT_OK(oss_get_options_add_header(options, "x-oss-meta-purpose", "test"));
    EXPECT_DOWNLOAD(&t);
    EXPECT_REFUSED(&t, SEND_NONE, 403, "SignatureDoesNotMatch");

    oss_get_options_free(options);
    oss_client_free(client);
}

static void test_sts(void) {
    oss_client *sts = NEW_CLIENT(endpoint_localhost, settings.sts_ak, settings.sts_sk,
                                 settings.sts_token);
    oss_client *no_token = NEW_CLIENT(endpoint_localhost, settings.sts_ak, settings.sts_sk, NULL);
    oss_client *bad_token = NEW_CLIENT(endpoint_localhost, settings.sts_ak, settings.sts_sk,
                                       "not-the-token");
    struct target t = {sts, settings.bucket, "emoji/\xf0\x9f\x9a\x80 launch \xf0\x9f\x98\x80.bin",
                       NULL, NULL};
    char *url = NULL;

    EXPECT_OK(oss_presign_get(sts, settings.bucket, "hello.txt", NULL, &url));
    CHECK_CONTAINS(url, "&x-oss-security-token=");
    oss_string_free(url);

    EXPECT_DOWNLOAD(&t);
    t.client = no_token;
    EXPECT_REFUSED(&t, SEND_SIGNED, 403, "InvalidAccessKeyId");
    t.client = bad_token;
    EXPECT_REFUSED(&t, SEND_SIGNED, 403, "InvalidSecurityToken");

    oss_client_free(sts);
    oss_client_free(no_token);
    oss_client_free(bad_token);
}

static void test_addressing(void) {
    oss_client_config *config = NULL;
    oss_client *client = NULL;
    char *url = NULL;
    char prefix[512];

    /* Path style on a DNS endpoint. */
    EXPECT_OK(oss_client_config_new(endpoint_localhost, REGION, &config));
    EXPECT_OK(oss_client_config_set_credentials(config, settings.ak, settings.sk, NULL));
    EXPECT_OK(oss_client_config_set_path_style(config, true));
    EXPECT_OK(oss_client_new_from_config(config, &client));
    EXPECT_OK(oss_presign_get(client, settings.bucket, "plus+sign.txt", NULL, &url));
    snprintf(prefix, sizeof prefix, "%s/%s/plus%%2Bsign.txt?", endpoint_localhost, settings.bucket);
    CHECK(url != NULL && strncmp(url, prefix, strlen(prefix)) == 0);
    oss_string_free(url);
    {
        struct target t = {client, settings.bucket, "plus+sign.txt", NULL, NULL};
        EXPECT_DOWNLOAD(&t);
        t.key = "unicode/\xe5\xad\x90\xe7\x9b\xae\xe5\xbd\x95/\xe6\x96\x87\xe4\xbb\xb6.txt";
        EXPECT_DOWNLOAD(&t);
    }
    oss_client_free(client);
    oss_client_config_free(config);

    /* An IP endpoint: path style by default. */
    client = NEW_CLIENT(endpoint_ip, settings.ak, settings.sk, NULL);
    url = NULL;
    EXPECT_OK(oss_presign_get(client, settings.bucket, "hello.txt", NULL, &url));
    snprintf(prefix, sizeof prefix, "%s/%s/hello.txt?", endpoint_ip, settings.bucket);
    CHECK(url != NULL && strncmp(url, prefix, strlen(prefix)) == 0);
    oss_string_free(url);
    {
        struct target t = {client, settings.bucket, "a+b c/d e+f.txt", NULL, NULL};
        EXPECT_DOWNLOAD(&t);
    }
    oss_client_free(client);

    /* A custom domain bound to the bucket: https://domain/key, bucket still signed. */
    config = NULL;
    client = NULL;
    EXPECT_OK(oss_client_config_new(endpoint_cname, REGION, &config));
    EXPECT_OK(oss_client_config_set_credentials(config, settings.ak, settings.sk, NULL));
    EXPECT_OK(oss_client_config_set_custom_domain(config, true));
    EXPECT_OK(oss_client_new_from_config(config, &client));
    oss_client_config_free(config);
    url = NULL;
    EXPECT_OK(oss_presign_get(client, settings.bucket, "hello.txt", NULL, &url));
    snprintf(prefix, sizeof prefix, "%s/hello.txt?", endpoint_cname);
    CHECK(url != NULL && strncmp(url, prefix, strlen(prefix)) == 0);
    oss_string_free(url);
    {
        struct target t = {client, settings.bucket, "mixed/\xc3\xbc \xc3\xa9+\xf0\x9f\x8e\x89 ~!*'()&=;,$@.dat",
                           NULL, resolve_cname};
        EXPECT_DOWNLOAD(&t);
        /* Signed for another bucket than the domain's: refused. */
        t.bucket = "another-bucket";
        EXPECT_REFUSED(&t, SEND_SIGNED, 403, "SignatureDoesNotMatch");
    }
    oss_client_free(client);
}

static void test_refusals(void) {
    oss_client *client = NEW_CLIENT(endpoint_localhost, settings.ak, settings.sk, NULL);
    oss_presigned_request *request = NULL;

    /* A tampered signature, and a URL pointed at another key. */
    EXPECT_OK(oss_presign_get_request(client, settings.bucket, "hello.txt", NULL, &request));
    if (request != NULL) {
        const char *url = oss_presigned_request_url(request);
        char *copy = malloc(strlen(url) + 64);
        char *at;
        if (copy == NULL) {
            die("malloc", "url");
        }
        /* Unchanged first: it works. */
        expect_url_at(url, NULL, 200, NULL, object_named("hello.txt"), __FILE__, __LINE__);

        strcpy(copy, url);
        at = copy + strlen(copy) - 1; /* the last hex digit of x-oss-signature */
        *at = *at == '0' ? '1' : '0';
        expect_url_at(copy, NULL, 403, "SignatureDoesNotMatch", NULL, __FILE__, __LINE__);

        at = strstr(url, "/hello.txt?");
        if (CHECK(at != NULL)) {
            size_t head = (size_t)(at - url);
            memcpy(copy, url, head);
            strcpy(copy + head, "/image.jpg");
            strcat(copy, at + strlen("/hello.txt"));
            expect_url_at(copy, NULL, 403, "SignatureDoesNotMatch", NULL, __FILE__, __LINE__);
        }
        /* An extra, unsigned query parameter changes the canonical request. */
        strcpy(copy, url);
        strcat(copy, "&versionId=1");
        expect_url_at(copy, NULL, 403, "SignatureDoesNotMatch", NULL, __FILE__, __LINE__);
        free(copy);
    }
    oss_presigned_request_free(request);

    /* Expired: signed an hour ago for 60 s. */
    {
        oss_get_options *options = oss_get_options_new();
        struct target t = {client, settings.bucket, "hello.txt", options, NULL};
        EXPECT_OK(oss_get_options_set_signing_time(options, (int64_t)time(NULL) - 3600));
        EXPECT_OK(oss_get_options_set_expires(options, 60));
        EXPECT_REFUSED(&t, SEND_SIGNED, 403, "AccessDenied");
        /* Signed an hour ago for two hours: still valid. */
        EXPECT_OK(oss_get_options_set_expires(options, 7200));
        EXPECT_DOWNLOAD(&t);
        oss_get_options_free(options);
    }

    /* A wrong secret, an unknown key id, another region. */
    {
        oss_client *wrong_secret = NEW_CLIENT(endpoint_localhost, settings.ak, "wrong-secret", NULL);
        oss_client *unknown = NEW_CLIENT(endpoint_localhost, "unknown-ak", settings.sk, NULL);
        oss_client *other_region = NULL;
        struct target t = {wrong_secret, settings.bucket, "hello.txt", NULL, NULL};
        EXPECT_REFUSED(&t, SEND_SIGNED, 403, "SignatureDoesNotMatch");
        t.client = unknown;
        EXPECT_REFUSED(&t, SEND_SIGNED, 403, "InvalidAccessKeyId");
        EXPECT_OK(oss_client_new(endpoint_localhost, "cn-beijing", settings.ak, settings.sk, NULL,
                                 &other_region));
        t.client = other_region;
        EXPECT_REFUSED(&t, SEND_SIGNED, 400, "InvalidArgument");
        oss_client_free(wrong_secret);
        oss_client_free(unknown);
        oss_client_free(other_region);
    }
    oss_client_free(client);
}

/* ------------------------------------------------------------------------ */
/* One client and one set of options shared by several threads. */

struct thread_job {
    const oss_client *client;
    const oss_get_options *options;
    const char *key;
    const char *expected_url;
    long iterations;
    unsigned mismatches;
};

static void *thread_main(void *arg) {
    struct thread_job *job = arg;
    long i;
    for (i = 0; i < job->iterations; i++) {
        char *url = NULL;
        oss_presigned_request *request = NULL;
        if (i % 2 == 0) {
            if (EXPECT_OK(oss_presign_get(job->client, settings.bucket, job->key, job->options,
                                          &url)) &&
                strcmp(url, job->expected_url) != 0) {
                job->mismatches++;
            }
            oss_string_free(url);
        } else {
            if (EXPECT_OK(oss_presign_get_request(job->client, settings.bucket, job->key,
                                                  job->options, &request)) &&
                strcmp(oss_presigned_request_url(request), job->expected_url) != 0) {
                job->mismatches++;
            }
            oss_presigned_request_free(request);
        }
    }
    /* Each thread downloads with its own curl handle. */
    expect_url_at(job->expected_url, NULL, 200, NULL, object_named(job->key), __FILE__, __LINE__);
    return NULL;
}

static void test_threads(void) {
    oss_client *client = NEW_CLIENT(endpoint_localhost, settings.ak, settings.sk, NULL);
    oss_get_options *options = oss_get_options_new();
    const char *key = "unicode/\xe5\xad\x90\xe7\x9b\xae\xe5\xbd\x95/\xe6\x96\x87\xe4\xbb\xb6.txt";
    char *expected = NULL;
    pthread_t threads[THREADS];
    struct thread_job jobs[THREADS];
    int started[THREADS];
    size_t i;

    EXPECT_OK(oss_get_options_set_signing_time(options, (int64_t)time(NULL)));
    EXPECT_OK(oss_get_options_set_expires(options, 600));
    EXPECT_OK(oss_presign_get(client, settings.bucket, key, options, &expected));
    if (expected == NULL) {
        oss_get_options_free(options);
        oss_client_free(client);
        return;
    }
    for (i = 0; i < THREADS; i++) {
        jobs[i].client = client;
        jobs[i].options = options;
        jobs[i].key = key;
        jobs[i].expected_url = expected;
        jobs[i].iterations = settings.iterations;
        jobs[i].mismatches = 0;
        started[i] = pthread_create(&threads[i], NULL, thread_main, &jobs[i]);
        CHECK_INT_EQ(started[i], 0);
    }
    for (i = 0; i < THREADS; i++) {
        if (started[i] == 0) {
            CHECK_INT_EQ(pthread_join(threads[i], NULL), 0);
            CHECK_INT_EQ(jobs[i].mismatches, 0);
        }
    }
    oss_string_free(expected);
    oss_get_options_free(options);
    oss_client_free(client);
}

/* A server two hours ahead of this machine refuses its URLs as expired; the
 * error carries the server's time, which corrects the client; the URL
 * presigned again downloads. */
static void test_clock_skew(void) {
    char endpoint[128], date[128];
    const struct object *o = &objects[0];
    oss_client *client;
    oss_service_error *error = NULL;
    struct response r;
    char *url = NULL;
    int64_t now = (int64_t)time(NULL), server_time, date_time = 0;

    snprintf(endpoint, sizeof endpoint, "http://127.0.0.1:%s", settings.skewed_port);
    client = client_at(endpoint, settings.ak, settings.sk, NULL, __FILE__, __LINE__);
    EXPECT_OK(oss_presign_get(client, settings.bucket, o->key, NULL, &url));
    if (http_get_at(url, NULL, NULL, &r, __FILE__, __LINE__)) {
        check_refused_at(&r, 403, "AccessDenied", __FILE__, __LINE__);
        EXPECT_OK(oss_service_error_parse(r.body.data, r.body.len, &error));
        CHECK_STR_EQ(oss_service_error_code(error), "AccessDenied");
        CHECK_STR_EQ(oss_service_error_message(error), "Request has expired.");
        CHECK(oss_service_error_field(error, "RequestId") != NULL);
        CHECK(oss_service_error_expires(error) > 0);
        server_time = oss_service_error_server_time(error);
        CHECK(server_time >= now + 7195 && server_time <= now + 7210);
        /* The Date header says the same. */
        CHECK(response_header(&r, "Date", date, sizeof date));
        EXPECT_OK(oss_parse_http_date(date, &date_time));
        CHECK(date_time >= server_time - 2 && date_time <= server_time + 2);

        EXPECT_OK(oss_client_set_server_time(client, server_time));
        CHECK(oss_client_clock_offset(client) >= 7195 && oss_client_clock_offset(client) <= 7210);
        oss_service_error_free(error);
        response_free(&r);
    }
    oss_string_free(url);
    url = NULL;
    EXPECT_OK(oss_presign_get(client, settings.bucket, o->key, NULL, &url));
    if (http_get_at(url, NULL, NULL, &r, __FILE__, __LINE__)) {
        check_object_at(&r, o, __FILE__, __LINE__);
        response_free(&r);
    }
    oss_string_free(url);
    oss_client_free(client);
}

/* ------------------------------------------------------------------------ */

static const char *setting(const char *name) {
    const char *value = getenv(name);
    if (value == NULL || value[0] == '\0') {
        die("missing environment variable (run tests/c/run.sh)", name);
    }
    return value;
}

int main(void) {
    int status;
    settings.port = setting("OSS_TEST_PORT");
    settings.root = setting("OSS_TEST_ROOT");
    settings.bucket = setting("OSS_TEST_BUCKET");
    settings.ak = setting("OSS_TEST_AK");
    settings.sk = setting("OSS_TEST_SK");
    settings.sts_ak = setting("OSS_TEST_STS_AK");
    settings.sts_sk = setting("OSS_TEST_STS_SK");
    settings.sts_token = setting("OSS_TEST_STS_TOKEN");
    settings.cname = setting("OSS_TEST_CNAME");
    settings.skewed_port = setting("OSS_TEST_SKEWED_PORT");
    settings.iterations = getenv("OSS_TEST_ITERATIONS") == NULL
                              ? 200
                              : strtol(getenv("OSS_TEST_ITERATIONS"), NULL, 10);
    if (settings.iterations < 1) {
        settings.iterations = 1;
    }
    check_forbid(settings.sk);
    check_forbid(settings.sts_sk);
    check_forbid(settings.sts_token);

    snprintf(endpoint_localhost, sizeof endpoint_localhost, "http://localhost:%s", settings.port);
    snprintf(endpoint_ip, sizeof endpoint_ip, "http://127.0.0.1:%s", settings.port);
    snprintf(endpoint_cname, sizeof endpoint_cname, "http://%s:%s", settings.cname, settings.port);
    snprintf(resolve_cname, sizeof resolve_cname, "%s:%s:127.0.0.1", settings.cname, settings.port);

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        die("curl_global_init", "failed");
    }
    write_objects();

    test_plain_key();
    test_special_keys();
    test_query_options();
    test_signed_headers();
    test_sts();
    test_addressing();
    test_refusals();
    test_threads();
    test_clock_skew();

    free_objects();
    curl_global_cleanup();
    status = check_summary("test_download");
    return status;
}
