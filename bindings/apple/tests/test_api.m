/*
 * test_api.m: the Swift-first additions of the Objective-C wrapper: options
 * that a presign takes whole while another thread changes them, NSCopying
 * and the NSDate setters of OPSGetOptions, -[OPSPresignedRequest URLRequest]
 * (downloaded from the emulator), OPSServiceError as an NSError of its own
 * domain, +[OPSPresigner lintKey:error:] and its report, the class property
 * libraryVersion, a presigned request that keeps no C handle, OPSCRC64, and
 * the wiped UTF-8 copies (secrets, URLs) of the one string conversion.
 */
#import <Foundation/NSDebug.h>
#import <objc/runtime.h>

#import "OPSPrivate.h"
#import "test_support.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ options taken whole */

/* The mutations the writer thread makes, in order: a query parameter added
 * (the C options grow, their memory moves), then the image process
 * switched, so that every state differs from the one before. 48 added
 * parameters and x-oss-process stay within the 64 query parameters a GET
 * may sign. */
#define SNAPSHOT_STEPS 48
#define SNAPSHOT_READERS 3

static BOOL Mutate(OPSGetOptions *options, int step, NSError **error) {
    if (step % 2 == 0) {
        return [options addQueryWithName:[NSString stringWithFormat:@"q%02d", step / 2]
                                   value:@"v"
                                   error:error];
    }
    return [options setProcess:(step % 4 == 1 ? @"image/resize,w_100" : @"image/resize,w_200")
                         error:error];
}

@interface OPSSnapshotTest : NSObject {
@public
    OPSPresigner *presigner;
    OPSGetOptions *options;
    NSSet *expected; /* the URL of every state the options pass through */
    NSCondition *condition;
    int step;        /* the writer's last step; SNAPSHOT_STEPS * 2 when done */
    int seen[SNAPSHOT_READERS];
    int running;
    int presigns, mismatches;
}
- (void)read:(NSNumber *)reader;
@end

@implementation OPSSnapshotTest
- (void)read:(NSNumber *)reader {
    int index = [reader intValue], count = 0, bad = 0, now;
    BOOL done = NO;
    while (!done) {
        NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
        NSString *url;
        [condition lock];
        now = step;
        done = now == SNAPSHOT_STEPS * 2;
        [condition unlock];
        url = count % 2 == 0 ? [presigner presignGetURLStringWithBucket:settings.bucket
                                                                     key:@"snapshot.txt"
                                                                 options:options
                                                                   error:NULL]
                             : [[presigner presignGetWithBucket:settings.bucket
                                                            key:@"snapshot.txt"
                                                        options:options
                                                          error:NULL] URLString];
        count++;
        if (url == nil || ![expected containsObject:url]) {
            bad++;
        }
        [condition lock];
        seen[index] = now;
        [condition broadcast];
        [condition unlock];
        [pool drain];
    }
    [condition lock];
    presigns += count;
    mismatches += bad;
    running--;
    [condition broadcast];
    [condition unlock];
}
@end

