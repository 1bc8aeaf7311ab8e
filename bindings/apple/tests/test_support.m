/*
 * test_support.m: the harness of the Objective-C test program (assertions
 * with a count, the settings run.sh passes, presigners, the C ABI's URL for
 * comparison, plain GETs with NSURLConnection).
 */
#import "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ harness */

int gPassed, gFailed;

BOOL Record(BOOL ok, const char *file, int line, NSString *what) {
    if (ok) {
        __atomic_fetch_add(&gPassed, 1, __ATOMIC_RELAXED);
    } else {
        __atomic_fetch_add(&gFailed, 1, __ATOMIC_RELAXED);
        fprintf(stderr, "%s:%d: FAILED %s\n", file, line, [what UTF8String]);
    }
    return ok;
}

BOOL CheckEqual(NSString *actual, NSString *expected, const char *what, const char *file,
                int line) {
    BOOL ok = actual != nil && expected != nil && [actual isEqualToString:expected];
    return Record(ok, file, line,
                  [NSString stringWithFormat:@"%s\n  actual:   %@\n  expected: %@", what,
                                             actual, expected]);
}

NSString *gForbidden[4]; /* secrets no message may contain */

/* nil where the API says nonnull, hidden from the compiler's nonnull check:
 * the wrapper must answer it with an error, not a crash. */
NSString *gNil;

/* error must be an OPSErrorDomain error with code whose description and
 * userInfo[OPSErrorArgumentKey] name argument (unless argument is nil) and
 * whose description holds no secret. */
BOOL CheckError(NSError *error, NSInteger code, NSString *argument, const char *what,
                       const char *file, int line) {
    NSString *description = [error localizedDescription];
    NSString *named = [[error userInfo] objectForKey:OPSErrorArgumentKey];
    BOOL ok = error != nil && [[error domain] isEqualToString:OPSErrorDomain] &&
              [error code] == code && description != nil && [description length] > 0;
    size_t i;
    if (ok && argument != nil) {
        ok = [description rangeOfString:argument].location != NSNotFound &&
             [named isEqualToString:argument];
    }
    for (i = 0; ok && i < sizeof gForbidden / sizeof gForbidden[0]; i++) {
        if (gForbidden[i] != nil && [description rangeOfString:gForbidden[i]].location != NSNotFound) {
            ok = NO;
        }
    }
    return Record(ok, file, line,
                  [NSString stringWithFormat:@"%s\n  error:    %@ %ld \"%@\" (argument %@)\n"
                                             @"  expected: %@ %ld naming %@",
                                             what, [error domain], (long)[error code],
                                             description, named, OPSErrorDomain, (long)code,
                                             argument]);
}

/* A value no successful call may write into an NSError * variable. */
NSError *Sentinel(void) {
    static NSError *sentinel;
    if (sentinel == nil) {
        sentinel = [[NSError alloc] initWithDomain:@"sentinel" code:-1 userInfo:nil];
    }
    return sentinel;
}

/* ------------------------------------------------------------------ settings */

OPSTestSettings settings;

NSString *Env(const char *name, BOOL required) {
    const char *value = getenv(name);
    if (value == NULL && required) {
        fprintf(stderr, "test_presigner: %s is not set (run bindings/apple/tests/run.sh)\n", name);
        exit(2);
    }
    return value == NULL ? nil : [NSString stringWithUTF8String:value];
}

NSString *S(const char *utf8) {
    return [NSString stringWithUTF8String:utf8];
}

/* UTF-16 code units as an NSString (for NULs and lone surrogates). Built
 * unit by unit: GNUstep's -initWithCharacters:length: refuses unpaired
 * surrogates (returns nil), while -substringToIndex: and formats make them
 * as Apple's Foundation does. */
NSString *Units(const unichar *units, NSUInteger count) {
    NSMutableString *text = [NSMutableString stringWithCapacity:count];
    NSUInteger i;
    for (i = 0; i < count; i++) {
        [text appendFormat:@"%C", units[i]];
    }
    if ([text length] != count) {
        fprintf(stderr, "test_presigner: cannot build a string of %lu UTF-16 units\n",
                (unsigned long)count);
        exit(2);
    }
    for (i = 0; i < count; i++) {
        if ([text characterAtIndex:i] != units[i]) {
            fprintf(stderr, "test_presigner: unit %lu of a test string changed\n", (unsigned long)i);
            exit(2);
        }
    }
    return text;
}

NSString *LocalhostEndpoint(void) {
    return [NSString stringWithFormat:@"http://localhost:%@", settings.port];
}

NSString *IPEndpoint(void) {
    return [NSString stringWithFormat:@"http://127.0.0.1:%@", settings.port];
}

