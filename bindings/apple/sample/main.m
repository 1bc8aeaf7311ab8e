/*
 * oss_get: presign a GET with OPSPresigner and download it, resuming what
 * the network cut short. The Objective-C twin of examples/c/oss_get.c, with
 * its command line and its rules (OPSResumableDownload), over
 * NSURLConnection (OPSURLConnectionDownloader), which runs on GNUstep and
 * macOS alike. An iOS app uses OPSURLSessionDownloader instead.
 *
 *   OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=... [OSS_SESSION_TOKEN=...] \
 *       oss_get [options] BUCKET KEY OUTPUT
 *       oss_get --head [options] BUCKET KEY
 *
 * Exit status: 0 the whole object is in OUTPUT (--head: the object
 * exists), 1 refused or failed (resumable bytes stay in OUTPUT.part), 2
 * usage error. The C sample's options but --resolve and --verbose, which
 * are libcurl's (NSURLConnection has neither).
 */
#import "OPSPresigner.h"
#import "OPSCompat.h"
#import "OPSURLConnectionDownloader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { kMaxHeaders = 32 };

static const char kUsage[] =
    "usage: oss_get [options] BUCKET KEY OUTPUT\n"
    "       oss_get --head [options] BUCKET KEY\n"
    "\n"
    "Presigns a GET of KEY in BUCKET and downloads it to the file OUTPUT,\n"
    "resuming a transfer cut short (partial bytes: OUTPUT.part); with --head,\n"
    "presigns a HEAD and prints the object's size and ETag. Credentials\n"
    "come from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN.\n"
    "\n"
    "options:\n"
    "  --endpoint URL          [http://|https://]host[:port] (default: $OSS_ENDPOINT)\n"
    "  --region ID             region id, e.g. cn-hangzhou (default: $OSS_REGION)\n"
    "  --path-style            https://endpoint/bucket/key\n"
    "  --expires SECONDS       URL lifetime, 1..604800 (default 900)\n"
    "  --signing-time UNIX     sign as of this time instead of now (every\n"
    "                          presign: an expired URL cannot be renewed)\n"
    "  --header 'NAME: VALUE'  sign this header and send it (repeatable); a Range\n"
    "                          (bytes=FIRST-[LAST] or bytes=-LENGTH) is what OUTPUT\n"
    "                          gets, fetched again whole if cut, never resumed\n"
    "  --retries N             retry a transfer cut short up to N times (default 5)\n"
    "  --stall-timeout SECONDS a transfer receiving nothing this long is cut (default 30)\n"
    "  --head                  presign a HEAD, print the object's size and ETag\n"
    "  --help                  show this text\n";

/* Prints the download's notes, as the C sample does: to stderr. */
@interface OPSNotePrinter : NSObject <OPSResumableDownloadObserver>
@end

@implementation OPSNotePrinter
- (void)resumableDownload:(OPSResumableDownload *)download note:(NSString *)note {
    (void)download;
    fprintf(stderr, "oss_get: %s\n", [note UTF8String]);
}
@end

typedef struct Arguments {
    const char *endpoint, *region, *bucket, *key, *output;
    BOOL pathStyle, head, hasSigningTime, signedRange;
    long long expires, retries, stallTimeout, signingTime;
    const char *headers[kMaxHeaders]; /* "NAME: VALUE" */
    int headerCount;
} Arguments;

static NSString *String(const char *text) {
    return [NSString stringWithUTF8String:text];
}

static int UsageError(const char *message, const char *detail) {
    fprintf(stderr, "oss_get: %s%s\n%s", message, detail, kUsage);
    return 2;
}

/* A whole number in [low, high]. */
static BOOL Number(const char *text, long long low, long long high, long long *value) {
    char *end = NULL;
    *value = strtoll(text, &end, 10);
    return end != text && *end == '\0' && *value >= low && *value <= high;
}

/* A --header value, "NAME: VALUE": 0 to go on, 2 for a usage error. A
 * Range must be one byte range (OPSParseByteRange), and only one. */
