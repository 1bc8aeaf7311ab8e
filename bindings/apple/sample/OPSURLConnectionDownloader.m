/*
 * OPSURLConnectionDownloader.m: NSURLConnection as the transport of an
 * OPSResumableDownload. The connection's delegate hands every answer to
 * the download, which decides.
 */
#import "OPSURLConnectionDownloader.h"
#import "OPSCompat.h"

/* How often the run loop wakes to look for a stall. */
static const NSTimeInterval kStallCheck = 0.1;

@implementation OPSURLConnectionDownloader

- (void)dealloc {
    OPS_RELEASE(_download);
    OPS_RELEASE(_connection);
    OPS_RELEASE(_transportError);
    OPS_RELEASE(_lastActivity);
    OPS_SUPER_DEALLOC();
}

- (void)touch {
    OPS_RELEASE(_lastActivity);
    _lastActivity = [[NSDate alloc] init];
}

- (void)endAttemptWithError:(NSError *)error {
    if (_transportError == nil) {
        _transportError = OPS_RETAIN(error);
    }
    _attemptOver = YES;
}

/* Sends request and runs the run loop until the answer ended, failed, was
 * stopped by the download or stalled. */
- (void)send:(NSURLRequest *)request {
    NSRunLoop *loop = [NSRunLoop currentRunLoop];
    OPS_RELEASE(_transportError);
    _transportError = nil;
    _attemptOver = NO;
    [self touch];
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
#endif
    _connection = [[NSURLConnection alloc] initWithRequest:request delegate:self];
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
    if (_connection == nil) {
        [self endAttemptWithError:[NSError errorWithDomain:NSURLErrorDomain code:NSURLErrorBadURL userInfo:nil]];
    }
    while (!_attemptOver) {
        [loop runMode:NSDefaultRunLoopMode beforeDate:[NSDate dateWithTimeIntervalSinceNow:kStallCheck]];
        if (!_attemptOver && -[_lastActivity timeIntervalSinceNow] > [_download stallTimeout]) {
            [_connection cancel];
            [self endAttemptWithError:[NSError errorWithDomain:NSURLErrorDomain
                                                          code:NSURLErrorTimedOut
                                                      userInfo:[NSDictionary
                                                                   dictionaryWithObject:@"stalled: nothing "
                                                                                        @"received"
                                                                                 forKey:NSLocalizedDescriptionKey]]];
        }
    }
    OPS_RELEASE(_connection);
    _connection = nil;
}

- (BOOL)runDownload:(OPSResumableDownload *)download error:(NSError **)error {
    OPSDownloadNext next = OPSDownloadNextAttempt;
    NSError *failure = nil;
    NSURLRequest *request;
    if (![download openWithError:error]) {
        return NO;
    }
    _download = OPS_RETAIN(download);
    while (next == OPSDownloadNextAttempt) {
        if ([download retryDelay] > 0) {
            [NSThread sleepForTimeInterval:[download retryDelay]];
        }
        request = [download nextRequestWithError:&failure];
        if (request == nil) {
            break;
        }
        [self send:request];
        next = [download finishAttemptWithError:_transportError];
        failure = [download failure];
    }
    [download close];
    OPS_RELEASE(_download);
    _download = nil;
    if (next != OPSDownloadNextFinished && error != NULL) {
        *error = failure;
    }
    return next == OPSDownloadNextFinished;
}

/* ------------------------------------------------------------------ delegate */

- (void)connection:(NSURLConnection *)connection didReceiveResponse:(NSURLResponse *)response {
    (void)connection;
    [self touch];
    [_download receiveResponse:response];
}

- (void)connection:(NSURLConnection *)connection didReceiveData:(NSData *)data {
    [self touch];
    if (!_attemptOver && ![_download receiveData:data]) {
        [connection cancel];
        [self endAttemptWithError:nil];
    }
}

- (void)connection:(NSURLConnection *)connection didFailWithError:(NSError *)failure {
    (void)connection;
    [self endAttemptWithError:failure];
}

- (void)connectionDidFinishLoading:(NSURLConnection *)connection {
    (void)connection;
    [self endAttemptWithError:nil];
}

- (NSCachedURLResponse *)connection:(NSURLConnection *)connection
                  willCacheResponse:(NSCachedURLResponse *)cachedResponse {
    (void)connection;
    (void)cachedResponse;
    return nil; /* a presigned answer is for this request only */
}

@end
