/*
 * test_head.m: HEAD presigns (-presignHeadURLStringWithBucket:key:options:error:,
 * -presignHeadWithBucket:key:options:error:). The known answers HD1-HD3 of
 * tests/vectors (URLs Alibaba's SDK made for a HeadObjectRequest), and HEADs
 * sent with NSURLConnection to the loopback emulator, which judges each
 * signature with Alibaba's signer. (The URLs against C's and the SDK's for
 * the emoji keys, and the refusals, are in test_presigner.m beside GET's.)
 */
#import "test_support.h"

#include <stdio.h>

/* ------------------------------------------------------------------ known answers */

static id Field(NSDictionary *object, NSString *name) {
    id value = [object objectForKey:name];
    return value == [NSNull null] ? nil : value;
}

/* A presigner for the vector's endpoint, region, addressing and credentials. */
static OPSPresigner *VectorPresigner(NSDictionary *v) {
    NSError *error = nil;
    OPSPresignerConfiguration *config =
        [[[OPSPresignerConfiguration alloc] initWithEndpoint:Field(v, @"endpoint")
                                                      region:Field(v, @"region")
                                                       error:&error] autorelease];
    OPSPresigner *presigner = nil;
    if (CHECK(config != nil) &&
        CHECK([config setAccessKeyId:Field(v, @"access_key_id")
                     accessKeySecret:Field(v, @"access_key_secret")
                       securityToken:Field(v, @"security_token")
                               error:&error]) &&
        CHECK([config setPathStyle:[@"path" isEqualToString:Field(v, @"addressing")] error:&error])) {
        presigner = [[[OPSPresigner alloc] initWithConfiguration:config error:&error] autorelease];
    }
    if (!CHECK(presigner != nil)) {
        fprintf(stderr, "  %s: %s\n", [Field(v, @"id") UTF8String], [[error description] UTF8String]);
    }
    return presigner;
}

/* The vector's signing time, lifetime, query and headers, diagnostics on. */
static OPSGetOptions *VectorOptions(NSDictionary *v) {
    OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
    NSEnumerator *items;
    NSArray *pair;
    CHECK([options setSigningTime:[Field(v, @"signing_time_unix") longLongValue] error:NULL]);
    CHECK([options setExpires:[Field(v, @"expires_seconds") unsignedLongLongValue] error:NULL]);
    CHECK([options setDiagnostics:YES error:NULL]);
    items = [Field(v, @"query") objectEnumerator];
    while ((pair = [items nextObject]) != nil) {
        if ([[pair objectAtIndex:0] isEqualToString:@"versionId"]) {
            /* HeadObjectRequest.version_id */
            CHECK([options setVersionId:[pair objectAtIndex:1] error:NULL]);
        } else {
            CHECK([options addQueryWithName:[pair objectAtIndex:0] value:[pair objectAtIndex:1] error:NULL]);
        }
    }
    items = [Field(v, @"headers") objectEnumerator];
    while ((pair = [items nextObject]) != nil) {
        CHECK([options addHeaderWithName:[pair objectAtIndex:0] value:[pair objectAtIndex:1] error:NULL]);
    }
    return options;
}

/* name -> value with every name in lower case. */
static NSDictionary *LowercaseNames(NSDictionary *headers) {
    NSMutableDictionary *lower = [NSMutableDictionary dictionary];
    NSEnumerator *names = [headers keyEnumerator];
    NSString *name;
    while ((name = [names nextObject]) != nil) {
        [lower setObject:[headers objectForKey:name] forKey:[name lowercaseString]];
    }
    return lower;
}

