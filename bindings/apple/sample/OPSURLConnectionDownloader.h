/*
 * OPSURLConnectionDownloader.h: OPSDownloader over NSURLConnection's
 * synchronous request. Builds everywhere (Apple platforms, GNUstep); on
 * Apple platforms prefer OPSURLSessionDownloader.
 */
#ifndef OPS_URL_CONNECTION_DOWNLOADER_H
#define OPS_URL_CONNECTION_DOWNLOADER_H

#import "OPSDownloader.h"

NS_ASSUME_NONNULL_BEGIN

@interface OPSURLConnectionDownloader : NSObject <OPSDownloader> {
@private
    NSString *_connectAuthority;
}

/** Connects to the URL's own host. */
- (instancetype)init;

/** Connects to connectAuthority (e.g. @"127.0.0.1:8080") instead of the
 *  URL's host, and sends the URL's host[:port] in the Host header, with
 *  path and query unchanged: for test servers whose virtual-hosted names
 *  (bucket.localhost) do not resolve. */
- (instancetype)initWithConnectAuthority:(NSString *_Nullable)connectAuthority
    NS_DESIGNATED_INITIALIZER;

/** GETs URLString sending exactly headers (name -> value): the primitive
 *  under -downloadRequest:toFile:error:, for URLs held as text. */
- (OPSDownloadResult *_Nullable)downloadURLString:(NSString *)URLString
                                          headers:(NSDictionary *_Nullable)headers
                                           toFile:(NSString *)path
                                            error:(NSError **)error;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_URL_CONNECTION_DOWNLOADER_H */
