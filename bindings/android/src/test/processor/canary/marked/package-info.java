/** Planted for NullabilityCheck: a null-marked package that mixes in another vocabulary. */
@NullMarked
package marked;

import org.jspecify.annotations.NullMarked;
