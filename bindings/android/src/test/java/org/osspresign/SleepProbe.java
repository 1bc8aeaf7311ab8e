package org.osspresign;

/**
 * The sleep clock in a JVM of its own, for TimeOnPhonesTest: started with the sleep shim in
 * {@code LD_PRELOAD} (its path is the one argument), it sets a server time, "suspends" the
 * machine for an hour (CLOCK_BOOTTIME and CLOCK_REALTIME jump, CLOCK_MONOTONIC does not), then
 * sets the wall clock a day ahead, and prints after each step how far the signing time moved
 * from the server time and how far {@link Presigner#clockOffset()} moved.
 */
final class SleepProbe {
    private SleepProbe() {}

    static native void suspend(long seconds);

    static native void setWall(long seconds);

    public static void main(String[] args) {
        System.load(args[0]); // the preloaded shim: its JNI entry points
        long server = System.currentTimeMillis() / 1000 + 3 * 3600; // the device is 3 h behind
        try (Presigner p = Fixtures.presigner()) {
            p.setServerTime(server);
            long offset = p.clockOffset();
            report("set", p, server, offset);
            suspend(3600);
            report("asleep", p, server, offset);
            setWall(86400);
            report("wall", p, server, offset);
        }
    }

    private static void report(String step, Presigner p, long server, long offset) {
        PresignedRequest r = p.presignGetRequest(Fixtures.BUCKET, Fixtures.KEY, null);
        System.out.println(step + " signed=" + (r.signingTime() - server) + " offset="
                + (p.clockOffset() - offset) + " alive=" + (r.expiration() > r.signingTime()));
    }
}
