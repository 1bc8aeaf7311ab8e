/*
 * Presign loop through the C ABI: oss_presign_get + oss_string_free, the
 * way a C, Objective-C or JNI caller uses the library.
 *
 * Used by bench/peers.py (throughput against the official SDKs) and for
 * instruction counts under callgrind (fixed --iterations).
 *
 *   presign_loop --bucket B --key K [--version-id V] [--disposition D]
 *                [--process P] [--token T] [--endpoint E] [--region R]
 *                [--ak ID] [--sk SECRET] [--signing-time UNIX] [--expires S]
 *                [--seconds F | --iterations N] [--rounds N] [--threads N]
 *
 * Prints one JSON object: the URL (signed once, before timing) and, per
 * round, presigns per second (all threads together), by elapsed time
 * ("wall") and by the process's CPU time ("cpu"). On a machine shared with
 * other work, the CPU-time rate leaves out the time this process waited.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oss_presign.h"

struct config {
    const char *endpoint, *region, *ak, *sk, *token;
    const char *bucket, *key, *version_id, *disposition, *process;
    int64_t signing_time;
    uint64_t expires;
    double seconds;
    uint64_t iterations;
    int rounds, threads;
};

static oss_client *client;
static oss_get_options *options;
static const struct config *cfg;

static void check(oss_error *error, const char *what) {
    if (error != NULL) {
        fprintf(stderr, "presign_loop: %s: %s\n", what, oss_error_message(error));
        oss_error_free(error);
        exit(1);
    }
}

static double seconds(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct timing {
    double wall, cpu;
};

/* The measured work: n presigns, each URL freed at once. */
static void presign_n(uint64_t n) {
    for (uint64_t i = 0; i < n; i++) {
        char *url = NULL;
        check(oss_presign_get(client, cfg->bucket, cfg->key, options, &url), "oss_presign_get");
        oss_string_free(url);
    }
}

static void *thread_main(void *arg) {
    presign_n(*(const uint64_t *)arg);
    return NULL;
}

/* Elapsed and CPU seconds for `threads` threads doing n presigns each. */
static struct timing timed_run(uint64_t n, int threads) {
    pthread_t ids[64];
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    if (threads == 1) {
        presign_n(n);
    } else {
        for (int t = 0; t < threads; t++) {
            if (pthread_create(&ids[t], NULL, thread_main, &n) != 0) {
                fprintf(stderr, "presign_loop: pthread_create failed\n");
                exit(1);
            }
        }
        for (int t = 0; t < threads; t++) {
            pthread_join(ids[t], NULL);
        }
    }
    struct timing elapsed = {
        .wall = seconds(CLOCK_MONOTONIC) - wall,
        .cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu,
    };
    return elapsed;
}

static const char *arg_value(int argc, char **argv, int *i) {
    if (*i + 1 >= argc) {
        fprintf(stderr, "presign_loop: %s needs a value\n", argv[*i]);
        exit(2);
    }
    return argv[++*i];
}

int main(int argc, char **argv) {
    struct config c = {
        .endpoint = "oss-cn-hangzhou.aliyuncs.com",
        .region = "cn-hangzhou",
        .ak = "LTAI5tBenchAccessKeyId",
        .sk = "BenchAccessKeySecretBenchAccessKey",
        .bucket = "examplebucket",
        .key = "exampleobject.txt",
        .signing_time = 1704164645,
        .expires = 3600,
        .seconds = 1.0,
        .rounds = 1,
        .threads = 1,
    };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--endpoint")) c.endpoint = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--region")) c.region = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--ak")) c.ak = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--sk")) c.sk = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--token")) c.token = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--bucket")) c.bucket = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--key")) c.key = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--version-id")) c.version_id = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--disposition")) c.disposition = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--process")) c.process = arg_value(argc, argv, &i);
        else if (!strcmp(a, "--signing-time")) c.signing_time = strtoll(arg_value(argc, argv, &i), NULL, 10);
        else if (!strcmp(a, "--expires")) c.expires = strtoull(arg_value(argc, argv, &i), NULL, 10);
        else if (!strcmp(a, "--seconds")) c.seconds = strtod(arg_value(argc, argv, &i), NULL);
        else if (!strcmp(a, "--iterations")) c.iterations = strtoull(arg_value(argc, argv, &i), NULL, 10);
        else if (!strcmp(a, "--rounds")) c.rounds = atoi(arg_value(argc, argv, &i));
        else if (!strcmp(a, "--threads")) c.threads = atoi(arg_value(argc, argv, &i));
        else {
            fprintf(stderr, "presign_loop: unknown argument %s\n", a);
            return 2;
        }
    }
    if (c.threads < 1 || c.threads > 64 || c.rounds < 1) {
        fprintf(stderr, "presign_loop: --threads must be 1..64 and --rounds >= 1\n");
        return 2;
    }
    cfg = &c;

    check(oss_client_new(c.endpoint, c.region, c.ak, c.sk, c.token, &client), "oss_client_new");
    options = oss_get_options_new();
    check(oss_get_options_set_signing_time(options, c.signing_time), "signing time");
    check(oss_get_options_set_expires(options, c.expires), "expires");
    if (c.version_id) check(oss_get_options_set_version_id(options, c.version_id), "version id");
    if (c.disposition)
        check(oss_get_options_set_response_content_disposition(options, c.disposition),
              "response-content-disposition");
    if (c.process) check(oss_get_options_set_process(options, c.process), "process");

    char *url = NULL;
    check(oss_presign_get(client, c.bucket, c.key, options, &url), "oss_presign_get");
    printf("{\"url\": \"%s\", \"threads\": %d", url, c.threads);
    oss_string_free(url);

    uint64_t n = c.iterations;
    if (n == 0) {
        /* Calibrate: grow the batch until it takes 50 ms, then scale. */
        n = 1000;
        double t;
        while ((t = timed_run(n, 1).wall) < 0.05) n *= 2;
        n = (uint64_t)((double)n * c.seconds / t) + 1;
    }
    double *wall = calloc((size_t)c.rounds, sizeof *wall);
    double *cpu = calloc((size_t)c.rounds, sizeof *cpu);
    if (wall == NULL || cpu == NULL) {
        fprintf(stderr, "presign_loop: out of memory\n");
        return 1;
    }
    for (int r = 0; r < c.rounds; r++) {
        struct timing t = timed_run(n, c.threads);
        wall[r] = (double)n * c.threads / t.wall;
        cpu[r] = (double)n * c.threads / t.cpu;
    }
    printf(", \"iterations\": %llu, \"wall\": [", (unsigned long long)n);
    for (int r = 0; r < c.rounds; r++) printf("%s%.1f", r ? ", " : "", wall[r]);
    printf("], \"cpu\": [");
    for (int r = 0; r < c.rounds; r++) printf("%s%.1f", r ? ", " : "", cpu[r]);
    printf("]}\n");
    free(wall);
    free(cpu);

    oss_get_options_free(options);
    oss_client_free(client);
    return 0;
}
