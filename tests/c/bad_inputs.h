/*
 * Runs every row of tests/bad_inputs.tsv (the bad-input matrix, described
 * once for every language) through the C ABI: the call must fail with the
 * row's code, oss_error_argument must name the row's argument, the message
 * must name it too, and no output may be written. The table's header
 * describes the format. Include after check.h, once per program.
 */
#ifndef OSS_PRESIGN_TEST_BAD_INPUTS_H
#define OSS_PRESIGN_TEST_BAD_INPUTS_H

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "oss_presign.h"

/* The defaults of the table's header. */
#define BAD_INPUTS_ENDPOINT "oss-cn-hangzhou.aliyuncs.com"
#define BAD_INPUTS_REGION "cn-hangzhou"
#define BAD_INPUTS_ACCESS_KEY_ID "LTAI5tExample"
#define BAD_INPUTS_SECRET "ExampleSecret+/="
#define BAD_INPUTS_BUCKET "examplebucket"
#define BAD_INPUTS_KEY "a.txt"
/* Vector G1's signing key (2024-01-02, cn-hangzhou, oss). */
#define BAD_INPUTS_SIGNING_KEY "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a"

/* The OSS_CODE_* names the table may use. */
static const struct {
    const char *name;
    oss_code code;
} bad_inputs_codes[] = {
    {"OSS_CODE_INVALID_UTF8", OSS_CODE_INVALID_UTF8},
    {"OSS_CODE_INVALID_ARGUMENT", OSS_CODE_INVALID_ARGUMENT},
    {"OSS_CODE_INVALID_ENDPOINT", OSS_CODE_INVALID_ENDPOINT},
    {"OSS_CODE_INVALID_REGION", OSS_CODE_INVALID_REGION},
    {"OSS_CODE_INVALID_BUCKET", OSS_CODE_INVALID_BUCKET},
    {"OSS_CODE_INVALID_KEY", OSS_CODE_INVALID_KEY},
    {"OSS_CODE_INVALID_QUERY", OSS_CODE_INVALID_QUERY},
    {"OSS_CODE_INVALID_HEADER", OSS_CODE_INVALID_HEADER},
    {"OSS_CODE_INVALID_SIGNING_TIME", OSS_CODE_INVALID_SIGNING_TIME},
    {"OSS_CODE_LIMIT_EXCEEDED", OSS_CODE_LIMIT_EXCEEDED},
    {"OSS_CODE_INVALID_SIGNING_TIME_WINDOW", OSS_CODE_INVALID_SIGNING_TIME_WINDOW},
    {"OSS_CODE_MISSING_CREDENTIALS", OSS_CODE_MISSING_CREDENTIALS},
    {"OSS_CODE_INVALID_CREDENTIALS", OSS_CODE_INVALID_CREDENTIALS},
    {"OSS_CODE_INVALID_EXPIRY", OSS_CODE_INVALID_EXPIRY},
    {"OSS_CODE_INVALID_EXPIRATION", OSS_CODE_INVALID_EXPIRATION},
    {"OSS_CODE_MALFORMED_URL", OSS_CODE_MALFORMED_URL},
    {"OSS_CODE_INVALID_SIGNING_KEY", OSS_CODE_INVALID_SIGNING_KEY},
    {"OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE", OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE},
};

/* Undoes the escapes (\t \n \r \\ \xHH, and "" for empty) of `text` into
 * `out` (at least strlen(text) + 1 bytes). Returns false on a bad escape. */
static bool bad_inputs_unescape(const char *text, char *out) {
    if (strcmp(text, "\"\"") == 0) {
        out[0] = '\0';
        return true;
    }
    while (*text != '\0') {
        if (*text != '\\') {
            *out++ = *text++;
            continue;
        }
        text++;
        switch (*text) {
        case 't': *out++ = '\t'; text++; break;
        case 'n': *out++ = '\n'; text++; break;
        case 'r': *out++ = '\r'; text++; break;
        case '\\': *out++ = '\\'; text++; break;
        case 'x': {
            char hex[3] = {0};
            unsigned long byte;
            if (text[1] == '\0' || text[2] == '\0') {
                return false;
            }
            hex[0] = text[1];
            hex[1] = text[2];
            byte = strtoul(hex, NULL, 16);
            if (byte == 0 || byte >= 0x80) {
                return false;
            }
            *out++ = (char)byte;
            text += 3;
            break;
        }
        default:
            return false;
        }
    }
    *out = '\0';
    return true;
}

