//! `oss_presign_get` and `oss_presign_get_request`.

use std::ffi::c_char;

use super::client::oss_client;
use super::error::{FfiResult, oss_error};
use super::get_options::oss_get_options;
use super::handle::{self, Out};
use super::panic::boundary;
use super::presigned_request::oss_presigned_request;
use super::strings::{NUL_TERMINATOR, required, url_to_c_string};
use crate::{Client, GetOptions};

/// The arguments every presign function takes, checked and borrowed.
struct Arguments<'a> {
    client: &'a Client,
    bucket: &'a str,
    key: &'a str,
    /// The defaults when the caller passed NULL.
    options: &'a GetOptions,
}

/// Reads every argument of a presign function.
///
/// # Safety
/// As for the exported functions below.
unsafe fn arguments<'a>(
    client: *const oss_client,
    bucket: *const c_char,
    key: *const c_char,
    options: *const oss_get_options,
) -> FfiResult<Arguments<'a>> {
    // SAFETY: per the callers' `# Safety`.
    let client = unsafe { handle::get(client, c"client") }?;
    // SAFETY: as above.
    let bucket = unsafe { required(bucket, c"bucket") }?;
    // SAFETY: as above.
    let key = unsafe { required(key, c"key") }?;
    // SAFETY: as above.
    let options = unsafe { handle::find(options) }.map_or(&DEFAULT_OPTIONS, |o| &o.inner);
    Ok(Arguments {
        client: &client.inner,
        bucket,
        key,
        options,
    })
}

/// What NULL options mean.
static DEFAULT_OPTIONS: GetOptions = GetOptions::new();

/// Presigns a GET of `key` in `bucket` and returns the URL.
///
/// - `client`: from `oss_client_new` or `oss_client_new_from_config`.
/// - `bucket`: 3-63 characters of `a-z 0-9 -`, alphanumeric at both ends.
/// - `key`: the object key, 1-1023 UTF-8 bytes, not starting with `/` or
///   `\`, without `.` or `..` segments.
/// - `options`: NULL for the defaults (900 s, signed now).
/// - `url_out`: receives the URL on success: ASCII, in canonical encoding,
///   to be sent unchanged. Free it with `oss_string_free`. Untouched on
///   failure.
///
/// If the options added headers, the GET must send them: use
/// `oss_presign_get_request` to read them.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_INVALID_BUCKET`, `OSS_CODE_INVALID_KEY`,
/// `OSS_CODE_INVALID_SIGNING_TIME` (the system clock before 1970),
/// `OSS_CODE_INVALID_EXPIRATION` (absolute expiration not 1 s..7 days after
/// the signing time), `OSS_CODE_LIMIT_EXCEEDED` (the URL would exceed 16384
/// bytes).
///
/// Thread safety: any number of threads may presign with one client (and
/// one set of options not being modified) at once.
///
/// # Safety
/// `client` and `options` are NULL or live handles from this library;
/// strings are NULL or NUL-terminated; `url_out` is NULL or valid for writing
/// one pointer.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_get(
    client: *const oss_client,
    bucket: *const c_char,
    key: *const c_char,
    options: *const oss_get_options,
    url_out: *mut *mut c_char,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let url_out = Out::new(url_out, c"url_out")?;
        // SAFETY: per `# Safety`.
        let a = unsafe { arguments(client, bucket, key, options) }?;
        let url = a
            .client
            .presign_url(a.bucket, a.key, a.options, NUL_TERMINATOR)?;
        // SAFETY: `url_out` is valid for writing, per `# Safety`.
        unsafe { url_out.write(url_to_c_string(url).into_raw()) };
        Ok(())
    })
}

/// As `oss_presign_get`, returning the whole presigned request: URL, signing
/// time, expiration and the headers the GET must send. `request_out`
/// receives it on success (free with `oss_presigned_request_free`);
/// untouched on failure. Same errors and thread safety as `oss_presign_get`.
///
/// # Safety
/// As for `oss_presign_get`, with `request_out` in place of `url_out`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_get_request(
    client: *const oss_client,
    bucket: *const c_char,
    key: *const c_char,
    options: *const oss_get_options,
    request_out: *mut *mut oss_presigned_request,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let request_out = Out::new(request_out, c"request_out")?;
        // SAFETY: per `# Safety`.
        let a = unsafe { arguments(client, bucket, key, options) }?;
        let request = a
            .client
            .presign_request(a.bucket, a.key, a.options, NUL_TERMINATOR)?;
        let request = oss_presigned_request::from_core(request)?;
        // SAFETY: `request_out` is valid for writing, per `# Safety`.
        unsafe { request_out.write(handle::into_raw(request)) };
        Ok(())
    })
}
