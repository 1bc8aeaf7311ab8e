/*
 * OPSCRC64.h: the CRC-64 OSS sends as x-oss-hash-crc64ecma (over
 * oss_crc64_update).
 */
#ifndef OPS_CRC64_H
#define OPS_CRC64_H

#import "OPSDefines.h"

#include <stddef.h>
#include <stdint.h>

NS_ASSUME_NONNULL_BEGIN

/**
 * CRC-64/ECMA-182 (the catalogue's CRC-64/XZ), the value OSS sends for
 * every object as x-oss-hash-crc64ecma (decimal) and Alibaba's SDKs check
 * after a download. Start from 0; the CRC of a concatenation is the update
 * over its parts in order, so a download is checked as it arrives and a
 * resumed one from the CRC of the bytes already saved:
 *
 *     uint64_t crc = [OPSCRC64 checksumOfData:saved];
 *     crc = [OPSCRC64 updateCRC:crc withData:chunk];    // for every chunk
 *     if (crc != strtoull(header.UTF8String, NULL, 10)) { ... }
 *
 * Class methods only, no state: safe from any thread.
 */
OPS_FINAL
@interface OPSCRC64 : NSObject

#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
+ (instancetype)new OPS_UNAVAILABLE;
#endif

/** The CRC of the bytes behind crc followed by length bytes at bytes;
 *  crc unchanged when length is 0 or bytes is NULL. */
+ (uint64_t)updateCRC:(uint64_t)crc
            withBytes:(const void *_Nullable)bytes
               length:(size_t)length NS_SWIFT_NAME(update(_:bytes:length:));

/** The CRC of the bytes behind crc followed by data. */
+ (uint64_t)updateCRC:(uint64_t)crc withData:(NSData *)data NS_SWIFT_NAME(update(_:data:));

/** The CRC of data alone: +updateCRC:0 withData:data. */
+ (uint64_t)checksumOfData:(NSData *)data NS_SWIFT_NAME(checksum(of:));

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_CRC64_H */
