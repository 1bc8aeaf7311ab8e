/*
 * OPSPresignedURLResult.m: one entry of a batch presign (plain Foundation
 * data; the batch's C handle is freed before the results are returned).
 */
#import "OPSPrivate.h"

#if !OPS_IVARS_IN_HEADERS
@interface OPSPresignedURLResult () {
    OPS_PRESIGNED_URL_RESULT_IVARS
}
@end
#endif

@implementation OPSPresignedURLResult

@synthesize key = _key;
@synthesize URLString = _URLString;
@synthesize error = _error;
@synthesize signingDate = _signingDate;
@synthesize expirationDate = _expirationDate;

- (instancetype)init {
    /* Unavailable: results come only from a batch presign. */
    OPS_RELEASE(self);
    return nil;
}

- (instancetype)initWithKey:(NSString *)key
                  URLString:(NSString *)URLString
                signingDate:(NSDate *)signingDate
             expirationDate:(NSDate *)expirationDate
                      error:(NSError *)error {
    self = [super init];
    if (self != nil) {
        _key = [key copy];
        _URLString = [URLString copy];
        _error = OPS_RETAIN(error);
        if (URLString != nil) {
            _signingDate = OPS_RETAIN(signingDate);
            _expirationDate = OPS_RETAIN(expirationDate);
        }
        if ((URLString == nil) == (error == nil)) {
            OPS_RELEASE(self);
            return nil;
        }
    }
    return self;
}

- (void)dealloc {
    OPS_RELEASE(_key);
    OPS_RELEASE(_URLString);
    OPS_RELEASE(_error);
    OPS_RELEASE(_signingDate);
    OPS_RELEASE(_expirationDate);
    OPS_SUPER_DEALLOC();
}

- (NSURL *)URL {
    /* Made on each access, not with the batch: NSURL parses the text, which
     * costs about as much as the presign itself (BENCHMARKS.md), and many
     * callers want only the text. The text is ASCII in canonical encoding,
     * so +URLWithString: keeps it as is. */
    return _URLString == nil ? nil : [NSURL URLWithString:_URLString];
}

- (NSString *)description {
    /* Without the query: a URL is a bearer credential until it expires. */
    NSRange query = [_URLString rangeOfString:@"?"];
    if (_URLString == nil) {
        return [NSString stringWithFormat:@"<%@: %@ refused, %ld: %@>",
                                          NSStringFromClass([self class]), _key,
                                          (long)[_error code], [_error localizedDescription]];
    }
    return [NSString stringWithFormat:@"<%@: %@?...>", NSStringFromClass([self class]),
                                      query.location == NSNotFound
                                          ? _URLString
                                          : [_URLString substringToIndex:query.location]];
}

@end
