/*
 * OPSURLSessionDownloader.h: OPSDownloader over an NSURLSession download
 * task. Apple platforms only (it needs blocks and NSURLSession download
 * tasks, which GNUstep lacks); built with ARC like the rest of an app.
 */
#ifndef OPS_URL_SESSION_DOWNLOADER_H
#define OPS_URL_SESSION_DOWNLOADER_H

#import "OPSDownloader.h"

NS_ASSUME_NONNULL_BEGIN

/** Completion of -startDownloadOfRequest:toFile:completion:, on the
 *  session's delegate queue: a result, or an error when no HTTP answer came. */
typedef void (^OPSDownloadCompletion)(OPSDownloadResult *_Nullable result,
                                      NSError *_Nullable error);

@interface OPSURLSessionDownloader : NSObject <OPSDownloader> {
@private
    NSURLSession *_session;
}

/** A downloader on an ephemeral session (no cookies, no cache on disk). */
- (instancetype)init;
/** A downloader on the given session. */
- (instancetype)initWithSession:(NSURLSession *)session NS_DESIGNATED_INITIALIZER;

/** Starts the download task and returns at once: what an app calls. */
- (void)startDownloadOfRequest:(OPSPresignedRequest *)request
                        toFile:(NSString *)path
                    completion:(OPSDownloadCompletion)completion;

/** OPSDownloader: starts the task and waits for it. Never on the main
 *  thread of an app. */
- (OPSDownloadResult *_Nullable)downloadRequest:(OPSPresignedRequest *)request
                                         toFile:(NSString *)path
                                          error:(NSError **)error;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_URL_SESSION_DOWNLOADER_H */
