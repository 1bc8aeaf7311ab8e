/*
 * oss_get: presign an OSS GET with liboss_presign, download it with libcurl,
 * and survive the network a phone has.
 *
 *   export OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=...   (OSS_SESSION_TOKEN for STS)
 *   oss_get --endpoint oss-cn-hangzhou.aliyuncs.com --region cn-hangzhou \
 *           examplebucket "photos/2024 summer.jpg" summer.jpg
 *
 * Prints the URL, then the HTTP status and the size of OUTPUT. OUTPUT appears
 * only complete: the bytes arrive in OUTPUT.part, the ETag of their version in
 * OUTPUT.part.etag, and OUTPUT.part is renamed to OUTPUT at the end.
 *
 * - A transfer cut short (the connection closed early, or nothing received
 *   for --stall-timeout seconds) is retried, with backoff, from the bytes
 *   saved: `Range: bytes=N-` and `If-Match: <ETag>`. Running the same command
 *   again after the process was killed resumes the same way.
 * - If the object changed (412, or another ETag), the saved bytes are
 *   discarded and the current object is downloaded whole: OUTPUT never mixes
 *   two versions.
 * - An expired URL is presigned again before a retry; a 403 for the
 *   request's time (expired, not yet valid, clock skew: recognised by OSS's
 *   Code and EC) is answered by presigning again and retrying once, after
 *   correcting the client's clock from OSS's ServerTime or the Date header
 *   when the answer carries a time the client accepts.
 * - When the answer carries x-oss-hash-crc64ecma, the file's CRC-64 must
 *   match it (oss_crc64_update); on a mismatch the file is discarded and
 *   downloaded once more from zero, then oss_get fails.
 * - A Range signed with --header (bytes=FIRST-, bytes=FIRST-LAST or
 *   bytes=-LENGTH) is exactly what OUTPUT gets. It is never resumed: a cut
 *   fetches it again from its start; CRC-64 is checked only when the range
 *   covers the whole object.
 *
 * With --head (and no OUTPUT) it presigns a HEAD instead and prints the
 * object's size and ETag, downloading nothing.
 * docs/c-sample.md describes this in full.
 *
 * Build (see the Makefile next to this file), or with an installed library:
 *   cc -std=c11 -Wall -Wextra -Wpedantic -Werror oss_get.c \
 *      $(pkg-config --cflags --libs oss_presign libcurl) -o oss_get
 */

/* POSIX: file locks, fsync, nanosleep, stat. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include <oss_presign.h>

#define MAX_REPEATED 32      /* --header and --resolve, each */
#define DEFAULT_RETRIES 5    /* after a cut transfer */
#define DEFAULT_STALL 30     /* seconds without a byte */
#define MAX_BACKOFF_MS 8000  /* between retries: 0.5 s, 1 s, 2 s... up to this */
#define ERROR_BODY_MAX 16384 /* kept of a refusal's body: OSS's XML error */

static const char USAGE[] =
    "usage: oss_get [options] BUCKET KEY OUTPUT\n"
    "       oss_get --head [options] BUCKET KEY\n"
    "\n"
    "Presigns a GET of KEY in BUCKET and downloads it to the file OUTPUT,\n"
    "resuming a transfer cut short (partial bytes: OUTPUT.part). With --head,\n"
    "presigns a HEAD instead and prints the object's size and ETag.\n"
    "Credentials come from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and\n"
    "OSS_SESSION_TOKEN (optional).\n"
    "\n"
    "options:\n"
    "  --endpoint URL          [http://|https://]host[:port] (default: $OSS_ENDPOINT)\n"
    "  --region ID             region id, e.g. cn-hangzhou (default: $OSS_REGION)\n"
    "  --path-style            https://endpoint/bucket/key instead of\n"
    "                          https://bucket.endpoint/key\n"
    "  --expires SECONDS       URL lifetime, 1..604800 (default 900)\n"
    "  --signing-time UNIX     sign as of this time instead of now (every\n"
    "                          presign: an expired URL cannot be renewed)\n"
    "  --header 'NAME: VALUE'  sign this header and send it (repeatable); a Range\n"
    "                          (bytes=FIRST-[LAST] or bytes=-LENGTH) is what OUTPUT\n"
    "                          gets, fetched again whole if cut, never resumed\n"
    "  --resolve HOST:PORT:ADDRESS\n"
    "                          connect to ADDRESS for HOST:PORT, like curl --resolve\n"
    "                          (repeatable)\n"
    "  --retries N             retry a transfer cut short up to N times (default 5)\n"
    "  --stall-timeout SECONDS give up on a transfer that receives nothing for\n"
    "                          this long, then retry (default 30)\n"
    "  --head                  presign a HEAD and print the object's size and\n"
    "                          ETag (no OUTPUT, nothing downloaded)\n"
    "  --verbose               let libcurl show the HTTP exchange\n"
    "  --help                  show this text\n"
    "\n"
    "exit status: 0 the whole object is in OUTPUT (--head: the object exists),\n"
    "1 refused or failed (resumable bytes stay in OUTPUT.part), 2 usage error\n";

struct header {
    char *name;
    const char *value;
};

/* The one byte range a caller may sign with --header 'Range: ...'. */
struct byte_range {
    bool present;           /* a Range header is signed */
    uint64_t first;         /* bytes=FIRST-[LAST] */
    uint64_t last;          /* UINT64_MAX: up to the object's end */
    uint64_t suffix_length; /* bytes=-LENGTH: the object's last LENGTH bytes; 0 otherwise */
};

struct arguments {
    const char *endpoint;
    const char *region;
    const char *bucket;
    const char *key;
    const char *output;
    bool path_style;
    bool verbose;
    bool head; /* --head: presign a HEAD, print size and ETag */
    bool has_expires;
    uint64_t expires;
    bool has_signing_time;
    int64_t signing_time;
    struct header headers[MAX_REPEATED];
    size_t header_count;
    struct byte_range range; /* a signed Range: exactly these bytes, never resumed */
    bool signed_if_match;    /* the caller's If-Match: no second one is added */
    const char *resolve[MAX_REPEATED];
    size_t resolve_count;
    uint64_t retries;
    uint64_t stall_timeout;
};

