/*
 * OPSSupport.m: NSError construction and exact NSString -> UTF-8
 * conversion, shared by the wrapper classes.
 */
#import "OPSPrivate.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

NSString *const OPSErrorDomain = @"OPSErrorDomain";
NSString *const OPSErrorArgumentKey = @"OPSErrorArgument";

/* ------------------------------------------------------------------ errors */

NSString *OPSNewStringFromUTF8(const char *text) {
    if (text == NULL) {
        return nil;
    }
    return [[NSString alloc] initWithBytes:text length:strlen(text) encoding:NSUTF8StringEncoding];
}

static NSError *OPSMakeError(NSInteger code, NSString *_Nullable argument,
                             NSString *_Nullable message) {
    NSMutableDictionary *info = [[NSMutableDictionary alloc] initWithCapacity:2];
    NSError *error;
    [info setObject:(message != nil ? message : @"unknown error")
             forKey:NSLocalizedDescriptionKey];
    if (argument != nil && [argument length] > 0) {
        [info setObject:argument forKey:OPSErrorArgumentKey];
    }
    error = [NSError errorWithDomain:OPSErrorDomain code:code userInfo:info];
    OPS_RELEASE(info);
    return error;
}

NSError *OPSErrorFromCError(const oss_error *cerror) {
    NSString *message = OPSNewStringFromUTF8(oss_error_message(cerror));
    NSString *argument = OPSNewStringFromUTF8(oss_error_argument(cerror));
    NSError *error = OPSMakeError((NSInteger)oss_error_code(cerror), argument, message);
    OPS_RELEASE(message);
    OPS_RELEASE(argument);
    return error;
}

BOOL OPSFail(NSError **error, oss_error *cerror) {
    if (error != NULL) {
        *error = OPSErrorFromCError(cerror);
    }
    oss_error_free(cerror);
    return NO;
}

BOOL OPSCheck(oss_error *cerror, NSError **error) {
    return cerror == NULL ? YES : OPSFail(error, cerror);
}

BOOL OPSFailWithCode(NSError **error, OPSErrorCode code, const char *argument,
                     NSString *message) {
    if (error != NULL) {
        NSString *name = OPSNewStringFromUTF8(argument);
        *error = OPSMakeError(code, name, message);
        OPS_RELEASE(name);
    }
    return NO;
}

NSString *OPSNewStringFromASCII(const char *text) {
    return [[NSString alloc] initWithBytes:text length:strlen(text) encoding:NSASCIIStringEncoding];
}

/* ------------------------------------------------------------------- dates */

int64_t OPSUnixSecondsFromDate(NSDate *date) {
    double seconds = floor([date timeIntervalSince1970]);
    if (seconds != seconds) {
        return INT64_MIN; /* NaN */
    }
    /* 2^63 as a double: every double below it converts exactly. */
    if (seconds >= 9223372036854775808.0) {
        return INT64_MAX;
    }
    if (seconds < -9223372036854775808.0) {
        return INT64_MIN;
    }
    return (int64_t)seconds;
}

BOOL OPSExpirationSeconds(NSDate *date, int64_t *seconds, NSError **error) {
    *seconds = date == nil ? 0 : OPSUnixSecondsFromDate(date);
    if (date != nil && *seconds == 0) {
        return OPSFailWithCode(error, OPSErrorInvalidCredentials, "expiration",
                               @"expiration: 1970-01-01T00:00:00Z means no expiration in the C "
                               @"ABI; pass nil for none");
    }
    return YES;
}

NSDate *OPSNewDateFromUnixSeconds(int64_t unixSeconds) {
    return [[NSDate alloc] initWithTimeIntervalSince1970:(NSTimeInterval)unixSeconds];
}

void OPSWipe(void *p, size_t n) {
    volatile unsigned char *bytes = p;
    size_t i;
    for (i = 0; p != NULL && i < n; i++) {
        bytes[i] = 0;
    }
}

/* ----------------------------------------------------------------- strings */

/* Our own UTF-16 -> UTF-8 encoder: -UTF8String returns NULL for an unpaired
 * surrogate on some Foundations and a lossy replacement on others, and a
 * string holding U+0000 comes out cut short at the first strlen. Walking
 * the code units ourselves gives one exact rule everywhere. */
#define OPS_CHUNK 128

typedef enum { OPSEncoded, OPSUnpairedSurrogate, OPSNul } OPSEncodeResult;

