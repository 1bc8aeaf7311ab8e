/*
 * Tests of the Objective-C wrapper (bindings/apple) under GNUstep: every
 * method, every error path, exact strings, threads, and downloads from the
 * loopback OSS emulator (tests/emulator), which checks each signature with
 * Alibaba's own SDK.
 *
 * run.sh starts the emulator and passes its settings in the environment:
 *   OPS_TEST_PORT        the emulator's port on 127.0.0.1
 *   OPS_TEST_ROOT        its object directory: ROOT/<bucket>/<key>
 *   OPS_TEST_BUCKET      the bucket
 *   OPS_TEST_AK, OPS_TEST_SK                        long-term key pair
 *   OPS_TEST_STS_AK, OPS_TEST_STS_SK, OPS_TEST_STS_TOKEN   STS credentials
 *   OPS_TEST_SDK_URLS    file with the URLs Alibaba's Python SDK made for
 *                        SDK_KEYS below (sdk_presign.py), one per line
 *   OPS_TEST_SDK_HEAD_URLS   the same for a HEAD (HeadObjectRequest)
 *   OPS_TEST_VECTORS     tests/vectors/oss-v4-vectors.json (known answers)
 *   OPS_TEST_SIGNING_TIME, OPS_TEST_EXPIRES   the inputs of those URLs
 *   OPS_TEST_BAD_INPUTS  tests/bad_inputs.tsv (the shared bad-input table:
 *                        every row through the Objective-C API)
 *   OPS_TEST_THREAD_ITERATIONS   presigns per thread (optional)
 *   OPS_TEST_AK3, OPS_TEST_SK3   a third key pair, and OPS_TEST_DAY_KEY its
 *                        signing key of the UTC day OPS_TEST_DAY (that of
 *                        OPS_TEST_SIGNING_TIME), derived as Alibaba's SDK does
 *
 * This file tests the presigning API; test_live.m the live presigner
 * (server time, rotation, STS expiry), the options beyond it, server
 * answers, batches, day keys, reading URLs back; test_api.m the
 * Swift-first additions (options taken whole, NSCopying, NSDate setters,
 * URLRequest, service errors as NSError, lint reports, CRC-64, wiped
 * UTF-8 copies); test_download.m the sample's download rules on answers no
 * emulator gives (the emulator's network faults are run.sh's
 * test_objc_sample.py); test_head.m the HEAD presigns; test_support.m
 * holds the harness.
 *
 * Plain assertions with a count; the last line says "N passed, N failed".
 * Written for gcc and clang alike, with manual retain/release (GNUstep).
 */
#import <Foundation/NSDebug.h>

#import "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ tests */

static void TestErrorDomain(void) {
    CHECK_EQUAL(OPSErrorDomain, @"OPSErrorDomain");
    CHECK([OPSErrorArgumentKey length] > 0);
    CHECK_EQUAL([OPSPresigner libraryVersion], S(oss_version()));
    CHECK_EQUAL([OPSPresigner libraryVersion], @OSS_PRESIGN_VERSION_STRING);
}

static void TestPresignerInit(void) {
    NSError *error = Sentinel();
    OPSPresigner *presigner;
    NSString *endpoint = LocalhostEndpoint();

    /* Success leaves the error variable alone. */
    presigner = [[OPSPresigner alloc] initWithEndpoint:endpoint
                                                region:@"cn-hangzhou"
                                           accessKeyId:settings.ak
                                       accessKeySecret:settings.sk
                                         securityToken:nil
                                                 error:&error];
    CHECK(presigner != nil);
    CHECK(error == Sentinel());
    [presigner release];

    /* nil for each required string: nil + NULL_ARGUMENT naming it. */
    {
        NSString *values[4];
        NSString *names[4] = {@"endpoint", @"region", @"access_key_id", @"access_key_secret"};
        int i;
        for (i = 0; i < 4; i++) {
            values[0] = endpoint;
            values[1] = @"cn-hangzhou";
            values[2] = settings.ak;
            values[3] = settings.sk;
            values[i] = nil;
            error = nil;
            presigner = [[OPSPresigner alloc] initWithEndpoint:values[0]
                                                        region:values[1]
                                                   accessKeyId:values[2]
                                               accessKeySecret:values[3]
                                                 securityToken:nil
                                                         error:&error];
            CHECK(presigner == nil);
            CHECK_ERROR(error, OPSErrorNullArgument, names[i]);
        }
    }

    /* Empty credentials: MISSING_CREDENTIALS; the secret never in the message. */
    error = nil;
    presigner = [[OPSPresigner alloc] initWithEndpoint:endpoint
                                                region:@"cn-hangzhou"
                                           accessKeyId:@""
                                       accessKeySecret:settings.sk
                                         securityToken:nil
                                                 error:&error];
    CHECK(presigner == nil);
    CHECK_ERROR(error, OPSErrorMissingCredentials, @"access_key_id");

    /* error:NULL is allowed on failure. */
    CHECK([[OPSPresigner alloc] initWithEndpoint:endpoint
                                          region:@"cn-hangzhou"
                                     accessKeyId:settings.ak
                                 accessKeySecret:@""
                                   securityToken:nil
                                           error:NULL] == nil);

    /* A NUL or an unpaired surrogate in any string is refused, never cut. */
    {
        static const unichar nulSecret[] = {'s', 'k', 0, 'x'};
        static const unichar loneToken[] = {'t', 0xDC01};
        error = nil;
        presigner = [[OPSPresigner alloc] initWithEndpoint:endpoint
                                                    region:@"cn-hangzhou"
                                               accessKeyId:settings.ak
                                           accessKeySecret:Units(nulSecret, 4)
                                             securityToken:nil
                                                     error:&error];
        CHECK(presigner == nil);
        CHECK_ERROR(error, OPSErrorEmbeddedNul, @"access_key_secret");
        error = nil;
        presigner = [[OPSPresigner alloc] initWithEndpoint:endpoint
                                                    region:@"cn-hangzhou"
                                               accessKeyId:settings.ak
                                           accessKeySecret:settings.sk
                                             securityToken:Units(loneToken, 2)
                                                     error:&error];
        CHECK(presigner == nil);
        CHECK_ERROR(error, OPSErrorInvalidUTF8, @"security_token");
    }

    /* -init and +new are unavailable (a compile error under clang); called
     * anyway they give nil, not a presigner without a client. */
    {
        id object = [OPSPresigner alloc];
        CHECK([object init] == nil);
        object = [OPSPresignedRequest alloc];
        CHECK([object init] == nil);
        object = [OPSPresignerConfiguration alloc];
        CHECK([object init] == nil);
    }
}

/* The wrapper's URL for the emoji/combining/CJK keys against the C ABI's
 * (byte for byte) and Alibaba's SDK's (path byte for byte; the SDK orders
 * the query parameters differently, so those are compared as raw pairs). */
static NSString *const kSDKKeys[] = {
    @"unicode/\u5b50\u76ee\u5f55/\u6587\u4ef6.txt",
    @"emoji/\U0001F680 launch \U0001F600.bin",
    @"combining/e\u0301le\u0300ve cafe\u0301 \u00e9.txt",
    @"mixed/\u00fc \u00e9+\U0001F389 ~!*'()&=;,$@.dat",
};
#define SDK_KEY_COUNT (sizeof kSDKKeys / sizeof kSDKKeys[0])

