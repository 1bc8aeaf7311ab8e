/**
 * The download sample: {@link org.osspresign.sample.Downloader}, {@link
 * org.osspresign.sample.DownloadTask} and the Android Activity over them. Null-marked
 * (JSpecify), as the library is: only {@code @Nullable} types hold null.
 */
@NullMarked
package org.osspresign.sample;

import org.jspecify.annotations.NullMarked;
