/*
 * OPSGetOptions.m: OPSGetOptions as plain values, turned into the C
 * options (oss_get_options) when they change.
 *
 * The options hold an immutable snapshot: the C options of their current
 * settings, and the settings themselves (one record per setter call that
 * counts). A setter replays the settings with its change onto fresh C
 * options, so the C ABI validates it exactly as it would a call on the
 * options in place (same code, same message), and on success the result
 * replaces the snapshot. A presign retains the snapshot under the lock and
 * reads its C options, which nothing changes any more, outside it: a setter
 * on another thread never touches memory a presign reads.
 */
#import "OPSPrivate.h"

#include <pthread.h>

/* The setters of the C ABI, one entry each: the function (of the one
 * shape it has) and the argument names the wrapper's own string errors use. */
typedef enum OPSOptionKind {
    OPSOptionExpires,
    OPSOptionExpiration,
    OPSOptionSigningTime,
    OPSOptionSigningTimeWindow,
    OPSOptionClampToCredentials,
    OPSOptionDiagnostics,
    OPSOptionTrafficLimit,
    OPSOptionVersionId,
    OPSOptionResponseContentType,
    OPSOptionResponseContentDisposition,
    OPSOptionResponseCacheControl,
    OPSOptionResponseContentEncoding,
    OPSOptionResponseContentLanguage,
    OPSOptionResponseExpires,
    OPSOptionProcess,
    OPSOptionQuery,
    OPSOptionHeader,
    OPSOptionKindCount
} OPSOptionKind;

typedef struct OPSOptionSetter {
    oss_error *(*unsignedSetter)(oss_get_options *, uint64_t);
    oss_error *(*signedSetter)(oss_get_options *, int64_t);
    oss_error *(*flagSetter)(oss_get_options *, bool);
    oss_error *(*stringSetter)(oss_get_options *, const char *);
    oss_error *(*pairAdder)(oss_get_options *, const char *, const char *);
    const char *argument;      /* of the string, or of a pair's name */
    const char *valueArgument; /* of a pair's value */
} OPSOptionSetter;

static const OPSOptionSetter kOPSOptionSetters[OPSOptionKindCount] = {
    [OPSOptionExpires] = {.unsignedSetter = oss_get_options_set_expires},
    [OPSOptionExpiration] = {.signedSetter = oss_get_options_set_expiration},
    [OPSOptionSigningTime] = {.signedSetter = oss_get_options_set_signing_time},
    [OPSOptionSigningTimeWindow] = {.unsignedSetter = oss_get_options_set_signing_time_window},
    [OPSOptionClampToCredentials] = {.flagSetter = oss_get_options_set_clamp_to_credentials},
    [OPSOptionDiagnostics] = {.flagSetter = oss_get_options_set_diagnostics},
    [OPSOptionTrafficLimit] = {.unsignedSetter = oss_get_options_set_traffic_limit},
    [OPSOptionVersionId] = {.stringSetter = oss_get_options_set_version_id,
                            .argument = "version_id"},
    [OPSOptionResponseContentType] = {.stringSetter = oss_get_options_set_response_content_type,
                                      .argument = "response_content_type"},
    [OPSOptionResponseContentDisposition] =
        {.stringSetter = oss_get_options_set_response_content_disposition,
         .argument = "response_content_disposition"},
    [OPSOptionResponseCacheControl] = {.stringSetter = oss_get_options_set_response_cache_control,
                                       .argument = "response_cache_control"},
    [OPSOptionResponseContentEncoding] =
        {.stringSetter = oss_get_options_set_response_content_encoding,
         .argument = "response_content_encoding"},
    [OPSOptionResponseContentLanguage] =
        {.stringSetter = oss_get_options_set_response_content_language,
         .argument = "response_content_language"},
    [OPSOptionResponseExpires] = {.stringSetter = oss_get_options_set_response_expires,
                                  .argument = "response_expires"},
    [OPSOptionProcess] = {.stringSetter = oss_get_options_set_process, .argument = "process"},
    [OPSOptionQuery] = {.pairAdder = oss_get_options_add_query,
                        .argument = "query name",
                        .valueArgument = "query value"},
    [OPSOptionHeader] = {.pairAdder = oss_get_options_add_header,
                         .argument = "header name",
                         .valueArgument = "header value"},
};

