/*
 * OPSPresigner.h: Alibaba Cloud OSS V4 presigned GET (and HEAD) URLs for Objective-C
 * and Swift. The umbrella header of the wrapper: import this one.
 *
 *     NSError *error = nil;
 *     OPSPresigner *presigner =
 *         [[OPSPresigner alloc] initWithEndpoint:@"oss-cn-hangzhou.aliyuncs.com"
 *                                         region:@"cn-hangzhou"
 *                                    accessKeyId:keyId
 *                                accessKeySecret:keySecret
 *                                  securityToken:nil
 *                                          error:&error];
 *     OPSPresignedRequest *request =
 *         [presigner presignGetWithBucket:@"examplebucket" key:@"photos/a b.jpg"
 *                                 options:nil error:&error];
 *
 * Rules for every method: nil or NO only on failure, and *error is set only
 * then (error may be NULL); never an exception. Strings go to the library as
 * exact UTF-8: an NSString holding U+0000 (OPSErrorEmbeddedNul) or an
 * unpaired UTF-16 surrogate (OPSErrorInvalidUTF8) is refused, never cut.
 */
#ifndef OPS_PRESIGNER_H
#define OPS_PRESIGNER_H

#import "OPSCRC64.h"
#import "OPSDefines.h"
#import "OPSErrors.h"
#import "OPSGetOptions.h"
#import "OPSKeyLint.h"
#import "OPSPresignedRequest.h"
#import "OPSPresignedURLResult.h"
#import "OPSPresignerConfiguration.h"
#import "OPSServiceError.h"
#import "OPSSigningKey.h"
#import "OPSURLInfo.h"

NS_ASSUME_NONNULL_BEGIN

/**
 * Presigns GETs (and HEADs) for one endpoint, region and set of credentials
 * (over oss_client).
 *
 * Thread-safe: one instance may be shared by any number of threads and
 * dispatch queues, presigning at once, with no lock on the presign path.
 * Its signing state (credentials or day key) and its clock correction may
 * be replaced from any thread while others presign: each presign signs
 * wholly with the old state or wholly with the new one, and is never
 * blocked by the change. (Sendable in Swift.)
 */
NS_SWIFT_SENDABLE
@interface OPSPresigner : NSObject
#if OPS_IVARS_IN_HEADERS
{
    OPS_PRESIGNER_IVARS
}
#endif

/** A presigner with default addressing (virtual-hosted; path style for IP
 *  endpoints). endpoint: [http://|https://]host[:port], https by default;
 *  region: e.g. @"cn-hangzhou"; securityToken: the STS token, or nil for
 *  long-term keys. All strings are copied. */
- (instancetype _Nullable)initWithEndpoint:(NSString *)endpoint
                                    region:(NSString *)region
                               accessKeyId:(NSString *)accessKeyId
                           accessKeySecret:(NSString *)accessKeySecret
                             securityToken:(NSString *_Nullable)securityToken
                                     error:(NSError **)error NS_DESIGNATED_INITIALIZER
    NS_SWIFT_NAME(init(endpoint:region:accessKeyId:accessKeySecret:securityToken:));

/** A presigner from a configuration (path style, custom domain, CloudBox,
 *  environment credentials). The configuration is copied: changing it later
 *  does not change this presigner. */
- (instancetype _Nullable)initWithConfiguration:(OPSPresignerConfiguration *)configuration
                                          error:(NSError **)error NS_DESIGNATED_INITIALIZER
    NS_SWIFT_NAME(init(configuration:));

#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
+ (instancetype)new OPS_UNAVAILABLE;
#endif

/** Presigns a GET of key in bucket and returns the URL text, to be sent
 *  unchanged. options nil: the defaults (900 s, signed now). If the options
 *  add headers, use -presignGetWithBucket:key:options:error: to learn them. */
- (NSString *_Nullable)presignGetURLStringWithBucket:(NSString *)bucket
                                                 key:(NSString *)key
                                             options:(OPSGetOptions *_Nullable)options
                                               error:(NSError **)error
    NS_SWIFT_NAME(presignGetURLString(bucket:key:options:));

/** Presigns a GET of key in bucket: the URL plus the headers the GET must
 *  send, the signing time and the expiration. */
- (OPSPresignedRequest *_Nullable)presignGetWithBucket:(NSString *)bucket
                                                   key:(NSString *)key
                                               options:(OPSGetOptions *_Nullable)options
                                                 error:(NSError **)error
    NS_SWIFT_NAME(presignGet(bucket:key:options:));

/** Presigns a HEAD of key in bucket and returns the URL text: it reads the
 *  object's headers (Content-Length, ETag, x-oss-hash-crc64ecma...)
 *  without its body, e.g. the size and version before a download. The
 *  method is signed: send it as a HEAD (OSS refuses it as a GET), with the
 *  headers the options add (-presignHeadWithBucket:key:options:error: lists
 *  them). The options, defaults and errors are those of a GET. */
