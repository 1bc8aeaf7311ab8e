/*
 * OPSPrivate.h (private): what the wrapper's sources share. Not part of the
 * public API and not installed.
 */
#ifndef OPS_PRIVATE_H
#define OPS_PRIVATE_H

#import "OPSCompat.h"
#import "OPSPresigner.h"

#include <stddef.h>

/* The C ABI, as the XCFramework ships it: Headers/OSSPresignFFI/, with the
 * module map of module OSSPresignFFI. */
#include <OSSPresignFFI/oss_presign.h>

NS_ASSUME_NONNULL_BEGIN

/* An NSString as NUL-terminated UTF-8 for the length of one call. Short
 * strings (every valid bucket, most keys) are converted into the inline
 * buffer on the stack, longer ones into malloc'd memory. The one way the
 * wrapper turns a string into bytes, and it wipes them: secrets
 * (access_key_secret) and bearer text (a presigned URL) pass through it,
 * so every copy, on the stack or the heap, is wiped when freed and when a
 * conversion fails half-way. */
#define OPS_UTF8_INLINE 512
typedef struct OPSUTF8 {
    const char *_Nullable text; /* NULL only for an absent optional string */
    char *_Nullable heap;
    char buffer[OPS_UTF8_INLINE];
} OPSUTF8;

/* Converts string exactly: an unpaired surrogate fails with
 * OPSErrorInvalidUTF8, U+0000 with OPSErrorEmbeddedNul, nil with
 * OPSErrorNullArgument, each naming argument. On failure *error is set (if
 * error is not NULL) and nothing needs freeing; on success call
 * OPSUTF8Free. */
BOOL OPSUTF8Init(OPSUTF8 *utf8, NSString *_Nullable string, const char *argument,
                 NSError **error);
/* As OPSUTF8Init, but nil is accepted and gives text == NULL. */
BOOL OPSUTF8InitOptional(OPSUTF8 *utf8, NSString *_Nullable string, const char *argument,
                         NSError **error);
/* Wipes the text (OPSUTF8Wipe), then frees what the conversion allocated. */
void OPSUTF8Free(OPSUTF8 *utf8);
/* Wipes the text where it lives (inline buffer or heap), without freeing. */
void OPSUTF8Wipe(OPSUTF8 *utf8);

/* The room OPSUTF8EncodeInto needs for string (3 bytes per UTF-16 unit and
 * the NUL); 0 when that does not fit in size_t. */
size_t OPSUTF8Capacity(NSString *string);
/* Encodes string into out (OPSUTF8Capacity(string) bytes) exactly, as
 * OPSUTF8Init does, with the same errors naming argument. */
BOOL OPSUTF8EncodeInto(NSString *string, char *out, const char *argument, NSError **error);

/* Consumes cerror (non-NULL): sets *error to its NSError when error is not
 * NULL, frees it. Returns NO, for `return OPSFail(error, e);`. */
BOOL OPSFail(NSError **error, oss_error *cerror);

/* YES when cerror is NULL; otherwise OPSFail(error, cerror). */
BOOL OPSCheck(oss_error *_Nullable cerror, NSError **error);

/* Sets *error (if error is not NULL) to an error the wrapper found itself.
 * Returns NO. */
BOOL OPSFailWithCode(NSError **error, OPSErrorCode code, const char *argument,
                     NSString *message);

/* An autoreleased NSError for a borrowed cerror (an entry of a batch); the
 * caller keeps and frees nothing. */
NSError *OPSErrorFromCError(const oss_error *cerror);

/* Copies a NUL-terminated ASCII string (an URL) into an NSString. Returns a
 * retained object (caller releases), nil if out of memory. */
NSString *_Nullable OPSNewStringFromASCII(const char *text) NS_RETURNS_RETAINED;

/* Copies a NUL-terminated UTF-8 string into an NSString. Returns a retained
 * object (caller releases); nil for NULL or if out of memory. */
NSString *_Nullable OPSNewStringFromUTF8(const char *_Nullable text) NS_RETURNS_RETAINED;

/* The Unix seconds of date rounded down (toward the past), saturated to the
 * int64_t range (NaN gives INT64_MIN), so that the C ABI's own range check
 * refuses, with its own code and message, a date out of its range. */
int64_t OPSUnixSecondsFromDate(NSDate *date);

