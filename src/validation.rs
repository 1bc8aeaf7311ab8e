//! Naming rules for buckets, object keys, regions and HTTP headers.
//!
//! Each check returns an error naming the argument, so that a caller learns
//! which input was wrong without the library ever producing a URL that OSS
//! would refuse or that an HTTP client would alter.

use crate::canonical::canonical_header_value;
use crate::error::{Error, ErrorKind, Result};
use crate::limits::{
    MAX_ARGUMENT_BYTES, MAX_BATCH_KEYS, MAX_EXPIRES_SECONDS, MAX_HEADERS, MAX_KEY_BYTES,
    MAX_SERVER_UNIX_SECONDS, MAX_SIGNING_TIME_WINDOW, MAX_TRAFFIC_LIMIT, MAX_URL_BYTES,
    MIN_SERVER_UNIX_SECONDS, MIN_TRAFFIC_LIMIT,
};
use crate::v4::{HEADER_SIGNING_NAMES, SIGNING_QUERY_NAMES};
use std::ffi::CStr;

// The checks below are inlined into their callers; their errors are built
// out of line (`#[cold]`), so that each caller carries only the test.

/// Refuses a string argument longer than [`MAX_ARGUMENT_BYTES`].
pub(crate) fn check_argument_len(text: &str, argument: &'static CStr) -> Result<()> {
    if text.len() <= MAX_ARGUMENT_BYTES {
        return Ok(());
    }
    Err(argument_too_long(text.len(), argument))
}

#[cold]
#[inline(never)]
fn argument_too_long(len: usize, argument: &'static CStr) -> Error {
    Error::new(
        ErrorKind::LimitExceeded,
        argument,
        format!("must be at most {MAX_ARGUMENT_BYTES} bytes, got {len}"),
    )
}

/// Refuses a batch of more than [`MAX_BATCH_KEYS`] keys.
pub(crate) fn check_batch_len(count: usize) -> Result<()> {
    if count <= MAX_BATCH_KEYS {
        return Ok(());
    }
    Err(too_many_keys(count))
}

#[cold]
#[inline(never)]
fn too_many_keys(count: usize) -> Error {
    Error::new(
        ErrorKind::LimitExceeded,
        c"count",
        format!("must be at most {MAX_BATCH_KEYS} keys, got {count}"),
    )
}

/// Refuses a verification given more than [`MAX_HEADERS`] headers: a
/// request may sign no more, and the headers are copied.
pub(crate) fn check_header_count(count: usize) -> Result<()> {
    if count <= MAX_HEADERS {
        return Ok(());
    }
    Err(too_many_headers(count))
}

#[cold]
#[inline(never)]
fn too_many_headers(count: usize) -> Error {
    Error::new(
        ErrorKind::LimitExceeded,
        c"header_count",
        format!("must be at most {MAX_HEADERS}, got {count}"),
    )
}

/// Refuses a URL to read back longer than [`MAX_URL_BYTES`], the longest a
/// presign writes, before anything reads it: a URL is untrusted input, and
/// its length is the only bound on the work of reading it. The C layer
/// measures a C string no further than one byte past the bound, so the
/// message does not give the length.
pub(crate) fn check_url_len(len: usize) -> Result<()> {
    if len <= MAX_URL_BYTES {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::LimitExceeded,
        c"url",
        format!("must be at most {MAX_URL_BYTES} bytes (the longest a presign writes)"),
    ))
}

/// Bytes allowed in bucket names (`a-z 0-9 -`), as a table: this check runs
/// on every presign.
const BUCKET_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-';
        b += 1;
    }
    table
};

