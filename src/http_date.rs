//! The times servers send: HTTP dates (the `Date` header) and the ISO 8601
//! times of OSS error bodies (`ServerTime`, `Expires`), to Unix seconds.
//!
//! Both are read strictly (fixed field widths, GMT/UTC only), as RFC 9110
//! section 5.6.7 asks of recipients of the three HTTP date formats.

use crate::datetime::days_from_civil;
use crate::error::{Error, ErrorKind, Result};
use crate::v4::SECONDS_PER_DAY;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Parses an HTTP date in any of RFC 9110's three formats:
/// `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate, what servers send),
/// `Sunday, 06-Nov-94 08:49:37 GMT` (RFC 850; two-digit years 70-99 are
/// 19xx, 00-69 20xx) and `Sun Nov  6 08:49:37 1994` (asctime).
///
/// ```
/// assert_eq!(oss_presign::parse_http_date("Tue, 02 Jan 2024 03:04:05 GMT")?, 1_704_164_645);
/// # Ok::<(), oss_presign::Error>(())
/// ```
pub fn parse_http_date(text: &str) -> Result<i64> {
    imf_fixdate(text)
        .or_else(|| rfc850(text))
        .or_else(|| asctime(text))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidTime,
                c"text",
                "must be an HTTP date such as \"Tue, 02 Jan 2024 03:04:05 GMT\"",
            )
        })
}

