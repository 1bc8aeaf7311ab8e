/** Runs one planted JNI bug of jni_canary.c: {@code java JniCanary missedCheck|overflow}. */
public final class JniCanary {
    private static native void missedCheck();

    /** Called from missedCheck. */
    static void noop() {}

    private static native int overflow(int size);

    public static void main(String[] args) {
        System.loadLibrary("jni_canary");
        if (args[0].equals("missedCheck")) {
            missedCheck();
        } else {
            System.out.println(overflow(8));
        }
    }
}
