/*
 * OPSURLSessionDownloader.m: NSURLSession download tasks as the transport of
 * an OPSResumableDownload (Apple platforms, ARC).
 *
 * Not built under GNUstep, which has neither blocks in gcc nor NSURLSession
 * download tasks; bindings/apple/tests/run.sh compiles it with clang
 * -fsyntax-only -fobjc-arc -fblocks against Apple's declarations of what
 * GNUstep lacks. Its decisions are OPSResumableDownload's, which the tests
 * run over NSURLConnection against the emulator's network faults.
 *
 * A download task hands over its body as a finished file, so each attempt's
 * bytes reach the partial file when the task ends
 * (-receiveResponse:file:). A task cut short leaves resume data: the task
 * is resumed with it (the system sends Range + If-Range) while its URL is
 * valid; otherwise a new request presigned again asks for the bytes after
 * the saved ones (Range + If-Match). OSS does not document If-Range, so
 * the cut task's answer goes to the download too (-receiveResponse:): a
 * resumed answer of another ETag is discarded, never joined to the bytes
 * of the version cut. A signed Range is never resumed.
 */
#import "OPSURLSessionDownloader.h"

#if !__has_feature(objc_arc)
#error "OPSURLSessionDownloader.m is built with ARC (-fobjc-arc)"
#endif

@implementation OPSURLSessionDownloader {
    NSURLSession *_session;
    NSOperationQueue *_queue;
    OPSResumableDownload *_download;
    OPSDownloadCompletion _completion;
    NSProgress *_progress;
    NSURLSessionDownloadTask *_task;
}

- (instancetype)initWithConfiguration:(NSURLSessionConfiguration *)configuration {
    self = [super init];
    if (self != nil) {
        /* Serial: the download is touched from one queue only. */
        _queue = [[NSOperationQueue alloc] init];
        [_queue setMaxConcurrentOperationCount:1];
        _session = [NSURLSession sessionWithConfiguration:configuration delegate:self delegateQueue:_queue];
    }
    return self;
}

- (NSProgress *)startDownload:(OPSResumableDownload *)download completion:(OPSDownloadCompletion)completion {
    NSProgress *progress = [NSProgress progressWithTotalUnitCount:-1];
    __weak OPSURLSessionDownloader *weakSelf = self;
    [progress setCancellationHandler:^{
      [weakSelf cancel];
    }];
    [_queue addOperationWithBlock:^{
      NSError *error = nil;
      self->_download = download;
      self->_completion = [completion copy];
      self->_progress = progress;
      if (![download openWithError:&error]) {
          [self endWithError:error];
          return;
      }
      [progress setCompletedUnitCount:(int64_t)[[download partialFile] size]];
      /* After a relaunch, a background session may still run our task. */
      [self->_session getAllTasksWithCompletionHandler:^(NSArray<NSURLSessionTask *> *tasks) {
        [self->_queue addOperationWithBlock:^{
          [self adoptOrSendFrom:tasks];
        }];
      }];
    }];
    return progress;
}

- (void)adoptOrSendFrom:(NSArray<NSURLSessionTask *> *)tasks {
    NSString *destination = [[_download partialFile] destination];
    for (NSURLSessionTask *task in tasks) {
        if ([task isKindOfClass:[NSURLSessionDownloadTask class]] &&
            [[task taskDescription] isEqualToString:destination]) {
            _task = (NSURLSessionDownloadTask *)task;
            [_download prepareAdoptedAttempt];
            [_task resume];
            return;
        }
    }
    [self sendNextRequest];
}

- (void)sendNextRequest {
    NSError *error = nil;
    NSURLRequest *request = [_download nextRequestWithError:&error];
    if (request == nil) {
        [self endWithError:error];
        return;
    }
    [self run:[_session downloadTaskWithRequest:request]];
}

- (void)run:(NSURLSessionDownloadTask *)task {
    /* The destination names the task, to find it again after a relaunch. */
    [task setTaskDescription:[[_download partialFile] destination]];
    _task = task;
    [task resume];
}

- (void)cancel {
    [_queue addOperationWithBlock:^{
      [self->_download cancel];
      [self->_task cancel];
    }];
}

- (void)endWithError:(NSError *)error {
    OPSDownloadCompletion completion = _completion;
    [_download close];
    if (error == nil) {
        [_progress setTotalUnitCount:(int64_t)[[_download partialFile] size]];
        [_progress setCompletedUnitCount:(int64_t)[[_download partialFile] size]];
    }
    _completion = nil;
    _download = nil;
    _task = nil;
    /* The session retains this delegate until it is invalidated. */
    [_session finishTasksAndInvalidate];
    if (completion != nil) {
        completion(error);
    }
}

/* ------------------------------------------------------------------ delegate */

- (void)URLSession:(NSURLSession *)session
                 downloadTask:(NSURLSessionDownloadTask *)downloadTask
                 didWriteData:(int64_t)bytesWritten
            totalBytesWritten:(int64_t)totalBytesWritten
    totalBytesExpectedToWrite:(int64_t)totalBytesExpectedToWrite {
    int64_t saved = (int64_t)[[_download partialFile] size];
    (void)session;
    (void)downloadTask;
    (void)bytesWritten;
    if (totalBytesExpectedToWrite > 0) {
        [_progress setTotalUnitCount:saved + totalBytesExpectedToWrite];
    }
    [_progress setCompletedUnitCount:saved + totalBytesWritten];
}

- (void)URLSession:(NSURLSession *)session
                 downloadTask:(NSURLSessionDownloadTask *)downloadTask
    didFinishDownloadingToURL:(NSURL *)location {
    (void)session;
    /* The file at location is deleted when this returns: moved here. */
    [_download receiveResponse:[downloadTask response] file:[location path]];
}

- (void)URLSession:(NSURLSession *)session task:(NSURLSessionTask *)task didCompleteWithError:(NSError *)error {
    NSData *resumeData = [[error userInfo] objectForKey:NSURLSessionDownloadTaskResumeData];
    NSTimeInterval delay;
    (void)session;
    if (task != _task) {
        return; /* a task of an earlier process that was not taken over */
    }
    if (error != nil && [task response] != nil) {
        /* Cut short: its answer's headers, by which a transfer resumed with
         * its resume data is judged. */
        [_download receiveResponse:[task response]];
    }
    switch ([_download finishAttemptWithError:error]) {
    case OPSDownloadNextFinished:
        [self endWithError:nil];
        return;
    case OPSDownloadNextFailed:
        [self endWithError:[_download failure]];
        return;
    case OPSDownloadNextAttempt:
        break;
    }
    delay = [_download retryDelay];
    dispatch_after(dispatch_time(DISPATCH_TIME_NOW, (int64_t)(delay * NSEC_PER_SEC)),
                   dispatch_get_global_queue(QOS_CLASS_UTILITY, 0), ^{
                     [self->_queue addOperationWithBlock:^{
                       if (resumeData != nil && [self->_download prepareResumeDataAttempt]) {
                           [self run:[self->_session downloadTaskWithResumeData:resumeData]];
                       } else {
                           [self sendNextRequest];
                       }
                     }];
                   });
}

- (void)URLSessionDidFinishEventsForBackgroundURLSession:(NSURLSession *)session {
    void (^handler)(void) = [self backgroundEventsCompletionHandler];
    (void)session;
    [self setBackgroundEventsCompletionHandler:nil];
    if (handler != nil) {
        [[NSOperationQueue mainQueue] addOperationWithBlock:handler];
    }
}

@end
