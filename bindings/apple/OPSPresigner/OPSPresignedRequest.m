/*
 * OPSPresignedRequest.m: OPSPresignedRequest over oss_presigned_request.
 */
#import "OPSPrivate.h"

#include <string.h>

#if !OPS_IVARS_IN_HEADERS
@interface OPSPresignedRequest () {
    OPS_PRESIGNED_REQUEST_IVARS
}
@end
#endif

@implementation OPSPresignedRequest

@synthesize URLString = _URLString;
@synthesize URL = _URL;
@synthesize HTTPMethod = _HTTPMethod;
@synthesize signingDate = _signingDate;
@synthesize expirationDate = _expirationDate;
@synthesize headers = _headers;
@synthesize canonicalRequest = _canonicalRequest;
@synthesize stringToSign = _stringToSign;

- (instancetype)init {
    /* Unavailable: a presigned request comes only from OPSPresigner. */
    OPS_RELEASE(self);
    return nil;
}

/* Copies what the request says into Foundation objects; nil when one
 * cannot be made. The caller frees handle. */
- (BOOL)copyPresignedRequest:(const oss_presigned_request *)handle error:(NSError **)error {
    size_t count, i;
    NSMutableDictionary *headers;
    _URLString = OPSNewStringFromASCII(oss_presigned_request_url(handle));
    _URL = _URLString == nil ? nil : [[NSURL alloc] initWithString:_URLString];
    _HTTPMethod = OPSNewStringFromASCII(oss_presigned_request_method(handle));
    _signingDate = OPSNewDateFromUnixSeconds(oss_presigned_request_signing_time(handle));
    _expirationDate = OPSNewDateFromUnixSeconds(oss_presigned_request_expiration(handle));
    count = oss_presigned_request_header_count(handle);
    headers = [[NSMutableDictionary alloc] initWithCapacity:count];
    for (i = 0; i < count; i++) {
        const char *name = NULL, *value = NULL;
        NSString *nameString, *valueString;
        oss_error *cerror = oss_presigned_request_header(handle, i, &name, &value);
        if (cerror != NULL) {
            OPS_RELEASE(headers);
            return OPSFail(error, cerror);
        }
        /* Header names are tokens and values printable ASCII. */
        nameString = OPSNewStringFromASCII(name);
        valueString = OPSNewStringFromASCII(value);
        if (nameString != nil && valueString != nil) {
            [headers setObject:valueString forKey:nameString];
        }
        OPS_RELEASE(nameString);
        OPS_RELEASE(valueString);
    }
    _headers = [headers copy];
    OPS_RELEASE(headers);
    /* NULL unless the options asked for diagnostics. */
    _canonicalRequest = OPSNewStringFromUTF8(oss_presigned_request_canonical_request(handle));
    _stringToSign = OPSNewStringFromUTF8(oss_presigned_request_string_to_sign(handle));
    if ((oss_presigned_request_canonical_request(handle) != NULL && _canonicalRequest == nil) ||
        (oss_presigned_request_string_to_sign(handle) != NULL && _stringToSign == nil) ||
        _URLString == nil || _URL == nil || _HTTPMethod == nil || _signingDate == nil ||
        _expirationDate == nil || _headers == nil || [_headers count] != count) {
        return OPSFailWithCode(error, OPSErrorInternal, "request",
                               @"request: could not copy the presigned request into Foundation "
                               @"objects");
    }
    return YES;
}

- (instancetype)initWithPresignedRequestHandle:(oss_presigned_request *)handle error:(NSError **)error {
    BOOL copied;
    self = [super init];
    copied = self != nil && [self copyPresignedRequest:handle error:error];
    /* Everything is copied: the C request is not kept. */
    oss_presigned_request_free(handle);
    if (!copied) {
        OPS_RELEASE(self);
        return nil;
    }
    return self;
}

- (void)dealloc {
    OPS_RELEASE(_URLString);
    OPS_RELEASE(_URL);
    OPS_RELEASE(_HTTPMethod);
    OPS_RELEASE(_signingDate);
    OPS_RELEASE(_expirationDate);
    OPS_RELEASE(_headers);
    OPS_RELEASE(_canonicalRequest);
    OPS_RELEASE(_stringToSign);
    OPS_SUPER_DEALLOC();
}

- (NSURLRequest *)URLRequest {
    NSMutableURLRequest *request = [[NSMutableURLRequest alloc] initWithURL:_URL];
    NSEnumerator *names = [_headers keyEnumerator];
    NSString *name;
    NSURLRequest *copy;
    [request setHTTPMethod:_HTTPMethod];
    while ((name = [names nextObject]) != nil) {
        [request setValue:[_headers objectForKey:name] forHTTPHeaderField:name];
    }
    copy = [request copy];
    OPS_RELEASE(request);
    return OPS_AUTORELEASE(copy);
}

- (NSString *)description {
    /* Without the query: it is a bearer credential until it expires (and
     * holds the STS token, if any), and descriptions end up in logs. */
    NSRange query = [_URLString rangeOfString:@"?"];
    NSString *target = query.location == NSNotFound ? _URLString
                                                    : [_URLString substringToIndex:query.location];
    return [NSString stringWithFormat:@"<%@: %@ %@?..., expires %@, %lu header(s)>",
                                      NSStringFromClass([self class]), _HTTPMethod, target,
                                      _expirationDate, (unsigned long)[_headers count]];
}

@end
