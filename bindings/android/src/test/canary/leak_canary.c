/*
 * A planted leak, for bindings/android/test.sh: a copy of liboss_presign_jni
 * linked with this file and -Wl,--wrap=oss_string_free forgets every string
 * the glue hands back to the library (each URL of Native.presignGet, each
 * derived key...), as a glue that forgot one oss_string_free would. The
 * suite's LeakSanitizer run must fail with it.
 */
#include <stddef.h>

void __wrap_oss_string_free(char *s);

void __wrap_oss_string_free(char *s) {
    (void)s;
}
