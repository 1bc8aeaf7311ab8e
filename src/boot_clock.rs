//! The system clock that keeps counting while the device sleeps: what
//! carries a server time forward on a phone.
//!
//! `std::time::Instant` is the wrong clock for that: it reads
//! `CLOCK_MONOTONIC` on Linux and Android and `CLOCK_UPTIME_RAW` on Apple
//! platforms, and neither counts time asleep, so every minute of screen-off
//! would make later URLs a minute older. Instead:
//! - Linux and Android: `clock_gettime(CLOCK_BOOTTIME)`, `CLOCK_MONOTONIC`
//!   plus the time suspended (clock_gettime(2));
//! - Apple platforms: `clock_gettime(CLOCK_MONOTONIC)`, which on Darwin
//!   "will continue to increment while the system is asleep"
//!   (clock_gettime(3)), unlike `CLOCK_UPTIME_RAW`;
//! - anything else: `Instant`, which may not count sleep there.
//!
//! Neither clock moves when the user (or the network) sets the wall clock.
//! This is the crate's one use of `unsafe` outside the C ABI: a single
//! `clock_gettime` call into a local value.

/// Nanoseconds since a fixed instant (the boot, on Linux, Android and
/// Apple platforms), counting the time the device was asleep.
pub(crate) fn since_boot_nanos() -> i64 {
    #[cfg(all(
        not(miri),
        any(target_os = "linux", target_os = "android", target_vendor = "apple")
    ))]
    if let Some(nanos) = clock_gettime_nanos() {
        return nanos;
    }
    instant_nanos()
}

/// The clock that counts sleep, on the platforms that have one.
#[cfg(any(target_os = "linux", target_os = "android"))]
const SLEEP_COUNTING_CLOCK: libc::clockid_t = libc::CLOCK_BOOTTIME;
#[cfg(target_vendor = "apple")]
const SLEEP_COUNTING_CLOCK: libc::clockid_t = libc::CLOCK_MONOTONIC;

/// `SLEEP_COUNTING_CLOCK` in nanoseconds; `None` if the kernel refuses it
/// (Linux before 2.6.39, older than any kernel Rust supports).
#[cfg(all(
    not(miri),
    any(target_os = "linux", target_os = "android", target_vendor = "apple")
))]
#[allow(unsafe_code)]
fn clock_gettime_nanos() -> Option<i64> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a live, writable timespec; clock_gettime writes only
    // it and keeps no pointer to it.
    let status = unsafe { libc::clock_gettime(SLEEP_COUNTING_CLOCK, &mut now) };
    if status != 0 {
        return None;
    }
    // `time_t` and `long` are 32 bits on 32-bit Android: widen, never cut.
    #[allow(clippy::useless_conversion)]
    let (seconds, nanos) = (i64::from(now.tv_sec), i64::from(now.tv_nsec));
    Some(seconds.saturating_mul(1_000_000_000).saturating_add(nanos))
}

/// `Instant` as nanoseconds since its first reading.
fn instant_nanos() -> i64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    i64::try_from(start.elapsed().as_nanos()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_goes_back() {
        let mut last = since_boot_nanos();
        for _ in 0..1000 {
            let now = since_boot_nanos();
            assert!(now >= last, "{now} < {last}");
            last = now;
        }
    }

    /// On Linux the clock is CLOCK_BOOTTIME itself, read through the same
    /// call (`tests/c/sleep_shim.c` proves a suspend moves it).
    #[cfg(all(target_os = "linux", not(miri)))]
    #[test]
    fn is_the_boot_time_clock_on_linux() {
        let read = |clock| {
            let mut now = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: a live, writable timespec.
            #[allow(unsafe_code)]
            let status = unsafe { libc::clock_gettime(clock, &mut now) };
            assert_eq!(status, 0);
            now.tv_sec * 1_000_000_000 + now.tv_nsec
        };
        let before = read(libc::CLOCK_BOOTTIME);
        let ours = since_boot_nanos();
        let after = read(libc::CLOCK_BOOTTIME);
        assert!((before..=after).contains(&ours), "{before} {ours} {after}");
    }
}
