/*
 * OPSPresigner.m: OPSPresigner over oss_client.
 *
 * The handle is set once in the initializer and only read afterwards; the
 * C client is immutable and thread-safe, so no method needs a lock.
 */
#import "OPSPrivate.h"

#include <stddef.h>

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

@end
