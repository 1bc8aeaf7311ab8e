/*
 * test_live.m: the live presigner (server time, rotation under threads, STS
 * expiry), the signing time window, diagnostics, server answers, batches,
 * delegated day keys, reading URLs back, downloads of what they presign.
 *
 * Expected values come from outside the library: the rules as documented
 * (a window rounds down and adds itself to the lifetime, a clamp ends the
 * URL at the credentials' expiry), dates computed by hand, the day key of
 * Alibaba's derivation (run.sh), the C ABI called directly for what the
 * wrapper must only pass through, and the emulators, which judge every
 * downloaded URL with Alibaba's SDK.
 */
#import <Foundation/NSDebug.h>

#import "test_support.h"

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ helpers */

/* The value of query parameter name in url (as written), nil if absent. */
static NSString *QueryValue(NSString *url, NSString *name) {
    NSRange mark = [url rangeOfString:@"?"];
    NSArray *pairs;
    NSUInteger i;
    if (mark.location == NSNotFound) {
        return nil;
    }
    pairs = [[url substringFromIndex:NSMaxRange(mark)] componentsSeparatedByString:@"&"];
    for (i = 0; i < [pairs count]; i++) {
        NSString *pair = [pairs objectAtIndex:i];
        NSString *prefix = [name stringByAppendingString:@"="];
        if ([pair hasPrefix:prefix]) {
            return [pair substringFromIndex:[prefix length]];
        }
    }
    return nil;
}

static NSDate *Date(int64_t unixSeconds) {
    return [NSDate dateWithTimeIntervalSince1970:(NSTimeInterval)unixSeconds];
}

static int64_t Now(void) {
    return (int64_t)time(NULL);
}

static BOOL Between(double value, double low, double high) {
    return value >= low && value <= high;
}

static NSString *URLOf(OPSPresigner *presigner, NSString *key, OPSGetOptions *options,
                       NSError **error) {
    return [presigner presignGetURLStringWithBucket:settings.bucket
                                                key:key
                                            options:options
                                              error:error];
}

static OPSPresignedRequest *RequestOf(OPSPresigner *presigner, NSString *key,
                                      OPSGetOptions *options, NSError **error) {
    return [presigner presignGetWithBucket:settings.bucket key:key options:options error:error];
}

/* Both presign methods fail with code naming argument. */
static void ExpectPresignError(OPSPresigner *presigner, NSString *key, OPSGetOptions *options,
                               NSInteger code, NSString *argument, const char *file, int line) {
    NSError *error = nil;
    Record(URLOf(presigner, key, options, &error) == nil, file, line, @"URL presign must fail");
    CheckError(error, code, argument, "URL presign error", file, line);
    error = nil;
    Record(RequestOf(presigner, key, options, &error) == nil, file, line,
           @"request presign must fail");
    CheckError(error, code, argument, "request presign error", file, line);
}
#define EXPECT_PRESIGN_ERROR(p, key, options, code, arg) \
    ExpectPresignError((p), (key), (options), (code), (arg), __FILE__, __LINE__)

static NSData *Data(NSString *text) {
    return [text dataUsingEncoding:NSUTF8StringEncoding];
}

/* The canonical request and string to sign the C ABI keeps for a request
 * with a signed Content-Type, called directly. */
static void CDiagnostics(const char *endpoint, const char *ak, const char *sk, const char *token,
                         const char *key, int64_t signingTime, uint64_t expires,
                         NSString **canonical, NSString **stringToSign) {
    oss_client *client = NULL;
    oss_get_options *options = oss_get_options_new();
    oss_presigned_request *request = NULL;
    oss_error *error = oss_client_new(endpoint, "cn-hangzhou", ak, sk, token, &client);
    *canonical = nil;
    *stringToSign = nil;
    if (error == NULL) {
        error = oss_get_options_set_signing_time(options, signingTime);
    }
    if (error == NULL) {
        error = oss_get_options_set_expires(options, expires);
    }
    if (error == NULL) {
        error = oss_get_options_add_header(options, "Content-Type", "image/png");
    }
    if (error == NULL) {
        error = oss_get_options_set_diagnostics(options, true);
    }
    if (error == NULL) {
        error = oss_presign_get_request(client, [settings.bucket UTF8String], key, options, &request);
    }
    if (error != NULL) {
        fprintf(stderr, "C ABI diagnostics failed: %s\n", oss_error_message(error));
        oss_error_free(error);
    } else {
        *canonical = S(oss_presigned_request_canonical_request(request));
        *stringToSign = S(oss_presigned_request_string_to_sign(request));
    }
    oss_presigned_request_free(request);
    oss_get_options_free(options);
    oss_client_free(client);
}

/* ------------------------------------------------------------------ server answers */

void TestServerAnswers(void) {
    /* 1704164645 is 2024-01-02T03:04:05Z (date -u -d @1704164645). */
    static const struct {
        const char *text;
        int64_t seconds;
    } dates[] = {
        {"Tue, 02 Jan 2024 03:04:05 GMT", 1704164645},   /* IMF-fixdate */
        {"Tuesday, 02-Jan-24 03:04:05 GMT", 1704164645}, /* RFC 850 */
        {"Tue Jan  2 03:04:05 2024", 1704164645},        /* asctime */
        {"Thu, 01 Jan 1970 00:00:00 GMT", 0},
        {"Fri, 31 Dec 9999 23:59:59 GMT", 253402300799},
    };
    static const unichar nulDate[] = {'T', 'u', 'e', 0};
    static const unichar loneDate[] = {'T', 0xD800};
    NSError *error;
    NSDate *date;
    OPSServiceError *parsed;
    size_t i;

    for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        error = Sentinel();
        date = [OPSPresigner dateFromHTTPDateString:S(dates[i].text) error:&error];
        if (!CHECK(date != nil && [date timeIntervalSince1970] == (double)dates[i].seconds)) {
            fprintf(stderr, "  %s -> %f\n", dates[i].text, [date timeIntervalSince1970]);
        }
        CHECK(error == Sentinel());
    }
    error = nil;
    CHECK([OPSPresigner dateFromHTTPDateString:@"yesterday" error:&error] == nil);
    CHECK_ERROR(error, OPSErrorInvalidTime, @"text");
    CHECK([OPSPresigner dateFromHTTPDateString:@"Tue, 32 Jan 2024 03:04:05 GMT" error:NULL] == nil);
    error = nil;
    CHECK([OPSPresigner dateFromHTTPDateString:gNil error:&error] == nil);
    CHECK_ERROR(error, OPSErrorNullArgument, @"text");
    error = nil;
    CHECK([OPSPresigner dateFromHTTPDateString:Units(nulDate, 4) error:&error] == nil);
    CHECK_ERROR(error, OPSErrorEmbeddedNul, @"text");
    error = nil;
    CHECK([OPSPresigner dateFromHTTPDateString:Units(loneDate, 2) error:&error] == nil);
    CHECK_ERROR(error, OPSErrorInvalidUTF8, @"text");

    /* An OSS error body as OSS writes it (1704171845 is 05:04:05Z that day). */
    error = Sentinel();
    parsed = [[[OPSServiceError alloc]
        initWithData:Data(@"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n"
                          @"  <Code>AccessDenied</Code>\n  <Message>Request has expired.</Message>\n"
                          @"  <RequestId>65940A5B3D3C6F3537C7A1E2</RequestId>\n"
                          @"  <HostId>examplebucket.oss-cn-hangzhou.aliyuncs.com</HostId>\n"
                          @"  <Expires>2024-01-02T03:04:05.000Z</Expires>\n"
                          @"  <ServerTime>2024-01-02T05:04:05.000Z</ServerTime>\n"
                          @"  <EC>0002-00000069</EC>\n</Error>\n")
               error:&error] autorelease];
    CHECK(parsed != nil);
    CHECK(error == Sentinel());
    CHECK_EQUAL([parsed code], @"AccessDenied");
    CHECK_EQUAL([parsed message], @"Request has expired.");
    CHECK_EQUAL([parsed requestId], @"65940A5B3D3C6F3537C7A1E2");
    CHECK([[parsed serverDate] timeIntervalSince1970] == 1704171845.0);
    CHECK([[parsed expirationDate] timeIntervalSince1970] == 1704164645.0);
    CHECK_EQUAL([parsed stringForField:@"EC"], @"0002-00000069");
    CHECK_EQUAL([parsed stringForField:@"HostId"], @"examplebucket.oss-cn-hangzhou.aliyuncs.com");
    CHECK_EQUAL([parsed stringForField:@"ServerTime"], @"2024-01-02T05:04:05.000Z");
    CHECK([parsed stringForField:@"Bucket"] == nil);
    CHECK([parsed stringForField:gNil] == nil);
    CHECK([parsed stringForField:Units(nulDate, 4)] == nil);
    CHECK([parsed stringToSign] == nil && [parsed canonicalRequest] == nil);
    CHECK([[parsed description] rangeOfString:@"AccessDenied"].location != NSNotFound);

    /* SignatureDoesNotMatch carries what OSS signed; entities are decoded;
     * no ServerTime gives no date. */
    parsed = [[[OPSServiceError alloc]
        initWithData:Data(@"<Error><Code>SignatureDoesNotMatch</Code>"
                          @"<StringToSign>OSS4-HMAC-SHA256\n20240102T030405Z\nscope\nabc</StringToSign>"
                          @"<CanonicalRequest>GET\n/b/k\nx=1&amp;y=%E6%96%87\n\nUNSIGNED-PAYLOAD</CanonicalRequest>"
                          @"</Error>")
               error:NULL] autorelease];
    CHECK_EQUAL([parsed code], @"SignatureDoesNotMatch");
    CHECK([parsed message] == nil && [parsed serverDate] == nil && [parsed expirationDate] == nil);
    CHECK_EQUAL([parsed stringToSign], @"OSS4-HMAC-SHA256\n20240102T030405Z\nscope\nabc");
    CHECK_EQUAL([parsed canonicalRequest], @"GET\n/b/k\nx=1&y=%E6%96%87\n\nUNSIGNED-PAYLOAD");
    /* -description holds neither (they carry the URL's query). */
    CHECK([[parsed description] rangeOfString:@"UNSIGNED-PAYLOAD"].location == NSNotFound);

    /* Not an OSS error: nil + INVALID_RESPONSE naming the body. */
    {
        NSString *bodies[] = {@"<html>403 Forbidden</html>", @"not xml", @"<Error></Error>", @""};
        for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
            error = nil;
            CHECK([[OPSServiceError alloc] initWithData:Data(bodies[i]) error:&error] == nil);
            CHECK_ERROR(error, OPSErrorInvalidResponse, @"body");
        }
        error = nil;
        CHECK([[OPSServiceError alloc] initWithData:(NSData *)gNil error:&error] == nil);
        CHECK_ERROR(error, OPSErrorNullArgument, @"body");
        CHECK([[OPSServiceError alloc] initWithData:[NSMutableData dataWithLength:65537] error:NULL] ==
              nil);
        error = nil;
        CHECK([[OPSServiceError alloc] initWithData:[NSData dataWithBytes:"<Error><Code>\xff</Code></Error>"
                                                                   length:29]
                                              error:&error] == nil);
        CHECK_ERROR(error, OPSErrorInvalidResponse, @"body");
    }
}

