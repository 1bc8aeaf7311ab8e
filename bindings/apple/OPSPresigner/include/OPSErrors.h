/*
 * OPSErrors.h: the one error domain of OPSPresigner and its codes.
 *
 * Every failure is an NSError in OPSErrorDomain whose code is the
 * OSS_CODE_* value of include/oss_presign.h (mirrored below; a test checks
 * the mirror against that header), whose localizedDescription is the
 * library's message (it names the bad argument and never holds a secret),
 * and whose userInfo[OPSErrorArgumentKey] names the argument when the error
 * is about one.
 */
#ifndef OPS_ERRORS_H
#define OPS_ERRORS_H

#import "OPSDefines.h"

NS_ASSUME_NONNULL_BEGIN

/** The error domain of every NSError made by OPSPresigner: @"OPSErrorDomain". */
FOUNDATION_EXPORT NSString *const OPSErrorDomain;

/** userInfo key: the name of the argument the error is about, e.g. @"key",
 *  @"bucket", @"expires", @"header value" (absent when the error is about no
 *  single argument). */
FOUNDATION_EXPORT NSString *const OPSErrorArgumentKey;

/**
 * NSError.code values in OPSErrorDomain: exactly the OSS_CODE_* values.
 * Swift imports it as the error struct OPSError (`catch OPSError.invalidKey`;
 * OPSError.Code holds the cases).
 * Families: code / 100 is 0 (call boundary), 1 (argument), 2 (credentials),
 * 3 (lifetime), 4 (the verdict on a URL). New codes are appended, never reused; treat unknown codes
 * of a family like the family's general code.
 */
typedef NS_ERROR_ENUM(OPSErrorDomain, OPSErrorCode){
    /** A required argument was nil (OSS_CODE_NULL_ARGUMENT). */
    OPSErrorNullArgument = 1,
    /** A string was not valid Unicode, e.g. an NSString holding an unpaired
     *  UTF-16 surrogate (OSS_CODE_INVALID_UTF8). */
    OPSErrorInvalidUTF8 = 2,
    /** Internal bug caught at the boundary; the call had no effect (OSS_CODE_PANIC). */
    OPSErrorPanic = 3,
    /** Internal invariant failed; the call had no effect (OSS_CODE_INTERNAL). */
    OPSErrorInternal = 4,
    /** A string held U+0000, which would silently cut it short in C
     *  (OSS_CODE_EMBEDDED_NUL). */
    OPSErrorEmbeddedNul = 5,
    /** Any other invalid argument, e.g. a header index out of range
     *  (OSS_CODE_INVALID_ARGUMENT). */
    OPSErrorInvalidArgument = 100,
    /** Endpoint is not [scheme://]host[:port] (OSS_CODE_INVALID_ENDPOINT). */
    OPSErrorInvalidEndpoint = 101,
    /** Region or CloudBox id empty or not [a-z0-9-]+ (OSS_CODE_INVALID_REGION). */
    OPSErrorInvalidRegion = 102,
    /** Bucket name breaks the OSS rules (OSS_CODE_INVALID_BUCKET). */
    OPSErrorInvalidBucket = 103,
    /** Object key empty, too long, leading '/' or '\\', '.'/'..' segments
     *  (OSS_CODE_INVALID_KEY). */
    OPSErrorInvalidKey = 104,
    /** Query parameter reserved, repeated, empty name, or traffic limit out
     *  of range (OSS_CODE_INVALID_QUERY). */
    OPSErrorInvalidQuery = 105,
    /** Header name not a token, reserved or repeated; value empty, control
     *  or non-ASCII (OSS_CODE_INVALID_HEADER). */
    OPSErrorInvalidHeader = 106,
    /** Signing time outside 1970..9999 (OSS_CODE_INVALID_SIGNING_TIME). */
    OPSErrorInvalidSigningTime = 107,
    /** A string, a count of parameters or headers, or the URL exceeds its
     *  bound (OSS_CODE_LIMIT_EXCEEDED). */
    OPSErrorLimitExceeded = 108,
    /** Signing time window over 86400 s (OSS_CODE_INVALID_SIGNING_TIME_WINDOW). */
    OPSErrorInvalidSigningTimeWindow = 109,
    /** Not an HTTP date (+[OPSPresigner dateFromHTTPDateString:error:]; OSS_CODE_INVALID_TIME). */
    OPSErrorInvalidTime = 110,
    /** Not an OSS XML error body (-[OPSServiceError initWithData:error:]; OSS_CODE_INVALID_RESPONSE). */
    OPSErrorInvalidResponse = 111,
    /** Empty access key id or secret, unset environment variable, no
     *  credentials (OSS_CODE_MISSING_CREDENTIALS). */
    OPSErrorMissingCredentials = 200,
    /** Malformed credential part, e.g. an empty security token: pass nil for
     *  none (OSS_CODE_INVALID_CREDENTIALS). */
    OPSErrorInvalidCredentials = 201,
    /** The credentials had expired at the signing time, even with clamping
     *  (OSS_CODE_CREDENTIALS_EXPIRED). */
    OPSErrorCredentialsExpired = 202,
    /** The URL would outlive the credentials: shorten it, or clamp it with
     *  -[OPSGetOptions setClampToCredentials:error:]
     *  (OSS_CODE_CREDENTIALS_EXPIRE_FIRST). */
    OPSErrorCredentialsExpireFirst = 203,
    /** The signing time is outside the UTC day of the delegated signing key
     *  (OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE). */
    OPSErrorSigningKeyOutOfScope = 204,
    /** A delegated signing key not 64 hex digits, or its date not YYYYMMDD
     *  (OSS_CODE_INVALID_SIGNING_KEY). */
    OPSErrorInvalidSigningKey = 205,
    /** expires not 1..604800 seconds (OSS_CODE_INVALID_EXPIRY). */
    OPSErrorInvalidExpiry = 300,
    /** Absolute expiration outside 1970..9999, or not 1 s..7 days after the
     *  signing time (OSS_CODE_INVALID_EXPIRATION). */
    OPSErrorInvalidExpiration = 301,
    /** -inspectURLString:error:, -verifyURLString:headers:date:error:: not a
     *  presigned V4 GET URL of the presigner's scheme, host and path layout
     *  (OSS_CODE_MALFORMED_URL). */
    OPSErrorMalformedURL = 400,
    /** -verifyURLString:headers:date:error:: not the signature the
     *  presigner's credentials give the URL (also another key id, region,
     *  product or STS token; OSS_CODE_SIGNATURE_MISMATCH). */
    OPSErrorSignatureMismatch = 401,
    /** The URL had expired at the given date (OSS_CODE_URL_EXPIRED). */
    OPSErrorURLExpired = 402,
    /** The URL is signed more than 15 minutes after the given date
     *  (OSS_CODE_URL_NOT_YET_VALID). */
    OPSErrorURLNotYetValid = 403,
};

NS_ASSUME_NONNULL_END

#endif /* OPS_ERRORS_H */
