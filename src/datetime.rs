//! UTC timestamps in the `YYYYMMDD'T'HHMMSS'Z'` form of `x-oss-date`.
//!
//! Formatting is done by hand (days-to-civil arithmetic) so the crate needs no
//! time library and no locale, and the result is the same on every platform.

use crate::error::{Error, ErrorKind, Result};
use crate::limits::{MAX_UNIX_SECONDS, MIN_UNIX_SECONDS};
use crate::v4::SECONDS_PER_DAY;
use std::ffi::CStr;

/// In range, instants are non-negative: unsigned arithmetic is exact there.
const DAY: u64 = SECONDS_PER_DAY.unsigned_abs();

/// A signing instant, whole seconds, with its `x-oss-date` text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct SigningDateTime {
    unix_seconds: i64,
    text: [u8; 16],
}

impl SigningDateTime {
    /// Checks the range and formats `unix_seconds` once.
    pub(crate) fn from_unix(unix_seconds: i64, argument: &'static CStr) -> Result<Self> {
        check_unix_seconds(unix_seconds, ErrorKind::InvalidSigningTime, argument)?;
        // In range, so non-negative: unsigned arithmetic is exact and cheaper.
        let seconds = unix_seconds.unsigned_abs();
        let second_of_day = (seconds % DAY) as u32;
        let (year, month, day) = civil_from_days(seconds / DAY);
        let mut text = *b"00000000T000000Z";
        write_digits(&mut text[0..2], year / 100);
        write_digits(&mut text[2..4], year % 100);
        write_digits(&mut text[4..6], month);
        write_digits(&mut text[6..8], day);
        write_digits(&mut text[9..11], second_of_day / 3600);
        write_digits(&mut text[11..13], second_of_day / 60 % 60);
        write_digits(&mut text[13..15], second_of_day % 60);
        Ok(SigningDateTime { unix_seconds, text })
    }

    /// An instant whose text was formatted before (and checked then).
    pub(crate) fn from_cached(unix_seconds: i64, text: [u8; 16]) -> Self {
        SigningDateTime { unix_seconds, text }
    }

    pub(crate) fn unix_seconds(&self) -> i64 {
        self.unix_seconds
    }

    /// `YYYYMMDDTHHMMSSZ`; its first eight characters are the date of the
    /// credential scope.
    pub(crate) fn as_str(&self) -> &str {
        // The buffer holds only ASCII digits, 'T' and 'Z'.
        std::str::from_utf8(&self.text).unwrap_or_default()
    }

    /// [`SigningDateTime::as_str`] as bytes, without the UTF-8 check: what
    /// the presign path writes. Fixed sizes let the compiler copy them
    /// inline rather than through `memcpy`.
    pub(crate) fn as_bytes(&self) -> &[u8; 16] {
        &self.text
    }

    /// The date, `YYYYMMDD`.
    pub(crate) fn date(&self) -> &str {
        self.as_str().get(..8).unwrap_or_default()
    }

    /// [`SigningDateTime::date`] as bytes.
    pub(crate) fn date_bytes(&self) -> &[u8; 8] {
        let (date, _) = self.text.split_first_chunk().unwrap_or((&[b'0'; 8], &[]));
        date
    }
}

/// Rejects instants that cannot be written with a four-digit year, as an
/// error of `kind`.
pub(crate) fn check_unix_seconds(
    unix_seconds: i64,
    kind: ErrorKind,
    argument: &'static CStr,
) -> Result<()> {
    if (MIN_UNIX_SECONDS..=MAX_UNIX_SECONDS).contains(&unix_seconds) {
        Ok(())
    } else {
        Err(unix_seconds_out_of_range(unix_seconds, kind, argument))
    }
}

/// The error of [`check_unix_seconds`], built out of line: the check is
/// inlined into each of its callers, the error need not be.
#[cold]
#[inline(never)]
fn unix_seconds_out_of_range(unix_seconds: i64, kind: ErrorKind, argument: &'static CStr) -> Error {
    Error::new(
        kind,
        argument,
        format!(
            "must be {MIN_UNIX_SECONDS}..={MAX_UNIX_SECONDS} Unix seconds \
             (1970-01-01 to 9999-12-31 UTC), got {unix_seconds}"
        ),
    )
}

