//! `oss_presign_get`, `oss_presign_head` and their `_request` forms.

use std::ffi::c_char;

use super::client::oss_client;
use super::error::{FfiResult, oss_error};
use super::get_options::{get_or_default, oss_get_options};
use super::handle::{self, Out};
use super::panic::boundary;
use super::presigned_request::oss_presigned_request;
use super::strings::{c_string_buffer, required, url_to_c_string};
use crate::{Client, Method, Request};

/// The client and the request of a presign function's arguments, checked
/// and borrowed (NULL options are the defaults).
///
/// # Safety
/// As for the exported functions below.
unsafe fn request<'a>(
    client: *const oss_client,
    method: Method,
    bucket: *const c_char,
    key: *const c_char,
    options: *const oss_get_options,
) -> FfiResult<(&'a Client, Request<'a>)> {
    // SAFETY: per the callers' `# Safety`.
    let client = unsafe { handle::get(client, c"client") }?;
    // SAFETY: as above.
    let bucket = unsafe { required(bucket, c"bucket") }?;
    // SAFETY: as above.
    let key = unsafe { required(key, c"key") }?;
    // SAFETY: as above.
    let options = unsafe { get_or_default(options) };
    Ok((&client.inner, Request::new(method, bucket, key, options)))
}

/// `oss_presign_get` and its siblings: the URL of a `method` request.
///
/// # Safety
/// As for `oss_presign_get`.
unsafe fn presign_url(
    client: *const oss_client,
    method: Method,
    bucket: *const c_char,
    key: *const c_char,
    options: *const oss_get_options,
    url_out: *mut *mut c_char,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let url_out = Out::new(url_out, c"url_out")?;
        // SAFETY: per `# Safety`.
        let (client, request) = unsafe { request(client, method, bucket, key, options) }?;
        let url = client.presign_url_with(&request, c_string_buffer)?;
        // SAFETY: `url_out` is valid for writing, per `# Safety`.
        unsafe { url_out.write(url_to_c_string(url).into_raw()) };
        Ok(())
    })
}

/// `oss_presign_get_request` and its siblings: the whole presigned request
/// of a `method` request.
///
/// # Safety
/// As for `oss_presign_get_request`.
unsafe fn presign_request(
    client: *const oss_client,
    method: Method,
    bucket: *const c_char,
    key: *const c_char,
    options: *const oss_get_options,
    request_out: *mut *mut oss_presigned_request,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let request_out = Out::new(request_out, c"request_out")?;
        // SAFETY: per `# Safety`.
        let (client, request) = unsafe { request(client, method, bucket, key, options) }?;
        let presigned = client.presign_with(&request, c_string_buffer)?;
        let presigned = oss_presigned_request::from_core(presigned)?;
        // SAFETY: `request_out` is valid for writing, per `# Safety`.
        unsafe { request_out.write(handle::into_raw(presigned)) };
        Ok(())
    })
}

/// Presigns a GET of `key` in `bucket` and returns the URL.
///
/// - `client`: from `oss_client_new` or `oss_client_new_from_config`.
/// - `bucket`: 3-63 characters of `a-z 0-9 -`, alphanumeric at both ends.
/// - `key`: the object key, 1 to `OSS_MAX_KEY_BYTES` UTF-8 bytes, not
///   starting with `/` or
///   `\`, without `.` or `..` segments.
/// - `options`: NULL for the defaults (`OSS_DEFAULT_EXPIRES_SECONDS`, signed
///   now).
/// - `url_out`: receives the URL on success: ASCII, in canonical encoding,
///   to be sent unchanged. Free it with `oss_string_free`. Untouched on
///   failure.
///
/// If the options added headers, the GET must send them: use
/// `oss_presign_get_request` to read them.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_INVALID_BUCKET`, `OSS_CODE_INVALID_KEY`,
/// `OSS_CODE_INVALID_SIGNING_TIME` (the client's clock outside 1970..9999),
/// `OSS_CODE_INVALID_EXPIRATION` (absolute expiration not 1 s..7 days after
/// the signing time), `OSS_CODE_CREDENTIALS_EXPIRED` and
/// `OSS_CODE_CREDENTIALS_EXPIRE_FIRST` (credentials with an expiration),
/// `OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE` (a delegated signing key of another
/// day), `OSS_CODE_LIMIT_EXCEEDED` (the URL would exceed
/// `OSS_MAX_URL_BYTES`).
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
    // SAFETY: the same contract.
    unsafe { presign_url(client, Method::Get, bucket, key, options, url_out) }
}

/// As `oss_presign_get`, returning the whole presigned request: URL, signing
/// time, expiration and the headers the GET must send. `request_out`
/// receives it on success (free with `oss_presigned_request_free`);
/// untouched on failure. Same thread safety as `oss_presign_get`.
///
/// Errors: as for `oss_presign_get`.
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
    // SAFETY: the same contract.
    unsafe { presign_request(client, Method::Get, bucket, key, options, request_out) }
}

/// As `oss_presign_get`, for a HEAD of `key` in `bucket`: the URL reads the
/// object's headers (`Content-Length`, `ETag`, `Content-Type`,
/// `x-oss-hash-crc64ecma`...) without its body, for instance to learn the size
/// and ETag before a resumable download. The method is signed: send the URL
/// with HEAD, and with the headers the options added (use
/// `oss_presign_head_request` to read them). The options are those of a GET
/// (`oss_get_options_*`), applied the same way.
///
/// Errors: as for `oss_presign_get`. Same thread safety.
///
/// # Safety
/// As for `oss_presign_get`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_head(
    client: *const oss_client,
    bucket: *const c_char,
    key: *const c_char,
    options: *const oss_get_options,
    url_out: *mut *mut c_char,
) -> *mut oss_error {
    // SAFETY: the same contract.
    unsafe { presign_url(client, Method::Head, bucket, key, options, url_out) }
}

/// As `oss_presign_head`, returning the whole presigned request: URL,
/// signing time, expiration and the headers the HEAD must send;
/// `oss_presigned_request_method` gives `"HEAD"`. `request_out` receives it
/// on success (free with `oss_presigned_request_free`); untouched on
/// failure.
///
/// Errors: as for `oss_presign_get`. Same thread safety.
///
/// # Safety
/// As for `oss_presign_get`, with `request_out` in place of `url_out`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_head_request(
    client: *const oss_client,
    bucket: *const c_char,
    key: *const c_char,
    options: *const oss_get_options,
    request_out: *mut *mut oss_presigned_request,
) -> *mut oss_error {
    // SAFETY: the same contract.
    unsafe { presign_request(client, Method::Head, bucket, key, options, request_out) }
}
