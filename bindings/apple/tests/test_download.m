/*
 * test_download.m: the sample's download rules (OPSResumableDownload) on
 * answers no emulator gives: OSS's RequestTimeTooSkewed, refusals judged by
 * EC and not by their English message, the files an NSURLSession download
 * task hands over (a resumed transfer, another version), a cancelled
 * download, a signing time no clock can renew. The rules against the
 * emulator's network faults are tests/test_objc_sample.py's.
 *
 * The object of these tests is the known answer "123456789" of CRC-64/ECMA
 * (aliyun-oss-java-sdk CRC64UtilTest.java): 11051210869376104954.
 */
#import "test_support.h"

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
    size_t i;
    CHECK(SameDate(OPSServerDateForTimeRefusal(403, Refusal(@"RequestTimeTooSkewed", @"x", nil, nil, server), date),
                   1700007200));
    CHECK(SameDate(OPSServerDateForTimeRefusal(403, Refusal(@"RequestTimeTooSkewed", @"x", nil, nil, nil), date),
                   1700003600));
    CHECK(OPSServerDateForTimeRefusal(403, Refusal(@"RequestTimeTooSkewed", @"x", nil, nil, nil), nil) == nil);
    CHECK(OPSServerDateForTimeRefusal(403, Refusal(@"RequestTimeTooSkewed", @"x", nil, nil, nil), @"yesterday") ==
          nil);
    for (i = 0; i < sizeof ecs / sizeof ecs[0]; i++) {
        /* Whatever the message says (OSS may reword or translate it). */
        CHECK(SameDate(OPSServerDateForTimeRefusal(403, Refusal(@"AccessDenied", @"?", ecs[i], nil, server), date),
                       1700007200));
    }
    CHECK(SameDate(OPSServerDateForTimeRefusal(403, Refusal(@"AccessDenied", nil, nil, expires, server), nil),
                   1700007200));
    /* The English text alone decides nothing. */
    CHECK(OPSServerDateForTimeRefusal(403, Refusal(@"AccessDenied", @"Request has expired.", nil, nil, server),
                                      date) == nil);
    CHECK(OPSServerDateForTimeRefusal(403, Refusal(@"AccessDenied", @"Request is not valid yet.", nil, nil,
                                                   server),
                                      date) == nil);
    /* Other refusals. */
    CHECK(OPSServerDateForTimeRefusal(403, Refusal(@"AccessDenied", @"policy", @"0003-00000001", nil, server),
                                      date) == nil);
    CHECK(OPSServerDateForTimeRefusal(403, Refusal(@"AccessDenied", nil, nil, server, expires), date) == nil);
    CHECK(OPSServerDateForTimeRefusal(403, Refusal(@"SignatureDoesNotMatch", @"x", @"0002-00000236", nil,
                                                   server),
                                      date) == nil);
    CHECK(OPSServerDateForTimeRefusal(400, Refusal(@"RequestTimeTooSkewed", @"x", nil, nil, server), date) == nil);
    CHECK(OPSServerDateForTimeRefusal(404, Refusal(@"NoSuchKey", @"x", nil, nil, server), date) == nil);
    CHECK(OPSServerDateForTimeRefusal(403, nil, date) == nil);
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

    /* A Range the caller signed is theirs: no resume on top of it. */
    {
        OPSGetOptions *options = [[[OPSGetOptions alloc] init] autorelease];
        CHECK([options addHeaderWithName:@"Range" value:@"bytes=0-3" error:NULL]);
        download = Download(Folder(), @"12", options);
        request = [download nextRequestWithError:NULL];
        CHECK_EQUAL([request valueForHTTPHeaderField:@"Range"], @"bytes=0-3");
        CHECK([request valueForHTTPHeaderField:@"If-Match"] == nil);
        [download close];
    }
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
    TestStops();
}
