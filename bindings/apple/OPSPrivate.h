/*
 * OPSPrivate.h (private): what the wrapper's sources share. Not part of the
 * public API and not installed.
 */
#ifndef OPS_PRIVATE_H
#define OPS_PRIVATE_H

#import "OPSCompat.h"
#import "OPSPresigner.h"

#include <stddef.h>

#include "oss_presign.h"

NS_ASSUME_NONNULL_BEGIN

/* An NSString as NUL-terminated UTF-8 for the length of one call. Short
 * strings (every valid bucket, most keys) are converted into the inline
 * buffer on the stack, longer ones into malloc'd memory. */
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
void OPSUTF8Free(OPSUTF8 *utf8);

/* Consumes cerror (non-NULL): sets *error to its NSError when error is not
 * NULL, frees it. Returns NO, for `return OPSFail(error, e);`. */
BOOL OPSFail(NSError **error, oss_error *cerror);

/* YES when cerror is NULL; otherwise OPSFail(error, cerror). */
BOOL OPSCheck(oss_error *_Nullable cerror, NSError **error);

/* Sets *error (if error is not NULL) to an error the wrapper found itself.
 * Returns NO. */
BOOL OPSFailWithCode(NSError **error, OPSErrorCode code, const char *argument,
                     NSString *message);

/* Copies a NUL-terminated ASCII string (an URL) into an NSString. Returns a
 * retained object (caller releases), nil if out of memory. */
NSString *_Nullable OPSNewStringFromASCII(const char *text) NS_RETURNS_RETAINED;

/* The handles, for the sibling classes. (The initializer keeps the init
 * prefix: ARC gives only the init family its ownership rules.) */
@interface OPSGetOptions (OPSPrivate)
- (const oss_get_options *_Nullable)ops_handle;
@end

@interface OPSPresignerConfiguration (OPSPrivate)
- (const oss_client_config *_Nullable)ops_handle;
@end

@interface OPSPresignedRequest (OPSPrivate)
/* Adopts handle: frees it exactly once, in -dealloc, or at once if the
 * initializer fails. Returns nil (setting *error) if it cannot copy the
 * request's strings. */
- (instancetype _Nullable)initWithPresignedRequestHandle:(oss_presigned_request *)handle
                                       error:(NSError **)error;
@end

NS_ASSUME_NONNULL_END

#endif /* OPS_PRIVATE_H */