static void TestOptionsTakenWhole(void) {
    OPSSnapshotTest *test = [[OPSSnapshotTest alloc] init];
    OPSGetOptions *model = Options(settings.signingTime, settings.expires);
    NSMutableSet *expected = [NSMutableSet set];
    int i, s, failed = 0, lagging;
    test->presigner = [NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil) retain];
    test->options = [Options(settings.signingTime, settings.expires) retain];
    test->condition = [[NSCondition alloc] init];
    /* The URLs of the states, made one after another on other options. */
    [expected addObject:[test->presigner presignGetURLStringWithBucket:settings.bucket
                                                                   key:@"snapshot.txt"
                                                               options:model
                                                                 error:NULL]];
    for (s = 0; s < SNAPSHOT_STEPS * 2; s++) {
        CHECK(Mutate(model, s, NULL));
        [expected addObject:[test->presigner presignGetURLStringWithBucket:settings.bucket
                                                                       key:@"snapshot.txt"
                                                                   options:model
                                                                     error:NULL]];
    }
    CHECK([expected count] == SNAPSHOT_STEPS * 2 + 1);
    test->expected = [expected copy];
    test->running = SNAPSHOT_READERS;
    for (i = 0; i < SNAPSHOT_READERS; i++) {
        test->seen[i] = -1;
        [NSThread detachNewThreadSelector:@selector(read:)
                                 toTarget:test
                               withObject:[NSNumber numberWithInt:i]];
    }
    /* Each change waits until every reader has presigned since the last
     * one, so that changes and presigns overlap throughout. */
    for (s = 0; s < SNAPSHOT_STEPS * 2; s++) {
        [test->condition lock];
        do {
            lagging = 0;
            for (i = 0; i < SNAPSHOT_READERS; i++) {
                lagging += test->seen[i] < test->step;
            }
            if (lagging > 0) {
                [test->condition wait];
            }
        } while (lagging > 0);
        [test->condition unlock];
        failed += !Mutate(test->options, s, NULL);
        [test->condition lock];
        test->step = s + 1;
        [test->condition unlock];
    }
    [test->condition lock];
    while (test->running > 0) {
        [test->condition wait];
    }
    [test->condition unlock];
    CHECK(failed == 0);
    CHECK(test->mismatches == 0);
    CHECK(test->presigns >= SNAPSHOT_STEPS * 2 * SNAPSHOT_READERS);
    /* The options end in the last state. */
    CHECK_EQUAL([test->presigner presignGetURLStringWithBucket:settings.bucket
                                                           key:@"snapshot.txt"
                                                       options:test->options
                                                         error:NULL],
                [test->presigner presignGetURLStringWithBucket:settings.bucket
                                                           key:@"snapshot.txt"
                                                       options:model
                                                         error:NULL]);
    printf("options taken whole: %d readers, %d presigns across %d changes, %d not a state's URL\n",
           SNAPSHOT_READERS, test->presigns, SNAPSHOT_STEPS * 2, test->mismatches);
    [test->presigner release];
    [test->options release];
    [test->expected release];
    [test->condition release];
    [test release];
}

