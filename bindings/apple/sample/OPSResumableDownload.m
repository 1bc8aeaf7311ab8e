/*
 * OPSResumableDownload.m: what to do with each answer. Mirrors
 * examples/c/oss_get.c (attempt() and run_download()), rule for rule.
 */
#import "OPSResumableDownload.h"
#import "OPSCompat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Kept of a refusal's body: OSS's XML error. */
static const NSUInteger kErrorBodyMax = 16384;
static const NSTimeInterval kFirstBackoff = 0.5;
static const NSTimeInterval kMaxBackoff = 8;

typedef enum {
    OPSOutcomeDone,       /* the whole object is in the partial file */
    OPSOutcomeRetry,      /* cut short, stalled or a transient error: again, from the saved bytes */
    OPSOutcomeStartOver,  /* another version: saved bytes discarded, download it whole */
    OPSOutcomeTimeRefused, /* expired, not valid yet, skewed: presign again (clock corrected) */
    OPSOutcomeFailed,
} OPSOutcome;

static BOOL Is2xx(NSInteger status) {
    return status >= 200 && status <= 299;
}

/* A decimal without sign or blanks, as OSS writes sizes and CRCs. */
static BOOL ParseDecimal(NSString *text, unsigned long long *value) {
    const char *digits = [text UTF8String];
    char *end = NULL;
    if (digits == NULL || digits[0] < '0' || digits[0] > '9') {
        return NO;
    }
    *value = strtoull(digits, &end, 10);
    return *end == '\0';
}

