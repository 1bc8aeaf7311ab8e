/*
 * Timed loop: -[OPSPresigner presignGetURLStringWithBucket:key:options:error:]
 * against the C ABI (oss_presign_get + oss_string_free) in the same process,
 * same inputs, interleaved rounds. Run by bench.sh; figures in BENCHMARKS.md.
 *
 *   bench_presigner [ITERATIONS-PER-ROUND [ROUNDS]]
 *
 * Inputs as in benches/presign.rs: the short key "exampleobject.txt" and the
 * 200-byte unicode key, fixed signing time, 3600 s. The Objective-C loop
 * drains an autorelease pool every 100 presigns (the URL is autoreleased),
 * as a caller in a loop would. Times are CPU time of the process (one
 * thread), median of the rounds, nanoseconds per presign.
 *
 * Then a gallery page: 100 keys gallery/2024/photo-NNN.jpg (as the batch
 * group of benches/presign.rs), as 100 single presigns and as one batch,
 * through the C ABI (oss_presign_get_batch + oss_presign_batch_free) and
 * through -presignGetURLStringsWithBucket:keys:options:error: (100
 * OPSPresignedURLResult, each with its NSString and NSURL); nanoseconds per
 * URL.
 */
#import <Foundation/Foundation.h>

#import "OPSPresigner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <OSSPresignFFI/oss_presign.h>