static void TestOptionsValue(void) {
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSGetOptions *fresh = [[[OPSGetOptions alloc] init] autorelease];
    OPSGetOptions *options = Options(settings.signingTime, 600), *copy;
    NSString *before, *after;
    NSError *error = nil;

    /* -init never fails, and untouched options are the defaults. */
    CHECK(fresh != nil && [[OPSGetOptions new] autorelease] != nil);
    CHECK([fresh setSigningTime:settings.signingTime error:NULL]);
    CHECK_EQUAL([presigner presignGetURLStringWithBucket:settings.bucket key:@"v.txt" options:fresh error:NULL],
                [presigner presignGetURLStringWithBucket:settings.bucket
                                                     key:@"v.txt"
                                                 options:Options(settings.signingTime, 900)
                                                   error:NULL]);

    /* A copy has the settings, and changes apart from the original. */
    before = [presigner presignGetURLStringWithBucket:settings.bucket key:@"v.txt" options:options error:NULL];
    copy = [[options copy] autorelease];
    CHECK(copy != options && [copy isKindOfClass:[OPSGetOptions class]]);
    CHECK_EQUAL([presigner presignGetURLStringWithBucket:settings.bucket key:@"v.txt" options:copy error:NULL],
                before);
    CHECK([copy setExpires:60 error:NULL]);
    CHECK([options addHeaderWithName:@"x-oss-meta-a" value:@"1" error:NULL]);
    after = [presigner presignGetURLStringWithBucket:settings.bucket key:@"v.txt" options:copy error:NULL];
    CHECK([after rangeOfString:@"x-oss-expires=60&"].location != NSNotFound);
    CHECK([after rangeOfString:@"x-oss-additional-headers"].location == NSNotFound);
    CHECK([[[presigner presignGetWithBucket:settings.bucket key:@"v.txt" options:options error:NULL]
        headers] count] == 1);
    CHECK([[presigner presignGetURLStringWithBucket:settings.bucket key:@"v.txt" options:options error:NULL]
              rangeOfString:@"x-oss-expires=600&"].location != NSNotFound);

    /* A refused change leaves the options (and their copies) as they were. */
    CHECK(![options addHeaderWithName:@"X-OSS-META-A" value:@"2" error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidHeader, nil);
    CHECK([[[[presigner presignGetWithBucket:settings.bucket key:@"v.txt" options:options error:NULL]
        headers] objectForKey:@"x-oss-meta-a"] isEqualToString:@"1"]);

    /* A value set again replaces the earlier one, also many times over. */
    {
        int i, refused = 0;
        for (i = 0; i < 1000; i++) {
            refused += ![fresh setExpires:(uint64_t)(1 + i) error:NULL];
        }
        CHECK(refused == 0);
        CHECK([[presigner presignGetURLStringWithBucket:settings.bucket key:@"v.txt" options:fresh error:NULL]
                  rangeOfString:@"x-oss-expires=1000&"].location != NSNotFound);
    }
}

/* ------------------------------------------------------------------ dates */

static void TestDateSetters(void) {
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSGetOptions *byDate = [[[OPSGetOptions alloc] init] autorelease];
    OPSGetOptions *bySeconds = [[[OPSGetOptions alloc] init] autorelease];
    NSError *error = Sentinel();
    NSString *url;

    /* 1700000000.75 s after 1970: 2023-11-14 22:13:20 UTC, the fraction
     * dropped; expiring 2 h 0.5 s later. */
    CHECK([byDate setSigningDate:[NSDate dateWithTimeIntervalSince1970:1700000000.75] error:&error]);
    CHECK([byDate setExpirationDate:[NSDate dateWithTimeIntervalSince1970:1700007200.5] error:&error]);
    CHECK(error == Sentinel());
    url = [presigner presignGetURLStringWithBucket:settings.bucket key:@"d.txt" options:byDate error:NULL];
    CHECK([url rangeOfString:@"x-oss-date=20231114T221320Z&"].location != NSNotFound);
    CHECK([url rangeOfString:@"x-oss-expires=7200&"].location != NSNotFound);
    CHECK([bySeconds setSigningTime:1700000000 error:NULL]);
    CHECK([bySeconds setExpiration:1700007200 error:NULL]);
    CHECK_EQUAL(url, [presigner presignGetURLStringWithBucket:settings.bucket key:@"d.txt" options:bySeconds error:NULL]);

    /* Before 1970 by half a second is -1 s: refused by the C ABI's range. */
    error = nil;
    CHECK(![byDate setSigningDate:[NSDate dateWithTimeIntervalSince1970:-0.5] error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidSigningTime, @"signing_time");
    error = nil;
    CHECK(![byDate setSigningDate:[NSDate distantPast] error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidSigningTime, @"signing_time");
    error = nil;
    CHECK(![byDate setExpirationDate:[NSDate dateWithTimeIntervalSince1970:1e13] error:&error]);
    CHECK_ERROR(error, OPSErrorInvalidExpiration, @"expiration");
    error = nil;
    CHECK(![byDate setSigningDate:(NSDate *)gNil error:&error]);
    CHECK_ERROR(error, OPSErrorNullArgument, @"signing_time");
    error = nil;
    CHECK(![byDate setExpirationDate:(NSDate *)gNil error:&error]);
    CHECK_ERROR(error, OPSErrorNullArgument, @"expiration");
    /* ... and the options are as they were. */
    CHECK_EQUAL([presigner presignGetURLStringWithBucket:settings.bucket key:@"d.txt" options:byDate error:NULL], url);
}

/* ------------------------------------------------------------------ URLRequest */

static void TestURLRequest(void) {
    OPSPresigner *byIP = NewPresigner(IPEndpoint(), settings.ak, settings.sk, nil);
    OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
    NSData *object = WriteObject(@"request/object.txt", 321);
    OPSPresignedRequest *request;
    NSURLRequest *get;
    NSHTTPURLResponse *response = nil;
    NSData *body;
    NSError *error = nil;

    CHECK([options addHeaderWithName:@"Content-Type" value:@"text/plain" error:NULL]);
    CHECK([options addHeaderWithName:@"x-oss-meta-owner" value:@"team a" error:NULL]);
    request = [byIP presignGetWithBucket:settings.bucket key:@"request/object.txt" options:options error:NULL];
    get = [request URLRequest];
    CHECK(get != nil && get != [request URLRequest]);
    CHECK_EQUAL([[get URL] absoluteString], [request URLString]);
    CHECK_EQUAL([get HTTPMethod], @"GET");
    CHECK([[get allHTTPHeaderFields] isEqualToDictionary:[request headers]]);
    CHECK_EQUAL([get valueForHTTPHeaderField:@"Content-Type"], @"text/plain");

    /* Sent as it is, it downloads the object; the URL alone is refused. */
    body = [NSURLConnection sendSynchronousRequest:get returningResponse:(NSURLResponse **)&response error:&error];
    if (!CHECK([response statusCode] == 200 && [body isEqualToData:object])) {
        fprintf(stderr, "  URLRequest GET: %ld, %s\n", (long)[response statusCode], [[error description] UTF8String]);
    }
    response = nil;
    [NSURLConnection sendSynchronousRequest:[NSURLRequest requestWithURL:[request URL]]
                          returningResponse:(NSURLResponse **)&response
                                      error:NULL];
    CHECK([response statusCode] == 403);

    /* Without signed headers, just the URL and the method. */
    request = [byIP presignGetWithBucket:settings.bucket key:@"request/object.txt" options:nil error:NULL];
    CHECK([[[request URLRequest] allHTTPHeaderFields] count] == 0);
    body = [NSURLConnection sendSynchronousRequest:[request URLRequest]
                                 returningResponse:(NSURLResponse **)&response
                                             error:NULL];
    CHECK([response statusCode] == 200 && [body isEqualToData:object]);
}

/* ------------------------------------------------------------------ service errors */

static NSData *Body(const char *xml) {
    return [NSData dataWithBytes:xml length:strlen(xml)];
}

static void TestServiceErrorAsNSError(void) {
    OPSServiceError *refusal = [[[OPSServiceError alloc]
        initWithData:Body("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                          "<Message>Request has expired.</Message><RequestId>5C3D9175B6FC201293AD4890</RequestId>"
                          "<ServerTime>2024-01-02T03:04:05.000Z</ServerTime>"
                          "<StringToSign>OSS4-HMAC-SHA256\nsecret-looking</StringToSign></Error>")
               error:NULL] autorelease];
    OPSServiceError *bare = [[[OPSServiceError alloc] initWithData:Body("<Error><Code>NoSuchKey</Code></Error>")
                                                             error:NULL] autorelease];
    NSError *error = [refusal errorWithHTTPStatusCode:403], *copy;
    NSDictionary *info = [error userInfo];

    CHECK_EQUAL(OPSServiceErrorDomain, @"OPSServiceErrorDomain");
    CHECK_EQUAL([error domain], OPSServiceErrorDomain);
    CHECK([error code] == 403);
    CHECK_EQUAL([error localizedDescription], @"OSS refused the request (HTTP 403 AccessDenied): Request has expired.");
    CHECK_EQUAL([error localizedFailureReason], @"Request has expired.");
    CHECK_EQUAL([info objectForKey:OPSServiceErrorCodeKey], @"AccessDenied");
    CHECK_EQUAL([info objectForKey:OPSServiceErrorRequestIdKey], @"5C3D9175B6FC201293AD4890");
    /* 2024-01-02T03:04:05Z is 1704164645 s after 1970. */
    CHECK([[info objectForKey:OPSServiceErrorServerDateKey] timeIntervalSince1970] == 1704164645.0);
    CHECK([[error description] rangeOfString:@"secret-looking"].location == NSNotFound);
    CHECK([info count] == 5);

    /* Foundation values only: it survives archiving. */
    copy = [NSKeyedUnarchiver unarchiveObjectWithData:[NSKeyedArchiver archivedDataWithRootObject:error]];
    CHECK([copy isKindOfClass:[NSError class]] && [copy code] == 403 &&
          [[copy domain] isEqualToString:OPSServiceErrorDomain] && [[copy userInfo] isEqualToDictionary:info]);

    /* No message, no request id, no server time: the code is the reason. */
    error = [bare errorWithHTTPStatusCode:404];
    CHECK([error code] == 404);
    CHECK_EQUAL([error localizedDescription], @"OSS refused the request (HTTP 404 NoSuchKey): NoSuchKey");
    CHECK_EQUAL([error localizedFailureReason], @"NoSuchKey");
    CHECK([[error userInfo] objectForKey:OPSServiceErrorRequestIdKey] == nil);
    CHECK([[error userInfo] objectForKey:OPSServiceErrorServerDateKey] == nil);

    /* From a real refusal of the emulator: a URL expired an hour ago. */
    {
        OPSPresigner *byIP = NewPresigner(IPEndpoint(), settings.ak, settings.sk, nil);
        OPSGetOptions *options = Options((int64_t)time(NULL) - 3600, 60);
        NSHTTPURLResponse *response = nil;
        NSData *body;
        OPSServiceError *answer;
        WriteObject(@"request/expired.txt", 10);
        body = [NSURLConnection
            sendSynchronousRequest:[[byIP presignGetWithBucket:settings.bucket
                                                           key:@"request/expired.txt"
                                                       options:options
                                                         error:NULL] URLRequest]
                 returningResponse:(NSURLResponse **)&response
                             error:NULL];
        answer = [[[OPSServiceError alloc] initWithData:body error:NULL] autorelease];
        error = [answer errorWithHTTPStatusCode:[response statusCode]];
        CHECK([error code] == 403 && [[error domain] isEqualToString:OPSServiceErrorDomain]);
        CHECK_EQUAL([[error userInfo] objectForKey:OPSServiceErrorCodeKey], @"AccessDenied");
        CHECK([[error userInfo] objectForKey:OPSServiceErrorServerDateKey] != nil);
    }
}

/* ------------------------------------------------------------------ lint report, version, handles */

static void TestLintReport(void) {
    static const unichar nul[] = {'k', 0};
    NSError *error = Sentinel();
    OPSKeyLintReport *report = [OPSPresigner lintKey:@"a//b " error:&error];
    OPSKeyLintReport *same = [OPSPresigner lintKey:@"a//b " error:NULL];
    OPSKeyLintReport *clean = [OPSPresigner lintKey:@"photos/2024/summer.jpg" error:&error];
    OPSKeyLint findings = 0;

    CHECK(error == Sentinel());
    CHECK_EQUAL([report key], @"a//b ");
    CHECK([report findings] ==
          (OPSKeyLintEmptySegment | OPSKeyLintTrailingSpaceOrDot | OPSKeyLintUnusualWhiteSpace));
    CHECK(![report isClean]);
    CHECK([clean findings] == 0 && [clean isClean]);
    CHECK([report isEqual:same] && [report hash] == [same hash] && ![report isEqual:clean]);
    CHECK([OPSPresigner lintKey:@"a//b " findings:&findings error:NULL] && findings == [report findings]);
    error = nil;
    CHECK([OPSPresigner lintKey:Units(nul, 2) error:&error] == nil);
    CHECK_ERROR(error, OPSErrorEmbeddedNul, @"key");
    error = nil;
    CHECK([OPSPresigner lintKey:gNil error:&error] == nil);
    CHECK_ERROR(error, OPSErrorNullArgument, @"key");
}

static void TestLibraryVersionAndHandles(void) {
#if __has_feature(objc_class_property)
    CHECK_EQUAL(OPSPresigner.libraryVersion, S(oss_version()));
#endif
    CHECK_EQUAL([OPSPresigner libraryVersion], S(oss_version()));
    /* A presigned request copies what it needs and keeps no C handle; the
     * options keep a snapshot, not a handle of their own. (GNUstep's gcc
     * runtime sees every ivar in the @interface.) */
    CHECK(class_getInstanceVariable([OPSPresignedRequest class], "_handle") == NULL);
    CHECK(class_getInstanceVariable([OPSPresignedRequest class], "_URLString") != NULL);
    CHECK(class_getInstanceVariable([OPSGetOptions class], "_handle") == NULL);
}

/* ------------------------------------------------------------------ CRC-64 */

/* Known answers from Alibaba's SDK tests: aliyun-oss-java-sdk
 * src/test/java/com/aliyun/oss/common/utils/CRC64UtilTest.java (testBytes)
 * and aliyun-oss-csharp-sdk test/TestCase/ObjectTestCase/OssCrcTest.cs
 * (TestCrcCore); whole, in two parts at every cut, and as NSData. */
static void TestCRC64(void) {
    static const struct {
        const char *text;
        uint64_t crc;
    } cases[] = {
        {"123456789", 0x995dc9bbdf1939faULL},
        {"This is a test of the emergency broadcast system.", 0x27db187fc15bbc72ULL},
        {"IHATEMATH", 0x3920e0f66b6ee0c8ULL},
        {"This is a test.", 2186167744391481992ULL},
    };
    size_t i, cut;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *text = cases[i].text;
        size_t length = strlen(text);
        NSData *data = [NSData dataWithBytes:text length:length];
        CHECK([OPSCRC64 updateCRC:0 withBytes:text length:length] == cases[i].crc);
        CHECK([OPSCRC64 checksumOfData:data] == cases[i].crc);
        for (cut = 0; cut <= length; cut++) {
            uint64_t head = [OPSCRC64 checksumOfData:[data subdataWithRange:NSMakeRange(0, cut)]];
            CHECK([OPSCRC64 updateCRC:head withBytes:text + cut length:length - cut] == cases[i].crc);
            CHECK([OPSCRC64 updateCRC:head
                             withData:[data subdataWithRange:NSMakeRange(cut, length - cut)]] == cases[i].crc);
        }
        CHECK([OPSCRC64 updateCRC:cases[i].crc withBytes:NULL length:length] == cases[i].crc);
        CHECK([OPSCRC64 updateCRC:cases[i].crc withData:[NSData data]] == cases[i].crc);
    }
    CHECK([OPSCRC64 checksumOfData:[NSData data]] == 0);
    {
        id object = [OPSCRC64 alloc]; /* -init is unavailable: nothing to make */
        CHECK([object init] == nil);
    }
}

/* ------------------------------------------------------------------ wiped copies */

static BOOL Zeroed(const char *bytes, size_t length) {
    size_t i;
    for (i = 0; i < length; i++) {
        if (bytes[i] != 0) {
            return NO;
        }
    }
    return YES;
}

/* OPSUTF8 is the wrapper's one way from an NSString to C text (run.sh
 * checks that no source converts otherwise), so the secret passed to the
 * presigner's initializer, -setCredentials..., the configuration and
 * +deriveWithSecret: lives only in its copies: wiped when freed, on the
 * stack and on the heap, and when a conversion stops half-way. */
static void TestUTF8CopiesWiped(void) {
    static const unichar lone[] = {'s', 'k', '-', 'x', 0xD800};
    NSString *secret = @"sk-inline-secret";
    NSString *longSecret = [@"sk-" stringByPaddingToLength:OPS_UTF8_INLINE + 100
                                                withString:@"s"
                                           startingAtIndex:0];
    OPSUTF8 text;
    NSError *error = nil;

    CHECK(OPSUTF8Init(&text, secret, "access_key_secret", NULL));
    CHECK(text.heap == NULL && text.text == text.buffer && strcmp(text.buffer, "sk-inline-secret") == 0);
    OPSUTF8Free(&text);
    CHECK(text.text == NULL && Zeroed(text.buffer, strlen("sk-inline-secret")));

    CHECK(OPSUTF8Init(&text, longSecret, "access_key_secret", NULL));
    CHECK(text.heap != NULL && text.text == text.heap && strlen(text.heap) == [longSecret length]);
    OPSUTF8Wipe(&text); /* what OPSUTF8Free does before free() */
    CHECK(Zeroed(text.heap, [longSecret length] + 1));
    OPSUTF8Free(&text);

    memset(text.buffer, 0x55, sizeof text.buffer);
    CHECK(!OPSUTF8Init(&text, Units(lone, 5), "access_key_secret", &error));
    CHECK_ERROR(error, OPSErrorInvalidUTF8, @"access_key_secret");
    CHECK(Zeroed(text.buffer, OPSUTF8Capacity(Units(lone, 5))));
}

/* Every object the additions make is freed: 50 rounds leave no more live
 * instances of their classes than one. */
static void TestAPILeaks(void) {
    OPSPresigner *presigner = NewPresigner(IPEndpoint(), settings.ak, settings.sk, nil);
    const char *names[] = {"OPSGetOptions", "OPSGetOptionsSnapshot", "OPSOptionSetting",
                           "OPSKeyLintReport", "OPSPresignedRequest", "OPSServiceError"};
    int before[sizeof names / sizeof names[0]];
    size_t i;
    int round;
    for (round = 0; round < 51; round++) {
        NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
        OPSGetOptions *options = [[OPSGetOptions alloc] init];
        OPSGetOptions *copy;
        [options setSigningDate:[NSDate date] error:NULL];
        [options addHeaderWithName:@"x-oss-meta-a" value:@"1" error:NULL];
        [options addHeaderWithName:@"x-oss-meta-a" value:@"2" error:NULL]; /* refused */
        copy = [options copy];
        [copy setExpires:60 error:NULL];
        [[presigner presignGetWithBucket:settings.bucket key:@"leak.txt" options:copy error:NULL] URLRequest];
        [OPSPresigner lintKey:@"a//b" error:NULL];
        [[[[OPSServiceError alloc] initWithData:Body("<Error><Code>X</Code></Error>") error:NULL] autorelease]
            errorWithHTTPStatusCode:500];
        [copy release];
        [options release];
        [pool drain];
        if (round == 0) {
            for (i = 0; i < sizeof names / sizeof names[0]; i++) {
                before[i] = GSDebugAllocationCount(NSClassFromString(S(names[i])));
            }
        }
    }
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        int now = GSDebugAllocationCount(NSClassFromString(S(names[i])));
        if (!CHECK(NSClassFromString(S(names[i])) != Nil && now <= before[i] && now == 0)) {
            fprintf(stderr, "  %s: %d live after 50 rounds, %d after the first\n", names[i], now, before[i]);
        }
    }
}

void TestAPIAdditions(void) {
    void (*tests[])(void) = {TestOptionsValue, TestOptionsTakenWhole, TestDateSetters, TestURLRequest,
                             TestServiceErrorAsNSError, TestLintReport, TestLibraryVersionAndHandles,
                             TestCRC64, TestUTF8CopiesWiped, TestAPILeaks};
    size_t i;
    /* Each in its own pool, so that TestAPILeaks counts only its own objects. */
    for (i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        NSAutoreleasePool *pool = [[NSAutoreleasePool alloc] init];
        tests[i]();
        [pool drain];
    }
}
