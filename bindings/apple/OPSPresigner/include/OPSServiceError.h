/*
 * OPSServiceError.h: the XML error body of a refused OSS request (over
 * oss_service_error).
 */
#ifndef OPS_SERVICE_ERROR_H
#define OPS_SERVICE_ERROR_H

#import "OPSDefines.h"

NS_ASSUME_NONNULL_BEGIN

/** The domain of an OSS refusal as an NSError
 *  (-[OPSServiceError errorWithHTTPStatusCode:]): @"OPSServiceErrorDomain".
 *  Its code is the answer's HTTP status (403, 404...). */
FOUNDATION_EXPORT NSString *const OPSServiceErrorDomain;
/** userInfo key of such an error: <Code>, e.g. @"AccessDenied". */
FOUNDATION_EXPORT NSString *const OPSServiceErrorCodeKey;
/** userInfo key: <RequestId>, when the body has one. */
FOUNDATION_EXPORT NSString *const OPSServiceErrorRequestIdKey;
/** userInfo key: <ServerTime> as an NSDate, when the body has one (for
 *  -[OPSPresigner setServerDate:error:]). */
FOUNDATION_EXPORT NSString *const OPSServiceErrorServerDateKey;

/**
 * What OSS said when it refused a request (HTTP 403, 404...): its
 * <Error><Code>, <Message>, <ServerTime>... parsed by the library's own
 * parser. Immutable (no subclasses) and safe to read from any thread.
 *
 *     OPSServiceError *refusal = [[OPSServiceError alloc] initWithData:body error:NULL];
 *     if ([[refusal code] isEqualToString:@"RequestTimeTooSkewed"] && [refusal serverDate]) {
 *         [presigner setServerDate:[refusal serverDate] error:NULL];   // then presign again
 *     }
 *
 * On SignatureDoesNotMatch, compare stringToSign and canonicalRequest with
 * those of an OPSPresignedRequest made with -[OPSGetOptions
 * setDiagnostics:error:].
 */
OPS_FINAL
NS_SWIFT_SENDABLE
@interface OPSServiceError : NSObject
#if OPS_IVARS_IN_HEADERS
{
    OPS_SERVICE_ERROR_IVARS
}
#endif

/** Parses body, an OSS XML error (UTF-8, at most 65536 bytes). Fails with
 *  OPSErrorInvalidResponse when it is not one (no <Error> root with a
 *  <Code>, not UTF-8, too long). */
- (instancetype _Nullable)initWithData:(NSData *)body
                                 error:(NSError **)error NS_DESIGNATED_INITIALIZER
    NS_SWIFT_NAME(init(data:));

#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
+ (instancetype)new OPS_UNAVAILABLE;
#endif

/** <Code>, e.g. @"AccessDenied", @"RequestTimeTooSkewed",
 *  @"SignatureDoesNotMatch", @"NoSuchKey". */
@property (nonatomic, readonly, copy) NSString *code;
/** <Message>, e.g. @"Request has expired."; nil when absent. */
@property (nonatomic, readonly, copy) NSString *_Nullable message;
/** <ServerTime>: the server's clock when it answered (whole seconds), for
 *  -[OPSPresigner setServerDate:error:]; nil when absent or unreadable. */
@property (nonatomic, readonly, copy) NSDate *_Nullable serverDate;
/** <Expires>: when the refused URL expired; nil when absent. */
@property (nonatomic, readonly, copy) NSDate *_Nullable expirationDate;
/** <RequestId>, for OSS support; nil when absent. */
@property (nonatomic, readonly, copy) NSString *_Nullable requestId;
/** <StringToSign> of a SignatureDoesNotMatch: what OSS signed. */
@property (nonatomic, readonly, copy) NSString *_Nullable stringToSign;
/** <CanonicalRequest> of a SignatureDoesNotMatch: what OSS hashed. */
@property (nonatomic, readonly, copy) NSString *_Nullable canonicalRequest;

/** This refusal as an NSError, for Swift's throw/catch or an error
 *  callback: domain OPSServiceErrorDomain, code statusCode (the HTTP status
 *  of the answer), localizedDescription "OSS refused the request (HTTP 403
 *  AccessDenied): <Message>", localizedFailureReason the message (or the
 *  code), and userInfo OPSServiceErrorCodeKey, OPSServiceErrorRequestIdKey
 *  and OPSServiceErrorServerDateKey: Foundation values only, so the error
 *  can be archived; never the string to sign or canonical request.
 *
 *      throw refusal.error(httpStatusCode: response.statusCode)
 *      ...
 *      catch let error as NSError where error.domain == OPSServiceErrorDomain
 *                                      && error.code == 403 { ... }
 */
- (NSError *)errorWithHTTPStatusCode:(NSInteger)statusCode NS_SWIFT_NAME(error(httpStatusCode:));

/** Another element by name: @"RequestId", @"HostId", @"EC",
 *  @"ServerTime", @"Expires" (as text), @"StringToSign",
 *  @"CanonicalRequest", @"OSSAccessKeyId". nil when absent or not one of
 *  these. */
- (NSString *_Nullable)stringForField:(NSString *)name NS_SWIFT_NAME(field(_:));

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_SERVICE_ERROR_H */
