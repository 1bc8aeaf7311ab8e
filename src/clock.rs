//! Where a client's "now" comes from: the device's wall clock, corrected by
//! the server's time once the caller has seen it.
//!
//! Phones have wrong clocks, and a URL signed with one is dead on arrival or
//! expires early. A caller that sees the server's time (any HTTP `Date`
//! header, or the `ServerTime` of an OSS error) hands it to the client,
//! which keeps it as an offset from a clock that counts time since boot,
//! asleep included (`boot_clock`): changing the device clock afterwards does
//! not move it, and neither does a phone sleeping in a pocket. The offset is
//! one atomic word, read without locks.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// The two clocks a client reads. The system's by default; tests and
/// embedders may supply their own (a fixed or a travelling clock).
pub trait Clock: Send + Sync {
    /// The wall clock: nanoseconds since 1970-01-01T00:00:00Z (negative
    /// before). The device's idea of the time, which may be wrong.
    fn wall_unix_nanos(&self) -> i64;

    /// Nanoseconds since a fixed instant (the device's boot, for the
    /// system's clock), counting the time the device sleeps: it carries the
    /// server's time forward, so a clock that stops while the device sleeps
    /// makes every later URL that much older. It never jumps when the wall
    /// clock is changed.
    fn since_boot_nanos(&self) -> i64;
}

/// The system's clocks: `SystemTime`, and the boot-time clock that counts
/// sleep (`CLOCK_BOOTTIME` on Linux and Android, `CLOCK_MONOTONIC` on Apple
/// platforms). Elsewhere (Windows, the BSDs) the second is
/// `std::time::Instant`, which may stop while the machine sleeps.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn wall_unix_nanos(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_nanos()).map_or(i64::MIN, |n| -n),
        }
    }

    fn since_boot_nanos(&self) -> i64 {
        crate::boot_clock::since_boot_nanos()
    }
}

/// The corrected clock of one client: the wall clock until the server's
/// time is known, then the server's time carried forward by the boot-time
/// clock.
pub(crate) struct ClientClock {
    source: Arc<dyn Clock>,
    /// `server time - boot time` in nanoseconds, when the server's time
    /// was set; [`UNSET`] before.
    server_minus_boot: AtomicI64,
}

/// No real offset is this one (it would put the server before year 1678).
const UNSET: i64 = i64::MIN;

impl ClientClock {
    pub(crate) fn new(source: Arc<dyn Clock>) -> Self {
        ClientClock {
            source,
            server_minus_boot: AtomicI64::new(UNSET),
        }
    }

    /// Records that the server's clock reads `server_unix_seconds` now.
    pub(crate) fn set_server_time(&self, server_unix_seconds: i64) {
        let offset = server_unix_seconds
            .saturating_mul(NANOS_PER_SECOND)
            .saturating_sub(self.source.since_boot_nanos())
            .max(UNSET + 1);
        self.server_minus_boot.store(offset, Ordering::Relaxed);
    }

    /// The corrected time in nanoseconds since 1970.
    fn now_nanos(&self) -> i64 {
        match self.server_minus_boot.load(Ordering::Relaxed) {
            UNSET => self.source.wall_unix_nanos(),
            offset => self.source.since_boot_nanos().saturating_add(offset),
        }
    }

    /// The corrected time in whole Unix seconds (rounded down).
    pub(crate) fn now_unix_seconds(&self) -> i64 {
        self.now_nanos().div_euclid(NANOS_PER_SECOND)
    }

    /// Corrected time minus the wall clock, now, in whole seconds rounded
    /// toward zero; 0 before the server's time is set.
    pub(crate) fn offset_seconds(&self) -> i64 {
        if self.server_minus_boot.load(Ordering::Relaxed) == UNSET {
            return 0;
        }
        self.now_nanos()
            .saturating_sub(self.source.wall_unix_nanos())
            / NANOS_PER_SECOND
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A clock the test moves by hand: both clocks advance together unless
    /// the wall clock is set, as when a user changes the device's time.
    #[derive(Default)]
    pub(crate) struct ManualClock {
        wall: AtomicI64,
        boot: AtomicI64,
    }

    impl ManualClock {
        pub(crate) fn at(unix_seconds: i64) -> Arc<Self> {
            let clock = ManualClock::default();
            clock
                .wall
                .store(unix_seconds * NANOS_PER_SECOND, Ordering::Relaxed);
            clock.boot.store(777 * NANOS_PER_SECOND, Ordering::Relaxed);
            Arc::new(clock)
        }

        pub(crate) fn advance(&self, seconds: i64) {
            self.wall
                .fetch_add(seconds * NANOS_PER_SECOND, Ordering::Relaxed);
            self.boot
                .fetch_add(seconds * NANOS_PER_SECOND, Ordering::Relaxed);
        }

        pub(crate) fn set_wall(&self, unix_seconds: i64) {
            self.wall
                .store(unix_seconds * NANOS_PER_SECOND, Ordering::Relaxed);
        }
    }

    impl Clock for Arc<ManualClock> {
        fn wall_unix_nanos(&self) -> i64 {
            self.wall.load(Ordering::Relaxed)
        }
        fn since_boot_nanos(&self) -> i64 {
            self.boot.load(Ordering::Relaxed)
        }
    }

    const T: i64 = 1_704_164_645;

    #[test]
    fn the_wall_clock_until_the_server_time_is_set() {
        let manual = ManualClock::at(T);
        let clock = ClientClock::new(Arc::new(manual.clone()));
        assert_eq!((clock.now_unix_seconds(), clock.offset_seconds()), (T, 0));
        manual.advance(5);
        assert_eq!(clock.now_unix_seconds(), T + 5);
    }

    #[test]
    fn the_server_time_carried_by_the_boot_clock() {
        let manual = ManualClock::at(T);
        let clock = ClientClock::new(Arc::new(manual.clone()));
        // The phone is an hour behind.
        clock.set_server_time(T + 3600);
        assert_eq!(
            (clock.now_unix_seconds(), clock.offset_seconds()),
            (T + 3600, 3600)
        );
        manual.advance(10);
        assert_eq!(clock.now_unix_seconds(), T + 3610);
        // The user fixes the phone's clock: the corrected time does not move,
        // and the offset shrinks to what is left of the error.
        manual.set_wall(T + 3610);
        assert_eq!(
            (clock.now_unix_seconds(), clock.offset_seconds()),
            (T + 3610, 0)
        );
        // Ahead of the server: a negative offset.
        clock.set_server_time(T);
        assert_eq!(clock.offset_seconds(), -3610);
    }

    #[test]
    fn offsets_are_whole_seconds_toward_zero() {
        let manual = ManualClock::at(T);
        manual
            .wall
            .fetch_add(NANOS_PER_SECOND / 2, Ordering::Relaxed);
        let clock = ClientClock::new(Arc::new(manual.clone()));
        clock.set_server_time(T + 2); // 1.5 s ahead of the wall clock
        assert_eq!(clock.offset_seconds(), 1);
        clock.set_server_time(T - 1); // 1.5 s behind
        assert_eq!(clock.offset_seconds(), -1);
    }

    #[test]
    fn system_clock_is_close_to_system_time() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let wall = SystemClock.wall_unix_nanos() / NANOS_PER_SECOND;
        assert!((now - 2..=now + 2).contains(&wall));
        let (a, b) = (
            SystemClock.since_boot_nanos(),
            SystemClock.since_boot_nanos(),
        );
        assert!(b >= a);
    }
}