static oss_error *bad_inputs_on_new_options(const char *operation, const char *value) {
    static const struct {
        const char *operation;
        oss_error *(*set)(oss_get_options *, const char *);
    } text_setters[] = {
        {"options.version_id", oss_get_options_set_version_id},
        {"options.process", oss_get_options_set_process},
        {"options.response_content_type", oss_get_options_set_response_content_type},
        {"options.response_content_disposition", oss_get_options_set_response_content_disposition},
        {"options.response_cache_control", oss_get_options_set_response_cache_control},
        {"options.response_content_encoding", oss_get_options_set_response_content_encoding},
        {"options.response_content_language", oss_get_options_set_response_content_language},
        {"options.response_expires", oss_get_options_set_response_expires},
    };
    oss_get_options *options = oss_get_options_new();
    oss_error *error = NULL;
    bool found = false;
    size_t i;
    char *end = NULL;

    if (strcmp(operation, "options.expires") == 0 ||
        strcmp(operation, "options.traffic_limit") == 0 ||
        strcmp(operation, "options.signing_time_window") == 0) {
        uint64_t number;
        errno = 0;
        number = strtoumax(value, &end, 10);
        CHECK(errno == 0 && *end == '\0');
        if (operation[8] == 'e') {
            error = oss_get_options_set_expires(options, number);
        } else if (operation[8] == 't') {
            error = oss_get_options_set_traffic_limit(options, number);
        } else {
            error = oss_get_options_set_signing_time_window(options, number);
        }
        found = true;
    } else if (strcmp(operation, "options.expiration") == 0 ||
               strcmp(operation, "options.signing_time") == 0) {
        int64_t number;
        errno = 0;
        number = strtoimax(value, &end, 10);
        CHECK(errno == 0 && *end == '\0');
        error = operation[8] == 'e' ? oss_get_options_set_expiration(options, number)
                                    : oss_get_options_set_signing_time(options, number);
        found = true;
    } else if (strcmp(operation, "options.add_query.name") == 0) {
        error = oss_get_options_add_query(options, value, "v");
        found = true;
    } else if (strcmp(operation, "options.add_query.value") == 0) {
        error = oss_get_options_add_query(options, "n", value);
        found = true;
    } else if (strcmp(operation, "options.add_header.name") == 0) {
        error = oss_get_options_add_header(options, value, "v");
        found = true;
    } else if (strcmp(operation, "options.add_header.value") == 0) {
        error = oss_get_options_add_header(options, "x-oss-meta-a", value);
        found = true;
    }
    for (i = 0; !found && i < sizeof text_setters / sizeof text_setters[0]; i++) {
        if (strcmp(operation, text_setters[i].operation) == 0) {
            error = text_setters[i].set(options, value);
            found = true;
        }
    }
    if (!found) {
        fprintf(stderr, "bad_inputs: unknown operation %s\n", operation);
        CHECK(found);
    }
    oss_get_options_free(options);
    return error;
}

/* Performs the row's call and returns its error; NULL if it succeeded. */
/* Checks that `other` fails with the code and argument of `error`, and
 * frees it. */
static void bad_inputs_same_refusal(const oss_error *error, oss_error *other) {
    if (CHECK(other != NULL)) {
        CHECK(oss_error_code(other) == oss_error_code(error));
        CHECK_STR_EQ(oss_error_argument(other), oss_error_argument(error));
    }
    oss_error_free(other);
}

/* The calls on a live client from the defaults: set_server_time and
 * set_signing_key. */