OPSPresigner *NewPresigner(NSString *endpoint, NSString *ak, NSString *sk, NSString *token) {
    NSError *error = nil;
    OPSPresigner *presigner = [[OPSPresigner alloc] initWithEndpoint:endpoint
                                                              region:@"cn-hangzhou"
                                                         accessKeyId:ak
                                                     accessKeySecret:sk
                                                       securityToken:token
                                                               error:&error];
    if (!CHECK(presigner != nil)) {
        fprintf(stderr, "  %s\n", [[error description] UTF8String]);
    }
    return [presigner autorelease];
}

OPSGetOptions *Options(int64_t signingTime, uint64_t expires) {
    OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
    CHECK([options setSigningTime:signingTime error:NULL]);
    CHECK([options setExpires:expires error:NULL]);
    return options;
}

/* The URL `presign` (oss_presign_get or oss_presign_head) gives for these
 * inputs, called directly: what the wrapper must reproduce byte for byte. */
static NSString *CPresign(oss_error *(*presign)(const oss_client *, const char *, const char *,
                                                const oss_get_options *, char **),
                          const char *endpoint, const char *ak, const char *sk, const char *token,
                          const char *bucket, const char *key, int64_t signingTime,
                          uint64_t expires) {
    oss_client *client = NULL;
    oss_get_options *options = oss_get_options_new();
    char *url = NULL;
    NSString *result = nil;
    oss_error *error = oss_client_new(endpoint, "cn-hangzhou", ak, sk, token, &client);
    if (error == NULL) {
        error = oss_get_options_set_signing_time(options, signingTime);
    }
    if (error == NULL) {
        error = oss_get_options_set_expires(options, expires);
    }
    if (error == NULL) {
        error = presign(client, bucket, key, options, &url);
    }
    if (error != NULL) {
        fprintf(stderr, "C ABI presign of %s failed: %s\n", key, oss_error_message(error));
        oss_error_free(error);
    } else {
        result = [NSString stringWithUTF8String:url];
    }
    oss_string_free(url);
    oss_get_options_free(options);
    oss_client_free(client);
    return result;
}

NSString *CURL(const char *endpoint, const char *ak, const char *sk, const char *token,
               const char *bucket, const char *key, int64_t signingTime, uint64_t expires) {
    return CPresign(oss_presign_get, endpoint, ak, sk, token, bucket, key, signingTime, expires);
}

NSString *CHeadURL(const char *endpoint, const char *ak, const char *sk, const char *token,
                   const char *bucket, const char *key, int64_t signingTime, uint64_t expires) {
    return CPresign(oss_presign_head, endpoint, ak, sk, token, bucket, key, signingTime, expires);
}

NSArray *SortedQuery(NSString *url) {
    NSRange mark = [url rangeOfString:@"?"];
    if (mark.location == NSNotFound) {
        return [NSArray array];
    }
    return [[[url substringFromIndex:NSMaxRange(mark)] componentsSeparatedByString:@"&"]
        sortedArrayUsingSelector:@selector(compare:)];
}

NSString *BeforeQuery(NSString *url) {
    NSRange mark = [url rangeOfString:@"?"];
    return mark.location == NSNotFound ? url : [url substringToIndex:mark.location];
}

/* ------------------------------------------------------------------ downloads */

/* Writes ROOT/<bucket>/<key> with bytes derived from the key. */
NSData *WriteObject(NSString *key, NSUInteger size) {
    NSMutableData *data = [NSMutableData dataWithLength:size];
    unsigned char *bytes = [data mutableBytes];
    NSString *path = [NSString stringWithFormat:@"%@/%@/%@", settings.root, settings.bucket, key];
    uint32_t state = 2166136261u;
    const char *c;
    NSUInteger i;
    for (c = [key UTF8String]; *c != '\0'; c++) {
        state = (state ^ (unsigned char)*c) * 16777619u;
    }
    for (i = 0; i < size; i++) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        bytes[i] = (unsigned char)(state & 0xffu);
    }
    if (![[NSFileManager defaultManager] createDirectoryAtPath:[path stringByDeletingLastPathComponent]
                                   withIntermediateDirectories:YES
                                                    attributes:nil
                                                         error:NULL] ||
        ![data writeToFile:path atomically:NO]) {
        fprintf(stderr, "cannot write %s\n", [path UTF8String]);
        exit(2);
    }
    return data;
}

NSString *DownloadPath(void) {
    return [NSString stringWithFormat:@"%@/../download.bin", settings.root];
}

@implementation OPSTestAnswer

- (instancetype)initWithStatusCode:(NSInteger)statusCode
                         byteCount:(unsigned long long)byteCount
                         errorBody:(NSData *)errorBody {
    self = [super init];
    if (self != nil) {
        _statusCode = statusCode;
        _byteCount = byteCount;
        if ([errorBody length] > 0) {
            _serviceError = [[OPSServiceError alloc] initWithData:errorBody error:NULL];
        }
    }
    return self;
}

- (void)dealloc {
    [_serviceError release];
    [super dealloc];
}

- (NSInteger)statusCode {
    return _statusCode;
}

- (unsigned long long)byteCount {
    return _byteCount;
}

- (OPSServiceError *)serviceError {
    return _serviceError;
}