/* ------------------------------------------------------------------ settings */

/* One setter call: its kind and its argument(s). Immutable. */
@interface OPSOptionSetting : NSObject {
@public
    OPSOptionKind _kind;
    uint64_t _number; /* an int64_t as its two's complement; a flag as 0 or 1 */
    NSString *_name;  /* a string setter's value, or a pair's name */
    NSString *_value; /* a pair's value */
}
@end

@implementation OPSOptionSetting

- (void)dealloc {
    OPS_RELEASE(_name);
    OPS_RELEASE(_value);
    OPS_SUPER_DEALLOC();
}

@end

static OPSOptionSetting *OPSNewSetting(OPSOptionKind kind, uint64_t number, NSString *name,
                                       NSString *value) NS_RETURNS_RETAINED;
static OPSOptionSetting *OPSNewSetting(OPSOptionKind kind, uint64_t number, NSString *name,
                                       NSString *value) {
    OPSOptionSetting *setting = [[OPSOptionSetting alloc] init];
    if (setting != nil) {
        setting->_kind = kind;
        setting->_number = number;
        setting->_name = [name copy];
        setting->_value = [value copy];
    }
    return setting;
}

/* Calls the C setter of setting on handle. String conversion fails as the
 * setter would on the options in place: the conversion is the same. */
static BOOL OPSApplySetting(oss_get_options *handle, OPSOptionSetting *setting, NSError **error) {
    const OPSOptionSetter *setter = &kOPSOptionSetters[setting->_kind];
    OPSUTF8 name, value;
    oss_error *cerror;
    if (setter->unsignedSetter != NULL) {
        return OPSCheck(setter->unsignedSetter(handle, setting->_number), error);
    }
    if (setter->signedSetter != NULL) {
        return OPSCheck(setter->signedSetter(handle, (int64_t)setting->_number), error);
    }
    if (setter->flagSetter != NULL) {
        return OPSCheck(setter->flagSetter(handle, setting->_number != 0), error);
    }
    if (!OPSUTF8Init(&name, setting->_name, setter->argument, error)) {
        return NO;
    }
    if (setter->stringSetter != NULL) {
        cerror = setter->stringSetter(handle, name.text);
    } else if (!OPSUTF8Init(&value, setting->_value, setter->valueArgument, error)) {
        OPSUTF8Free(&name);
        return NO;
    } else {
        cerror = setter->pairAdder(handle, name.text, value.text);
        OPSUTF8Free(&value);
    }
    OPSUTF8Free(&name);
    return OPSCheck(cerror, error);
}

/* ------------------------------------------------------------------ snapshots */

@implementation OPSGetOptionsSnapshot

- (instancetype)initWithSettings:(NSArray *)settings error:(NSError **)error {
    NSUInteger i;
    self = [super init];
    if (self == nil) {
        return nil;
    }
    _handle = oss_get_options_new();
    if (_handle == NULL) {
        OPSFailWithCode(error, OPSErrorInternal, "options", @"options: could not be made");
        OPS_RELEASE(self);
        return nil;
    }
    for (i = 0; i < [settings count]; i++) {
        if (!OPSApplySetting(_handle, [settings objectAtIndex:i], error)) {
            OPS_RELEASE(self);
            return nil;
        }
    }
    _settings = [settings copy];
    return self;
}

- (void)dealloc {
    oss_get_options_free(_handle);
    _handle = NULL;
    OPS_RELEASE(_settings);
    OPS_SUPER_DEALLOC();
}

- (const oss_get_options *)ops_handle {
    return _handle;
}

