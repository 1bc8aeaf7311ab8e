package org.osspresign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Time as a phone lives it, through the wrapper: a clock that counts sleep, tomorrow's key
 * handed over before midnight, windows that keep to the day, server times a genuine answer
 * can carry. The rules are the core's; these show they reach Java.
 */
class TimeOnPhonesTest {
    /** 2024-01-03T00:00:00Z. */
    private static final long MIDNIGHT = 1704240000L;

    private static String url(Presigner p, long signingTime) {
        try (GetOptions o = new GetOptions().signingTime(signingTime)) {
            return p.presignGet(Fixtures.BUCKET, Fixtures.KEY, o);
        }
    }

    private static Presigner sts(String id, String secret, String token) {
        return new Presigner(Fixtures.ENDPOINT, Fixtures.REGION, id, secret, token);
    }

    @Test
    void tomorrowsKeyBeforeMidnightKeepsTodays() {
        String today = SigningKeys.derive("s1", "20240102", Fixtures.REGION, "oss");
        String tomorrow = SigningKeys.derive("s2", "20240103", Fixtures.REGION, "oss");
        try (Presigner phone = Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .signingKey("STS.one", today, "20240102/cn-hangzhou/oss", "t1")
                        .build();
                Presigner one = sts("STS.one", "s1", "t1");
                Presigner two = sts("STS.two", "s2", "t2")) {
            phone.setSigningKey("STS.two", tomorrow, "20240103/cn-hangzhou/oss", "t2", MIDNIGHT + 43200);
            assertEquals(url(one, MIDNIGHT - 1), url(phone, MIDNIGHT - 1));
            assertEquals(url(two, MIDNIGHT), url(phone, MIDNIGHT));
            assertEquals(url(two, MIDNIGHT + 3600), url(phone, MIDNIGHT + 3600));
            // A key of another day replaces both.
            phone.setSigningKey("STS.two", SigningKeys.derive("s2", "20240110", Fixtures.REGION, "oss"),
                    "20240110", "t2");
            Fixtures.refused(OssPresignException.SIGNING_KEY_OUT_OF_SCOPE, "signing_time", () -> url(phone, MIDNIGHT));
        }
    }

    @Test
    void aKeyOfAnotherRegionIsRefusedWhenItsScopeSaysSo() {
        String key = SigningKeys.derive("s1", "20240102", "cn-shanghai", "oss");
        Fixtures.refused(OssPresignException.SIGNING_KEY_OUT_OF_SCOPE, "date",
                () -> Presigner.builder(Fixtures.ENDPOINT, Fixtures.REGION)
                        .signingKey("ak", key, "20240102/cn-shanghai/oss", null)
                        .build()
                        .close());
        try (Presigner p = Fixtures.presigner()) {
            Fixtures.refused(OssPresignException.SIGNING_KEY_OUT_OF_SCOPE, "date",
                    () -> p.setSigningKey("ak", key, "20240102/cn-shanghai/oss", null));
            // Refused, so the secret still signs.
            assertTrue(url(p, MIDNIGHT).contains("x-oss-credential=" + Fixtures.ACCESS_KEY_ID + "%2F"));
        }
    }

    @Test
    void windowsDivideTheDay() {
        try (GetOptions o = new GetOptions()) {
            Fixtures.refused(OssPresignException.INVALID_SIGNING_TIME_WINDOW, "signing_time_window",
                    () -> o.signingTimeWindow(7000));
            o.signingTimeWindow(3600).signingTimeWindow(86400).signingTimeWindow(0);
        }
    }

    @Test
    void serverTimesOnlyFromTheYearsOfGenuineAnswers() {
        try (Presigner p = Fixtures.presigner()) {
            // A cached answer from 2024, and one from 2100.
            Fixtures.refused(OssPresignException.INVALID_SIGNING_TIME, "server_unix_seconds",
                    () -> p.setServerTime(Fixtures.SIGNING_TIME));
            Fixtures.refused(OssPresignException.INVALID_SIGNING_TIME, "server_unix_seconds",
                    () -> p.setServerTime(4102444800L));
            assertEquals(0, p.clockOffset());
        }
    }

    /** setServerTime, an hour asleep, then the wall clock set a day ahead, in a child JVM. */
    @Test
    void theServerTimeKeepsCountingWhileThePhoneSleeps() throws Exception {
        String shim = System.getProperty("oss.sleepShim");
        assertTrue(shim != null && new File(shim).isFile(), "-Doss.sleepShim is not set: run bash bindings/android/test.sh");
        Map<String, String> env = new HashMap<>();
        String preload = System.getenv("LD_PRELOAD"); // libasan in the ASan run: it stays first
        env.put("LD_PRELOAD", preload == null || preload.isEmpty() ? shim : preload + ":" + shim);
        String asan = System.getenv("ASAN_OPTIONS");
        if (asan != null) {
            // The probe checks the clock; this JVM's own run checks leaks.
            env.put("ASAN_OPTIONS", asan + ":detect_leaks=0");
        }
        Fixtures.ChildJvm child = Fixtures.runJava(null, env, SleepProbe.class, shim);
        String out = child.output;
        assertEquals(0, child.status, out);
        // Signed at the server time plus the time asleep (and the seconds the probe took),
        // the offset unmoved by sleep, moved only by the wall clock's change.
        expect(out, "set", 0, 0);
        expect(out, "asleep", 3600, 0);
        expect(out, "wall", 3600, -86400);
    }

    private static void expect(String out, String step, long signed, long offset) {
        Matcher m = Pattern.compile("(?m)^" + step + " signed=(-?\\d+) offset=(-?\\d+) alive=true$").matcher(out);
        assertTrue(m.find(), () -> "no '" + step + "' line in: " + out);
        long s = Long.parseLong(m.group(1));
        long o = Long.parseLong(m.group(2));
        assertTrue(s >= signed && s <= signed + 30, () -> step + ": signed " + s + " s after the server time: " + out);
        assertTrue(Math.abs(o - offset) <= 1, () -> step + ": offset moved " + o + " s: " + out);
    }
}
