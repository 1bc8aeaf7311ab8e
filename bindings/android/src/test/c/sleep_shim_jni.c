/*
 * JNI entry points of the sleep shim (tests/c/sleep_shim.c, linked into the
 * same library), for SleepProbe: a JVM started with the library in
 * LD_PRELOAD loads it again with System.load and "suspends" the machine
 * from Java.
 */
#include <jni.h>
#include <stdint.h>

void sleep_shim_suspend(int64_t seconds);
void sleep_shim_set_wall(int64_t seconds);

JNIEXPORT void JNICALL Java_org_osspresign_SleepProbe_suspend(JNIEnv *env, jclass cls,
                                                             jlong seconds) {
    (void)env;
    (void)cls;
    sleep_shim_suspend((int64_t)seconds);
}

JNIEXPORT void JNICALL Java_org_osspresign_SleepProbe_setWall(JNIEnv *env, jclass cls,
                                                             jlong seconds) {
    (void)env;
    (void)cls;
    sleep_shim_set_wall((int64_t)seconds);
}