/* ------------------------------------------------------------------------- */
/* Command line                                                              */

static int usage_error(const char *message, const char *detail) {
    fprintf(stderr, "oss_get: %s%s\n(oss_get --help shows the options)\n", message, detail);
    return 2;
}

/* ASCII case-insensitive comparison of the first `length` bytes. */
static bool same_name(const char *a, const char *b, size_t length) {
    for (size_t i = 0; i < length; i++) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] - 'A' + 'a') : b[i];
        if (x != y || x == '\0') {
            return x == y;
        }
    }
    return true;
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

/* Reads the digits at *text into out (no sign, no blank, no overflow). */
static bool parse_digits(const char **text, uint64_t *out) {
    const char *p = *text;
    uint64_t value = 0;
    if (*p < '0' || *p > '9') {
        return false;
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        uint64_t digit = (uint64_t)(*p - '0');
        if (value > (UINT64_MAX - digit) / 10) {
            return false;
        }
        value = value * 10 + digit;
    }
    *text = p;
    *out = value;
    return true;
}

/* One byte range, as OSS serves them: "bytes=FIRST-", "bytes=FIRST-LAST"
 * (LAST >= FIRST) or "bytes=-LENGTH" (LENGTH > 0), blanks around it. Several
 * ranges, or another unit, are not: OSS would answer with the whole object. */
static bool parse_byte_range(const char *text, struct byte_range *out) {
    const char *p = text + strspn(text, " \t");
    struct byte_range range = {.present = true, .last = UINT64_MAX};
    if (strncmp(p, "bytes=", 6) != 0) {
        return false;
    }
    p += 6;
    if (*p == '-') {
        p++;
        if (!parse_digits(&p, &range.suffix_length) || range.suffix_length == 0) {
            return false;
        }
    } else {
        if (!parse_digits(&p, &range.first) || *p++ != '-') {
            return false;
        }
        if (*p >= '0' && *p <= '9'
            && (!parse_digits(&p, &range.last) || range.last < range.first)) {
            return false;
        }
    }
    if (p[strspn(p, " \t")] != '\0') {
        return false;
    }
    *out = range;
    return true;
}

/* Returns 0 to go on, 2 for a usage error, -1 after printing the help. */
static int parse_arguments(int argc, char **argv, struct arguments *args) {
    const char *positional[3];
    int positional_count = 0;
    bool options_ended = false;

    args->endpoint = getenv("OSS_ENDPOINT");
    args->region = getenv("OSS_REGION");
    args->retries = DEFAULT_RETRIES;
    args->stall_timeout = DEFAULT_STALL;

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
        if (strcmp(arg, "--head") == 0) {
            args->head = true;
            continue;
        }

        /* Every other option takes a value: the next argument. */
        if (i + 1 == argc) {
            return usage_error("missing value after ", arg);
        }
        const char *value = argv[++i];
        int64_t number;
        if (strcmp(arg, "--endpoint") == 0) {
            args->endpoint = value;
        } else if (strcmp(arg, "--region") == 0) {
            args->region = value;
        } else if (strcmp(arg, "--expires") == 0) {
            if (!parse_int64(value, &number) || number < 0) {
                return usage_error("--expires needs a number of seconds, got ", value);
            }
            args->expires = (uint64_t)number; /* the library checks the range */
            args->has_expires = true;
        } else if (strcmp(arg, "--signing-time") == 0) {
            if (!parse_int64(value, &args->signing_time)) {
                return usage_error("--signing-time needs Unix seconds, got ", value);
            }
            args->has_signing_time = true;
        } else if (strcmp(arg, "--retries") == 0) {
            if (!parse_int64(value, &number) || number < 0 || number > 1000) {
                return usage_error("--retries needs a count from 0 to 1000, got ", value);
            }
            args->retries = (uint64_t)number;
        } else if (strcmp(arg, "--stall-timeout") == 0) {
            if (!parse_int64(value, &number) || number < 1 || number > 86400) {
                return usage_error("--stall-timeout needs 1 to 86400 seconds, got ", value);
            }
            args->stall_timeout = (uint64_t)number;
        } else if (strcmp(arg, "--header") == 0) {
            if (args->header_count == MAX_REPEATED) {
                return usage_error("too many --header options", "");
            }
            struct header *h = &args->headers[args->header_count];
            if (!parse_header(value, h)) {
                return usage_error("--header needs 'NAME: VALUE', got ", value);
            }
            args->header_count++;
            if (same_name(h->name, "range", 6)) {
                if (args->range.present) {
                    return usage_error("--header Range may be given once", "");
                }
                if (!parse_byte_range(h->value, &args->range)) {
                    return usage_error("--header Range takes one byte range (bytes=FIRST-, "
                                       "bytes=FIRST-LAST or bytes=-LENGTH), got ",
                                       value);
                }
            }
            args->signed_if_match |= same_name(h->name, "if-match", 9);
        } else if (strcmp(arg, "--resolve") == 0) {
            if (args->resolve_count == MAX_REPEATED) {
                return usage_error("too many --resolve options", "");
            }
            args->resolve[args->resolve_count++] = value;
        } else {
            return usage_error("unknown option ", arg);
        }
    }

    if (args->head && positional_count != 2) {
        return usage_error("--head takes BUCKET KEY (it writes no file)", "");
    }
    if (!args->head && positional_count != 3) {
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
    args->output = args->head ? NULL : positional[2];
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

/* The client (its clock is corrected from OSS's answers) and the options,
 * kept for the whole download so the URL can be presigned again. */
struct presigner {
    oss_client *client;
    oss_get_options *options;
};

static void presigner_free(struct presigner *p) {
    oss_get_options_free(p->options);
    oss_client_free(p->client);
}

static bool presigner_init(struct presigner *p, const struct arguments *args) {
    oss_client_config *config = NULL;
    bool ready = false;

    p->client = NULL;
    p->options = NULL;
    if (!ok(oss_client_config_new(args->endpoint, args->region, &config), "client")
        || !ok(oss_client_config_set_credentials_from_env(config), "credentials")
        || !ok(oss_client_config_set_path_style(config, args->path_style), "client")
        || !ok(oss_client_new_from_config(config, &p->client), "client")) {
        goto done;
    }
    p->options = oss_get_options_new();
    if (p->options == NULL) {
        fputs("oss_get: out of memory\n", stderr);
        goto done;
    }
    if (args->has_expires
        && !ok(oss_get_options_set_expires(p->options, args->expires), "options")) {
        goto done;
    }
    if (args->has_signing_time
        && !ok(oss_get_options_set_signing_time(p->options, args->signing_time), "options")) {
        goto done;
    }
    for (size_t i = 0; i < args->header_count; i++) {
        const struct header *h = &args->headers[i];
        if (!ok(oss_get_options_add_header(p->options, h->name, h->value), "options")) {
            goto done;
        }
    }
    ready = true;

done:
    oss_client_config_free(config);
    if (!ready) {
        presigner_free(p);
    }
    return ready;
}

/* Returns the presigned request (a GET, or a HEAD with --head), or NULL
 * after printing why. */
static oss_presigned_request *presign(const struct presigner *p, const struct arguments *args) {
    oss_presigned_request *request = NULL;
    /* On failure, `request` stays NULL. */
    if (args->head) {
        ok(oss_presign_head_request(p->client, args->bucket, args->key, p->options, &request),
           "presign");
    } else {
        ok(oss_presign_get_request(p->client, args->bucket, args->key, p->options, &request),
           "presign");
    }
    return request;
}

/* The presigner's idea of now: the device's clock, corrected once OSS told
 * the client its time (oss_client_set_server_time). */
static int64_t corrected_now(const struct presigner *p) {
    return (int64_t)time(NULL) + oss_client_clock_offset(p->client);
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
    fflush(stdout);
}

/* ------------------------------------------------------------------------- */
/* Small helpers                                                             */

static bool parse_uint64(const char *text, uint64_t *out) {
    char *end;
    if (text[0] < '0' || text[0] > '9') {
        return false;
    }
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0') {
        return false;
    }
    *out = (uint64_t)value;
    return true;
}

