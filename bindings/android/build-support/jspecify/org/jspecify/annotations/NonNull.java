// A compile-time stand-in for the type of the same name in org.jspecify:jspecify:1.0.0
// (same package, name, targets and retention), so the desktop build compiles where Maven
// Central is out of reach. Never packaged: the jar and the AAR leave org/jspecify out, and
// Gradle builds and apps use the real artifact (an `api` dependency of the module).
package org.jspecify.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The annotated type usage excludes null (redundant where null-marked). */
@Documented
@Target(ElementType.TYPE_USE)
@Retention(RetentionPolicy.RUNTIME)
public @interface NonNull {}
