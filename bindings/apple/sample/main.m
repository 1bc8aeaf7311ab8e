/*
 * oss_get: presign a GET with OPSPresigner and download it.
 *
 *   OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=... [OSS_SESSION_TOKEN=...] \
 *       oss_get ENDPOINT REGION BUCKET KEY OUTPUT [HEADER-NAME HEADER-VALUE]
 *
 * Prints the HTTP status and byte count, or OSS's error Code and Message.
 * Exit status: 0 downloaded, 1 refused by OSS or by the presigner, 2 usage
 * or transport error. Downloads with NSURLSession on Apple platforms and
 * NSURLConnection under GNUstep, through OPSObjectDownloader: when the
 * device clock is wrong and OSS refuses the URL for its time, it corrects
 * the presigner's clock from the answer and retries once (and says so).
 */
#import "OPSPresigner.h"
#import "OPSCompat.h"
#if defined(__APPLE__) && __has_feature(blocks)
#import "OPSURLSessionDownloader.h"
#else
#import "OPSURLConnectionDownloader.h"
#endif

#include <stdio.h>

static NSString *Argument(char **argv, int index) {
    return [NSString stringWithUTF8String:argv[index]];
}

static int Run(int argc, char **argv) {
    NSError *error = nil;
    OPSPresignerConfiguration *configuration;
    OPSPresigner *presigner;
    OPSGetOptions *options;
    id<OPSDownloader> downloader;
    OPSObjectDownloader *objects;
    OPSDownloadResult *result;

    if (argc != 6 && argc != 8) {
        fprintf(stderr, "usage: %s ENDPOINT REGION BUCKET KEY OUTPUT [HEADER-NAME HEADER-VALUE]\n",
                argv[0]);
        return 2;
    }
    configuration = OPS_AUTORELEASE([[OPSPresignerConfiguration alloc]
        initWithEndpoint:Argument(argv, 1)
                  region:Argument(argv, 2)
                   error:&error]);
    if (configuration == nil || ![configuration setCredentialsFromEnvironmentWithError:&error]) {
        fprintf(stderr, "configuration: %s\n", [[error localizedDescription] UTF8String]);
        return 1;
    }
    presigner = OPS_AUTORELEASE([[OPSPresigner alloc] initWithConfiguration:configuration
                                                                       error:&error]);
    options = OPS_AUTORELEASE([[OPSGetOptions alloc] init]);
    if (presigner == nil || options == nil || ![options setExpires:600 error:&error] ||
        (argc == 8 &&
         ![options addHeaderWithName:Argument(argv, 6) value:Argument(argv, 7) error:&error])) {
        fprintf(stderr, "presign: %s\n", [[error localizedDescription] UTF8String]);
        return 1;
    }
#if defined(__APPLE__) && __has_feature(blocks)
    downloader = OPS_AUTORELEASE([[OPSURLSessionDownloader alloc] init]);
#else
    downloader = OPS_AUTORELEASE([[OPSURLConnectionDownloader alloc] init]);
#endif
    objects = OPS_AUTORELEASE([[OPSObjectDownloader alloc] initWithPresigner:presigner
                                                                  downloader:downloader]);
    result = [objects downloadObjectWithBucket:Argument(argv, 3)
                                           key:Argument(argv, 4)
                                       options:options
                                        toFile:Argument(argv, 5)
                                         error:&error];
    if (result == nil) {
        fprintf(stderr, "%s: error %ld: %s\n",
                [[error domain] isEqualToString:OPSErrorDomain] ? "presign" : "download",
                (long)[error code], [[error localizedDescription] UTF8String]);
        return [[error domain] isEqualToString:OPSErrorDomain] ? 1 : 2;
    }
    if ([result clockCorrected]) {
        printf("clock corrected by %+.0f s from the server's answer; presigned again\n",
               [presigner clockOffset]);
    }
    if ([result statusCode] < 200 || [result statusCode] >= 300) {
        printf("HTTP %ld: %s: %s\n", (long)[result statusCode],
               [([result ossErrorCode] ? [result ossErrorCode] : @"(no OSS code)") UTF8String],
               [([result ossErrorMessage] ? [result ossErrorMessage] : @"") UTF8String]);
        return 1;
    }
    printf("HTTP %ld: %llu bytes written to %s\n", (long)[result statusCode], [result byteCount],
           argv[5]);
    return 0;
}

int main(int argc, char **argv) {
    int status;
#if __has_feature(objc_arc)
    @autoreleasepool {
        status = Run(argc, argv);
    }
#else
    NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
    status = Run(argc, argv);
    [pool drain];
#endif
    return status;
}
