package marked;

import java.lang.annotation.ElementType;
import java.lang.annotation.Target;

/** Planted for NullabilityCheck: a nullness annotation that is not JSpecify's. */
@Target(ElementType.TYPE_USE)
@interface NotNull {}
