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

#if !OPS_IVARS_IN_HEADERS
@interface OPSPresigner () {
    OPS_PRESIGNER_IVARS
}
@end
#endif

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

/* The C presign entry points, one per output kind: GET or HEAD. */
typedef oss_error *(*OPSURLPresign)(const oss_client *, const char *, const char *,
                                    const oss_get_options *, char **);
typedef oss_error *(*OPSRequestPresign)(const oss_client *, const char *, const char *,
                                        const oss_get_options *, oss_presigned_request **);

/* The URL text of presign(client, bucket, key, a snapshot of options). */
static NSString *OPSPresignURLString(const oss_client *client, OPSURLPresign presign,
                                     NSString *bucket, NSString *key, OPSGetOptions *options,
                                     NSError **error) {
    OPSUTF8 bucketText, keyText;
    char *url = NULL;
    oss_error *cerror;
    NSString *result;
    OPSGetOptionsSnapshot *snapshot OPS_PRECISE_LIFETIME;
    if (!OPSConvertTarget(&bucketText, &keyText, bucket, key, error)) {
        return nil;
    }
    snapshot = [options ops_newSnapshot];
    cerror = presign(client, bucketText.text, keyText.text, [snapshot ops_handle], &url);
    OPS_RELEASE(snapshot);
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

/* The presigned request of presign(client, bucket, key, a snapshot of options). */
static OPSPresignedRequest *OPSPresignRequest(const oss_client *client, OPSRequestPresign presign,
                                              NSString *bucket, NSString *key,
                                              OPSGetOptions *options, NSError **error) {
    OPSUTF8 bucketText, keyText;
    oss_presigned_request *handle = NULL;
    OPSPresignedRequest *request;
    oss_error *cerror;
    OPSGetOptionsSnapshot *snapshot OPS_PRECISE_LIFETIME;
    if (!OPSConvertTarget(&bucketText, &keyText, bucket, key, error)) {
        return nil;
    }
    snapshot = [options ops_newSnapshot];
    cerror = presign(client, bucketText.text, keyText.text, [snapshot ops_handle], &handle);
    OPS_RELEASE(snapshot);
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

- (NSString *)presignGetURLStringWithBucket:(NSString *)bucket
                                        key:(NSString *)key
                                    options:(OPSGetOptions *)options
                                      error:(NSError **)error {
    return OPSPresignURLString(_handle, oss_presign_get, bucket, key, options, error);
}

- (OPSPresignedRequest *)presignGetWithBucket:(NSString *)bucket
                                          key:(NSString *)key
                                      options:(OPSGetOptions *)options
                                        error:(NSError **)error {
    return OPSPresignRequest(_handle, oss_presign_get_request, bucket, key, options, error);
}

- (NSString *)presignHeadURLStringWithBucket:(NSString *)bucket
                                         key:(NSString *)key
                                     options:(OPSGetOptions *)options
                                       error:(NSError **)error {
    return OPSPresignURLString(_handle, oss_presign_head, bucket, key, options, error);
}

- (OPSPresignedRequest *)presignHeadWithBucket:(NSString *)bucket
                                           key:(NSString *)key
                                       options:(OPSGetOptions *)options
                                         error:(NSError **)error {
    return OPSPresignRequest(_handle, oss_presign_head_request, bucket, key, options, error);
}

/* ------------------------------------------------------------------ batch */

- (NSArray *)presignGetURLStringsWithBucket:(NSString *)bucket
                                       keys:(NSArray *)keys
                                    options:(OPSGetOptions *)options
                                      error:(NSError **)error {
    OPSUTF8 bucketText;
    OPSUTF8List keyTexts;
    NSUInteger count, i;
    NSMutableArray *refusals; /* the wrapper's own per-key errors (OPSUTF8ListInit) */
    NSMutableArray *results = nil;
    NSDate *signingDate, *expirationDate;
    oss_presign_batch *batch = NULL;
    oss_error *cerror;
    OPSGetOptionsSnapshot *snapshot OPS_PRECISE_LIFETIME;

    if (keys == nil) {
        OPSFailWithCode(error, OPSErrorNullArgument, "keys", @"keys: must not be nil");
        return nil;
    }
    if (!OPSUTF8Init(&bucketText, bucket, "bucket", error)) {
        return nil;
    }
    count = [keys count];
    refusals = [[NSMutableArray alloc] initWithCapacity:count];
    /* A key the conversion refuses goes to the C ABI as NULL: that fails its
     * entry only, and the wrapper's own error replaces NULL_ARGUMENT. */
    if (refusals == nil || !OPSUTF8ListInit(&keyTexts, keys, "key", refusals, error)) {
        OPSUTF8Free(&bucketText);
        OPS_RELEASE(refusals);
        return nil;
    }
    snapshot = [options ops_newSnapshot];
    cerror = oss_presign_get_batch(_handle, bucketText.text, keyTexts.texts, (size_t)count,
                                   [snapshot ops_handle], &batch);
    OPS_RELEASE(snapshot);
    OPSUTF8Free(&bucketText);
    OPSUTF8ListFree(&keyTexts);
    if (cerror != NULL) {
        OPS_RELEASE(refusals);
        OPSFail(error, cerror);
        return nil;
    }
    /* One signing time and expiration for the whole batch. */
    signingDate = OPSNewDateFromUnixSeconds(oss_presign_batch_signing_time(batch));
    expirationDate = OPSNewDateFromUnixSeconds(oss_presign_batch_expiration(batch));
    results = signingDate == nil || expirationDate == nil
                  ? nil
                  : [[NSMutableArray alloc] initWithCapacity:count];
    for (i = 0; i < count && results != nil; i++) {
        id key = [keys objectAtIndex:i];
        id refusal = i < [refusals count] ? [refusals objectAtIndex:i] : (id)[NSNull null];
        const char *url = oss_presign_batch_url(batch, i);
        NSString *text = url == NULL || refusal != (id)[NSNull null] ? nil : OPSNewStringFromASCII(url);
        NSError *entryError = refusal != (id)[NSNull null] ? (NSError *)refusal
                              : text == nil ? OPSErrorFromCError(oss_presign_batch_error(batch, i))
                                            : nil;
        OPSPresignedURLResult *result = [[OPSPresignedURLResult alloc]
            initWithKey:text != nil || [key isKindOfClass:[NSString class]] ? key : nil
              URLString:text
            signingDate:signingDate
         expirationDate:expirationDate
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
    OPS_RELEASE(signingDate);
    OPS_RELEASE(expirationDate);
    if (results == nil) {
        OPSFailWithCode(error, OPSErrorInternal, "batch",
                        @"batch: could not copy the results into Foundation objects");
        return nil;
    }
    return OPS_AUTORELEASE(results);
}

/* ------------------------------------------------------------------ reading URLs back */

- (OPSURLInfo *)inspectURLString:(NSString *)URLString error:(NSError **)error {
    OPSUTF8 text;
    oss_url_info *handle = NULL;
    oss_error *cerror;
    OPSURLInfo *info;
    if (!OPSUTF8Init(&text, URLString, "url", error)) {
        return nil;
    }
    cerror = oss_client_inspect_url(_handle, text.text, &handle);
    OPSUTF8Free(&text);
    if (cerror != NULL) {
        OPSFail(error, cerror);
        return nil;
    }
    info = [OPSURLInfo alloc];
    if (info == nil) {
        oss_url_info_free(handle);
        OPSFailWithCode(error, OPSErrorInternal, "info", @"info: out of memory");
        return nil;
    }
    /* The initializer adopts the handle, also when it fails. */
    return OPS_AUTORELEASE([info initWithURLInfoHandle:handle error:error]);
}

- (BOOL)verifyURLString:(NSString *)URLString
                headers:(NSDictionary *)headers
                   date:(NSDate *)date
                  error:(NSError **)error {
    OPSUTF8 text;
    OPSUTF8List names, values;
    NSArray *keys = headers == nil ? [NSArray array] : [headers allKeys];
    NSMutableArray *objects = [NSMutableArray arrayWithCapacity:[keys count]];
    NSUInteger i;
    oss_error *cerror;
    if (date == nil) {
        return OPSFailWithCode(error, OPSErrorNullArgument, "now_unix_seconds",
                               @"now_unix_seconds: the date must not be nil");
    }
    for (i = 0; i < [keys count]; i++) {
        [objects addObject:[headers objectForKey:[keys objectAtIndex:i]]];
    }
    if (!OPSUTF8Init(&text, URLString, "url", error)) {
        return NO;
    }
    if (!OPSUTF8ListInit(&names, keys, "header_names", nil, error)) {
        OPSUTF8Free(&text);
        return NO;
    }
    if (!OPSUTF8ListInit(&values, objects, "header_values", nil, error)) {
        OPSUTF8Free(&text);
        OPSUTF8ListFree(&names);
        return NO;
    }
    cerror = oss_client_verify_url(_handle, text.text, names.texts, values.texts, [keys count],
                                   OPSUnixSecondsFromDate(date));
    OPSUTF8Free(&text);
    OPSUTF8ListFree(&names);
    OPSUTF8ListFree(&values);
    return OPSCheck(cerror, error);
}

+ (OPSKeyLintReport *)lintKey:(NSString *)key error:(NSError **)error {
    OPSUTF8 text;
    uint32_t bits = 0;
    oss_error *cerror;
    if (!OPSUTF8Init(&text, key, "key", error)) {
        return nil;
    }
    cerror = oss_lint_key(text.text, &bits);
    OPSUTF8Free(&text);
    if (cerror != NULL) {
        OPSFail(error, cerror);
        return nil;
    }
    return OPS_AUTORELEASE([[OPSKeyLintReport alloc] initWithKey:key findings:(OPSKeyLint)bits]);
}

+ (BOOL)lintKey:(NSString *)key findings:(OPSKeyLint *)findings error:(NSError **)error {
    OPSKeyLintReport *report = [self lintKey:key error:error];
    if (report == nil) {
        return NO;
    }
    if (findings != NULL) {
        *findings = [report findings];
    }
    return YES;
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
    return [self setSigningKey:signingKey
                   accessKeyId:accessKeyId
                 securityToken:securityToken
                expirationDate:nil
                         error:error];
}

- (BOOL)setSigningKey:(OPSSigningKey *)signingKey
          accessKeyId:(NSString *)accessKeyId
        securityToken:(NSString *)securityToken
       expirationDate:(NSDate *)expirationDate
                error:(NSError **)error {
    OPSUTF8 idText, tokenText;
    int64_t expiration;
    oss_error *cerror;
    if (!OPSExpirationSeconds(expirationDate, &expiration, error)) {
        return NO;
    }
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
    cerror = oss_client_set_signing_key_with_expiration(_handle, idText.text,
                                                        [signingKey ops_hexText],
                                                        [signingKey ops_dateText], tokenText.text,
                                                        expiration);
    OPSUTF8Free(&idText);
    OPSUTF8Free(&tokenText);
    return OPSCheck(cerror, error);
}

@end