/// Bucket names: 3 to 63 characters of `a-z 0-9 -`, starting and ending with
/// a letter or digit. The bucket becomes a DNS label in virtual-hosted URLs.
pub(crate) fn check_bucket(bucket: &str) -> Result<()> {
    let bytes = bucket.as_bytes();
    let fail = |detail: String| Err(Error::new(ErrorKind::InvalidBucket, c"bucket", detail));
    if !(3..=63).contains(&bytes.len()) {
        return fail(format!("must be 3 to 63 characters, got {}", bytes.len()));
    }
    if !bytes.iter().all(|&b| BUCKET_BYTES[usize::from(b)]) {
        return fail("may contain only a-z, 0-9 and '-'".to_owned());
    }
    let alnum = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    if !alnum(bytes.first()) || !alnum(bytes.last()) {
        return fail("must start and end with a letter or digit".to_owned());
    }
    Ok(())
}

/// Object keys: 1 to 1023 UTF-8 bytes, not starting with `/` or `\`, and
/// without `.` or `..` path segments. HTTP clients (curl, browsers, URL
/// parsers) collapse such segments, so the request would name another object
/// than the one signed.
pub(crate) fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > MAX_KEY_BYTES {
        return Err(key_length_out_of_range(key.len()));
    }
    if key.starts_with('/') || key.starts_with('\\') {
        return Err(Error::new(
            ErrorKind::InvalidKey,
            c"key",
            "must not start with '/' or '\\'",
        ));
    }
    if has_dot_segment(key) {
        return Err(Error::new(
            ErrorKind::InvalidKey,
            c"key",
            "must not contain '.' or '..' path segments (HTTP clients rewrite them)",
        ));
    }
    Ok(())
}

/// The length error of [`check_key`], formatted out of line: the check
/// runs inlined in every presign.
#[cold]
#[inline(never)]
fn key_length_out_of_range(len: usize) -> Error {
    Error::new(
        ErrorKind::InvalidKey,
        c"key",
        format!("must be 1 to {MAX_KEY_BYTES} UTF-8 bytes, got {len}"),
    )
}

/// Whether a `/`-separated segment of `key` is `.` or `..`. Such a segment
/// starts the key or follows a `/`, so keys without `/.` (nearly all) need
/// only that quick search.
fn has_dot_segment(key: &str) -> bool {
    (key.starts_with('.') || key.contains("/."))
        && key
            .split('/')
            .any(|segment| segment == "." || segment == "..")
}

/// Signing regions: non-empty `[a-z0-9-]+`, the bare region id such as
/// `cn-hangzhou` (not `oss-cn-hangzhou`, not an endpoint).
pub(crate) fn check_region(region: &str, argument: &'static CStr) -> Result<()> {
    check_argument_len(region, argument)?;
    if region.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidRegion,
            argument,
            "is required for V4 signing (e.g. \"cn-hangzhou\")",
        ));
    }
    if !region
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(Error::new(
            ErrorKind::InvalidRegion,
            argument,
            "may contain only a-z, 0-9 and '-' (e.g. \"cn-hangzhou\")",
        ));
    }
    Ok(())
}

/// Header names must be HTTP tokens (RFC 9110 `tchar`), which also rules out
/// CR, LF, ':' and spaces, and not one of header signing's own names
/// ([`HEADER_SIGNING_NAMES`], any case): sent with a presigned URL, they
/// would compete with its query signature.
pub(crate) fn check_header_name(name: &str) -> Result<()> {
    let is_tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(Error::new(
            ErrorKind::InvalidHeader,
            c"header name",
            "must be a non-empty HTTP token (letters, digits and !#$%&'*+-.^_`|~)",
        ));
    }
    if HEADER_SIGNING_NAMES
        .iter()
        .any(|reserved| reserved.eq_ignore_ascii_case(name))
    {
        return Err(Error::new(
            ErrorKind::InvalidHeader,
            c"header name",
            format!(
                "is one of header signing's names ({}), which conflict with a presigned URL",
                HEADER_SIGNING_NAMES.join(", ")
            ),
        ));
    }
    Ok(())
}

