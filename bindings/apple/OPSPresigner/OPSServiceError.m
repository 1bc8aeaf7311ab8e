/*
 * OPSServiceError.m: OPSServiceError over oss_service_error.
 */
#import "OPSPrivate.h"

NSString *const OPSServiceErrorDomain = @"OPSServiceErrorDomain";
NSString *const OPSServiceErrorCodeKey = @"OPSServiceErrorCode";
NSString *const OPSServiceErrorRequestIdKey = @"OPSServiceErrorRequestId";
NSString *const OPSServiceErrorServerDateKey = @"OPSServiceErrorServerDate";

#if !OPS_IVARS_IN_HEADERS
@interface OPSServiceError () {
    OPS_SERVICE_ERROR_IVARS
}
@end
#endif

@implementation OPSServiceError

@synthesize code = _code;
@synthesize message = _message;
@synthesize serverDate = _serverDate;
@synthesize expirationDate = _expirationDate;

- (instancetype)init {
    /* Unavailable: an error comes from a body. */
    OPS_RELEASE(self);
    return nil;
}

- (instancetype)initWithData:(NSData *)body error:(NSError **)error {
    oss_service_error *handle = NULL;
    oss_error *cerror;
    int64_t seconds;
    self = [super init];
    if (self == nil) {
        return nil;
    }
    if (body == nil) {
        OPSFailWithCode(error, OPSErrorNullArgument, "body", @"body: must not be nil");
        OPS_RELEASE(self);
        return nil;
    }
    cerror = oss_service_error_parse([body length] == 0 ? NULL : (const char *)[body bytes],
                                     (size_t)[body length], &handle);
    if (cerror != NULL) {
        OPSFail(error, cerror);
        OPS_RELEASE(self);
        return nil;
    }
    _handle = handle; /* from here on -dealloc frees it */
    _code = OPSNewStringFromUTF8(oss_service_error_code(handle));
    _message = OPSNewStringFromUTF8(oss_service_error_message(handle));
    seconds = oss_service_error_server_time(handle);
    _serverDate = seconds == 0 ? nil : OPSNewDateFromUnixSeconds(seconds);
    seconds = oss_service_error_expires(handle);
    _expirationDate = seconds == 0 ? nil : OPSNewDateFromUnixSeconds(seconds);
    if (_code == nil) {
        OPSFailWithCode(error, OPSErrorInternal, "body",
                        @"body: could not copy the error into Foundation objects");
        OPS_RELEASE(self);
        return nil;
    }
    return self;
}

- (void)dealloc {
    oss_service_error_free(_handle);
    _handle = NULL;
    OPS_RELEASE(_code);
    OPS_RELEASE(_message);
    OPS_RELEASE(_serverDate);
    OPS_RELEASE(_expirationDate);
    OPS_SUPER_DEALLOC();
}

- (NSString *)stringForField:(NSString *)name {
    OPSUTF8 text;
    NSString *value;
    if (!OPSUTF8Init(&text, name, "name", NULL)) {
        return nil; /* nil, U+0000 or a lone surrogate: no such field */
    }
    value = OPSNewStringFromUTF8(oss_service_error_field(_handle, text.text));
    OPSUTF8Free(&text);
    return OPS_AUTORELEASE(value);
}

- (NSString *)requestId {
    return [self stringForField:@"RequestId"];
}

- (NSString *)stringToSign {
    return [self stringForField:@"StringToSign"];
}

- (NSString *)canonicalRequest {
    return [self stringForField:@"CanonicalRequest"];
}

- (NSError *)errorWithHTTPStatusCode:(NSInteger)statusCode {
    NSMutableDictionary *info = [NSMutableDictionary dictionaryWithCapacity:5];
    NSString *requestId = [self requestId];
    NSString *reason = _message != nil && [_message length] > 0 ? _message : _code;
    [info setObject:[NSString stringWithFormat:@"OSS refused the request (HTTP %ld %@): %@",
                                               (long)statusCode, _code, reason]
             forKey:NSLocalizedDescriptionKey];
    [info setObject:reason forKey:NSLocalizedFailureReasonErrorKey];
    [info setObject:_code forKey:OPSServiceErrorCodeKey];
    if (requestId != nil) {
        [info setObject:requestId forKey:OPSServiceErrorRequestIdKey];
    }
    if (_serverDate != nil) {
        [info setObject:_serverDate forKey:OPSServiceErrorServerDateKey];
    }
    return [NSError errorWithDomain:OPSServiceErrorDomain code:statusCode userInfo:info];
}

- (NSString *)description {
    /* Code, message and request id only: StringToSign and CanonicalRequest
     * hold the URL's query (and any STS token). */
    return [NSString stringWithFormat:@"<%@: %@ \"%@\", RequestId %@>",
                                      NSStringFromClass([self class]), _code,
                                      _message != nil ? _message : @"", [self requestId]];
}

@end
