/*
 * OPSPresigner.m: OPSPresigner over oss_client.
 *
 * The handle is set once in the initializer and only read afterwards. The
 * C client is thread-safe, its live setters included (they swap its
 * signing state atomically), so no method needs a lock.
 */
#import "OPSPrivate.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

@implementation OPSPresigner

+ (NSString *)libraryVersion {
    return OPS_AUTORELEASE(OPSNewStringFromASCII(oss_version()));
}

- (instancetype)init {
    /* Unavailable: a presigner needs an endpoint, a region and credentials. */
    OPS_RELEASE(self);
    return nil;
}

- (instancetype)initWithEndpoint:(NSString *)endpoint
                          region:(NSString *)region
                     accessKeyId:(NSString *)accessKeyId
                 accessKeySecret:(NSString *)accessKeySecret
                   securityToken:(NSString *)securityToken
                           error:(NSError **)error {
    NSString *strings[5];
    static const char *const names[5] = {"endpoint", "region", "access_key_id",
                                         "access_key_secret", "security_token"};
    OPSUTF8 texts[5];
    size_t converted = 0, i;
    oss_client *client = NULL;
    oss_error *cerror = NULL;
    BOOL ok = YES;

    self = [super init];
    if (self == nil) {
        return nil;
    }
    strings[0] = endpoint;
    strings[1] = region;
    strings[2] = accessKeyId;
    strings[3] = accessKeySecret;
    strings[4] = securityToken;
    for (; converted < 5 && ok; converted++) {
        ok = converted == 4
                 ? OPSUTF8InitOptional(&texts[converted], strings[converted], names[converted], error)
                 : OPSUTF8Init(&texts[converted], strings[converted], names[converted], error);
    }
    if (ok) {
        cerror = oss_client_new(texts[0].text, texts[1].text, texts[2].text, texts[3].text,
                                texts[4].text, &client);
    } else {
        converted--; /* the failed conversion holds nothing */
    }
    for (i = 0; i < converted; i++) {
        OPSUTF8Free(&texts[i]);
    }
    if (ok && cerror != NULL) {
        ok = OPSFail(error, cerror);
    }
    if (!ok) {
        OPS_RELEASE(self);
        return nil;
    }
    _handle = client;
    return self;
}

- (instancetype)initWithConfiguration:(OPSPresignerConfiguration *)configuration
                                error:(NSError **)error {
    oss_client *client = NULL;
    oss_error *cerror;
    self = [super init];
    if (self == nil) {
        return nil;
    }
    if (configuration == nil) {
        OPSFailWithCode(error, OPSErrorNullArgument, "configuration",
                        @"configuration: must not be nil");
        OPS_RELEASE(self);
        return nil;
    }
    cerror = oss_client_new_from_config([configuration ops_handle], &client);
    if (cerror != NULL) {
        OPSFail(error, cerror);
        OPS_RELEASE(self);
        return nil;
    }
    _handle = client;
    return self;
}

- (void)dealloc {
    oss_client_free(_handle);
    _handle = NULL;
    OPS_SUPER_DEALLOC();
}

/* Converts bucket and key; on failure *error is set and nothing is held. */
static BOOL OPSConvertTarget(OPSUTF8 *bucketText, OPSUTF8 *keyText, NSString *bucket,
                             NSString *key, NSError **error) {
    if (!OPSUTF8Init(bucketText, bucket, "bucket", error)) {
        return NO;
    }
    if (!OPSUTF8Init(keyText, key, "key", error)) {
        OPSUTF8Free(bucketText);
        return NO;
    }
    return YES;
}

- (NSString *)presignGetURLStringWithBucket:(NSString *)bucket
                                        key:(NSString *)key
                                    options:(OPSGetOptions *)options
                                      error:(NSError **)error {
    OPSUTF8 bucketText, keyText;
    char *url = NULL;
    oss_error *cerror;
    NSString *result;
    if (!OPSConvertTarget(&bucketText, &keyText, bucket, key, error)) {
        return nil;
    }
    cerror = oss_presign_get(_handle, bucketText.text, keyText.text,
                             options == nil ? NULL : [options ops_handle], &url);
    OPSUTF8Free(&bucketText);
    OPSUTF8Free(&keyText);
    if (cerror != NULL) {
        OPSFail(error, cerror);
        return nil;
    }
    result = OPSNewStringFromASCII(url);
    oss_string_free(url);
    if (result == nil) {
        OPSFailWithCode(error, OPSErrorInternal, "url", @"url: could not copy the URL");
        return nil;
    }
    return OPS_AUTORELEASE(result);
}

