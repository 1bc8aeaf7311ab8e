/*
 * OPSPresignedURLResult.h: one entry of a batch presign.
 */
#ifndef OPS_PRESIGNED_URL_RESULT_H
#define OPS_PRESIGNED_URL_RESULT_H

#import "OPSDefines.h"

NS_ASSUME_NONNULL_BEGIN

/**
 * One key of -[OPSPresigner presignGetURLStringsWithBucket:keys:options:error:]:
 * its URL, or the error that refused this key alone (exactly one of
 * URLString and error is nil). Immutable and safe to share between threads.
 */
OPS_FINAL
NS_SWIFT_SENDABLE
@interface OPSPresignedURLResult : NSObject
#if OPS_IVARS_IN_HEADERS
{
    OPS_PRESIGNED_URL_RESULT_IVARS
}
#endif

#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
+ (instancetype)new OPS_UNAVAILABLE;
#endif

/** The key as given; nil when the entry of keys was not an NSString. */
@property (nonatomic, readonly, copy) NSString *_Nullable key;
/** The URL exactly as signed (ASCII, OSS's canonical encoding); nil when
 *  this key failed. */
@property (nonatomic, readonly, copy) NSString *_Nullable URLString NS_SWIFT_NAME(urlString);
/** The same text as an NSURL (made on each access: most of a batch's cost
 *  would otherwise be parsing URLs no one asked for); nil when this key
 *  failed. */
@property (nonatomic, readonly, copy) NSURL *_Nullable URL NS_SWIFT_NAME(url);
/** The signing time (x-oss-date), shared by every URL of the batch; nil
 *  when this key failed. */
@property (nonatomic, readonly, copy) NSDate *_Nullable signingDate;
/** When OSS starts refusing the URL, the same for every URL of the batch:
 *  presign the page again before then. nil when this key failed. */
@property (nonatomic, readonly, copy) NSDate *_Nullable expirationDate;
/** Why this key has no URL (OPSErrorDomain, as any error of the wrapper);
 *  nil when it has one. */
@property (nonatomic, readonly, retain) NSError *_Nullable error;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_PRESIGNED_URL_RESULT_H */
