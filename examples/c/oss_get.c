/*
 * oss_get: presign an OSS GET with liboss_presign, download it with libcurl.
 *
 *   export OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=...   (OSS_SESSION_TOKEN for STS)
 *   oss_get --endpoint oss-cn-hangzhou.aliyuncs.com --region cn-hangzhou \
 *           examplebucket "photos/2024 summer.jpg" summer.jpg
 *
 * Prints the URL, then the HTTP status and the number of bytes written.
 * When OSS refuses the request, prints its error code and exits with 1.
 *
 * Build (see the Makefile next to this file), or with an installed library:
 *   cc -std=c11 -Wall -Wextra -Wpedantic -Werror oss_get.c \
 *      $(pkg-config --cflags --libs oss_presign libcurl) -o oss_get
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include <oss_presign.h>

#define MAX_REPEATED 32 /* --header and --resolve, each */

static const char USAGE[] =
    "usage: oss_get [options] BUCKET KEY OUTPUT\n"
    "\n"
    "Presigns a GET of KEY in BUCKET and downloads it to the file OUTPUT.\n"
    "Credentials come from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and\n"
    "OSS_SESSION_TOKEN (optional).\n"
    "\n"
    "options:\n"
    "  --endpoint URL          [http://|https://]host[:port] (default: $OSS_ENDPOINT)\n"
    "  --region ID             region id, e.g. cn-hangzhou (default: $OSS_REGION)\n"
    "  --path-style            https://endpoint/bucket/key instead of\n"
    "                          https://bucket.endpoint/key\n"
    "  --expires SECONDS       URL lifetime, 1..604800 (default 900)\n"
    "  --signing-time UNIX     sign as of this time instead of now\n"
    "  --header 'NAME: VALUE'  sign this header and send it (repeatable)\n"
    "  --resolve HOST:PORT:ADDRESS\n"
    "                          connect to ADDRESS for HOST:PORT, like curl --resolve\n"
    "                          (repeatable)\n"
    "  --verbose               let libcurl show the HTTP exchange\n"
    "  --help                  show this text\n"
    "\n"
    "exit status: 0 downloaded (HTTP 2xx), 1 refused or failed, 2 usage error\n";

struct header {
    char *name;
    const char *value;
};

struct arguments {
    const char *endpoint;
    const char *region;
    const char *bucket;
    const char *key;
    const char *output;
    bool path_style;
    bool verbose;
    bool has_expires;
    uint64_t expires;
    bool has_signing_time;
    int64_t signing_time;
    struct header headers[MAX_REPEATED];
    size_t header_count;
    const char *resolve[MAX_REPEATED];
    size_t resolve_count;
};

/* ------------------------------------------------------------------------- */
/* Command line                                                              */

static int usage_error(const char *message, const char *detail) {
    fprintf(stderr, "oss_get: %s%s\n(oss_get --help shows the options)\n", message, detail);
    return 2;
}

static bool parse_int64(const char *text, int64_t *out) {
    char *end;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0') {
        return false;
    }
    *out = (int64_t)value;
    return true;
}

/* Splits "Name: value" into a copy of the name and a pointer to the value. */
static bool parse_header(const char *text, struct header *out) {
    const char *colon = strchr(text, ':');
    if (colon == NULL || colon == text) {
        return false;
    }
    size_t name_length = (size_t)(colon - text);
    out->name = malloc(name_length + 1);
    if (out->name == NULL) {
        return false;
    }
    memcpy(out->name, text, name_length);
    out->name[name_length] = '\0';
    out->value = colon + 1; /* the library trims surrounding blanks */
    return true;
}