- (OPSPresignedRequest *)presignGetWithBucket:(NSString *)bucket
                                          key:(NSString *)key
                                      options:(OPSGetOptions *)options
                                        error:(NSError **)error {
    OPSUTF8 bucketText, keyText;
    oss_presigned_request *handle = NULL;
    OPSPresignedRequest *request;
    oss_error *cerror;
    if (!OPSConvertTarget(&bucketText, &keyText, bucket, key, error)) {
        return nil;
    }
    cerror = oss_presign_get_request(_handle, bucketText.text, keyText.text,
                                     options == nil ? NULL : [options ops_handle], &handle);
    OPSUTF8Free(&bucketText);
    OPSUTF8Free(&keyText);
    if (cerror != NULL) {
        OPSFail(error, cerror);
        return nil;
    }
    request = [OPSPresignedRequest alloc];
    if (request == nil) {
        oss_presigned_request_free(handle);
        OPSFailWithCode(error, OPSErrorInternal, "request", @"request: out of memory");
        return nil;
    }
    /* The initializer adopts the handle, also when it fails. */
    return OPS_AUTORELEASE([request initWithPresignedRequestHandle:handle error:error]);
}

/* ------------------------------------------------------------------ batch */

- (NSArray *)presignGetURLStringsWithBucket:(NSString *)bucket
                                       keys:(NSArray *)keys
                                    options:(OPSGetOptions *)options
                                      error:(NSError **)error {
    OPSUTF8 bucketText;
    NSUInteger count, i;
    size_t room = 0;
    const char **texts = NULL;
    char *arena = NULL, *next;
    NSMutableArray *refusals = nil; /* the wrapper's own per-key errors, NSNull for none */
    NSMutableArray *results = nil;
    oss_presign_batch *batch = NULL;
    oss_error *cerror;
    BOOL ok = YES;

    if (keys == nil) {
        OPSFailWithCode(error, OPSErrorNullArgument, "keys", @"keys: must not be nil");
        return nil;
    }
    if (!OPSUTF8Init(&bucketText, bucket, "bucket", error)) {
        return nil;
    }
    count = [keys count];
    /* One block for the UTF-8 of every key. */
    for (i = 0; i < count && ok; i++) {
        id key = [keys objectAtIndex:i];
        if ([key isKindOfClass:[NSString class]]) {
            size_t capacity = OPSUTF8Capacity(key);
            ok = capacity != 0 && room <= SIZE_MAX - capacity;
            room += capacity;
        }
    }
    if (ok && count > 0) {
        texts = calloc(count, sizeof *texts);
        arena = malloc(room == 0 ? 1 : room);
        refusals = [[NSMutableArray alloc] initWithCapacity:count];
        ok = texts != NULL && arena != NULL && refusals != nil;
    }
    if (!ok) {
        OPSUTF8Free(&bucketText);
        free(texts);
        free(arena);
        OPS_RELEASE(refusals);
        OPSFailWithCode(error, OPSErrorLimitExceeded, "keys", @"keys: too much text to convert");
        return nil;
    }
    next = arena;
    for (i = 0; i < count; i++) {
        id key = [keys objectAtIndex:i];
        NSError *refusal = nil;
        if ([key isKindOfClass:[NSString class]]) {
            if (OPSUTF8EncodeInto(key, next, "key", &refusal)) {
                texts[i] = next;
                next += strlen(next) + 1;
            }
        } else if (key != (id)[NSNull null]) {
            /* NSNull goes to the C ABI as NULL, which refuses it itself. */
            OPSFailWithCode(&refusal, OPSErrorInvalidArgument, "key",
                            [NSString stringWithFormat:@"key: must be an NSString, got %@",
                                                       NSStringFromClass([key class])]);
        }
        /* A refused key goes to the C ABI as NULL: it fails that entry only,
         * and the wrapper's own error replaces its NULL_ARGUMENT. */
        [refusals addObject:refusal != nil ? (id)refusal : (id)[NSNull null]];
    }
    cerror = oss_presign_get_batch(_handle, bucketText.text, texts, (size_t)count,
                                   options == nil ? NULL : [options ops_handle], &batch);
    OPSUTF8Free(&bucketText);
    free(texts);
    free(arena);
    if (cerror != NULL) {
        OPS_RELEASE(refusals);
        OPSFail(error, cerror);
        return nil;
    }
    results = [[NSMutableArray alloc] initWithCapacity:count];
    for (i = 0; i < count && results != nil; i++) {
        id key = [keys objectAtIndex:i];
        id refusal = [refusals objectAtIndex:i];
        const char *url = oss_presign_batch_url(batch, i);
        NSString *text = url == NULL || refusal != (id)[NSNull null] ? nil : OPSNewStringFromASCII(url);
        NSError *entryError = refusal != (id)[NSNull null] ? (NSError *)refusal
                              : text == nil ? OPSErrorFromCError(oss_presign_batch_error(batch, i))
                                            : nil;
        OPSPresignedURLResult *result = [[OPSPresignedURLResult alloc]
            initWithKey:[key isKindOfClass:[NSString class]] ? key : nil
              URLString:text
                  error:entryError];
        OPS_RELEASE(text);
        if (result == nil) {
            OPS_RELEASE(results);
            results = nil;
        } else {
            [results addObject:result];
            OPS_RELEASE(result);
        }
    }
    oss_presign_batch_free(batch);
    OPS_RELEASE(refusals);
    if (results == nil) {
        OPSFailWithCode(error, OPSErrorInternal, "batch",
                        @"batch: could not copy the results into Foundation objects");
        return nil;
    }
    return OPS_AUTORELEASE(results);
}

