//! `oss_parse_http_date`.

use std::ffi::c_char;

use super::error::{FfiResult, oss_error};
use super::handle::Out;
use super::panic::boundary;
use super::strings::required;

/// Parses an HTTP date (an HTTP `Date` header) into Unix seconds, for
/// `oss_client_set_server_time`. Accepts RFC 9110's three formats:
/// `"Tue, 02 Jan 2024 03:04:05 GMT"` (IMF-fixdate, what servers send),
/// `"Tuesday, 02-Jan-24 03:04:05 GMT"` and `"Tue Jan  2 03:04:05 2024"`.
/// `unix_seconds_out` is written only on success.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_INVALID_TIME` (not an HTTP date, or before 1970).
///
/// # Safety
/// `text` is NULL or NUL-terminated; `unix_seconds_out` is NULL or valid for
/// writing one `int64_t`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_parse_http_date(
    text: *const c_char,
    unix_seconds_out: *mut i64,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let out = Out::new(unix_seconds_out, c"unix_seconds_out")?;
        // SAFETY: per `# Safety`.
        let text = unsafe { required(text, c"text") }?;
        let unix_seconds = crate::parse_http_date(text)?;
        // SAFETY: `unix_seconds_out` is valid for writing, per `# Safety`.
        unsafe { out.write(unix_seconds) };
        Ok(())
    })
}