/* Returns 0 to go on, 2 for a usage error, -1 after printing the help. */
static int parse_arguments(int argc, char **argv, struct arguments *args) {
    const char *positional[3];
    int positional_count = 0;
    bool options_ended = false;

    args->endpoint = getenv("OSS_ENDPOINT");
    args->region = getenv("OSS_REGION");

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (!options_ended && strcmp(arg, "--") == 0) {
            options_ended = true; /* for a key that starts with '-' */
            continue;
        }
        if (options_ended || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (positional_count == 3) {
                return usage_error("too many arguments: ", arg);
            }
            positional[positional_count++] = arg;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(USAGE, stdout);
            return -1;
        }
        if (strcmp(arg, "--path-style") == 0) {
            args->path_style = true;
            continue;
        }
        if (strcmp(arg, "--verbose") == 0) {
            args->verbose = true;
            continue;
        }

        /* Every other option takes a value: the next argument. */
        if (i + 1 == argc) {
            return usage_error("missing value after ", arg);
        }
        const char *value = argv[++i];
        if (strcmp(arg, "--endpoint") == 0) {
            args->endpoint = value;
        } else if (strcmp(arg, "--region") == 0) {
            args->region = value;
        } else if (strcmp(arg, "--expires") == 0) {
            int64_t seconds;
            if (!parse_int64(value, &seconds) || seconds < 0) {
                return usage_error("--expires needs a number of seconds, got ", value);
            }
            args->expires = (uint64_t)seconds; /* the library checks the range */
            args->has_expires = true;
        } else if (strcmp(arg, "--signing-time") == 0) {
            if (!parse_int64(value, &args->signing_time)) {
                return usage_error("--signing-time needs Unix seconds, got ", value);
            }
            args->has_signing_time = true;
        } else if (strcmp(arg, "--header") == 0) {
            if (args->header_count == MAX_REPEATED) {
                return usage_error("too many --header options", "");
            }
            if (!parse_header(value, &args->headers[args->header_count])) {
                return usage_error("--header needs 'NAME: VALUE', got ", value);
            }
            args->header_count++;
        } else if (strcmp(arg, "--resolve") == 0) {
            if (args->resolve_count == MAX_REPEATED) {
                return usage_error("too many --resolve options", "");
            }
            args->resolve[args->resolve_count++] = value;
        } else {
            return usage_error("unknown option ", arg);
        }
    }

    if (positional_count != 3) {
        return usage_error("expected BUCKET KEY OUTPUT", "");
    }
    if (args->endpoint == NULL || args->endpoint[0] == '\0') {
        return usage_error("no endpoint: use --endpoint or set OSS_ENDPOINT", "");
    }
    if (args->region == NULL || args->region[0] == '\0') {
        return usage_error("no region: use --region or set OSS_REGION", "");
    }
    args->bucket = positional[0];
    args->key = positional[1];
    args->output = positional[2];
    return 0;
}

/* ------------------------------------------------------------------------- */
/* Presigning with liboss_presign                                            */

/* True when the call succeeded; otherwise prints and frees the error. */
static bool ok(oss_error *error, const char *what) {
    if (error == NULL) {
        return true;
    }
    fprintf(stderr, "oss_get: %s: %s (oss_code %" PRIu32 ")\n", what, oss_error_message(error),
            (uint32_t)oss_error_code(error));
    oss_error_free(error);
    return false;
}

/* Returns the presigned request, or NULL after printing why. */
static oss_presigned_request *presign(const struct arguments *args) {
    oss_client_config *config = NULL;
    oss_client *client = NULL;
    oss_get_options *options = NULL;
    oss_presigned_request *request = NULL;

    if (!ok(oss_client_config_new(args->endpoint, args->region, &config), "client")
        || !ok(oss_client_config_set_credentials_from_env(config), "credentials")
        || !ok(oss_client_config_set_path_style(config, args->path_style), "client")
        || !ok(oss_client_new_from_config(config, &client), "client")) {
        goto done;
    }

    options = oss_get_options_new();
    if (options == NULL) {
        fputs("oss_get: out of memory\n", stderr);
        goto done;
    }
    if (args->has_expires
        && !ok(oss_get_options_set_expires(options, args->expires), "options")) {
        goto done;
    }
    if (args->has_signing_time
        && !ok(oss_get_options_set_signing_time(options, args->signing_time), "options")) {
        goto done;
    }
    for (size_t i = 0; i < args->header_count; i++) {
        const struct header *h = &args->headers[i];
        if (!ok(oss_get_options_add_header(options, h->name, h->value), "options")) {
            goto done;
        }
    }

    /* On failure, `request` stays NULL. */
    ok(oss_presign_get_request(client, args->bucket, args->key, options, &request), "presign");

done:
    oss_get_options_free(options);
    oss_client_free(client); /* the request owns its strings: it stays valid */
    oss_client_config_free(config);
    return request;
}

