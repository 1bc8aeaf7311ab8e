/*
 * OPSDownloader.h: how the sample downloads a presigned GET, and how it
 * closes the clock-skew loop. Part of the sample, not of the wrapper.
 *
 * Two downloaders: OPSURLSessionDownloader (NSURLSession download task;
 * what an iOS app uses) and OPSURLConnectionDownloader (NSURLConnection;
 * what runs under GNUstep, which has no NSURLSession download tasks). The
 * interface is synchronous and block-free so that both compile everywhere
 * the wrapper does; call it off the main thread. OPSObjectDownloader
 * presigns and downloads with either, correcting a wrong device clock.
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
    OPSServiceError *_serviceError;
    NSDate *_serverDate;
    BOOL _clockCorrected;
}
/** statusCode and byteCount as answered; the error body (any status but
 *  2xx) is parsed into serviceError; serverDate is the body's ServerTime,
 *  else the Date header (dateHeader, nil when absent). */
+ (instancetype)resultWithStatusCode:(NSInteger)statusCode
                           byteCount:(unsigned long long)byteCount
                           errorBody:(NSData *_Nullable)errorBody
                          dateHeader:(NSString *_Nullable)dateHeader;
- (instancetype)initWithStatusCode:(NSInteger)statusCode
                         byteCount:(unsigned long long)byteCount
                      serviceError:(OPSServiceError *_Nullable)serviceError
                        serverDate:(NSDate *_Nullable)serverDate
                    clockCorrected:(BOOL)clockCorrected NS_DESIGNATED_INITIALIZER;
#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
#endif
/** The HTTP status, e.g. 200, 403, 404. */
@property (nonatomic, readonly) NSInteger statusCode;
/** Bytes written to the file (2xx), or the size of the error body. */
@property (nonatomic, readonly) unsigned long long byteCount;
/** OSS's XML error body; nil on success or without such a body. */
@property (nonatomic, readonly, retain) OPSServiceError *_Nullable serviceError;
/** OSS's <Code> (e.g. @"SignatureDoesNotMatch", @"AccessDenied",
 *  @"NoSuchKey"); nil on success or without an error body. */
@property (nonatomic, readonly, copy) NSString *_Nullable ossErrorCode;
/** OSS's <Message>; nil when absent. */
@property (nonatomic, readonly, copy) NSString *_Nullable ossErrorMessage;
/** The server's clock when it answered: ServerTime of the error body, else
 *  the Date header; nil when neither is there. */
@property (nonatomic, readonly, copy) NSDate *_Nullable serverDate;
/** YES when OPSObjectDownloader corrected the presigner's clock from the
 *  first answer and this is the answer to the retry. */
@property (nonatomic, readonly) BOOL clockCorrected;
@end

@protocol OPSDownloader <NSObject>
/** GETs the presigned request, sending every header it requires. A 2xx body
 *  goes to path (replacing a file there); an error body is parsed into the
 *  result's serviceError. Returns nil only when no HTTP answer came (*error
 *  then says why); an HTTP error status is a result, not a failure. */
- (OPSDownloadResult *_Nullable)downloadRequest:(OPSPresignedRequest *)request
                                         toFile:(NSString *)path
                                          error:(NSError **)error;
@end

/** Presigns and downloads objects, closing the clock-skew loop: when OSS
 *  refuses a URL for its time although the presigner's clock said it was
 *  valid (OPSServerDateForClockSkew), it feeds the server's time to the
 *  presigner, presigns again once and retries. Later downloads with the
 *  same presigner then succeed at the first attempt. */
@interface OPSObjectDownloader : NSObject {
@private
    OPSPresigner *_presigner;
    id<OPSDownloader> _downloader;
}
- (instancetype)initWithPresigner:(OPSPresigner *)presigner
                       downloader:(id<OPSDownloader>)downloader NS_DESIGNATED_INITIALIZER;
#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
#endif
/** Presigns bucket/key with options and downloads it to path. nil when the
 *  presign failed or no HTTP answer came (*error says which). */
- (OPSDownloadResult *_Nullable)downloadObjectWithBucket:(NSString *)bucket
                                                     key:(NSString *)key
                                                 options:(OPSGetOptions *_Nullable)options
                                                  toFile:(NSString *)path
                                                   error:(NSError **)error;
@end

/** The server time to correct the presigner's clock with, when result shows
 *  that a wrong device clock, not the URL, is at fault: a 403
 *  RequestTimeTooSkewed; or a 403 AccessDenied "Request has expired." for a
 *  request that had not expired at sentAt (the presigner's clock when it
 *  was sent), or "Request is not valid yet." for one already valid at sentAt
 *  (OSS accepts an x-oss-date up to 15 minutes ahead). The body's
 *  ServerTime, else the Date header. nil otherwise. */
FOUNDATION_EXPORT NSDate *_Nullable OPSServerDateForClockSkew(OPSDownloadResult *result,
                                                              OPSPresignedRequest *request,
                                                              NSDate *sentAt);

/** An NSMutableURLRequest for the presigned GET: its URL, its method and
 *  every header it must send. */
FOUNDATION_EXPORT NSMutableURLRequest *OPSURLRequestForPresignedRequest(OPSPresignedRequest *request);

/** The value of header name (any case) in an HTTP response; nil if absent. */
FOUNDATION_EXPORT NSString *_Nullable OPSHeaderValue(NSHTTPURLResponse *response, NSString *name);

NS_ASSUME_NONNULL_END

#endif /* OPS_DOWNLOADER_H */
