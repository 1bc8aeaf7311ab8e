/*
 * OPSCRC64.m: class methods over oss_crc64_update; the C ABI does the
 * arithmetic.
 */
#import "OPSPrivate.h"

@implementation OPSCRC64

- (instancetype)init {
    /* Unavailable: nothing to make. */
    OPS_RELEASE(self);
    return nil;
}

+ (uint64_t)updateCRC:(uint64_t)crc withBytes:(const void *)bytes length:(size_t)length {
    return oss_crc64_update(crc, bytes, length);
}

+ (uint64_t)updateCRC:(uint64_t)crc withData:(NSData *)data {
    return oss_crc64_update(crc, [data bytes], (size_t)[data length]);
}

+ (uint64_t)checksumOfData:(NSData *)data {
    return [self updateCRC:0 withData:data];
}

@end