static oss_error *bad_inputs_on_live_client(const char *operation, const char *value) {
    oss_client *client = NULL;
    oss_error *error;
    EXPECT_OK(oss_client_new(BAD_INPUTS_ENDPOINT, BAD_INPUTS_REGION, BAD_INPUTS_ACCESS_KEY_ID,
                             BAD_INPUTS_SECRET, NULL, &client));
    if (strcmp(operation, "client.server_time") == 0) {
        char *end = NULL;
        int64_t number;
        errno = 0;
        number = strtoimax(value, &end, 10);
        CHECK(errno == 0 && *end == '\0');
        error = oss_client_set_server_time(client, number);
    } else {
        error = oss_client_set_signing_key(client, BAD_INPUTS_ACCESS_KEY_ID,
                                           BAD_INPUTS_SIGNING_KEY, value, NULL);
    }
    oss_client_free(client);
    return error;
}

static oss_error *bad_inputs_run(const char *operation, const char *value) {
    if (strcmp(operation, "client.server_time") == 0 ||
        strcmp(operation, "client.signing_key_date") == 0) {
        return bad_inputs_on_live_client(operation, value);
    }
    if (strncmp(operation, "client.", 7) == 0) {
        const char *args[5] = {BAD_INPUTS_ENDPOINT, BAD_INPUTS_REGION, BAD_INPUTS_ACCESS_KEY_ID,
                               BAD_INPUTS_SECRET, NULL};
        static const char *const names[5] = {"endpoint", "region", "access_key_id",
                                             "access_key_secret", "security_token"};
        oss_client *client = NULL;
        oss_error *error;
        size_t i;
        bool found = false;
        for (i = 0; i < 5; i++) {
            if (strcmp(operation + 7, names[i]) == 0) {
                args[i] = value;
                found = true;
            }
        }
        CHECK(found);
        error = oss_client_new(args[0], args[1], args[2], args[3], args[4], &client);
        CHECK((error == NULL) == (client != NULL));
        oss_client_free(client);
        return error;
    }
    if (strcmp(operation, "config.cloudbox_id") == 0) {
        oss_client_config *config = NULL;
        oss_error *error;
        EXPECT_OK(oss_client_config_new(BAD_INPUTS_ENDPOINT, BAD_INPUTS_REGION, &config));
        error = oss_client_config_set_cloudbox_id(config, value);
        oss_client_config_free(config);
        return error;
    }
    if (strcmp(operation, "presign.bucket") == 0 || strcmp(operation, "presign.key") == 0) {
        bool bucket = strcmp(operation, "presign.bucket") == 0;
        oss_client *client = NULL;
        static char untouched;
        char *url = &untouched;
        oss_error *error;
        const char *b = bucket ? value : BAD_INPUTS_BUCKET;
        const char *k = bucket ? BAD_INPUTS_KEY : value;
        EXPECT_OK(oss_client_new(BAD_INPUTS_ENDPOINT, BAD_INPUTS_REGION, BAD_INPUTS_ACCESS_KEY_ID,
                                 BAD_INPUTS_SECRET, NULL, &client));
        error = oss_presign_get(client, b, k, NULL, &url);
        if (error == NULL) {
            oss_string_free(url);
        } else {
            CHECK(url == &untouched);
            /* The other presign functions refuse it alike. */
            bad_inputs_same_refusal(error, oss_presign_head(client, b, k, NULL, &url));
            CHECK(url == &untouched);
            {
                oss_presigned_request *request = NULL;
                bad_inputs_same_refusal(error, oss_presign_get_request(client, b, k, NULL, &request));
                bad_inputs_same_refusal(error, oss_presign_head_request(client, b, k, NULL, &request));
                CHECK(request == NULL);
            }
        }
        oss_client_free(client);
        return error;
    }
    if (strcmp(operation, "inspect.url") == 0) {
        oss_client *client = NULL;
        oss_url_info *info = NULL;
        oss_error *error;
        EXPECT_OK(oss_client_new(BAD_INPUTS_ENDPOINT, BAD_INPUTS_REGION, BAD_INPUTS_ACCESS_KEY_ID,
                                 BAD_INPUTS_SECRET, NULL, &client));
        error = oss_client_inspect_url(client, value, &info);
        CHECK((error == NULL) == (info != NULL));
        oss_url_info_free(info);
        if (error != NULL) {
            /* Verifying refuses it alike. */
            bad_inputs_same_refusal(error, oss_client_verify_url(client, value, NULL, NULL, 0, 0));
        }
        oss_client_free(client);
        return error;
    }
    return bad_inputs_on_new_options(operation, value);
}

