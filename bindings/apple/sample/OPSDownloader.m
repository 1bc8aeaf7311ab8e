/*
 * OPSDownloader.m: the request builder, the OSS error parser and the result
 * class shared by both downloaders.
 */
#import "OPSDownloader.h"
#import "OPSCompat.h"

@implementation OPSDownloadResult

@synthesize statusCode = _statusCode;
@synthesize byteCount = _byteCount;
@synthesize ossErrorCode = _ossErrorCode;
@synthesize ossErrorMessage = _ossErrorMessage;

- (instancetype)initWithStatusCode:(NSInteger)statusCode
                         byteCount:(unsigned long long)byteCount
                      ossErrorCode:(NSString *)ossErrorCode
                   ossErrorMessage:(NSString *)ossErrorMessage {
    self = [super init];
    if (self != nil) {
        _statusCode = statusCode;
        _byteCount = byteCount;
        _ossErrorCode = [ossErrorCode copy];
        _ossErrorMessage = [ossErrorMessage copy];
    }
    return self;
}

- (instancetype)init {
    return [self initWithStatusCode:0 byteCount:0 ossErrorCode:nil ossErrorMessage:nil];
}

- (void)dealloc {
    OPS_RELEASE(_ossErrorCode);
    OPS_RELEASE(_ossErrorMessage);
    OPS_SUPER_DEALLOC();
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

/* Collects the text of the <Code> and <Message> children of the root. */
@interface OPSOSSErrorParser : NSObject <NSXMLParserDelegate> {
@private
    NSUInteger _depth;
    NSMutableString *_text;
    NSString *_code;
    NSString *_message;
}
- (NSString *)code;
- (NSString *)message;
@end

@implementation OPSOSSErrorParser

- (void)dealloc {
    OPS_RELEASE(_text);
    OPS_RELEASE(_code);
    OPS_RELEASE(_message);
    OPS_SUPER_DEALLOC();
}

- (NSString *)code {
    return _code;
}

- (NSString *)message {
    return _message;
}

- (void)parser:(NSXMLParser *)parser
    didStartElement:(NSString *)elementName
       namespaceURI:(NSString *)namespaceURI
      qualifiedName:(NSString *)qualifiedName
         attributes:(NSDictionary *)attributes {
    (void)parser;
    (void)elementName;
    (void)namespaceURI;
    (void)qualifiedName;
    (void)attributes;
    _depth++;
    OPS_RELEASE(_text);
    _text = [[NSMutableString alloc] init];
}

- (void)parser:(NSXMLParser *)parser foundCharacters:(NSString *)string {
    (void)parser;
    [_text appendString:string];
}

- (void)parser:(NSXMLParser *)parser
    didEndElement:(NSString *)elementName
     namespaceURI:(NSString *)namespaceURI
    qualifiedName:(NSString *)qualifiedName {
    (void)parser;
    (void)namespaceURI;
    (void)qualifiedName;
    if (_depth == 2 && _text != nil) {
        if ([elementName isEqualToString:@"Code"] && _code == nil) {
            _code = [_text copy];
        } else if ([elementName isEqualToString:@"Message"] && _message == nil) {
            _message = [_text copy];
        }
    }
    OPS_RELEASE(_text);
    _text = nil;
    _depth--;
}

@end

void OPSParseOSSError(NSData *body, NSString **code, NSString **message) {
    NSXMLParser *parser;
    OPSOSSErrorParser *collector;
    *code = nil;
    *message = nil;
    if (body == nil || [body length] == 0) {
        return;
    }
    parser = [[NSXMLParser alloc] initWithData:body];
    collector = [[OPSOSSErrorParser alloc] init];
    [parser setDelegate:collector];
    if ([parser parse]) {
        *code = OPS_AUTORELEASE(OPS_RETAIN([collector code]));
        *message = OPS_AUTORELEASE(OPS_RETAIN([collector message]));
    }
    OPS_RELEASE(parser);
    OPS_RELEASE(collector);
}