/* ------------------------------------------------------------------ the server's clock */

void TestClock(void) {
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSPresigner *other = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSPresignedRequest *request;
    NSError *error;
    double now;

    CHECK([presigner clockOffset] == 0);
    error = Sentinel();
    CHECK([presigner setServerDate:[NSDate dateWithTimeIntervalSinceNow:7200] error:&error]);
    CHECK(error == Sentinel());
    CHECK(Between([presigner clockOffset], 7195, 7205));
    CHECK([other clockOffset] == 0);
    /* Presigns without a signing time sign with the corrected clock... */
    now = [[NSDate date] timeIntervalSince1970];
    request = RequestOf(presigner, @"a.txt", nil, NULL);
    CHECK(Between([[request signingDate] timeIntervalSince1970] - now, 7190, 7210));
    CHECK(Between([[RequestOf(other, @"a.txt", nil, NULL) signingDate] timeIntervalSince1970] - now,
                  -5, 5));
    /* ...and an explicit signing time still wins. */
    request = RequestOf(presigner, @"a.txt", Options(settings.signingTime, 60), NULL);
    CHECK([[request signingDate] timeIntervalSince1970] == (double)settings.signingTime);

    /* Refused dates leave the correction as it was. */
    error = nil;
    CHECK(![presigner setServerDate:Date(-1) error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidSigningTime, @"server_unix_seconds");
    error = nil;
    CHECK(![presigner setServerDate:Date(253402300800LL) error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidSigningTime, @"server_unix_seconds");
    /* Only the years a genuine OSS answer can carry: a cached 2024 answer
     * and one dated 2100 are refused. */
    error = nil;
    CHECK(![presigner setServerDate:Date(1704164645LL) error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidSigningTime, @"server_unix_seconds");
    error = nil;
    CHECK(![presigner setServerDate:Date(4102444800LL) error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidSigningTime, @"server_unix_seconds");
    /* (GNUstep's NSDate refuses NaN itself; infinities saturate.) */
    error = nil;
    CHECK(![presigner setServerDate:[NSDate dateWithTimeIntervalSince1970:INFINITY] error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidSigningTime, @"server_unix_seconds");
    CHECK(![presigner setServerDate:[NSDate dateWithTimeIntervalSince1970:-INFINITY] error:NULL]);
    error = nil;
    CHECK(![presigner setServerDate:(NSDate *)gNil error:&error]);
    CHECK_ERROR(error, OPSErrorNullArgument, @"server_unix_seconds");
    CHECK(Between([presigner clockOffset], 7195, 7205));

    /* A server behind: a negative correction, rounded toward zero. */
    CHECK([presigner setServerDate:[NSDate dateWithTimeIntervalSinceNow:-3600] error:NULL]);
    CHECK(Between([presigner clockOffset], -3605, -3595));
}

/* The shim's function name (tests/c/sleep_shim.c), when it is preloaded. */
typedef void (*OPSShimFunction)(int64_t seconds);
static OPSShimFunction ShimFunction(const char *name) {
    OPSShimFunction function = NULL;
    void *process = dlopen(NULL, RTLD_NOW);
    if (process != NULL) {
        *(void **)(&function) = dlsym(process, name);
        dlclose(process);
    }
    return function;
}

/* Run alone (OPS_TEST_SLEEP=1), under LD_PRELOAD of the sleep shim, which
 * suspends the machine at will: CLOCK_BOOTTIME and CLOCK_REALTIME jump,
 * CLOCK_MONOTONIC does not. After -setServerDate:, an hour asleep moves the
 * signing time an hour and leaves clockOffset alone; setting the wall clock
 * moves clockOffset and not the signing time. */
void TestSleepClock(void) {
    OPSShimFunction suspend = ShimFunction("sleep_shim_suspend");
    OPSShimFunction setWall = ShimFunction("sleep_shim_set_wall");
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    int64_t server = (int64_t)time(NULL) + 3 * 3600; /* the device is 3 h behind */
    double offset;
    if (!CHECK(suspend != NULL && setWall != NULL)) {
        fprintf(stderr, "  run with LD_PRELOAD=sleep_shim.so\n");
        return;
    }
    CHECK([presigner setServerDate:Date(server) error:NULL]);
    offset = [presigner clockOffset];
    suspend(3600);
    CHECK(Between([[RequestOf(presigner, @"a.txt", nil, NULL) signingDate] timeIntervalSince1970] -
                      (double)server,
                  3600, 3630));
    CHECK(Between([presigner clockOffset] - offset, -1, 1));
    setWall(86400);
    CHECK(Between([[RequestOf(presigner, @"a.txt", nil, NULL) signingDate] timeIntervalSince1970] -
                      (double)server,
                  3600, 3630));
    CHECK(Between([presigner clockOffset] - offset, -86401, -86399));
}

/* ------------------------------------------------------------------ STS expiry */

void TestCredentialExpiry(void) {
    const int64_t t = settings.signingTime;
    OPSPresignerConfiguration *config;
    OPSPresigner *presigner;
    OPSGetOptions *options = Options(t, 900);
    OPSGetOptions *clamped = Options(t, 900);
    OPSPresignedRequest *request;
    NSError *error;
    NSString *expected600 = CURL([IPEndpoint() UTF8String], [settings.stsAk UTF8String],
                                 [settings.stsSk UTF8String], [settings.stsToken UTF8String],
                                 [settings.bucket UTF8String], "a.txt", t, 600);
    static const unichar nulSecret[] = {'s', 0};

    error = Sentinel();
    CHECK([clamped setClampToCredentials:YES error:&error]);
    CHECK(error == Sentinel());

    /* Through the configuration. */
    config = [[[OPSPresignerConfiguration alloc] initWithEndpoint:IPEndpoint()
                                                           region:@"cn-hangzhou"
                                                            error:NULL] autorelease];
    error = nil;
    CHECK(![config setCredentialsExpirationDate:Date(t + 600) error:&error]);
    CHECK_ERROR(error, OPSErrorMissingCredentials, @"credentials");
    CHECK([config setAccessKeyId:settings.stsAk
                 accessKeySecret:settings.stsSk
                   securityToken:settings.stsToken
                           error:NULL]);
    error = Sentinel();
    CHECK([config setCredentialsExpirationDate:Date(t + 600) error:&error]);
    CHECK(error == Sentinel());
    presigner = [[[OPSPresigner alloc] initWithConfiguration:config error:NULL] autorelease];
    /* The URL would outlive the token: refused, unless clamped. */
    EXPECT_PRESIGN_ERROR(presigner, @"a.txt", options, OPSErrorCredentialsExpireFirst, @"credentials");
    request = RequestOf(presigner, @"a.txt", clamped, &error);
    CHECK([[request expirationDate] timeIntervalSince1970] == (double)(t + 600));
    CHECK_EQUAL(QueryValue([request URLString], @"x-oss-expires"), @"600");
    /* Clamped exactly to the expiry: the URL of a 600 s lifetime. */
    CHECK_EQUAL([request URLString], expected600);
    CHECK_EQUAL(URLOf(presigner, @"a.txt", clamped, NULL), expected600);
    /* A lifetime ending at the expiry needs no clamp. */
    CHECK_EQUAL(URLOf(presigner, @"a.txt", Options(t, 600), NULL), expected600);
    /* Expired at the signing time: refused even when clamped. */
    EXPECT_PRESIGN_ERROR(presigner, @"a.txt", Options(t + 600, 60), OPSErrorCredentialsExpired,
                         @"credentials");
    CHECK([clamped setSigningTime:t + 601 error:NULL]);
    EXPECT_PRESIGN_ERROR(presigner, @"a.txt", clamped, OPSErrorCredentialsExpired, @"credentials");
    CHECK([clamped setSigningTime:t error:NULL]);
    /* Setting credentials again clears the expiration; so does nil. */
    CHECK([config setAccessKeyId:settings.stsAk
                 accessKeySecret:settings.stsSk
                   securityToken:settings.stsToken
                           error:NULL]);
    CHECK(URLOf([[[OPSPresigner alloc] initWithConfiguration:config error:NULL] autorelease], @"a.txt",
                options, NULL) != nil);
    CHECK([config setCredentialsExpirationDate:Date(t + 600) error:NULL]);
    CHECK([config setCredentialsExpirationDate:nil error:NULL]);
    CHECK(URLOf([[[OPSPresigner alloc] initWithConfiguration:config error:NULL] autorelease], @"a.txt",
                options, NULL) != nil);
    /* Dates the C ABI cannot take. */
    error = nil;
    CHECK(![config setCredentialsExpirationDate:Date(-5) error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidCredentials, @"expiration");
    error = nil;
    CHECK(![config setCredentialsExpirationDate:Date(0) error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidCredentials, @"expiration");
    CHECK(![config setCredentialsExpirationDate:[NSDate dateWithTimeIntervalSince1970:INFINITY] error:NULL]);

    /* On a live presigner: the same rules, and a failed change keeps the
     * credentials it had. */
    presigner = NewPresigner(IPEndpoint(), settings.ak, settings.sk, nil);
    error = Sentinel();
    CHECK([presigner setCredentialsWithAccessKeyId:settings.stsAk
                                   accessKeySecret:settings.stsSk
                                     securityToken:settings.stsToken
                                    expirationDate:Date(t + 600)
                                             error:&error]);
    CHECK(error == Sentinel());
    EXPECT_PRESIGN_ERROR(presigner, @"a.txt", options, OPSErrorCredentialsExpireFirst, @"credentials");
    CHECK_EQUAL(URLOf(presigner, @"a.txt", clamped, NULL), expected600);
    EXPECT_PRESIGN_ERROR(presigner, @"a.txt", Options(t + 600, 60), OPSErrorCredentialsExpired,
                         @"credentials");
    {
        struct {
            NSString *ak, *sk, *token;
            NSDate *expiration;
            NSInteger code;
            NSString *argument;
        } bad[] = {
            {nil, settings.sk, nil, nil, OPSErrorNullArgument, @"access_key_id"},
            {settings.ak, nil, nil, nil, OPSErrorNullArgument, @"access_key_secret"},
            {settings.ak, Units(nulSecret, 2), nil, nil, OPSErrorEmbeddedNul, @"access_key_secret"},
            {settings.ak, @"", nil, nil, OPSErrorMissingCredentials, @"access_key_secret"},
            {settings.ak, settings.sk, @"", nil, OPSErrorInvalidCredentials, @"security_token"},
            {settings.ak, settings.sk, nil, Date(0), OPSErrorInvalidCredentials, @"expiration"},
            {settings.ak, settings.sk, nil, Date(-1), OPSErrorInvalidCredentials, @"expiration"},
        };
        size_t i;
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            error = nil;
            CHECK(![presigner setCredentialsWithAccessKeyId:bad[i].ak
                                            accessKeySecret:bad[i].sk
                                              securityToken:bad[i].token
                                             expirationDate:bad[i].expiration
                                                      error:&error]);
            CHECK_ERROR(error, bad[i].code, bad[i].argument);
        }
    }
    CHECK_EQUAL(URLOf(presigner, @"a.txt", clamped, NULL), expected600);
    CHECK([presigner setCredentialsWithAccessKeyId:settings.ak
                                   accessKeySecret:settings.sk
                                     securityToken:nil
                                    expirationDate:nil
                                             error:NULL]);
    CHECK_EQUAL(URLOf(presigner, @"a.txt", options, NULL),
                CURL([IPEndpoint() UTF8String], [settings.ak UTF8String], [settings.sk UTF8String],
                     NULL, [settings.bucket UTF8String], "a.txt", t, 900));
}

/* ------------------------------------------------------------------ window */

void TestWindow(void) {
    /* 1700000000 = 2833333 * 600 + 200: its 600 s window starts at 1699999800. */
    const int64_t t = settings.signingTime, start = 1699999800;
    const char *ep = [LocalhostEndpoint() UTF8String], *ak = [settings.ak UTF8String],
               *sk = [settings.sk UTF8String], *bucket = [settings.bucket UTF8String];
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSGetOptions *options = Options(t, 900);
    OPSPresignedRequest *request;
    NSString *windowed;
    NSError *error = Sentinel();

    /* Only windows that divide the day (7000 s would reach into the day
     * before). */
    CHECK(![options setSigningTimeWindow:7000 error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidSigningTimeWindow, @"signing_time_window");
    error = Sentinel();
    CHECK([options setSigningTimeWindow:600 error:&error]);
    CHECK(error == Sentinel());
    /* Rounded down, and the window added to the lifetime. */
    windowed = URLOf(presigner, @"a.txt", options, NULL);
    CHECK_EQUAL(windowed, CURL(ep, ak, sk, NULL, bucket, "a.txt", start, 1500));
    /* Every presign within the window is byte-identical... */
    CHECK([options setSigningTime:t + 399 error:NULL]);
    CHECK_EQUAL(URLOf(presigner, @"a.txt", options, NULL), windowed);
    CHECK([options setSigningTime:start error:NULL]);
    CHECK_EQUAL(URLOf(presigner, @"a.txt", options, NULL), windowed);
    /* ...and the next window starts a new URL. */
    CHECK([options setSigningTime:t + 400 error:NULL]);
    CHECK_EQUAL(URLOf(presigner, @"a.txt", options, NULL),
                CURL(ep, ak, sk, NULL, bucket, "a.txt", start + 600, 1500));
    /* At the 7-day cap. */
    CHECK([options setExpires:604500 error:NULL]);
    CHECK_EQUAL(QueryValue(URLOf(presigner, @"a.txt", options, NULL), @"x-oss-expires"), @"604800");
    CHECK([options setExpires:604800 error:NULL]);
    CHECK_EQUAL(QueryValue(URLOf(presigner, @"a.txt", options, NULL), @"x-oss-expires"), @"604800");
    /* An absolute expiration stays as given. */
    CHECK([options setSigningTime:t error:NULL]);
    CHECK([options setExpiration:t + 1000 error:NULL]);
    request = RequestOf(presigner, @"a.txt", options, NULL);
    CHECK([[request signingDate] timeIntervalSince1970] == (double)start);
    CHECK([[request expirationDate] timeIntervalSince1970] == (double)(t + 1000));
    CHECK_EQUAL(QueryValue([request URLString], @"x-oss-expires"), @"1200");
    /* Window first, clamp after: credentials expiring at t + 500. */
    {
        OPSPresigner *sts = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
        OPSGetOptions *both = Options(t, 900);
        CHECK([sts setCredentialsWithAccessKeyId:settings.ak
                                 accessKeySecret:settings.sk
                                   securityToken:nil
                                  expirationDate:Date(t + 500)
                                           error:NULL]);
        CHECK([both setSigningTimeWindow:600 error:NULL]);
        CHECK([both setClampToCredentials:YES error:NULL]);
        request = RequestOf(sts, @"a.txt", both, NULL);
        CHECK([[request signingDate] timeIntervalSince1970] == (double)start);
        CHECK([[request expirationDate] timeIntervalSince1970] == (double)(t + 500));
        CHECK_EQUAL([request URLString], CURL(ep, ak, sk, NULL, bucket, "a.txt", start, 700));
    }
    /* The corrected clock is rounded too. */
    {
        OPSPresigner *corrected = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
        OPSGetOptions *hourly = [[[OPSGetOptions alloc] init] autorelease];
        double now = [[NSDate date] timeIntervalSince1970], signed_;
        CHECK([corrected setServerDate:[NSDate dateWithTimeIntervalSinceNow:7200] error:NULL]);
        CHECK([hourly setSigningTimeWindow:3600 error:NULL]);
        request = RequestOf(corrected, @"a.txt", hourly, NULL);
        signed_ = [[request signingDate] timeIntervalSince1970];
        CHECK(fmod(signed_, 3600) == 0);
        CHECK(Between(signed_, now + 7200 - 3600 - 10, now + 7200 + 10));
        CHECK_EQUAL(QueryValue([request URLString], @"x-oss-expires"), @"4500");
    }
    /* 0 turns it off; over a day is refused and changes nothing. */
    options = Options(t, 900);
    CHECK([options setSigningTimeWindow:600 error:NULL]);
    CHECK([options setSigningTimeWindow:0 error:NULL]);
    CHECK_EQUAL(URLOf(presigner, @"a.txt", options, NULL),
                CURL(ep, ak, sk, NULL, bucket, "a.txt", t, 900));
    CHECK([options setSigningTimeWindow:600 error:NULL]);
    error = nil;
    CHECK(![options setSigningTimeWindow:86401 error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidSigningTimeWindow, @"signing_time_window");
    CHECK_EQUAL(URLOf(presigner, @"a.txt", options, NULL), windowed);
    CHECK([options setSigningTimeWindow:86400 error:NULL]);
}

/* ------------------------------------------------------------------ diagnostics */

void TestDiagnostics(void) {
    OPSPresigner *sts = NewPresigner(LocalhostEndpoint(), settings.stsAk, settings.stsSk,
                                     settings.stsToken);
    OPSGetOptions *options = Options(settings.signingTime, 900);
    OPSPresignedRequest *request;
    NSString *canonical = nil, *stringToSign = nil;
    NSError *error = Sentinel();
    NSString *key = @"unicode/\u5b50\u76ee\u5f55/\u6587\u4ef6.txt";

    CHECK([options addHeaderWithName:@"Content-Type" value:@"image/png" error:NULL]);
    /* Off by default. */
    request = RequestOf(sts, key, options, NULL);
    CHECK([request canonicalRequest] == nil && [request stringToSign] == nil);
    CHECK([options setDiagnostics:YES error:&error]);
    CHECK(error == Sentinel());
    request = RequestOf(sts, key, options, NULL);
    CDiagnostics([LocalhostEndpoint() UTF8String], [settings.stsAk UTF8String],
                 [settings.stsSk UTF8String], [settings.stsToken UTF8String], [key UTF8String],
                 settings.signingTime, 900, &canonical, &stringToSign);
    CHECK_EQUAL([request canonicalRequest], canonical);
    CHECK_EQUAL([request stringToSign], stringToSign);
    CHECK([[request stringToSign] hasPrefix:@"OSS4-HMAC-SHA256\n20231114T221320Z\n"
                                            @"20231114/cn-hangzhou/oss/aliyun_v4_request\n"]);
    CHECK([[request canonicalRequest] hasPrefix:@"GET\n/objc-tests-bucket/unicode/"]);
    CHECK([[request canonicalRequest] rangeOfString:@"content-type:image/png\n"].location != NSNotFound);
    /* Never the secret; and not in -description. */
    CHECK([[request canonicalRequest] rangeOfString:settings.stsSk].location == NSNotFound);
    CHECK([[request stringToSign] rangeOfString:settings.stsSk].location == NSNotFound);
    CHECK([[request description] rangeOfString:@"OSS4-HMAC-SHA256"].location == NSNotFound);
    CHECK([[request description] rangeOfString:@"x-oss-security-token"].location == NSNotFound);
    /* The URL is the same with or without them. */
    CHECK_EQUAL(URLOf(sts, key, options, NULL), [request URLString]);
    CHECK([options setDiagnostics:NO error:NULL]);
    CHECK([RequestOf(sts, key, options, NULL) canonicalRequest] == nil);
}

/* ------------------------------------------------------------------ batch */

void TestBatch(void) {
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSGetOptions *options = Options(settings.signingTime, 3600);
    static const unichar nulKey[] = {'a', 0, 'b'};
    static const unichar loneKey[] = {'k', 0xDC00};
    NSArray *keys = [NSArray arrayWithObjects:@"hello.txt", @"unicode/\u5b50\u76ee\u5f55/\u6587\u4ef6.txt",
                                              Units(nulKey, 3), Units(loneKey, 2), [NSNull null],
                                              @"/leading-slash", @"a/../b", @"",
                                              [NSNumber numberWithInt:7],
                                              @"emoji/\U0001F680 launch \U0001F600.bin",
                                              @"mixed/\u00fc \u00e9+\U0001F389 ~!*'()&=;,$@.dat", nil];
    struct {
        NSInteger code; /* 0: a URL */
        NSString *argument;
    } expected[] = {
        {0, nil},
        {0, nil},
        {OPSErrorEmbeddedNul, @"key"},
        {OPSErrorInvalidUTF8, @"key"},
        {OPSErrorNullArgument, @"key"},
        {OPSErrorInvalidKey, @"key"},
        {OPSErrorInvalidKey, @"key"},
        {OPSErrorInvalidKey, @"key"},
        {OPSErrorInvalidArgument, @"key"},
        {0, nil},
        {0, nil},
    };
    NSArray *results;
    NSError *error = Sentinel();
    NSUInteger i;

    CHECK([options addHeaderWithName:@"Accept-Language" value:@"zh-CN" error:NULL]);
    results = [presigner presignGetURLStringsWithBucket:settings.bucket
                                                   keys:keys
                                                options:options
                                                  error:&error];
    CHECK(error == Sentinel());
    CHECK([results count] == [keys count]);
    for (i = 0; i < [results count] && i < sizeof expected / sizeof expected[0]; i++) {
        OPSPresignedURLResult *result = [results objectAtIndex:i];
        id key = [keys objectAtIndex:i];
        if (expected[i].code == 0) {
            /* Byte for byte the URL of a single presign. */
            CHECK_EQUAL([result URLString], URLOf(presigner, key, options, NULL));
            CHECK_EQUAL([[result URL] absoluteString], [result URLString]);
            CHECK([result error] == nil);
            CHECK_EQUAL([result key], key);
            /* The batch's one signing time and expiration. */
            CHECK([[result signingDate] timeIntervalSince1970] == (double)settings.signingTime);
            CHECK([[result expirationDate] timeIntervalSince1970] ==
                  (double)(settings.signingTime + 3600));
            CHECK([[result description] rangeOfString:@"x-oss-signature"].location == NSNotFound);
        } else {
            NSError *single = nil;
            CHECK([result URLString] == nil && [result URL] == nil);
            CHECK([result signingDate] == nil && [result expirationDate] == nil);
            CHECK_ERROR([result error], expected[i].code, expected[i].argument);
            /* The error a single presign of that key gives. */
            if ([key isKindOfClass:[NSString class]]) {
                CHECK(URLOf(presigner, key, options, &single) == nil);
                CHECK([single code] == [[result error] code]);
                CHECK_EQUAL([result key], key);
            } else {
                CHECK([result key] == nil);
            }
        }
    }

    /* Without a signing time: one signing time for all. */
    {
        NSArray *plain = [presigner presignGetURLStringsWithBucket:settings.bucket
                                                              keys:[NSArray arrayWithObjects:@"a", @"b", @"c", nil]
                                                           options:nil
                                                             error:NULL];
        NSString *date = QueryValue([[plain objectAtIndex:0] URLString], @"x-oss-date");
        double now = [[NSDate date] timeIntervalSince1970];
        CHECK([plain count] == 3 && date != nil);
        for (i = 0; i < [plain count]; i++) {
            OPSPresignedURLResult *entry = [plain objectAtIndex:i];
            CHECK_EQUAL(QueryValue([entry URLString], @"x-oss-date"), date);
            CHECK([[entry signingDate] isEqualToDate:[[plain objectAtIndex:0] signingDate]]);
            CHECK([[entry expirationDate] timeIntervalSinceDate:[entry signingDate]] == 900);
        }
        CHECK(Between([[[plain objectAtIndex:0] signingDate] timeIntervalSince1970] - now, -5, 1));
    }
    /* Empty, up to 1000 keys; the whole call fails otherwise. */
    error = Sentinel();
    results = [presigner presignGetURLStringsWithBucket:settings.bucket
                                                   keys:[NSArray array]
                                                options:nil
                                                  error:&error];
    CHECK(results != nil && [results count] == 0 && error == Sentinel());
    {
        NSMutableArray *many = [NSMutableArray arrayWithCapacity:1001];
        while ([many count] < 1000) {
            [many addObject:[NSString stringWithFormat:@"gallery/%lu.jpg", (unsigned long)[many count]]];
        }
        results = [presigner presignGetURLStringsWithBucket:settings.bucket keys:many options:options error:NULL];
        CHECK([results count] == 1000);
        CHECK_EQUAL([[results objectAtIndex:999] URLString], URLOf(presigner, @"gallery/999.jpg", options, NULL));
        [many addObject:@"one-too-many.jpg"];
        error = nil;
        CHECK([presigner presignGetURLStringsWithBucket:settings.bucket keys:many options:options error:&error] ==
              nil);
        CHECK_ERROR(error, OPSErrorLimitExceeded, nil);
    }
    error = nil;
    CHECK([presigner presignGetURLStringsWithBucket:settings.bucket keys:(NSArray *)gNil options:nil error:&error] ==
          nil);
    CHECK_ERROR(error, OPSErrorNullArgument, @"keys");
    error = nil;
    CHECK([presigner presignGetURLStringsWithBucket:@"Bad_Bucket" keys:keys options:nil error:&error] == nil);
    CHECK_ERROR(error, OPSErrorInvalidBucket, @"bucket");
    error = nil;
    CHECK([presigner presignGetURLStringsWithBucket:Units(nulKey, 3) keys:keys options:nil error:&error] == nil);
    CHECK_ERROR(error, OPSErrorEmbeddedNul, @"bucket");
    {
        OPSGetOptions *far = Options(settings.signingTime, 60);
        CHECK([far setExpiration:settings.signingTime + 8 * 86400 error:NULL]);
        error = nil;
        CHECK([presigner presignGetURLStringsWithBucket:settings.bucket keys:keys options:far error:&error] ==
              nil);
        CHECK(error != nil && [error code] / 100 == 3);
    }
}

/* ------------------------------------------------------------------ day keys */

/* Tomorrow's key handed over before midnight keeps today's, each with its
 * own key id and token; a key knows its region and product. */
void TestMidnight(void) {
    /* 2023-11-15T00:00:00Z: the midnight after OPS_TEST_SIGNING_TIME's day. */
    const int64_t midnight = 1700006400;
    const char *ep = [LocalhostEndpoint() UTF8String], *bucket = [settings.bucket UTF8String];
    OPSPresigner *phone = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSSigningKey *today = [OPSSigningKey deriveWithSecret:settings.sk3
                                                      date:settings.day
                                                    region:@"cn-hangzhou"
                                                   product:@"oss"
                                                     error:NULL];
    OPSSigningKey *tomorrow = [OPSSigningKey deriveWithSecret:settings.stsSk
                                                         date:@"20231115"
                                                       region:@"cn-hangzhou"
                                                      product:@"oss"
                                                        error:NULL];
    OPSSigningKey *later = [OPSSigningKey deriveWithSecret:settings.stsSk
                                                      date:@"20231120"
                                                    region:@"cn-hangzhou"
                                                   product:@"oss"
                                                     error:NULL];
    OPSSigningKey *shanghai = [OPSSigningKey deriveWithSecret:settings.sk3
                                                         date:settings.day
                                                       region:@"cn-shanghai"
                                                      product:@"oss"
                                                        error:NULL];
    OPSSigningKey *received;
    OPSPresignerConfiguration *config;
    NSError *error = nil;

    /* A derived key knows its scope; it is what the app server sends. */
    CHECK_EQUAL([today scope], [settings.day stringByAppendingString:@"/cn-hangzhou/oss"]);
    CHECK_EQUAL([today date], settings.day);
    CHECK([phone setSigningKey:today accessKeyId:settings.ak3 securityToken:nil error:NULL]);
    CHECK([phone setSigningKey:tomorrow
                   accessKeyId:settings.stsAk
                 securityToken:settings.stsToken
                         error:NULL]);
    /* The last second of today with today's key and key id, the first of
     * tomorrow with tomorrow's key, key id and token. */
    CHECK_EQUAL(URLOf(phone, @"a.txt", Options(midnight - 1, 900), NULL),
                CURL(ep, [settings.ak3 UTF8String], [settings.sk3 UTF8String], NULL, bucket, "a.txt",
                     midnight - 1, 900));
    CHECK_EQUAL(URLOf(phone, @"a.txt", Options(midnight, 900), NULL),
                CURL(ep, [settings.stsAk UTF8String], [settings.stsSk UTF8String],
                     [settings.stsToken UTF8String], bucket, "a.txt", midnight, 900));
    /* A key of another day replaces both. */
    CHECK([phone setSigningKey:later
                   accessKeyId:settings.stsAk
                 securityToken:settings.stsToken
                         error:NULL]);
    EXPECT_PRESIGN_ERROR(phone, @"a.txt", Options(midnight - 1, 900), OPSErrorSigningKeyOutOfScope,
                         @"signing_time");
    EXPECT_PRESIGN_ERROR(phone, @"a.txt", Options(midnight, 900), OPSErrorSigningKeyOutOfScope,
                         @"signing_time");

    /* A key of another region is refused; the presigner keeps its key. */
    CHECK(![phone setSigningKey:shanghai accessKeyId:settings.ak3 securityToken:nil error:&error]);
    CHECK_ERROR(error, OPSErrorSigningKeyOutOfScope, @"date");
    CHECK(URLOf(phone, @"a.txt", Options(midnight + 5 * 86400, 900), NULL) != nil);
    /* Received with its scope, the same on a configuration. */
    received = [[[OPSSigningKey alloc] initWithHexString:[shanghai hexString]
                                                    date:[shanghai scope]
                                                   error:NULL] autorelease];
    CHECK_EQUAL([received scope], [settings.day stringByAppendingString:@"/cn-shanghai/oss"]);
    config = [[[OPSPresignerConfiguration alloc] initWithEndpoint:LocalhostEndpoint()
                                                           region:@"cn-hangzhou"
                                                            error:NULL] autorelease];
    CHECK([config setSigningKey:received accessKeyId:settings.ak3 securityToken:nil error:NULL]);
    error = nil;
    CHECK([[[OPSPresigner alloc] initWithConfiguration:config error:&error] autorelease] == nil);
    CHECK_ERROR(error, OPSErrorSigningKeyOutOfScope, @"date");
}

void TestSigningKeys(void) {
    /* The UTC day of 1700000000 (2023-11-14): 1699920000 ... 1700006399. */
    const int64_t dayStart = 1699920000, dayEnd = 1700006399;
    const char *ep = [LocalhostEndpoint() UTF8String], *bucket = [settings.bucket UTF8String];
    OPSSigningKey *key;
    OPSPresignerConfiguration *config;
    OPSPresigner *delegated;
    NSError *error = Sentinel();
    static const unichar nulDate[] = {'2', 0};
    int64_t times[3];
    size_t i;

    key = [OPSSigningKey deriveWithSecret:settings.sk3
                                     date:settings.day
                                   region:@"cn-hangzhou"
                                  product:@"oss"
                                    error:&error];
    CHECK(error == Sentinel());
    /* Alibaba's derivation (run.sh), not ours. */
    CHECK_EQUAL([key hexString], settings.dayKey);
    CHECK_EQUAL([key date], settings.day);
    CHECK([[key description] rangeOfString:settings.dayKey].location == NSNotFound);
    CHECK([[key description] rangeOfString:settings.day].location != NSNotFound);

    config = [[[OPSPresignerConfiguration alloc] initWithEndpoint:LocalhostEndpoint()
                                                           region:@"cn-hangzhou"
                                                            error:NULL] autorelease];
    CHECK([config setSigningKey:key accessKeyId:settings.ak3 securityToken:nil error:&error]);
    CHECK(error == Sentinel());
    delegated = [[[OPSPresigner alloc] initWithConfiguration:config error:NULL] autorelease];
    /* Byte-identical to the secret's URL within the day, out of scope
     * outside it. */
    times[0] = dayStart;
    times[1] = settings.signingTime;
    times[2] = dayEnd;
    for (i = 0; i < 3; i++) {
        CHECK_EQUAL(URLOf(delegated, @"a b.txt", Options(times[i], 900), NULL),
                    CURL(ep, [settings.ak3 UTF8String], [settings.sk3 UTF8String], NULL, bucket,
                         "a b.txt", times[i], 900));
    }
    EXPECT_PRESIGN_ERROR(delegated, @"a.txt", Options(dayStart - 1, 900), OPSErrorSigningKeyOutOfScope,
                         @"signing_time");
    EXPECT_PRESIGN_ERROR(delegated, @"a.txt", Options(dayEnd + 1, 900), OPSErrorSigningKeyOutOfScope,
                         @"signing_time");
    /* A batch shares one signing time: out of scope fails it whole. */
    error = nil;
    CHECK([delegated presignGetURLStringsWithBucket:settings.bucket
                                               keys:[NSArray arrayWithObject:@"a.txt"]
                                            options:Options(dayEnd + 1, 900)
                                              error:&error] == nil);
    CHECK_ERROR(error, OPSErrorSigningKeyOutOfScope, @"signing_time");
    error = Sentinel();

    /* A key received as text, in either case, signs the same. */
    {
        OPSSigningKey *received = [[[OPSSigningKey alloc] initWithHexString:[settings.dayKey uppercaseString]
                                                                       date:settings.day
                                                                      error:&error] autorelease];
        CHECK(received != nil && error == Sentinel());
        CHECK_EQUAL([received hexString], [settings.dayKey uppercaseString]);
        CHECK([config setSigningKey:received accessKeyId:settings.ak3 securityToken:nil error:NULL]);
        CHECK_EQUAL(URLOf([[[OPSPresigner alloc] initWithConfiguration:config error:NULL] autorelease],
                          @"a.txt", Options(settings.signingTime, 900), NULL),
                    CURL(ep, [settings.ak3 UTF8String], [settings.sk3 UTF8String], NULL, bucket,
                         "a.txt", settings.signingTime, 900));
    }

    /* With an STS token: the day key of the STS secret. */
    {
        OPSSigningKey *stsKey = [OPSSigningKey deriveWithSecret:settings.stsSk
                                                           date:settings.day
                                                         region:@"cn-hangzhou"
                                                        product:@"oss"
                                                          error:NULL];
        CHECK([config setSigningKey:stsKey accessKeyId:settings.stsAk securityToken:settings.stsToken error:NULL]);
        CHECK_EQUAL(URLOf([[[OPSPresigner alloc] initWithConfiguration:config error:NULL] autorelease],
                          @"a.txt", Options(settings.signingTime, 900), NULL),
                    CURL(ep, [settings.stsAk UTF8String], [settings.stsSk UTF8String],
                         [settings.stsToken UTF8String], bucket, "a.txt", settings.signingTime, 900));
    }

    /* CloudBox: derived for the CloudBox id and product oss-cloudbox. */
    {
        OPSPresignerConfiguration *box = [[[OPSPresignerConfiguration alloc]
            initWithEndpoint:@"cb-f8z7yvzgwfkl9q0h.cn-hangzhou.oss-cloudbox.aliyuncs.com"
                      region:@"cn-hangzhou"
                       error:NULL] autorelease];
        OPSSigningKey *boxKey = [OPSSigningKey deriveWithSecret:settings.sk3
                                                           date:settings.day
                                                         region:@"cb-f8z7yvzgwfkl9q0h"
                                                        product:@"oss-cloudbox"
                                                          error:NULL];
        NSString *bySecret;
        CHECK([box setCloudBoxId:@"cb-f8z7yvzgwfkl9q0h" error:NULL]);
        CHECK([box setAccessKeyId:settings.ak3 accessKeySecret:settings.sk3 securityToken:nil error:NULL]);
        bySecret = URLOf([[[OPSPresigner alloc] initWithConfiguration:box error:NULL] autorelease], @"a.txt",
                         Options(settings.signingTime, 900), NULL);
        CHECK([box setSigningKey:boxKey accessKeyId:settings.ak3 securityToken:nil error:NULL]);
        CHECK(bySecret != nil);
        CHECK_EQUAL(URLOf([[[OPSPresigner alloc] initWithConfiguration:box error:NULL] autorelease], @"a.txt",
                          Options(settings.signingTime, 900), NULL),
                    bySecret);
    }

    /* On a live presigner: replaces the credentials, and is replaced by them. */
    {
        OPSPresigner *live = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
        OPSGetOptions *options = Options(settings.signingTime, 900);
        NSString *bySecret = CURL(ep, [settings.ak UTF8String], [settings.sk UTF8String], NULL, bucket,
                                  "a.txt", settings.signingTime, 900);
        error = Sentinel();
        CHECK([live setSigningKey:key accessKeyId:settings.ak3 securityToken:nil error:&error]);
        CHECK(error == Sentinel());
        CHECK_EQUAL(URLOf(live, @"a.txt", options, NULL),
                    CURL(ep, [settings.ak3 UTF8String], [settings.sk3 UTF8String], NULL, bucket, "a.txt",
                         settings.signingTime, 900));
        CHECK([live setCredentialsWithAccessKeyId:settings.ak
                                  accessKeySecret:settings.sk
                                    securityToken:nil
                                   expirationDate:nil
                                            error:NULL]);
        CHECK_EQUAL(URLOf(live, @"a.txt", options, NULL), bySecret);
        /* A bad key changes nothing. */
        error = nil;
        CHECK(![live setSigningKey:[[[OPSSigningKey alloc] initWithHexString:@"zz" date:settings.day error:NULL]
                                       autorelease]
                       accessKeyId:settings.ak3
                     securityToken:nil
                             error:&error]);
        CHECK_ERROR(error, OPSErrorInvalidSigningKey, @"hex_signing_key");
        error = nil;
        CHECK(![live setSigningKey:(OPSSigningKey *)gNil accessKeyId:settings.ak3 securityToken:nil error:&error]);
        CHECK_ERROR(error, OPSErrorNullArgument, @"hex_signing_key");
        error = nil;
        CHECK(![live setSigningKey:key accessKeyId:gNil securityToken:nil error:&error]);
        CHECK_ERROR(error, OPSErrorNullArgument, @"access_key_id");
        error = nil;
        CHECK(![live setSigningKey:key accessKeyId:settings.ak3 securityToken:@"" error:&error]);
        CHECK_ERROR(error, OPSErrorInvalidCredentials, @"security_token");
        CHECK_EQUAL(URLOf(live, @"a.txt", options, NULL), bySecret);
    }

    /* A day key of STS credentials carries their expiry: on a live
     * presigner with the call that sets it, on a configuration after it. */
    {
        const int64_t t = settings.signingTime;
        OPSSigningKey *stsKey = [OPSSigningKey deriveWithSecret:settings.stsSk
                                                           date:settings.day
                                                         region:@"cn-hangzhou"
                                                        product:@"oss"
                                                          error:NULL];
        OPSPresigner *live = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
        OPSGetOptions *clamped = Options(t, 900);
        OPSPresignerConfiguration *stsConfig = [[[OPSPresignerConfiguration alloc]
            initWithEndpoint:LocalhostEndpoint()
                      region:@"cn-hangzhou"
                       error:NULL] autorelease];
        NSString *expected600 = CURL(ep, [settings.stsAk UTF8String], [settings.stsSk UTF8String],
                                     [settings.stsToken UTF8String], bucket, "a.txt", t, 600);
        CHECK([clamped setClampToCredentials:YES error:NULL]);
        error = Sentinel();
        CHECK([live setSigningKey:stsKey
                      accessKeyId:settings.stsAk
                    securityToken:settings.stsToken
                   expirationDate:Date(t + 600)
                            error:&error]);
        CHECK(error == Sentinel());
        EXPECT_PRESIGN_ERROR(live, @"a.txt", Options(t, 900), OPSErrorCredentialsExpireFirst, @"credentials");
        CHECK_EQUAL(URLOf(live, @"a.txt", clamped, NULL), expected600);
        EXPECT_PRESIGN_ERROR(live, @"a.txt", Options(t + 600, 60), OPSErrorCredentialsExpired, @"credentials");
        error = nil;
        CHECK(![live setSigningKey:stsKey
                       accessKeyId:settings.stsAk
                     securityToken:settings.stsToken
                    expirationDate:Date(0)
                             error:&error]);
        CHECK_ERROR(error, OPSErrorInvalidCredentials, @"expiration");
        error = nil;
        CHECK(![live setSigningKey:stsKey
                       accessKeyId:settings.stsAk
                     securityToken:settings.stsToken
                    expirationDate:Date(-1)
                             error:&error]);
        CHECK_ERROR(error, OPSErrorInvalidCredentials, @"expiration");
        /* Refused changes kept the expiry; the plain call drops it. */
        CHECK_EQUAL(URLOf(live, @"a.txt", clamped, NULL), expected600);
        CHECK([live setSigningKey:stsKey accessKeyId:settings.stsAk securityToken:settings.stsToken error:NULL]);
        CHECK(URLOf(live, @"a.txt", Options(t, 900), NULL) != nil);
        CHECK([stsConfig setSigningKey:stsKey accessKeyId:settings.stsAk securityToken:settings.stsToken error:NULL]);
        CHECK([stsConfig setCredentialsExpirationDate:Date(t + 600) error:NULL]);
        CHECK_EQUAL(URLOf([[[OPSPresigner alloc] initWithConfiguration:stsConfig error:NULL] autorelease], @"a.txt",
                          clamped, NULL),
                    expected600);
    }

    /* Keys the C ABI refuses when they are set. */
    {
        NSString *hexes[] = {@"zz", [settings.dayKey substringFromIndex:1],
                             [settings.dayKey stringByAppendingString:@"0"], settings.dayKey};
        NSString *dates[] = {settings.day, settings.day, settings.day, @"2023111"};
        NSString *arguments[] = {@"hex_signing_key", @"hex_signing_key", @"hex_signing_key", @"date"};
        for (i = 0; i < 4; i++) {
            OPSSigningKey *bad = [[[OPSSigningKey alloc] initWithHexString:hexes[i] date:dates[i] error:NULL]
                autorelease];
            error = nil;
            CHECK(bad != nil);
            CHECK(![config setSigningKey:bad accessKeyId:settings.ak3 securityToken:nil error:&error]);
            CHECK_ERROR(error, OPSErrorInvalidSigningKey, arguments[i]);
        }
        error = nil;
        CHECK(![config setSigningKey:key accessKeyId:@"" securityToken:nil error:&error]);
        CHECK_ERROR(error, OPSErrorMissingCredentials, @"access_key_id");
        error = nil;
        CHECK(![config setSigningKey:(OPSSigningKey *)gNil accessKeyId:settings.ak3 securityToken:nil error:&error]);
        CHECK_ERROR(error, OPSErrorNullArgument, @"hex_signing_key");
    }

    /* Derivation and construction errors. */
    {
        struct {
            NSString *secret, *date, *region, *product;
            NSInteger code;
            NSString *argument;
        } bad[] = {
            {@"", settings.day, @"cn-hangzhou", @"oss", OPSErrorMissingCredentials, @"access_key_secret"},
            {gNil, settings.day, @"cn-hangzhou", @"oss", OPSErrorNullArgument, @"access_key_secret"},
            {settings.sk3, @"2023-11-14", @"cn-hangzhou", @"oss", OPSErrorInvalidSigningKey, @"date"},
            {settings.sk3, Units(nulDate, 2), @"cn-hangzhou", @"oss", OPSErrorEmbeddedNul, @"date"},
            {settings.sk3, settings.day, @"CN_Hangzhou", @"oss", OPSErrorInvalidRegion, @"region"},
            {settings.sk3, settings.day, @"cn-hangzhou", @"", OPSErrorInvalidRegion, @"product"},
            {settings.sk3, settings.day, @"cn-hangzhou", gNil, OPSErrorNullArgument, @"product"},
        };
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            error = nil;
            CHECK([OPSSigningKey deriveWithSecret:bad[i].secret
                                             date:bad[i].date
                                           region:bad[i].region
                                          product:bad[i].product
                                            error:&error] == nil);
            CHECK_ERROR(error, bad[i].code, bad[i].argument);
        }
        error = nil;
        CHECK([[OPSSigningKey alloc] initWithHexString:gNil date:settings.day error:&error] == nil);
        CHECK_ERROR(error, OPSErrorNullArgument, @"hex_signing_key");
        error = nil;
        CHECK([[OPSSigningKey alloc] initWithHexString:settings.dayKey date:Units(nulDate, 2) error:&error] == nil);
        CHECK_ERROR(error, OPSErrorEmbeddedNul, @"date");
        {
            id object = [OPSSigningKey alloc];
            CHECK([object init] == nil);
            object = [OPSServiceError alloc];
            CHECK([object init] == nil);
            object = [OPSURLInfo alloc];
            CHECK([object init] == nil);
            object = [OPSPresignedURLResult alloc];
            CHECK([object init] == nil);
        }
    }
}

/* ------------------------------------------------------------------ inspect, verify, lint */

void TestInspectVerifyLint(void) {
    const int64_t t = settings.signingTime;
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSGetOptions *options = Options(t, 3600);
    OPSPresignedRequest *request;
    OPSURLInfo *info;
    NSString *key = @"emoji/\U0001F680 launch \U0001F600.bin", *url;
    NSError *error = Sentinel();
    NSMutableDictionary *headers;
    static const unichar nulText[] = {'h', 0};

    CHECK([options addHeaderWithName:@"Content-Type" value:@"text/plain" error:NULL]);
    CHECK([options addHeaderWithName:@"Accept-Language" value:@"zh-CN" error:NULL]);
    request = RequestOf(presigner, key, options, NULL);
    url = [request URLString];

    info = [presigner inspectURLString:url error:&error];
    CHECK(error == Sentinel());
    CHECK_EQUAL([info bucket], settings.bucket);
    CHECK_EQUAL([info key], key);
    CHECK_EQUAL([info accessKeyId], settings.ak);
    CHECK_EQUAL([info region], @"cn-hangzhou");
    CHECK([[info signingDate] timeIntervalSince1970] == (double)t);
    CHECK([[info expirationDate] timeIntervalSince1970] == (double)(t + 3600));
    CHECK([[info additionalHeaders] isEqualToArray:[NSArray arrayWithObject:@"accept-language"]]);
    CHECK([info secondsLeftAtDate:Date(t + 600)] == 3000);
    CHECK([info secondsLeftAtDate:Date(t + 4000)] <= 0);
    /* A key holding U+0000 (%00) reads whole. */
    {
        static const unichar nulKey[] = {'a', 0, 'b', '.', 't', 'x', 't'};
        NSString *plain = URLOf(presigner, @"a.txt", nil, NULL);
        OPSURLInfo *nul = [presigner
            inspectURLString:[plain stringByReplacingOccurrencesOfString:@"/a.txt?" withString:@"/a%00b.txt?"]
                       error:NULL];
        CHECK_EQUAL([nul key], Units(nulKey, 7));
        CHECK([[nul key] length] == 7);
    }
    error = nil;
    CHECK([presigner inspectURLString:@"https://example.com/a.txt" error:&error] == nil);
    CHECK_ERROR(error, OPSErrorMalformedURL, @"url");
    error = nil;
    /* Path style through an IP is not this presigner's layout. */
    CHECK([presigner inspectURLString:URLOf(NewPresigner(IPEndpoint(), settings.ak, settings.sk, nil), @"a.txt",
                                            nil, NULL)
                                error:&error] == nil);
    CHECK_ERROR(error, OPSErrorMalformedURL, @"url");
    error = nil;
    CHECK([presigner inspectURLString:gNil error:&error] == nil);
    CHECK_ERROR(error, OPSErrorNullArgument, @"url");
    error = nil;
    CHECK([presigner inspectURLString:Units(nulText, 2) error:&error] == nil);
    CHECK_ERROR(error, OPSErrorEmbeddedNul, @"url");

    /* Verify: valid with the headers sent (names in any case, extra
     * unsigned ones ignored) within the window. */
    error = Sentinel();
    CHECK([presigner verifyURLString:url headers:[request headers] date:Date(t + 10) error:&error]);
    CHECK(error == Sentinel());
    headers = [NSMutableDictionary dictionary];
    [headers setObject:@"text/plain" forKey:@"content-type"];
    [headers setObject:@"zh-CN" forKey:@"ACCEPT-LANGUAGE"];
    [headers setObject:@"oss-presign-tests" forKey:@"User-Agent"];
    CHECK([presigner verifyURLString:url headers:headers date:Date(t - 900) error:NULL]);
    CHECK([presigner verifyURLString:url headers:headers date:Date(t + 3600) error:NULL]);
    error = nil;
    CHECK(![presigner verifyURLString:url headers:headers date:Date(t + 3601) error:&error]);
    CHECK_ERROR(error, OPSErrorURLExpired, @"url");
    error = nil;
    CHECK(![presigner verifyURLString:url headers:headers date:Date(t - 901) error:&error]);
    CHECK_ERROR(error, OPSErrorURLNotYetValid, @"url");
    error = nil;
    CHECK(![presigner verifyURLString:url headers:nil date:Date(t + 10) error:&error]);
    CHECK_ERROR(error, OPSErrorSignatureMismatch, @"url");
    [headers setObject:@"text/html" forKey:@"content-type"];
    CHECK(![presigner verifyURLString:url headers:headers date:Date(t + 10) error:NULL]);
    /* Another secret, a tampered key: mismatch. */
    error = nil;
    CHECK(![NewPresigner(LocalhostEndpoint(), settings.ak, @"another-secret", nil) verifyURLString:url
                                                                                          headers:[request headers]
                                                                                             date:Date(t + 10)
                                                                                            error:&error]);
    CHECK_ERROR(error, OPSErrorSignatureMismatch, @"url");
    CHECK(![presigner verifyURLString:[url stringByReplacingOccurrencesOfString:@"launch" withString:@"lunch"]
                              headers:[request headers]
                                 date:Date(t + 10)
                                error:NULL]);
    error = nil;
    CHECK(![presigner verifyURLString:@"garbage" headers:nil date:Date(t) error:&error]);
    CHECK_ERROR(error, OPSErrorMalformedURL, @"url");
    /* The wrapper's own refusals. */
    error = nil;
    CHECK(![presigner verifyURLString:url headers:nil date:(NSDate *)gNil error:&error]);
    CHECK_ERROR(error, OPSErrorNullArgument, @"now_unix_seconds");
    error = nil;
    CHECK(![presigner verifyURLString:url
                              headers:[NSDictionary dictionaryWithObject:[NSNumber numberWithInt:1]
                                                                  forKey:@"Content-Type"]
                                 date:Date(t)
                                error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidArgument, @"header_values");
    error = nil;
    CHECK(![presigner verifyURLString:url
                              headers:[NSDictionary dictionaryWithObject:@"v" forKey:Units(nulText, 2)]
                                 date:Date(t)
                                error:&error]);
    CHECK_ERROR(error, OPSErrorEmbeddedNul, @"header_names");
    error = nil;
    CHECK(![presigner verifyURLString:gNil headers:nil date:Date(t) error:&error]);
    CHECK_ERROR(error, OPSErrorNullArgument, @"url");

    /* Lint: the findings the documented rules give. */
    {
        struct {
            NSString *key;
            OPSKeyLint findings;
        } cases[] = {
            {@"photos/2024/summer.jpg", 0},
            {@"a//b ", OPSKeyLintEmptySegment | OPSKeyLintTrailingSpaceOrDot | OPSKeyLintUnusualWhiteSpace},
            {@"dir./file", OPSKeyLintTrailingSpaceOrDot},
            {@"no\u00a0break", OPSKeyLintUnusualWhiteSpace},
            {@" lead/trail\u3000", OPSKeyLintUnusualWhiteSpace},
            {@"bell\a.txt", OPSKeyLintControlCharacters},
            {@"caf\u00e9 cafe\u0301", OPSKeyLintCombiningMarks},
            {@"zero\u200bwidth", OPSKeyLintLookalikeCharacters},
            {@"\uff46\uff55\uff4c\uff4c.txt", OPSKeyLintLookalikeCharacters},
        };
        size_t i;
        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            OPSKeyLint findings = (OPSKeyLint)0xFFFF;
            error = Sentinel();
            CHECK([OPSPresigner lintKey:cases[i].key findings:&findings error:&error]);
            CHECK(error == Sentinel());
            if (!CHECK(findings == cases[i].findings)) {
                fprintf(stderr, "  lint of %s: %lu, expected %lu\n", [cases[i].key UTF8String],
                        (unsigned long)findings, (unsigned long)cases[i].findings);
            }
        }
        CHECK([OPSPresigner lintKey:@"a//b" findings:NULL error:NULL]);
        error = nil;
        CHECK(![OPSPresigner lintKey:Units(nulText, 2) findings:NULL error:&error]);
        CHECK_ERROR(error, OPSErrorEmbeddedNul, @"key");
        error = nil;
        CHECK(![OPSPresigner lintKey:gNil findings:NULL error:&error]);
        CHECK_ERROR(error, OPSErrorNullArgument, @"key");
    }
}

/* ------------------------------------------------------------------ rotation under threads */

#define ROTATION_THREADS 8
#define ROTATION_SETS 3
static NSString *const kRotationKeys[] = {@"hello.txt", @"with space.txt", @"emoji/\U0001F680.bin"};
#define ROTATION_KEYS (sizeof kRotationKeys / sizeof kRotationKeys[0])

@interface OPSRotationTest : NSObject {
@public
    OPSPresigner *presigner;
    OPSGetOptions *options;
    OPSSigningKey *dayKey;
    NSString *expected[ROTATION_SETS][ROTATION_KEYS];
    NSCondition *condition;
    int running;    /* readers not done yet (atomic) */
    int started;    /* set when the rotator runs (atomic) */
    long rotations; /* (atomic) */
    int mismatches;
    long seen[ROTATION_SETS];
    int readersSeeing[ROTATION_SETS];
}
- (void)work:(id)unused;
@end

@implementation OPSRotationTest

/* The set whose URL url is for key k, or -1 if none (or more than one). */
- (int)setOf:(NSString *)url key:(size_t)k {
    int set, found = -1, matches = 0;
    for (set = 0; set < ROTATION_SETS; set++) {
        if ([url isEqualToString:expected[set][k]]) {
            found = set;
            matches++;
        }
    }
    return matches == 1 ? found : -1;
}

- (void)work:(id)unused {
    long i, local[ROTATION_SETS] = {0};
    int bad = 0, set;
    NSMutableArray *batchKeys = [[NSMutableArray alloc] init];
    size_t k;
    (void)unused;
    for (k = 0; k < ROTATION_KEYS; k++) {
        [batchKeys addObject:kRotationKeys[k]];
    }
    /* Start once the rotator runs; go on past the iterations until this
     * thread has seen two credential sets (or the rotator gave up), so
     * that the test cannot pass without presigns racing a change. */
    while (!__atomic_load_n(&started, __ATOMIC_ACQUIRE)) {
        [NSThread sleepForTimeInterval:0.0005];
    }
    for (i = 0; i < settings.iterations ||
                ((local[0] > 0) + (local[1] > 0) + (local[2] > 0) < 2 &&
                 __atomic_load_n(&rotations, __ATOMIC_RELAXED) < 1000000);
         i++) {
        NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
        k = (size_t)i % ROTATION_KEYS;
        if (i % 3 == 2) {
            /* A batch: every entry of one snapshot, all of one set. */
            NSArray *results = [presigner presignGetURLStringsWithBucket:settings.bucket
                                                                    keys:batchKeys
                                                                 options:options
                                                                   error:NULL];
            int first = [self setOf:[[results objectAtIndex:0] URLString] key:0];
            for (k = 0; k < ROTATION_KEYS; k++) {
                if (first < 0 || [self setOf:[[results objectAtIndex:k] URLString] key:k] != first) {
                    bad++;
                }
            }
            if (first >= 0) {
                local[first]++;
            }
        } else {
            NSString *url = i % 3 == 0 ? [presigner presignGetURLStringWithBucket:settings.bucket
                                                                              key:kRotationKeys[k]
                                                                          options:options
                                                                            error:NULL]
                                       : [[presigner presignGetWithBucket:settings.bucket
                                                                      key:kRotationKeys[k]
                                                                  options:options
                                                                    error:NULL] URLString];
            set = url == nil ? -1 : [self setOf:url key:k];
            if (set < 0) {
                bad++;
            } else {
                local[set]++;
            }
        }
        [pool drain];
    }
    [batchKeys release];
    [condition lock];
    mismatches += bad;
    for (set = 0; set < ROTATION_SETS; set++) {
        seen[set] += local[set];
        readersSeeing[set] += local[set] > 0;
    }
    [condition unlock];
    __atomic_fetch_sub(&running, 1, __ATOMIC_RELEASE);
}

@end

void TestRotation(void) {
    OPSRotationTest *test = [[OPSRotationTest alloc] init];
    NSString *ids[ROTATION_SETS] = {settings.ak, settings.stsAk, settings.ak3};
    NSString *secrets[ROTATION_SETS] = {settings.sk, settings.stsSk, settings.sk3};
    NSString *tokens[ROTATION_SETS] = {nil, settings.stsToken, nil};
    long rotations = 0, setsSeen = 0;
    int i, set;
    size_t k;
    test->presigner = [NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil) retain];
    test->options = [Options(settings.signingTime, settings.expires) retain];
    test->dayKey = [[OPSSigningKey deriveWithSecret:settings.sk3
                                               date:settings.day
                                             region:@"cn-hangzhou"
                                            product:@"oss"
                                              error:NULL] retain];
    test->condition = [[NSCondition alloc] init];
    /* What a fresh presigner of each set makes: set 2 signs through its day
     * key in the test, from its secret here. */
    for (set = 0; set < ROTATION_SETS; set++) {
        OPSPresigner *fresh = NewPresigner(LocalhostEndpoint(), ids[set], secrets[set], tokens[set]);
        for (k = 0; k < ROTATION_KEYS; k++) {
            test->expected[set][k] = [URLOf(fresh, kRotationKeys[k], test->options, NULL) retain];
            CHECK(test->expected[set][k] != nil);
        }
    }
    CHECK(![test->expected[0][0] isEqualToString:test->expected[1][0]] &&
          ![test->expected[1][0] isEqualToString:test->expected[2][0]] &&
          ![test->expected[0][0] isEqualToString:test->expected[2][0]]);

    test->running = ROTATION_THREADS;
    for (i = 0; i < ROTATION_THREADS; i++) {
        [NSThread detachNewThreadSelector:@selector(work:) toTarget:test withObject:nil];
    }
    /* Rotate while they presign: credentials, STS credentials, a day key. */
    __atomic_store_n(&test->started, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&test->running, __ATOMIC_ACQUIRE) > 0) {
        BOOL ok;
        long n = __atomic_add_fetch(&test->rotations, 1, __ATOMIC_RELAXED);
        set = (int)(n % ROTATION_SETS);
        ok = set == 2 ? [test->presigner setSigningKey:test->dayKey
                                           accessKeyId:settings.ak3
                                         securityToken:nil
                                                 error:NULL]
                      : [test->presigner setCredentialsWithAccessKeyId:ids[set]
                                                       accessKeySecret:secrets[set]
                                                         securityToken:tokens[set]
                                                        expirationDate:nil
                                                                 error:NULL];
        if (!ok) {
            CHECK(ok);
        }
    }
    rotations = test->rotations;
    for (set = 0; set < ROTATION_SETS; set++) {
        setsSeen += test->seen[set] > 0;
    }
    CHECK(test->mismatches == 0);
    /* Not vacuous: every reader saw the state change under it. */
    CHECK(rotations >= 3 && setsSeen >= 2);
    CHECK(test->readersSeeing[0] + test->readersSeeing[1] + test->readersSeeing[2] >=
          2 * ROTATION_THREADS);
    printf("rotation: %d threads x %ld presigns while %ld rotations ran; %ld/%ld/%ld presigns of "
           "each set, %d mismatches\n",
           ROTATION_THREADS, settings.iterations, rotations, test->seen[0], test->seen[1],
           test->seen[2], test->mismatches);
    [test->presigner release];
    [test->options release];
    [test->dayKey release];
    [test->condition release];
    for (set = 0; set < ROTATION_SETS; set++) {
        for (k = 0; k < ROTATION_KEYS; k++) {
            [test->expected[set][k] release];
        }
    }
    [test release];
}

/* ------------------------------------------------------------------ object leaks */

/* As TestNoLeakedObjects (test_presigner.m), for every method added for
 * live presigners: no class of object they make may have more live
 * instances after 50 rounds than after the first. */
void TestLiveLeaks(void) {
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    NSMutableArray *classes = [NSMutableArray array];
    NSMutableArray *before = [NSMutableArray array];
    static const unichar nul[] = {'k', 0};
    NSData *body = Data(@"<Error><Code>AccessDenied</Code><Message>Request has expired.</Message>"
                        @"<ServerTime>2024-01-02T05:04:05.000Z</ServerTime></Error>");
    NSUInteger i;
    int round;
    for (round = 0; round < 51; round++) {
        NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
        OPSGetOptions *options = [[OPSGetOptions alloc] init];
        OPSServiceError *parsed = [[OPSServiceError alloc] initWithData:body error:NULL];
        NSError *parseError = nil, *dateError = nil, *keyError = nil, *verifyError = nil;
        OPSSigningKey *key = [OPSSigningKey deriveWithSecret:settings.sk3
                                                        date:settings.day
                                                      region:@"cn-hangzhou"
                                                     product:@"oss"
                                                       error:NULL];
        OPSSigningKey *received = [[OPSSigningKey alloc] initWithHexString:settings.dayKey
                                                                      date:settings.day
                                                                     error:NULL];
        NSArray *batch;
        OPSPresignedRequest *request;
        OPSURLInfo *info;
        NSDate *date;
        NSString *hex, *field;
        [options setSigningTime:settings.signingTime error:NULL];
        [options setDiagnostics:YES error:NULL];
        [options setSigningTimeWindow:60 error:NULL];
        [options setClampToCredentials:YES error:NULL];
        [[OPSServiceError alloc] initWithData:Data(@"nope") error:&parseError];
        date = [OPSPresigner dateFromHTTPDateString:@"Tue, 02 Jan 2024 03:04:05 GMT" error:NULL];
        [OPSPresigner dateFromHTTPDateString:@"nope" error:&dateError];
        [presigner setServerDate:[parsed serverDate] error:NULL];
        [presigner setCredentialsWithAccessKeyId:settings.stsAk
                                 accessKeySecret:settings.stsSk
                                   securityToken:settings.stsToken
                                  expirationDate:Date(settings.signingTime + 86400)
                                           error:NULL];
        [presigner setSigningKey:received accessKeyId:settings.ak3 securityToken:nil error:NULL];
        [presigner setSigningKey:received
                     accessKeyId:settings.ak3
                   securityToken:nil
                  expirationDate:Date(settings.signingTime + 86400)
                           error:NULL];
        [presigner setSigningKey:received accessKeyId:Units(nul, 2) securityToken:nil error:&keyError];
        batch = [presigner presignGetURLStringsWithBucket:settings.bucket
                                                     keys:[NSArray arrayWithObjects:@"a.txt", Units(nul, 2),
                                                                                    @"/bad", nil]
                                                  options:options
                                                    error:NULL];
        request = [presigner presignGetWithBucket:settings.bucket key:@"a.txt" options:options error:NULL];
        info = [presigner inspectURLString:[request URLString] error:NULL];
        [presigner verifyURLString:[request URLString] headers:nil date:Date(settings.signingTime)
                             error:NULL];
        [presigner verifyURLString:@"garbage" headers:nil date:Date(settings.signingTime) error:&verifyError];
        [OPSPresigner lintKey:@"a//b" findings:NULL error:NULL];
        hex = [key hexString];
        field = [parsed stringForField:@"ServerTime"];
        [presigner setCredentialsWithAccessKeyId:settings.ak
                                 accessKeySecret:settings.sk
                                   securityToken:nil
                                  expirationDate:nil
                                           error:NULL];
        if (round == 0) {
            id made[] = {options, parsed, parseError, key, received, batch,
                         [batch objectAtIndex:0], [[batch objectAtIndex:1] error],
                         [[batch objectAtIndex:0] URL], [[batch objectAtIndex:0] expirationDate], request, [request canonicalRequest], info,
                         [info additionalHeaders], [info signingDate], date, dateError, keyError,
                         verifyError, hex, field, [parsed serverDate]};
            CHECK(batch != nil && request != nil && info != nil && parsed != nil && key != nil);
            for (i = 0; i < sizeof made / sizeof made[0]; i++) {
                if (made[i] != nil && ![classes containsObject:[made[i] class]]) {
                    [classes addObject:[made[i] class]];
                }
            }
            CHECK([classes count] >= 8);
        }
        [received release];
        [parsed release];
        [options release];
        [pool drain];
        if (round == 0) {
            for (i = 0; i < [classes count]; i++) {
                [before addObject:[NSNumber numberWithInt:GSDebugAllocationCount([classes objectAtIndex:i])]];
            }
        }
    }
    for (i = 0; i < [classes count]; i++) {
        Class c = [classes objectAtIndex:i];
        int now = GSDebugAllocationCount(c);
        if (!CHECK(now <= [[before objectAtIndex:i] intValue])) {
            fprintf(stderr, "  %s: %d live instances after 50 rounds, %d before\n",
                    [NSStringFromClass(c) UTF8String], now, [[before objectAtIndex:i] intValue]);
        }
    }
    CHECK(GSDebugAllocationCount([OPSServiceError class]) == 0);
    CHECK(GSDebugAllocationCount([OPSSigningKey class]) == 0);
    CHECK(GSDebugAllocationCount([OPSPresignedURLResult class]) == 0);
    CHECK(GSDebugAllocationCount([OPSURLInfo class]) == 0);
    CHECK(GSDebugAllocationCount([OPSPresignedRequest class]) == 0);
}

/* ------------------------------------------------------------------ downloads */

void TestLiveDownloads(void) {
    NSString *key = @"live/\u6587 object.bin";
    NSData *object = WriteObject(key, 777);
    int64_t now = Now();

    /* STS URLs clamped to the token's expiry are accepted. */
    {
        OPSPresigner *sts = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
        OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
        OPSPresignedRequest *request;
        CHECK([options setExpires:3600 error:NULL]);
        CHECK([sts setCredentialsWithAccessKeyId:settings.stsAk
                                 accessKeySecret:settings.stsSk
                                   securityToken:settings.stsToken
                                  expirationDate:Date(now + 300)
                                           error:NULL]);
        CHECK(RequestOf(sts, key, options, NULL) == nil);
        CHECK([options setClampToCredentials:YES error:NULL]);
        request = RequestOf(sts, key, options, NULL);
        CHECK([[request expirationDate] timeIntervalSince1970] == (double)(now + 300));
        EXPECT_OBJECT(GET(request), object);
    }

    /* A windowed URL, a day-key URL, rotated credentials and batch URLs
     * are accepted by Alibaba's signer. */
    {
        OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
        OPSGetOptions *windowed = [[[OPSGetOptions alloc] init] autorelease];
        NSString *today;
        OPSSigningKey *dayKey;
        NSArray *batch;
        NSUInteger i;
        CHECK([windowed setSigningTimeWindow:3600 error:NULL]);
        EXPECT_OBJECT(GET(RequestOf(presigner, key, windowed, NULL)), object);
        CHECK([presigner setCredentialsWithAccessKeyId:settings.stsAk
                                       accessKeySecret:settings.stsSk
                                         securityToken:settings.stsToken
                                        expirationDate:nil
                                                 error:NULL]);
        EXPECT_OBJECT(GET(RequestOf(presigner, key, nil, NULL)), object);
        /* Today's key, and a signing time of that same day. */
        today = [Date(now) descriptionWithCalendarFormat:@"%Y%m%d"
                                                timeZone:[NSTimeZone timeZoneWithName:@"UTC"]
                                                  locale:nil];
        dayKey = [OPSSigningKey deriveWithSecret:settings.sk3 date:today region:@"cn-hangzhou" product:@"oss" error:NULL];
        CHECK([presigner setSigningKey:dayKey accessKeyId:settings.ak3 securityToken:nil error:NULL]);
        EXPECT_OBJECT(GET(RequestOf(presigner, key, Options(now, 900), NULL)), object);
        batch = [presigner presignGetURLStringsWithBucket:settings.bucket
                                                     keys:[NSArray arrayWithObjects:key, @"hello.txt", nil]
                                                  options:windowed
                                                    error:NULL];
        CHECK([batch count] == 2);
        EXPECT_OBJECT(GET_URL([[batch objectAtIndex:0] URLString], nil), object);
        EXPECT_OBJECT(GET_URL([[batch objectAtIndex:1] URLString], nil), WriteObject(@"hello.txt", 100));
        for (i = 0; i < [batch count]; i++) {
            CHECK([presigner verifyURLString:[[batch objectAtIndex:i] URLString]
                                     headers:nil
                                        date:[NSDate date]
                                       error:NULL]);
        }
    }

    /* Diagnostics: what we signed is what Alibaba's signer computed from
     * the request as it arrived (the emulator returns it, as OSS does, with
     * SignatureDoesNotMatch: here a wrong secret). */
    {
        OPSPresigner *wrong = NewPresigner(LocalhostEndpoint(), settings.ak, @"not-the-secret", nil);
        OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
        OPSPresignedRequest *request;
        OPSTestAnswer *result;
        CHECK([options addHeaderWithName:@"Content-Type" value:@"image/png" error:NULL]);
        CHECK([options setDiagnostics:YES error:NULL]);
        request = RequestOf(wrong, key, options, NULL);
        result = GET(request);
        EXPECT_REFUSED(result, 403, @"SignatureDoesNotMatch");
        CHECK_EQUAL([[result serviceError] canonicalRequest], [request canonicalRequest]);
        CHECK_EQUAL([[result serviceError] stringToSign], [request stringToSign]);
        CHECK_EQUAL([[result serviceError] stringForField:@"OSSAccessKeyId"], settings.ak);
    }

    /* Verify agrees with Alibaba's signer: valid, tampered, expired. */
    {
        OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
        NSString *url = URLOf(presigner, key, nil, NULL);
        NSString *tampered = [url stringByReplacingOccurrencesOfString:@"x-oss-expires=900"
                                                            withString:@"x-oss-expires=901"];
        NSString *expired = URLOf(presigner, key, Options(now - 3600, 60), NULL);
        NSError *error = nil;
        CHECK([presigner verifyURLString:url headers:nil date:[NSDate date] error:NULL]);
        EXPECT_OBJECT(GET_URL(url, nil), object);
        CHECK(![presigner verifyURLString:tampered headers:nil date:[NSDate date] error:&error]);
        CHECK_ERROR(error, OPSErrorSignatureMismatch, @"url");
        EXPECT_REFUSED(GET_URL(tampered, nil), 403, @"SignatureDoesNotMatch");
        error = nil;
        CHECK(![presigner verifyURLString:expired headers:nil date:[NSDate date] error:&error]);
        CHECK_ERROR(error, OPSErrorURLExpired, @"url");
        EXPECT_REFUSED(GET_URL(expired, nil), 403, @"AccessDenied");
    }
}