/// Query names: non-empty, and not one of the `x-oss-*` parameters the
/// signer writes itself ([`SIGNING_QUERY_NAMES`], any case).
pub(crate) fn check_query_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidQuery,
            c"query name",
            "must not be empty",
        ));
    }
    if SIGNING_QUERY_NAMES
        .iter()
        .any(|reserved| reserved.eq_ignore_ascii_case(name))
    {
        return Err(Error::new(
            ErrorKind::InvalidQuery,
            c"query name",
            "is an x-oss-* signing parameter, which the signer writes itself",
        ));
    }
    Ok(())
}

/// URL lifetimes: 1..=604800 seconds (7 days), OSS's bound.
pub(crate) fn check_expires(seconds: u64) -> Result<()> {
    if (1..=MAX_EXPIRES_SECONDS).contains(&seconds) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::InvalidExpiry,
        c"expires",
        format!("must be 1..={MAX_EXPIRES_SECONDS} seconds, got {seconds}"),
    ))
}

/// Signing time windows: 0 (none) or a divisor of 86400 (60, 300, 600,
/// 900, 3600, 86400...). UTC days start at multiples of 86400 s, so a window
/// that divides the day starts within the day of every instant it holds: a
/// windowed signing time never leaves the day of a delegated key.
pub(crate) fn check_signing_time_window(seconds: u64) -> Result<()> {
    if seconds == 0 || MAX_SIGNING_TIME_WINDOW % seconds == 0 {
        return Ok(());
    }
    Err(window_not_a_divisor(seconds))
}

#[cold]
#[inline(never)]
fn window_not_a_divisor(seconds: u64) -> Error {
    Error::new(
        ErrorKind::InvalidSigningTimeWindow,
        c"signing_time_window",
        format!(
            "must be 0 (none) or divide {MAX_SIGNING_TIME_WINDOW} (a whole number of windows \
             per UTC day: 60, 300, 600, 900, 3600, {MAX_SIGNING_TIME_WINDOW}...), got {seconds}"
        ),
    )
}

/// A server time (`Client::set_server_time`): 2026-01-01T00:00:00Z to
/// 2099-12-31T23:59:59Z, the years a genuine OSS answer can come from.
pub(crate) fn check_server_time(unix_seconds: i64) -> Result<()> {
    if (MIN_SERVER_UNIX_SECONDS..=MAX_SERVER_UNIX_SECONDS).contains(&unix_seconds) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::InvalidSigningTime,
        c"server_unix_seconds",
        format!(
            "must be {MIN_SERVER_UNIX_SECONDS}..={MAX_SERVER_UNIX_SECONDS} Unix seconds \
             (2026-01-01 to 2099-12-31 UTC; no OSS answer is dated outside them), \
             got {unix_seconds}"
        ),
    ))
}

/// `x-oss-traffic-limit`: 819200..=838860800 bit/s (100 KB/s to 100 MB/s).
pub(crate) fn check_traffic_limit(bits_per_second: u64) -> Result<()> {
    if (MIN_TRAFFIC_LIMIT..=MAX_TRAFFIC_LIMIT).contains(&bits_per_second) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::InvalidQuery,
        c"traffic_limit",
        format!("must be {MIN_TRAFFIC_LIMIT}..={MAX_TRAFFIC_LIMIT} bit/s, got {bits_per_second}"),
    ))
}