static void print_request(const oss_presigned_request *request) {
    char until[64] = "?";
    time_t expiration = (time_t)oss_presigned_request_expiration(request);
    const struct tm *utc = gmtime(&expiration);
    if (utc != NULL) {
        strftime(until, sizeof until, "%Y-%m-%d %H:%M:%S UTC", utc);
    }

    printf("%s %s\n", oss_presigned_request_method(request), oss_presigned_request_url(request));
    for (size_t i = 0; i < oss_presigned_request_header_count(request); i++) {
        const char *name;
        const char *value;
        if (ok(oss_presigned_request_header(request, i, &name, &value), "header")) {
            printf("  %s: %s\n", name, value);
        }
    }
    printf("valid until %s\n", until);
}

/* ------------------------------------------------------------------------- */
/* Downloading with libcurl                                                  */

struct download {
    CURL *curl;
    const char *path;
    FILE *file;              /* opened at the first byte of a 2xx body */
    uint64_t bytes;          /* written to the file */
    char error_body[16384];  /* start of a non-2xx body: OSS's XML error */
    size_t error_length;
    int open_errno;
};

static size_t on_body(char *data, size_t size, size_t count, void *userdata) {
    struct download *d = userdata;
    size_t length = size * count;
    long status = 0;
    curl_easy_getinfo(d->curl, CURLINFO_RESPONSE_CODE, &status);

    if (status < 200 || status > 299) {
        size_t room = sizeof d->error_body - 1 - d->error_length;
        size_t kept = length < room ? length : room;
        memcpy(d->error_body + d->error_length, data, kept);
        d->error_length += kept;
        d->error_body[d->error_length] = '\0';
        return length;
    }
    if (d->file == NULL) {
        d->file = fopen(d->path, "wb");
        if (d->file == NULL) {
            d->open_errno = errno;
            return 0; /* anything but `length` makes libcurl stop */
        }
    }
    if (fwrite(data, 1, length, d->file) != length) {
        return 0;
    }
    d->bytes += length;
    return length;
}

/* Copies the text of the first <tag>...</tag> of `xml` into `out`. */
static bool xml_element(const char *xml, const char *tag, char *out, size_t size) {
    char open[32];
    char close[32];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *start = strstr(xml, open);
    if (start == NULL) {
        return false;
    }
    start += strlen(open);
    const char *end = strstr(start, close);
    if (end == NULL) {
        return false;
    }
    size_t length = (size_t)(end - start);
    if (length >= size) {
        length = size - 1;
    }
    memcpy(out, start, length);
    out[length] = '\0';
    return true;
}

static void report_refusal(long status, const char *body) {
    char code[128];
    char message[512];
    char ec[64];
    if (!xml_element(body, "Code", code, sizeof code)) {
        fprintf(stderr, "oss_get: HTTP %ld (the answer carries no OSS error code)\n", status);
        return;
    }
    if (!xml_element(body, "Message", message, sizeof message)) {
        message[0] = '\0';
    }
    fprintf(stderr, "oss_get: HTTP %ld, OSS error %s: %s", status, code, message);
    if (xml_element(body, "EC", ec, sizeof ec)) {
        fprintf(stderr, " (EC %s)", ec);
    }
    fputc('\n', stderr);
}