- (NSString *_Nullable)presignHeadURLStringWithBucket:(NSString *)bucket
                                                  key:(NSString *)key
                                              options:(OPSGetOptions *_Nullable)options
                                                error:(NSError **)error
    NS_SWIFT_NAME(presignHeadURLString(bucket:key:options:));

/** Presigns a HEAD of key in bucket: the URL, HTTPMethod @"HEAD", the
 *  headers the HEAD must send, the signing time and the expiration;
 *  -URLRequest is the HEAD to hand to NSURLSession. */
- (OPSPresignedRequest *_Nullable)presignHeadWithBucket:(NSString *)bucket
                                                    key:(NSString *)key
                                                options:(OPSGetOptions *_Nullable)options
                                                  error:(NSError **)error
    NS_SWIFT_NAME(presignHead(bucket:key:options:));

/** Presigns a GET of each key of bucket in one call (a gallery page, a
 *  feed; at most 1000 keys): one signing time, one snapshot of the signing
 *  state (even while another thread replaces it) and one key derivation for
 *  all, so each URL costs less than a single presign. Returns one result
 *  per key, in order: its URL, or the error that refused that key alone (an
 *  invalid key, a string holding U+0000 or a lone surrogate, an entry that
 *  is not an NSString). Fails as a whole (nil) for a bad bucket or options,
 *  keys nil or over 1000 entries. Like -presignGetURLStringWithBucket:..., it
 *  returns URLs only: headers the options add must be sent with each. */
- (OPS_ARRAY(OPSPresignedURLResult *) *_Nullable)presignGetURLStringsWithBucket:(NSString *)bucket
                                                                           keys:(OPS_ARRAY(NSString *) *)keys
                                                                        options:(OPSGetOptions *_Nullable)options
                                                                          error:(NSError **)error
    NS_SWIFT_NAME(presignGetURLStrings(bucket:keys:options:));

/* ---- reading URLs back */

/** Reads a presigned URL made for this presigner's endpoint and addressing
 *  style, without a request and without checking the signature: bucket,
 *  key, signing and expiration dates, key id, region, listed headers.
 *  OPSErrorMalformedURL when it is not a presigned V4 GET URL of this
 *  presigner's scheme, host and path layout; OPSErrorLimitExceeded, before
 *  reading it, when it is longer than OSS_MAX_URL_BYTES (the longest URL
 *  the library writes). */
- (OPSURLInfo *_Nullable)inspectURLString:(NSString *)URLString error:(NSError **)error
    NS_SWIFT_NAME(inspect(urlString:));

/** Verifies a presigned URL at date as OSS would, for a GET that sends
 *  headers (name -> value, names in any case; nil for none): it must fit
 *  this presigner's endpoint and addressing, be valid at date (signing time
 *  - 900 s <= date <= expiration) and carry the signature this presigner's
 *  current credentials give it. YES when valid; otherwise NO with
 *  OPSErrorSignatureMismatch, OPSErrorURLExpired, OPSErrorURLNotYetValid,
 *  OPSErrorMalformedURL (also any custom-domain URL, which does not name
 *  its bucket), OPSErrorSigningKeyOutOfScope (a day key of another day) or
 *  OPSErrorLimitExceeded (a URL longer than OSS_MAX_URL_BYTES).
 *  Headers OSS does not sign are ignored. On a device whose clock may be
 *  wrong, pass the presigner's corrected time:
 *  [NSDate dateWithTimeIntervalSinceNow:presigner.clockOffset]. */
- (BOOL)verifyURLString:(NSString *)URLString
                headers:(OPS_STRING_DICTIONARY *_Nullable)headers
                   date:(NSDate *)date
                  error:(NSError **)error NS_SWIFT_NAME(verify(urlString:headers:date:));

/** What in key tends to hurt users elsewhere (listings, folder views,
 *  Windows file names, copying by hand), as a report whose findings are 0
 *  when nothing. For code that chooses new keys; presigning accepts every
 *  such key. nil only for a key that is no text (nil, U+0000, a lone
 *  surrogate). Swift: let report = try OPSPresigner.lintKey(key). */
+ (OPSKeyLintReport *_Nullable)lintKey:(NSString *)key error:(NSError **)error
    NS_SWIFT_NAME(lintKey(_:));

/** The findings of +lintKey:error: into *findings (when not NULL); NO only
 *  where that returns nil. Kept for existing callers. */
+ (BOOL)lintKey:(NSString *)key findings:(OPSKeyLint *_Nullable)findings error:(NSError **)error
    NS_SWIFT_NAME(lintKey(_:findings:));

/* ---- the server's clock */

