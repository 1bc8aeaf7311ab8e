/*
 * OPSPresignedURLResult.m: one entry of a batch presign (plain Foundation
 * data; the batch's C handle is freed before the results are returned).
 */
#import "OPSPrivate.h"

@implementation OPSPresignedURLResult

@synthesize key = _key;
@synthesize URLString = _URLString;
@synthesize URL = _URL;
@synthesize error = _error;

- (instancetype)init {
    /* Unavailable: results come only from a batch presign. */
    OPS_RELEASE(self);
    return nil;
}

- (instancetype)initWithKey:(NSString *)key URLString:(NSString *)URLString error:(NSError *)error {
    self = [super init];
    if (self != nil) {
        _key = [key copy];
        _URLString = [URLString copy];
        _URL = URLString == nil ? nil : [[NSURL alloc] initWithString:URLString];
        _error = OPS_RETAIN(error);
        if ((URLString != nil && _URL == nil) || (URLString == nil) == (error == nil)) {
            OPS_RELEASE(self);
            return nil;
        }
    }
    return self;
}

- (void)dealloc {
    OPS_RELEASE(_key);
    OPS_RELEASE(_URLString);
    OPS_RELEASE(_URL);
    OPS_RELEASE(_error);
    OPS_SUPER_DEALLOC();
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