static double Now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int Compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double Median(double *values, int n) {
    qsort(values, (size_t)n, sizeof values[0], Compare);
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

#define MAX_ROUNDS 64

int main(int argc, char **argv) {
    NSAutoreleasePool *top = [[NSAutoreleasePool alloc] init];
    long iterations = argc > 1 ? atol(argv[1]) : 200000;
    int rounds = argc > 2 ? atoi(argv[2]) : 7;
    const char *endpoint = "oss-cn-hangzhou.aliyuncs.com", *region = "cn-hangzhou";
    const char *ak = "LTAI5tBenchAccessKeyId", *sk = "BenchAccessKeySecretBenchAccessKey";
    const char *bucket = "examplebucket";
    char unicode[256];
    const char *keys[2];
    const char *names[2] = {"short_key", "unicode_key_200b"};
    oss_client *client = NULL;
    oss_get_options *coptions = oss_get_options_new();
    OPSPresigner *presigner;
    OPSGetOptions *options = [[OPSGetOptions alloc] init];
    NSString *nsBucket = [NSString stringWithUTF8String:bucket];
    int k, r;

    if (rounds > MAX_ROUNDS) {
        rounds = MAX_ROUNDS;
    }
    /* The 200-byte key of benches/presign.rs. */
    strcpy(unicode, "\xe7\x9b\xb8\xe5\x86\x8c/2024\xe5\xb9\xb4 \xe5\xa4\x8f\xe5\xa4\xa9/"
                    "\xc3\x9c" "n" "\xc3\xaf" "c" "\xc3\xb6" "d" "\xc3\xa9 \xe6\x96\x87\xe4\xbb\xb6 \xf0\x9f\x9a\x80+(1)");
    while (strlen(unicode) + strlen("\xe7\x85\xa7\xe7\x89\x87-") <= 196) {
        strcat(unicode, "\xe7\x85\xa7\xe7\x89\x87-");
    }
    while (strlen(unicode) < 196) {
        strcat(unicode, "x");
    }
    strcat(unicode, ".jpg");
    keys[0] = "exampleobject.txt";
    keys[1] = unicode;
    if (strlen(unicode) != 200 ||
        oss_client_new(endpoint, region, ak, sk, NULL, &client) != NULL ||
        oss_get_options_set_signing_time(coptions, 1704164645) != NULL ||
        oss_get_options_set_expires(coptions, 3600) != NULL ||
        ![options setSigningTime:1704164645 error:NULL] || ![options setExpires:3600 error:NULL]) {
        fprintf(stderr, "bench_presigner: setup failed\n");
        return 1;
    }
    presigner = [[OPSPresigner alloc] initWithEndpoint:[NSString stringWithUTF8String:endpoint]
                                                region:[NSString stringWithUTF8String:region]
                                           accessKeyId:[NSString stringWithUTF8String:ak]
                                       accessKeySecret:[NSString stringWithUTF8String:sk]
                                         securityToken:nil
                                                 error:NULL];
    printf("# %ld presigns per round, %d rounds, CPU ns per presign (median)\n", iterations, rounds);
    printf("%-18s %10s %12s %8s\n", "case", "C ABI", "Objective-C", "ratio");
    for (k = 0; k < 2; k++) {
        NSString *key = [NSString stringWithUTF8String:keys[k]];
        double c[MAX_ROUNDS], objc[MAX_ROUNDS], cm, om;
        char *url = NULL;
        /* Same URL from both, or the timing means nothing. */
        if (oss_presign_get(client, bucket, keys[k], coptions, &url) != NULL ||
            ![[presigner presignGetURLStringWithBucket:nsBucket key:key options:options error:NULL]
                isEqualToString:[NSString stringWithUTF8String:url]]) {
            fprintf(stderr, "bench_presigner: the URLs differ\n");
            return 1;
        }
        oss_string_free(url);
        for (r = 0; r < rounds; r++) {
            double t0 = Now(), t1, t2;
            long i;
            for (i = 0; i < iterations; i++) {
                char *u = NULL;
                oss_error *e = oss_presign_get(client, bucket, keys[k], coptions, &u);
                if (e != NULL) {
                    return 1;
                }
                oss_string_free(u);
            }
            t1 = Now();
            for (i = 0; i < iterations; i += 100) {
                NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
                long j;
                for (j = 0; j < 100 && i + j < iterations; j++) {
                    if ([presigner presignGetURLStringWithBucket:nsBucket
                                                             key:key
                                                         options:options
                                                           error:NULL] == nil) {
                        return 1;
                    }
                }
                [pool drain];
            }
            t2 = Now();
            c[r] = (t1 - t0) * 1e9 / (double)iterations;
            objc[r] = (t2 - t1) * 1e9 / (double)iterations;
        }
        cm = Median(c, rounds);
        om = Median(objc, rounds);
        printf("%-18s %10.0f %12.0f %7.2fx\n", names[k], cm, om, om / cm);
    }
    /* A gallery page of 100 keys. */
    {
        char texts[100][32];
        const char *ckeys[100];
        NSMutableArray *nsKeys = [NSMutableArray arrayWithCapacity:100];
        double cs[MAX_ROUNDS], cb[MAX_ROUNDS], os[MAX_ROUNDS], ob[MAX_ROUNDS];
        long batches = iterations / 100 > 0 ? iterations / 100 : 1;
        oss_presign_batch *batch = NULL;
        NSArray *results;
        for (k = 0; k < 100; k++) {
            snprintf(texts[k], sizeof texts[k], "gallery/2024/photo-%03d.jpg", k);
            ckeys[k] = texts[k];
            [nsKeys addObject:[NSString stringWithUTF8String:texts[k]]];
        }
        results = [presigner presignGetURLStringsWithBucket:nsBucket keys:nsKeys options:options error:NULL];
        if (oss_presign_get_batch(client, bucket, ckeys, 100, coptions, &batch) != NULL || [results count] != 100) {
            fprintf(stderr, "bench_presigner: a batch failed\n");
            return 1;
        }
        for (k = 0; k < 100; k++) {
            if (![[[results objectAtIndex:(NSUInteger)k] URLString]
                    isEqualToString:[NSString stringWithUTF8String:oss_presign_batch_url(batch, (size_t)k)]]) {
                fprintf(stderr, "bench_presigner: the batch URLs differ\n");
                return 1;
            }
        }
        oss_presign_batch_free(batch);
        for (r = 0; r < rounds; r++) {
            double t0 = Now(), t1, t2, t3, t4;
            long i;
            for (i = 0; i < batches; i++) {
                for (k = 0; k < 100; k++) {
                    char *u = NULL;
                    if (oss_presign_get(client, bucket, ckeys[k], coptions, &u) != NULL) {
                        return 1;
                    }
                    oss_string_free(u);
                }
            }
            t1 = Now();
            for (i = 0; i < batches; i++) {
                oss_presign_batch *b = NULL;
                if (oss_presign_get_batch(client, bucket, ckeys, 100, coptions, &b) != NULL) {
                    return 1;
                }
                oss_presign_batch_free(b);
            }
            t2 = Now();
            for (i = 0; i < batches; i++) {
                NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
                for (k = 0; k < 100; k++) {
                    if ([presigner presignGetURLStringWithBucket:nsBucket
                                                             key:[nsKeys objectAtIndex:(NSUInteger)k]
                                                         options:options
                                                           error:NULL] == nil) {
                        return 1;
                    }
                }
                [pool drain];
            }
            t3 = Now();
            for (i = 0; i < batches; i++) {
                NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
                if ([presigner presignGetURLStringsWithBucket:nsBucket keys:nsKeys options:options error:NULL] ==
                    nil) {
                    return 1;
                }
                [pool drain];
            }
            t4 = Now();
            cs[r] = (t1 - t0) * 1e9 / (double)(batches * 100);
            cb[r] = (t2 - t1) * 1e9 / (double)(batches * 100);
            os[r] = (t3 - t2) * 1e9 / (double)(batches * 100);
            ob[r] = (t4 - t3) * 1e9 / (double)(batches * 100);
        }
        printf("# 100 keys gallery/2024/photo-NNN.jpg, %ld pages per round, CPU ns per URL (median)\n",
               batches);
        printf("%-18s %10s %12s %8s\n", "case", "C ABI", "Objective-C", "ratio");
        printf("%-18s %10.0f %12.0f %7.2fx\n", "100_single", Median(cs, rounds), Median(os, rounds),
               Median(os, rounds) / Median(cs, rounds));
        printf("%-18s %10.0f %12.0f %7.2fx\n", "100_batch", Median(cb, rounds), Median(ob, rounds),
               Median(ob, rounds) / Median(cb, rounds));
    }
    [presigner release];
    [options release];
    oss_get_options_free(coptions);
    oss_client_free(client);
    [top drain];
    return 0;
}
