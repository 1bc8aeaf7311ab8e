/*
 * OPSURLSessionDownloader.h: runs an OPSResumableDownload over NSURLSession
 * download tasks, delegate-based, so it works in a background session.
 * Apple platforms only (blocks, NSURLSession download tasks: GNUstep has
 * neither), built with ARC like the rest of an app. Part of the sample.
 *
 *     NSURLSessionConfiguration *configuration = [NSURLSessionConfiguration
 *         backgroundSessionConfigurationWithIdentifier:@"com.example.app.download.summer"];
 *     OPSResumableDownload *download = [[OPSResumableDownload alloc]
 *         initWithPresigner:presigner bucket:@"examplebucket" key:@"videos/summer.mp4"
 *                   options:nil destination:path];
 *     OPSURLSessionDownloader *downloader =
 *         [[OPSURLSessionDownloader alloc] initWithConfiguration:configuration];
 *     NSProgress *progress = [downloader startDownload:download completion:^(NSError *error) {
 *         // nil: the whole object, CRC-64 checked, is at path
 *     }];
 *     // progress.fractionCompleted to observe, [progress cancel] to stop
 *
 * One downloader, one session, one download: the session is invalidated
 * when the download ends (the session retains its delegate until then).
 */
#ifndef OPS_URL_SESSION_DOWNLOADER_H
#define OPS_URL_SESSION_DOWNLOADER_H

#import "OPSResumableDownload.h"

NS_ASSUME_NONNULL_BEGIN

/** The end of a download, on the session's delegate queue: nil when the
 *  whole object is at the destination, else why not (download.failure). */
typedef void (^OPSDownloadCompletion)(NSError *_Nullable error);

@interface OPSURLSessionDownloader : NSObject <NSURLSessionDownloadDelegate>

/** A downloader on a session made with configuration: a background one
 *  (transfers go on while the app is suspended), or any other. Delegate
 *  calls arrive on a serial queue of the downloader's own. */
- (instancetype)initWithConfiguration:(NSURLSessionConfiguration *)configuration
    NS_DESIGNATED_INITIALIZER;
#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
#endif

/** Starts download (attempt after attempt, by its rules) and returns at
 *  once: the progress counts the object's bytes (saved ones included);
 *  -[NSProgress cancel] stops the download, keeping what it saved. A task
 *  this background session still runs from before a relaunch (the same
 *  destination) is taken over instead of sending a new request. */
- (NSProgress *)startDownload:(OPSResumableDownload *)download
                   completion:(OPSDownloadCompletion)completion;

/** For a background session: the handler UIKit gave
 *  -application:handleEventsForBackgroundURLSession:completionHandler:,
 *  called on the main queue once the session's events are delivered. */
@property (nonatomic, copy, nullable) void (^backgroundEventsCompletionHandler)(void);

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_URL_SESSION_DOWNLOADER_H */