/// Writes `value` (0..=99) as two decimal digits.
fn write_digits(out: &mut [u8], value: u32) {
    if let [tens, ones] = out {
        *tens = b'0' + (value / 10 % 10) as u8;
        *ones = b'0' + (value % 10) as u8;
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date in 1970..=9999;
/// `None` for a date that does not exist or is out of that range. The
/// inverse of [`civil_from_days`].
pub(crate) fn days_from_civil(year: u32, month: u32, day: u32) -> Option<i64> {
    if !(1970..=9999).contains(&year) || !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_len = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day > month_len {
        return None;
    }
    // Years starting in March, as in `civil_from_days`.
    let y = i64::from(if month <= 2 { year - 1 } else { year });
    let m = i64::from(month);
    let era = y / 400;
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01.
/// The well-known era-based algorithm: 400-year eras of 146097 days, years
/// starting in March so that the leap day falls at the end. Days before
/// 1970 are out of range, so the arithmetic is unsigned.
fn civil_from_days(days: u64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = (z % 146_097) as u32;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    // At most 9999 for accepted instants.
    let year = year_of_era + (era * 400) as u32 + u32::from(month <= 2);
    (year, month, day)
}

/// Days since 1970 of a `YYYYMMDD` date, `None` when it is not one.
pub(crate) fn parse_yyyymmdd(date: &str) -> Option<i64> {
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| date.get(range)?.parse::<u32>().ok();
    days_from_civil(number(0..4)?, number(4..6)?, number(6..8)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(unix: i64) -> String {
        SigningDateTime::from_unix(unix, c"t")
            .unwrap()
            .as_str()
            .to_owned()
    }

    // Expected strings were computed independently with GNU date(1), e.g.
    // `date -u -d @1704164645 +%Y%m%dT%H%M%SZ`.
    #[test]
    fn formats_known_instants() {
        assert_eq!(text(0), "19700101T000000Z");
        assert_eq!(text(1_704_164_645), "20240102T030405Z");
        assert_eq!(text(1_702_781_677), "20231217T025437Z");
        assert_eq!(text(951_782_400), "20000229T000000Z");
        assert_eq!(text(1_709_251_199), "20240229T235959Z");
        assert_eq!(text(1_735_689_599), "20241231T235959Z");
        assert_eq!(text(1_735_689_600), "20250101T000000Z");
        assert_eq!(text(4_107_542_400), "21000301T000000Z");
        assert_eq!(text(MAX_UNIX_SECONDS), "99991231T235959Z");
    }

    #[test]
    fn keeps_the_unix_seconds() {
        let midnight = SigningDateTime::from_unix(19_724 * 86_400, c"t").unwrap();
        assert_eq!(midnight.unix_seconds(), 19_724 * 86_400);
        assert_eq!(midnight.as_str(), "20240102T000000Z");
    }

    #[test]
    fn rejects_out_of_range_instants() {
        for bad in [-1, MAX_UNIX_SECONDS + 1, i64::MIN, i64::MAX] {
            let err = SigningDateTime::from_unix(bad, c"signing_time")
                .err()
                .unwrap();
            assert_eq!(err.kind(), ErrorKind::InvalidSigningTime);
            assert_eq!(err.argument(), "signing_time");
        }
    }

    /// Round trip over every day of four centuries against a day-by-day walk.
    #[test]
    fn civil_dates_advance_one_day_at_a_time() {
        let mut expected = (1970, 1, 1);
        for days in 0..146_097 {
            assert_eq!(civil_from_days(days), expected, "day {days}");
            let (y, m, d) = expected;
            assert_eq!(days_from_civil(y, m, d), Some(days as i64), "{expected:?}");
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let month_len = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            expected = if d < month_len {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }
}