/* Encodes string into out (room for 3 bytes per UTF-16 unit + NUL),
 * reading it through chunk (OPS_CHUNK units). On failure *bad is the UTF-16
 * index of the offending unit. */
static OPSEncodeResult OPSEncodeThrough(unichar *chunk, NSString *string, NSUInteger length,
                                        char *out, NSUInteger *bad) {
    NSUInteger index = 0;
    uint32_t high = 0; /* a high surrogate waiting for its low half */
    size_t n = 0;
    while (index < length) {
        NSUInteger count = length - index < OPS_CHUNK ? length - index : OPS_CHUNK;
        NSUInteger j;
        [string getCharacters:chunk range:NSMakeRange(index, count)];
        for (j = 0; j < count; j++) {
            uint32_t c = chunk[j];
            if (high != 0) {
                if (c < 0xDC00 || c > 0xDFFF) {
                    *bad = index + j - 1;
                    return OPSUnpairedSurrogate;
                }
                c = 0x10000u + ((high - 0xD800u) << 10) + (c - 0xDC00u);
                high = 0;
            } else if (c >= 0xD800 && c <= 0xDBFF) {
                high = c;
                continue;
            } else if (c >= 0xDC00 && c <= 0xDFFF) {
                *bad = index + j;
                return OPSUnpairedSurrogate;
            } else if (c == 0) {
                *bad = index + j;
                return OPSNul;
            }
            if (c < 0x80) {
                out[n++] = (char)c;
            } else if (c < 0x800) {
                out[n++] = (char)(0xC0 | (c >> 6));
                out[n++] = (char)(0x80 | (c & 0x3F));
            } else if (c < 0x10000) {
                out[n++] = (char)(0xE0 | (c >> 12));
                out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
                out[n++] = (char)(0x80 | (c & 0x3F));
            } else {
                out[n++] = (char)(0xF0 | (c >> 18));
                out[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
                out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
                out[n++] = (char)(0x80 | (c & 0x3F));
            }
        }
        index += count;
    }
    if (high != 0) {
        *bad = length - 1;
        return OPSUnpairedSurrogate;
    }
    out[n] = '\0';
    return OPSEncoded;
}

static OPSEncodeResult OPSEncode(NSString *string, NSUInteger length, char *out,
                                 NSUInteger *bad) {
    unichar chunk[OPS_CHUNK];
    OPSEncodeResult result = OPSEncodeThrough(chunk, string, length, out, bad);
    OPSWipe(chunk, sizeof chunk); /* it held part of the text (a secret, an URL) too */
    return result;
}

size_t OPSUTF8Capacity(NSString *string) {
    NSUInteger length = [string length];
    return length > (SIZE_MAX - 1) / 3 ? 0 : (size_t)length * 3 + 1;
}

BOOL OPSUTF8EncodeInto(NSString *string, char *out, const char *argument, NSError **error) {
    NSUInteger bad = 0;
    OPSEncodeResult result = OPSEncode(string, [string length], out, &bad);
    if (result == OPSEncoded) {
        return YES;
    }
    if (result == OPSNul) {
        return OPSFailWithCode(
            error, OPSErrorEmbeddedNul, argument,
            [NSString stringWithFormat:@"%s: holds U+0000 at UTF-16 index %lu, which a C "
                                       @"string would silently cut short",
                                       argument, (unsigned long)bad]);
    }
    return OPSFailWithCode(
        error, OPSErrorInvalidUTF8, argument,
        [NSString stringWithFormat:@"%s: unpaired UTF-16 surrogate U+%04X at index %lu: not "
                                   @"Unicode text, so it has no UTF-8 form",
                                   argument, (unsigned)[string characterAtIndex:bad],
                                   (unsigned long)bad]);
}

static BOOL OPSUTF8Convert(OPSUTF8 *utf8, NSString *string, const char *argument,
                           NSError **error) {
    size_t capacity = OPSUTF8Capacity(string);
    char *out;

    utf8->text = NULL;
    utf8->heap = NULL;
    if (capacity == 0) {
        return OPSFailWithCode(error, OPSErrorLimitExceeded, argument,
                               [NSString stringWithFormat:@"%s: string too long", argument]);
    }
    if (capacity <= sizeof utf8->buffer) {
        out = utf8->buffer;
    } else {
        out = malloc(capacity);
        if (out == NULL) {
            return OPSFailWithCode(error, OPSErrorInternal, argument,
                                   [NSString stringWithFormat:@"%s: out of memory", argument]);
        }
    }
    if (!OPSUTF8EncodeInto(string, out, argument, error)) {
        OPSWipe(out, capacity); /* the text encoded before the refusal */
        if (out != utf8->buffer) {
            free(out);
        }
        return NO;
    }
    utf8->text = out;
    utf8->heap = out == utf8->buffer ? NULL : out;
    return YES;
}

BOOL OPSUTF8Init(OPSUTF8 *utf8, NSString *string, const char *argument, NSError **error) {
    if (string == nil) {
        utf8->text = NULL;
        utf8->heap = NULL;
        return OPSFailWithCode(error, OPSErrorNullArgument, argument,
                               [NSString stringWithFormat:@"%s: must not be nil", argument]);
    }
    return OPSUTF8Convert(utf8, string, argument, error);
}

BOOL OPSUTF8InitOptional(OPSUTF8 *utf8, NSString *string, const char *argument,
                         NSError **error) {
    if (string == nil) {
        utf8->text = NULL;
        utf8->heap = NULL;
        return YES;
    }
    return OPSUTF8Convert(utf8, string, argument, error);
}

void OPSUTF8Wipe(OPSUTF8 *utf8) {
    if (utf8->text != NULL) {
        OPSWipe((void *)utf8->text, strlen(utf8->text));
    }
}

void OPSUTF8Free(OPSUTF8 *utf8) {
    OPSUTF8Wipe(utf8);
    free(utf8->heap);
    utf8->heap = NULL;
    utf8->text = NULL;
}

/* ------------------------------------------------------------------ lists */

BOOL OPSUTF8ListInit(OPSUTF8List *list, NSArray *strings, const char *argument,
                     NSMutableArray *refusals, NSError **error) {
    NSUInteger count = [strings count], i;
    size_t room = 0;
    char *next;
    BOOL ok = YES;
    list->texts = NULL;
    list->arena = NULL;
    if (count == 0) {
        return YES;
    }
    for (i = 0; i < count && ok; i++) {
        id string = [strings objectAtIndex:i];
        if ([string isKindOfClass:[NSString class]]) {
            size_t capacity = OPSUTF8Capacity(string);
            ok = capacity != 0 && room <= SIZE_MAX - capacity;
            room += capacity;
        }
    }
    if (!ok || count > SIZE_MAX / sizeof *list->texts) {
        return OPSFailWithCode(error, OPSErrorLimitExceeded, argument,
                               [NSString stringWithFormat:@"%s: too much text to convert", argument]);
    }
    list->texts = calloc(count, sizeof *list->texts);
    list->arena = malloc(room == 0 ? 1 : room);
    if (list->texts == NULL || list->arena == NULL) {
        OPSUTF8ListFree(list);
        return OPSFailWithCode(error, OPSErrorInternal, argument,
                               [NSString stringWithFormat:@"%s: out of memory", argument]);
    }
    next = list->arena;
    for (i = 0; i < count; i++) {
        id string = [strings objectAtIndex:i];
        NSError *refusal = nil;
        BOOL refused = NO;
        if ([string isKindOfClass:[NSString class]]) {
            if (OPSUTF8EncodeInto(string, next, argument, &refusal)) {
                list->texts[i] = next;
                next += strlen(next) + 1;
            } else {
                refused = YES;
            }
        } else if (string != (id)[NSNull null]) {
            refused = YES;
            OPSFailWithCode(&refusal, OPSErrorInvalidArgument, argument,
                            [NSString stringWithFormat:@"%s: must be an NSString, got %@",
                                                       argument, NSStringFromClass([string class])]);
        }
        if (refusals != nil) {
            if (refused) {
                /* NSNull for the entries converted so far (only once a
                 * refusal happens: most batches have none). */
                while ([refusals count] < i) {
                    [refusals addObject:[NSNull null]];
                }
                [refusals addObject:refusal];
            }
        } else if (refused) {
            OPSUTF8ListFree(list);
            if (error != NULL) {
                *error = refusal;
            }
            return NO;
        }
    }
    return YES;
}

void OPSUTF8ListFree(OPSUTF8List *list) {
    free((void *)list->texts);
    free(list->arena);
    list->texts = NULL;
    list->arena = NULL;
}
