/*
 * OPSPresigner.h: Alibaba Cloud OSS V4 presigned GET URLs for Objective-C
 * and Swift. The umbrella header of the wrapper: import this one.
 *
 *     NSError *error = nil;
 *     OPSPresigner *presigner =
 *         [[OPSPresigner alloc] initWithEndpoint:@"oss-cn-hangzhou.aliyuncs.com"
 *                                         region:@"cn-hangzhou"
 *                                    accessKeyId:keyId
 *                                accessKeySecret:keySecret
 *                                  securityToken:nil
 *                                          error:&error];
 *     OPSPresignedRequest *request =
 *         [presigner presignGetWithBucket:@"examplebucket" key:@"photos/a b.jpg"
 *                                 options:nil error:&error];
 *
 * Rules for every method: nil or NO only on failure, and *error is set only
 * then (error may be NULL); never an exception. Strings go to the library as
 * exact UTF-8: an NSString holding U+0000 (OPSErrorEmbeddedNul) or an
 * unpaired UTF-16 surrogate (OPSErrorInvalidUTF8) is refused, never cut.
 */
#ifndef OPS_PRESIGNER_H
#define OPS_PRESIGNER_H

#import "OPSDefines.h"
#import "OPSErrors.h"
#import "OPSGetOptions.h"
#import "OPSPresignedRequest.h"
#import "OPSPresignerConfiguration.h"

NS_ASSUME_NONNULL_BEGIN

/**
 * Presigns GETs for one endpoint, region and set of credentials (over
 * oss_client).
 *
 * Thread-safe: immutable after creation, so one instance may be shared by
 * any number of threads and dispatch queues, presigning at once, with no
 * lock on the presign path. (Sendable in Swift.)
 */
NS_SWIFT_SENDABLE
@interface OPSPresigner : NSObject {
@private
    void *_handle; /* oss_client * */
}

/** A presigner with default addressing (virtual-hosted; path style for IP
 *  endpoints). endpoint: [http://|https://]host[:port], https by default;
 *  region: e.g. @"cn-hangzhou"; securityToken: the STS token, or nil for
 *  long-term keys. All strings are copied. */
- (instancetype _Nullable)initWithEndpoint:(NSString *)endpoint
                                    region:(NSString *)region
                               accessKeyId:(NSString *)accessKeyId
                           accessKeySecret:(NSString *)accessKeySecret
                             securityToken:(NSString *_Nullable)securityToken
                                     error:(NSError **)error NS_DESIGNATED_INITIALIZER
    NS_SWIFT_NAME(init(endpoint:region:accessKeyId:accessKeySecret:securityToken:));

/** A presigner from a configuration (path style, custom domain, CloudBox,
 *  environment credentials). The configuration is copied: changing it later
 *  does not change this presigner. */
- (instancetype _Nullable)initWithConfiguration:(OPSPresignerConfiguration *)configuration
                                          error:(NSError **)error NS_DESIGNATED_INITIALIZER
    NS_SWIFT_NAME(init(configuration:));

#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
+ (instancetype)new OPS_UNAVAILABLE;
#endif

/** Presigns a GET of key in bucket and returns the URL text, to be sent
 *  unchanged. options nil: the defaults (900 s, signed now). If the options
 *  add headers, use -presignGetWithBucket:key:options:error: to learn them. */
- (NSString *_Nullable)presignGetURLStringWithBucket:(NSString *)bucket
                                                 key:(NSString *)key
                                             options:(OPSGetOptions *_Nullable)options
                                               error:(NSError **)error
    NS_SWIFT_NAME(presignGetURLString(bucket:key:options:));

/** Presigns a GET of key in bucket: the URL plus the headers the GET must
 *  send, the signing time and the expiration. */
- (OPSPresignedRequest *_Nullable)presignGetWithBucket:(NSString *)bucket
                                                   key:(NSString *)key
                                               options:(OPSGetOptions *_Nullable)options
                                                 error:(NSError **)error
    NS_SWIFT_NAME(presignGet(bucket:key:options:));

/** The version of the linked C library, e.g. @"0.1.0". */
+ (NSString *)libraryVersion;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_PRESIGNER_H */
