/*
 * OPSResumableDownload.h: the rules of a download that survives a phone's
 * network, apart from any HTTP stack. Part of the sample, not of the
 * wrapper.
 *
 * One object, one presigned GET, one destination file. A transport sends
 * -nextRequestWithError:, hands every answer back (-receiveResponse: and
 * -receiveData: as bytes arrive, or -receiveResponse:file: when its stack
 * delivers a finished file) and asks -finishAttemptWithError: what comes
 * next. Two transports use it: OPSURLConnectionDownloader (NSURLConnection:
 * Apple platforms and GNUstep, where the tests run it against the loopback
 * emulator's network faults) and OPSURLSessionDownloader (NSURLSession
 * download tasks, background sessions included: Apple platforms only). So
 * the rules the tests prove are the rules the NSURLSession downloader runs.
 *
 * The rules are those of the C sample (docs/c-sample.md):
 * - bytes wait in DESTINATION.part with their version's ETag beside them
 *   (OPSPartialFile); DESTINATION appears only whole;
 * - a transfer cut short, stalled or answered 5xx is retried (maxRetries,
 *   backoff 0.5 s doubling to 8 s) from the saved bytes, with
 *   `Range: bytes=N-` and `If-Match: <ETag>`; a run after a kill resumes
 *   the same way;
 * - 412, or an answer of another ETag, discards the saved bytes and
 *   downloads the current object whole: a file never mixes two versions;
 * - a URL expired by the presigner's clock (corrected by OSS's answers) is
 *   presigned again before it is sent;
 * - a 403 for the request's time (Code RequestTimeTooSkewed, or
 *   AccessDenied with EC 0002-00000069 / 0002-00000236 / 0002-00000235, or
 *   Expires before ServerTime: never the English message) is answered by
 *   presigning again and retrying once, after setting the presigner's clock
 *   from ServerTime or the Date header when the answer carries a date the
 *   presigner accepts;
 * - when OSS sends x-oss-hash-crc64ecma, the file's CRC-64 must equal it
 *   (OPSCRC64); a mismatch downloads once more from zero, then fails;
 * - a Range the options sign (one byte range: OPSParseByteRange) is exactly
 *   what the destination gets: a 206 of that range, or a 200 when the range
 *   covers the whole object; it is never resumed (a cut asks for it again
 *   from its start, with If-Match on the version first seen), and CRC-64 is
 *   checked only when the answer is the whole object;
 * - an If-Match the options sign is the caller's: none is added beside it,
 *   and a 412 to it is a refusal, not a new version;
 * - a transfer the transport resumed with its own resume data (NSURLSession,
 *   which relies on If-Range, a condition OSS does not document) must
 *   answer with the ETag of the transfer it continues, or it is discarded.
 *
 * Not thread-safe: one transport drives it from one thread or serial queue.
 */
#ifndef OPS_RESUMABLE_DOWNLOAD_H
#define OPS_RESUMABLE_DOWNLOAD_H

#import "OPSByteRange.h"
#import "OPSCompat.h"
#import "OPSPartialFile.h"
#import "OPSPresigner.h"

NS_ASSUME_NONNULL_BEGIN

/** What a transport does after an attempt. */
typedef NS_ENUM(NSInteger, OPSDownloadNext) {
    /** Wait retryDelay seconds, then send -nextRequestWithError: (or resume
     *  the cut transfer: -prepareResumeDataAttempt). */
    OPSDownloadNextAttempt = 0,
    /** The whole object is at the destination. */
    OPSDownloadNextFinished = 1,
    /** failure says why; bytes worth resuming stay in the partial file. */
    OPSDownloadNextFailed = 2,
};

@class OPSResumableDownload;

@protocol OPSResumableDownloadObserver <NSObject>
/** What the download decided and why, as one line of text for a log: e.g.
 *  "transfer cut short at byte 1048576 of 3145728". Never a URL (it is a
 *  bearer credential) nor a secret. */
- (void)resumableDownload:(OPSResumableDownload *)download note:(NSString *)note;
@end

/** YES when OSS refused a request for its time (expired, not valid yet,
 *  clock skew), judged by status 403 and the body's Code, EC, Expires and
 *  ServerTime, or, for an answer without a body (a HEAD's), the EC of its
 *  x-oss-ec header (ecHeader); never by the English message. */
FOUNDATION_EXPORT BOOL OPSIsTimeRefusal(NSInteger statusCode, OPSServiceError *_Nullable refusal,
                                        NSString *_Nullable ecHeader);

/** The server's time such a refusal carries: ServerTime, else the Date
 *  header. nil when the refusal is about something else or carries no
 *  readable time. */
FOUNDATION_EXPORT NSDate *_Nullable OPSServerDateForTimeRefusal(NSInteger statusCode,
                                                                OPSServiceError *_Nullable refusal,
                                                                NSString *_Nullable ecHeader,
                                                                NSString *_Nullable dateHeader);


/** The value of header name (any case) of an HTTP response; nil if absent. */
FOUNDATION_EXPORT NSString *_Nullable OPSHeaderValue(NSHTTPURLResponse *_Nullable response,
                                                     NSString *name);

