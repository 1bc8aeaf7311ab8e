/*
 * OPSDownloader.m: the result class, the request builder and the clock-skew
 * loop shared by both downloaders.
 */
#import "OPSDownloader.h"
#import "OPSCompat.h"

/* OSS accepts an x-oss-date this far ahead of its clock. */
static const NSTimeInterval kOPSFutureTolerance = 15 * 60;

@implementation OPSDownloadResult

@synthesize statusCode = _statusCode;
@synthesize byteCount = _byteCount;
@synthesize serviceError = _serviceError;
@synthesize serverDate = _serverDate;
@synthesize clockCorrected = _clockCorrected;

+ (instancetype)resultWithStatusCode:(NSInteger)statusCode
                           byteCount:(unsigned long long)byteCount
                           errorBody:(NSData *)errorBody
                          dateHeader:(NSString *)dateHeader {
    OPSServiceError *serviceError = nil;
    NSDate *serverDate = nil;
    if (errorBody != nil && [errorBody length] > 0) {
        serviceError = OPS_AUTORELEASE([[OPSServiceError alloc] initWithData:errorBody error:NULL]);
    }
    serverDate = [serviceError serverDate];
    if (serverDate == nil && dateHeader != nil) {
        serverDate = [OPSPresigner dateFromHTTPDateString:dateHeader error:NULL];
    }
    return OPS_AUTORELEASE([[self alloc] initWithStatusCode:statusCode
                                                  byteCount:byteCount
                                               serviceError:serviceError
                                                 serverDate:serverDate
                                             clockCorrected:NO]);
}

- (instancetype)initWithStatusCode:(NSInteger)statusCode
                         byteCount:(unsigned long long)byteCount
                      serviceError:(OPSServiceError *)serviceError
                        serverDate:(NSDate *)serverDate
                    clockCorrected:(BOOL)clockCorrected {
    self = [super init];
    if (self != nil) {
        _statusCode = statusCode;
        _byteCount = byteCount;
        _serviceError = OPS_RETAIN(serviceError);
        _serverDate = [serverDate copy];
        _clockCorrected = clockCorrected;
    }
    return self;
}

- (instancetype)init {
    return [self initWithStatusCode:0 byteCount:0 serviceError:nil serverDate:nil clockCorrected:NO];
}

- (void)dealloc {
    OPS_RELEASE(_serviceError);
    OPS_RELEASE(_serverDate);
    OPS_SUPER_DEALLOC();
}

- (NSString *)ossErrorCode {
    return [_serviceError code];
}

- (NSString *)ossErrorMessage {
    return [_serviceError message];
}

@end

NSDate *OPSServerDateForClockSkew(OPSDownloadResult *result, OPSPresignedRequest *request,
                                  NSDate *sentAt) {
    NSString *code = [result ossErrorCode];
    NSString *message = [result ossErrorMessage];
    BOOL skewed = NO;
    if ([result statusCode] != 403 || code == nil) {
        return nil;
    }
    if ([code isEqualToString:@"RequestTimeTooSkewed"]) {
        skewed = YES;
    } else if ([code isEqualToString:@"AccessDenied"] && message != nil) {
        /* Only when the presigner's own clock said the URL was valid: an
         * URL that had expired by that clock too is just old. */
        if ([message hasPrefix:@"Request has expired"]) {
            skewed = [sentAt compare:[request expirationDate]] != NSOrderedDescending;
        } else if ([message hasPrefix:@"Request is not valid yet"]) {
            skewed = [sentAt timeIntervalSinceDate:[request signingDate]] >= -kOPSFutureTolerance;
        }
    }
    return skewed ? [result serverDate] : nil;
}

@implementation OPSObjectDownloader

- (instancetype)initWithPresigner:(OPSPresigner *)presigner downloader:(id<OPSDownloader>)downloader {
    self = [super init];
    if (self != nil) {
        _presigner = OPS_RETAIN(presigner);
        _downloader = OPS_RETAIN(downloader);
    }
    return self;
}

- (instancetype)init {
    OPS_RELEASE(self);
    return nil;
}

- (void)dealloc {
    OPS_RELEASE(_presigner);
    OPS_RELEASE(_downloader);
    OPS_SUPER_DEALLOC();
}

- (OPSDownloadResult *)downloadObjectWithBucket:(NSString *)bucket
                                            key:(NSString *)key
                                        options:(OPSGetOptions *)options
                                         toFile:(NSString *)path
                                          error:(NSError **)error {
    OPSPresignedRequest *request, *again;
    OPSDownloadResult *result;
    NSDate *sentAt, *serverDate;
    request = [_presigner presignGetWithBucket:bucket key:key options:options error:error];
    if (request == nil) {
        return nil;
    }
    /* The presigner's clock: the device's, corrected once a server time
     * was fed to it. */
    sentAt = [NSDate dateWithTimeIntervalSinceNow:[_presigner clockOffset]];
    result = [_downloader downloadRequest:request toFile:path error:error];
    serverDate = result == nil ? nil : OPSServerDateForClockSkew(result, request, sentAt);
    if (serverDate == nil || ![_presigner setServerDate:serverDate error:NULL]) {
        return result;
    }
    again = [_presigner presignGetWithBucket:bucket key:key options:options error:error];
    if (again == nil) {
        return nil;
    }
    if ([[again URLString] isEqualToString:[request URLString]]) {
        /* The options fix the signing time: a new clock changes nothing. */
        return result;
    }
    result = [_downloader downloadRequest:again toFile:path error:error];
    if (result == nil) {
        return nil;
    }
    return OPS_AUTORELEASE([[OPSDownloadResult alloc] initWithStatusCode:[result statusCode]
                                                               byteCount:[result byteCount]
                                                            serviceError:[result serviceError]
                                                              serverDate:[result serverDate]
                                                          clockCorrected:YES]);
}

@end

NSMutableURLRequest *OPSURLRequestForPresignedRequest(OPSPresignedRequest *request) {
    NSMutableURLRequest *urlRequest = [NSMutableURLRequest requestWithURL:[request URL]];
    NSDictionary *headers = [request headers];
    NSEnumerator *names = [headers keyEnumerator];
    NSString *name;
    [urlRequest setHTTPMethod:[request HTTPMethod]];
    while ((name = [names nextObject]) != nil) {
        [urlRequest setValue:[headers objectForKey:name] forHTTPHeaderField:name];
    }
    return urlRequest;
}

NSString *OPSHeaderValue(NSHTTPURLResponse *response, NSString *name) {
    /* allHeaderFields: -valueForHTTPHeaderField: is iOS 13+ and missing in
     * GNUstep; header names compare without case. */
    NSDictionary *fields = [response allHeaderFields];
    NSEnumerator *names = [fields keyEnumerator];
    NSString *field;
    while ((field = [names nextObject]) != nil) {
        if ([field caseInsensitiveCompare:name] == NSOrderedSame) {
            return [fields objectForKey:field];
        }
    }
    return nil;
}
