/*
 * OPSGetOptions.m: OPSGetOptions over oss_get_options.
 */
#import "OPSPrivate.h"

typedef oss_error *(*OPSStringSetter)(oss_get_options *, const char *);
typedef oss_error *(*OPSPairAdder)(oss_get_options *, const char *, const char *);

static BOOL OPSSetString(oss_get_options *handle, OPSStringSetter setter, NSString *value,
                         const char *argument, NSError **error) {
    OPSUTF8 text;
    oss_error *cerror;
    if (!OPSUTF8Init(&text, value, argument, error)) {
        return NO;
    }
    cerror = setter(handle, text.text);
    OPSUTF8Free(&text);
    return OPSCheck(cerror, error);
}

static BOOL OPSAddPair(oss_get_options *handle, OPSPairAdder adder, NSString *name,
                       NSString *value, const char *nameArgument, const char *valueArgument,
                       NSError **error) {
    OPSUTF8 nameText, valueText;
    oss_error *cerror;
    if (!OPSUTF8Init(&nameText, name, nameArgument, error)) {
        return NO;
    }
    if (!OPSUTF8Init(&valueText, value, valueArgument, error)) {
        OPSUTF8Free(&nameText);
        return NO;
    }
    cerror = adder(handle, nameText.text, valueText.text);
    OPSUTF8Free(&nameText);
    OPSUTF8Free(&valueText);
    return OPSCheck(cerror, error);
}

@implementation OPSGetOptions

- (instancetype)init {
    self = [super init];
    if (self != nil) {
        _handle = oss_get_options_new();
        if (_handle == NULL) {
            OPS_RELEASE(self);
            return nil;
        }
    }
    return self;
}

- (void)dealloc {
    oss_get_options_free(_handle);
    _handle = NULL;
    OPS_SUPER_DEALLOC();
}

- (const oss_get_options *)ops_handle {
    return _handle;
}

- (BOOL)setExpires:(uint64_t)seconds error:(NSError **)error {
    return OPSCheck(oss_get_options_set_expires(_handle, seconds), error);
}

- (BOOL)setExpiration:(int64_t)unixSeconds error:(NSError **)error {
    return OPSCheck(oss_get_options_set_expiration(_handle, unixSeconds), error);
}

- (BOOL)setSigningTime:(int64_t)unixSeconds error:(NSError **)error {
    return OPSCheck(oss_get_options_set_signing_time(_handle, unixSeconds), error);
}

- (BOOL)setSigningTimeWindow:(uint64_t)seconds error:(NSError **)error {
    return OPSCheck(oss_get_options_set_signing_time_window(_handle, seconds), error);
}

- (BOOL)setClampToCredentials:(BOOL)clamp error:(NSError **)error {
    return OPSCheck(oss_get_options_set_clamp_to_credentials(_handle, clamp ? true : false), error);
}

- (BOOL)setDiagnostics:(BOOL)enabled error:(NSError **)error {
    return OPSCheck(oss_get_options_set_diagnostics(_handle, enabled ? true : false), error);
}

- (BOOL)setVersionId:(NSString *)versionId error:(NSError **)error {
    return OPSSetString(_handle, oss_get_options_set_version_id, versionId, "version_id", error);
}

- (BOOL)setResponseContentType:(NSString *)value error:(NSError **)error {
    return OPSSetString(_handle, oss_get_options_set_response_content_type, value,
                        "response_content_type", error);
}

- (BOOL)setResponseContentDisposition:(NSString *)value error:(NSError **)error {
    return OPSSetString(_handle, oss_get_options_set_response_content_disposition, value,
                        "response_content_disposition", error);
}

- (BOOL)setResponseCacheControl:(NSString *)value error:(NSError **)error {
    return OPSSetString(_handle, oss_get_options_set_response_cache_control, value,
                        "response_cache_control", error);
}

- (BOOL)setResponseContentEncoding:(NSString *)value error:(NSError **)error {
    return OPSSetString(_handle, oss_get_options_set_response_content_encoding, value,
                        "response_content_encoding", error);
}

- (BOOL)setResponseContentLanguage:(NSString *)value error:(NSError **)error {
    return OPSSetString(_handle, oss_get_options_set_response_content_language, value,
                        "response_content_language", error);
}

- (BOOL)setResponseExpires:(NSString *)value error:(NSError **)error {
    return OPSSetString(_handle, oss_get_options_set_response_expires, value, "response_expires",
                        error);
}

- (BOOL)setProcess:(NSString *)process error:(NSError **)error {
    return OPSSetString(_handle, oss_get_options_set_process, process, "process", error);
}

- (BOOL)setTrafficLimit:(uint64_t)bitsPerSecond error:(NSError **)error {
    return OPSCheck(oss_get_options_set_traffic_limit(_handle, bitsPerSecond), error);
}

- (BOOL)addQueryWithName:(NSString *)name value:(NSString *)value error:(NSError **)error {
    return OPSAddPair(_handle, oss_get_options_add_query, name, value, "query name",
                      "query value", error);
}

- (BOOL)addHeaderWithName:(NSString *)name value:(NSString *)value error:(NSError **)error {
    return OPSAddPair(_handle, oss_get_options_add_header, name, value, "header name",
                      "header value", error);
}

@end
