/*
 * OPSKeyLint.h: what in an object key tends to hurt users elsewhere
 * (+[OPSPresigner lintKey:error:]).
 */
#ifndef OPS_KEY_LINT_H
#define OPS_KEY_LINT_H

#import "OPSDefines.h"

/**
 * Findings of +[OPSPresigner lintKey:error:], as bits: exactly the
 * OSS_KEY_LINT_* values of the C ABI (a test checks the mirror). For code
 * that chooses new keys; presigning accepts every such key, since OSS
 * stores them and existing objects must stay reachable.
 */
typedef NS_OPTIONS(NSUInteger, OPSKeyLint){
    /** Control characters (U+0001-U+001F, U+007F-U+009F): listings must be
     *  URL-encoded to show them; terminals and logs mangle them. */
    OPSKeyLintControlCharacters = 1,
    /** An empty path segment (a//b): folder views show a folder without a
     *  name; path-joining code collapses //, naming another object. */
    OPSKeyLintEmptySegment = 2,
    /** A segment ending in a space or a dot: Windows cannot create such a
     *  file or folder, so saving a download under the key's name fails. */
    OPSKeyLintTrailingSpaceOrDot = 4,
    /** A segment starting or ending with white space, or white space other
     *  than U+0020 (tabs, no-break spaces): invisible, trimmed when copied. */
    OPSKeyLintUnusualWhiteSpace = 8,
    /** Zero-width or invisible formatting characters, fullwidth ASCII: look
     *  like other keys, or like nothing. */
    OPSKeyLintLookalikeCharacters = 16,
    /** Combining marks: the same visible name can be stored precomposed
     *  (NFC) or decomposed (NFD), which are different keys. */
    OPSKeyLintCombiningMarks = 32,
};

NS_ASSUME_NONNULL_BEGIN

/**
 * What +[OPSPresigner lintKey:error:] found in one key: a value, immutable
 * (no subclasses) and safe to share between threads; two reports are equal
 * when their keys and findings are.
 */
OPS_FINAL
NS_SWIFT_SENDABLE
@interface OPSKeyLintReport : NSObject
#if OPS_IVARS_IN_HEADERS
{
    OPS_KEY_LINT_REPORT_IVARS
}
#endif

#if OPS_HAS_UNAVAILABLE
- (instancetype)init OPS_UNAVAILABLE;
+ (instancetype)new OPS_UNAVAILABLE;
#endif

/** The key, as given. */
@property (nonatomic, readonly, copy) NSString *key;
/** What in it tends to hurt users elsewhere; 0 when nothing (Swift: an
 *  OptionSet, report.findings.contains(.emptySegment)). */
@property (nonatomic, readonly) OPSKeyLint findings;
/** YES when findings is 0. */
@property (nonatomic, readonly, getter=isClean) BOOL clean;

@end

NS_ASSUME_NONNULL_END

#endif /* OPS_KEY_LINT_H */
