//! How long a presigned URL lives: `x-oss-expires`, from the options, the
//! signing time window and the credentials' own expiration.
//!
//! In order: the lifetime the options ask for (an absolute expiration as
//! given, else the relative one or the default 900 s, plus the window for a
//! relative one, at most 604800 s); then the credentials' expiration, which
//! refuses the presign or, when the options say so, clamps the lifetime to
//! end exactly when the credentials do.
//!
//! A URL signed by the clock is never dead on arrival: its expiration is
//! after "now", the instant the presign is made (the signing time itself
//! when the caller fixed it). A window rounds the signing time down, so
//! "now" may lie after it: an absolute expiration and the credentials'
//! expiration must both be after "now", not merely after the signing time.

use crate::error::{Error, ErrorKind, Result};
use crate::limits::{DEFAULT_EXPIRES_SECONDS, MAX_EXPIRES_SECONDS};
use crate::options::GetOptions;

/// The start of the signing time window holding `unix_seconds`.
pub(crate) fn window_start(unix_seconds: i64, window: u64) -> i64 {
    match i64::try_from(window) {
        Ok(window) if window > 0 => unix_seconds.saturating_sub(unix_seconds.rem_euclid(window)),
        _ => unix_seconds,
    }
}

/// When a presign signs, and when it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SigningInstant {
    /// `x-oss-date`, Unix seconds.
    pub(crate) signing_time: i64,
    /// When the URL is made: the clock's reading (at or after a windowed
    /// signing time), or the signing time the caller fixed.
    pub(crate) now: i64,
}

/// The value of `x-oss-expires` for a URL signed at `at` with credentials
/// that expire at `credentials_expiration` (if they do). The URL expires
/// after `at.now`, and never after the credentials.
pub(crate) fn lifetime_seconds(
    options: &GetOptions,
    at: SigningInstant,
    credentials_expiration: Option<i64>,
) -> Result<u64> {
    let signing_time = at.signing_time;
    let requested = match options.expiration_time() {
        Some(expiration) => seconds_until(expiration, at)?,
        None => {
            let relative = options.expires_seconds().unwrap_or(DEFAULT_EXPIRES_SECONDS);
            (relative + options.window()).min(MAX_EXPIRES_SECONDS)
        }
    };
    let Some(credentials_expiration) = credentials_expiration else {
        return Ok(requested);
    };
    // Positive: the credentials are still valid when the URL is made.
    let left_now = credentials_expiration.saturating_sub(at.now);
    if left_now <= 0 {
        return Err(credentials_expired(left_now, at));
    }
    // At least `left_now`: the signing time is at or before "now".
    let left = credentials_expiration
        .saturating_sub(signing_time)
        .unsigned_abs();
    if requested <= left {
        Ok(requested)
    } else if options.clamps_to_credentials() {
        Ok(left)
    } else {
        Err(credentials_expire_first(requested, left))
    }
}

/// An absolute expiration as a lifetime: after "now", at most 604800 s
/// after the signing time.
fn seconds_until(expiration: i64, at: SigningInstant) -> Result<u64> {
    let seconds = expiration.saturating_sub(at.signing_time);
    if expiration > at.now && (1..=MAX_EXPIRES_SECONDS as i64).contains(&seconds) {
        Ok(seconds.unsigned_abs())
    } else {
        Err(expiration_out_of_range(expiration, at))
    }
}

// Errors are built out of line, away from the presign's hot path.

#[cold]
fn expiration_out_of_range(expiration: i64, at: SigningInstant) -> Error {
    let message = if expiration <= at.now && at.now > at.signing_time {
        format!(
            "must be after now (the client's corrected time), got {} s before it",
            at.now.saturating_sub(expiration)
        )
    } else {
        format!(
            "must be 1 s to {MAX_EXPIRES_SECONDS} s (7 days) after the signing time, \
             got {} s",
            expiration.saturating_sub(at.signing_time)
        )
    };
    Error::new(ErrorKind::InvalidExpiration, c"expiration", message)
}

#[cold]
fn credentials_expired(left: i64, at: SigningInstant) -> Error {
    let when = if at.now > at.signing_time {
        "now (the client's corrected time)"
    } else {
        "the signing time"
    };
    Error::new(
        ErrorKind::CredentialsExpired,
        c"credentials",
        format!("expired {} s before {when}", left.unsigned_abs()),
    )
}