- (NSArray *)ops_settings {
    return _settings;
}

@end

/* ------------------------------------------------------------------ options */

#if !OPS_IVARS_IN_HEADERS
@interface OPSGetOptions () {
    OPS_GET_OPTIONS_IVARS
}
@end
#endif

/* Guards every OPSGetOptions' _snapshot pointer: a presign holds it for a
 * retain, a setter for its replay (microseconds, and setters are rare).
 * One static lock, so that -init has nothing that can fail. */
static pthread_mutex_t gOPSOptionsLock = PTHREAD_MUTEX_INITIALIZER;

@implementation OPSGetOptions

- (instancetype)init {
    return [super init];
}

- (void)dealloc {
    OPS_RELEASE(_snapshot);
    _snapshot = nil;
    OPS_SUPER_DEALLOC();
}

- (id)copyWithZone:(NSZone *)zone {
    OPSGetOptions *copy = [[OPSGetOptions allocWithZone:zone] init];
    if (copy != nil) {
        pthread_mutex_lock(&gOPSOptionsLock);
        copy->_snapshot = OPS_RETAIN(_snapshot);
        pthread_mutex_unlock(&gOPSOptionsLock);
    }
    return copy;
}

- (OPSGetOptionsSnapshot *)ops_newSnapshot {
    OPSGetOptionsSnapshot *snapshot;
    pthread_mutex_lock(&gOPSOptionsLock);
    snapshot = OPS_RETAIN(_snapshot);
    pthread_mutex_unlock(&gOPSOptionsLock);
    return snapshot;
}

/* Applies setting: the current settings with it (in place of the earlier
 * value of its kind, or appended for add...), replayed onto new C options
 * that become the snapshot. The earlier value's place is kept: whether a
 * later call succeeded never depended on that value, only on its name. */
- (BOOL)applySetting:(OPSOptionSetting *)setting error:(NSError **)error {
    NSMutableArray *settings;
    OPSGetOptionsSnapshot *snapshot;
    NSUInteger i;
    BOOL replaced = NO;
    if (setting == nil) {
        return OPSFailWithCode(error, OPSErrorInternal, "options", @"options: out of memory");
    }
    pthread_mutex_lock(&gOPSOptionsLock);
    settings = _snapshot == nil ? [[NSMutableArray alloc] init]
                                : [[_snapshot ops_settings] mutableCopy];
    if (setting->_kind != OPSOptionQuery && setting->_kind != OPSOptionHeader) {
        for (i = 0; i < [settings count] && !replaced; i++) {
            OPSOptionSetting *earlier = [settings objectAtIndex:i];
            if (earlier->_kind == setting->_kind) {
                [settings replaceObjectAtIndex:i withObject:setting];
                replaced = YES;
            }
        }
    }
    if (!replaced) {
        [settings addObject:setting];
    }
    snapshot = [[OPSGetOptionsSnapshot alloc] initWithSettings:settings error:error];
    if (snapshot != nil) {
        OPS_RELEASE(_snapshot);
        _snapshot = snapshot;
    }
    pthread_mutex_unlock(&gOPSOptionsLock);
    OPS_RELEASE(settings);
    return snapshot != nil;
}

/* A string is converted when the settings are replayed, with the argument
 * names of kOPSOptionSetters: nil, U+0000 or a lone surrogate fails there
 * with the wrapper's own error. */
- (BOOL)setNumber:(uint64_t)number name:(NSString *)name value:(NSString *)value
               of:(OPSOptionKind)kind
            error:(NSError **)error {
    OPSOptionSetting *setting = OPSNewSetting(kind, number, name, value);
    BOOL ok = [self applySetting:setting error:error];
    OPS_RELEASE(setting);
    return ok;
}

- (BOOL)setNumber:(uint64_t)number of:(OPSOptionKind)kind error:(NSError **)error {
    return [self setNumber:number name:nil value:nil of:kind error:error];
}

