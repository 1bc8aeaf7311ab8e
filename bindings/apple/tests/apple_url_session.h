/*
 * apple_url_session.h: what OPSURLSessionDownloader.m uses of Apple's API
 * that GNUstep 1.28 does not declare, written as Apple documents it. Only
 * for run.sh's ARC syntax check of that file against GNUstep's headers
 * (clang -fsyntax-only -fobjc-arc -fblocks -include this file).
 */
#import <Foundation/Foundation.h>

#include <stdint.h>

/* libdispatch (<dispatch/dispatch.h>, part of Foundation on Apple). */
typedef uint64_t dispatch_time_t;
typedef struct dispatch_queue_s *dispatch_queue_t;
typedef void (^dispatch_block_t)(void);
#define DISPATCH_TIME_NOW (0ull)
#define NSEC_PER_SEC 1000000000ull
#define QOS_CLASS_UTILITY 0x11
dispatch_time_t dispatch_time(dispatch_time_t when, int64_t delta);
dispatch_queue_t dispatch_get_global_queue(intptr_t identifier, uintptr_t flags);
void dispatch_after(dispatch_time_t when, dispatch_queue_t queue, dispatch_block_t block);

FOUNDATION_EXPORT NSString *const NSURLSessionDownloadTaskResumeData;

@protocol NSURLSessionDownloadDelegate <NSURLSessionTaskDelegate>
- (void)URLSession:(NSURLSession *)session
                 downloadTask:(NSURLSessionDownloadTask *)downloadTask
    didFinishDownloadingToURL:(NSURL *)location;
@optional
- (void)URLSession:(NSURLSession *)session
                 downloadTask:(NSURLSessionDownloadTask *)downloadTask
                 didWriteData:(int64_t)bytesWritten
            totalBytesWritten:(int64_t)totalBytesWritten
    totalBytesExpectedToWrite:(int64_t)totalBytesExpectedToWrite;
- (void)URLSession:(NSURLSession *)session
          downloadTask:(NSURLSessionDownloadTask *)downloadTask
     didResumeAtOffset:(int64_t)fileOffset
    expectedTotalBytes:(int64_t)expectedTotalBytes;
@end

@interface NSURLSession (AppleAPI)
- (NSURLSessionDownloadTask *)downloadTaskWithRequest:(NSURLRequest *)request;
- (NSURLSessionDownloadTask *)downloadTaskWithResumeData:(NSData *)resumeData;
- (void)getAllTasksWithCompletionHandler:(void (^)(NSArray<__kindof NSURLSessionTask *> *tasks))completionHandler;
@end

@interface NSURLSessionConfiguration (AppleAPI)
+ (NSURLSessionConfiguration *)backgroundSessionConfigurationWithIdentifier:(NSString *)identifier;
@end