/* Returns the exit status: 0 for a 2xx answer saved to args->output. */
static int download(const struct arguments *args, const oss_presigned_request *request) {
    struct download d = {.path = args->output};
    struct curl_slist *headers = NULL;
    struct curl_slist *resolve = NULL;
    char curl_error[CURL_ERROR_SIZE] = "";
    int exit_status = 1;

    d.curl = curl_easy_init();
    if (d.curl == NULL) {
        fputs("oss_get: curl_easy_init failed\n", stderr);
        return 1;
    }

    /* The signed headers must be sent exactly as returned. */
    for (size_t i = 0; i < oss_presigned_request_header_count(request); i++) {
        const char *name;
        const char *value;
        if (!ok(oss_presigned_request_header(request, i, &name, &value), "header")) {
            goto done;
        }
        size_t size = strlen(name) + strlen(value) + 3;
        char *line = malloc(size);
        if (line == NULL) {
            fputs("oss_get: out of memory\n", stderr);
            goto done;
        }
        snprintf(line, size, "%s: %s", name, value);
        struct curl_slist *grown = curl_slist_append(headers, line);
        free(line);
        if (grown == NULL) {
            fputs("oss_get: out of memory\n", stderr);
            goto done;
        }
        headers = grown;
    }
    for (size_t i = 0; i < args->resolve_count; i++) {
        struct curl_slist *grown = curl_slist_append(resolve, args->resolve[i]);
        if (grown == NULL) {
            fputs("oss_get: out of memory\n", stderr);
            goto done;
        }
        resolve = grown;
    }

    /* The URL is already in its canonical encoding: libcurl sends it as is. */
    curl_easy_setopt(d.curl, CURLOPT_URL, oss_presigned_request_url(request));
    curl_easy_setopt(d.curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(d.curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(d.curl, CURLOPT_RESOLVE, resolve);
    curl_easy_setopt(d.curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(d.curl, CURLOPT_WRITEDATA, &d);
    curl_easy_setopt(d.curl, CURLOPT_ERRORBUFFER, curl_error);
    curl_easy_setopt(d.curl, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(d.curl, CURLOPT_VERBOSE, args->verbose ? 1L : 0L);

    CURLcode result = curl_easy_perform(d.curl);
    long status = 0;
    curl_easy_getinfo(d.curl, CURLINFO_RESPONSE_CODE, &status);

    if (result != CURLE_OK) {
        if (d.open_errno != 0) {
            fprintf(stderr, "oss_get: cannot write %s: %s\n", d.path, strerror(d.open_errno));
        } else {
            fprintf(stderr, "oss_get: download failed: %s\n",
                    curl_error[0] != '\0' ? curl_error : curl_easy_strerror(result));
        }
    } else if (status < 200 || status > 299) {
        report_refusal(status, d.error_body);
    } else {
        /* An empty object still gives an (empty) file. */
        if (d.file == NULL) {
            d.file = fopen(d.path, "wb");
        }
        if (d.file == NULL) {
            fprintf(stderr, "oss_get: cannot write %s: %s\n", d.path, strerror(errno));
        } else {
            exit_status = 0;
        }
    }

    if (d.file != NULL) {
        if (fclose(d.file) != 0 && exit_status == 0) {
            fprintf(stderr, "oss_get: cannot write %s: %s\n", d.path, strerror(errno));
            exit_status = 1;
        }
        if (exit_status != 0) {
            remove(d.path); /* no partial downloads */
        }
    }
    if (exit_status == 0) {
        printf("HTTP %ld, %" PRIu64 " bytes written to %s\n", status, d.bytes, d.path);
    }

done:
    curl_slist_free_all(headers);
    curl_slist_free_all(resolve);
    curl_easy_cleanup(d.curl);
    return exit_status;
}

/* ------------------------------------------------------------------------- */

int main(int argc, char **argv) {
    struct arguments args = {0};
    int exit_status = parse_arguments(argc, argv, &args);

    if (exit_status == 0) {
        oss_presigned_request *request = presign(&args);
        if (request == NULL) {
            exit_status = 1;
        } else {
            print_request(request);
            fflush(stdout);
            if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
                fputs("oss_get: curl_global_init failed\n", stderr);
                exit_status = 1;
            } else {
                exit_status = download(&args, request);
                curl_global_cleanup();
            }
            oss_presigned_request_free(request);
        }
    } else if (exit_status < 0) {
        exit_status = 0; /* --help */
    }

    for (size_t i = 0; i < args.header_count; i++) {
        free(args.headers[i].name);
    }
    return exit_status;
}