/* Checks one row; `line` is its line in the table. */
static void bad_inputs_check_row(size_t line, const char *operation, const char *value,
                                 const char *code_name, const char *argument) {
    oss_error *error = bad_inputs_run(operation, value);
    oss_code expected = OSS_CODE_OK;
    const char *got_argument;
    size_t i;
    bool known = false;

    for (i = 0; i < sizeof bad_inputs_codes / sizeof bad_inputs_codes[0]; i++) {
        if (strcmp(code_name, bad_inputs_codes[i].name) == 0) {
            expected = bad_inputs_codes[i].code;
            known = true;
        }
    }
    if (!CHECK(known)) {
        fprintf(stderr, "  line %zu: unknown code %s\n", line, code_name);
    }
    if (!CHECK(error != NULL)) {
        fprintf(stderr, "  line %zu: %s succeeded\n", line, operation);
        return;
    }
    got_argument = oss_error_argument(error);
    if (!CHECK(oss_error_code(error) == expected && strcmp(got_argument, argument) == 0)) {
        fprintf(stderr, "  line %zu (%s): got code %" PRIu32 " about \"%s\", expected %s about \"%s\": %s\n",
                line, operation, (uint32_t)oss_error_code(error), got_argument, code_name, argument,
                oss_error_message(error));
    }
    if (!CHECK(strstr(oss_error_message(error), argument) != NULL &&
               strstr(oss_error_message(error), BAD_INPUTS_SECRET) == NULL)) {
        fprintf(stderr, "  line %zu: message \"%s\"\n", line, oss_error_message(error));
    }
    oss_error_free(error);
    /* The argument name is static: still readable after the free. */
    CHECK_STR_EQ(got_argument, argument);
}

/* Runs every row of the table at `path`; returns the number of rows. */
static size_t bad_inputs_check_table(const char *path) {
    FILE *file = fopen(path, "r");
    char text[4096];
    size_t line = 0, rows = 0;

    if (!CHECK(file != NULL)) {
        fprintf(stderr, "  cannot open the bad-input table %s\n", path);
        return 0;
    }
    while (fgets(text, sizeof text, file) != NULL) {
        char *columns[5];
        char *cursor = text;
        char *value, *repeated;
        size_t count = 0, repeat, len, k;

        line++;
        text[strcspn(text, "\n")] = '\0';
        if (text[0] == '\0' || text[0] == '#') {
            continue;
        }
        while (count < 5 && cursor != NULL) {
            columns[count++] = cursor;
            cursor = strchr(cursor, '\t');
            if (cursor != NULL) {
                *cursor++ = '\0';
            }
        }
        if (!CHECK(count == 5 && cursor == NULL)) {
            fprintf(stderr, "  line %zu: expected 5 columns\n", line);
            continue;
        }
        value = malloc(strlen(columns[1]) + 1);
        repeat = (size_t)strtoul(columns[2], NULL, 10);
        if (value == NULL || !CHECK(bad_inputs_unescape(columns[1], value)) || !CHECK(repeat > 0)) {
            fprintf(stderr, "  line %zu: bad value or repeat\n", line);
            free(value);
            continue;
        }
        len = strlen(value);
        repeated = malloc(len * repeat + 1);
        if (repeated == NULL) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
        for (k = 0; k < repeat; k++) {
            memcpy(repeated + k * len, value, len);
        }
        repeated[len * repeat] = '\0';
        bad_inputs_check_row(line, columns[0], repeated, columns[3], columns[4]);
        free(repeated);
        free(value);
        rows++;
    }
    fclose(file);
    return rows;
}

#endif
