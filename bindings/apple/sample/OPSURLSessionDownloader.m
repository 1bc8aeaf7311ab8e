/*
 * OPSURLSessionDownloader.m: OPSDownloader over an NSURLSession download
 * task (Apple platforms, ARC).
 *
 * Not built under GNUstep, which has neither blocks in gcc nor NSURLSession
 * download tasks; the test suite compiles it with clang -fsyntax-only
 * -fobjc-arc -fblocks to keep it honest.
 */
#import "OPSURLSessionDownloader.h"

#if !__has_feature(objc_arc)
#error "OPSURLSessionDownloader.m is built with ARC (-fobjc-arc)"
#endif

@implementation OPSURLSessionDownloader

- (instancetype)init {
    NSURLSessionConfiguration *configuration =
        [NSURLSessionConfiguration ephemeralSessionConfiguration];
    return [self initWithSession:[NSURLSession sessionWithConfiguration:configuration]];
}

- (instancetype)initWithSession:(NSURLSession *)session {
    self = [super init];
    if (self != nil) {
        _session = session;
    }
    return self;
}

- (void)startDownloadOfRequest:(OPSPresignedRequest *)request
                        toFile:(NSString *)path
                    completion:(OPSDownloadCompletion)completion {
    NSMutableURLRequest *urlRequest = OPSURLRequestForPresignedRequest(request);
    NSURLSessionDownloadTask *task = [_session
        downloadTaskWithRequest:urlRequest
              completionHandler:^(NSURL *location, NSURLResponse *response, NSError *failure) {
                NSInteger status;
                NSFileManager *files = [NSFileManager defaultManager];
                NSError *moveError = nil;
                NSData *body = nil;
                unsigned long long size = 0;
                if (![response isKindOfClass:[NSHTTPURLResponse class]] || location == nil) {
                    completion(nil, failure != nil ? failure
                                                   : [NSError errorWithDomain:NSURLErrorDomain
                                                                         code:NSURLErrorBadServerResponse
                                                                     userInfo:nil]);
                    return;
                }
                status = [(NSHTTPURLResponse *)response statusCode];
                if (status >= 200 && status < 300) {
                    /* The file at location is deleted when this handler returns. */
                    [files removeItemAtPath:path error:NULL];
                    if (![files moveItemAtURL:location
                                        toURL:[NSURL fileURLWithPath:path]
                                        error:&moveError]) {
                        completion(nil, moveError);
                        return;
                    }
                    /* The size from the file itself: reading its attributes would
                     * touch file timestamps, a "required reason" API. */
                    size = [[NSFileHandle fileHandleForReadingAtPath:path] seekToEndOfFile];
                } else {
                    body = [NSData dataWithContentsOfURL:location];
                    size = [body length];
                }
                completion([OPSDownloadResult
                               resultWithStatusCode:status
                                          byteCount:size
                                          errorBody:body
                                         dateHeader:OPSHeaderValue((NSHTTPURLResponse *)response,
                                                                   @"Date")],
                           nil);
              }];
    [task resume];
}

- (OPSDownloadResult *)downloadRequest:(OPSPresignedRequest *)request
                                toFile:(NSString *)path
                                 error:(NSError **)error {
    NSCondition *done = [[NSCondition alloc] init];
    __block BOOL finished = NO;
    __block OPSDownloadResult *answer = nil;
    __block NSError *failure = nil;
    [self startDownloadOfRequest:request
                          toFile:path
                      completion:^(OPSDownloadResult *result, NSError *taskError) {
                        [done lock];
                        answer = result;
                        failure = taskError;
                        finished = YES;
                        [done signal];
                        [done unlock];
                      }];
    [done lock];
    while (!finished) {
        [done wait];
    }
    [done unlock];
    if (answer == nil && error != NULL) {
        *error = failure;
    }
    return answer;
}

@end