- (NSString *)ossErrorCode {
    return [_serviceError code];
}

- (NSString *)ossErrorMessage {
    return [_serviceError message];
}

@end

/* Points request at 127.0.0.1:port, with the host of text (its URL) in the
 * Host header. The URL is edited as text so that not one escape changes. */
static void ToLoopback(NSMutableURLRequest *request, NSString *text) {
    NSRange scheme = [text rangeOfString:@"://"];
    NSUInteger start = NSMaxRange(scheme);
    NSRange slash = [text rangeOfString:@"/" options:0 range:NSMakeRange(start, [text length] - start)];
    NSUInteger end = slash.location == NSNotFound ? [text length] : slash.location;
    [request setURL:[NSURL URLWithString:[NSString stringWithFormat:@"%@127.0.0.1:%@%@",
                                                                    [text substringToIndex:start],
                                                                    settings.port,
                                                                    [text substringFromIndex:end]]]];
    [request setValue:[text substringWithRange:NSMakeRange(start, end - start)] forHTTPHeaderField:@"Host"];
}

/* The GET to send: URLString with headers, to the loopback emulator. */
static NSMutableURLRequest *LoopbackRequest(NSString *text, NSDictionary *headers) {
    NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:[NSURL URLWithString:text]];
    NSEnumerator *names = [headers keyEnumerator];
    NSString *name;
    while ((name = [names nextObject]) != nil) {
        [request setValue:[headers objectForKey:name] forHTTPHeaderField:name];
    }
    ToLoopback(request, text);
    return request;
}

NSHTTPURLResponse *Send(OPSPresignedRequest *request, NSData **body, const char *file, int line) {
    NSMutableURLRequest *loopback = [[[request URLRequest] mutableCopy] autorelease];
    NSURLResponse *response = nil;
    NSError *error = nil;
    NSData *data;
    ToLoopback(loopback, [request URLString]);
    /* GNUstep's NSURLConnection (1.28) waits for the body a HEAD's
     * Content-Length announces, until it times out, unless the server
     * closes the connection after the headers; Apple's stacks need no
     * such help. */
    if ([[request HTTPMethod] isEqualToString:@"HEAD"]) {
        [loopback setValue:@"close" forHTTPHeaderField:@"Connection"];
    }
    data = [NSURLConnection sendSynchronousRequest:loopback returningResponse:&response error:&error];
    *body = data != nil ? data : [NSData data];
    if (!Record([response isKindOfClass:[NSHTTPURLResponse class]], file, line,
                [NSString stringWithFormat:@"%@ %@: no answer (%@)", [request HTTPMethod],
                                           [request URLString], error])) {
        return nil;
    }
    return (NSHTTPURLResponse *)response;
}

OPSTestAnswer *Get(OPSPresignedRequest *request, NSString *URLString, NSDictionary *headers,
                   const char *file, int line) {
    NSString *text = request != nil ? [request URLString] : URLString;
    NSURLResponse *response = nil;
    NSError *error = nil;
    NSData *body = [NSURLConnection sendSynchronousRequest:LoopbackRequest(text, request != nil ? [request headers] : headers)
                                         returningResponse:&response
                                                     error:&error];
    NSInteger status = [response isKindOfClass:[NSHTTPURLResponse class]] ? [(NSHTTPURLResponse *)response statusCode] : 0;
    BOOL success = status >= 200 && status < 300;
    if (!Record(status != 0 && (!success || [(body != nil ? body : [NSData data]) writeToFile:DownloadPath() atomically:NO]),
                file, line, [NSString stringWithFormat:@"download of %@: %@", text, error])) {
        return nil;
    }
    return [[[OPSTestAnswer alloc] initWithStatusCode:status
                                            byteCount:[body length]
                                            errorBody:success ? nil : body] autorelease];
}

void ExpectObject(OPSTestAnswer *result, NSData *object, const char *file, int line) {
    NSData *got = [NSData dataWithContentsOfFile:DownloadPath()];
    Record(result != nil && [result statusCode] == 200 && [got isEqualToData:object] &&
               [result byteCount] == [object length],
           file, line,
           [NSString stringWithFormat:@"expected 200 with %lu bytes, got %ld (%@ %@), %lu bytes",
                                      (unsigned long)[object length], (long)[result statusCode],
                                      [result ossErrorCode], [result ossErrorMessage],
                                      (unsigned long)[got length]]);
    [[NSFileManager defaultManager] removeItemAtPath:DownloadPath() error:NULL];
}

void ExpectRefused(OPSTestAnswer *result, NSInteger status, NSString *code,
                          const char *file, int line) {
    Record(result != nil && [result statusCode] == status && [[result ossErrorCode] isEqualToString:code] &&
               [[result ossErrorMessage] length] > 0,
           file, line,
           [NSString stringWithFormat:@"expected %ld %@, got %ld %@ (%@)", (long)status, code,
                                      (long)[result statusCode], [result ossErrorCode],
                                      [result ossErrorMessage]]);
}