@interface OPSResumableDownload : NSObject {
@private
    OPSPresigner *_presigner;
    NSString *_bucket;
    NSString *_key;
    OPSGetOptions *_options;
    OPSPartialFile *_part;
    OPSPresignedRequest *_request;
    OPS_UNRETAINED id<OPSResumableDownloadObserver> _observer;
    NSUInteger _maxRetries;
    NSUInteger _retries;
    NSTimeInterval _stallTimeout;
    NSTimeInterval _backoff;
    NSTimeInterval _retryDelay;
    BOOL _clockRetried;
    BOOL _crcRetried;
    BOOL _crcChecked;
    OPSByteRange _range;    /* the options' signed Range: never resumed */
    BOOL _signedIfMatch;    /* the options' If-Match: no second one */
    BOOL _cancelled;
    BOOL _lastAttemptCut;
    BOOL _cutSentIfMatch;
    NSString *_cutETag;     /* of the answer whose bytes the transport's resume data holds */
    NSError *_failure;
    NSString *_contentRange;
    unsigned long long _bytesTransferred;
    /* The attempt under way. */
    NSInteger _statusCode;
    NSHTTPURLResponse *_response;
    BOOL _sentRange;
    BOOL _sentIfMatch;
    BOOL _started;
    BOOL _otherVersion;
    BOOL _notTheRange;
    BOOL _wholeAnswer;
    NSString *_resumedETag; /* set for an attempt resumed with resume data */
    long long _total;
    long long _expectedLength;
    unsigned long long _transferredBefore;
    NSMutableData *_errorBody;
    NSError *_writeError;
}

/** A download of bucket/key, presigned by presigner with options (copied
 *  now; nil for the defaults), to the file destination. */
- (instancetype)initWithPresigner:(OPSPresigner *)presigner
                           bucket:(NSString *)bucket
                              key:(NSString *)key
                          options:(OPSGetOptions *_Nullable)options
                      destination:(NSString *)destination NS_DESIGNATED_INITIALIZER;
#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
#endif

/** Takes the partial file (saved bytes of an earlier run are kept). NO
 *  with OPSDownloadErrorBusy when another download writes it; YES at once
 *  when already open. */
- (BOOL)openWithError:(NSError **)error;
/** Lets the partial file go (call it once done, or abandoned). */
- (void)close;

/** The request of the next attempt: presigned (again, if the URL expired
 *  by the presigner's clock), with Range and If-Match when saved bytes
 *  continue, timeoutInterval = stallTimeout. nil when presigning fails, or
 *  (NSURLErrorCancelled) after -cancel. */
- (NSURLRequest *_Nullable)nextRequestWithError:(NSError **)error;
/** YES when the transfer just cut short may go on with the transport's
 *  own resume data (NSURLSession): its answer (given to -receiveResponse:)
 *  was a 2xx with an ETag, which the resumed answer must carry too; no
 *  Range is signed; and its URL is still valid by the presigner's clock.
 *  The attempt then begins. */
- (BOOL)prepareResumeDataAttempt;
/** A transfer sent earlier (a background session's task found after a
 *  relaunch) goes on as this attempt. */
- (void)prepareAdoptedAttempt;

/** The answer's status line and headers; also those of a transfer cut
 *  short before a transport that delivers whole files (NSURLSession) got
 *  its body, so a resumed transfer can be judged. */
- (void)receiveResponse:(NSURLResponse *)response;
/** Body bytes as they arrive. NO: stop the transfer (another version of
 *  the object, or the file cannot be written), then finish the attempt. */
- (BOOL)receiveData:(NSData *)data;
/** A whole answer at once: its response and its body in the file at path
 *  (an NSURLSession download task's; moved or copied before returning).
 *  The body continues the saved bytes or replaces them, judged by sizes,
 *  so a transfer the transport resumed on its own (resume data, after a
 *  relaunch) is judged the same. */
- (void)receiveResponse:(NSURLResponse *)response file:(NSString *)path;
/** Ends the attempt (transportError: the stack's error, nil when the
 *  answer ended cleanly) and says what comes next. */
- (OPSDownloadNext)finishAttemptWithError:(NSError *_Nullable)transportError;
/** The app gave up: the attempt under way ends with a failure. */
- (void)cancel;

@property (nonatomic, assign) id<OPSResumableDownloadObserver> _Nullable observer;
/** Retries after a cut transfer or a new version, in all (default 5). */
@property (nonatomic, assign) NSUInteger maxRetries;
/** A transfer receiving nothing this long counts as cut (default 30 s). */
@property (nonatomic, assign) NSTimeInterval stallTimeout;
/** After OPSDownloadNextAttempt: seconds to wait before it. */
@property (nonatomic, readonly) NSTimeInterval retryDelay;
/** After OPSDownloadNextFailed: why. An OSS refusal is an
 *  OPSServiceErrorDomain error (code = HTTP status); otherwise
 *  OPSDownloadErrorDomain, OPSErrorDomain (presigning) or NSURLErrorDomain. */
@property (nonatomic, readonly, retain) NSError *_Nullable failure;
/** The saved bytes and their version. */
@property (nonatomic, readonly, retain) OPSPartialFile *partialFile;
/** Body bytes received by every attempt so far. */
@property (nonatomic, readonly) unsigned long long bytesTransferred;
/** The destination's size once an answer said it (the object's, or the
 *  signed range's); -1 before. */
@property (nonatomic, readonly) long long expectedLength;
/** The HTTP status of the last answer (0: none). */
@property (nonatomic, readonly) NSInteger statusCode;
/** YES once finished when the file's CRC-64 was checked against OSS's. */
@property (nonatomic, readonly) BOOL crcChecked;
/** Once finished with a signed range that is part of the object: the
 *  answer's Content-Range ("bytes 0-99/3145728"), which no CRC-64 checks
 *  (OSS's is the whole object's); nil when the file is the whole object. */
@property (nonatomic, readonly, copy) NSString *_Nullable contentRange;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_RESUMABLE_DOWNLOAD_H */
