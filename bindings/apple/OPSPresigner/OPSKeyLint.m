/*
 * OPSKeyLint.m: OPSKeyLintReport, the findings of one key as a value.
 */
#import "OPSPrivate.h"

#if !OPS_IVARS_IN_HEADERS
@interface OPSKeyLintReport () {
    OPS_KEY_LINT_REPORT_IVARS
}
@end
#endif

@implementation OPSKeyLintReport

@synthesize key = _key;
@synthesize findings = _findings;

- (instancetype)init {
    /* Unavailable: a report comes only from +[OPSPresigner lintKey:error:]. */
    OPS_RELEASE(self);
    return nil;
}

- (instancetype)initWithKey:(NSString *)key findings:(OPSKeyLint)findings {
    self = [super init];
    if (self != nil) {
        _key = [key copy];
        _findings = findings;
    }
    return self;
}

- (void)dealloc {
    OPS_RELEASE(_key);
    OPS_SUPER_DEALLOC();
}

- (BOOL)isClean {
    return _findings == 0;
}

- (BOOL)isEqual:(id)other {
    OPSKeyLintReport *report = other;
    return other == self || ([other isKindOfClass:[OPSKeyLintReport class]] &&
                             report->_findings == _findings && [report->_key isEqualToString:_key]);
}

- (NSUInteger)hash {
    return [_key hash] ^ (NSUInteger)_findings;
}

- (NSString *)description {
    return [NSString stringWithFormat:@"<%@: \"%@\", findings %lu>",
                                      NSStringFromClass([self class]), _key,
                                      (unsigned long)_findings];
}

@end
