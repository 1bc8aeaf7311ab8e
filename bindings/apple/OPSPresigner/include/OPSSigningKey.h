/*
 * OPSSigningKey.h: a delegated V4 signing key of one UTC day, so that a
 * device presigns without ever holding the access key secret.
 */
#ifndef OPS_SIGNING_KEY_H
#define OPS_SIGNING_KEY_H

#import "OPSDefines.h"

NS_ASSUME_NONNULL_BEGIN

/**
 * The OSS V4 signing key of one UTC day, region and product: what an app
 * server derives from the secret (+deriveWithSecret:date:region:product:error:)
 * and hands to the device, as hexString and scope, together with the access
 * key id and STS token it belongs to. The device builds one with
 * -initWithHexString:date:error: (the scope as its date) and signs with
 * -[OPSPresignerConfiguration setSigningKey:accessKeyId:securityToken:error:]
 * or, on a live presigner, -[OPSPresigner setSigningKey:accessKeyId:securityToken:error:]:
 * its URLs are byte-identical to the secret's within that UTC day, a
 * signing time outside it fails with OPSErrorSigningKeyOutOfScope, and so
 * does a key whose scope names another region or product than the
 * presigner's (whose URLs OSS would refuse). Hand over the next day's key
 * before midnight UTC: a presigner keeps today's until its day ends.
 *
 * What a key allows: within its UTC day, region and product, any bucket,
 * object and method the access key may use; a URL signed at the day's last
 * second lives up to 7 days past the day's end.
 *
 * The key is as secret as the secret, for that day: this object keeps it in
 * memory it wipes when freed and -description never shows it. hexString
 * makes an NSString, which Foundation cannot wipe: ask for it only to send
 * the key to the device. Immutable and safe to share between threads.
 */
OPS_FINAL
NS_SWIFT_SENDABLE
@interface OPSSigningKey : NSObject
#if OPS_IVARS_IN_HEADERS
{
    OPS_SIGNING_KEY_IVARS
}
#endif

/** Derives the signing key of the UTC day date (@"20240102") for region
 *  (the signing region of the presigners that will use it; the CloudBox id
 *  for a CloudBox) and product (@"oss", or @"oss-cloudbox"). */
+ (instancetype _Nullable)deriveWithSecret:(NSString *)accessKeySecret
                                      date:(NSString *)date
                                    region:(NSString *)region
                                   product:(NSString *)product
                                     error:(NSError **)error
    NS_SWIFT_NAME(derive(secret:date:region:product:));

/** A key received from the app server: its 64 hex digits (either case) and
 *  its scope, YYYYMMDD/region/product (the sender's scope property), or its
 *  UTC day alone, YYYYMMDD (then a key of another region or product cannot
 *  be told apart). Both are checked when the key is set on a configuration
 *  or presigner (OPSErrorInvalidSigningKey). */
- (instancetype _Nullable)initWithHexString:(NSString *)hexString
                                       date:(NSString *)date
                                      error:(NSError **)error
    NS_SWIFT_NAME(init(hexString:date:));

#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
+ (instancetype)new OPS_UNAVAILABLE;
#endif

/** The key as hex digits (lowercase when derived here): a secret. */
@property (nonatomic, readonly, copy) NSString *hexString;
/** Its UTC day as given: YYYYMMDD (or the scope, when received as one). */
@property (nonatomic, readonly, copy) NSString *date;
/** Its scope as V4 writes it, YYYYMMDD/region/product, when known (always
 *  for a key derived here); else its date. Send it with hexString. */
@property (nonatomic, readonly, copy) NSString *scope;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_SIGNING_KEY_H */