static int ParseHeader(const char *header, Arguments *args) {
    const char *colon = strchr(header, ':');
    OPSByteRange range;
    if (args->headerCount == kMaxHeaders) {
        return UsageError("too many --header options", "");
    }
    if (colon == NULL || colon == header || String(header) == nil) {
        return UsageError("--header needs 'NAME: VALUE' in UTF-8, got ", header);
    }
    if (colon - header == 5 && strncasecmp(header, "range", 5) == 0) {
        if (args->signedRange) {
            return UsageError("--header Range may be given once", "");
        }
        if (!OPSParseByteRange(String(colon + 1), &range)) {
            return UsageError("--header Range takes one byte range (bytes=FIRST-, bytes=FIRST-LAST or "
                              "bytes=-LENGTH), got ",
                              header);
        }
        args->signedRange = YES;
    }
    args->headers[args->headerCount++] = header;
    return 0;
}

/* 0 to go on, 2 for a usage error, -1 after printing the help. */
static int Parse(int argc, char **argv, Arguments *args) {
    const char *positional[3];
    int count = 0, i, status;
    BOOL optionsEnded = NO;
    args->endpoint = getenv("OSS_ENDPOINT");
    args->region = getenv("OSS_REGION");
    args->expires = -1;
    args->retries = 5;
    args->stallTimeout = 30;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!optionsEnded && strcmp(arg, "--") == 0) {
            optionsEnded = YES; /* for a key that starts with '-' */
        } else if (optionsEnded || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (count == 3) {
                return UsageError("too many arguments: ", arg);
            }
            positional[count++] = arg;
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(kUsage, stdout);
            return -1;
        } else if (strcmp(arg, "--path-style") == 0) {
            args->pathStyle = YES;
        } else if (strcmp(arg, "--head") == 0) {
            args->head = YES;
        } else if (value == NULL) {
            return UsageError("missing value after ", arg);
        } else if (strcmp(arg, "--endpoint") == 0 || strcmp(arg, "--region") == 0) {
            *(arg[2] == 'e' ? &args->endpoint : &args->region) = value;
            i++;
        } else if (strcmp(arg, "--expires") == 0 && Number(value, 0, INT64_MAX, &args->expires)) {
            i++; /* the library checks the range */
        } else if (strcmp(arg, "--retries") == 0 && Number(value, 0, 1000, &args->retries)) {
            i++;
        } else if (strcmp(arg, "--stall-timeout") == 0 && Number(value, 1, 86400, &args->stallTimeout)) {
            i++;
        } else if (strcmp(arg, "--signing-time") == 0 && Number(value, INT64_MIN, INT64_MAX, &args->signingTime)) {
            args->hasSigningTime = YES;
            i++;
        } else if (strcmp(arg, "--header") == 0) {
            if ((status = ParseHeader(value, args)) != 0) {
                return status;
            }
            i++;
        } else {
            return UsageError("unknown option or bad value: ", arg);
        }
    }
    if (args->head && count != 2) {
        return UsageError("--head takes BUCKET KEY (it writes no file)", "");
    }
    if ((!args->head && count != 3) || args->endpoint == NULL || args->endpoint[0] == '\0' ||
        args->region == NULL || args->region[0] == '\0') {
        return UsageError("expected BUCKET KEY OUTPUT, an endpoint and a region", "");
    }
    args->bucket = positional[0];
    args->key = positional[1];
    args->output = args->head ? NULL : positional[2];
    return 0;
}

/* The method and URL, then each signed header to send, as the C sample
 * prints them. */
static void PrintRequest(OPSPresignedRequest *request) {
    NSDictionary *headers = [request headers];
    NSArray *names = [[headers allKeys] sortedArrayUsingSelector:@selector(caseInsensitiveCompare:)];
    NSUInteger i;
    printf("%s %s\n", [[request HTTPMethod] UTF8String], [[request URLString] UTF8String]);
    for (i = 0; i < [names count]; i++) {
        NSString *name = [names objectAtIndex:i];
        printf("  %s: %s\n", [name UTF8String], [[headers objectForKey:name] UTF8String]);
    }
    fflush(stdout);
}

