/*
 * OPSDownloader.h: how the sample downloads a presigned GET. Part of the
 * sample, not of the wrapper.
 *
 * Two implementations: OPSURLSessionDownloader (NSURLSession download task;
 * what an iOS app uses) and OPSURLConnectionDownloader (NSURLConnection;
 * what runs under GNUstep, which has no NSURLSession download tasks). The
 * interface is synchronous and block-free so that both compile everywhere
 * the wrapper does; call it off the main thread.
 */
#ifndef OPS_DOWNLOADER_H
#define OPS_DOWNLOADER_H

#import "OPSPresigner.h"

NS_ASSUME_NONNULL_BEGIN

/** What a GET answered. */
@interface OPSDownloadResult : NSObject {
@private
    NSInteger _statusCode;
    unsigned long long _byteCount;
    NSString *_ossErrorCode;
    NSString *_ossErrorMessage;
}
- (instancetype)initWithStatusCode:(NSInteger)statusCode
                         byteCount:(unsigned long long)byteCount
                      ossErrorCode:(NSString *_Nullable)ossErrorCode
                   ossErrorMessage:(NSString *_Nullable)ossErrorMessage NS_DESIGNATED_INITIALIZER;
#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
#endif
/** The HTTP status, e.g. 200, 403, 404. */
@property (nonatomic, readonly) NSInteger statusCode;
/** Bytes written to the file (2xx), or the size of the error body. */
@property (nonatomic, readonly) unsigned long long byteCount;
/** OSS's <Code> from the XML error body (e.g. @"SignatureDoesNotMatch",
 *  @"AccessDenied", @"NoSuchKey"); nil on success or without such a body. */
@property (nonatomic, readonly, copy) NSString *_Nullable ossErrorCode;
/** OSS's <Message>; nil when absent. */
@property (nonatomic, readonly, copy) NSString *_Nullable ossErrorMessage;
@end

@protocol OPSDownloader <NSObject>
/** GETs the presigned request, sending every header it requires. A 2xx body
 *  goes to path (replacing a file there); an error body is parsed for OSS's
 *  Code and Message. Returns nil only when no HTTP answer came (*error then
 *  says why); an HTTP error status is a result, not a failure. */
- (OPSDownloadResult *_Nullable)downloadRequest:(OPSPresignedRequest *)request
                                         toFile:(NSString *)path
                                          error:(NSError **)error;
@end

/** An NSMutableURLRequest for the presigned GET: its URL, its method and
 *  every header it must send. */
FOUNDATION_EXPORT NSMutableURLRequest *OPSURLRequestForPresignedRequest(OPSPresignedRequest *request);

/** Parses an OSS XML error body (<Error><Code>..</Code><Message>..</Message>
 *  ...</Error>). Sets *code and *message (autoreleased, nil when absent). */
FOUNDATION_EXPORT void OPSParseOSSError(NSData *_Nullable body, NSString *_Nullable *_Nonnull code,
                                        NSString *_Nullable *_Nonnull message);

NS_ASSUME_NONNULL_END

#endif /* OPS_DOWNLOADER_H */
