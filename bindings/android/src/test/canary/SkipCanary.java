import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Tests that pass nothing, for bindings/android/test.sh: it runs this class with the suite's
 * console launcher and expects its tally to count one test passed, a disabled test and a
 * disabled class as skipped, and a failed assumption as aborted; the suite fails on any of
 * those.
 */
class SkipCanary {
    @Test
    void passes() {}

    @Test
    @Disabled("planted: a disabled test")
    void disabled() {}

    @Test
    void assumesWhatIsNotSo() {
        assumeTrue(false, "planted: a failed assumption");
    }

    @Nested
    @Disabled("planted: a disabled class")
    class DisabledClass {
        @Test
        void never() {}
    }
}