static void TestExactURLs(void) {
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSGetOptions *options = Options(settings.signingTime, settings.expires);
    NSUInteger i;
    CHECK([settings.sdkURLs count] == SDK_KEY_COUNT);
    CHECK([settings.sdkHeadURLs count] == SDK_KEY_COUNT);
    for (i = 0; i < SDK_KEY_COUNT && i < [settings.sdkURLs count] && i < [settings.sdkHeadURLs count];
         i++) {
        NSError *error = Sentinel();
        NSString *key = kSDKKeys[i];
        NSString *url = [presigner presignGetURLStringWithBucket:settings.bucket
                                                             key:key
                                                         options:options
                                                           error:&error];
        OPSPresignedRequest *request = [presigner presignGetWithBucket:settings.bucket
                                                                   key:key
                                                               options:options
                                                                 error:&error];
        NSString *sdk = [settings.sdkURLs objectAtIndex:i];
        NSString *c = CURL([LocalhostEndpoint() UTF8String], [settings.ak UTF8String],
                           [settings.sk UTF8String], NULL, [settings.bucket UTF8String],
                           [key UTF8String], settings.signingTime, settings.expires);
        CHECK(error == Sentinel());
        CHECK_EQUAL(url, c);
        CHECK_EQUAL(BeforeQuery(url), BeforeQuery(sdk));
        CHECK([SortedQuery(url) isEqualToArray:SortedQuery(sdk)]);
        CHECK_EQUAL([request URLString], url);
        /* +[NSURL URLWithString:] keeps the text: not one escape re-encoded. */
        CHECK_EQUAL([[request URL] absoluteString], url);
        CHECK_EQUAL([[NSURL URLWithString:url] absoluteString], url);
        CHECK_EQUAL([request HTTPMethod], @"GET");
        CHECK([[request signingDate] timeIntervalSince1970] == (double)settings.signingTime);
        CHECK([[request expirationDate] timeIntervalSince1970] ==
              (double)(settings.signingTime + (int64_t)settings.expires));
        CHECK([[request headers] count] == 0);
        /* The description names the object, never the signed query. */
        CHECK([[request description] rangeOfString:BeforeQuery(url)].location != NSNotFound);
        CHECK([[request description] rangeOfString:@"x-oss-signature"].location == NSNotFound);
        CHECK([[request description] rangeOfString:@"x-oss-credential"].location == NSNotFound);

        /* HEAD: C's URL byte for byte, the SDK's HeadObjectRequest presign
         * as pairs; only the signature differs from the GET's. */
        {
            NSString *head = [presigner presignHeadURLStringWithBucket:settings.bucket
                                                                   key:key
                                                               options:options
                                                                 error:&error];
            OPSPresignedRequest *headRequest = [presigner presignHeadWithBucket:settings.bucket
                                                                            key:key
                                                                        options:options
                                                                          error:&error];
            NSString *sdkHead = [settings.sdkHeadURLs objectAtIndex:i];
            CHECK(error == Sentinel());
            CHECK_EQUAL(head, CHeadURL([LocalhostEndpoint() UTF8String], [settings.ak UTF8String],
                                       [settings.sk UTF8String], NULL, [settings.bucket UTF8String],
                                       [key UTF8String], settings.signingTime, settings.expires));
            CHECK_EQUAL(BeforeQuery(head), BeforeQuery(sdkHead));
            CHECK([SortedQuery(head) isEqualToArray:SortedQuery(sdkHead)]);
            CHECK(![head isEqualToString:url]);
            CHECK_EQUAL(BeforeQuery(head), BeforeQuery(url));
            CHECK_EQUAL([headRequest URLString], head);
            CHECK_EQUAL([headRequest HTTPMethod], @"HEAD");
            CHECK_EQUAL([[headRequest URLRequest] HTTPMethod], @"HEAD");
            CHECK_EQUAL([[[headRequest URLRequest] URL] absoluteString], head);
            CHECK([[headRequest description] hasPrefix:@"<OPSPresignedRequest: HEAD "]);
        }
    }

    /* Long keys take the heap path of the conversion: a 1023-byte CJK key
     * (341 characters) and a 1000-character ASCII key. */
    {
        NSMutableString *cjk = [NSMutableString string];
        NSMutableString *ascii = [NSMutableString string];
        NSString *url;
        while ([cjk length] < 341) {
            [cjk appendString:@"\u6587"];
        }
        while ([ascii length] < 1000) {
            [ascii appendString:@"k"];
        }
        url = [presigner presignGetURLStringWithBucket:settings.bucket
                                                   key:cjk
                                               options:options
                                                 error:NULL];
        CHECK_EQUAL(url, CURL([LocalhostEndpoint() UTF8String], [settings.ak UTF8String],
                              [settings.sk UTF8String], NULL, [settings.bucket UTF8String],
                              [cjk UTF8String], settings.signingTime, settings.expires));
        url = [presigner presignGetURLStringWithBucket:settings.bucket
                                                   key:ascii
                                               options:options
                                                 error:NULL];
        CHECK_EQUAL(url, CURL([LocalhostEndpoint() UTF8String], [settings.ak UTF8String],
                              [settings.sk UTF8String], NULL, [settings.bucket UTF8String],
                              [ascii UTF8String], settings.signingTime, settings.expires));
    }

    /* Default options (nil): signed now, 900 s. */
    {
        OPSPresignedRequest *request = [presigner presignGetWithBucket:settings.bucket
                                                                   key:@"hello.txt"
                                                               options:nil
                                                                 error:NULL];
        NSTimeInterval now = [[NSDate date] timeIntervalSince1970];
        CHECK(request != nil);
        CHECK([[request signingDate] timeIntervalSince1970] <= now + 1);
        CHECK([[request signingDate] timeIntervalSince1970] >= now - 60);
        CHECK([[request expirationDate] timeIntervalSinceDate:[request signingDate]] == 900);
        CHECK([[request URLString] rangeOfString:@"x-oss-expires=900"].location != NSNotFound);
    }
}

/* Every presign method, by number: 0 GET URL, 1 GET request, 2 HEAD URL,
 * 3 HEAD request; each must refuse the same inputs alike. */
#define PRESIGN_METHODS 4
static id Presign(OPSPresigner *presigner, int method, NSString *bucket, NSString *key,
                  NSError **error) {
    switch (method) {
    case 0:
        return [presigner presignGetURLStringWithBucket:bucket key:key options:nil error:error];
    case 1:
        return [presigner presignGetWithBucket:bucket key:key options:nil error:error];
    case 2:
        return [presigner presignHeadURLStringWithBucket:bucket key:key options:nil error:error];
    default:
        return [presigner presignHeadWithBucket:bucket key:key options:nil error:error];
    }
}

static void TestRefusedStrings(void) {
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    static const unichar nulKey[] = {'a', 0, 'b', '.', 't', 'x', 't'};
    static const unichar loneHigh[] = {'k', 0xD83D, 'x'};
    static const unichar loneLow[] = {'k', 0xDE00};
    static const unichar highAtEnd[] = {'k', 'e', 'y', 0xD83D};
    static const unichar swapped[] = {0xDE00, 0xD83D};
    static const unichar nulBucket[] = {'b', 'u', 'c', 'k', 0};
    struct {
        NSString *bucket, *key;
        NSInteger code;
        NSString *argument;
    } cases[] = {
        {settings.bucket, Units(nulKey, 7), OPSErrorEmbeddedNul, @"key"},
        {settings.bucket, Units(loneHigh, 3), OPSErrorInvalidUTF8, @"key"},
        {settings.bucket, Units(loneLow, 2), OPSErrorInvalidUTF8, @"key"},
        {settings.bucket, Units(highAtEnd, 4), OPSErrorInvalidUTF8, @"key"},
        {settings.bucket, Units(swapped, 2), OPSErrorInvalidUTF8, @"key"},
        {settings.bucket, nil, OPSErrorNullArgument, @"key"},
        /* The realistic way to get one: an emoji cut in half. */
        {settings.bucket, [S("photos/\xf0\x9f\x98\x80.jpg") substringToIndex:8], OPSErrorInvalidUTF8, @"key"},
        {Units(nulBucket, 5), @"a.txt", OPSErrorEmbeddedNul, @"bucket"},
        {nil, @"a.txt", OPSErrorNullArgument, @"bucket"},
    };
    size_t i;
    int method;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (method = 0; method < PRESIGN_METHODS; method++) {
            NSError *error = nil;
            CHECK(Presign(presigner, method, cases[i].bucket, cases[i].key, &error) == nil);
            CHECK_ERROR(error, cases[i].code, cases[i].argument);
            /* And with error:NULL. */
            CHECK(Presign(presigner, method, cases[i].bucket, cases[i].key, NULL) == nil);
        }
    }
}