static char *concat(const char *a, const char *b) {
    size_t size = strlen(a) + strlen(b) + 1;
    char *s = malloc(size);
    if (s != NULL) {
        snprintf(s, size, "%s%s", a, b);
    }
    return s;
}

static void sleep_ms(long ms) {
    struct timespec delay = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&delay, &delay) != 0 && errno == EINTR) {
    }
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

/* Prints OSS's refusal: its Code, Message and EC from the XML body, or, for
 * an answer without one (a HEAD's), the EC of the x-oss-ec header. */
static void report_refusal(long status, const char *body, const char *ec_header) {
    char code[128];
    char message[512];
    char ec[64];
    if (!xml_element(body, "Code", code, sizeof code)) {
        if (ec_header[0] != '\0') {
            fprintf(stderr, "oss_get: HTTP %ld (EC %s)\n", status, ec_header);
        } else {
            fprintf(stderr, "oss_get: HTTP %ld (the answer carries no OSS error code)\n", status);
        }
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

/* ------------------------------------------------------------------------- */
/* The partial file: OUTPUT.part, and the ETag of its bytes in               */
/* OUTPUT.part.etag. Its CRC-64 is kept as bytes are appended.               */

struct partial {
    char *path;      /* OUTPUT.part */
    char *etag_path; /* OUTPUT.part.etag */
    int fd;          /* open and locked for the whole run: one writer */
    uint64_t size;   /* bytes saved */
    uint64_t crc;    /* CRC-64/ECMA of those bytes */
    char etag[256];  /* the version they belong to; "" for none */
    bool resumable;  /* a later run may resume them: their ETag goes beside them */
};

static bool write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, data, length);
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return false;
        }
        data += written;
        length -= (size_t)written;
    }
    return true;
}

/* Records the ETag of the bytes to come; beside the partial file when they
 * may be resumed (to a temporary name, then renamed, so a kill leaves the old
 * tag or the new one). */
static bool partial_save_etag(struct partial *part, const char *etag) {
    if (!part->resumable) {
        snprintf(part->etag, sizeof part->etag, "%s", etag);
        return true;
    }
    char *tmp = concat(part->etag_path, ".tmp");
    FILE *f = tmp != NULL ? fopen(tmp, "w") : NULL;
    bool saved = f != NULL && fprintf(f, "%s\n", etag) > 0;
    saved = f != NULL && fclose(f) == 0 && saved && rename(tmp, part->etag_path) == 0;
    if (!saved && tmp != NULL) {
        remove(tmp);
    }
    free(tmp);
    if (saved) {
        snprintf(part->etag, sizeof part->etag, "%s", etag);
    } else {
        fprintf(stderr, "oss_get: cannot write %s: %s\n", part->etag_path, strerror(errno));
    }
    return saved;
}

/* Empties the partial file, keeping the version it is for. */
static bool partial_rewind(struct partial *part) {
    part->size = 0;
    part->crc = 0;
    if (ftruncate(part->fd, 0) != 0 || lseek(part->fd, 0, SEEK_SET) != 0) {
        fprintf(stderr, "oss_get: cannot truncate %s: %s\n", part->path, strerror(errno));
        return false;
    }
    return true;
}

/* Forgets the saved bytes: they belong to another version, or are wrong. */
static bool partial_discard(struct partial *part) {
    part->etag[0] = '\0';
    remove(part->etag_path);
    return partial_rewind(part);
}

static bool partial_append(struct partial *part, const char *data, size_t length) {
    if (!write_all(part->fd, data, length)) {
        return false;
    }
    part->crc = oss_crc64_update(part->crc, data, length);
    part->size += length;
    return true;
}

/* Opens (and locks) OUTPUT.part. Bytes left by an earlier run are kept when
 * `resume` and their ETag was saved beside them; their CRC-64 is computed
 * again. */
