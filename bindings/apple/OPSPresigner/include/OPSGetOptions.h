/*
 * OPSGetOptions.h: options of a presigned GET or HEAD (over oss_get_options).
 */
#ifndef OPS_GET_OPTIONS_H
#define OPS_GET_OPTIONS_H

#import "OPSDefines.h"

NS_ASSUME_NONNULL_BEGIN

/**
 * Options of a presigned GET or HEAD: lifetime, signing time, version,
 * response overrides, image processing, traffic limit, extra signed query
 * parameters and headers. Defaults: 900 s, signed at the current time,
 * nothing extra.
 *
 * Mutable, and safe to share between threads (Sendable in Swift): each
 * presign takes the options as they are when it starts, whole, so a thread
 * (or Swift task) may change them while others presign with them; every
 * URL then reflects the options before or after each change, never a mix,
 * and no presign reads memory a setter is changing. A setter that fails
 * returns NO, sets *error and leaves the options unchanged. Typed setters
 * replace an earlier value; add... methods never replace (adding a name
 * twice is an error). -copy gives independent options with the same
 * settings.
 */
NS_SWIFT_SENDABLE
@interface OPSGetOptions : NSObject <NSCopying>
#if OPS_IVARS_IN_HEADERS
{
    OPS_GET_OPTIONS_IVARS
}
#endif

/** Options with the defaults. Never nil: it makes no C options; each
 *  setter does (a failure there is that setter's error). */
- (instancetype)init NS_DESIGNATED_INITIALIZER;

/** Lifetime in seconds from the signing time, 1...604800 (7 days). An
 *  absolute expiration (-setExpiration:error:) wins. */
- (BOOL)setExpires:(uint64_t)seconds error:(NSError **)error;

/** Absolute expiration in Unix seconds; wins over -setExpires:error:. At
 *  presign time it must be 1 s to 7 days after the signing time. */
- (BOOL)setExpiration:(int64_t)unixSeconds error:(NSError **)error;

/** -setExpiration:error: with a date (whole seconds, rounded down); nil
 *  fails with OPSErrorNullArgument. */
- (BOOL)setExpirationDate:(NSDate *)expirationDate error:(NSError **)error
    NS_SWIFT_NAME(setExpirationDate(_:));

/** Signs as of unixSeconds instead of the system clock (reproducible URLs,
 *  or a known server clock). */
- (BOOL)setSigningTime:(int64_t)unixSeconds error:(NSError **)error;

/** -setSigningTime:error: with a date (whole seconds, rounded down); nil
 *  fails with OPSErrorNullArgument. */
- (BOOL)setSigningDate:(NSDate *)signingDate error:(NSError **)error
    NS_SWIFT_NAME(setSigningDate(_:));

/** Cache-friendly URLs: rounds the signing time (from the clock, the
 *  server-corrected clock or -setSigningTime:error:) down to a multiple of
 *  seconds, a divisor of 86400 (60, 300, 600, 900, 3600, 86400...: a window
 *  never reaches back into the UTC day before; else
 *  OPSErrorInvalidSigningTimeWindow), or 0 to turn it off. A relative lifetime L then signs
 *  x-oss-expires = L + seconds, at most 604800: every presign of one object
 *  within a window is the same URL, valid at least L seconds after it was
 *  made (at least 604801 - seconds at the cap). An absolute expiration stays
 *  as given. The window applies first, the credential clamp after. */
- (BOOL)setSigningTimeWindow:(uint64_t)seconds error:(NSError **)error;

/** With credentials that expire (-[OPSPresigner
 *  setCredentialsWithAccessKeyId:accessKeySecret:securityToken:expirationDate:error:],
 *  -[OPSPresignerConfiguration setCredentialsExpirationDate:error:]): when
 *  YES, a URL that would outlive them gets a lifetime that ends exactly when
 *  they expire (the request's expirationDate says so); when NO (the
 *  default), such a presign fails with OPSErrorCredentialsExpireFirst.
 *  Credentials already expired at the signing time fail with
 *  OPSErrorCredentialsExpired either way. */
- (BOOL)setClampToCredentials:(BOOL)clamp error:(NSError **)error;

/** When YES, presignGet... and presignHead... results carry the canonical
 *  request and the string to sign (OPSPresignedRequest canonicalRequest,
 *  stringToSign), to compare with what OSS returns with
 *  SignatureDoesNotMatch. Off by default; never the secret or the signing
 *  key. */
- (BOOL)setDiagnostics:(BOOL)enabled error:(NSError **)error;

/** versionId: presign one version of the object. */
- (BOOL)setVersionId:(NSString *)versionId error:(NSError **)error;

/** response-content-type: the Content-Type OSS answers with. */
- (BOOL)setResponseContentType:(NSString *)value error:(NSError **)error;
/** response-content-disposition, e.g. attachment; filename="a.pdf". */
- (BOOL)setResponseContentDisposition:(NSString *)value error:(NSError **)error;
/** response-cache-control: the Cache-Control OSS answers with. */
- (BOOL)setResponseCacheControl:(NSString *)value error:(NSError **)error;
/** response-content-encoding: the Content-Encoding OSS answers with. */
- (BOOL)setResponseContentEncoding:(NSString *)value error:(NSError **)error;
/** response-content-language: the Content-Language OSS answers with. */
- (BOOL)setResponseContentLanguage:(NSString *)value error:(NSError **)error;
/** response-expires: the Expires header OSS answers with. */
- (BOOL)setResponseExpires:(NSString *)value error:(NSError **)error;

/** x-oss-process, e.g. @"image/resize,w_200/format,webp". */
- (BOOL)setProcess:(NSString *)process error:(NSError **)error;

/** x-oss-traffic-limit in bit/s, 819200...838860800; a query parameter, so
 *  the URL needs no extra header. */
- (BOOL)setTrafficLimit:(uint64_t)bitsPerSecond error:(NSError **)error;

/** Adds a signed query parameter. The name must not be a signing parameter
 *  (x-oss-signature, x-oss-date, ...) nor added before; the value may be
 *  empty. */
- (BOOL)addQueryWithName:(NSString *)name value:(NSString *)value error:(NSError **)error
    NS_SWIFT_NAME(addQuery(name:value:));

/** Adds a header the download will send, and signs it; the presigned
 *  request's headers then list it, and the GET (or HEAD) must send exactly
 *  those. The value is trimmed of surrounding spaces and tabs and must be
 *  printable ASCII. */
- (BOOL)addHeaderWithName:(NSString *)name value:(NSString *)value error:(NSError **)error
    NS_SWIFT_NAME(addHeader(name:value:));

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_GET_OPTIONS_H */