/// Header values: printable ASCII, spaces and tabs only — no control
/// characters (CR/LF would inject headers) and no non-ASCII text, which HTTP
/// stacks send in different encodings (so the signed bytes would not be the
/// sent ones) — and not empty once surrounding spaces and tabs are trimmed.
/// Returns the value in canonical form (trimmed: HTTP stacks strip that
/// whitespace, so it cannot be signed).
pub(crate) fn check_header_value(value: &str) -> Result<&str> {
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(Error::new(
            ErrorKind::InvalidHeader,
            c"header value",
            "must not contain control characters other than TAB (such as CR, LF or NUL)",
        ));
    }
    if !value.is_ascii() {
        return Err(Error::new(
            ErrorKind::InvalidHeader,
            c"header value",
            "must be ASCII (HTTP clients encode other characters differently; \
             percent-encode them, e.g. as RFC 8187 does)",
        ));
    }
    let trimmed = canonical_header_value(value);
    if trimmed.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidHeader,
            c"header value",
            "must not be empty",
        ));
    }
    Ok(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_rules() {
        for good in ["abc", "examplebucket", "a-b-1", "123", &"a".repeat(63)] {
            assert!(check_bucket(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "ab",
            "Abc",
            "a_b",
            "-abc",
            "abc-",
            "a.b",
            "ab c",
            "子子子",
            &"a".repeat(64),
        ] {
            let err = check_bucket(bad).expect_err(bad);
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidBucket, "bucket")
            );
        }
    }

    #[test]
    fn key_rules() {
        for good in [
            "a",
            "dir/子/a b+c~!*'().txt",
            "a//b",
            "...",
            ".hidden",
            "a/.b/..c",
            &"k".repeat(1023),
        ] {
            assert!(check_key(good).is_ok(), "{good}");
        }
        let long = "子".repeat(342); // 1026 bytes
        for bad in [
            "",
            "/a",
            "\\a",
            "./a",
            "a/../b",
            "a/.",
            "..",
            &long,
            &"k".repeat(1024),
        ] {
            let err = check_key(bad).expect_err(bad);
            assert_eq!((err.kind(), err.argument()), (ErrorKind::InvalidKey, "key"));
        }
    }

    #[test]
    fn region_rules() {
        assert!(check_region("cn-hangzhou", c"region").is_ok());
        assert!(check_region("cb-123", c"region").is_ok());
        for bad in ["", "CN-hangzhou", "cn_hangzhou", "cn hangzhou", "oss.cn"] {
            assert_eq!(
                check_region(bad, c"region").unwrap_err().kind(),
                ErrorKind::InvalidRegion
            );
        }
    }

    #[test]
    fn header_rules() {
        assert!(check_header_name("Content-Type").is_ok());
        assert!(check_header_name("x-oss-meta-a_b").is_ok());
        for bad in ["", "a b", "a:b", "a\r\nb", "ü", "a\n"] {
            assert_eq!(
                check_header_name(bad).unwrap_err().kind(),
                ErrorKind::InvalidHeader
            );
        }
        assert_eq!(check_header_value("  text/plain\t").unwrap(), "text/plain");
        assert_eq!(check_header_value("a\tb").unwrap(), "a\tb");
        for bad in [
            "café",
            "\u{85}",
            "",
            "  ",
            "a\r\nX-Injected: 1",
            "a\nb",
            "a\rb",
            "a\0b",
            "\u{7f}",
        ] {
            assert_eq!(
                check_header_value(bad).unwrap_err().kind(),
                ErrorKind::InvalidHeader
            );
        }
    }

    /// The messages name the rules' own constants, so they cannot drift.
    #[test]
    fn messages_come_from_the_constants() {
        for reserved in HEADER_SIGNING_NAMES {
            let upper = reserved.to_ascii_uppercase();
            let message = check_header_name(&upper).unwrap_err().to_string();
            for name in HEADER_SIGNING_NAMES {
                assert!(message.contains(name), "{name} not in: {message}");
            }
        }
        let message = check_signing_time_window(7).unwrap_err().to_string();
        let day = MAX_SIGNING_TIME_WINDOW.to_string();
        assert_eq!(message.matches(day.as_str()).count(), 2, "{message}");
    }

    /// Exactly the 96 divisors of a day, and 0, are windows.
    #[test]
    fn windows_divide_the_day() {
        let accepted: Vec<u64> = (0..=200_000)
            .filter(|&w| check_signing_time_window(w).is_ok())
            .collect();
        assert_eq!(accepted.len(), 1 + 96);
        assert!(accepted.iter().skip(1).all(|w| 86_400 % w == 0));
        for bad in [7_000, 86_399, 86_401, 172_800, u64::MAX] {
            let err = check_signing_time_window(bad).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidSigningTimeWindow, "signing_time_window")
            );
        }
    }
}
