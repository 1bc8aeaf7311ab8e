/**
 * Presigned OSS GET URLs over the native library: {@link org.osspresign.Presigner}, {@link
 * org.osspresign.GetOptions}, {@link org.osspresign.PresignedRequest} and their exceptions.
 *
 * <p>Null-marked (JSpecify): a type without {@code @Nullable} never holds null, so Kotlin sees
 * {@code String} where this package says {@code String} and {@code String?} only where it says
 * {@code @Nullable String}.
 */
@NullMarked
package org.osspresign;

import org.jspecify.annotations.NullMarked;
