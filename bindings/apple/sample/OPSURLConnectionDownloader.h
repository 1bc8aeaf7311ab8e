/*
 * OPSURLConnectionDownloader.h: runs an OPSResumableDownload over
 * NSURLConnection, delegate-based, on the calling thread's run loop. Builds
 * everywhere the wrapper does (Apple platforms, GNUstep: no blocks); on
 * Apple platforms an app uses OPSURLSessionDownloader, which runs the same
 * rules in a background session. Part of the sample.
 */
#ifndef OPS_URL_CONNECTION_DOWNLOADER_H
#define OPS_URL_CONNECTION_DOWNLOADER_H

#import "OPSResumableDownload.h"

NS_ASSUME_NONNULL_BEGIN

@interface OPSURLConnectionDownloader : NSObject {
@private
    OPSResumableDownload *_download;
    NSURLConnection *_connection;
    NSError *_transportError;
    NSDate *_lastActivity;
    BOOL _attemptOver;
}

/** Runs download, attempt after attempt, until the whole object is at its
 *  destination (YES) or it failed (NO, *error = download.failure or why it
 *  could not start). Blocks the calling thread, running its run loop:
 *  never on an app's main thread. A transfer that receives nothing for the
 *  download's stallTimeout is cut here and retried. */
- (BOOL)runDownload:(OPSResumableDownload *)download error:(NSError **)error;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_URL_CONNECTION_DOWNLOADER_H */