static bool partial_open(struct partial *part, const char *output, bool resume) {
    memset(part, 0, sizeof *part);
    part->fd = -1;
    part->resumable = resume;
    part->path = concat(output, ".part");
    part->etag_path = concat(output, ".part.etag");
    if (part->path == NULL || part->etag_path == NULL) {
        fputs("oss_get: out of memory\n", stderr);
        return false;
    }
    part->fd = open(part->path, O_RDWR | O_CREAT, 0644);
    if (part->fd < 0) {
        fprintf(stderr, "oss_get: cannot open %s: %s\n", part->path, strerror(errno));
        return false;
    }
    struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    if (fcntl(part->fd, F_SETLK, &lock) != 0) {
        fprintf(stderr, "oss_get: %s is being written by another process\n", part->path);
        close(part->fd);
        part->fd = -1; /* theirs: never removed here */
        return false;
    }

    FILE *f = resume ? fopen(part->etag_path, "r") : NULL;
    if (f != NULL) {
        if (fgets(part->etag, sizeof part->etag, f) == NULL) {
            part->etag[0] = '\0';
        }
        part->etag[strcspn(part->etag, "\r\n")] = '\0';
        fclose(f);
    }
    if (part->etag[0] == '\0') {
        return partial_discard(part); /* bytes of an unknown version are useless */
    }

    char buffer[65536];
    ssize_t n;
    while ((n = read(part->fd, buffer, sizeof buffer)) != 0) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            fprintf(stderr, "oss_get: cannot read %s: %s\n", part->path, strerror(errno));
            return false;
        }
        part->crc = oss_crc64_update(part->crc, buffer, (size_t)n);
        part->size += (uint64_t)n;
    }
    if (part->size == 0) {
        return partial_discard(part);
    }
    printf("resuming: %" PRIu64 " bytes saved in %s (ETag %s)\n", part->size, part->path,
           part->etag);
    fflush(stdout);
    return true;
}

/* Moves the finished file to OUTPUT. */
static bool partial_finish(struct partial *part, const char *output) {
    if (fsync(part->fd) != 0 || rename(part->path, output) != 0) {
        fprintf(stderr, "oss_get: cannot write %s: %s\n", output, strerror(errno));
        return false;
    }
    remove(part->etag_path);
    return true;
}

/* Closes the partial file; one with nothing to resume is removed. */
static void partial_close(struct partial *part, bool finished) {
    if (part->fd >= 0) {
        if (!finished && (part->size == 0 || !part->resumable)) {
            remove(part->path);
            remove(part->etag_path);
        } else if (!finished) {
            fprintf(stderr,
                    "oss_get: %" PRIu64 " bytes kept in %s: run the same command again to resume\n",
                    part->size, part->path);
        }
        close(part->fd);
    }
    free(part->path);
    free(part->etag_path);
}

/* ------------------------------------------------------------------------- */
/* One HTTP exchange with libcurl                                            */

struct exchange {
    struct partial *part;
    const struct byte_range *range; /* the caller's signed Range (range->present) */
    bool sent_range;        /* our Range asked for the rest of the saved version */
    bool sent_if_match;     /* our If-Match pinned the version saved or seen */
    bool started;           /* the 2xx body was accepted: bytes go to the partial file */
    bool other_version;     /* the answer was another version: stopped, not saved */
    bool not_the_range;     /* the answer is not the signed Range: stopped, not saved */
    bool whole;             /* the answer completes the whole object: CRC-64 applies */
    bool write_failed;
    int write_errno;
    uint64_t total;         /* the partial file's size once this answer is complete */
    uint64_t received;      /* body bytes of this exchange */
    long status;            /* from the status line */
    char etag[256];
    char content_range[128];
    char content_length[32];
    char crc64[32];         /* x-oss-hash-crc64ecma */
    char ec[64];            /* x-oss-ec: the EC of a refusal, body or not */
    char date[64];
    char error_body[ERROR_BODY_MAX + 1]; /* start of a non-2xx body: OSS's XML error */
    size_t error_length;
};

/* When `line` is the header `name` ("etag:"), copies its trimmed value into
 * `out` (a value too long for `out` is dropped). */
static void keep_header(const char *line, size_t length, const char *name, char *out,
                        size_t size) {
    size_t name_length = strlen(name);
    if (length <= name_length || !same_name(line, name, name_length)) {
        return;
    }
    const char *value = line + name_length;
    size_t value_length = length - name_length;
    while (value_length > 0 && (*value == ' ' || *value == '\t')) {
        value++;
        value_length--;
    }
    while (value_length > 0 && strchr(" \t\r\n", value[value_length - 1]) != NULL) {
        value_length--;
    }
    if (value_length < size) {
        memcpy(out, value, value_length);
        out[value_length] = '\0';
    }
}

/* Keeps the headers the download decides on; a new status line starts over
 * (after a 100 Continue, say). */
static size_t on_header(char *line, size_t size, size_t count, void *userdata) {
    struct exchange *x = userdata;
    size_t length = size * count;

    if (length >= 5 && memcmp(line, "HTTP/", 5) == 0) {
        x->etag[0] = x->content_range[0] = x->content_length[0] = '\0';
        x->crc64[0] = x->ec[0] = x->date[0] = '\0';
        const char *space = memchr(line, ' ', length);
        x->status = space != NULL ? strtol(space + 1, NULL, 10) : 0;
        return length;
    }
    keep_header(line, length, "etag:", x->etag, sizeof x->etag);
    keep_header(line, length, "content-range:", x->content_range, sizeof x->content_range);
    keep_header(line, length, "content-length:", x->content_length, sizeof x->content_length);
    keep_header(line, length, "x-oss-hash-crc64ecma:", x->crc64, sizeof x->crc64);
    keep_header(line, length, "x-oss-ec:", x->ec, sizeof x->ec);
    keep_header(line, length, "date:", x->date, sizeof x->date);
    return length;
}

/* True when a 206's Content-Range (FIRST-LAST/TOTAL) is the signed range:
 * its start, and its end (an end past the object's stops at its last byte,
 * as OSS's standard range behaviour serves it). */
static bool is_the_range(const struct byte_range *r, uint64_t first, uint64_t last,
                         uint64_t total) {
    if (first > last || last >= total) {
        return false;
    }
    if (r->suffix_length > 0) {
        uint64_t length = r->suffix_length < total ? r->suffix_length : total;
        return last == total - 1 && first == total - length;
    }
    return first == r->first && last == (r->last >= total ? total - 1 : r->last);
}

/* True when the signed range covers all of an object of `size` bytes. */
static bool covers_whole(const struct byte_range *r, uint64_t size) {
    if (r->suffix_length > 0) {
        return r->suffix_length >= size;
    }
    return r->first == 0 && (size == 0 || r->last >= size - 1);
}

