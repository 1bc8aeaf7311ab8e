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
#import "OPSIvars.h"

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

/* A method returning a pointer into its receiver (GNUstep lacks the macro). */
#ifndef NS_RETURNS_INNER_POINTER
#if __has_attribute(objc_returns_inner_pointer)
#define NS_RETURNS_INNER_POINTER __attribute__((objc_returns_inner_pointer))
#else
#define NS_RETURNS_INNER_POINTER
#endif
#endif

/* A local object that must outlive a C pointer taken from it (ARC may
 * otherwise release it after its last use as an object). */
#if __has_feature(objc_arc)
#define OPS_PRECISE_LIFETIME __attribute__((objc_precise_lifetime))
#else
#define OPS_PRECISE_LIFETIME
#endif

/* An object reference that does not retain (a delegate): ARC needs the
 * qualifier, manual retain/release has no other kind. */
#if __has_feature(objc_arc)
#define OPS_UNRETAINED __unsafe_unretained
#else
#define OPS_UNRETAINED
#endif

#endif /* OPS_COMPAT_H */
