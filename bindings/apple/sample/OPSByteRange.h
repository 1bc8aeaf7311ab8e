/*
 * OPSByteRange.h: the one byte range a caller may sign in a Range header,
 * and whether an answer is that range. Part of the sample, not of the
 * wrapper.
 */
#ifndef OPS_BYTE_RANGE_H
#define OPS_BYTE_RANGE_H

#import "OPSPresigner.h"

NS_ASSUME_NONNULL_BEGIN

/** One byte range, as a caller may sign it in a Range header. */
typedef struct OPSByteRange {
    BOOL present;                    /* a Range is signed */
    unsigned long long first;        /* bytes=FIRST-[LAST] */
    unsigned long long last;         /* ULLONG_MAX: up to the object's end */
    unsigned long long suffixLength; /* bytes=-LENGTH: the last LENGTH bytes; 0 otherwise */
} OPSByteRange;

/** Reads "bytes=FIRST-", "bytes=FIRST-LAST" (LAST >= FIRST) or
 *  "bytes=-LENGTH" (LENGTH > 0), blanks around it. NO for several ranges or
 *  another unit, which OSS answers with the whole object. */
FOUNDATION_EXPORT BOOL OPSParseByteRange(NSString *_Nullable text, OPSByteRange *range);

/** YES when a 206's Content-Range "bytes FIRST-LAST/TOTAL" is range: its
 *  start, and its end (an end past the object's stops at its last byte, as
 *  OSS's standard range behaviour serves it). */
FOUNDATION_EXPORT BOOL OPSByteRangeIsAnswer(OPSByteRange range, unsigned long long first,
                                            unsigned long long last, unsigned long long total);

/** YES when range covers all of an object of size bytes (so a 200 with the
 *  whole object, OSS's answer to a Range it cannot serve, is that range). */
FOUNDATION_EXPORT BOOL OPSByteRangeCoversWhole(OPSByteRange range, unsigned long long size);

NS_ASSUME_NONNULL_END

#endif /* OPS_BYTE_RANGE_H */
