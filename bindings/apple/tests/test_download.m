/*
 * test_download.m: the sample's download rules (OPSResumableDownload) on
 * answers no emulator gives: OSS's RequestTimeTooSkewed, refusals judged by
 * EC and not by their English message, a refusal for time that carries no
 * time, the files an NSURLSession download task hands over (a resumed
 * transfer, another version, a transfer resumed with resume data), a
 * signed Range, a cancelled download, a signing time no clock can renew.
 * The rules against the emulator's network faults are
 * tests/test_objc_sample.py's.
 *
 * The object of these tests is the known answer "123456789" of CRC-64/ECMA
 * (aliyun-oss-java-sdk CRC64UtilTest.java): 11051210869376104954.
 */
#import "test_support.h"

#include <limits.h>
#include <string.h>
#include <time.h>

static NSString *const kObject = @"123456789";
static NSString *const kObjectCRC = @"11051210869376104954";
static NSString *const kETag = @"\"E1\"";

/* ------------------------------------------------------------------ refusals */

static OPSServiceError *Refusal(NSString *code, NSString *message, NSString *ec, NSString *expires,
                                NSString *serverTime) {
    NSMutableString *body = [NSMutableString stringWithFormat:@"<Error><Code>%@</Code>", code];
    if (message != nil) {
        [body appendFormat:@"<Message>%@</Message>", message];
    }
    if (ec != nil) {
        [body appendFormat:@"<EC>%@</EC>", ec];
    }
    if (expires != nil) {
        [body appendFormat:@"<Expires>%@</Expires>", expires];
    }
    if (serverTime != nil) {
        [body appendFormat:@"<ServerTime>%@</ServerTime>", serverTime];
    }
    [body appendString:@"</Error>"];
    return [[[OPSServiceError alloc] initWithData:[body dataUsingEncoding:NSUTF8StringEncoding]
                                            error:NULL] autorelease];
}

static BOOL SameDate(NSDate *date, double unixSeconds) {
    return date != nil && [date timeIntervalSince1970] == unixSeconds;
}

/* A refusal for the request's time is told by Code and EC (and an Expires
 * before ServerTime), never by its English message; the time is ServerTime,
 * else the Date header. */
static void TestTimeRefusals(void) {
    /* 1700007200 = 2023-11-15T00:13:20Z; the Date header says an hour less. */
    NSString *server = @"2023-11-15T00:13:20.000Z", *date = @"Tue, 14 Nov 2023 23:13:20 GMT";
    NSString *expires = @"2023-11-14T23:00:00.000Z";
    NSString *ecs[] = {@"0002-00000236", @"0002-00000235", @"0002-00000069"};
    OPSServiceError *skewed = Refusal(@"RequestTimeTooSkewed", @"x", nil, nil, server);
    OPSServiceError *skewedNoTime = Refusal(@"RequestTimeTooSkewed", @"x", nil, nil, nil);
    size_t i;
    CHECK(SameDate(OPSServerDateForTimeRefusal(403, skewed, nil, date), 1700007200));
    CHECK(SameDate(OPSServerDateForTimeRefusal(403, skewedNoTime, nil, date), 1700003600));
    CHECK(OPSIsTimeRefusal(403, skewedNoTime, nil));
    CHECK(OPSServerDateForTimeRefusal(403, skewedNoTime, nil, nil) == nil);
    CHECK(OPSServerDateForTimeRefusal(403, skewedNoTime, nil, @"yesterday") == nil);
    for (i = 0; i < sizeof ecs / sizeof ecs[0]; i++) {
        /* Whatever the message says (OSS may reword or translate it). */
        OPSServiceError *refusal = Refusal(@"AccessDenied", @"?", ecs[i], nil, server);
        CHECK(SameDate(OPSServerDateForTimeRefusal(403, refusal, nil, date), 1700007200));
    }
    CHECK(SameDate(OPSServerDateForTimeRefusal(403, Refusal(@"AccessDenied", nil, nil, expires, server), nil, nil),
                   1700007200));
    /* The English text alone decides nothing. */
    CHECK(!OPSIsTimeRefusal(403, Refusal(@"AccessDenied", @"Request has expired.", nil, nil, server), nil));
    CHECK(!OPSIsTimeRefusal(403, Refusal(@"AccessDenied", @"Request is not valid yet.", nil, nil, server), nil));
    /* Other refusals. */
    CHECK(!OPSIsTimeRefusal(403, Refusal(@"AccessDenied", @"policy", @"0003-00000001", nil, server), nil));
    CHECK(!OPSIsTimeRefusal(403, Refusal(@"AccessDenied", nil, nil, server, expires), nil));
    CHECK(!OPSIsTimeRefusal(403, Refusal(@"SignatureDoesNotMatch", @"x", @"0002-00000236", nil, server), nil));
    CHECK(!OPSIsTimeRefusal(400, skewed, nil));
    CHECK(!OPSIsTimeRefusal(404, Refusal(@"NoSuchKey", @"x", nil, nil, server), nil));
    CHECK(OPSServerDateForTimeRefusal(404, Refusal(@"NoSuchKey", @"x", nil, nil, server), nil, date) == nil);
    CHECK(!OPSIsTimeRefusal(403, nil, nil) && OPSServerDateForTimeRefusal(403, nil, nil, date) == nil);
    /* An answer without a body (a HEAD's): its x-oss-ec header tells. */
    for (i = 0; i < sizeof ecs / sizeof ecs[0]; i++) {
        CHECK(OPSIsTimeRefusal(403, nil, ecs[i]));
        CHECK(SameDate(OPSServerDateForTimeRefusal(403, nil, ecs[i], date), 1700003600));
    }
    CHECK(!OPSIsTimeRefusal(403, nil, @"0003-00000001") && !OPSIsTimeRefusal(404, nil, ecs[0]));
    CHECK(OPSServerDateForTimeRefusal(403, nil, ecs[0], nil) == nil);
}

