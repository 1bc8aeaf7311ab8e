/*
 * Planted bugs that the suite's JNI checks must catch, so that a clean run of
 * -Xcheck:jni or AddressSanitizer means something (bindings/android/test.sh):
 *   missedCheck  calls a Java method, then another JNI function without
 *                ExceptionCheck (-Xcheck:jni warns)
 *   overflow     writes one byte past a malloc'd block (ASan reports)
 */
#include <jni.h>
#include <stdlib.h>

JNIEXPORT void JNICALL Java_JniCanary_missedCheck(JNIEnv *env, jclass cls) {
    jmethodID noop = (*env)->GetStaticMethodID(env, cls, "noop", "()V");
    jbyteArray a;
    if (noop == NULL) {
        return;
    }
    (*env)->CallStaticVoidMethod(env, cls, noop);
    a = (*env)->NewByteArray(env, 1); /* no ExceptionCheck after the call */
    (*env)->DeleteLocalRef(env, a);
}

JNIEXPORT jint JNICALL Java_JniCanary_overflow(JNIEnv *env, jclass cls, jint size) {
    volatile char *p = malloc((size_t)size);
    jint r;
    (void)env;
    (void)cls;
    if (p == NULL) {
        return -1;
    }
    p[size] = 1; /* one past the end */
    r = p[0];
    free((void *)p);
    return r;
}