/* begin_body for the caller's signed Range. Nothing is saved before it (a
 * range is never resumed), but the version an earlier attempt saw is kept:
 * the answer must be of it. A 206 must be the range; a 200 (OSS ignores a
 * Range it cannot serve) only when the whole object is what the range
 * covers. */
static bool begin_range_body(struct exchange *x) {
    struct partial *part = x->part;
    const struct byte_range *r = x->range;
    uint64_t first = 0;
    uint64_t last = 0;
    uint64_t total = 0;
    if (part->etag[0] != '\0' && strcmp(x->etag, part->etag) != 0) {
        x->other_version = true;
        return false;
    }
    if (x->status == 206) {
        if (sscanf(x->content_range, "bytes %" SCNu64 "-%" SCNu64 "/%" SCNu64, &first, &last,
                   &total) != 3
            || !is_the_range(r, first, last, total)) {
            x->not_the_range = true;
            return false;
        }
        x->total = last - first + 1;
        x->whole = first == 0 && last == total - 1;
    } else {
        if (!parse_uint64(x->content_length, &x->total) || !covers_whole(r, x->total)) {
            x->not_the_range = true;
            return false;
        }
        x->whole = true;
    }
    return partial_save_etag(part, x->etag); /* in memory: a range is never resumed */
}

/* Decides, at the first byte of a 2xx body, where the bytes go. A 206 must
 * continue the saved bytes of the same version; anything else is the whole
 * object, which replaces them. Returns false to stop the transfer. */
static bool begin_body(struct exchange *x) {
    struct partial *part = x->part;
    x->started = true;
    if (x->range->present) {
        return begin_range_body(x);
    }
    x->whole = true;
    if (x->status == 206) {
        uint64_t first = 0;
        uint64_t last = 0;
        uint64_t total = 0;
        if (!x->sent_range
            || sscanf(x->content_range, "bytes %" SCNu64 "-%" SCNu64 "/%" SCNu64, &first, &last,
                      &total) != 3
            || first != part->size || strcmp(x->etag, part->etag) != 0) {
            x->other_version = true;
            return false;
        }
        x->total = total;
        return true;
    }
    if (part->size > 0) {
        printf("the server sent the whole object: starting over\n");
        if (!partial_discard(part)) {
            return false;
        }
    }
    if (!parse_uint64(x->content_length, &x->total)) {
        x->total = UINT64_MAX; /* unknown: whatever arrives before a clean end */
    }
    /* The tag goes to disk before the bytes: saved bytes always have theirs. */
    if (x->etag[0] != '\0') {
        return partial_save_etag(part, x->etag);
    }
    remove(part->etag_path); /* no ETag: a cut transfer restarts from zero */
    part->etag[0] = '\0';
    return true;
}

static size_t on_body(char *data, size_t size, size_t count, void *userdata) {
    struct exchange *x = userdata;
    size_t length = size * count;

    if (x->status < 200 || x->status > 299) {
        size_t room = ERROR_BODY_MAX - x->error_length;
        size_t kept = length < room ? length : room;
        memcpy(x->error_body + x->error_length, data, kept);
        x->error_length += kept;
        x->error_body[x->error_length] = '\0';
        return length;
    }
    if (!x->started && !begin_body(x)) {
        return 0; /* anything but `length` makes libcurl stop */
    }
    if (!partial_append(x->part, data, length)) {
        x->write_failed = true;
        x->write_errno = errno;
        return 0;
    }
    x->received += length;
    return length;
}

/* ------------------------------------------------------------------------- */
/* Why OSS refused: by its Code and EC, never by the English message          */

/* OSS's EC values for a presigned URL refused for its time: 0002-00000069
 * (V1/V2 "Request has expired"), 0002-00000236 (V4 expired), 0002-00000235
 * (V4 not valid yet), from OSS's EC documentation. */
static const char *const TIME_ECS[] = {"0002-00000069", "0002-00000236", "0002-00000235"};