/* ------------------------------------------------------------------ answers */

/* An empty folder for one download. */
static NSString *Folder(void) {
    NSString *folder = [NSString stringWithFormat:@"%@/../download-rules", settings.root];
    [[NSFileManager defaultManager] removeItemAtPath:folder error:NULL];
    [[NSFileManager defaultManager] createDirectoryAtPath:folder
                              withIntermediateDirectories:YES
                                               attributes:nil
                                                    error:NULL];
    return folder;
}

static NSData *Bytes(NSString *text) {
    return [text dataUsingEncoding:NSUTF8StringEncoding];
}

/* What a download task hands over: a file beside the download. */
static NSString *TaskFile(OPSResumableDownload *download, NSString *text) {
    NSString *path = [[[[download partialFile] destination] stringByDeletingLastPathComponent]
        stringByAppendingPathComponent:@"task.tmp"];
    [Bytes(text) writeToFile:path atomically:NO];
    return path;
}

static NSHTTPURLResponse *Response(NSInteger status, NSDictionary *headers) {
    return [[[NSHTTPURLResponse alloc] initWithURL:[NSURL URLWithString:@"http://127.0.0.1/b/k"]
                                        statusCode:status
                                       HTTPVersion:@"HTTP/1.1"
                                      headerFields:headers] autorelease];
}

/* A download of kObject to folder/out.bin that saved `saved` (with kETag)
 * in an earlier run; opened. */
static OPSResumableDownload *Download(NSString *folder, NSString *saved, OPSGetOptions *options) {
    NSString *destination = [folder stringByAppendingPathComponent:@"out.bin"];
    OPSResumableDownload *download = [[[OPSResumableDownload alloc]
        initWithPresigner:NewPresigner(IPEndpoint(), settings.ak, settings.sk, nil)
                   bucket:settings.bucket
                      key:@"rules.txt"
                  options:options
              destination:destination] autorelease];
    if (saved != nil) {
        [Bytes(saved) writeToFile:[destination stringByAppendingString:@".part"] atomically:NO];
        [Bytes([kETag stringByAppendingString:@"\n"]) writeToFile:[destination stringByAppendingString:@".part.etag"]
                                                       atomically:NO];
    }
    CHECK([download openWithError:NULL]);
    return download;
}

static BOOL Holds(NSString *path, NSString *text) {
    return [[NSData dataWithContentsOfFile:path] isEqualToData:Bytes(text)];
}

/* What an NSURLSession download task hands over, judged by sizes: the rest
 * of the saved version, the whole object (also when the task resumed from
 * byte 0 on its own), or bytes that continue nothing saved. */
