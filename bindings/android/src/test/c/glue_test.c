/*
 * Unit tests of the JNI glue's own helpers, without a JVM: the glue is
 * compiled into this program with malloc and free replaced by counting
 * versions, and called through a JNIEnv whose few functions are fakes.
 *
 * What it proves: every copy text_in makes of a Java byte[] (a secret, a
 * token, a URL) is all zeros when it is released, on every path: refused for
 * a NUL byte, refused because the copy raised an exception, and released by
 * text_free after use; on the stack (short strings) and on the heap.
 *
 *   cc -std=c11 ... -I include -isystem $JAVA_HOME/include ... glue_test.c \
 *      target/release/liboss_presign.a -lpthread -ldl -lm && ./a.out
 *
 * Prints "glue_test: N passed, 0 failed" and exits 0, or names each failure.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jni.h>

/* The glue's allocations, as seen by the fakes below. */
#define MAX_BLOCKS 16
static struct {
    void *ptr;
    size_t size;
} live[MAX_BLOCKS];
static int freed_unwiped; /* blocks that reached free() holding a non-zero byte */
static int heap_copies;   /* blocks text_in allocated */

static void *counting_malloc(size_t size) {
    void *p = malloc(size);
    for (int i = 0; p != NULL && i < MAX_BLOCKS; i++) {
        if (live[i].ptr == NULL) {
            live[i].ptr = p;
            live[i].size = size;
            heap_copies++;
            return p;
        }
    }
    return p;
}

/* Checks the block is all zeros before it goes back to the allocator, where
 * its bytes would stay readable until reused. */
static void checking_free(void *p) {
    for (int i = 0; p != NULL && i < MAX_BLOCKS; i++) {
        if (live[i].ptr == p) {
            const unsigned char *bytes = p;
            for (size_t j = 0; j < live[i].size; j++) {
                if (bytes[j] != 0) {
                    freed_unwiped++;
                    break;
                }
            }
            live[i].ptr = NULL;
        }
    }
    free(p);
}

#define malloc counting_malloc
#define free checking_free
#include "../../main/c/oss_presign_jni.c"
#undef malloc
#undef free

/* ------------------------------------------------------------------------ */
/* A JNIEnv with just what text_in uses. A "byte[]" is a struct java_bytes. */

struct java_bytes {
    const char *bytes;
    jsize length;
    bool throw_on_copy; /* GetByteArrayRegion copies, then raises an exception */
};

static bool exception_pending;
static int exceptions_thrown;

static jsize JNICALL fake_get_array_length(JNIEnv *env, jarray array) {
    (void)env;
    return ((const struct java_bytes *)(void *)array)->length;
}

static void JNICALL fake_get_byte_array_region(JNIEnv *env, jbyteArray array, jsize start,
                                               jsize len, jbyte *buf) {
    const struct java_bytes *a = (const struct java_bytes *)(void *)array;
    (void)env;
    memcpy(buf, a->bytes + start, (size_t)len);
    if (a->throw_on_copy) {
        exception_pending = true;
    }
}

static jboolean JNICALL fake_exception_check(JNIEnv *env) {
    (void)env;
    return exception_pending ? JNI_TRUE : JNI_FALSE;
}

static jint JNICALL fake_throw_new(JNIEnv *env, jclass cls, const char *message) {
    (void)env;
    (void)cls;
    (void)message;
    exception_pending = true;
    exceptions_thrown++;
    return 0;
}

static struct JNINativeInterface_ fake_functions;
static JNIEnv fake_env_value;

static JNIEnv *fake_env(void) {
    fake_functions.GetArrayLength = fake_get_array_length;
    fake_functions.GetByteArrayRegion = fake_get_byte_array_region;
    fake_functions.ExceptionCheck = fake_exception_check;
    fake_functions.ThrowNew = fake_throw_new;
    fake_env_value = &fake_functions;
    exception_pending = false;
    return &fake_env_value;
}

/* ------------------------------------------------------------------------ */

static int passed;
static int failed;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond) {                                                              \
            passed++;                                                            \
        } else {                                                                 \
            failed++;                                                            \
            fprintf(stderr, "glue_test.c:%d: %s: CHECK(%s) failed\n", __LINE__,   \
                    current_case, #cond);                                        \
        }                                                                        \
    } while (0)

static const char *current_case = "";

static bool all_zero(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

/* A secret of `length` bytes ("sk-..."), with a NUL at `nul_at` unless -1. */
static void fill_secret(char *buffer, size_t length, long nul_at) {
    for (size_t i = 0; i < length; i++) {
        buffer[i] = (char)('a' + (char)(i % 26));
    }
    if (nul_at >= 0) {
        buffer[nul_at] = '\0';
    }
}

/* text_in on a secret that it must refuse (a NUL, or an exception during the
 * copy): nothing of it is left anywhere, and an exception is pending. */
static void refused(const char *name, size_t length, long nul_at, bool throw_on_copy) {
    static char secret[4096];
    struct java_bytes array;
    struct text t;
    JNIEnv *env = fake_env();
    int unwiped_before = freed_unwiped;
    int copies_before = heap_copies;

    current_case = name;
    fill_secret(secret, length, nul_at);
    array.bytes = secret;
    array.length = (jsize)length;
    array.throw_on_copy = throw_on_copy;
    memset(t.small, 0x55, sizeof t.small);

    CHECK(!text_in(env, (jbyteArray)(void *)&array, &t));
    CHECK(exception_pending);
    CHECK(t.ptr == NULL);
    CHECK(all_zero(t.small, length <= SMALL_TEXT ? length : 0));
    CHECK(heap_copies - copies_before == (length > SMALL_TEXT ? 1 : 0));
    CHECK(freed_unwiped == unwiped_before);
}

/* text_in then text_free on a secret it accepts: the copy is wiped at release. */
static void accepted(const char *name, size_t length) {
    static char secret[4096];
    struct java_bytes array;
    struct text t;
    JNIEnv *env = fake_env();
    int unwiped_before = freed_unwiped;

    current_case = name;
    fill_secret(secret, length, -1);
    array.bytes = secret;
    array.length = (jsize)length;
    array.throw_on_copy = false;

    CHECK(text_in(env, (jbyteArray)(void *)&array, &t));
    CHECK(!exception_pending);
    CHECK(t.ptr != NULL && t.len == length && memcmp(t.ptr, secret, length) == 0);
    CHECK(t.ptr != NULL && t.ptr[length] == '\0');
    CHECK((t.ptr == t.small) == (length <= SMALL_TEXT));
    text_free(&t);
    CHECK(t.ptr == NULL);
    CHECK(all_zero(t.small, length <= SMALL_TEXT ? length : 0));
    CHECK(freed_unwiped == unwiped_before);
}

int main(void) {
    refused("long secret with a NUL (heap copy)", 1000, 700, false);
    refused("short secret with a NUL (stack copy)", 40, 39, false);
    refused("long secret, the copy raises an exception", 1000, -1, true);
    refused("short secret, the copy raises an exception", 40, -1, true);
    accepted("long secret, used and released", 3000);
    accepted("short secret, used and released", SMALL_TEXT);
    accepted("empty string", 0);

    current_case = "every heap copy was freed";
    for (int i = 0; i < MAX_BLOCKS; i++) {
        CHECK(live[i].ptr == NULL);
    }
    CHECK(exceptions_thrown == 2); /* the two NUL refusals; the others were the copy's */

    printf("glue_test: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