#[cold]
fn credentials_expire_first(requested: u64, left: u64) -> Error {
    Error::new(
        ErrorKind::CredentialsExpireFirst,
        c"credentials",
        format!(
            "expire {left} s after the signing time, before the URL's {requested} s \
             (shorten the lifetime, or clamp it to the credentials)"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_704_164_645;

    /// A signing time the caller fixed: the URL is made "at" it.
    fn fixed(t: i64) -> SigningInstant {
        SigningInstant {
            signing_time: t,
            now: t,
        }
    }

    /// A clock reading `now` rounded down to `window`.
    fn clock(now: i64, window: u64) -> SigningInstant {
        SigningInstant {
            signing_time: window_start(now, window),
            now,
        }
    }

    fn options(expires: Option<u64>, window: u64, clamp: bool) -> GetOptions {
        let mut o = GetOptions::new();
        if let Some(expires) = expires {
            o.expires(expires).unwrap();
        }
        o.signing_time_window(window).unwrap();
        o.clamp_to_credentials(clamp);
        o
    }

    #[test]
    fn windows_start_at_multiples_of_their_length() {
        assert_eq!(window_start(T, 0), T);
        assert_eq!(window_start(T, 1), T);
        assert_eq!(window_start(T, 60), T - T % 60);
        assert_eq!(window_start(T, 86_400), T - T % 86_400);
        assert_eq!(window_start(120, 60), 120);
    }

    #[test]
    fn a_window_lengthens_a_relative_lifetime_up_to_the_cap() {
        assert_eq!(
            lifetime_seconds(&options(None, 0, false), fixed(T), None).unwrap(),
            900
        );
        assert_eq!(
            lifetime_seconds(&options(None, 300, false), fixed(T), None).unwrap(),
            1200
        );
        assert_eq!(
            lifetime_seconds(&options(Some(3600), 600, false), fixed(T), None).unwrap(),
            4200
        );
        assert_eq!(
            lifetime_seconds(&options(Some(604_000), 86_400, false), fixed(T), None).unwrap(),
            604_800
        );
        // An absolute expiration stays as given.
        let mut o = options(Some(60), 600, false);
        o.expiration(T + 100).unwrap();
        assert_eq!(lifetime_seconds(&o, fixed(T), None).unwrap(), 100);
    }

    #[test]
    fn credentials_bound_the_lifetime() {
        let refuse = options(Some(3600), 0, false);
        let clamp = options(Some(3600), 0, true);
        // Enough time left: as asked, clamped or not.
        assert_eq!(
            lifetime_seconds(&refuse, fixed(T), Some(T + 3600)).unwrap(),
            3600
        );
        assert_eq!(
            lifetime_seconds(&clamp, fixed(T), Some(T + 7200)).unwrap(),
            3600
        );
        // Not enough: refused, or clamped to end exactly at the expiration.
        let err = lifetime_seconds(&refuse, fixed(T), Some(T + 3599)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CredentialsExpireFirst);
        assert_eq!(
            lifetime_seconds(&clamp, fixed(T), Some(T + 3599)).unwrap(),
            3599
        );
        assert_eq!(lifetime_seconds(&clamp, fixed(T), Some(T + 1)).unwrap(), 1);
        // Expired at the signing time: refused even with the clamp.
        for expiration in [T, T - 1, 0] {
            let err = lifetime_seconds(&clamp, fixed(T), Some(expiration)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::CredentialsExpired, "{expiration}");
        }
        // The window applies first, the clamp after.
        let windowed = options(Some(3600), 600, true);
        assert_eq!(
            lifetime_seconds(&windowed, fixed(T), Some(T + 4000)).unwrap(),
            4000
        );
    }

    #[test]
    fn absolute_expirations_are_bounded() {
        let mut o = GetOptions::new();
        for bad in [T, T - 1, T + 604_801] {
            o.expiration(bad).unwrap();
            let err = lifetime_seconds(&o, fixed(T), None).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidExpiration, "expiration")
            );
        }
        o.expiration(T + 604_800).unwrap();
        assert_eq!(lifetime_seconds(&o, fixed(T), None).unwrap(), 604_800);
    }

    /// A window rounds the signing time down; the URL must still outlive
    /// "now", and credentials that expired between the window's start and
    /// now are expired, clamp or not.
    #[test]
    fn a_window_never_makes_a_dead_url() {
        let now = T - T % 86_400 + 3_000; // 00:50 UTC
        let at = clock(now, 86_400);
        assert_eq!(at.signing_time, now - 3_000);
        for clamp in [false, true] {
            let o = options(Some(60), 86_400, clamp);
            for expiration in [now - 60, now - 1, now] {
                let err = lifetime_seconds(&o, at, Some(expiration)).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::CredentialsExpired, "{expiration}");
            }
        }
        // Clamped to credentials that expire a second from now: the URL
        // lives until exactly then, 3001 s after its signing time.
        let o = options(Some(60), 86_400, true);
        assert_eq!(lifetime_seconds(&o, at, Some(now + 1)).unwrap(), 3_001);
        // An absolute expiration between the window's start and now.
        let mut o = options(None, 86_400, false);
        for expiration in [now - 2_999, now - 1, now] {
            o.expiration(expiration).unwrap();
            let err = lifetime_seconds(&o, at, None).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidExpiration, "expiration")
            );
        }
        o.expiration(now + 1).unwrap();
        assert_eq!(lifetime_seconds(&o, at, None).unwrap(), 3_001);
    }
}
