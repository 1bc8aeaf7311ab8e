//! How long a presigned URL lives: `x-oss-expires`, from the options, the
//! signing time window and the credentials' own expiration.
//!
//! In order: the lifetime the options ask for (an absolute expiration as
//! given, else the relative one or the default 900 s, plus the window for a
//! relative one, at most 604800 s); then the credentials' expiration, which
//! refuses the presign or, when the options say so, clamps the lifetime to
//! end exactly when the credentials do.

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

/// The value of `x-oss-expires` for a URL signed at `signing_time` with
/// credentials that expire at `credentials_expiration` (if they do).
pub(crate) fn lifetime_seconds(
    options: &GetOptions,
    signing_time: i64,
    credentials_expiration: Option<i64>,
) -> Result<u64> {
    let requested = match options.expiration_time() {
        Some(expiration) => seconds_until(expiration, signing_time)?,
        None => {
            let relative = options.expires_seconds().unwrap_or(DEFAULT_EXPIRES_SECONDS);
            (relative + options.window()).min(MAX_EXPIRES_SECONDS)
        }
    };
    let Some(credentials_expiration) = credentials_expiration else {
        return Ok(requested);
    };
    // Positive: the credentials are valid at the signing time.
    let left = credentials_expiration.saturating_sub(signing_time);
    if left <= 0 {
        return Err(credentials_expired(left));
    }
    let left = left.unsigned_abs();
    if requested <= left {
        Ok(requested)
    } else if options.clamps_to_credentials() {
        Ok(left)
    } else {
        Err(credentials_expire_first(requested, left))
    }
}

/// An absolute expiration as a lifetime: 1..=604800 s after the signing time.
fn seconds_until(expiration: i64, signing_time: i64) -> Result<u64> {
    let seconds = expiration.saturating_sub(signing_time);
    if (1..=MAX_EXPIRES_SECONDS as i64).contains(&seconds) {
        Ok(seconds.unsigned_abs())
    } else {
        Err(expiration_out_of_range(seconds))
    }
}

// Errors are built out of line, away from the presign's hot path.

#[cold]
fn expiration_out_of_range(seconds: i64) -> Error {
    Error::new(
        ErrorKind::InvalidExpiration,
        c"expiration",
        format!(
            "must be 1 s to {MAX_EXPIRES_SECONDS} s (7 days) after the signing time, \
             got {seconds} s"
        ),
    )
}

#[cold]
fn credentials_expired(left: i64) -> Error {
    Error::new(
        ErrorKind::CredentialsExpired,
        c"credentials",
        format!("expired {} s before the signing time", left.unsigned_abs()),
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
            lifetime_seconds(&options(None, 0, false), T, None).unwrap(),
            900
        );
        assert_eq!(
            lifetime_seconds(&options(None, 300, false), T, None).unwrap(),
            1200
        );
        assert_eq!(
            lifetime_seconds(&options(Some(3600), 600, false), T, None).unwrap(),
            4200
        );
        assert_eq!(
            lifetime_seconds(&options(Some(604_000), 86_400, false), T, None).unwrap(),
            604_800
        );
        // An absolute expiration stays as given.
        let mut o = options(Some(60), 600, false);
        o.expiration(T + 100).unwrap();
        assert_eq!(lifetime_seconds(&o, T, None).unwrap(), 100);
    }

    #[test]
    fn credentials_bound_the_lifetime() {
        let refuse = options(Some(3600), 0, false);
        let clamp = options(Some(3600), 0, true);
        // Enough time left: as asked, clamped or not.
        assert_eq!(lifetime_seconds(&refuse, T, Some(T + 3600)).unwrap(), 3600);
        assert_eq!(lifetime_seconds(&clamp, T, Some(T + 7200)).unwrap(), 3600);
        // Not enough: refused, or clamped to end exactly at the expiration.
        let err = lifetime_seconds(&refuse, T, Some(T + 3599)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CredentialsExpireFirst);
        assert_eq!(lifetime_seconds(&clamp, T, Some(T + 3599)).unwrap(), 3599);
        assert_eq!(lifetime_seconds(&clamp, T, Some(T + 1)).unwrap(), 1);
        // Expired at the signing time: refused even with the clamp.
        for expiration in [T, T - 1, 0] {
            let err = lifetime_seconds(&clamp, T, Some(expiration)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::CredentialsExpired, "{expiration}");
        }
        // The window applies first, the clamp after.
        let windowed = options(Some(3600), 600, true);
        assert_eq!(
            lifetime_seconds(&windowed, T, Some(T + 4000)).unwrap(),
            4000
        );
    }

    #[test]
    fn absolute_expirations_are_bounded() {
        let mut o = GetOptions::new();
        for bad in [T, T - 1, T + 604_801] {
            o.expiration(bad).unwrap();
            let err = lifetime_seconds(&o, T, None).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidExpiration, "expiration")
            );
        }
        o.expiration(T + 604_800).unwrap();
        assert_eq!(lifetime_seconds(&o, T, None).unwrap(), 604_800);
    }
}
