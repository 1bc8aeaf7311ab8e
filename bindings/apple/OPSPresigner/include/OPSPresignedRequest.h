/*
 * OPSPresignedRequest.h: a presigned GET or HEAD (over oss_presigned_request).
 */
#ifndef OPS_PRESIGNED_REQUEST_H
#define OPS_PRESIGNED_REQUEST_H

#import "OPSDefines.h"

NS_ASSUME_NONNULL_BEGIN

/**
 * A presigned GET or HEAD: the URL, the method and the headers the request
 * must send. Immutable (no subclasses) and safe to read from any thread; it
 * outlives the presigner and options that made it, and holds no C memory:
 * everything is copied into Foundation objects when it is made. Made only
 * by -[OPSPresigner presignGetWithBucket:key:options:error:] and
 * -[OPSPresigner presignHeadWithBucket:key:options:error:].
 *
 * Send it as is: URLRequest is the request to hand to NSURLSession (URL,
 * method and every signed header set). OSS refuses it with another method,
 * without those headers, or with other values.
 *
 * The URL is a bearer credential until it expires (and holds the STS token,
 * if any): -description shows it without its query (and without the
 * diagnostics), so it is safe for logs.
 */
OPS_FINAL
NS_SWIFT_SENDABLE
@interface OPSPresignedRequest : NSObject
#if OPS_IVARS_IN_HEADERS
{
    OPS_PRESIGNED_REQUEST_IVARS
}
#endif

#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
+ (instancetype)new OPS_UNAVAILABLE;
#endif

/** The URL exactly as signed: ASCII, in OSS's canonical encoding. */
@property (nonatomic, readonly, copy) NSString *URLString NS_SWIFT_NAME(urlString);
/** The same text as an NSURL (its absoluteString is URLString). */
@property (nonatomic, readonly, copy) NSURL *URL NS_SWIFT_NAME(url);
/** The HTTP method, which is signed: @"GET" or @"HEAD". */
@property (nonatomic, readonly, copy) NSString *HTTPMethod NS_SWIFT_NAME(httpMethod);
/** The signing time (x-oss-date), whole seconds. */
@property (nonatomic, readonly, copy) NSDate *signingDate;
/** When OSS starts refusing the URL (signing time + x-oss-expires). */
@property (nonatomic, readonly, copy) NSDate *expirationDate;
/** The headers the request must send, name -> value; empty for a plain presign. */
@property (nonatomic, readonly, copy) OPS_STRING_DICTIONARY *headers;
/** A new NSURLRequest of this GET or HEAD: URL, HTTPMethod and every entry of
 *  headers set (Swift: a URLRequest, to pass to URLSession as it is or
 *  after setting a timeout or cache policy). */
@property (nonatomic, readonly, copy) NSURLRequest *URLRequest NS_SWIFT_NAME(urlRequest);
/** With -[OPSGetOptions setDiagnostics:YES error:]: the canonical request
 *  the signature was computed from, to compare with the canonicalRequest of
 *  an OPSServiceError of SignatureDoesNotMatch. nil when diagnostics were
 *  off. It holds the URL's query (and any STS token, as the URL does), never
 *  the secret or the signing key. */
@property (nonatomic, readonly, copy) NSString *_Nullable canonicalRequest;
/** With diagnostics: the string to sign (the input of the final HMAC), to
 *  compare with the stringToSign of an OPSServiceError. nil when off. */
@property (nonatomic, readonly, copy) NSString *_Nullable stringToSign;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_PRESIGNED_REQUEST_H */