static bool time_ec(const char *ec) {
    for (size_t i = 0; ec != NULL && i < sizeof TIME_ECS / sizeof TIME_ECS[0]; i++) {
        if (strcmp(ec, TIME_ECS[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* The Date header in Unix seconds; 0 when absent or unreadable. */
static int64_t date_header(const struct exchange *x) {
    int64_t server_time = 0;
    if (x->date[0] == '\0') {
        return 0;
    }
    oss_error *error = oss_parse_http_date(x->date, &server_time);
    if (error != NULL) {
        oss_error_free(error);
        return 0;
    }
    return server_time;
}

/* True when a 403 refused the request for its time (expired, not yet valid,
 * skewed); *server_time is then the server's time it carries (ServerTime,
 * else the Date header), 0 for none. */
static bool time_refusal(const struct exchange *x, int64_t *server_time) {
    oss_service_error *e = NULL;
    bool for_time = false;

    *server_time = 0;
    if (x->status != 403) {
        return false;
    }
    oss_error *not_oss = oss_service_error_parse(x->error_body, x->error_length, &e);
    if (not_oss != NULL) {
        /* No OSS error body (a HEAD's answer has none): its x-oss-ec header
         * and Date still tell. */
        oss_error_free(not_oss);
        for_time = time_ec(x->ec);
        *server_time = for_time ? date_header(x) : 0;
        return for_time;
    }
    const char *code = oss_service_error_code(e);
    if (strcmp(code, "RequestTimeTooSkewed") == 0) {
        for_time = true;
    } else if (strcmp(code, "AccessDenied") == 0) {
        for_time = time_ec(oss_service_error_field(e, "EC"));
        /* Without a known EC: an expiry OSS reports as Expires before its
         * ServerTime. */
        int64_t expires = oss_service_error_expires(e);
        for_time |= expires != 0 && oss_service_error_server_time(e) > expires;
    }
    if (for_time) {
        *server_time = oss_service_error_server_time(e);
        if (*server_time == 0) {
            *server_time = date_header(x);
        }
    }
    oss_service_error_free(e);
    return for_time;
}

/* After a refusal for time: sets the client's clock from the server's time
 * when there is one it accepts. A time it refuses (before 2026 or after
 * 2099: a stale cache or a broken proxy, not OSS) is reported and corrects
 * nothing. Either way the URL is presigned again and the request retried
 * once: an expired URL needs no clock to be renewed. */
static void correct_clock(struct presigner *p, int64_t server_time) {
    if (server_time == 0) {
        fputs("oss_get: the refusal carries no time: the clock stays as it is\n", stderr);
    } else {
        ok(oss_client_set_server_time(p->client, server_time), "clock");
    }
}

/* ------------------------------------------------------------------------- */
/* The download: attempts until the whole object is in OUTPUT                 */

enum outcome {
    DONE,             /* the whole object (or the signed range) is in the partial file */
    RETRY,            /* cut short, stalled or a transient error: again, from the saved bytes */
    START_OVER,       /* another version: saved bytes discarded, download it whole */
    REFUSED_FOR_TIME, /* expired, not valid yet, skewed: presign again (clock corrected) */
    FAILED,
};

struct download {
    const struct arguments *args;
    struct presigner *presigner;
    oss_presigned_request *request;
    struct partial part;
    CURL *curl;
    struct curl_slist *resolve;
    char curl_error[CURL_ERROR_SIZE];
    uint64_t transferred;  /* body bytes received, every attempt */
    long last_status;
    char crc64[32];        /* of the last 2xx answer, when it completed the whole object */
    char content_range[128]; /* of the last 2xx answer, when it was a part of the object */
};

static bool append_header(struct curl_slist **headers, const char *line) {
    struct curl_slist *grown = curl_slist_append(*headers, line);
    if (grown == NULL) {
        return false;
    }
    *headers = grown;
    return true;
}

/* The signed headers; Range when saved bytes continue (`resume`); If-Match
 * on their version (`pin`). */
static bool request_headers(const struct download *d, bool resume, bool pin,
                            struct curl_slist **out) {
    struct curl_slist *headers = NULL;
    char range[64];
    char if_match[300];

    for (size_t i = 0; i < oss_presigned_request_header_count(d->request); i++) {
        const char *name;
        const char *value;
        if (!ok(oss_presigned_request_header(d->request, i, &name, &value), "header")) {
            goto failed;
        }
        size_t size = strlen(name) + strlen(value) + 3;
        char *text = malloc(size);
        if (text == NULL) {
            goto failed;
        }
        snprintf(text, size, "%s: %s", name, value);
        bool appended = append_header(&headers, text);
        free(text);
        if (!appended) {
            goto failed;
        }
    }
    snprintf(range, sizeof range, "Range: bytes=%" PRIu64 "-", d->part.size);
    snprintf(if_match, sizeof if_match, "If-Match: %s", d->part.etag);
    if ((resume && !append_header(&headers, range))
        || (pin && !append_header(&headers, if_match))) {
        goto failed;
    }
    *out = headers;
    return true;

failed:
    fputs("oss_get: out of memory\n", stderr);
    curl_slist_free_all(headers);
    return false;
}

static bool transient_curl_error(CURLcode result) {
    switch (result) {
    case CURLE_PARTIAL_FILE:        /* closed before Content-Length */
    case CURLE_OPERATION_TIMEDOUT:  /* stalled past --stall-timeout */
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

static enum outcome attempt(struct download *d) {
    const struct byte_range *range = &d->args->range;
    struct exchange *x = calloc(1, sizeof *x);
    enum outcome outcome = FAILED;
    /* A signed range is never resumed: a retry asks for all of it again. */
    bool resume = d->part.size > 0 && !range->present;
    /* Saved bytes, or an earlier answer to the range, fix the version; the
     * caller's own If-Match is left alone (a second one would widen it). */
    bool pin = (resume || range->present) && d->part.etag[0] != '\0' && !d->args->signed_if_match;

    if (x == NULL) {
        fputs("oss_get: out of memory\n", stderr);
        return FAILED;
    }
    if (!resume && d->part.size > 0 && !partial_rewind(&d->part)) {
        free(x);
        return FAILED;
    }
    struct curl_slist *headers = NULL;
    if (!request_headers(d, resume, pin, &headers)) {
        free(x);
        return FAILED;
    }
    x->part = &d->part;
    x->range = range;
    x->sent_range = resume;
    x->sent_if_match = pin;
    d->curl_error[0] = '\0';

    /* The URL is already in its canonical encoding: libcurl sends it as is. */
    curl_easy_setopt(d->curl, CURLOPT_URL, oss_presigned_request_url(d->request));
    curl_easy_setopt(d->curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(d->curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(d->curl, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(d->curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(d->curl, CURLOPT_WRITEDATA, x);
    CURLcode result = curl_easy_perform(d->curl);
    curl_slist_free_all(headers);
    d->transferred += x->received;
    d->last_status = x->status;

    bool success = x->status >= 200 && x->status <= 299;
    /* An empty object has no body bytes, so no on_body: its (empty) file
     * starts here. */
    if (result == CURLE_OK && success && !x->started && !begin_body(x)) {
        result = CURLE_WRITE_ERROR;
    }
    if (x->other_version) {
        printf("the answer is another version of the object (ETag %s, saved %s): starting over\n",
               x->etag, d->part.etag);
        outcome = partial_discard(&d->part) ? START_OVER : FAILED;
    } else if (x->not_the_range) {
        /* Asking again gets the same answer. */
        fprintf(stderr,
                "oss_get: HTTP %ld, Content-Range %s, Content-Length %s: not the signed Range "
                "(the object may end before it starts); nothing written\n",
                x->status, x->content_range[0] != '\0' ? x->content_range : "(none)",
                x->content_length[0] != '\0' ? x->content_length : "(none)");
    } else if (x->write_failed) {
        fprintf(stderr, "oss_get: cannot write %s: %s\n", d->part.path, strerror(x->write_errno));
    } else if (result != CURLE_OK && (success || x->status == 0) && transient_curl_error(result)) {
        fprintf(stderr, "oss_get: transfer cut short at byte %" PRIu64 ": %s\n", d->part.size,
                d->curl_error[0] != '\0' ? d->curl_error : curl_easy_strerror(result));
        outcome = RETRY;
    } else if (result != CURLE_OK) {
        fprintf(stderr, "oss_get: download failed: %s\n",
                d->curl_error[0] != '\0' ? d->curl_error : curl_easy_strerror(result));
    } else if (success && x->total != UINT64_MAX && d->part.size != x->total) {
        fprintf(stderr, "oss_get: the answer ended at byte %" PRIu64 " of %" PRIu64 "\n",
                d->part.size, x->total);
        outcome = RETRY;
    } else if (success) {
        /* x-oss-hash-crc64ecma is the whole object's, even on a 206. */
        snprintf(d->crc64, sizeof d->crc64, "%s", x->whole ? x->crc64 : "");
        snprintf(d->content_range, sizeof d->content_range, "%s",
                 x->whole ? "" : x->content_range);
        outcome = DONE;
    } else if ((x->status == 412 && x->sent_if_match) || (x->status == 416 && x->sent_range)) {
        /* 412: our If-Match failed, the object changed since the bytes saved
         * or seen. 416: the saved bytes reach past the object's end. (The
         * caller's own If-Match or Range refused: a refusal like another.) */
        printf("HTTP %ld: the saved bytes do not continue the current object: starting over\n",
               x->status);
        outcome = partial_discard(&d->part) ? START_OVER : FAILED;
    } else if (x->status >= 500) {
        report_refusal(x->status, x->error_body, x->ec); /* InternalError, SlowDown: try again */
        outcome = RETRY;
    } else {
        report_refusal(x->status, x->error_body, x->ec);
        int64_t server_time;
        if (time_refusal(x, &server_time)) {
            correct_clock(d->presigner, server_time);
            outcome = REFUSED_FOR_TIME;
        } else if (x->status == 404) {
            partial_discard(&d->part); /* the object is gone: its bytes are useless */
        }
    }
    free(x);
    return outcome;
}

/* Presigns again (the clock may have been corrected since); false when that
 * fails. With --signing-time the URL stays the same: callers check first. */
static bool presign_again(struct download *d, const char *why) {
    oss_presigned_request *again = presign(d->presigner, d->args);
    if (again == NULL) {
        return false;
    }
    oss_presigned_request_free(d->request);
    d->request = again;
    fprintf(stderr, "oss_get: %s: presigned again, valid until Unix time %" PRId64 "\n", why,
            oss_presigned_request_expiration(again));
    return true;
}

/* True when the URL has expired by the presigner's clock and can be
 * renewed (a fixed --signing-time cannot: OSS's refusal will tell). */
static bool renewable_expired(const struct download *d) {
    return !d->args->has_signing_time
           && corrected_now(d->presigner) >= oss_presigned_request_expiration(d->request);
}

/* After a refusal for time: presigns again, once. False to stop. */
static bool renew_after_time_refusal(struct download *d, bool *retried) {
    if (*retried) {
        return false; /* refused twice: the refusal stands */
    }
    if (d->args->has_signing_time) {
        fputs("oss_get: --signing-time fixes the URL: it cannot be renewed\n", stderr);
        return false;
    }
    *retried = true;
    return presign_again(d, "OSS refused the request for its time");
}

/* Returns the exit status: 0 once the whole object is in OUTPUT. */
static int run_download(struct download *d) {
    const struct arguments *args = d->args;
    uint64_t retries = 0;
    bool clock_retried = false; /* one retry per refusal for time */
    bool crc_retried = false;   /* one download from zero after a CRC mismatch */
    long backoff_ms = 500;

    for (;;) {
        if (renewable_expired(d)) {
            presign_again(d, "the URL has expired");
        }
        uint64_t transferred_before = d->transferred;
        enum outcome outcome = attempt(d);
        if (d->transferred > transferred_before) {
            clock_retried = false; /* the URL worked: a later refusal is a new one */
        }
        switch (outcome) {
        case DONE:
            break;
        case FAILED:
            return 1;
        case REFUSED_FOR_TIME:
            if (!renew_after_time_refusal(d, &clock_retried)) {
                return 1;
            }
            continue;
        case RETRY:
        case START_OVER:
            if (retries == args->retries) {
                fprintf(stderr, "oss_get: giving up after %" PRIu64 " retries\n", retries);
                return 1;
            }
            retries++;
            if (outcome == RETRY) {
                fprintf(stderr, "oss_get: retry %" PRIu64 " of %" PRIu64 " in %ld ms%s\n", retries,
                        args->retries, backoff_ms,
                        d->part.size == 0       ? ""
                        : args->range.present ? ", from the start of the range"
                                              : ", from the saved bytes");
                sleep_ms(backoff_ms);
                backoff_ms = backoff_ms * 2 > MAX_BACKOFF_MS ? MAX_BACKOFF_MS : backoff_ms * 2;
            }
            continue;
        }

        /* The whole object: check it as Alibaba's downloaders do. */
        uint64_t expected;
        if (d->crc64[0] != '\0' && parse_uint64(d->crc64, &expected)
            && expected != d->part.crc) {
            fprintf(stderr,
                    "oss_get: CRC-64 mismatch: the %" PRIu64 " bytes received have CRC-64 %" PRIu64
                    ", OSS says the object's is %" PRIu64 " (x-oss-hash-crc64ecma)\n",
                    d->part.size, d->part.crc, expected);
            if (!partial_discard(&d->part)) {
                return 1;
            }
            if (crc_retried) {
                fprintf(stderr, "oss_get: the object arrived corrupted twice; %s not written\n",
                        args->output);
                return 1;
            }
            crc_retried = true;
            fputs("oss_get: downloading it again from the start\n", stderr);
            continue;
        }
        if (!partial_finish(&d->part, args->output)) {
            return 1;
        }
        printf("HTTP %ld, %" PRIu64 " bytes written to %s", d->last_status, d->part.size,
               args->output);
        if (d->transferred != d->part.size) {
            printf(" (%" PRIu64 " bytes transferred)", d->transferred);
        }
        if (d->content_range[0] != '\0') {
            /* OSS's CRC-64 is the whole object's: a part cannot be checked. */
            printf(", %s of the object", d->content_range);
        }
        printf("%s\n", d->crc64[0] != '\0' ? ", CRC-64 checked" : "");
        return 0;
    }
}

/* The libcurl handle of a download or HEAD, with the options both use. */
static bool curl_open(struct download *d) {
    const struct arguments *args = d->args;
    d->curl = curl_easy_init();
    if (d->curl == NULL) {
        fputs("oss_get: curl_easy_init failed\n", stderr);
        return false;
    }
    for (size_t i = 0; i < args->resolve_count; i++) {
        struct curl_slist *grown = curl_slist_append(d->resolve, args->resolve[i]);
        if (grown == NULL) {
            fputs("oss_get: out of memory\n", stderr);
            return false;
        }
        d->resolve = grown;
    }
    curl_easy_setopt(d->curl, CURLOPT_RESOLVE, d->resolve);
    curl_easy_setopt(d->curl, CURLOPT_ERRORBUFFER, d->curl_error);
    curl_easy_setopt(d->curl, CURLOPT_CONNECTTIMEOUT, 30L);
    /* A stall: under 1 byte/s for --stall-timeout seconds. */
    curl_easy_setopt(d->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(d->curl, CURLOPT_LOW_SPEED_TIME, (long)args->stall_timeout);
    curl_easy_setopt(d->curl, CURLOPT_VERBOSE, args->verbose ? 1L : 0L);
    return true;
}

/* Frees what curl_open made (also after it failed) and the request. */
static void curl_close(struct download *d) {
    curl_slist_free_all(d->resolve);
    curl_easy_cleanup(d->curl);
    oss_presigned_request_free(d->request);
}

static int download(const struct arguments *args, struct presigner *presigner,
                    oss_presigned_request *first) {
    struct download d = {.args = args, .presigner = presigner, .request = first};
    int exit_status = 1;
    bool finished = false;

    /* Bytes of a signed range are never resumed: none are kept. */
    if (partial_open(&d.part, args->output, !args->range.present) && curl_open(&d)) {
        curl_easy_setopt(d.curl, CURLOPT_HTTPGET, 1L);
        exit_status = run_download(&d);
        finished = exit_status == 0;
    }
    partial_close(&d.part, finished);
    curl_close(&d);
    return exit_status;
}

/* ------------------------------------------------------------------------- */
/* --head: the object's size and ETag from a presigned HEAD                  */

/* Sends the HEAD (retried as a GET is: after a cut connection or a 5xx, and
 * once, presigned again, after a refusal for its time) and prints the size,
 * ETag and CRC-64 OSS announces. Returns the exit status. */
static int run_head(struct download *d) {
    const struct arguments *args = d->args;
    uint64_t retries = 0;
    bool clock_retried = false;
    long backoff_ms = 500;

    for (;;) {
        struct exchange *x = calloc(1, sizeof *x);
        struct curl_slist *headers = NULL;
        if (x == NULL || !request_headers(d, false, false, &headers)) {
            free(x);
            return 1;
        }
        d->curl_error[0] = '\0';
        curl_easy_setopt(d->curl, CURLOPT_URL, oss_presigned_request_url(d->request));
        curl_easy_setopt(d->curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(d->curl, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(d->curl, CURLOPT_HEADERDATA, x);
        CURLcode result = curl_easy_perform(d->curl);
        curl_slist_free_all(headers);

        bool retry = false;
        bool for_time = false;
        if (result != CURLE_OK) {
            fprintf(stderr, "oss_get: HEAD failed: %s\n",
                    d->curl_error[0] != '\0' ? d->curl_error : curl_easy_strerror(result));
            retry = transient_curl_error(result);
        } else if (x->status >= 200 && x->status <= 299) {
            printf("HTTP %ld, size %s bytes, ETag %s", x->status,
                   x->content_length[0] != '\0' ? x->content_length : "?",
                   x->etag[0] != '\0' ? x->etag : "(none)");
            if (x->crc64[0] != '\0') {
                printf(", CRC-64 %s", x->crc64);
            }
            putchar('\n');
            free(x);
            return 0;
        } else {
            report_refusal(x->status, x->error_body, x->ec);
            retry = x->status >= 500;
            int64_t server_time;
            for_time = time_refusal(x, &server_time);
            if (for_time) {
                correct_clock(d->presigner, server_time);
            }
        }
        free(x);

        if (for_time) {
            if (!renew_after_time_refusal(d, &clock_retried)) {
                return 1;
            }
            continue;
        }
        if (!retry || retries == args->retries) {
            return 1;
        }
        retries++;
        fprintf(stderr, "oss_get: retry %" PRIu64 " of %" PRIu64 " in %ld ms\n", retries,
                args->retries, backoff_ms);
        sleep_ms(backoff_ms);
        backoff_ms = backoff_ms * 2 > MAX_BACKOFF_MS ? MAX_BACKOFF_MS : backoff_ms * 2;
        if (renewable_expired(d)) {
            presign_again(d, "the URL has expired");
        }
    }
}

static int head(const struct arguments *args, struct presigner *presigner,
                oss_presigned_request *first) {
    struct download d = {.args = args, .presigner = presigner, .request = first};
    int exit_status = 1;
    if (curl_open(&d)) {
        curl_easy_setopt(d.curl, CURLOPT_NOBODY, 1L); /* a HEAD: headers only */
        exit_status = run_head(&d);
    }
    curl_close(&d);
    return exit_status;
}

/* ------------------------------------------------------------------------- */

int main(int argc, char **argv) {
    struct arguments args = {0};
    struct presigner presigner;
    int exit_status = parse_arguments(argc, argv, &args);

    if (exit_status == 0 && !presigner_init(&presigner, &args)) {
        exit_status = 1;
    } else if (exit_status == 0) {
        oss_presigned_request *request = presign(&presigner, &args);
        if (request == NULL) {
            exit_status = 1;
        } else if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            fputs("oss_get: curl_global_init failed\n", stderr);
            oss_presigned_request_free(request);
            exit_status = 1;
        } else {
            print_request(request);
            /* Each frees request. */
            exit_status = args.head ? head(&args, &presigner, request)
                                    : download(&args, &presigner, request);
            curl_global_cleanup();
        }
        presigner_free(&presigner);
    } else if (exit_status < 0) {
        exit_status = 0; /* --help */
    }

    for (size_t i = 0; i < args.header_count; i++) {
        free(args.headers[i].name);
    }
    return exit_status;
}