static void TestSessionFiles(void) {
    NSString *folder = Folder();
    NSString *destination = [folder stringByAppendingPathComponent:@"out.bin"];
    NSDictionary *whole = [NSDictionary dictionaryWithObjectsAndKeys:kETag, @"ETag", @"9", @"Content-Length",
                                                                     kObjectCRC, @"x-oss-hash-crc64ecma", nil];
    NSDictionary *rest = [NSDictionary dictionaryWithObjectsAndKeys:kETag, @"ETag", @"bytes 4-8/9",
                                                                    @"Content-Range", @"5", @"Content-Length",
                                                                    kObjectCRC, @"x-oss-hash-crc64ecma", nil];
    NSDictionary *other = [NSDictionary dictionaryWithObjectsAndKeys:@"\"E2\"", @"ETag", @"bytes 4-8/9",
                                                                     @"Content-Range", nil];
    OPSResumableDownload *download;

    /* The rest of the saved bytes: appended, CRC-64 checked, moved. */
    download = Download(folder, @"1234", nil);
    [download prepareAdoptedAttempt];
    [download receiveResponse:Response(206, rest) file:TaskFile(download, @"56789")];
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextFinished);
    CHECK([download crcChecked] && [download expectedLength] == 9 && Holds(destination, kObject));
    [download close];

    /* A task resumed by the system from byte 0: the file is the whole
     * object although the last answer was a 206. It replaces the saved
     * bytes. */
    download = Download(Folder(), @"1234", nil);
    [download prepareAdoptedAttempt];
    [download receiveResponse:Response(206, rest) file:TaskFile(download, kObject)];
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextFinished);
    CHECK(Holds(destination, kObject));
    [download close];

    /* Another version's bytes: discarded, the object again from zero. */
    download = Download(Folder(), @"1234", nil);
    [download prepareAdoptedAttempt];
    [download receiveResponse:Response(206, other) file:TaskFile(download, @"xxxxx")];
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextAttempt);
    CHECK([[download partialFile] size] == 0 && [download retryDelay] == 0);
    CHECK([[[download nextRequestWithError:NULL] allHTTPHeaderFields] objectForKey:@"Range"] == nil);

    /* A corrupted whole object: downloaded once more, then a clear failure. */
    [download receiveResponse:Response(200, whole) file:TaskFile(download, @"123456780")];
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextAttempt);
    [download receiveResponse:Response(200, whole) file:TaskFile(download, @"123456780")];
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextFailed);
    CHECK([[[download failure] domain] isEqualToString:OPSDownloadErrorDomain] &&
          [[download failure] code] == OPSDownloadErrorCorrupted);
    CHECK(![[NSFileManager defaultManager] fileExistsAtPath:destination]);
    [download close];

    /* An error body in the task's file: OSS's refusal as the failure. */
    download = Download(Folder(), nil, nil);
    [download prepareAdoptedAttempt];
    [download receiveResponse:Response(404, nil)
                         file:TaskFile(download, @"<Error><Code>NoSuchKey</Code><Message>m</Message></Error>")];
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextFailed);
    CHECK([[[download failure] domain] isEqualToString:OPSServiceErrorDomain] && [[download failure] code] == 404);
    [download close];
}

/* Range and If-Match ask for the rest of the saved version; a 206 that
 * starts elsewhere is another answer, never appended. */
static void TestResumeRequest(void) {
    OPSResumableDownload *download = Download(Folder(), @"1234", nil);
    NSURLRequest *request;
    [download setStallTimeout:7];
    request = [download nextRequestWithError:NULL];
    CHECK_EQUAL([request valueForHTTPHeaderField:@"Range"], @"bytes=4-");
    CHECK_EQUAL([request valueForHTTPHeaderField:@"If-Match"], kETag);
    CHECK([request timeoutInterval] == 7);
    [download receiveResponse:Response(206, [NSDictionary dictionaryWithObjectsAndKeys:kETag, @"ETag",
                                                                                       @"bytes 0-8/9",
                                                                                       @"Content-Range", nil])];
    CHECK(![download receiveData:Bytes(kObject)]);
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextAttempt);
    CHECK([[download partialFile] size] == 0);
    [download close];

}