/* A presigned HEAD of the object, or nil after printing why. */
static OPSPresignedRequest *PresignHead(OPSPresigner *presigner, OPSGetOptions *options, const Arguments *args) {
    NSError *error = nil;
    OPSPresignedRequest *request = [presigner presignHeadWithBucket:String(args->bucket)
                                                                key:String(args->key)
                                                            options:options
                                                              error:&error];
    if (request == nil) {
        fprintf(stderr, "oss_get: %s\n", [[error localizedDescription] UTF8String]);
    }
    return request;
}

/* Sends a presigned HEAD once: its answer, or nil after printing why. */
static NSHTTPURLResponse *SendHead(OPSPresignedRequest *request) {
    NSError *error = nil;
    NSURLResponse *answer = nil;
    NSMutableURLRequest *send = OPS_AUTORELEASE([[request URLRequest] mutableCopy]);
#ifdef GNUSTEP
    /* GNUstep's NSURLConnection waits for the body a HEAD's Content-Length
     * announces unless the server closes the connection after the headers. */
    [send setValue:@"close" forHTTPHeaderField:@"Connection"];
#endif
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
#endif
    [NSURLConnection sendSynchronousRequest:send returningResponse:&answer error:&error];
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
    if (![answer isKindOfClass:[NSHTTPURLResponse class]]) {
        fprintf(stderr, "oss_get: HEAD failed: %s\n", [[error localizedDescription] UTF8String]);
        return nil;
    }
    return (NSHTTPURLResponse *)answer;
}

/* --head: presigns a HEAD, sends it and prints the size, ETag and CRC-64
 * OSS announces, as the C sample does. A 403 for the request's time (told
 * by the x-oss-ec header: a HEAD's answer has no body) is answered once by
 * presigning again, after setting the clock from the Date header when the
 * presigner accepts it. */
static int Head(OPSPresigner *presigner, OPSGetOptions *options, const Arguments *args) {
    NSError *error = nil;
    NSHTTPURLResponse *response;
    NSString *length, *etag, *crc, *ec;
    NSDate *serverDate;
    BOOL retried = NO;
    OPSPresignedRequest *request = PresignHead(presigner, options, args);
    if (request == nil) {
        return 1;
    }
    PrintRequest(request);
    for (;;) {
        response = SendHead(request);
        if (response == nil) {
            return 1;
        }
        ec = OPSHeaderValue(response, @"x-oss-ec");
        if ([response statusCode] >= 200 && [response statusCode] <= 299) {
            break;
        }
        /* A HEAD's answer has no body: OSS's EC comes in x-oss-ec. */
        fprintf(stderr, "oss_get: HTTP %ld (EC %s)\n", (long)[response statusCode],
                ec != nil ? [ec UTF8String] : "none");
        if (retried || !OPSIsTimeRefusal([response statusCode], nil, ec)) {
            return 1;
        }
        if (args->hasSigningTime) {
            fputs("oss_get: --signing-time fixes the URL: it cannot be renewed\n", stderr);
            return 1;
        }
        serverDate = OPSServerDateForTimeRefusal([response statusCode], nil, ec,
                                                 OPSHeaderValue(response, @"Date"));
        if (serverDate == nil) {
            fputs("oss_get: the refusal carries no time: the clock stays as it is\n", stderr);
        } else if (![presigner setServerDate:serverDate error:&error]) {
            fprintf(stderr, "oss_get: server time not taken: %s\n", [[error localizedDescription] UTF8String]);
        }
        request = PresignHead(presigner, options, args);
        if (request == nil) {
            return 1;
        }
        fprintf(stderr, "oss_get: OSS refused the request for its time: presigned again, valid until %s\n",
                [[[request expirationDate] description] UTF8String]);
        retried = YES;
    }
    length = OPSHeaderValue(response, @"Content-Length");
    etag = OPSHeaderValue(response, @"ETag");
    crc = OPSHeaderValue(response, @"x-oss-hash-crc64ecma");
    printf("HTTP %ld, size %s bytes, ETag %s", (long)[response statusCode],
           length != nil ? [length UTF8String] : "?", etag != nil ? [etag UTF8String] : "(none)");
    if (crc != nil) {
        printf(", CRC-64 %s", [crc UTF8String]);
    }
    printf("\n");
    return 0;
}