/* "bytes FIRST-LAST/TOTAL" of a 206. */
static BOOL ParseContentRange(NSString *text, unsigned long long *first, unsigned long long *last,
                              unsigned long long *total) {
    char tail = 0;
    return text != nil &&
           sscanf([text UTF8String], "bytes %llu-%llu/%llu%c", first, last, total, &tail) == 3 &&
           *first <= *last && *last < *total;
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

/* OSS's EC values for a presigned URL refused for its time, from OSS's EC
 * documentation: 0002-00000069 (V1/V2 "Request has expired"), 0002-00000236
 * (V4 expired), 0002-00000235 (V4 not valid yet). */
static BOOL IsTimeEC(NSString *ec) {
    return [ec isEqualToString:@"0002-00000069"] || [ec isEqualToString:@"0002-00000236"] ||
           [ec isEqualToString:@"0002-00000235"];
}

BOOL OPSIsTimeRefusal(NSInteger statusCode, OPSServiceError *refusal, NSString *ecHeader) {
    NSString *code = [refusal code];
    NSDate *server = [refusal serverDate];
    NSDate *expires = [refusal expirationDate];
    if (statusCode != 403) {
        return NO;
    }
    if (refusal == nil) {
        return IsTimeEC(ecHeader); /* no body (a HEAD's answer): its x-oss-ec header tells */
    }
    if ([code isEqualToString:@"RequestTimeTooSkewed"]) {
        return YES;
    }
    return [code isEqualToString:@"AccessDenied"] &&
           (IsTimeEC([refusal stringForField:@"EC"]) ||
            /* without a known EC: an expiry OSS reports as Expires before its ServerTime */
            (server != nil && expires != nil && [server compare:expires] == NSOrderedDescending));
}

NSDate *OPSServerDateForTimeRefusal(NSInteger statusCode, OPSServiceError *refusal, NSString *ecHeader,
                                    NSString *dateHeader) {
    if (!OPSIsTimeRefusal(statusCode, refusal, ecHeader)) {
        return nil;
    }
    if ([refusal serverDate] != nil) {
        return [refusal serverDate];
    }
    return dateHeader == nil ? nil : [OPSPresigner dateFromHTTPDateString:dateHeader error:NULL];
}

@implementation OPSResumableDownload

@synthesize retryDelay = _retryDelay;
@synthesize failure = _failure;
@synthesize partialFile = _part;
@synthesize bytesTransferred = _bytesTransferred;
@synthesize expectedLength = _expectedLength;
@synthesize statusCode = _statusCode;
@synthesize crcChecked = _crcChecked;
@synthesize contentRange = _contentRange;

- (instancetype)initWithPresigner:(OPSPresigner *)presigner
                           bucket:(NSString *)bucket
                              key:(NSString *)key
                          options:(OPSGetOptions *)options
                      destination:(NSString *)destination {
    self = [super init];
    if (self != nil) {
        _presigner = OPS_RETAIN(presigner);
        _bucket = [bucket copy];
        _key = [key copy];
        _options = [options copy];
        _part = [[OPSPartialFile alloc] initWithDestination:destination];
        _errorBody = [[NSMutableData alloc] init];
        _maxRetries = 5;
        _stallTimeout = 30;
        _backoff = kFirstBackoff;
        _expectedLength = -1;
        _total = -1;
    }
    return self;
}

- (instancetype)init {
    OPS_RELEASE(self);
    return nil;
}

- (void)dealloc {
    OPS_RELEASE(_presigner);
    OPS_RELEASE(_bucket);
    OPS_RELEASE(_key);
    OPS_RELEASE(_options);
    OPS_RELEASE(_part);
    OPS_RELEASE(_request);
    OPS_RELEASE(_failure);
    OPS_RELEASE(_contentRange);
    OPS_RELEASE(_cutETag);
    OPS_RELEASE(_resumedETag);
    OPS_RELEASE(_response);
    OPS_RELEASE(_errorBody);
    OPS_RELEASE(_writeError);
    OPS_SUPER_DEALLOC();
}

/* (Written out: gcc's synthesized setters trip -Wunused-parameter.) */
- (id<OPSResumableDownloadObserver>)observer {
    return _observer;
}

- (void)setObserver:(id<OPSResumableDownloadObserver>)observer {
    _observer = observer;
}

- (NSUInteger)maxRetries {
    return _maxRetries;
}

- (void)setMaxRetries:(NSUInteger)maxRetries {
    _maxRetries = maxRetries;
}

- (NSTimeInterval)stallTimeout {
    return _stallTimeout;
}

- (void)setStallTimeout:(NSTimeInterval)stallTimeout {
    _stallTimeout = stallTimeout;
}

- (BOOL)openWithError:(NSError **)error {
    return [_part openWithError:error];
}

- (void)close {
    [_part close]; /* (bytes of a signed range, never resumed, go) */
}

- (void)cancel {
    _cancelled = YES;
}

- (void)note:(NSString *)note {
    [_observer resumableDownload:self note:note];
}

- (void)setFailure:(NSError *)failure {
    NSError *kept = OPS_RETAIN(failure);
    OPS_RELEASE(_failure);
    _failure = kept;
}

- (void)keepWriteError:(NSError *)error {
    if (_writeError == nil) {
        _writeError = OPS_RETAIN(error);
    }
}

- (NSError *)errorWithCode:(OPSDownloadErrorCode)code
                   message:(NSString *)message
                underlying:(NSError *)underlying {
    NSMutableDictionary *info = [NSMutableDictionary dictionaryWithObject:message
                                                                   forKey:NSLocalizedDescriptionKey];
    if (underlying != nil) {
        [info setObject:underlying forKey:NSUnderlyingErrorKey];
    }
    return [NSError errorWithDomain:OPSDownloadErrorDomain code:code userInfo:info];
}

/* ------------------------------------------------------------------ presigning */

/* The presigner's idea of now: the device's clock, corrected once OSS told
 * it the time. */
- (BOOL)requestExpired {
    NSDate *now = [NSDate dateWithTimeIntervalSinceNow:[_presigner clockOffset]];
    return [now compare:[_request expirationDate]] != NSOrderedAscending;
}

/* Reads what the options sign that the download must honour: a Range
 * (exactly those bytes, never resumed: the saved bytes of an earlier run
 * go) and an If-Match (the caller's alone). */
- (BOOL)learnSignedHeaders:(OPSPresignedRequest *)request error:(NSError **)error {
    NSDictionary *headers = [request headers];
    NSEnumerator *names = [headers keyEnumerator];
    NSString *name;
    _signedIfMatch = NO;
    memset(&_range, 0, sizeof _range);
    while ((name = [names nextObject]) != nil) {
        _signedIfMatch = _signedIfMatch || [name caseInsensitiveCompare:@"If-Match"] == NSOrderedSame;
        if ([name caseInsensitiveCompare:@"Range"] == NSOrderedSame &&
            !OPSParseByteRange([headers objectForKey:name], &_range)) {
            if (error != NULL) {
                *error = [self errorWithCode:OPSDownloadErrorRange
                                     message:[NSString stringWithFormat:@"the options sign the Range %@, "
                                                                        @"not one byte range (bytes=FIRST-, "
                                                                        @"bytes=FIRST-LAST or bytes=-LENGTH)",
                                                                        [headers objectForKey:name]]
                                  underlying:nil];
            }
            return NO;
        }
    }
    if (_range.present && [_part isResumable]) {
        [_part setResumable:NO];
        return [_part discardWithError:error];
    }
    return YES;
}

- (BOOL)presignWithError:(NSError **)error {
    OPSPresignedRequest *request = [_presigner presignGetWithBucket:_bucket
                                                                key:_key
                                                            options:_options
                                                              error:error];
    if (request == nil || ![self learnSignedHeaders:request error:error]) {
        return NO;
    }
    OPS_RELEASE(_request);
    _request = OPS_RETAIN(request);
    return YES;
}

/* Presigns again (the clock may have been corrected since). NO when that
 * fails (*error set), or when the options fix the URL (no error): the same
 * URL comes back although it was signed a second or more from now (a fixed
 * signing time, or a signing time window). The same URL signed this very
 * second is a YES: it is the one a new presign gives. */
- (BOOL)presignAgainBecause:(NSString *)why error:(NSError **)error {
    NSString *before = OPS_AUTORELEASE(OPS_RETAIN([_request URLString]));
    NSDate *signedBefore = OPS_AUTORELEASE(OPS_RETAIN([_request signingDate]));
    NSDate *now;
    if (![self presignWithError:error]) {
        return NO;
    }
    now = [NSDate dateWithTimeIntervalSinceNow:[_presigner clockOffset]];
    if ([[_request URLString] isEqualToString:before] && fabs([now timeIntervalSinceDate:signedBefore]) >= 1) {
        return NO;
    }
    [self note:[NSString stringWithFormat:@"%@: presigned again, valid until %@", why,
                                          [_request expirationDate]]];
    return YES;
}

/* ------------------------------------------------------------------ attempts */

/* Forgets the last answer. */
- (void)clearAnswer {
    _statusCode = 0;
    OPS_RELEASE(_response);
    _response = nil;
    OPS_RELEASE(_writeError);
    _writeError = nil;
    [_errorBody setLength:0];
    _started = NO;
    _otherVersion = NO;
    _notTheRange = NO;
    _wholeAnswer = NO;
    _total = -1;
}

- (void)beginAttempt {
    [self clearAnswer];
    _sentRange = NO;
    _sentIfMatch = NO;
    OPS_RELEASE(_resumedETag);
    _resumedETag = nil;
    _transferredBefore = _bytesTransferred;
}

- (NSURLRequest *)nextRequestWithError:(NSError **)error {
    NSMutableURLRequest *request;
    if (_cancelled) {
        if (error != NULL) {
            *error = [NSError errorWithDomain:NSURLErrorDomain code:NSURLErrorCancelled userInfo:nil];
        }
        return nil;
    }
    if (_request == nil) {
        if (![self presignWithError:error]) {
            return nil;
        }
    } else if ([self requestExpired]) {
        /* If this fails the old URL goes out, and OSS's refusal decides. */
        [self presignAgainBecause:@"the URL has expired" error:NULL];
    }
    [self beginAttempt];
    /* A signed range is never resumed: a retry asks for all of it again. */
    if (_range.present && [_part size] > 0 && ![_part rewindWithError:error]) {
        return nil;
    }
    request = OPS_AUTORELEASE([[_request URLRequest] mutableCopy]);
    [request setCachePolicy:NSURLRequestReloadIgnoringLocalCacheData];
    [request setTimeoutInterval:_stallTimeout];
    /* Neither header is signed (V4 signs x-oss-* headers, Content-Type,
     * Content-MD5 and additional headers), so one URL serves every retry. */
    if ([_part size] > 0) {
        [request setValue:[NSString stringWithFormat:@"bytes=%llu-", [_part size]]
            forHTTPHeaderField:@"Range"];
        _sentRange = YES;
    }
    /* Saved bytes, or an earlier answer to the range, fix the version; the
     * caller's own If-Match is left alone (a second one would replace it). */
    if ((_sentRange || _range.present) && [_part etag] != nil && !_signedIfMatch) {
        [request setValue:[_part etag] forHTTPHeaderField:@"If-Match"];
        _sentIfMatch = YES;
    }
    return request;
}

- (BOOL)prepareResumeDataAttempt {
    NSString *cutETag = OPS_AUTORELEASE(OPS_RETAIN(_cutETag));
    BOOL cutSentIfMatch = _cutSentIfMatch;
    if (_cancelled || !_lastAttemptCut || cutETag == nil || _range.present || [self requestExpired]) {
        return NO;
    }
    [self beginAttempt];
    /* The system asks for the rest with Range (and the cut request's
     * If-Match, if it had one); the answer must be of the version cut. */
    _sentRange = YES;
    _sentIfMatch = cutSentIfMatch;
    _resumedETag = [cutETag copy];
    return YES;
}

- (void)prepareAdoptedAttempt {
    if (_request == nil) {
        [self presignWithError:NULL]; /* to know what the options sign */
    }
    [self beginAttempt];
}

/* ------------------------------------------------------------------ answers */

- (void)receiveResponse:(NSURLResponse *)response {
    /* A new status line starts over (after a redirect, say). */
    [self clearAnswer];
    if ([response isKindOfClass:[NSHTTPURLResponse class]]) {
        _response = (NSHTTPURLResponse *)OPS_RETAIN(response);
        _statusCode = [_response statusCode];
    }
}

/* Whether a 2xx answer is the caller's signed Range, of the version an
 * earlier attempt saw (nothing is saved before it: a range is never
 * resumed). A 206 must be the range; a 200 (OSS ignores a Range it cannot
 * serve) only when the whole object is what the range covers. Sets _total
 * (the bytes it holds) and records its ETag (in memory); else
 * _otherVersion or _notTheRange. */
- (BOOL)acceptRangeAnswer {
    NSString *etag = OPSHeaderValue(_response, @"ETag");
    unsigned long long first = 0, last = 0, total = 0;
    NSError *error = nil;
    if ([_part etag] != nil && ![etag isEqualToString:[_part etag]]) {
        _otherVersion = YES;
        return NO;
    }
    if (_statusCode == 206) {
        if (!ParseContentRange(OPSHeaderValue(_response, @"Content-Range"), &first, &last, &total) ||
            !OPSByteRangeIsAnswer(_range, first, last, total)) {
            _notTheRange = YES;
            return NO;
        }
        _total = (long long)(last - first + 1);
        _wholeAnswer = first == 0 && last == total - 1;
    } else {
        if (!ParseDecimal(OPSHeaderValue(_response, @"Content-Length"), &total) ||
            !OPSByteRangeCoversWhole(_range, total)) {
            _notTheRange = YES;
            return NO;
        }
        _total = (long long)total;
        _wholeAnswer = YES;
    }
    _expectedLength = _total;
    if (![_part saveETag:etag error:&error]) {
        [self keepWriteError:error];
        return NO;
    }
    return YES;
}

/* Decides, at the first byte of a 2xx body (or the clean end of an empty
 * one), where the bytes go. A 206 must continue the saved bytes of the same
 * version; anything else is the whole object, which replaces them. NO:
 * stop the transfer. */
- (BOOL)beginBody {
    NSString *etag = OPSHeaderValue(_response, @"ETag");
    unsigned long long first = 0, last = 0, total = 0;
    NSError *error = nil;
    _started = YES;
    if (_range.present) {
        return [self acceptRangeAnswer];
    }
    _wholeAnswer = YES;
    if (_statusCode == 206) {
        if (!_sentRange ||
            !ParseContentRange(OPSHeaderValue(_response, @"Content-Range"), &first, &last, &total) ||
            first != [_part size] || ![etag isEqualToString:[_part etag]]) {
            _otherVersion = YES;
            return NO;
        }
        _total = (long long)total;
        _expectedLength = _total;
        return YES;
    }
    if ([_part size] > 0) {
        [self note:@"the server sent the whole object: starting over"];
        if (![_part discardWithError:&error]) {
            [self keepWriteError:error];
            return NO;
        }
    }
    if (ParseDecimal(OPSHeaderValue(_response, @"Content-Length"), &total)) {
        _total = (long long)total;
        _expectedLength = _total;
    }
    /* The tag goes to disk before the bytes: saved bytes always have theirs. */
    if (![_part saveETag:etag error:&error]) {
        [self keepWriteError:error];
        return NO;
    }
    return YES;
}

- (BOOL)receiveData:(NSData *)data {
    NSError *error = nil;
    if (!Is2xx(_statusCode)) {
        NSUInteger room = kErrorBodyMax - [_errorBody length];
        [_errorBody appendBytes:[data bytes] length:MIN(room, [data length])];
        return YES;
    }
    if (!_started && ![self beginBody]) {
        return NO;
    }
    if (![_part appendBytes:[data bytes] length:[data length] error:&error]) {
        [self keepWriteError:error];
        return NO;
    }
    _bytesTransferred += [data length];
    return YES;
}

/* The size of the file at path, without reading its attributes (file
 * timestamps are a "required reason" API on Apple platforms). */
static unsigned long long FileLength(NSString *path) {
    NSFileHandle *file = [NSFileHandle fileHandleForReadingAtPath:path];
    unsigned long long length = [file seekToEndOfFile];
    [file closeFile];
    return length;
}

- (void)receiveResponse:(NSURLResponse *)response file:(NSString *)path {
    NSString *etag, *range;
    unsigned long long length, first = 0, last = 0, total = 0;
    NSError *error = nil;
    BOOL known;
    [self receiveResponse:response];
    if (!Is2xx(_statusCode)) {
        NSData *body = [NSData dataWithContentsOfFile:path];
        [_errorBody appendBytes:[body bytes] length:MIN([body length], kErrorBodyMax)];
        return;
    }
    _started = YES;
    etag = OPSHeaderValue(_response, @"ETag");
    length = FileLength(path);
    _bytesTransferred += length;
    if (_range.present) {
        /* The whole answer to the signed range (never resumed: no resume
         * data), or a short one the outcome retries. */
        if ([self acceptRangeAnswer] && ![_part replaceWithFileAtPath:path ETag:etag error:&error]) {
            [self keepWriteError:error];
        }
        return;
    }
    if (_resumedETag != nil && _statusCode == 206 && ![etag isEqualToString:_resumedETag]) {
        /* Resumed with the transport's resume data, whose If-Range OSS does
         * not document: a 206 of another version would follow the bytes of
         * the version cut, in one file. */
        _otherVersion = YES;
        return;
    }
    _wholeAnswer = YES;
    range = OPSHeaderValue(_response, @"Content-Range");
    known = range != nil ? ParseContentRange(range, &first, &last, &total)
                         : ParseDecimal(OPSHeaderValue(_response, @"Content-Length"), &total);
    if (!known || length == total) {
        /* The whole object (a 200, or a transfer resumed from byte 0). */
        if (![_part replaceWithFileAtPath:path ETag:etag error:&error]) {
            [self keepWriteError:error];
        }
    } else if ([_part size] > 0 && [etag isEqualToString:[_part etag]] && [_part size] + length == total) {
        /* The rest of the saved version. */
        if (![_part appendFileAtPath:path error:&error]) {
            [self keepWriteError:error];
        }
    } else {
        _otherVersion = YES;
        return;
    }
    _total = known ? (long long)total : (long long)[_part size];
    _expectedLength = _total;
}

/* What the attempt that just ended amounts to (attempt() of the C sample). */
- (OPSOutcome)outcomeOfAttempt:(NSError *)transportError {
    BOOL success = Is2xx(_statusCode);
    OPSServiceError *refusal;
    NSDate *serverDate;
    NSString *ec;
    NSError *error = nil;
    if (_cancelled) {
        [self setFailure:transportError != nil ? transportError
                                               : [NSError errorWithDomain:NSURLErrorDomain
                                                                     code:NSURLErrorCancelled
                                                                 userInfo:nil]];
        return OPSOutcomeFailed;
    }
    /* An empty object has no body bytes: its (empty) file starts here. */
    if (success && transportError == nil && !_started) {
        [self beginBody];
    }
    if (_otherVersion) {
        [self note:[NSString stringWithFormat:@"the answer is another version of the object (ETag "
                                              @"%@, saved %@): starting over",
                                              OPSHeaderValue(_response, @"ETag"),
                                              _resumedETag != nil ? _resumedETag : [_part etag]]];
        if (![_part discardWithError:&error]) {
            [self setFailure:error];
            return OPSOutcomeFailed;
        }
        return OPSOutcomeStartOver;
    }
    if (_notTheRange) {
        /* Asking again gets the same answer. */
        NSString *range = OPSHeaderValue(_response, @"Content-Range");
        NSString *length = OPSHeaderValue(_response, @"Content-Length");
        [self setFailure:[self errorWithCode:OPSDownloadErrorRange
                                     message:[NSString stringWithFormat:@"HTTP %ld, Content-Range %@, "
                                                                        @"Content-Length %@: not the signed "
                                                                        @"Range (the object may end before "
                                                                        @"it starts); nothing written",
                                                                        (long)_statusCode,
                                                                        range != nil ? range : @"(none)",
                                                                        length != nil ? length : @"(none)"]
                                  underlying:nil]];
        return OPSOutcomeFailed;
    }
    if (_writeError != nil) {
        [self setFailure:_writeError];
        return OPSOutcomeFailed;
    }
    if (transportError != nil) {
        [self note:[NSString stringWithFormat:@"transfer cut short at byte %llu: %@", [_part size],
                                              [transportError localizedDescription]]];
        [self setFailure:transportError];
        return OPSOutcomeRetry;
    }
    if (success && _total >= 0 && (long long)[_part size] != _total) {
        [self note:[NSString stringWithFormat:@"transfer cut short at byte %llu of %lld", [_part size],
                                              _total]];
        return OPSOutcomeRetry;
    }
    if (success) {
        return OPSOutcomeDone;
    }
    if ((_statusCode == 412 && _sentIfMatch) || (_statusCode == 416 && _sentRange)) {
        /* 412: our If-Match failed, the object changed since the bytes
         * saved or seen. 416: the saved bytes reach past the object's end.
         * (The caller's own If-Match or Range refused: a refusal like
         * another.) */
        [self note:[NSString stringWithFormat:@"HTTP %ld: the saved bytes do not continue the "
                                              @"current object: starting over",
                                              (long)_statusCode]];
        if (![_part discardWithError:&error]) {
            [self setFailure:error];
            return OPSOutcomeFailed;
        }
        return OPSOutcomeStartOver;
    }
    refusal = OPS_AUTORELEASE([[OPSServiceError alloc] initWithData:_errorBody error:NULL]);
    ec = [refusal stringForField:@"EC"];
    [self note:refusal == nil
                   ? [NSString stringWithFormat:@"HTTP %ld (the answer carries no OSS error code)",
                                                (long)_statusCode]
                   : [NSString stringWithFormat:@"HTTP %ld, OSS error %@: %@%@", (long)_statusCode,
                                                [refusal code],
                                                [refusal message] != nil ? [refusal message] : @"",
                                                ec != nil ? [NSString stringWithFormat:@" (EC %@)", ec]
                                                          : @""]];
    [self setFailure:refusal != nil
                         ? [refusal errorWithHTTPStatusCode:_statusCode]
                         : [NSError errorWithDomain:OPSServiceErrorDomain code:_statusCode userInfo:nil]];
    if (_statusCode >= 500) {
        return OPSOutcomeRetry; /* InternalError, SlowDown: try again */
    }
    if (OPSIsTimeRefusal(_statusCode, refusal, OPSHeaderValue(_response, @"x-oss-ec"))) {
        /* Presigned again and retried once in any case (an expired URL
         * needs no clock to be renewed); the clock is set first when the
         * answer carries a date the presigner accepts. A date it refuses
         * (before 2026 or after 2099: a stale cache or a broken proxy, not
         * OSS) corrects nothing. */
        NSError *clockError = nil;
        serverDate = OPSServerDateForTimeRefusal(_statusCode, refusal, OPSHeaderValue(_response, @"x-oss-ec"),
                                                 OPSHeaderValue(_response, @"Date"));
        if (serverDate == nil) {
            [self note:@"the refusal carries no time: the clock stays as it is"];
        } else if (![_presigner setServerDate:serverDate error:&clockError]) {
            [self note:[NSString stringWithFormat:@"server time not taken: %@",
                                                  [clockError localizedDescription]]];
        }
        return OPSOutcomeTimeRefused;
    }
    if (_statusCode == 404) {
        [_part discardWithError:NULL]; /* the object is gone: its bytes are useless */
    }
    return OPSOutcomeFailed;
}

/* The whole object is in the partial file: check it as Alibaba's
 * downloaders do, then move it to the destination. */
- (OPSDownloadNext)finishWhole {
    /* x-oss-hash-crc64ecma is the whole object's, even on a 206. */
    NSString *header = _wholeAnswer ? OPSHeaderValue(_response, @"x-oss-hash-crc64ecma") : nil;
    NSString *contentRange = _wholeAnswer ? nil : OPSHeaderValue(_response, @"Content-Range");
    unsigned long long expected = 0;
    NSError *error = nil;
    if (header != nil && ParseDecimal(header, &expected) && expected != [_part crc]) {
        [self note:[NSString stringWithFormat:@"CRC-64 mismatch: the %llu bytes received have CRC-64 "
                                              @"%llu, OSS says the object's is %llu "
                                              @"(x-oss-hash-crc64ecma)",
                                              [_part size], (unsigned long long)[_part crc], expected]];
        if (![_part discardWithError:&error]) {
            [self setFailure:error];
            return OPSDownloadNextFailed;
        }
        if (_crcRetried) {
            [self setFailure:[self errorWithCode:OPSDownloadErrorCorrupted
                                         message:[NSString stringWithFormat:@"the object arrived corrupted "
                                                                            @"twice; %@ not written",
                                                                            [_part destination]]
                                      underlying:nil]];
            return OPSDownloadNextFailed;
        }
        _crcRetried = YES;
        [self note:@"downloading it again from the start"];
        return OPSDownloadNextAttempt;
    }
    if (![_part finishWithError:&error]) {
        [self setFailure:error];
        return OPSDownloadNextFailed;
    }
    _crcChecked = header != nil;
    OPS_RELEASE(_contentRange);
    _contentRange = [contentRange copy];
    [self setFailure:nil];
    return OPSDownloadNextFinished;
}

- (OPSDownloadNext)finishAttemptWithError:(NSError *)transportError {
    OPSOutcome outcome = [self outcomeOfAttempt:transportError];
    NSError *error = nil;
    _retryDelay = 0;
    _lastAttemptCut = outcome == OPSOutcomeRetry && transportError != nil;
    /* The version of the bytes the transport's resume data holds. */
    OPS_RELEASE(_cutETag);
    _cutETag = _lastAttemptCut && Is2xx(_statusCode) ? [OPSHeaderValue(_response, @"ETag") copy] : nil;
    _cutSentIfMatch = _sentIfMatch;
    if (_bytesTransferred > _transferredBefore) {
        _clockRetried = NO; /* the URL worked: a later refusal is a new one */
    }
    switch (outcome) {
    case OPSOutcomeDone:
        return [self finishWhole];
    case OPSOutcomeFailed:
        return OPSDownloadNextFailed;
    case OPSOutcomeTimeRefused:
        if (_clockRetried) {
            return OPSDownloadNextFailed; /* with the refusal */
        }
        _clockRetried = YES;
        if (![self presignAgainBecause:@"OSS refused the request for its time" error:&error]) {
            [self setFailure:error != nil ? error
                                          : [self errorWithCode:OPSDownloadErrorClock
                                                        message:@"OSS refused the request for its time, and "
                                                                @"the options fix the signing time: the URL "
                                                                @"cannot be renewed"
                                                     underlying:_failure]];
            return OPSDownloadNextFailed;
        }
        return OPSDownloadNextAttempt;
    case OPSOutcomeRetry:
    case OPSOutcomeStartOver:
        if (_retries == _maxRetries) {
            [self setFailure:[self errorWithCode:OPSDownloadErrorGaveUp
                                         message:[NSString stringWithFormat:@"giving up after %lu retries",
                                                                            (unsigned long)_retries]
                                      underlying:_failure]];
            return OPSDownloadNextFailed;
        }
        _retries++;
        if (outcome == OPSOutcomeRetry) {
            _retryDelay = _backoff;
            _backoff = MIN(_backoff * 2, kMaxBackoff);
            [self note:[NSString stringWithFormat:@"retry %lu of %lu in %.1f s%@", (unsigned long)_retries,
                                                  (unsigned long)_maxRetries, _retryDelay,
                                                  [_part size] == 0 ? @""
                                                  : _range.present  ? @", from the start of the range"
                                                                    : @", from the saved bytes"]];
        }
        return OPSDownloadNextAttempt;
    }
    return OPSDownloadNextFailed;
}

@end