static NSError *Cut(void) {
    return [NSError errorWithDomain:NSURLErrorDomain code:NSURLErrorNetworkConnectionLost userInfo:nil];
}

/* A transfer cut short and resumed by the transport with its resume data
 * (NSURLSession: Range and If-Range, a condition OSS does not document):
 * the file it hands over joins the bytes it had to the answer's, so the
 * answer must be of the version cut. Here no CRC-64 is sent: only the ETag
 * can tell. */
static void TestResumeDataKeepsOneVersion(void) {
    NSString *destination = [Folder() stringByAppendingPathComponent:@"out.bin"];
    NSDictionary *cut = [NSDictionary dictionaryWithObjectsAndKeys:kETag, @"ETag", @"9", @"Content-Length", nil];
    NSDictionary *rest = [NSDictionary dictionaryWithObjectsAndKeys:kETag, @"ETag", @"bytes 4-8/9",
                                                                    @"Content-Range", @"5", @"Content-Length", nil];
    NSDictionary *replaced = [NSDictionary dictionaryWithObjectsAndKeys:@"\"E2\"", @"ETag", @"bytes 4-8/9",
                                                                        @"Content-Range", @"5", @"Content-Length",
                                                                        nil];
    OPSResumableDownload *download = Download(Folder(), nil, nil);

    /* The object replaced by one of the same size between the cut and the
     * resume: the joined file is discarded, the object asked for whole. */
    CHECK([download nextRequestWithError:NULL] != nil);
    [download receiveResponse:Response(200, cut)];
    CHECK([download finishAttemptWithError:Cut()] == OPSDownloadNextAttempt);
    CHECK([download prepareResumeDataAttempt]);
    [download receiveResponse:Response(206, replaced) file:TaskFile(download, @"1234xxxxx")];
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextAttempt);
    CHECK([[download partialFile] size] == 0 && [[download partialFile] etag] == nil);
    CHECK(![[NSFileManager defaultManager] fileExistsAtPath:destination]);
    CHECK([[download nextRequestWithError:NULL] valueForHTTPHeaderField:@"Range"] == nil);
    [download close];

    /* The same version: the joined file is the object. */
    download = Download(Folder(), nil, nil);
    CHECK([download nextRequestWithError:NULL] != nil);
    [download receiveResponse:Response(200, cut)];
    CHECK([download finishAttemptWithError:Cut()] == OPSDownloadNextAttempt);
    CHECK([download prepareResumeDataAttempt]);
    [download receiveResponse:Response(206, rest) file:TaskFile(download, kObject)];
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextFinished);
    CHECK(Holds(destination, kObject));
    [download close];

    /* A cut answer without an ETag gives nothing to judge a resumed one
     * by: no resume data, a new request instead. */
    download = Download(Folder(), nil, nil);
    CHECK([download nextRequestWithError:NULL] != nil);
    [download receiveResponse:Response(200, [NSDictionary dictionaryWithObject:@"9" forKey:@"Content-Length"])];
    CHECK([download finishAttemptWithError:Cut()] == OPSDownloadNextAttempt);
    CHECK(![download prepareResumeDataAttempt]);
    [download close];
}

/* A Range the options sign is exactly what the destination gets: never
 * resumed, CRC-64 checked only for the whole object, the If-Match of the
 * version first seen on a retry; a Range that is not one byte range is
 * refused before anything is sent. */
