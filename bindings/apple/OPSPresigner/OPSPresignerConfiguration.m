/*
 * OPSPresignerConfiguration.m: OPSPresignerConfiguration over oss_client_config.
 */
#import "OPSPrivate.h"

#if !OPS_IVARS_IN_HEADERS
@interface OPSPresignerConfiguration () {
    OPS_PRESIGNER_CONFIGURATION_IVARS
}
@end
#endif

@implementation OPSPresignerConfiguration

- (instancetype)init {
    /* Unavailable: use -initWithEndpoint:region:error:. */
    OPS_RELEASE(self);
    return nil;
}

- (instancetype)initWithEndpoint:(NSString *)endpoint
                          region:(NSString *)region
                           error:(NSError **)error {
    OPSUTF8 endpointText, regionText;
    oss_client_config *config = NULL;
    oss_error *cerror;
    self = [super init];
    if (self == nil) {
        return nil;
    }
    if (!OPSUTF8Init(&endpointText, endpoint, "endpoint", error)) {
        OPS_RELEASE(self);
        return nil;
    }
    if (!OPSUTF8Init(&regionText, region, "region", error)) {
        OPSUTF8Free(&endpointText);
        OPS_RELEASE(self);
        return nil;
    }
    cerror = oss_client_config_new(endpointText.text, regionText.text, &config);
    OPSUTF8Free(&endpointText);
    OPSUTF8Free(&regionText);
    if (cerror != NULL) {
        OPSFail(error, cerror);
        OPS_RELEASE(self);
        return nil;
    }
    _handle = config;
    return self;
}

- (void)dealloc {
    oss_client_config_free(_handle);
    _handle = NULL;
    OPS_SUPER_DEALLOC();
}

- (const oss_client_config *)ops_handle {
    return _handle;
}

- (BOOL)setAccessKeyId:(NSString *)accessKeyId
       accessKeySecret:(NSString *)accessKeySecret
         securityToken:(NSString *)securityToken
                 error:(NSError **)error {
    OPSUTF8 idText, secretText, tokenText;
    oss_error *cerror;
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
    cerror = oss_client_config_set_credentials(_handle, idText.text, secretText.text,
                                               tokenText.text);
    OPSUTF8Free(&idText);
    OPSUTF8Free(&secretText);
    OPSUTF8Free(&tokenText);
    return OPSCheck(cerror, error);
}

- (BOOL)setCredentialsExpirationDate:(NSDate *)expirationDate error:(NSError **)error {
    int64_t seconds;
    if (!OPSExpirationSeconds(expirationDate, &seconds, error)) {
        return NO;
    }
    return OPSCheck(oss_client_config_set_credentials_expiration(_handle, seconds), error);
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
    cerror = oss_client_config_set_signing_key(_handle, idText.text, [signingKey ops_hexText],
                                               [signingKey ops_dateText], tokenText.text);
    OPSUTF8Free(&idText);
    OPSUTF8Free(&tokenText);
    return OPSCheck(cerror, error);
}

- (BOOL)setCredentialsFromEnvironmentWithError:(NSError **)error {
    return OPSCheck(oss_client_config_set_credentials_from_env(_handle), error);
}

- (BOOL)setPathStyle:(BOOL)enabled error:(NSError **)error {
    return OPSCheck(oss_client_config_set_path_style(_handle, enabled ? true : false), error);
}

- (BOOL)setCustomDomain:(BOOL)enabled error:(NSError **)error {
    return OPSCheck(oss_client_config_set_custom_domain(_handle, enabled ? true : false), error);
}

- (BOOL)setCloudBoxId:(NSString *)cloudBoxId error:(NSError **)error {
    OPSUTF8 text;
    oss_error *cerror;
    if (!OPSUTF8Init(&text, cloudBoxId, "cloudbox_id", error)) {
        return NO;
    }
    cerror = oss_client_config_set_cloudbox_id(_handle, text.text);
    OPSUTF8Free(&text);
    return OPSCheck(cerror, error);
}

@end