/* A credential expiration for the C ABI: 0 for nil (none), otherwise
 * OPSUnixSecondsFromDate. A date within the first second of 1970, which the
 * C ABI would read as "none", fails with OPSErrorInvalidCredentials. */
BOOL OPSExpirationSeconds(NSDate *_Nullable date, int64_t *seconds, NSError **error);

/* Retained (caller releases): a date of unixSeconds. */
NSDate *OPSNewDateFromUnixSeconds(int64_t unixSeconds) NS_RETURNS_RETAINED;

/* Wipes n bytes at p in a way the compiler cannot drop (before free). */
void OPSWipe(void *_Nullable p, size_t n);

/* The handles, for the sibling classes. (The initializer keeps the init
 * prefix: ARC gives only the init family its ownership rules.) */
/* Options as one presign sees them: C options no one changes any more, and
 * the settings they were made from (OPSGetOptions.m). */
@interface OPSGetOptionsSnapshot : NSObject {
@private
    oss_get_options *_handle;
    NSArray *_settings;
}
/* The settings replayed onto new C options; nil with *error set where one
 * is refused. */
- (instancetype _Nullable)initWithSettings:(NSArray *)settings error:(NSError **)error;
- (const oss_get_options *)ops_handle NS_RETURNS_INNER_POINTER;
- (NSArray *)ops_settings;
@end

@interface OPSGetOptions (OPSPrivate)
/* The current snapshot, retained (the caller releases it); nil while the
 * options are at their defaults. A presign keeps it, with
 * OPS_PRECISE_LIFETIME, for as long as it uses -ops_handle. */
- (OPSGetOptionsSnapshot *_Nullable)ops_newSnapshot NS_RETURNS_RETAINED;
@end

@interface OPSPresignerConfiguration (OPSPrivate)
- (const oss_client_config *_Nullable)ops_handle;
@end

@interface OPSSigningKey (OPSPrivate)
/* The key's hex digits and date as NUL-terminated UTF-8, borrowed: valid
 * while the key lives. */
- (const char *)ops_hexText;
- (const char *)ops_dateText;
@end

@interface OPSPresignedURLResult (OPSPrivate)
/* One batch entry: URLString with the batch's dates, or (URLString nil)
 * error; the dates are kept only with a URL. */
- (instancetype)initWithKey:(NSString *_Nullable)key
                  URLString:(NSString *_Nullable)URLString
                signingDate:(NSDate *)signingDate
             expirationDate:(NSDate *)expirationDate
                      error:(NSError *_Nullable)error;
@end

@interface OPSKeyLintReport (OPSPrivate)
- (instancetype)initWithKey:(NSString *)key findings:(OPSKeyLint)findings;
@end

@interface OPSURLInfo (OPSPrivate)
/* Adopts handle as -[OPSPresignedRequest initWithPresignedRequestHandle:error:] does. */
- (instancetype _Nullable)initWithURLInfoHandle:(oss_url_info *)handle error:(NSError **)error;
@end

/* UTF-8 copies of the entries of an array, in one block, for a C array of
 * strings. An NSNull entry gives NULL (the C ABI refuses it itself), a
 * string the conversion refuses (U+0000, a lone surrogate) or an object
 * that is not a string gives NULL and an error naming argument: recorded in
 * refusals at its index when refusals is not nil (NSNull for the entries
 * converted, up to the last refusal: the array may be shorter than
 * strings), otherwise the whole conversion fails with it. On failure *error is set and nothing
 * needs freeing; on success call OPSUTF8ListFree. */
typedef struct OPSUTF8List {
    const char *_Nullable *_Nullable texts; /* count entries; NULL for count 0 */
    char *_Nullable arena;
} OPSUTF8List;
BOOL OPSUTF8ListInit(OPSUTF8List *list, NSArray *strings, const char *argument,
                     NSMutableArray *_Nullable refusals, NSError **error);
void OPSUTF8ListFree(OPSUTF8List *list);

@interface OPSPresignedRequest (OPSPrivate)
/* Adopts handle: frees it exactly once, in -dealloc, or at once if the
 * initializer fails. Returns nil (setting *error) if it cannot copy the
 * request's strings. */
- (instancetype _Nullable)initWithPresignedRequestHandle:(oss_presigned_request *)handle
                                       error:(NSError **)error;
@end

NS_ASSUME_NONNULL_END

#endif /* OPS_PRIVATE_H */