static void TestHeadKnownAnswers(void) {
    NSData *json = [NSData dataWithContentsOfFile:settings.vectors];
    NSDictionary *file = json == nil ? nil : [NSJSONSerialization JSONObjectWithData:json options:0 error:NULL];
    NSEnumerator *vectors = [[file objectForKey:@"vectors"] objectEnumerator];
    NSDictionary *v;
    int heads = 0;
    if (!CHECK(file != nil)) {
        fprintf(stderr, "  cannot read %s\n", [settings.vectors UTF8String]);
        return;
    }
    while ((v = [vectors nextObject]) != nil) {
        NSDictionary *expected = Field(v, @"expected");
        NSMutableDictionary *signedHeaders = [NSMutableDictionary dictionary];
        NSEnumerator *items = [Field(v, @"headers") objectEnumerator];
        NSArray *pair;
        OPSPresigner *presigner;
        OPSGetOptions *options;
        OPSPresignedRequest *request;
        NSError *error = Sentinel();
        int64_t signingTime;
        if (![@"HEAD" isEqualToString:Field(v, @"method")]) {
            continue;
        }
        heads++;
        presigner = VectorPresigner(v);
        options = VectorOptions(v);
        request = [presigner presignHeadWithBucket:Field(v, @"bucket")
                                               key:Field(v, @"key")
                                           options:options
                                             error:&error];
        if (!CHECK(request != nil && error == Sentinel())) {
            fprintf(stderr, "  %s: %s\n", [Field(v, @"id") UTF8String], [[error description] UTF8String]);
            continue;
        }
        CHECK_EQUAL([request HTTPMethod], @"HEAD");
        CHECK_EQUAL(BeforeQuery([request URLString]), BeforeQuery(Field(expected, @"url")));
        CHECK([SortedQuery([request URLString]) isEqualToArray:SortedQuery(Field(expected, @"url"))]);
        CHECK([SortedQuery([request URLString])
            containsObject:[@"x-oss-signature=" stringByAppendingString:Field(expected, @"signature")]]);
        CHECK_EQUAL([request canonicalRequest], Field(expected, @"canonical_request"));
        CHECK_EQUAL([request stringToSign], Field(expected, @"string_to_sign"));
        signingTime = [Field(v, @"signing_time_unix") longLongValue];
        CHECK([[request signingDate] timeIntervalSince1970] == (double)signingTime);
        CHECK([[request expirationDate] timeIntervalSince1970] ==
              (double)(signingTime + [Field(v, @"expires_seconds") longLongValue]));
        while ((pair = [items nextObject]) != nil) {
            [signedHeaders setObject:[pair objectAtIndex:1] forKey:[[pair objectAtIndex:0] lowercaseString]];
        }
        CHECK([LowercaseNames([request headers]) isEqualToDictionary:signedHeaders]);
        /* The request to send: HEAD, with every signed header. */
        CHECK_EQUAL([[request URLRequest] HTTPMethod], @"HEAD");
        CHECK([LowercaseNames([[request URLRequest] allHTTPHeaderFields]) isEqualToDictionary:signedHeaders]);
        /* The URL alone is the same URL. */
        CHECK_EQUAL([presigner presignHeadURLStringWithBucket:Field(v, @"bucket")
                                                          key:Field(v, @"key")
                                                      options:options
                                                        error:&error],
                    [request URLString]);
        CHECK(error == Sentinel());
    }
    CHECK(heads == 3);
    printf("HEAD: %d known answers of tests/vectors\n", heads);
}

/* ------------------------------------------------------------------ against the emulator */

/* The emulator's control endpoint (tests/emulator): method on
 * /_emulator/requests; returns the parsed answer. */
static NSDictionary *EmulatorRequests(NSString *method) {
    NSMutableURLRequest *request = [NSMutableURLRequest
        requestWithURL:[NSURL URLWithString:[NSString stringWithFormat:@"%@/_emulator/requests", IPEndpoint()]]];
    NSData *body;
    [request setHTTPMethod:method];
    body = [NSURLConnection sendSynchronousRequest:request returningResponse:NULL error:NULL];
    return body == nil ? nil : [NSJSONSerialization JSONObjectWithData:body options:0 error:NULL];
}