/* ------------------------------------------------------------------ the server's clock */

- (BOOL)setServerDate:(NSDate *)serverDate error:(NSError **)error {
    if (serverDate == nil) {
        return OPSFailWithCode(error, OPSErrorNullArgument, "server_unix_seconds",
                               @"server_unix_seconds: the server date must not be nil");
    }
    return OPSCheck(oss_client_set_server_time(_handle, OPSUnixSecondsFromDate(serverDate)), error);
}

- (NSTimeInterval)clockOffset {
    return (NSTimeInterval)oss_client_clock_offset(_handle);
}

+ (NSDate *)dateFromHTTPDateString:(NSString *)string error:(NSError **)error {
    OPSUTF8 text;
    int64_t seconds = 0;
    oss_error *cerror;
    if (!OPSUTF8Init(&text, string, "text", error)) {
        return nil;
    }
    cerror = oss_parse_http_date(text.text, &seconds);
    OPSUTF8Free(&text);
    if (cerror != NULL) {
        OPSFail(error, cerror);
        return nil;
    }
    return OPS_AUTORELEASE(OPSNewDateFromUnixSeconds(seconds));
}

/* ------------------------------------------------------------------ live signing state */

- (BOOL)setCredentialsWithAccessKeyId:(NSString *)accessKeyId
                      accessKeySecret:(NSString *)accessKeySecret
                        securityToken:(NSString *)securityToken
                       expirationDate:(NSDate *)expirationDate
                                error:(NSError **)error {
    OPSUTF8 idText, secretText, tokenText;
    int64_t expiration;
    oss_error *cerror;
    if (!OPSExpirationSeconds(expirationDate, &expiration, error)) {
        return NO;
    }
    if (!OPSUTF8Init(&idText, accessKeyId, "access_key_id", error)) {
        return NO;
    }
    if (!OPSUTF8Init(&secretText, accessKeySecret, "access_key_secret", error)) {
        OPSUTF8Free(&idText);
        return NO;
    }
    if (!OPSUTF8InitOptional(&tokenText, securityToken, "security_token", error)) {
        OPSUTF8Free(&idText);
        OPSUTF8Free(&secretText);
        return NO;
    }
    cerror = oss_client_set_credentials(_handle, idText.text, secretText.text, tokenText.text,
                                        expiration);
    OPSUTF8Free(&idText);
    OPSUTF8Free(&secretText);
    OPSUTF8Free(&tokenText);
    return OPSCheck(cerror, error);
}

- (BOOL)setSigningKey:(OPSSigningKey *)signingKey
          accessKeyId:(NSString *)accessKeyId
        securityToken:(NSString *)securityToken
                error:(NSError **)error {
    OPSUTF8 idText, tokenText;
    oss_error *cerror;
    if (signingKey == nil) {
        return OPSFailWithCode(error, OPSErrorNullArgument, "hex_signing_key",
                               @"hex_signing_key: the signing key must not be nil");
    }
    if (!OPSUTF8Init(&idText, accessKeyId, "access_key_id", error)) {
        return NO;
    }
    if (!OPSUTF8InitOptional(&tokenText, securityToken, "security_token", error)) {
        OPSUTF8Free(&idText);
        return NO;
    }
    cerror = oss_client_set_signing_key(_handle, idText.text, [signingKey ops_hexText],
                                        [signingKey ops_dateText], tokenText.text);
    OPSUTF8Free(&idText);
    OPSUTF8Free(&tokenText);
    return OPSCheck(cerror, error);
}

@end
