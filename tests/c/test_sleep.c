/*
 * The corrected clock keeps counting while the device sleeps.
 *
 * Run under LD_PRELOAD=sleep_shim.so (tests/c/run.sh does), which lets the
 * test "suspend" the machine: CLOCK_BOOTTIME and CLOCK_REALTIME jump ahead,
 * CLOCK_MONOTONIC does not, exactly as after a phone's screen-off sleep.
 * After oss_client_set_server_time(c, S), a presign D seconds of sleep
 * later must sign S + D, and oss_client_clock_offset must not move. Setting
 * the wall clock alone must change the offset and nothing else.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"

/* A phone that sleeps an hour: longer than a default (900 s) URL lives. */
#define SLEEP_SECONDS 3600
/* Seconds the test itself may take between reading the time and presigning
 * (valgrind and loaded machines are slow): a bound, not a timing check. */
#define SLACK_SECONDS 30

typedef void (*shim_fn)(int64_t);

static shim_fn shim(const char *name) {
    shim_fn fn = NULL;
    *(void **)(&fn) = dlsym(RTLD_DEFAULT, name);
    if (fn == NULL) {
        fprintf(stderr, "test_sleep: %s not found: run with LD_PRELOAD=sleep_shim.so\n", name);
        exit(2);
    }
    return fn;
}

static int64_t wall_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec;
}

/* The signing time of a presign made now with default options. */
static int64_t signing_time_now(oss_client *client) {
    oss_presigned_request *request = NULL;
    int64_t signing_time = 0;
    if (EXPECT_OK(oss_presign_get_request(client, "examplebucket", "a.txt", NULL, &request))) {
        signing_time = oss_presigned_request_signing_time(request);
        /* Never dead on arrival. */
        CHECK(oss_presigned_request_expiration(request) > signing_time);
    }
    oss_presigned_request_free(request);
    return signing_time;
}

static bool within(int64_t actual, int64_t expected) {
    bool ok = actual >= expected && actual <= expected + SLACK_SECONDS;
    if (!ok) {
        fprintf(stderr, "  signed at %" PRId64 ", expected %" PRId64 "..%" PRId64 "\n", actual,
                expected, expected + SLACK_SECONDS);
    }
    return ok;
}

int main(void) {
    shim_fn suspend = shim("sleep_shim_suspend");
    shim_fn set_wall = shim("sleep_shim_set_wall");
    oss_client *client = NULL;
    int64_t server, set_at, offset;

    if (!EXPECT_OK(oss_client_new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", "ak", "sk",
                                  NULL, &client))) {
        return check_summary("test_sleep");
    }
    /* The device runs three hours behind the server. */
    set_at = wall_now();
    server = set_at + 3 * 3600;
    EXPECT_OK(oss_client_set_server_time(client, server));
    offset = oss_client_clock_offset(client);
    CHECK(offset >= 3 * 3600 - SLACK_SECONDS && offset <= 3 * 3600);

    /* An hour asleep: URLs are signed an hour later, not at the server time. */
    suspend(SLEEP_SECONDS);
    CHECK(within(signing_time_now(client), server + SLEEP_SECONDS));
    CHECK(wall_now() >= set_at + SLEEP_SECONDS);
    CHECK(oss_client_clock_offset(client) >= offset - 1 &&
          oss_client_clock_offset(client) <= offset + 1);

    /* The user sets the wall clock a day ahead: the corrected time stays,
     * and the offset shrinks by that day. */
    set_wall(86400);
    CHECK(within(signing_time_now(client), server + SLEEP_SECONDS));
    CHECK(oss_client_clock_offset(client) >= offset - 86400 - 1 &&
          oss_client_clock_offset(client) <= offset - 86400 + 1);

    /* Asleep again: the two moves add up. */
    suspend(2 * SLEEP_SECONDS);
    CHECK(within(signing_time_now(client), server + 3 * SLEEP_SECONDS));

    oss_client_free(client);
    return check_summary("test_sleep");
}
