/*
 * OPSDefines.h: the few macros the public headers of OPSPresigner use.
 *
 * Apple's Foundation defines all of them; the fallbacks below only take
 * effect elsewhere (GNUstep with gcc or clang), where Swift does not exist
 * and the attributes have no meaning. Every name defined here is either
 * prefixed OPS_ or one Foundation itself would define.
 */
#ifndef OPS_DEFINES_H
#define OPS_DEFINES_H

#import <Foundation/Foundation.h>

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#ifndef __has_attribute
#define __has_attribute(x) 0
#endif

/* Nullability qualifiers: gcc has none. Always spelled _Nullable in these
 * headers (gcc cannot parse the context-sensitive `nullable`). */
#if !__has_feature(nullability)
#ifndef _Nullable
#define _Nullable
#endif
#ifndef _Nonnull
#define _Nonnull
#endif
#endif

#ifndef NS_ASSUME_NONNULL_BEGIN
#define NS_ASSUME_NONNULL_BEGIN
#define NS_ASSUME_NONNULL_END
#endif

#ifndef NS_SWIFT_NAME
#if __has_attribute(swift_name)
#define NS_SWIFT_NAME(_name) __attribute__((swift_name(#_name)))
#else
#define NS_SWIFT_NAME(_name)
#endif
#endif

#ifndef NS_SWIFT_SENDABLE
#if __has_attribute(swift_attr)
#define NS_SWIFT_SENDABLE __attribute__((swift_attr("@Sendable")))
#else
#define NS_SWIFT_SENDABLE
#endif
#endif

#ifndef NS_ERROR_ENUM
#if __has_attribute(ns_error_domain) && __has_feature(objc_fixed_enum)
#define NS_ERROR_ENUM(_domain, _name) \
    enum _name : NSInteger _name;     \
    enum __attribute__((ns_error_domain(_domain))) _name : NSInteger
#else
#define NS_ERROR_ENUM(_domain, _name) NS_ENUM(NSInteger, _name)
#endif
#endif

#ifndef NS_DESIGNATED_INITIALIZER
#define NS_DESIGNATED_INITIALIZER
#endif

/* Marks -init and +new of classes built only by their designated
 * initializer. GNUstep defines NS_UNAVAILABLE empty, so this has its own
 * name; where the attribute does not exist those methods are not declared at
 * all (and return nil if called anyway). */
#if defined(__clang__) && __has_attribute(unavailable)
#define OPS_UNAVAILABLE __attribute__((unavailable))
#define OPS_HAS_UNAVAILABLE 1
#else
#define OPS_UNAVAILABLE
#define OPS_HAS_UNAVAILABLE 0
#endif

/* Classes documented immutable cannot be subclassed (clang; gcc has no
 * such attribute): a subclass could add mutable state to a value that is
 * shared between threads. */
#if __has_attribute(objc_subclassing_restricted)
#define OPS_FINAL __attribute__((objc_subclassing_restricted))
#else
#define OPS_FINAL
#endif

/* Lightweight generics: gcc has none. */
#if __has_feature(objc_generics)
#define OPS_STRING_DICTIONARY NSDictionary<NSString *, NSString *>
#define OPS_ARRAY(T) NSArray<T>
#else
#define OPS_STRING_DICTIONARY NSDictionary
#define OPS_ARRAY(T) NSArray
#endif

/* Where instance variables go. Apple's runtime has non-fragile ivars: each
 * class declares its own in a class extension in its .m file, and these
 * headers show none. GNUstep's gcc runtime has fragile ivars, which must be
 * in the @interface: there the headers take the lists from the private
 * OPSIvars.h (on GNUstep the wrapper is built from source, so it is at
 * hand). */
#if __has_feature(objc_nonfragile_abi)
#define OPS_IVARS_IN_HEADERS 0
#else
#define OPS_IVARS_IN_HEADERS 1
#import "OPSIvars.h"
#endif

#endif /* OPS_DEFINES_H */