static void TestSignedRange(void) {
    NSString *destination = [Folder() stringByAppendingPathComponent:@"out.bin"];
    NSDictionary *part = [NSDictionary dictionaryWithObjectsAndKeys:kETag, @"ETag", @"bytes 2-5/9", @"Content-Range",
                                                                    @"4", @"Content-Length", kObjectCRC,
                                                                    @"x-oss-hash-crc64ecma", nil];
    OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
    OPSResumableDownload *download;
    NSURLRequest *request;
    NSError *error = nil;
    OPSByteRange range;
    CHECK([options addHeaderWithName:@"Range" value:@"bytes=2-5" error:NULL]);

    /* Bytes an earlier run saved are not resumed under the range. */
    download = Download(Folder(), @"12", options);
    request = [download nextRequestWithError:NULL];
    CHECK_EQUAL([request valueForHTTPHeaderField:@"Range"], @"bytes=2-5");
    CHECK([request valueForHTTPHeaderField:@"If-Match"] == nil);
    CHECK([[download partialFile] size] == 0 && ![[download partialFile] isResumable]);
    /* Cut: asked for again from the range's start, pinned to the version seen. */
    [download receiveResponse:Response(206, part)];
    CHECK([download receiveData:Bytes(@"34")]);
    CHECK([download finishAttemptWithError:Cut()] == OPSDownloadNextAttempt);
    CHECK(![download prepareResumeDataAttempt]);
    request = [download nextRequestWithError:NULL];
    CHECK_EQUAL([request valueForHTTPHeaderField:@"Range"], @"bytes=2-5");
    CHECK_EQUAL([request valueForHTTPHeaderField:@"If-Match"], kETag);
    CHECK([[download partialFile] size] == 0);
    [download receiveResponse:Response(206, part)];
    CHECK([download receiveData:Bytes(@"3456")]);
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextFinished);
    CHECK(Holds(destination, @"3456") && ![download crcChecked]);
    CHECK_EQUAL([download contentRange], @"bytes 2-5/9");
    CHECK(![[NSFileManager defaultManager] fileExistsAtPath:[destination stringByAppendingString:@".part.etag"]]);
    [download close];

    /* Another range than the one signed: refused, nothing kept. */
    download = Download(Folder(), nil, options);
    CHECK([download nextRequestWithError:NULL] != nil);
    [download receiveResponse:Response(206, [NSDictionary dictionaryWithObjectsAndKeys:kETag, @"ETag",
                                                                                      @"bytes 2-8/9",
                                                                                      @"Content-Range", nil])];
    CHECK(![download receiveData:Bytes(@"3456789")]);
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextFailed);
    CHECK([[[download failure] domain] isEqualToString:OPSDownloadErrorDomain] &&
          [[download failure] code] == OPSDownloadErrorRange);
    [download close];
    CHECK(![[NSFileManager defaultManager] fileExistsAtPath:[destination stringByAppendingString:@".part"]]);

    /* An NSURLSession file of the range. */
    download = Download(Folder(), nil, options);
    [download prepareAdoptedAttempt];
    [download receiveResponse:Response(206, part) file:TaskFile(download, @"3456")];
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextFinished);
    CHECK(Holds(destination, @"3456") && ![download crcChecked]);
    [download close];

    /* Several ranges: refused before any request. */
    options = [[[OPSGetOptions alloc] init] autorelease];
    CHECK([options addHeaderWithName:@"Range" value:@"bytes=0-1,4-5" error:NULL]);
    download = Download(Folder(), nil, options);
    CHECK([download nextRequestWithError:&error] == nil);
    CHECK([[error domain] isEqualToString:OPSDownloadErrorDomain] && [error code] == OPSDownloadErrorRange);
    [download close];

    /* What one byte range is. */
    CHECK(OPSParseByteRange(@" bytes=5- ", &range) && range.present && range.first == 5 &&
          range.last == ULLONG_MAX && range.suffixLength == 0);
    CHECK(OPSParseByteRange(@"bytes=5-9", &range) && range.first == 5 && range.last == 9);
    CHECK(OPSParseByteRange(@"bytes=-7", &range) && range.suffixLength == 7);
    CHECK(OPSParseByteRange(@"bytes=18446744073709551615-", &range) && range.first == ULLONG_MAX);
    CHECK(!OPSParseByteRange(@"bytes=18446744073709551616-", &range));
    CHECK(!OPSParseByteRange(@"bytes=0-1,4-5", &range) && !OPSParseByteRange(@"bytes=9-5", &range));
    CHECK(!OPSParseByteRange(@"bytes=-0", &range) && !OPSParseByteRange(@"items=0-1", &range));
    CHECK(!OPSParseByteRange(@"bytes=1", &range) && !OPSParseByteRange(@"bytes=-", &range));
    CHECK(!OPSParseByteRange(@"bytes=+1-", &range) && !OPSParseByteRange(@"", &range));
    /* Which answers are it: the start, the end (or the object's last byte). */
    CHECK(OPSParseByteRange(@"bytes=2-5", &range));
    CHECK(OPSByteRangeIsAnswer(range, 2, 5, 9) && OPSByteRangeIsAnswer(range, 2, 3, 4));
    CHECK(!OPSByteRangeIsAnswer(range, 2, 8, 9) && !OPSByteRangeIsAnswer(range, 0, 5, 9));
    CHECK(!OPSByteRangeCoversWhole(range, 9) && !OPSByteRangeCoversWhole(range, 4));
    CHECK(OPSParseByteRange(@"bytes=0-5", &range) && OPSByteRangeCoversWhole(range, 6) &&
          OPSByteRangeCoversWhole(range, 0) && !OPSByteRangeCoversWhole(range, 7));
    CHECK(OPSParseByteRange(@"bytes=-3", &range));
    CHECK(OPSByteRangeIsAnswer(range, 6, 8, 9) && OPSByteRangeIsAnswer(range, 0, 1, 2));
    CHECK(!OPSByteRangeIsAnswer(range, 5, 8, 9) && !OPSByteRangeIsAnswer(range, 6, 7, 9));
    CHECK(OPSByteRangeCoversWhole(range, 3) && !OPSByteRangeCoversWhole(range, 4));
    CHECK(!OPSByteRangeIsAnswer(range, 6, 9, 9)); /* not a Content-Range */
}

