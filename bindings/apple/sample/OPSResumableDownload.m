/*
 * OPSResumableDownload.m: what to do with each answer. Mirrors
 * examples/c/oss_get.c (attempt() and run_download()), rule for rule.
 */
#import "OPSResumableDownload.h"
#import "OPSCompat.h"

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
    OPSOutcomeClockFixed, /* refused for its time: clock corrected, presign again */
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
static BOOL ParseContentRange(NSString *text, unsigned long long *first, unsigned long long *total) {
    unsigned long long last = 0;
    char tail = 0;
    return text != nil &&
           sscanf([text UTF8String], "bytes %llu-%llu/%llu%c", first, &last, total, &tail) == 3 &&
           *first <= last && last < *total;
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

NSDate *OPSServerDateForTimeRefusal(NSInteger statusCode, OPSServiceError *refusal,
                                    NSString *dateHeader) {
    /* OSS's EC values for a presigned URL refused for its time, from OSS's
     * EC documentation: 0002-00000069 (V1/V2 "Request has expired"),
     * 0002-00000236 (V4 expired), 0002-00000235 (V4 not valid yet). */
    NSString *code = [refusal code];
    NSString *ec = [refusal stringForField:@"EC"];
    NSDate *server = [refusal serverDate];
    NSDate *expires = [refusal expirationDate];
    BOOL forTime = NO;
    if (statusCode != 403 || refusal == nil) {
        return nil;
    }
    if ([code isEqualToString:@"RequestTimeTooSkewed"]) {
        forTime = YES;
    } else if ([code isEqualToString:@"AccessDenied"]) {
        forTime = [ec isEqualToString:@"0002-00000069"] || [ec isEqualToString:@"0002-00000236"] ||
                  [ec isEqualToString:@"0002-00000235"] ||
                  /* without a known EC: an expiry OSS reports as Expires before its ServerTime */
                  (server != nil && expires != nil && [server compare:expires] == NSOrderedDescending);
    }
    if (!forTime) {
        return nil;
    }
    if (server != nil) {
        return server;
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
    [_part close];
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

- (BOOL)presignWithError:(NSError **)error {
    OPSPresignedRequest *request = [_presigner presignGetWithBucket:_bucket
                                                                key:_key
                                                            options:_options
                                                              error:error];
    NSEnumerator *names = [[request headers] keyEnumerator];
    NSString *name;
    if (request == nil) {
        return NO;
    }
    OPS_RELEASE(_request);
    _request = OPS_RETAIN(request);
    /* A Range the caller signed is theirs: resuming would need another. */
    _signedRange = NO;
    while ((name = [names nextObject]) != nil) {
        _signedRange = _signedRange || [name caseInsensitiveCompare:@"Range"] == NSOrderedSame;
    }
    return YES;
}

/* Presigns again (the clock may have been corrected since). NO when that
 * fails, or gives the very same URL (options with a fixed signing time). */
- (BOOL)presignAgainBecause:(NSString *)why error:(NSError **)error {
    NSString *before = OPS_AUTORELEASE(OPS_RETAIN([_request URLString]));
    if (![self presignWithError:error]) {
        return NO;
    }
    if ([[_request URLString] isEqualToString:before]) {
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
    _total = -1;
}

- (void)beginAttempt {
    [self clearAnswer];
    _sentRange = NO;
    _savedBefore = [_part size];
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
    request = OPS_AUTORELEASE([[_request URLRequest] mutableCopy]);
    [request setCachePolicy:NSURLRequestReloadIgnoringLocalCacheData];
    [request setTimeoutInterval:_stallTimeout];
    if ([_part size] > 0 && !_signedRange) {
        /* Neither header is signed (V4 signs x-oss-* headers, Content-Type,
         * Content-MD5 and additional headers), so one URL serves every
         * retry. */
        [request setValue:[NSString stringWithFormat:@"bytes=%llu-", [_part size]]
            forHTTPHeaderField:@"Range"];
        [request setValue:[_part etag] forHTTPHeaderField:@"If-Match"];
        _sentRange = YES;
    }
    return request;
}

- (BOOL)prepareResumeDataAttempt {
    if (_cancelled || !_lastAttemptCut || [self requestExpired]) {
        return NO;
    }
    [self beginAttempt];
    return YES;
}

- (void)prepareAdoptedAttempt {
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

/* Decides, at the first byte of a 2xx body (or the clean end of an empty
 * one), where the bytes go. A 206 must continue the saved bytes of the same
 * version; anything else is the whole object, which replaces them. NO:
 * stop the transfer. */
- (BOOL)beginBody {
    NSString *etag = OPSHeaderValue(_response, @"ETag");
    unsigned long long first = 0, total = 0;
    NSError *error = nil;
    _started = YES;
    if (_statusCode == 206) {
        if (!_sentRange || !ParseContentRange(OPSHeaderValue(_response, @"Content-Range"), &first, &total) ||
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
    unsigned long long length, first = 0, total = 0;
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
    range = OPSHeaderValue(_response, @"Content-Range");
    known = range != nil ? ParseContentRange(range, &first, &total)
                         : ParseDecimal(OPSHeaderValue(_response, @"Content-Length"), &total);
    length = FileLength(path);
    _bytesTransferred += length;
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
                                              OPSHeaderValue(_response, @"ETag"), [_part etag]]];
        if (![_part discardWithError:&error]) {
            [self setFailure:error];
            return OPSOutcomeFailed;
        }
        return OPSOutcomeStartOver;
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
    if (_statusCode == 412 || _statusCode == 416) {
        /* 412: If-Match failed, the object changed since the saved bytes.
         * 416: the saved bytes reach past the object's end. */
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
    serverDate = OPSServerDateForTimeRefusal(_statusCode, refusal, OPSHeaderValue(_response, @"Date"));
    if (serverDate != nil) {
        NSError *clockError = nil;
        if ([_presigner setServerDate:serverDate error:&clockError]) {
            return OPSOutcomeClockFixed;
        }
        /* A date the presigner refuses (before 2026 or after 2099: a stale
         * cache or a broken proxy, not OSS) corrects nothing: the refusal
         * stands. */
        [self note:[NSString stringWithFormat:@"server time not taken: %@",
                                              [clockError localizedDescription]]];
    }
    if (_statusCode == 404) {
        [_part discardWithError:NULL]; /* the object is gone: its bytes are useless */
    }
    return OPSOutcomeFailed;
}

/* The whole object is in the partial file: check it as Alibaba's
 * downloaders do, then move it to the destination. */
- (OPSDownloadNext)finishWhole {
    NSString *header = OPSHeaderValue(_response, @"x-oss-hash-crc64ecma");
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
    [self setFailure:nil];
    return OPSDownloadNextFinished;
}

- (OPSDownloadNext)finishAttemptWithError:(NSError *)transportError {
    OPSOutcome outcome = [self outcomeOfAttempt:transportError];
    NSError *error = nil;
    _retryDelay = 0;
    _lastAttemptCut = outcome == OPSOutcomeRetry && transportError != nil;
    if ([_part size] > _savedBefore) {
        _clockRetried = NO; /* the URL worked: a later refusal is a new one */
    }
    switch (outcome) {
    case OPSOutcomeDone:
        return [self finishWhole];
    case OPSOutcomeFailed:
        return OPSDownloadNextFailed;
    case OPSOutcomeClockFixed:
        if (_clockRetried) {
            return OPSDownloadNextFailed; /* with the refusal */
        }
        if (![self presignAgainBecause:@"OSS refused the request for its time" error:&error]) {
            [self setFailure:error != nil ? error
                                          : [self errorWithCode:OPSDownloadErrorClock
                                                        message:@"OSS refused the request for its time, and "
                                                                @"the options fix the signing time: the URL "
                                                                @"cannot be renewed"
                                                     underlying:_failure]];
            return OPSDownloadNextFailed;
        }
        _clockRetried = YES;
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
                                                  [_part size] > 0 ? @", from the saved bytes" : @""]];
        }
        return OPSDownloadNextAttempt;
    }
    return OPSDownloadNextFailed;
}

@end
