/*
 * OPSCompat.h (private): one source for two memory models.
 *
 * On Apple platforms the wrapper is built with ARC; under GNUstep (gcc, or
 * clang -fobjc-runtime=gcc) with manual retain/release. The sources never
 * send retain/release/autorelease or [super dealloc] directly: they use
 * these macros, which vanish under ARC. tests/run.sh keeps this true by
 * compiling every wrapper source a second time with -fobjc-arc
 * (-fsyntax-only: ARC refuses explicit retain/release, so a stray one
 * fails the build) besides the MRC builds with gcc and clang.
 */
#ifndef OPS_COMPAT_H
#define OPS_COMPAT_H

#import "OPSDefines.h"

#if __has_feature(objc_arc)
#define OPS_RETAIN(x) (x)
#define OPS_RELEASE(x) ((void)0)
#define OPS_AUTORELEASE(x) (x)
#define OPS_SUPER_DEALLOC() ((void)0)
#else
#define OPS_RETAIN(x) [(x) retain]
#define OPS_RELEASE(x) [(x) release]
#define OPS_AUTORELEASE(x) [(x) autorelease]
#define OPS_SUPER_DEALLOC() [super dealloc]
#endif

#endif /* OPS_COMPAT_H */
