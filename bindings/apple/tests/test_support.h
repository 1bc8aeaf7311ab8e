/*
 * test_support.h: the harness shared by the sources of the Objective-C test
 * program (test_presigner.m: the presigning API; test_live.m: live
 * presigners, server answers, batches, day keys, reading URLs back, the
 * clock-skew loop). Plain assertions with a count; written for gcc and
 * clang alike, with manual retain/release (GNUstep).
 */
#ifndef OPS_TEST_SUPPORT_H
#define OPS_TEST_SUPPORT_H

#import <Foundation/Foundation.h>

#import "OPSPresigner.h"
#import "OPSResumableDownload.h"

#include <stdint.h>

#include <OSSPresignFFI/oss_presign.h>

/* ------------------------------------------------------------------ assertions */

extern int gPassed, gFailed;

BOOL Record(BOOL ok, const char *file, int line, NSString *what);
#define CHECK(cond) Record((cond) ? YES : NO, __FILE__, __LINE__, @#cond)

BOOL CheckEqual(NSString *actual, NSString *expected, const char *what, const char *file, int line);
#define CHECK_EQUAL(a, e) CheckEqual((a), (e), #a " == " #e, __FILE__, __LINE__)

/* Secrets no error message may contain (set by main). */
extern NSString *gForbidden[4];

/* nil where the API says nonnull, hidden from the compiler's nonnull check:
 * the wrapper must answer it with an error, not a crash. */
extern NSString *gNil;

/* error must be an OPSErrorDomain error with code whose description and
 * userInfo[OPSErrorArgumentKey] name argument (unless argument is nil) and
 * whose description holds no secret. */
BOOL CheckError(NSError *error, NSInteger code, NSString *argument, const char *what,
                const char *file, int line);
#define CHECK_ERROR(e, code, arg) CheckError((e), (code), (arg), #e, __FILE__, __LINE__)

/* A value no successful call may write into an NSError * variable. */
NSError *Sentinel(void);

/* ------------------------------------------------------------------ settings */

/* What run.sh passes in the environment (see test_presigner.m). */
typedef struct OPSTestSettings {
    NSString *port, *root, *bucket, *ak, *sk, *stsAk, *stsSk, *stsToken;
    NSString *ak3, *sk3, *day, *dayKey;
    NSString *badInputs;
    NSArray *sdkURLs, *sdkHeadURLs;
    NSString *vectors;
    int64_t signingTime;
    uint64_t expires;
    long iterations;
} OPSTestSettings;
extern OPSTestSettings settings;

NSString *Env(const char *name, BOOL required);
NSString *S(const char *utf8);
/* UTF-16 code units as an NSString (for NULs and lone surrogates). */
NSString *Units(const unichar *units, NSUInteger count);
NSString *LocalhostEndpoint(void);
NSString *IPEndpoint(void);
/* An autoreleased presigner for cn-hangzhou (the test fails if it cannot be made). */
OPSPresigner *NewPresigner(NSString *endpoint, NSString *ak, NSString *sk, NSString *token);
/* Autoreleased options with a signing time and a lifetime. */
OPSGetOptions *Options(int64_t signingTime, uint64_t expires);
/* The C ABI's URL for the same inputs, called directly: what the wrapper
 * must reproduce byte for byte. */
NSString *CURL(const char *endpoint, const char *ak, const char *sk, const char *token,
               const char *bucket, const char *key, int64_t signingTime, uint64_t expires);
/* The same for a HEAD (oss_presign_head). */
NSString *CHeadURL(const char *endpoint, const char *ak, const char *sk, const char *token,
                   const char *bucket, const char *key, int64_t signingTime, uint64_t expires);
/* A URL's text before the query, and its raw name=value items sorted (the
 * SDK orders them differently from the library, which OSS ignores). */
NSString *BeforeQuery(NSString *url);
NSArray *SortedQuery(NSString *url);

/* ------------------------------------------------------------------ downloads */

/* One answer to a plain GET (Get): the status, the bytes written (2xx) or
 * the error body's size, and OSS's XML error parsed. */
@interface OPSTestAnswer : NSObject {
@private
    NSInteger _statusCode;
    unsigned long long _byteCount;
    OPSServiceError *_serviceError;
}
- (instancetype)initWithStatusCode:(NSInteger)statusCode
                         byteCount:(unsigned long long)byteCount
                         errorBody:(NSData *)errorBody;
- (NSInteger)statusCode;
- (unsigned long long)byteCount;
- (OPSServiceError *)serviceError;
- (NSString *)ossErrorCode;
- (NSString *)ossErrorMessage;
@end

/* Writes ROOT/<bucket>/<key> with bytes derived from the key. */
NSData *WriteObject(NSString *key, NSUInteger size);
NSString *DownloadPath(void);
/* GETs request (or URLString + headers when request is nil) once, with
 * NSURLConnection, into DownloadPath(); virtual-hosted URLs go to
 * 127.0.0.1 with the URL's host in the Host header. */
OPSTestAnswer *Get(OPSPresignedRequest *request, NSString *URLString, NSDictionary *headers,
                   const char *file, int line);
void ExpectObject(OPSTestAnswer *result, NSData *object, const char *file, int line);
void ExpectRefused(OPSTestAnswer *result, NSInteger status, NSString *code, const char *file,
                   int line);
#define EXPECT_OBJECT(result, object) ExpectObject((result), (object), __FILE__, __LINE__)
#define EXPECT_REFUSED(result, status, code) ExpectRefused((result), (status), (code), __FILE__, __LINE__)
#define GET(request) Get((request), nil, nil, __FILE__, __LINE__)
#define GET_URL(url, headers) Get(nil, (url), (headers), __FILE__, __LINE__)
/* Sends [request URLRequest] as it is (method, URL, headers) once, with
 * NSURLConnection, to 127.0.0.1 with the URL's host in the Host header.
 * Returns the response (nil if none came; the test fails) and the body
 * read into *body. */
NSHTTPURLResponse *Send(OPSPresignedRequest *request, NSData **body, const char *file, int line);
#define SEND(request, body) Send((request), (body), __FILE__, __LINE__)

/* ------------------------------------------------------------------ test_live.m */

void TestServerAnswers(void);
void TestClock(void);
void TestSleepClock(void);
void TestMidnight(void);
void TestCredentialExpiry(void);
void TestWindow(void);
void TestDiagnostics(void);
void TestBatch(void);
void TestSigningKeys(void);
void TestInspectVerifyLint(void);
void TestRotation(void);
void TestLiveLeaks(void);
void TestLiveDownloads(void);

/* ------------------------------------------------------------------ test_download.m */

void TestDownloadRules(void);

/* ------------------------------------------------------------------ test_head.m */

void TestHead(void);

/* ------------------------------------------------------------------ test_api.m */

void TestAPIAdditions(void);

#endif /* OPS_TEST_SUPPORT_H */
