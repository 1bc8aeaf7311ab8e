/*
 * OPSByteRange.m: one byte range, in C (the same on every platform).
 */
#import "OPSByteRange.h"

#include <limits.h>
#include <string.h>

/* Reads the digits at *text (no sign, no blank, no overflow). */
static BOOL ParseDigits(const char **text, unsigned long long *value) {
    const char *p = *text;
    *value = 0;
    if (*p < '0' || *p > '9') {
        return NO;
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned long long digit = (unsigned long long)(*p - '0');
        if (*value > (ULLONG_MAX - digit) / 10) {
            return NO;
        }
        *value = *value * 10 + digit;
    }
    *text = p;
    return YES;
}

BOOL OPSParseByteRange(NSString *text, OPSByteRange *range) {
    const char *p = [text UTF8String];
    OPSByteRange parsed;
    memset(&parsed, 0, sizeof parsed);
    parsed.present = YES;
    parsed.last = ULLONG_MAX;
    if (p == NULL) {
        return NO;
    }
    p += strspn(p, " \t");
    if (strncmp(p, "bytes=", 6) != 0) {
        return NO;
    }
    p += 6;
    if (*p == '-') {
        p++;
        if (!ParseDigits(&p, &parsed.suffixLength) || parsed.suffixLength == 0) {
            return NO;
        }
    } else {
        if (!ParseDigits(&p, &parsed.first) || *p++ != '-') {
            return NO;
        }
        if (*p >= '0' && *p <= '9' && (!ParseDigits(&p, &parsed.last) || parsed.last < parsed.first)) {
            return NO;
        }
    }
    if (p[strspn(p, " \t")] != '\0') {
        return NO;
    }
    *range = parsed;
    return YES;
}

BOOL OPSByteRangeIsAnswer(OPSByteRange range, unsigned long long first, unsigned long long last,
                          unsigned long long total) {
    if (first > last || last >= total) {
        return NO;
    }
    if (range.suffixLength > 0) {
        return last == total - 1 && first == total - MIN(range.suffixLength, total);
    }
    return first == range.first && last == MIN(range.last, total - 1);
}

BOOL OPSByteRangeCoversWhole(OPSByteRange range, unsigned long long size) {
    if (range.suffixLength > 0) {
        return range.suffixLength >= size;
    }
    return range.first == 0 && (size == 0 || range.last >= size - 1);
}
