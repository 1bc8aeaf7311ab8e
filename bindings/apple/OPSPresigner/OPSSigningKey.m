/*
 * OPSSigningKey.m: a delegated day key, kept in memory wiped when freed.
 */
#import "OPSPrivate.h"

#include <stdlib.h>
#include <string.h>

/* A malloc'd copy of text (length bytes + NUL), or NULL. */
static char *OPSCopyText(const char *text, size_t length) {
    char *copy = malloc(length + 1);
    if (copy != NULL) {
        memcpy(copy, text, length + 1);
    }
    return copy;
}

@interface OPSSigningKey ()
/* The one initializer that sets the key up, from its UTF-8 hex text: date
 * as given, scope what the C layer reads as the key's date. */
- (instancetype _Nullable)initWithHexText:(const char *)hex
                                     date:(NSString *)date
                                    scope:(NSString *)scope
                                    error:(NSError **)error NS_DESIGNATED_INITIALIZER;
@end

#if !OPS_IVARS_IN_HEADERS
@interface OPSSigningKey () {
    OPS_SIGNING_KEY_IVARS
}
@end
#endif

@implementation OPSSigningKey

@synthesize date = _date;

- (instancetype)init {
    /* Unavailable: a key is derived or received. */
    OPS_RELEASE(self);
    return nil;
}

+ (instancetype)deriveWithSecret:(NSString *)accessKeySecret
                            date:(NSString *)date
                          region:(NSString *)region
                         product:(NSString *)product
                           error:(NSError **)error {
    NSString *strings[4];
    static const char *const names[4] = {"access_key_secret", "date", "region", "product"};
    OPSUTF8 texts[4];
    size_t converted = 0, i;
    char *hex = NULL;
    oss_error *cerror = NULL;
    BOOL ok = YES;
    OPSSigningKey *key = nil;

    strings[0] = accessKeySecret;
    strings[1] = date;
    strings[2] = region;
    strings[3] = product;
    for (; converted < 4 && ok; converted++) {
        ok = OPSUTF8Init(&texts[converted], strings[converted], names[converted], error);
    }
    if (ok) {
        cerror = oss_derive_signing_key(texts[0].text, texts[1].text, texts[2].text,
                                        texts[3].text, &hex);
    } else {
        converted--; /* the failed conversion holds nothing */
    }
    for (i = 0; i < converted; i++) { /* wipes the secret's copy */
        OPSUTF8Free(&texts[i]);
    }
    if (!ok) {
        return nil;
    }
    if (cerror != NULL) {
        OPSFail(error, cerror);
        return nil;
    }
    key = [self alloc];
    if (key != nil) {
        key = [key initWithHexText:hex
                              date:date
                             scope:[NSString stringWithFormat:@"%@/%@/%@", date, region, product]
                             error:error];
    } else {
        OPSFailWithCode(error, OPSErrorInternal, "hex_key_out", @"hex_key_out: out of memory");
    }
    oss_string_free(hex); /* wipes it */
    return OPS_AUTORELEASE(key);
}

- (instancetype)initWithHexText:(const char *)hex
                           date:(NSString *)date
                          scope:(NSString *)scope
                          error:(NSError **)error {
    OPSUTF8 dateText;
    self = [super init];
    if (self == nil) {
        return nil;
    }
    if (!OPSUTF8Init(&dateText, scope, "date", error)) {
        OPS_RELEASE(self);
        return nil;
    }
    _hexLength = strlen(hex);
    _hex = OPSCopyText(hex, _hexLength);
    _dateText = OPSCopyText(dateText.text, strlen(dateText.text));
    OPSUTF8Free(&dateText);
    _date = [date copy];
    if (_hex == NULL || _dateText == NULL || _date == nil) {
        OPSFailWithCode(error, OPSErrorInternal, "hex_signing_key",
                        @"hex_signing_key: out of memory");
        OPS_RELEASE(self);
        return nil;
    }
    return self;
}

- (instancetype)initWithHexString:(NSString *)hexString date:(NSString *)date error:(NSError **)error {
    OPSUTF8 hexText;
    OPSSigningKey *key;
    if (!OPSUTF8Init(&hexText, hexString, "hex_signing_key", error)) {
        OPS_RELEASE(self);
        return nil;
    }
    key = [self initWithHexText:hexText.text date:date scope:date error:error];
    OPSUTF8Free(&hexText); /* wipes the key's copy */
    return key;
}

- (void)dealloc {
    OPSWipe(_hex, _hexLength);
    free(_hex);
    _hex = NULL;
    free(_dateText);
    _dateText = NULL;
    OPS_RELEASE(_date);
    OPS_SUPER_DEALLOC();
}

- (const char *)ops_hexText {
    return _hex;
}

- (const char *)ops_dateText {
    return _dateText;
}

- (NSString *)scope {
    return [NSString stringWithUTF8String:_dateText];
}

- (NSString *)hexString {
    return OPS_AUTORELEASE([[NSString alloc] initWithBytes:_hex
                                                    length:_hexLength
                                                  encoding:NSUTF8StringEncoding]);
}

- (NSString *)description {
    /* Never the key. */
    return [NSString stringWithFormat:@"<%@: %@, key hidden>", NSStringFromClass([self class]),
                                      [self scope]];
}

@end