/// Parses the ISO 8601 UTC time of OSS error bodies, `2024-01-02T03:04:05.000Z`
/// (fractional seconds optional and dropped).
pub(crate) fn parse_iso8601(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if b.get(10) != Some(&b'T') || b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let rest = text.get(19..)?;
    let zone = match rest.strip_prefix('.') {
        Some(fraction) => fraction.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    if zone != "Z" || rest.len() == 2 {
        return None;
    }
    let year = number(text, 0, 4)?;
    let month = number(text, 5, 2)?;
    let day = number(text, 8, 2)?;
    unix(year, month, day, time_of_day(text.get(11..19)?)?)
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`
fn imf_fixdate(text: &str) -> Option<i64> {
    let (day_name, rest) = text.split_once(", ")?;
    if !DAYS.contains(&day_name) || rest.len() != 24 || !rest.ends_with(" GMT") {
        return None;
    }
    let b = rest.as_bytes();
    if b.get(2) != Some(&b' ') || b.get(6) != Some(&b' ') || b.get(11) != Some(&b' ') {
        return None;
    }
    let day = number(rest, 0, 2)?;
    let month = month(rest.get(3..6)?)?;
    let year = number(rest, 7, 4)?;
    unix(year, month, day, time_of_day(rest.get(12..20)?)?)
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`
fn rfc850(text: &str) -> Option<i64> {
    let (day_name, rest) = text.split_once(", ")?;
    if !LONG_DAYS.contains(&day_name) || rest.len() != 22 || !rest.ends_with(" GMT") {
        return None;
    }
    let b = rest.as_bytes();
    if b.get(2) != Some(&b'-') || b.get(6) != Some(&b'-') || b.get(9) != Some(&b' ') {
        return None;
    }
    let day = number(rest, 0, 2)?;
    let month = month(rest.get(3..6)?)?;
    let year = match number(rest, 7, 2)? {
        short @ 70..=99 => 1900 + short,
        short => 2000 + short,
    };
    unix(year, month, day, time_of_day(rest.get(10..18)?)?)
}

/// `Sun Nov  6 08:49:37 1994`
fn asctime(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if text.len() != 24 || b.get(3) != Some(&b' ') || b.get(7) != Some(&b' ') {
        return None;
    }
    if !DAYS.contains(&text.get(..3)?) || b.get(10) != Some(&b' ') || b.get(19) != Some(&b' ') {
        return None;
    }
    let month = month(text.get(4..7)?)?;
    let day = match b.get(8) {
        Some(b' ') => number(text, 9, 1)?,
        _ => number(text, 8, 2)?,
    };
    let year = number(text, 20, 4)?;
    unix(year, month, day, time_of_day(text.get(11..19)?)?)
}

/// `HH:MM:SS` as seconds of the day.
fn time_of_day(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    if b.len() != 8 || b.get(2) != Some(&b':') || b.get(5) != Some(&b':') {
        return None;
    }
    let (hour, minute, second) = (
        number(text, 0, 2)?,
        number(text, 3, 2)?,
        number(text, 6, 2)?,
    );
    // 60: a leap second, read as the next second's start.
    (hour < 24 && minute < 60 && second <= 60).then_some(hour * 3600 + minute * 60 + second)
}

fn month(name: &str) -> Option<u32> {
    MONTHS.iter().position(|m| *m == name).map(|i| i as u32 + 1)
}

/// The decimal number of `len` digits at `start` of `text`.
fn number(text: &str, start: usize, len: usize) -> Option<u32> {
    let digits = text.get(start..start + len)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn unix(year: u32, month: u32, day: u32, second_of_day: u32) -> Option<i64> {
    let days = days_from_civil(year, month, day)?;
    Some(days * SECONDS_PER_DAY + i64::from(second_of_day))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from GNU date(1), e.g. `date -u -d 'Tue, 02 Jan 2024 03:04:05 GMT' +%s`.
    #[test]
    fn reads_the_three_http_date_formats() {
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(parse_http_date(text).unwrap(), 784_111_777, "{text}");
        }
        assert_eq!(
            parse_http_date("Tue, 02 Jan 2024 03:04:05 GMT").unwrap(),
            1_704_164_645
        );
        assert_eq!(
            parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT").unwrap(),
            1_709_251_199
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT").unwrap(), 0);
        assert_eq!(
            parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT").unwrap(),
            253_402_300_799
        );
        assert_eq!(
            parse_http_date("Tuesday, 02-Jan-24 03:04:05 GMT").unwrap(),
            1_704_164_645
        );
        assert_eq!(
            parse_http_date("Tue Jan 02 03:04:05 2024").unwrap(),
            1_704_164_645
        );
    }

    #[test]
    fn refuses_what_is_not_an_http_date() {
        for bad in [
            "",
            "Tue, 02 Jan 2024 03:04:05",
            "Tue, 02 Jan 2024 03:04:05 UTC",
            "Tue, 02 Jan 2024 03:04:05 +0000",
            "Tue, 2 Jan 2024 03:04:05 GMT",
            "Tue, 32 Jan 2024 03:04:05 GMT",
            "Tue, 30 Feb 2024 03:04:05 GMT",
            "Tue, 02 Foo 2024 03:04:05 GMT",
            "Tue, 02 Jan 2024 24:00:00 GMT",
            "Tue, 02 Jan 2024 03:60:05 GMT",
            "Xyz, 02 Jan 2024 03:04:05 GMT",
            "Tue, 02 Jan 2024 03:04:05 GMT ",
            "2024-01-02T03:04:05Z",
            "Tue, 02 Jan 1969 03:04:05 GMT",
            "Tue, +2 Jan 2024 03:04:05 GMT",
        ] {
            let err = parse_http_date(bad).expect_err(bad);
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidTime, "text")
            );
        }
    }

    #[test]
    fn reads_the_iso_times_of_oss_errors() {
        assert_eq!(
            parse_iso8601("2024-01-02T03:04:05.000Z"),
            Some(1_704_164_645)
        );
        assert_eq!(parse_iso8601("2024-01-02T03:04:05Z"), Some(1_704_164_645));
        assert_eq!(
            parse_iso8601("2024-01-02T03:04:05.123456Z"),
            Some(1_704_164_645)
        );
        for bad in [
            "",
            "2024-01-02T03:04:05",
            "2024-01-02T03:04:05.Z",
            "2024-01-02 03:04:05Z",
            "2024-13-02T03:04:05Z",
            "2024-01-02T03:04:05+08:00",
            "Tue, 02 Jan 2024 03:04:05 GMT",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }
}
