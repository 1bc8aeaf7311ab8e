/*
 * A minimal test harness for the C tests of oss_presign.
 *
 * Every CHECK_* macro reports "file:line: ..." on stderr when it fails and
 * counts the failure; the test program carries on and returns
 * check_summary()'s status at the end. The counters are atomic, so checks
 * may run on several threads at once.
 *
 * EXPECT_OK(call) and EXPECT_ERROR(call, code, needle) take an oss_error *,
 * check it and free it, so a test never leaks or forgets an error. Every
 * error message is also checked against the strings registered with
 * check_forbid() (secrets and tokens): a message must never contain them.
 *
 * Needs C11 (<stdatomic.h>). Include it once per program.
 */
#ifndef OSS_PRESIGN_TEST_CHECK_H
#define OSS_PRESIGN_TEST_CHECK_H

#include <inttypes.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "oss_presign.h"

static atomic_uint check_total;
static atomic_uint check_failed;

/* Strings no error message may contain (secrets, tokens). */
#define CHECK_MAX_FORBIDDEN 8
static const char *check_forbidden[CHECK_MAX_FORBIDDEN];
static size_t check_forbidden_count;

/* Registers a string that must never appear in an error message. Call it
 * before starting threads. */
static inline void check_forbid(const char *text) {
    if (text != NULL && text[0] != '\0' && check_forbidden_count < CHECK_MAX_FORBIDDEN) {
        check_forbidden[check_forbidden_count++] = text;
    }
}

static inline bool check_record(bool ok, const char *file, int line) {
    atomic_fetch_add(&check_total, 1u);
    if (!ok) {
        atomic_fetch_add(&check_failed, 1u);
        fprintf(stderr, "%s:%d: FAILED ", file, line);
    }
    return ok;
}

static inline bool check_true_at(bool ok, const char *expression, const char *file, int line) {
    if (!check_record(ok, file, line)) {
        fprintf(stderr, "%s\n", expression);
    }
    return ok;
}

static inline const char *check_show(const char *s) {
    return s == NULL ? "(null)" : s;
}

static inline bool check_str_eq_at(const char *actual, const char *expected, const char *expression,
                                   const char *file, int line) {
    bool ok = actual != NULL && expected != NULL && strcmp(actual, expected) == 0;
    if (!check_record(ok, file, line)) {
        fprintf(stderr, "%s\n  actual:   \"%s\"\n  expected: \"%s\"\n", expression,
                check_show(actual), check_show(expected));
    }
    return ok;
}

static inline bool check_contains_at(const char *haystack, const char *needle, bool wanted,
                                     const char *expression, const char *file, int line) {
    bool found = haystack != NULL && needle != NULL && strstr(haystack, needle) != NULL;
    bool ok = haystack != NULL && needle != NULL && found == wanted;
    if (!check_record(ok, file, line)) {
        fprintf(stderr, "%s\n  text:   \"%s\"\n  %s \"%s\"\n", expression, check_show(haystack),
                wanted ? "lacks:" : "holds:", check_show(needle));
    }
    return ok;
}

static inline bool check_int_eq_at(intmax_t actual, intmax_t expected, const char *expression,
                                   const char *file, int line) {
    bool ok = actual == expected;
    if (!check_record(ok, file, line)) {
        fprintf(stderr, "%s\n  actual:   %" PRIdMAX "\n  expected: %" PRIdMAX "\n", expression,
                actual, expected);
    }
    return ok;
}

/* True when `message` holds none of the forbidden strings. */
static inline bool check_message_is_clean(const char *message) {
    size_t i;
    for (i = 0; i < check_forbidden_count; i++) {
        if (strstr(message, check_forbidden[i]) != NULL) {
            return false;
        }
    }
    return true;
}

/* Checks that `error` is NULL; otherwise reports its code and message. Frees it. */
static inline bool check_ok_at(oss_error *error, const char *expression, const char *file,
                               int line) {
    bool ok = error == NULL;
    if (!check_record(ok, file, line)) {
        fprintf(stderr, "%s\n  unexpected error %" PRIu32 ": %s\n", expression,
                (uint32_t)oss_error_code(error), check_show(oss_error_message(error)));
    }
    oss_error_free(error);
    return ok;
}

/*
 * Checks that `error` is an error with `code`, whose message is non-NULL,
 * contains `needle` (unless `needle` is NULL) and no forbidden string. Frees it.
 */
static inline bool check_error_at(oss_error *error, oss_code code, const char *needle,
                                  const char *expression, const char *file, int line) {
    oss_code actual;
    const char *message;
    bool ok;
    if (error == NULL) {
        check_record(false, file, line);
        fprintf(stderr, "%s\n  succeeded; expected error %" PRIu32 " (%s)\n", expression,
                (uint32_t)code, check_show(needle));
        return false;
    }
    actual = oss_error_code(error);
    message = oss_error_message(error);
    ok = actual == code && message != NULL && (needle == NULL || strstr(message, needle) != NULL) &&
         check_message_is_clean(message);
    if (!check_record(ok, file, line)) {
        fprintf(stderr,
                "%s\n  error %" PRIu32 ": \"%s\"\n  expected error %" PRIu32
                " naming \"%s\"%s\n",
                expression, (uint32_t)actual, check_show(message), (uint32_t)code,
                check_show(needle),
                message != NULL && !check_message_is_clean(message) ? " (message leaks a secret)"
                                                                    : "");
    }
    oss_error_free(error);
    return ok;
}

#define CHECK(expr) check_true_at((expr) ? true : false, #expr, __FILE__, __LINE__)
#define CHECK_STR_EQ(actual, expected) \
    check_str_eq_at((actual), (expected), #actual " == " #expected, __FILE__, __LINE__)
#define CHECK_CONTAINS(haystack, needle) \
    check_contains_at((haystack), (needle), true, #haystack " contains " #needle, __FILE__, __LINE__)
#define CHECK_NOT_CONTAINS(haystack, needle)                                                   \
    check_contains_at((haystack), (needle), false, #haystack " does not contain " #needle,     \
                      __FILE__, __LINE__)
#define CHECK_INT_EQ(actual, expected)                                                         \
    check_int_eq_at((intmax_t)(actual), (intmax_t)(expected), #actual " == " #expected,        \
                    __FILE__, __LINE__)
#define EXPECT_OK(call) check_ok_at((call), #call, __FILE__, __LINE__)
#define EXPECT_ERROR(call, code, needle) \
    check_error_at((call), (code), (needle), #call, __FILE__, __LINE__)

/* Prints the totals; returns the process exit status (0: every check passed). */
static inline int check_summary(const char *suite) {
    unsigned total = atomic_load(&check_total);
    unsigned failed = atomic_load(&check_failed);
    if (failed == 0 && total == 0) {
        fprintf(stderr, "%s: no checks ran\n", suite);
        return 1;
    }
    printf("%s: %u checks, %u failed\n", suite, total, failed);
    fflush(stdout);
    return failed == 0 ? 0 : 1;
}

#endif /* OSS_PRESIGN_TEST_CHECK_H */