/** Tells the presigner the server's current time: from an HTTP Date header
 *  (+dateFromHTTPDateString:error:) or the serverDate of an
 *  OPSServiceError. Every later presign without an explicit signing time
 *  signs with that time, carried forward by the clock that counts time
 *  since boot, sleep included (clock_gettime(CLOCK_MONOTONIC) on Apple
 *  platforms): the device's wall clock is no longer read for signing, so a
 *  wrong one, or one the user changes afterwards, does not move the URLs'
 *  time, and neither does a phone asleep in a pocket.
 *
 *  The time is not authenticated: take it only from an answer of your own
 *  endpoint over HTTPS, never from a cached response (NSURLCache, a proxy).
 *  Whole seconds (rounded down); 2026-01-01 to 2099-12-31 UTC, the years a
 *  genuine OSS answer can carry, else OPSErrorInvalidSigningTime and the
 *  correction stays as it was. */
- (BOOL)setServerDate:(NSDate *)serverDate error:(NSError **)error NS_SWIFT_NAME(setServerDate(_:));

/** The clock correction in whole seconds (rounded toward zero): corrected
 *  time minus the device's wall clock, now. 0 before any -setServerDate:error:. */
@property (nonatomic, readonly) NSTimeInterval clockOffset;

/** Parses an HTTP date (RFC 9110: "Tue, 02 Jan 2024 03:04:05 GMT", the
 *  obsolete RFC 850 and asctime forms too), e.g. the Date header of any
 *  answer, for -setServerDate:error:. OPSErrorInvalidTime when it is not
 *  one (or before 1970). */
+ (NSDate *_Nullable)dateFromHTTPDateString:(NSString *)string error:(NSError **)error
    NS_SWIFT_NAME(date(httpDate:));

/* ---- live signing state */

/** Replaces the credentials of this live presigner (key id, secret, STS
 *  token or nil, and their expiration or nil for none) as one atomic change,
 *  while other threads go on presigning: typically a fresh STS token before
 *  the old one expires. On failure the presigner keeps what it had. Also
 *  replaces a day key set with -setSigningKey:accessKeyId:securityToken:error:.
 *  With an expiration, presigns obey -[OPSGetOptions setClampToCredentials:error:]. */
- (BOOL)setCredentialsWithAccessKeyId:(NSString *)accessKeyId
                      accessKeySecret:(NSString *)accessKeySecret
                        securityToken:(NSString *_Nullable)securityToken
                       expirationDate:(NSDate *_Nullable)expirationDate
                                error:(NSError **)error
    NS_SWIFT_NAME(setCredentials(accessKeyId:accessKeySecret:securityToken:expirationDate:));

/** Signs from now on with a delegated day key (derived for this presigner's
 *  region and product), atomically as -setCredentialsWithAccessKeyId:...
 *  does. Signing times outside the days of the keys held fail with
 *  OPSErrorSigningKeyOutOfScope; a key whose scope names another region or
 *  product (see OPSSigningKey's scope) fails with the same code. On failure
 *  the presigner keeps what it had.
 *
 *  Midnight: a presigner signing with the key of day D that is given the
 *  key of D+1 (the usual use: the next day's key from the app server before
 *  midnight UTC) keeps D's, each with the key id, token and expiration it
 *  came with: instants of D sign with D's key, instants of D+1 with D+1's.
 *  A key of any other day replaces both; -setCredentialsWithAccessKeyId:...
 *  replaces keys. */
- (BOOL)setSigningKey:(OPSSigningKey *)signingKey
          accessKeyId:(NSString *)accessKeyId
        securityToken:(NSString *_Nullable)securityToken
                error:(NSError **)error
    NS_SWIFT_NAME(setSigningKey(_:accessKeyId:securityToken:));

/** As -setSigningKey:accessKeyId:securityToken:error:, for a key derived
 *  from STS credentials: expirationDate is when they expire (nil for
 *  never), with the effect it has on -setCredentialsWithAccessKeyId:...:
 *  presigns at or after it fail with OPSErrorCredentialsExpired, URLs that
 *  would outlive it with OPSErrorCredentialsExpireFirst (or are clamped). */
- (BOOL)setSigningKey:(OPSSigningKey *)signingKey
          accessKeyId:(NSString *)accessKeyId
        securityToken:(NSString *_Nullable)securityToken
       expirationDate:(NSDate *_Nullable)expirationDate
                error:(NSError **)error
    NS_SWIFT_NAME(setSigningKey(_:accessKeyId:securityToken:expirationDate:));

/** The version of the linked C library, e.g. @"0.1.0" (Swift:
 *  OPSPresigner.libraryVersion). A class property where the compiler has
 *  them (clang); a class method, the same selector, elsewhere. */
#if __has_feature(objc_class_property)
@property (class, nonatomic, readonly, copy) NSString *libraryVersion;
#else
+ (NSString *)libraryVersion;
#endif

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_PRESIGNER_H */
