/*
 * OPSPresignerConfiguration.h: addressing and credentials beyond the
 * defaults (over oss_client_config).
 */
#ifndef OPS_PRESIGNER_CONFIGURATION_H
#define OPS_PRESIGNER_CONFIGURATION_H

#import "OPSDefines.h"
#import "OPSSigningKey.h"

NS_ASSUME_NONNULL_BEGIN

/**
 * What -[OPSPresigner initWithConfiguration:error:] builds a presigner from:
 * endpoint, region, path style, custom domain, CloudBox and credentials.
 * A configuration is not consumed: it may build several presigners. Mutable
 * and not synchronised: use it from one thread at a time.
 */
@interface OPSPresignerConfiguration : NSObject
#if OPS_IVARS_IN_HEADERS
{
    OPS_PRESIGNER_CONFIGURATION_IVARS
}
#endif

/** endpoint: [http://|https://]host[:port], https by default. region: the
 *  bucket's region id, e.g. @"cn-hangzhou" (not @"oss-cn-hangzhou"). */
- (instancetype _Nullable)initWithEndpoint:(NSString *)endpoint
                                    region:(NSString *)region
                                     error:(NSError **)error NS_DESIGNATED_INITIALIZER
    NS_SWIFT_NAME(init(endpoint:region:));

#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
+ (instancetype)new OPS_UNAVAILABLE;
#endif

/** Long-term keys (securityToken nil) or STS credentials. The secret and
 *  token are wiped from memory when the configuration and its presigners
 *  are freed. */
- (BOOL)setAccessKeyId:(NSString *)accessKeyId
       accessKeySecret:(NSString *)accessKeySecret
         securityToken:(NSString *_Nullable)securityToken
                 error:(NSError **)error
    NS_SWIFT_NAME(setCredentials(accessKeyId:accessKeySecret:securityToken:));

/** When the credentials set above expire (an STS token's Expiration); nil
 *  for never. Setting credentials again clears it. A presign whose URL would
 *  outlive them fails with OPSErrorCredentialsExpireFirst unless its options
 *  clamp the lifetime (-[OPSGetOptions setClampToCredentials:error:]); one
 *  at or after the expiration fails with OPSErrorCredentialsExpired. Fails
 *  with OPSErrorMissingCredentials before any credentials are set. */
- (BOOL)setCredentialsExpirationDate:(NSDate *_Nullable)expirationDate error:(NSError **)error
    NS_SWIFT_NAME(setCredentialsExpirationDate(_:));

/** Signs with a delegated day key instead of the secret: signingKey (derived
 *  for this configuration's region and product), with the access key id and
 *  STS token (nil for none) it belongs to. Presigners built from it presign
 *  byte-identically to ones built from the secret, for signing times within
 *  the key's UTC day only (others fail with OPSErrorSigningKeyOutOfScope).
 *  A key whose scope names another region or product than the
 *  configuration's makes -[OPSPresigner initWithConfiguration:error:] fail
 *  with OPSErrorSigningKeyOutOfScope.
 *  Credentials and signing keys replace each other: the last call wins.
 *  For a key of STS credentials, -setCredentialsExpirationDate:error: after
 *  this call sets their expiry. */
- (BOOL)setSigningKey:(OPSSigningKey *)signingKey
          accessKeyId:(NSString *)accessKeyId
        securityToken:(NSString *_Nullable)securityToken
                error:(NSError **)error
    NS_SWIFT_NAME(setSigningKey(_:accessKeyId:securityToken:));

/** Reads OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and (optional)
 *  OSS_SESSION_TOKEN from the environment, once, now. */
- (BOOL)setCredentialsFromEnvironmentWithError:(NSError **)error;

/** Path-style URLs (https://endpoint/bucket/key) when YES; virtual-hosted
 *  (https://bucket.endpoint/key, the default) when NO. IP endpoints always
 *  use path style. */
- (BOOL)setPathStyle:(BOOL)enabled error:(NSError **)error;

/** When YES the endpoint is a custom domain bound to the bucket: URLs are
 *  https://domain/key (the bucket is still signed). Wins over path style. */
- (BOOL)setCustomDomain:(BOOL)enabled error:(NSError **)error;

/** Signs for a CloudBox: the id (e.g. @"cb-f8z7yvzgwfkl9q0h") becomes the
 *  signing region, the product becomes oss-cloudbox. */
- (BOOL)setCloudBoxId:(NSString *)cloudBoxId error:(NSError **)error;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_PRESIGNER_CONFIGURATION_H */