/* A refusal for time that carries no time at all (no ServerTime, no Date):
 * presigned again and retried once all the same, and a second refusal
 * stands. */
static void TestTimeRefusalWithoutTime(void) {
    NSData *body = Bytes(@"<Error><Code>AccessDenied</Code><Message>Request has expired.</Message>"
                         @"<EC>0002-00000236</EC></Error>");
    OPSResumableDownload *download = Download(Folder(), nil, nil);
    CHECK([download nextRequestWithError:NULL] != nil);
    [download receiveResponse:Response(403, nil)];
    CHECK([download receiveData:body]);
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextAttempt);
    CHECK([download nextRequestWithError:NULL] != nil);
    [download receiveResponse:Response(403, nil)];
    CHECK([download receiveData:body]);
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextFailed);
    CHECK([[[download failure] domain] isEqualToString:OPSServiceErrorDomain] && [[download failure] code] == 403);
    [download close];
}

/* Refused for its time with a signing time the options fix: the clock is
 * corrected, but the same URL cannot be renewed, so the download stops. A
 * cancelled download stops too, keeping its bytes. */
static void TestStops(void) {
    /* The server an hour ahead of this machine. */
    time_t later = time(NULL) + 3600;
    char serverTime[32];
    NSString *body;
    OPSResumableDownload *download = Download(Folder(), nil, Options(settings.signingTime, 60));
    strftime(serverTime, sizeof serverTime, "%Y-%m-%dT%H:%M:%S.000Z", gmtime(&later));
    body = [NSString stringWithFormat:@"<Error><Code>AccessDenied</Code><Message>Request has expired."
                                      @"</Message><EC>0002-00000236</EC><ServerTime>%s</ServerTime></Error>",
                                      serverTime];
    CHECK([download nextRequestWithError:NULL] != nil);
    [download receiveResponse:Response(403, nil)];
    CHECK([download receiveData:Bytes(body)]);
    CHECK([download finishAttemptWithError:nil] == OPSDownloadNextFailed);
    CHECK([[[download failure] domain] isEqualToString:OPSDownloadErrorDomain] &&
          [[download failure] code] == OPSDownloadErrorClock);
    CHECK([[download partialFile] size] == 0);
    [download close];

    download = Download(Folder(), @"1234", nil);
    CHECK([download nextRequestWithError:NULL] != nil);
    [download cancel];
    CHECK([download finishAttemptWithError:[NSError errorWithDomain:NSURLErrorDomain
                                                               code:NSURLErrorCancelled
                                                           userInfo:nil]] == OPSDownloadNextFailed);
    CHECK([[download failure] code] == NSURLErrorCancelled && ![download prepareResumeDataAttempt]);
    CHECK([download nextRequestWithError:NULL] == nil && [[download partialFile] size] == 4);
    [download close];
}

void TestDownloadRules(void) {
    TestTimeRefusals();
    TestSessionFiles();
    TestResumeRequest();
    TestResumeDataKeepsOneVersion();
    TestSignedRange();
    TestTimeRefusalWithoutTime();
    TestStops();
}