/* The --header options, signed by options. */
static BOOL AddHeaders(OPSGetOptions *options, const Arguments *args, NSError **error) {
    int i;
    for (i = 0; i < args->headerCount; i++) {
        const char *header = args->headers[i], *colon = strchr(header, ':');
        NSString *name = OPS_AUTORELEASE([[NSString alloc] initWithBytes:header
                                                                  length:(NSUInteger)(colon - header)
                                                                encoding:NSUTF8StringEncoding]);
        /* (UTF-8, checked by ParseHeader; the library trims blanks around the value) */
        if (![options addHeaderWithName:name value:String(colon + 1) error:error]) {
            return NO;
        }
    }
    return YES;
}

static int Run(int argc, char **argv) {
    Arguments args;
    NSError *error = nil;
    OPSPresignerConfiguration *configuration;
    OPSPresigner *presigner = nil;
    OPSGetOptions *options;
    OPSResumableDownload *download;
    OPSURLConnectionDownloader *downloader;
    OPSNotePrinter *printer;
    OPSPartialFile *part;
    int status;

    memset(&args, 0, sizeof args);
    status = Parse(argc, argv, &args);
    if (status != 0) {
        return status < 0 ? 0 : status; /* -1: --help */
    }
    configuration = OPS_AUTORELEASE([[OPSPresignerConfiguration alloc] initWithEndpoint:String(args.endpoint)
                                                                                 region:String(args.region)
                                                                                  error:&error]);
    options = OPS_AUTORELEASE([[OPSGetOptions alloc] init]);
    if (configuration != nil && [configuration setCredentialsFromEnvironmentWithError:&error] &&
        [configuration setPathStyle:args.pathStyle error:&error]) {
        presigner = OPS_AUTORELEASE([[OPSPresigner alloc] initWithConfiguration:configuration error:&error]);
    }
    if (presigner == nil || (args.expires >= 0 && ![options setExpires:(uint64_t)args.expires error:&error]) ||
        (args.hasSigningTime && ![options setSigningTime:args.signingTime error:&error]) ||
        !AddHeaders(options, &args, &error)) {
        fprintf(stderr, "oss_get: %s\n", [[error localizedDescription] UTF8String]);
        return 1;
    }
    if (args.head) {
        return Head(presigner, options, &args);
    }

    download = OPS_AUTORELEASE([[OPSResumableDownload alloc] initWithPresigner:presigner
                                                                       bucket:String(args.bucket)
                                                                          key:String(args.key)
                                                                      options:options
                                                                  destination:String(args.output)]);
    printer = OPS_AUTORELEASE([[OPSNotePrinter alloc] init]);
    [download setObserver:printer];
    [download setMaxRetries:(NSUInteger)args.retries];
    [download setStallTimeout:(NSTimeInterval)args.stallTimeout];
    part = [download partialFile];
    downloader = OPS_AUTORELEASE([[OPSURLConnectionDownloader alloc] init]);
    /* Opened here to announce what an earlier run saved; the downloader
     * keeps it open. */
    if (![download openWithError:&error]) {
        fprintf(stderr, "oss_get: %s\n", [[error localizedDescription] UTF8String]);
        return 1;
    }
    if ([part size] > 0 && !args.signedRange) { /* a signed range is never resumed */
        printf("resuming: %llu bytes saved in %s (ETag %s)\n", [part size], [[part path] UTF8String],
               [[part etag] UTF8String]);
        fflush(stdout);
    }
    if (![downloader runDownload:download error:&error]) {
        fprintf(stderr, "oss_get: %s\n", [[error localizedDescription] UTF8String]);
        if ([part size] > 0 && [part isResumable]) {
            fprintf(stderr, "oss_get: %llu bytes kept in %s: run the same command again to resume\n",
                    [part size], [[part path] UTF8String]);
        }
        return 1;
    }
    printf("HTTP %ld, %llu bytes written to %s", (long)[download statusCode], [part size], args.output);
    if ([download bytesTransferred] != [part size]) {
        printf(" (%llu bytes transferred)", [download bytesTransferred]);
    }
    if ([download contentRange] != nil) {
        /* OSS's CRC-64 is the whole object's: a part cannot be checked. */
        printf(", %s of the object", [[download contentRange] UTF8String]);
    }
    printf("%s\n", [download crcChecked] ? ", CRC-64 checked" : "");
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