static void TestOptions(void) {
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
    OPSPresignedRequest *request;
    NSError *error = Sentinel();
    static const unichar nulValue[] = {'v', 0};
    static const unichar lone[] = {0xD800};

    /* Each setter succeeds without touching the error. */
    CHECK([options setSigningTime:settings.signingTime error:&error]);
    CHECK([options setExpires:3600 error:&error]);
    CHECK([options setVersionId:@"CAEQNhiBgM+/0BYiIDc4MGZj==ZGI2" error:&error]);
    CHECK([options setResponseContentType:@"application/x-test" error:&error]);
    CHECK([options setResponseContentDisposition:@"attachment; filename=\"a b.pdf\"" error:&error]);
    CHECK([options setResponseCacheControl:@"no-cache" error:&error]);
    CHECK([options setResponseContentEncoding:@"identity" error:&error]);
    CHECK([options setResponseContentLanguage:@"zh-CN" error:&error]);
    CHECK([options setResponseExpires:@"Thu, 01 Dec 2094 16:00:00 GMT" error:&error]);
    CHECK([options setProcess:@"image/resize,w_200" error:&error]);
    CHECK([options setTrafficLimit:819200 error:&error]);
    CHECK([options addQueryWithName:@"acl-note" value:@"\u6587 x" error:&error]);
    CHECK([options addHeaderWithName:@"Content-Type" value:@"text/plain" error:&error]);
    CHECK([options addHeaderWithName:@"x-oss-meta-owner" value:@"  team a\t" error:&error]);
    CHECK(error == Sentinel());

    request = [presigner presignGetWithBucket:settings.bucket key:@"a.txt" options:options error:&error];
    CHECK(error == Sentinel());
    CHECK_EQUAL([[request headers] objectForKey:@"Content-Type"], @"text/plain");
    CHECK_EQUAL([[request headers] objectForKey:@"x-oss-meta-owner"], @"team a");
    CHECK([[request headers] count] == 2);
    {
        NSString *url = [request URLString];
        const char *expected[] = {
            "versionId=CAEQNhiBgM%2B%2F0BYiIDc4MGZj%3D%3DZGI2",
            "response-content-type=application%2Fx-test",
            "response-content-disposition=attachment%3B%20filename%3D%22a%20b.pdf%22",
            "response-cache-control=no-cache",
            "response-content-encoding=identity",
            "response-content-language=zh-CN",
            "response-expires=Thu%2C%2001%20Dec%202094%2016%3A00%3A00%20GMT",
            "x-oss-process=image%2Fresize%2Cw_200",
            "x-oss-traffic-limit=819200",
            "acl-note=%E6%96%87%20x",
            "x-oss-expires=3600",
        };
        size_t i;
        for (i = 0; i < sizeof expected / sizeof expected[0]; i++) {
            if (!CHECK([url rangeOfString:S(expected[i])].location != NSNotFound)) {
                fprintf(stderr, "  %s not in %s\n", expected[i], [url UTF8String]);
            }
        }
        CHECK_EQUAL([presigner presignGetURLStringWithBucket:settings.bucket
                                                         key:@"a.txt"
                                                     options:options
                                                       error:NULL],
                    url);
    }

    /* Failures: NO + error, the options unchanged. */
    error = nil;
    CHECK(![options setExpires:0 error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidExpiry, @"expires");
    error = nil;
    CHECK(![options setExpires:604801 error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidExpiry, @"expires");
    CHECK(![options setExpires:0 error:NULL]);
    error = nil;
    CHECK(![options addHeaderWithName:@"Content-Type" value:@"text/html" error:&error]);
    CHECK(error != nil && [[error domain] isEqualToString:OPSErrorDomain]);
    CHECK_EQUAL([[[presigner presignGetWithBucket:settings.bucket
                                              key:@"a.txt"
                                          options:options
                                            error:NULL] headers] objectForKey:@"Content-Type"],
                @"text/plain");

    /* nil, NUL and lone surrogates in every string setter. */
    {
        SEL setters[] = {@selector(setVersionId:error:),
                         @selector(setResponseContentType:error:),
                         @selector(setResponseContentDisposition:error:),
                         @selector(setResponseCacheControl:error:),
                         @selector(setResponseContentEncoding:error:),
                         @selector(setResponseContentLanguage:error:),
                         @selector(setResponseExpires:error:),
                         @selector(setProcess:error:)};
        NSString *names[] = {@"version_id", @"response_content_type",
                             @"response_content_disposition", @"response_cache_control",
                             @"response_content_encoding", @"response_content_language",
                             @"response_expires", @"process"};
        NSString *values[] = {nil, Units(nulValue, 2), Units(lone, 1)};
        NSInteger codes[] = {OPSErrorNullArgument, OPSErrorEmbeddedNul, OPSErrorInvalidUTF8};
        size_t i, j;
        for (i = 0; i < sizeof setters / sizeof setters[0]; i++) {
            for (j = 0; j < 3; j++) {
                NSError *failure = nil;
                NSMethodSignature *signature = [options methodSignatureForSelector:setters[i]];
                NSInvocation *call = [NSInvocation invocationWithMethodSignature:signature];
                NSString *value = values[j];
                NSError **out = &failure;
                BOOL ok = YES;
                [call setTarget:options];
                [call setSelector:setters[i]];
                [call setArgument:&value atIndex:2];
                [call setArgument:&out atIndex:3];
                [call invoke];
                [call getReturnValue:&ok];
                CHECK(!ok);
                CHECK_ERROR(failure, codes[j], names[i]);
            }
        }
    }
    error = nil;
    CHECK(![options addQueryWithName:Units(nulValue, 2) value:@"v" error:&error]);
    CHECK_ERROR(error, OPSErrorEmbeddedNul, @"query name");
    error = nil;
    CHECK(![options addQueryWithName:@"n" value:Units(lone, 1) error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidUTF8, @"query value");
    error = nil;
    CHECK(![options addHeaderWithName:gNil value:@"v" error:&error]);
    CHECK_ERROR(error, OPSErrorNullArgument, @"header name");
    error = nil;
    CHECK(![options addHeaderWithName:@"x-oss-meta-b" value:Units(nulValue, 2) error:&error]);
    CHECK_ERROR(error, OPSErrorEmbeddedNul, @"header value");
    error = nil;
    CHECK(![options addQueryWithName:@"n" value:gNil error:&error]);
    CHECK_ERROR(error, OPSErrorNullArgument, @"query value");

    /* An absolute expiration wins; one too far from the signing time fails
     * at presign time. */
    {
        OPSGetOptions *absolute = Options(settings.signingTime, 60);
        CHECK([absolute setExpiration:settings.signingTime + 120 error:NULL]);
        CHECK([[presigner presignGetURLStringWithBucket:settings.bucket
                                                    key:@"a.txt"
                                                options:absolute
                                                  error:NULL]
                  rangeOfString:@"x-oss-expires=120"]
                  .location != NSNotFound);
        CHECK([absolute setExpiration:settings.signingTime + 8 * 86400 error:NULL]);
        error = nil;
        CHECK([presigner presignGetWithBucket:settings.bucket
                                          key:@"a.txt"
                                      options:absolute
                                        error:&error] == nil);
        CHECK(error != nil && [error code] / 100 == 3);
    }
}

static void TestConfiguration(void) {
    NSError *error = Sentinel();
    OPSPresignerConfiguration *config;
    OPSPresigner *presigner;
    NSString *url;
    static const unichar nulRegion[] = {'c', 'n', 0};

    config = [[[OPSPresignerConfiguration alloc] initWithEndpoint:IPEndpoint()
                                                           region:@"cn-hangzhou"
                                                            error:&error] autorelease];
    CHECK(config != nil);
    CHECK([config setAccessKeyId:settings.ak accessKeySecret:settings.sk securityToken:nil error:&error]);
    CHECK([config setPathStyle:YES error:&error]);
    CHECK(error == Sentinel());
    presigner = [[[OPSPresigner alloc] initWithConfiguration:config error:&error] autorelease];
    CHECK(presigner != nil);
    CHECK(error == Sentinel());
    url = [presigner presignGetURLStringWithBucket:settings.bucket
                                               key:@"hello.txt"
                                           options:Options(settings.signingTime, 60)
                                             error:&error];
    CHECK_EQUAL(url, CURL([IPEndpoint() UTF8String], [settings.ak UTF8String],
                          [settings.sk UTF8String], NULL, [settings.bucket UTF8String],
                          "hello.txt", settings.signingTime, 60));

    /* Custom domain: https://domain/key. */
    config = [[[OPSPresignerConfiguration alloc] initWithEndpoint:@"static.example.test"
                                                           region:@"cn-hangzhou"
                                                            error:NULL] autorelease];
    CHECK([config setAccessKeyId:settings.ak accessKeySecret:settings.sk securityToken:nil error:NULL]);
    CHECK([config setCustomDomain:YES error:NULL]);
    url = [[[[OPSPresigner alloc] initWithConfiguration:config error:NULL] autorelease]
        presignGetURLStringWithBucket:settings.bucket
                                  key:@"a b.txt"
                              options:nil
                                error:NULL];
    CHECK([url hasPrefix:@"https://static.example.test/a%20b.txt?"]);

    /* CloudBox: the id is the signing region, the product oss-cloudbox. */
    CHECK([config setCloudBoxId:@"cb-f8z7yvzgwfkl9q0h" error:NULL]);
    url = [[[[OPSPresigner alloc] initWithConfiguration:config error:NULL] autorelease]
        presignGetURLStringWithBucket:settings.bucket
                                  key:@"a.txt"
                              options:nil
                                error:NULL];
    CHECK([url rangeOfString:@"%2Fcb-f8z7yvzgwfkl9q0h%2Foss-cloudbox%2Faliyun_v4_request"].location !=
          NSNotFound);
    error = nil;
    CHECK(![config setCloudBoxId:Units(nulRegion, 3) error:&error]);
    CHECK_ERROR(error, OPSErrorEmbeddedNul, @"cloudbox_id");

    /* STS credentials through the configuration. */
    CHECK([config setAccessKeyId:settings.stsAk
                 accessKeySecret:settings.stsSk
                   securityToken:settings.stsToken
                           error:NULL]);
    url = [[[[OPSPresigner alloc] initWithConfiguration:config error:NULL] autorelease]
        presignGetURLStringWithBucket:settings.bucket
                                  key:@"a.txt"
                              options:nil
                                error:NULL];
    CHECK([url rangeOfString:@"&x-oss-security-token="].location != NSNotFound);

    /* Credentials from the environment. */
    setenv("OSS_ACCESS_KEY_ID", [settings.ak UTF8String], 1);
    setenv("OSS_ACCESS_KEY_SECRET", [settings.sk UTF8String], 1);
    unsetenv("OSS_SESSION_TOKEN");
    config = [[[OPSPresignerConfiguration alloc] initWithEndpoint:LocalhostEndpoint()
                                                           region:@"cn-hangzhou"
                                                            error:NULL] autorelease];
    error = Sentinel();
    CHECK([config setCredentialsFromEnvironmentWithError:&error]);
    CHECK(error == Sentinel());
    url = [[[[OPSPresigner alloc] initWithConfiguration:config error:NULL] autorelease]
        presignGetURLStringWithBucket:settings.bucket
                                  key:kSDKKeys[0]
                              options:Options(settings.signingTime, settings.expires)
                                error:NULL];
    CHECK_EQUAL(url, [settings.sdkURLs count] > 0
                         ? CURL([LocalhostEndpoint() UTF8String], [settings.ak UTF8String],
                                [settings.sk UTF8String], NULL, [settings.bucket UTF8String],
                                [kSDKKeys[0] UTF8String], settings.signingTime, settings.expires)
                         : nil);
    unsetenv("OSS_ACCESS_KEY_ID");
    error = nil;
    CHECK(![config setCredentialsFromEnvironmentWithError:&error]);
    CHECK_ERROR(error, OPSErrorMissingCredentials, @"OSS_ACCESS_KEY_ID");
    unsetenv("OSS_ACCESS_KEY_SECRET");

    /* Failures. */
    error = nil;
    CHECK([[OPSPresignerConfiguration alloc] initWithEndpoint:gNil region:@"cn-hangzhou" error:&error] == nil);
    CHECK_ERROR(error, OPSErrorNullArgument, @"endpoint");
    error = nil;
    CHECK([[OPSPresignerConfiguration alloc] initWithEndpoint:@"example.com"
                                                       region:Units(nulRegion, 3)
                                                        error:&error] == nil);
    CHECK_ERROR(error, OPSErrorEmbeddedNul, @"region");
    error = nil;
    CHECK([[OPSPresigner alloc] initWithConfiguration:(OPSPresignerConfiguration *)gNil error:&error] == nil);
    CHECK_ERROR(error, OPSErrorNullArgument, @"configuration");
    config = [[[OPSPresignerConfiguration alloc] initWithEndpoint:@"example.com"
                                                           region:@"cn-hangzhou"
                                                            error:NULL] autorelease];
    error = nil;
    CHECK([[OPSPresigner alloc] initWithConfiguration:config error:&error] == nil);
    CHECK_ERROR(error, OPSErrorMissingCredentials, nil);
    error = nil;
    CHECK(![config setAccessKeyId:settings.ak accessKeySecret:gNil securityToken:nil error:&error]);
    CHECK_ERROR(error, OPSErrorNullArgument, @"access_key_secret");
}

/* ------------------------------------------------------------------ bad inputs */

/* The code of each OSS_CODE_* name the table may use; a name not here fails
 * the row (a new code must be added to OPSErrors.h and here). */
static NSInteger CodeNamed(NSString *name) {
#define CODE(c) {#c, c}
    static const struct {
        const char *name;
        NSInteger code;
    } codes[] = {
        CODE(OSS_CODE_NULL_ARGUMENT),      CODE(OSS_CODE_INVALID_UTF8),
        CODE(OSS_CODE_PANIC),              CODE(OSS_CODE_INTERNAL),
        CODE(OSS_CODE_EMBEDDED_NUL),       CODE(OSS_CODE_INVALID_ARGUMENT),
        CODE(OSS_CODE_INVALID_ENDPOINT),   CODE(OSS_CODE_INVALID_REGION),
        CODE(OSS_CODE_INVALID_BUCKET),     CODE(OSS_CODE_INVALID_KEY),
        CODE(OSS_CODE_INVALID_QUERY),      CODE(OSS_CODE_INVALID_HEADER),
        CODE(OSS_CODE_INVALID_SIGNING_TIME), CODE(OSS_CODE_LIMIT_EXCEEDED),
        CODE(OSS_CODE_INVALID_SIGNING_TIME_WINDOW), CODE(OSS_CODE_INVALID_TIME),
        CODE(OSS_CODE_INVALID_RESPONSE),
        CODE(OSS_CODE_MISSING_CREDENTIALS), CODE(OSS_CODE_INVALID_CREDENTIALS),
        CODE(OSS_CODE_CREDENTIALS_EXPIRED), CODE(OSS_CODE_CREDENTIALS_EXPIRE_FIRST),
        CODE(OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE), CODE(OSS_CODE_INVALID_SIGNING_KEY),
        CODE(OSS_CODE_INVALID_EXPIRY),     CODE(OSS_CODE_INVALID_EXPIRATION),
        CODE(OSS_CODE_MALFORMED_URL),      CODE(OSS_CODE_SIGNATURE_MISMATCH),
        CODE(OSS_CODE_URL_EXPIRED),        CODE(OSS_CODE_URL_NOT_YET_VALID),
    };
#undef CODE
    size_t i;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if ([name isEqualToString:S(codes[i].name)]) {
            return codes[i].code;
        }
    }
    return -1;
}

/* The table's value text: escapes \t \n \r \\ \xHH, "" for empty, repeated. */
static NSString *TableValue(NSString *text, long repeat) {
    const char *in = [text UTF8String];
    NSMutableData *bytes = [NSMutableData data];
    NSMutableString *value = [NSMutableString string];
    NSString *once;
    long i;
    if (strcmp(in, "\"\"") == 0) {
        in = "";
    }
    while (*in != '\0') {
        char c = *in++;
        if (c == '\\' && *in != '\0') {
            char e = *in++;
            if (e == 't') {
                c = '\t';
            } else if (e == 'n') {
                c = '\n';
            } else if (e == 'r') {
                c = '\r';
            } else if (e == 'x' && in[0] != '\0' && in[1] != '\0') {
                char hex[3] = {in[0], in[1], '\0'};
                c = (char)strtol(hex, NULL, 16);
                in += 2;
            } else {
                c = e;
            }
        }
        [bytes appendBytes:&c length:1];
    }
    once = [[[NSString alloc] initWithData:bytes encoding:NSUTF8StringEncoding] autorelease];
    for (i = 0; once != nil && i < repeat; i++) {
        [value appendString:once];
    }
    return once == nil ? nil : value;
}

/* An autoreleased presigner of the table's defaults (client: endpoint,
 * region, key id, secret). */
static OPSPresigner *DefaultPresigner(NSString **client) {
    return [[[OPSPresigner alloc] initWithEndpoint:client[0]
                                            region:client[1]
                                       accessKeyId:client[2]
                                   accessKeySecret:client[3]
                                     securityToken:nil
                                             error:NULL] autorelease];
}

/* Runs one row: the named call with value, every other argument valid.
 * Returns the error (nil if the call succeeded or the operation is unknown,
 * *known = NO for the latter). */
static NSError *RunRow(NSString *operation, NSString *text, NSString *value, BOOL *known) {
    NSError *error = nil;
    NSString *client[5] = {@"oss-cn-hangzhou.aliyuncs.com", @"cn-hangzhou", @"LTAI5tExample",
                           @"ExampleSecret+/=", nil};
    NSString *clientNames[5] = {@"client.endpoint", @"client.region", @"client.access_key_id",
                                @"client.access_key_secret", @"client.security_token"};
    OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
    BOOL ok = YES;
    int i;
    *known = YES;
    for (i = 0; i < 5; i++) {
        if ([operation isEqualToString:clientNames[i]]) {
            OPSPresigner *presigner;
            client[i] = value;
            presigner = [[OPSPresigner alloc] initWithEndpoint:client[0]
                                                        region:client[1]
                                                   accessKeyId:client[2]
                                               accessKeySecret:client[3]
                                                 securityToken:client[4]
                                                         error:&error];
            [presigner release];
            return presigner == nil ? error : nil;
        }
    }
    if ([operation isEqualToString:@"client.server_time"] ||
        [operation isEqualToString:@"client.signing_key_date"]) {
        OPSPresigner *presigner = DefaultPresigner(client);
        if ([operation isEqualToString:@"client.server_time"]) {
            NSDate *date = [NSDate dateWithTimeIntervalSince1970:(double)strtoll([text UTF8String], NULL, 10)];
            ok = [presigner setServerDate:date error:&error];
        } else {
            /* Vector G1's key (2024-01-02, cn-hangzhou, oss), with value as its date. */
            OPSSigningKey *key = [[[OPSSigningKey alloc]
                initWithHexString:@"13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a"
                             date:value
                            error:NULL] autorelease];
            ok = [presigner setSigningKey:key accessKeyId:client[2] securityToken:nil error:&error];
        }
    } else if ([operation isEqualToString:@"config.cloudbox_id"]) {
        OPSPresignerConfiguration *config = [[[OPSPresignerConfiguration alloc]
            initWithEndpoint:client[0]
                      region:client[1]
                       error:NULL] autorelease];
        ok = [config setCloudBoxId:value error:&error];
    } else if ([operation isEqualToString:@"presign.bucket"] ||
               [operation isEqualToString:@"presign.key"]) {
        OPSPresigner *presigner = DefaultPresigner(client);
        BOOL bucket = [operation isEqualToString:@"presign.bucket"];
        NSString *bucketName = bucket ? value : @"examplebucket", *key = bucket ? @"a.txt" : value;
        ok = Presign(presigner, 0, bucketName, key, &error) != nil;
        /* Every presign method refuses alike: code and argument. */
        for (i = 1; i < PRESIGN_METHODS; i++) {
            NSError *other = nil;
            CHECK((Presign(presigner, i, bucketName, key, &other) != nil) == ok);
            CHECK(ok || [other code] == [error code]);
            CHECK(ok || [[[other userInfo] objectForKey:OPSErrorArgumentKey]
                            isEqualToString:[[error userInfo] objectForKey:OPSErrorArgumentKey]]);
        }
    } else if ([operation isEqualToString:@"options.expires"]) {
        ok = [options setExpires:strtoull([text UTF8String], NULL, 10) error:&error];
    } else if ([operation isEqualToString:@"options.signing_time_window"]) {
        ok = [options setSigningTimeWindow:strtoull([text UTF8String], NULL, 10) error:&error];
    } else if ([operation isEqualToString:@"options.traffic_limit"]) {
        ok = [options setTrafficLimit:strtoull([text UTF8String], NULL, 10) error:&error];
    } else if ([operation isEqualToString:@"options.expiration"]) {
        ok = [options setExpiration:strtoll([text UTF8String], NULL, 10) error:&error];
    } else if ([operation isEqualToString:@"options.signing_time"]) {
        ok = [options setSigningTime:strtoll([text UTF8String], NULL, 10) error:&error];
    } else if ([operation isEqualToString:@"options.version_id"]) {
        ok = [options setVersionId:value error:&error];
    } else if ([operation isEqualToString:@"options.process"]) {
        ok = [options setProcess:value error:&error];
    } else if ([operation isEqualToString:@"options.response_content_type"]) {
        ok = [options setResponseContentType:value error:&error];
    } else if ([operation isEqualToString:@"options.response_content_disposition"]) {
        ok = [options setResponseContentDisposition:value error:&error];
    } else if ([operation isEqualToString:@"options.response_cache_control"]) {
        ok = [options setResponseCacheControl:value error:&error];
    } else if ([operation isEqualToString:@"options.response_content_encoding"]) {
        ok = [options setResponseContentEncoding:value error:&error];
    } else if ([operation isEqualToString:@"options.response_content_language"]) {
        ok = [options setResponseContentLanguage:value error:&error];
    } else if ([operation isEqualToString:@"options.response_expires"]) {
        ok = [options setResponseExpires:value error:&error];
    } else if ([operation isEqualToString:@"options.add_query.name"]) {
        ok = [options addQueryWithName:value value:@"v" error:&error];
    } else if ([operation isEqualToString:@"options.add_query.value"]) {
        ok = [options addQueryWithName:@"n" value:value error:&error];
    } else if ([operation isEqualToString:@"options.add_header.name"]) {
        ok = [options addHeaderWithName:value value:@"v" error:&error];
    } else if ([operation isEqualToString:@"options.add_header.value"]) {
        ok = [options addHeaderWithName:@"x-oss-meta-a" value:value error:&error];
    } else if ([operation isEqualToString:@"inspect.url"]) {
        OPSPresigner *presigner = DefaultPresigner(client);
        NSError *verifyError = nil;
        ok = [presigner inspectURLString:value error:&error] != nil;
        /* Verifying refuses it alike. */
        CHECK([presigner verifyURLString:value
                                 headers:nil
                                    date:[NSDate dateWithTimeIntervalSince1970:0]
                                   error:&verifyError] == ok);
        CHECK(ok || [verifyError code] == [error code]);
    } else {
        *known = NO;
    }
    return ok ? nil : error;
}

static void TestBadInputTable(void) {
    NSString *table = [NSString stringWithContentsOfFile:settings.badInputs
                                                encoding:NSUTF8StringEncoding
                                                   error:NULL];
    NSArray *lines = [table componentsSeparatedByString:@"\n"];
    NSUInteger i, rows = 0;
    if (!CHECK(table != nil)) {
        fprintf(stderr, "  cannot read the bad-input table %s\n", [settings.badInputs UTF8String]);
        return;
    }
    for (i = 0; i < [lines count]; i++) {
        NSString *line = [lines objectAtIndex:i];
        NSArray *columns;
        NSString *value;
        NSError *error;
        NSInteger code;
        BOOL known = NO;
        long repeat;
        if ([line length] == 0 || [line hasPrefix:@"#"]) {
            continue;
        }
        columns = [line componentsSeparatedByString:@"\t"];
        if (!CHECK([columns count] == 5)) {
            fprintf(stderr, "  line %lu: %s\n", (unsigned long)i + 1, [line UTF8String]);
            continue;
        }
        repeat = atol([[columns objectAtIndex:2] UTF8String]);
        value = TableValue([columns objectAtIndex:1], repeat);
        code = CodeNamed([columns objectAtIndex:3]);
        error = RunRow([columns objectAtIndex:0], [columns objectAtIndex:1], value, &known);
        rows++;
        if (!Record(known && value != nil && code >= 0, __FILE__, __LINE__,
                    [NSString stringWithFormat:@"bad_inputs.tsv line %lu: unknown operation or code: %@",
                                               (unsigned long)i + 1, line])) {
            continue;
        }
        if (!CheckError(error, code, [columns objectAtIndex:4], "bad-input row", __FILE__, __LINE__)) {
            fprintf(stderr, "  bad_inputs.tsv line %lu: %s\n", (unsigned long)i + 1, [line UTF8String]);
        }
    }
    CHECK(rows > 100);
    printf("bad inputs: %lu rows of tests/bad_inputs.tsv\n", (unsigned long)rows);
}

/* ------------------------------------------------------------------ redaction */

/* The value of parameter name in url, up to the next '&' (or the end). */
static NSString *ParameterValue(NSString *url, NSString *name) {
    NSRange at = [url rangeOfString:[NSString stringWithFormat:@"%@=", name]];
    NSString *rest;
    NSRange end;
    if (at.location == NSNotFound) {
        return nil;
    }
    rest = [url substringFromIndex:NSMaxRange(at)];
    end = [rest rangeOfString:@"&"];
    return end.location == NSNotFound ? rest : [rest substringToIndex:end.location];
}

/* True when text holds none of the bearer parts of the URLs, nor the
 * token and secret. */
static BOOL Hides(NSString *text, NSArray *urls) {
    NSMutableArray *secrets = [NSMutableArray arrayWithObjects:settings.stsToken, settings.stsSk, nil];
    NSUInteger i;
    for (i = 0; i < [urls count]; i++) {
        [secrets addObject:ParameterValue([urls objectAtIndex:i], @"x-oss-signature")];
        [secrets addObject:ParameterValue([urls objectAtIndex:i], @"x-oss-security-token")];
    }
    for (i = 0; i < [secrets count]; i++) {
        if ([text rangeOfString:[secrets objectAtIndex:i]].location != NSNotFound) {
            fprintf(stderr, "  %s shown in %s\n", [[secrets objectAtIndex:i] UTF8String],
                    [text UTF8String]);
            return NO;
        }
    }
    return YES;
}

/* -description of what a presign with an STS token gives, of what reading
 * its URL back gives, and of a refusal, never shows the signature, the
 * token (as given or encoded) or the secret: descriptions end up in logs. */
static void TestRedaction(void) {
    OPSPresigner *presigner =
        NewPresigner(LocalhostEndpoint(), settings.stsAk, settings.stsSk, settings.stsToken);
    OPSGetOptions *options = Options(settings.signingTime, settings.expires);
    OPSPresignedRequest *request;
    OPSURLInfo *info;
    NSArray *results;
    NSArray *keys = [NSArray arrayWithObjects:@"a", @"/bad", nil];
    NSString *url, *other, *forged;
    NSError *error = nil;
    CHECK([options setDiagnostics:YES error:NULL]);
    request = [presigner presignGetWithBucket:settings.bucket key:@"k" options:options error:&error];
    url = [request URLString];
    CHECK(ParameterValue(url, @"x-oss-security-token") != nil);
    CHECK([[request canonicalRequest] rangeOfString:ParameterValue(url, @"x-oss-security-token")]
              .location != NSNotFound);
    CHECK(Hides([request description], [NSArray arrayWithObject:url]));

    info = [presigner inspectURLString:url error:&error];
    CHECK(info != nil && Hides([info description], [NSArray arrayWithObject:url]));

    results = [presigner presignGetURLStringsWithBucket:settings.bucket
                                                   keys:keys
                                                options:options
                                                  error:&error];
    other = [[results objectAtIndex:0] URLString];
    CHECK(other != nil && [[results objectAtIndex:1] URLString] == nil);
    CHECK(Hides([results description], [NSArray arrayWithObject:other]));

    /* A refusal describes the URL's fault, never its bearer parts. */
    forged = [url stringByReplacingOccurrencesOfString:ParameterValue(url, @"x-oss-signature")
                                            withString:ParameterValue(other, @"x-oss-signature")];
    CHECK(![presigner verifyURLString:forged
                              headers:nil
                                 date:[NSDate dateWithTimeIntervalSince1970:settings.signingTime]
                                error:&error]);
    CHECK([error code] == OPSErrorSignatureMismatch);
    CHECK(Hides([error description], [NSArray arrayWithObjects:url, other, nil]));
}

/* ------------------------------------------------------------------ object leaks */

/* LeakSanitizer runs with GNUstep's libraries suppressed (run.sh says why),
 * and every Objective-C object is allocated through them; so objects are
 * counted here instead, with GNUstep's allocation statistics (active from
 * the first line of main): after a loop over every method, success and
 * failure paths, inside autorelease pools, no class of object the wrapper
 * makes may have more live instances than before. */
static void TestNoLeakedObjects(void) {
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    NSMutableArray *classes = [NSMutableArray array];
    NSMutableArray *before = [NSMutableArray array];
    static const unichar nul[] = {'k', 0};
    NSUInteger i;
    int round;
    for (round = 0; round < 51; round++) {
        NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
        OPSGetOptions *options = [[OPSGetOptions alloc] init];
        OPSPresignerConfiguration *config =
            [[OPSPresignerConfiguration alloc] initWithEndpoint:LocalhostEndpoint()
                                                         region:@"cn-hangzhou"
                                                          error:NULL];
        OPSPresigner *other;
        NSError *error = nil, *nulError = nil, *initError = nil;
        NSString *url;
        OPSPresignedRequest *request;
        [options addHeaderWithName:@"Content-Type" value:@"text/plain" error:NULL];
        [options setExpires:0 error:&error];
        [config setAccessKeyId:settings.ak accessKeySecret:settings.sk securityToken:nil error:NULL];
        other = [[OPSPresigner alloc] initWithConfiguration:config error:NULL];
        url = [other presignGetURLStringWithBucket:settings.bucket key:kSDKKeys[1] options:options error:NULL];
        request = [presigner presignGetWithBucket:settings.bucket key:kSDKKeys[0] options:options error:NULL];
        [presigner presignGetWithBucket:settings.bucket key:Units(nul, 2) options:nil error:&nulError];
        [presigner presignHeadWithBucket:settings.bucket key:kSDKKeys[2] options:options error:NULL];
        [presigner presignHeadURLStringWithBucket:settings.bucket key:Units(nul, 2) options:nil error:NULL];
        [[OPSPresigner alloc] initWithEndpoint:@"" region:@"cn-hangzhou" accessKeyId:settings.ak
                               accessKeySecret:settings.sk securityToken:nil error:&initError];
        if (round == 0) {
            /* The first round creates what lives for good (class setup);
             * count from here, by the classes of the objects made. */
            id made[] = {options, config, other, presigner, url, request, [request URL],
                         [request headers], [request signingDate], [request HTTPMethod],
                         error, [error userInfo], [error localizedDescription], nulError,
                         initError};
            for (i = 0; i < sizeof made / sizeof made[0]; i++) {
                if (made[i] != nil && ![classes containsObject:[made[i] class]]) {
                    [classes addObject:[made[i] class]];
                }
            }
            CHECK([classes count] >= 8);
        }
        [other release];
        [config release];
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
    CHECK(GSDebugAllocationCount([OPSGetOptions class]) == 0);
    CHECK(GSDebugAllocationCount([OPSPresignerConfiguration class]) == 0);
    CHECK(GSDebugAllocationCount([OPSPresignedRequest class]) == 0);
    CHECK(GSDebugAllocationCount([OPSPresigner class]) == 1); /* `presigner`, autoreleased */
}

/* ------------------------------------------------------------------ threads */

#define THREADS 8
static NSString *const kThreadKeys[] = {
    @"hello.txt", @"with space.txt", @"unicode/\u5b50\u76ee\u5f55/\u6587\u4ef6.txt",
    @"emoji/\U0001F680 launch \U0001F600.bin", @"a+b c/d e+f.txt",
};
#define THREAD_KEY_COUNT (sizeof kThreadKeys / sizeof kThreadKeys[0])

@interface OPSThreadTest : NSObject {
@public
    OPSPresigner *presigner;
    OPSGetOptions *options;
    NSString *expected[THREAD_KEY_COUNT];
    NSCondition *condition;
    int running;
    int mismatches;
}
- (void)work:(id)unused;
@end

@implementation OPSThreadTest
- (void)work:(id)unused {
    long i;
    int bad = 0;
    (void)unused;
    for (i = 0; i < settings.iterations; i++) {
        NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
        size_t k = (size_t)i % THREAD_KEY_COUNT;
        NSString *url = (i % 2 == 0)
                            ? [presigner presignGetURLStringWithBucket:settings.bucket
                                                                   key:kThreadKeys[k]
                                                               options:options
                                                                 error:NULL]
                            : [[presigner presignGetWithBucket:settings.bucket
                                                           key:kThreadKeys[k]
                                                       options:options
                                                         error:NULL] URLString];
        if (url == nil || ![url isEqualToString:expected[k]]) {
            bad++;
        }
        [pool drain];
    }
    [condition lock];
    mismatches += bad;
    running--;
    [condition signal];
    [condition unlock];
}
@end

static void TestThreads(void) {
    OPSThreadTest *test = [[OPSThreadTest alloc] init];
    size_t k;
    int i;
    test->presigner = [NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil) retain];
    test->options = [Options(settings.signingTime, settings.expires) retain];
    test->condition = [[NSCondition alloc] init];
    for (k = 0; k < THREAD_KEY_COUNT; k++) {
        test->expected[k] = [CURL([LocalhostEndpoint() UTF8String], [settings.ak UTF8String],
                                  [settings.sk UTF8String], NULL, [settings.bucket UTF8String],
                                  [kThreadKeys[k] UTF8String], settings.signingTime,
                                  settings.expires) retain];
        CHECK(test->expected[k] != nil);
    }
    test->running = THREADS;
    for (i = 0; i < THREADS; i++) {
        [NSThread detachNewThreadSelector:@selector(work:) toTarget:test withObject:nil];
    }
    [test->condition lock];
    while (test->running > 0) {
        [test->condition wait];
    }
    [test->condition unlock];
    CHECK(test->mismatches == 0);
    printf("threads: %d threads x %ld presigns on one OPSPresigner, %d mismatches\n", THREADS,
           settings.iterations, test->mismatches);
    [test->presigner release];
    [test->options release];
    [test->condition release];
    for (k = 0; k < THREAD_KEY_COUNT; k++) {
        [test->expected[k] release];
    }
    [test release];
}

static void TestDownloads(void) {
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSPresigner *sts = NewPresigner(LocalhostEndpoint(), settings.stsAk, settings.stsSk, settings.stsToken);
    OPSPresigner *byIP = NewPresigner(IPEndpoint(), settings.ak, settings.sk, nil);
    /* Keys whose escapes GNUstep's URL loading sends unchanged (it decodes
     * %2B %2A %28 %29 %21 %27 %3D %26 and %3F in the path): plain, CJK, a
     * space, emoji, a combining mark. */
    NSString *keys[] = {
        @"hello.txt",
        @"unicode/\u5b50\u76ee\u5f55/\u6587\u4ef6.txt",
        @"with space.txt",
        @"emoji/\U0001F680 launch \U0001F600.bin",
        @"combining/e\u0301le\u0300ve.txt",
        @"dir/sub dir/~tilde-_.txt",
    };
    size_t i;
    NSData *hello = nil;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        NSData *object = WriteObject(keys[i], 100 + i * 37);
        OPSPresignedRequest *request = [presigner presignGetWithBucket:settings.bucket
                                                                   key:keys[i]
                                                               options:nil
                                                                 error:NULL];
        if (i == 0) {
            hello = object;
        }
        EXPECT_OBJECT(GET(request), object);
        /* The URL text alone (presignGetURLString) downloads the same. */
        EXPECT_OBJECT(GET_URL([presigner presignGetURLStringWithBucket:settings.bucket
                                                                   key:keys[i]
                                                               options:nil
                                                                 error:NULL],
                              nil),
                      object);
    }

    /* Path style through an IP endpoint: no Host trick needed. */
    EXPECT_OBJECT(GET([byIP presignGetWithBucket:settings.bucket key:keys[1] options:nil error:NULL]),
                  WriteObject(keys[1], 100 + 37));

    /* A version id (signed; the emulator serves its only version). */
    {
        OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
        CHECK([options setVersionId:@"CAEQNhiBgM+/0BYiIDc4MGZj==ZGI2" error:NULL]);
        EXPECT_OBJECT(GET([presigner presignGetWithBucket:settings.bucket
                                                      key:keys[0]
                                                  options:options
                                                    error:NULL]),
                      hello);
    }

    /* A signed Content-Type: sent, 200; omitted, 403; another value, 403. */
    {
        OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
        OPSPresignedRequest *request;
        CHECK([options addHeaderWithName:@"Content-Type" value:@"text/plain" error:NULL]);
        request = [presigner presignGetWithBucket:settings.bucket key:keys[0] options:options error:NULL];
        CHECK_EQUAL([[request headers] objectForKey:@"Content-Type"], @"text/plain");
        EXPECT_OBJECT(GET(request), hello);
        EXPECT_REFUSED(GET_URL([request URLString], nil), 403, @"SignatureDoesNotMatch");
        EXPECT_REFUSED(GET_URL([request URLString],
                               [NSDictionary dictionaryWithObject:@"text/html" forKey:@"Content-Type"]),
                       403, @"SignatureDoesNotMatch");
        /* An x-oss-meta-* header and one listed in x-oss-additional-headers. */
        CHECK([options addHeaderWithName:@"x-oss-meta-owner" value:@"team-a" error:NULL]);
        CHECK([options addHeaderWithName:@"Accept-Language" value:@"zh-CN" error:NULL]);
        request = [presigner presignGetWithBucket:settings.bucket key:keys[0] options:options error:NULL];
        CHECK([[request headers] count] == 3);
        EXPECT_OBJECT(GET(request), hello);
    }

    /* STS: with the token, 200; the same keys without it, 403. */
    {
        OPSPresigner *noToken = NewPresigner(LocalhostEndpoint(), settings.stsAk, settings.stsSk, nil);
        OPSPresignedRequest *request = [sts presignGetWithBucket:settings.bucket key:keys[3] options:nil error:NULL];
        CHECK([[request URLString] rangeOfString:@"&x-oss-security-token="].location != NSNotFound);
        EXPECT_OBJECT(GET(request), WriteObject(keys[3], 100 + 3 * 37));
        EXPECT_REFUSED(GET([noToken presignGetWithBucket:settings.bucket key:keys[3] options:nil error:NULL]),
                       403, @"InvalidAccessKeyId");
    }

    /* Expired (signed an hour ago for 60 s): 403 AccessDenied; the same
     * time with two hours: 200. */
    {
        OPSGetOptions *options = Options((int64_t)time(NULL) - 3600, 60);
        EXPECT_REFUSED(GET([presigner presignGetWithBucket:settings.bucket key:keys[0] options:options error:NULL]),
                       403, @"AccessDenied");
        CHECK([options setExpires:7200 error:NULL]);
        EXPECT_OBJECT(GET([presigner presignGetWithBucket:settings.bucket key:keys[0] options:options error:NULL]),
                      hello);
    }

    /* A wrong secret: 403 SignatureDoesNotMatch. A missing object: 404 NoSuchKey. */
    EXPECT_REFUSED(GET([NewPresigner(LocalhostEndpoint(), settings.ak, @"wrong-secret", nil)
                         presignGetWithBucket:settings.bucket
                                          key:keys[0]
                                      options:nil
                                        error:NULL]),
                   403, @"SignatureDoesNotMatch");
    EXPECT_REFUSED(GET([presigner presignGetWithBucket:settings.bucket
                                                   key:@"missing/\u6587 object.txt"
                                               options:nil
                                                 error:NULL]),
                   404, @"NoSuchKey");
}

/* ------------------------------------------------------------------ main */

/* Each test in its own autorelease pool. */
static void RunTest(void (*test)(void)) {
    NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
    test();
    [pool drain];
}

int main(void) {
    NSAutoreleasePool *pool;
    NSString *sdk;
    GSDebugAllocationActive(YES);
    pool = [[NSAutoreleasePool alloc] init];
    settings.port = Env("OPS_TEST_PORT", YES);
    settings.root = Env("OPS_TEST_ROOT", YES);
    settings.bucket = Env("OPS_TEST_BUCKET", YES);
    settings.ak = Env("OPS_TEST_AK", YES);
    settings.sk = Env("OPS_TEST_SK", YES);
    settings.stsAk = Env("OPS_TEST_STS_AK", YES);
    settings.stsSk = Env("OPS_TEST_STS_SK", YES);
    settings.stsToken = Env("OPS_TEST_STS_TOKEN", YES);
    settings.ak3 = Env("OPS_TEST_AK3", YES);
    settings.sk3 = Env("OPS_TEST_SK3", YES);
    settings.day = Env("OPS_TEST_DAY", YES);
    settings.dayKey = Env("OPS_TEST_DAY_KEY", YES);
    settings.badInputs = Env("OPS_TEST_BAD_INPUTS", YES);
    settings.signingTime = strtoll([Env("OPS_TEST_SIGNING_TIME", YES) UTF8String], NULL, 10);
    settings.expires = strtoull([Env("OPS_TEST_EXPIRES", YES) UTF8String], NULL, 10);
    settings.iterations = Env("OPS_TEST_THREAD_ITERATIONS", NO) != nil
                              ? atol([Env("OPS_TEST_THREAD_ITERATIONS", NO) UTF8String])
                              : 500;
    sdk = [NSString stringWithContentsOfFile:Env("OPS_TEST_SDK_URLS", YES)
                                    encoding:NSUTF8StringEncoding
                                       error:NULL];
    settings.sdkURLs = [[sdk stringByTrimmingCharactersInSet:[NSCharacterSet newlineCharacterSet]]
        componentsSeparatedByString:@"\n"];
    sdk = [NSString stringWithContentsOfFile:Env("OPS_TEST_SDK_HEAD_URLS", YES)
                                    encoding:NSUTF8StringEncoding
                                       error:NULL];
    settings.sdkHeadURLs = [[sdk stringByTrimmingCharactersInSet:[NSCharacterSet newlineCharacterSet]]
        componentsSeparatedByString:@"\n"];
    settings.vectors = Env("OPS_TEST_VECTORS", YES);
    gForbidden[0] = settings.sk;
    gForbidden[1] = settings.stsSk;
    gForbidden[2] = settings.stsToken;
    gForbidden[3] = settings.sk3;

    if (Env("OPS_TEST_SLEEP", NO) != nil) {
        /* Under the sleep shim (run.sh): the sleep clock alone. */
        RunTest(TestSleepClock);
        [pool drain];
        printf("test_presigner: %d passed, %d failed\n", gPassed, gFailed);
        return gFailed == 0 && gPassed > 0 ? 0 : 1;
    }
    RunTest(TestErrorDomain);
    RunTest(TestPresignerInit);
    RunTest(TestExactURLs);
    RunTest(TestRefusedStrings);
    RunTest(TestOptions);
    RunTest(TestConfiguration);
    RunTest(TestBadInputTable);
    RunTest(TestRedaction);
    RunTest(TestNoLeakedObjects);
    RunTest(TestThreads);
    RunTest(TestDownloads);
    RunTest(TestHead);
    RunTest(TestServerAnswers);
    RunTest(TestClock);
    RunTest(TestMidnight);
    RunTest(TestCredentialExpiry);
    RunTest(TestWindow);
    RunTest(TestDiagnostics);
    RunTest(TestBatch);
    RunTest(TestSigningKeys);
    RunTest(TestInspectVerifyLint);
    RunTest(TestRotation);
    RunTest(TestLiveLeaks);
    RunTest(TestLiveDownloads);
    RunTest(TestAPIAdditions);
    RunTest(TestDownloadRules);

    [pool drain];
    printf("test_presigner: %d passed, %d failed\n", gPassed, gFailed);
    return gFailed == 0 && gPassed > 0 ? 0 : 1;
}
