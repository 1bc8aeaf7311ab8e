/*
 * OPSURLInfo.h: what a presigned URL says about itself (over oss_url_info).
 */
#ifndef OPS_URL_INFO_H
#define OPS_URL_INFO_H

#import "OPSDefines.h"

NS_ASSUME_NONNULL_BEGIN

/**
 * A presigned URL read back by -[OPSPresigner inspectURLString:error:],
 * without a request and without checking its signature: apps use it to
 * decide when to presign a cached URL again. Immutable and safe to read from
 * any thread.
 */
OPS_FINAL
NS_SWIFT_SENDABLE
@interface OPSURLInfo : NSObject
#if OPS_IVARS_IN_HEADERS
{
    OPS_URL_INFO_IVARS
}
#endif

#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
+ (instancetype)new OPS_UNAVAILABLE;
#endif

/** The bucket, from the host or the path; @"" for a custom-domain
 *  presigner, whose URLs do not name it. */
@property (nonatomic, readonly, copy) NSString *bucket;
/** The object key, decoded; whole, also when it holds U+0000 (%00). */
@property (nonatomic, readonly, copy) NSString *key;
/** The access key id of x-oss-credential. */
@property (nonatomic, readonly, copy) NSString *accessKeyId;
/** The region of x-oss-credential. */
@property (nonatomic, readonly, copy) NSString *region;
/** x-oss-date. */
@property (nonatomic, readonly, copy) NSDate *signingDate;
/** x-oss-date + x-oss-expires: OSS refuses the URL after it. */
@property (nonatomic, readonly, copy) NSDate *expirationDate;
/** The lowercase header names x-oss-additional-headers lists (signed
 *  Content-Type, Content-MD5 and x-oss-* headers are signed without being
 *  listed). */
@property (nonatomic, readonly, copy) OPS_ARRAY(NSString *) *additionalHeaders;

/** Whole seconds the URL stays valid after date: 0 or less once it has
 *  expired (presign again well before: clocks and transfers take time).
 *  With a corrected presigner, pass its time:
 *  [NSDate dateWithTimeIntervalSinceNow:presigner.clockOffset]. */
- (NSTimeInterval)secondsLeftAtDate:(NSDate *)date NS_SWIFT_NAME(secondsLeft(at:));

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_URL_INFO_H */
