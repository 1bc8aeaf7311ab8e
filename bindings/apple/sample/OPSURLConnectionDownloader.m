/*
 * OPSURLConnectionDownloader.m: OPSDownloader over NSURLConnection.
 */
#import "OPSURLConnectionDownloader.h"
#import "OPSCompat.h"

@implementation OPSURLConnectionDownloader

- (instancetype)init {
    return [self initWithConnectAuthority:nil];
}

- (instancetype)initWithConnectAuthority:(NSString *)connectAuthority {
    self = [super init];
    if (self != nil) {
        _connectAuthority = [connectAuthority copy];
    }
    return self;
}

- (void)dealloc {
    OPS_RELEASE(_connectAuthority);
    OPS_SUPER_DEALLOC();
}

/* The request to send: URLString with headers or, with a connect
 * authority, the same path and query text sent to that address with the
 * URL's host in the Host header. The URL is edited as text so that not one
 * escape changes. */
- (NSMutableURLRequest *)URLRequestFor:(NSString *)text headers:(NSDictionary *)headers {
    NSMutableURLRequest *urlRequest = [NSMutableURLRequest requestWithURL:[NSURL URLWithString:text]];
    NSEnumerator *names = [headers keyEnumerator];
    NSRange scheme = [text rangeOfString:@"://"];
    NSString *name;
    [urlRequest setHTTPMethod:@"GET"];
    while ((name = [names nextObject]) != nil) {
        [urlRequest setValue:[headers objectForKey:name] forHTTPHeaderField:name];
    }
    if (_connectAuthority != nil && scheme.location != NSNotFound) {
        NSUInteger start = NSMaxRange(scheme);
        NSRange slash = [text rangeOfString:@"/"
                                    options:0
                                      range:NSMakeRange(start, [text length] - start)];
        NSUInteger end = slash.location == NSNotFound ? [text length] : slash.location;
        NSString *target = [NSString stringWithFormat:@"%@%@%@", [text substringToIndex:start],
                                                      _connectAuthority,
                                                      [text substringFromIndex:end]];
        [urlRequest setURL:[NSURL URLWithString:target]];
        [urlRequest setValue:[text substringWithRange:NSMakeRange(start, end - start)]
            forHTTPHeaderField:@"Host"];
    }
    return urlRequest;
}

- (OPSDownloadResult *)downloadRequest:(OPSPresignedRequest *)request
                                toFile:(NSString *)path
                                 error:(NSError **)error {
    return [self downloadURLString:[request URLString]
                           headers:[request headers]
                            toFile:path
                             error:error];
}

- (OPSDownloadResult *)downloadURLString:(NSString *)URLString
                                 headers:(NSDictionary *)headers
                                  toFile:(NSString *)path
                                   error:(NSError **)error {
    NSURLResponse *response = nil;
    NSError *failure = nil;
    NSData *body;
    NSInteger status;
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
#endif
    body = [NSURLConnection sendSynchronousRequest:[self URLRequestFor:URLString headers:headers]
                                 returningResponse:&response
                                             error:&failure];
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
    if (![response isKindOfClass:[NSHTTPURLResponse class]]) {
        if (error != NULL) {
            *error = failure != nil
                         ? failure
                         : [NSError errorWithDomain:NSURLErrorDomain
                                               code:NSURLErrorBadServerResponse
                                           userInfo:nil];
        }
        return nil;
    }
    status = [(NSHTTPURLResponse *)response statusCode];
    if (status >= 200 && status < 300) {
        if (![(body != nil ? body : [NSData data]) writeToFile:path atomically:YES]) {
            if (error != NULL) {
                *error = [NSError errorWithDomain:NSCocoaErrorDomain
                                             code:NSFileWriteUnknownError
                                         userInfo:nil];
            }
            return nil;
        }
    }
    return [OPSDownloadResult
        resultWithStatusCode:status
                   byteCount:[body length]
                   errorBody:status >= 200 && status < 300 ? nil : body
                  dateHeader:OPSHeaderValue((NSHTTPURLResponse *)response, @"Date")];
}

@end
