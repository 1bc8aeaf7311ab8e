package org.osspresign;

/**
 * Loads the native library in a JVM of its own, for NativeLoadTest: prints {@code loaded
 * VERSION}, or the class and message of what the load threw (and exits with 3).
 */
final class LoadProbe {
    private LoadProbe() {}

    public static void main(String[] args) {
        try {
            System.out.println("loaded " + Presigner.libraryVersion());
        } catch (Throwable t) {
            System.out.println(t.getClass().getName() + ": " + t.getMessage());
            System.exit(3);
        }
    }
}