static void TestHeadDownload(void) {
    /* The object is "123456789", whose MD5 (25f9e794..., the ETag OSS gives
     * a simple upload, upper-case and quoted) and CRC-64/XZ (0x995dc9bb
     * df1939fa, OSS's crc64ecma) are the well-known check values: the
     * headers are known without computing them here. */
    NSString *key = @"head/size and etag \U0001F680.txt";
    NSString *path = [NSString stringWithFormat:@"%@/%@/%@", settings.root, settings.bucket, key];
    OPSPresigner *presigner = NewPresigner(LocalhostEndpoint(), settings.ak, settings.sk, nil);
    OPSPresignedRequest *request;
    NSHTTPURLResponse *response;
    NSData *body = nil;
    NSArray *log;
    NSEnumerator *entries;
    NSDictionary *entry;
    int headsLogged = 0;
    if (!CHECK([[NSFileManager defaultManager] createDirectoryAtPath:[path stringByDeletingLastPathComponent]
                                         withIntermediateDirectories:YES
                                                          attributes:nil
                                                               error:NULL]) ||
        !CHECK([[@"123456789" dataUsingEncoding:NSUTF8StringEncoding] writeToFile:path atomically:NO])) {
        return;
    }
    EmulatorRequests(@"DELETE");

    /* 200 with the size, the ETag and the CRC-64, and no body. */
    request = [presigner presignHeadWithBucket:settings.bucket key:key options:nil error:NULL];
    CHECK_EQUAL([request HTTPMethod], @"HEAD");
    response = SEND(request, &body);
    CHECK([response statusCode] == 200);
    CHECK_EQUAL(OPSHeaderValue(response, @"Content-Length"), @"9");
    CHECK_EQUAL(OPSHeaderValue(response, @"ETag"), @"\"25F9E794323B453885F5181F1B624D0B\"");
    CHECK_EQUAL(OPSHeaderValue(response, @"x-oss-hash-crc64ecma"), @"11051210869376104954");
    CHECK([body length] == 0);
    /* The emulator saw a HEAD, and Alibaba's signer accepted it. */
    log = [EmulatorRequests(@"GET") objectForKey:@"requests"];
    entries = [log objectEnumerator];
    while ((entry = [entries nextObject]) != nil) {
        if ([[entry objectForKey:@"target"] hasPrefix:@"/head/"]) {
            CHECK_EQUAL([entry objectForKey:@"method"], @"HEAD");
            CHECK([[entry objectForKey:@"status"] intValue] == 200);
            CHECK([entry objectForKey:@"code"] == [NSNull null]);
            headsLogged++;
        }
    }
    CHECK(headsLogged == 1);

    /* The method is signed: the HEAD URL as a GET is refused. */
    EXPECT_REFUSED(GET_URL([request URLString], nil), 403, @"SignatureDoesNotMatch");

    /* A signed If-Match: sent with the ETag, 200; another ETag, 412. */
    {
        OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
        OPSGetOptions *other = [[[OPSGetOptions alloc] init] autorelease];
        CHECK([options addHeaderWithName:@"If-Match" value:@"\"25F9E794323B453885F5181F1B624D0B\"" error:NULL]);
        CHECK([other addHeaderWithName:@"If-Match" value:@"\"0123\"" error:NULL]);
        request = [presigner presignHeadWithBucket:settings.bucket key:key options:options error:NULL];
        CHECK([[request headers] count] == 1);
        CHECK([SEND(request, &body) statusCode] == 200);
        request = [presigner presignHeadWithBucket:settings.bucket key:key options:other error:NULL];
        CHECK([SEND(request, &body) statusCode] == 412);
    }

    /* A missing object: 404, with no body. */
    request = [presigner presignHeadWithBucket:settings.bucket key:@"head/missing.txt" options:nil error:NULL];
    response = SEND(request, &body);
    CHECK([response statusCode] == 404);
    CHECK([body length] == 0);
}

void TestHead(void) {
    TestHeadKnownAnswers();
    TestHeadDownload();
}