- (BOOL)setName:(NSString *)name value:(NSString *)value of:(OPSOptionKind)kind
          error:(NSError **)error {
    return [self setNumber:0 name:name value:value of:kind error:error];
}

- (BOOL)setExpires:(uint64_t)seconds error:(NSError **)error {
    return [self setNumber:seconds of:OPSOptionExpires error:error];
}

- (BOOL)setExpiration:(int64_t)unixSeconds error:(NSError **)error {
    return [self setNumber:(uint64_t)unixSeconds of:OPSOptionExpiration error:error];
}

- (BOOL)setExpirationDate:(NSDate *)expirationDate error:(NSError **)error {
    if (expirationDate == nil) {
        return OPSFailWithCode(error, OPSErrorNullArgument, "expiration",
                               @"expiration: the date must not be nil");
    }
    return [self setExpiration:OPSUnixSecondsFromDate(expirationDate) error:error];
}

- (BOOL)setSigningTime:(int64_t)unixSeconds error:(NSError **)error {
    return [self setNumber:(uint64_t)unixSeconds of:OPSOptionSigningTime error:error];
}

- (BOOL)setSigningDate:(NSDate *)signingDate error:(NSError **)error {
    if (signingDate == nil) {
        return OPSFailWithCode(error, OPSErrorNullArgument, "signing_time",
                               @"signing_time: the date must not be nil");
    }
    return [self setSigningTime:OPSUnixSecondsFromDate(signingDate) error:error];
}

- (BOOL)setSigningTimeWindow:(uint64_t)seconds error:(NSError **)error {
    return [self setNumber:seconds of:OPSOptionSigningTimeWindow error:error];
}

- (BOOL)setClampToCredentials:(BOOL)clamp error:(NSError **)error {
    return [self setNumber:clamp ? 1 : 0 of:OPSOptionClampToCredentials error:error];
}

- (BOOL)setDiagnostics:(BOOL)enabled error:(NSError **)error {
    return [self setNumber:enabled ? 1 : 0 of:OPSOptionDiagnostics error:error];
}

- (BOOL)setVersionId:(NSString *)versionId error:(NSError **)error {
    return [self setName:versionId value:nil of:OPSOptionVersionId error:error];
}

- (BOOL)setResponseContentType:(NSString *)value error:(NSError **)error {
    return [self setName:value value:nil of:OPSOptionResponseContentType error:error];
}

- (BOOL)setResponseContentDisposition:(NSString *)value error:(NSError **)error {
    return [self setName:value value:nil of:OPSOptionResponseContentDisposition error:error];
}

- (BOOL)setResponseCacheControl:(NSString *)value error:(NSError **)error {
    return [self setName:value value:nil of:OPSOptionResponseCacheControl error:error];
}

- (BOOL)setResponseContentEncoding:(NSString *)value error:(NSError **)error {
    return [self setName:value value:nil of:OPSOptionResponseContentEncoding error:error];
}

- (BOOL)setResponseContentLanguage:(NSString *)value error:(NSError **)error {
    return [self setName:value value:nil of:OPSOptionResponseContentLanguage error:error];
}

- (BOOL)setResponseExpires:(NSString *)value error:(NSError **)error {
    return [self setName:value value:nil of:OPSOptionResponseExpires error:error];
}

- (BOOL)setProcess:(NSString *)process error:(NSError **)error {
    return [self setName:process value:nil of:OPSOptionProcess error:error];
}

- (BOOL)setTrafficLimit:(uint64_t)bitsPerSecond error:(NSError **)error {
    return [self setNumber:bitsPerSecond of:OPSOptionTrafficLimit error:error];
}

- (BOOL)addQueryWithName:(NSString *)name value:(NSString *)value error:(NSError **)error {
    return [self setName:name value:value of:OPSOptionQuery error:error];
}

- (BOOL)addHeaderWithName:(NSString *)name value:(NSString *)value error:(NSError **)error {
    return [self setName:name value:value of:OPSOptionHeader error:error];
}

@end
