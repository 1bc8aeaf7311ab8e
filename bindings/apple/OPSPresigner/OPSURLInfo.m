/*
 * OPSURLInfo.m: OPSURLInfo over oss_url_info.
 */
#import "OPSPrivate.h"

#if !OPS_IVARS_IN_HEADERS
@interface OPSURLInfo () {
    OPS_URL_INFO_IVARS
}
@end
#endif

@implementation OPSURLInfo

@synthesize bucket = _bucket;
@synthesize key = _key;
@synthesize accessKeyId = _accessKeyId;
@synthesize region = _region;
@synthesize signingDate = _signingDate;
@synthesize expirationDate = _expirationDate;
@synthesize additionalHeaders = _additionalHeaders;

- (instancetype)init {
    /* Unavailable: an URL info comes only from -[OPSPresigner inspectURLString:error:]. */
    OPS_RELEASE(self);
    return nil;
}

- (instancetype)initWithURLInfoHandle:(oss_url_info *)handle error:(NSError **)error {
    size_t count, i;
    NSMutableArray *headers;
    self = [super init];
    if (self == nil) {
        oss_url_info_free(handle);
        return nil;
    }
    _handle = handle; /* from here on -dealloc frees it */
    _bucket = OPSNewStringFromUTF8(oss_url_info_bucket(handle));
    /* With its length: a key may hold U+0000 (%00 in the URL), which an
     * NSString keeps and a C string would cut. */
    _key = oss_url_info_key(handle) == NULL
               ? nil
               : [[NSString alloc] initWithBytes:oss_url_info_key(handle)
                                          length:oss_url_info_key_len(handle)
                                        encoding:NSUTF8StringEncoding];
    _accessKeyId = OPSNewStringFromUTF8(oss_url_info_access_key_id(handle));
    _region = OPSNewStringFromUTF8(oss_url_info_region(handle));
    _signingDate = OPSNewDateFromUnixSeconds(oss_url_info_signing_time(handle));
    _expirationDate = OPSNewDateFromUnixSeconds(oss_url_info_expiration(handle));
    count = oss_url_info_additional_header_count(handle);
    headers = [[NSMutableArray alloc] initWithCapacity:count];
    for (i = 0; i < count; i++) {
        NSString *name = OPSNewStringFromUTF8(oss_url_info_additional_header(handle, i));
        if (name != nil) {
            [headers addObject:name];
        }
        OPS_RELEASE(name);
    }
    _additionalHeaders = [headers copy];
    OPS_RELEASE(headers);
    if (_bucket == nil || _key == nil || _accessKeyId == nil || _region == nil ||
        _signingDate == nil || _expirationDate == nil || [_additionalHeaders count] != count) {
        OPSFailWithCode(error, OPSErrorInternal, "info",
                        @"info: could not copy the URL's fields into Foundation objects");
        OPS_RELEASE(self);
        return nil;
    }
    return self;
}

- (void)dealloc {
    oss_url_info_free(_handle);
    _handle = NULL;
    OPS_RELEASE(_bucket);
    OPS_RELEASE(_key);
    OPS_RELEASE(_accessKeyId);
    OPS_RELEASE(_region);
    OPS_RELEASE(_signingDate);
    OPS_RELEASE(_expirationDate);
    OPS_RELEASE(_additionalHeaders);
    OPS_SUPER_DEALLOC();
}

- (NSTimeInterval)secondsLeftAtDate:(NSDate *)date {
    return (NSTimeInterval)oss_url_info_seconds_left(
        _handle, OPSUnixSecondsFromDate(date != nil ? date : [NSDate date]));
}

- (NSString *)description {
    return [NSString stringWithFormat:@"<%@: %@/%@, key id %@, %@, signed %@, expires %@>",
                                      NSStringFromClass([self class]), _bucket, _key, _accessKeyId,
                                      _region, _signingDate, _expirationDate];
}

@end
