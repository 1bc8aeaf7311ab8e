//! `oss_get_options`: options of a presigned GET.

use std::ffi::CStr;
use std::ffi::c_char;

use super::error::{FfiResult, oss_error};
use super::handle::{self, Boxed, Handle};
use super::panic::boundary;
use super::strings::required;
use crate::GetOptions;

/// Options of a presigned GET. Opaque. Create with `oss_get_options_new`,
/// free with `oss_get_options_free`. Not synchronised: mutate it from one
/// thread at a time; once set up, several threads may presign with it at
/// once. A setter that fails leaves the options unchanged.
pub struct oss_get_options {
    pub(crate) inner: GetOptions,
}

impl Handle for oss_get_options {
    type Ownership = Boxed;
}

/// What NULL options mean.
static DEFAULT_OPTIONS: GetOptions = GetOptions::new();

/// The options behind `options`, or the defaults when it is NULL.
///
/// # Safety
/// `options` is NULL or live options, not mutated during the call.
pub(crate) unsafe fn get_or_default<'a>(options: *const oss_get_options) -> &'a GetOptions {
    // SAFETY: guaranteed by the caller, as documented above.
    unsafe { handle::find(options) }.map_or(&DEFAULT_OPTIONS, |o| &o.inner)
}

/// Creates options with the defaults: `OSS_DEFAULT_EXPIRES_SECONDS`
/// lifetime, signed at the current
/// time, no extra parameters, no headers. Free with `oss_get_options_free`.
/// Returns NULL only if the library failed internally.
#[must_use]
#[unsafe(no_mangle)]
pub extern "C" fn oss_get_options_new() -> *mut oss_get_options {
    boundary(|| {
        handle::into_raw(oss_get_options {
            inner: GetOptions::new(),
        })
    })
}

/// Frees options. NULL is accepted and ignored.
///
/// # Safety
/// `options` is NULL or options from `oss_get_options_new`, not yet freed
/// and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_free(options: *mut oss_get_options) {
    // SAFETY: per `# Safety`.
    boundary(|| unsafe { handle::free(options) })
}

/// A setter of a scalar option (seconds, an instant, a switch).
type ValueSetter<T> = for<'a> fn(&'a mut GetOptions, T) -> crate::Result<&'a mut GetOptions>;

/// Applies a setter with `value` to the options behind `options`. The
/// setter is a function pointer, so the setters of one value type share
/// this body (a generic closure compiled a copy of it into each).
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call.
#[inline(never)]
unsafe fn set<T>(options: *mut oss_get_options, value: T, set: ValueSetter<T>) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per this function's `# Safety`.
        let options = unsafe { handle::get_mut(options, c"options") }?;
        set(&mut options.inner, value)?;
        Ok(())
    })
}

/// A setter of [`GetOptions`] taking one string.
type TextSetter = for<'a> fn(&'a mut GetOptions, &str) -> crate::Result<&'a mut GetOptions>;

/// A setter of [`GetOptions`] taking a name and a value.
type PairSetter = for<'a> fn(&'a mut GetOptions, &str, &str) -> crate::Result<&'a mut GetOptions>;

/// Applies a setter taking one string argument named `argument`. Takes the
/// setter as a function pointer and stays out of line, so that the
/// string setters share one body instead of each carrying a copy.
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call; `value` is NULL or NUL-terminated.
#[inline(never)]
unsafe fn set_text(
    options: *mut oss_get_options,
    value: *const c_char,
    argument: &'static CStr,
    set: TextSetter,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per this function's `# Safety`.
        let options = unsafe { handle::get_mut(options, c"options") }?;
        // SAFETY: as above.
        let value = unsafe { required(value, argument) }?;
        set(&mut options.inner, value)?;
        Ok(())
    })
}

/// Applies a setter taking a `name` and a `value` string (shared, as
/// [`set_text`] is).
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call; `name` and `value` are NULL or NUL-terminated.
#[inline(never)]
unsafe fn set_pair(
    options: *mut oss_get_options,
    name: *const c_char,
    value: *const c_char,
    set: PairSetter,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per this function's `# Safety`.
        let options = unsafe { handle::get_mut(options, c"options") }?;
        // SAFETY: as above.
        let name = unsafe { required(name, c"name") }?;
        // SAFETY: as above.
        let value = unsafe { required(value, c"value") }?;
        set(&mut options.inner, name, value)?;
        Ok(())
    })
}

/// Sets the URL lifetime in seconds from the signing time:
/// 1..=`OSS_MAX_EXPIRES_SECONDS` (7 days). Default
/// `OSS_DEFAULT_EXPIRES_SECONDS`. An absolute expiration
/// (`oss_get_options_set_expiration`) takes precedence.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_EXPIRY`.
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_expires(
    options: *mut oss_get_options,
    seconds: u64,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set(options, seconds, GetOptions::expires) }
}

/// Sets an absolute expiration, in Unix seconds. It wins over
/// `oss_get_options_set_expires`. At presign time it must be 1 s to
/// `OSS_MAX_EXPIRES_SECONDS` (7 days) after the signing time and, for a
/// presign signed by the client's clock, after now (a windowed signing time
/// lies before now), or `oss_presign_get` fails with
/// `OSS_CODE_INVALID_EXPIRATION`: a clock-signed URL is never already
/// expired (with an explicit signing time, past instants stay yours).
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_EXPIRATION` (before 1970
/// or after 9999).
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_expiration(
    options: *mut oss_get_options,
    unix_seconds: i64,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set(options, unix_seconds, GetOptions::expiration) }
}

/// Signs as of `unix_seconds` instead of the system clock: for reproducible
/// URLs, or when the caller knows the server's time.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_SIGNING_TIME` (before
/// 1970 or after 9999).
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_signing_time(
    options: *mut oss_get_options,
    unix_seconds: i64,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set(options, unix_seconds, GetOptions::signing_time) }
}

/// Adds a signed query parameter. `name` must be non-empty, not an
/// `x-oss-*` signing parameter (`x-oss-signature`, `x-oss-date`,
/// `x-oss-expires`, `x-oss-credential`, `x-oss-security-token`,
/// `x-oss-signature-version`, `x-oss-additional-headers`, any case) and not
/// added before. `value` may be empty (written as a bare name). Both are
/// copied and encoded.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_INVALID_QUERY`, `OSS_CODE_LIMIT_EXCEEDED` (a string over
/// `OSS_MAX_ARGUMENT_BYTES`, or more than `OSS_MAX_QUERY_PARAMETERS` parameters).
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call; strings are NULL or NUL-terminated.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_add_query(
    options: *mut oss_get_options,
    name: *const c_char,
    value: *const c_char,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set_pair(options, name, value, GetOptions::add_query) }
}

/// Adds a header the downloader will send, and signs it. `Content-Type`,
/// `Content-MD5` and `x-oss-*` are signed as such; any other name is listed
/// in `x-oss-additional-headers`. The GET must then carry exactly these
/// headers: `oss_presigned_request_header` returns them. `name` must be an
/// HTTP token not added before (any case), and not `Authorization`,
/// `x-oss-date`, `x-oss-security-token` or `x-oss-content-sha256`; `value` is
/// trimmed of surrounding spaces and tabs and must be non-empty printable
/// ASCII, where spaces and tabs inside are allowed (no CR, LF or other
/// control characters). Each string is at most `OSS_MAX_ARGUMENT_BYTES`, and one
/// set of options signs at most `OSS_MAX_HEADERS` headers.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_INVALID_HEADER`, `OSS_CODE_LIMIT_EXCEEDED`.
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call; strings are NULL or NUL-terminated.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_add_header(
    options: *mut oss_get_options,
    name: *const c_char,
    value: *const c_char,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set_pair(options, name, value, GetOptions::add_header) }
}

/// Sets `versionId`: presign one version of the object. Replaces an earlier
/// value. Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_INVALID_QUERY` (empty), `OSS_CODE_LIMIT_EXCEEDED` (over
/// `OSS_MAX_ARGUMENT_BYTES`, or more than `OSS_MAX_QUERY_PARAMETERS` query parameters).
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call; `version_id` is NULL or NUL-terminated.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_version_id(
    options: *mut oss_get_options,
    version_id: *const c_char,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set_text(options, version_id, c"version_id", GetOptions::version_id) }
}

/// Sets `response-content-type`, the `Content-Type` OSS answers with.
/// Replaces an earlier value. Errors as for `oss_get_options_set_version_id`.
///
/// # Safety
/// As for `oss_get_options_set_version_id`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_response_content_type(
    options: *mut oss_get_options,
    value: *const c_char,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe {
        set_text(
            options,
            value,
            c"response_content_type",
            GetOptions::response_content_type,
        )
    }
}

/// Sets `response-content-disposition`, e.g. `attachment; filename="a.pdf"`.
/// Replaces an earlier value. Errors as for `oss_get_options_set_version_id`.
///
/// # Safety
/// As for `oss_get_options_set_version_id`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_response_content_disposition(
    options: *mut oss_get_options,
    value: *const c_char,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe {
        set_text(
            options,
            value,
            c"response_content_disposition",
            GetOptions::response_content_disposition,
        )
    }
}

/// Sets `response-cache-control`, the `Cache-Control` OSS answers with.
/// Replaces an earlier value. Errors as for `oss_get_options_set_version_id`.
///
/// # Safety
/// As for `oss_get_options_set_version_id`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_response_cache_control(
    options: *mut oss_get_options,
    value: *const c_char,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe {
        set_text(
            options,
            value,
            c"response_cache_control",
            GetOptions::response_cache_control,
        )
    }
}

/// Sets `response-content-encoding`, the `Content-Encoding` OSS answers with.
/// Replaces an earlier value. Errors as for `oss_get_options_set_version_id`.
///
/// # Safety
/// As for `oss_get_options_set_version_id`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_response_content_encoding(
    options: *mut oss_get_options,
    value: *const c_char,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe {
        set_text(
            options,
            value,
            c"response_content_encoding",
            GetOptions::response_content_encoding,
        )
    }
}

/// Sets `response-content-language`, the `Content-Language` OSS answers
/// with. Replaces an earlier value. Errors as for
/// `oss_get_options_set_version_id`.
///
/// # Safety
/// As for `oss_get_options_set_version_id`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_response_content_language(
    options: *mut oss_get_options,
    value: *const c_char,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe {
        set_text(
            options,
            value,
            c"response_content_language",
            GetOptions::response_content_language,
        )
    }
}

/// Sets `response-expires`, the `Expires` header OSS answers with. Replaces
/// an earlier value. Errors as for `oss_get_options_set_version_id`.
///
/// # Safety
/// As for `oss_get_options_set_version_id`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_response_expires(
    options: *mut oss_get_options,
    value: *const c_char,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe {
        set_text(
            options,
            value,
            c"response_expires",
            GetOptions::response_expires,
        )
    }
}

/// Sets `x-oss-process`, e.g. `"image/resize,w_200/format,webp"`. Replaces
/// an earlier value. Errors as for `oss_get_options_set_version_id`.
///
/// # Safety
/// As for `oss_get_options_set_version_id`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_process(
    options: *mut oss_get_options,
    process: *const c_char,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set_text(options, process, c"process", GetOptions::process) }
}

/// Sets `x-oss-traffic-limit` in bit/s,
/// `OSS_MIN_TRAFFIC_LIMIT`..=`OSS_MAX_TRAFFIC_LIMIT` (100 KB/s to
/// 100 MB/s). It is a query parameter, so the URL needs no extra header.
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_QUERY` (out of range),
/// `OSS_CODE_LIMIT_EXCEEDED` (more than `OSS_MAX_QUERY_PARAMETERS` query
/// parameters).
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_traffic_limit(
    options: *mut oss_get_options,
    bits_per_second: u64,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set(options, bits_per_second, GetOptions::traffic_limit) }
}

/// Cache-friendly URLs: rounds the signing time down to a multiple of
/// `seconds` (0 turns it off), whether it
/// comes from the clock, the server-corrected clock or
/// `oss_get_options_set_signing_time`. A relative lifetime
/// (`oss_get_options_set_expires`, or the default
/// `OSS_DEFAULT_EXPIRES_SECONDS`) then signs `x-oss-expires` = lifetime +
/// `seconds`, at most `OSS_MAX_EXPIRES_SECONDS`, so all presigns of one
/// object within a window give the same URL, still valid at least the
/// lifetime after it was made (at least `OSS_MAX_EXPIRES_SECONDS + 1 -
/// seconds` seconds at the cap). An absolute expiration stays as given. The
/// window applies first, `oss_get_options_set_clamp_to_credentials` after.
/// `seconds` must divide `OSS_MAX_SIGNING_TIME_WINDOW` (one day) into
/// whole windows, e.g. 60, 300, 600, 900, 3600 or the whole day, so a window
/// never reaches back into the day before, whose delegated key the client
/// may not hold.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_SIGNING_TIME_WINDOW`
/// (not a divisor of `OSS_MAX_SIGNING_TIME_WINDOW`).
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_signing_time_window(
    options: *mut oss_get_options,
    seconds: u64,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set(options, seconds, GetOptions::signing_time_window) }
}

/// With credentials that expire (`oss_client_config_set_credentials_expiration`,
/// `oss_client_set_credentials`): when `clamp` is true, a URL that would
/// outlive them gets a lifetime that ends exactly when they expire, and
/// `oss_presigned_request_expiration` reports it; when false (the default),
/// such a presign (`oss_presign_get`) fails with
/// `OSS_CODE_CREDENTIALS_EXPIRE_FIRST`. With credentials already expired at
/// the signing time (or, signed by the client's clock, by now, even when a
/// window put the signing time before their expiration), `oss_presign_get`
/// fails with `OSS_CODE_CREDENTIALS_EXPIRED` either way.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`.
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_clamp_to_credentials(
    options: *mut oss_get_options,
    clamp: bool,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set(options, clamp, |o, clamp| Ok(o.clamp_to_credentials(clamp))) }
}

/// When `enabled`, `oss_presign_get_request` also keeps the canonical request
/// and the string to sign (`oss_presigned_request_canonical_request`,
/// `oss_presigned_request_string_to_sign`), to compare with what OSS returns
/// in a `SignatureDoesNotMatch` error. Never the secret or the signing key.
/// Off by default; `oss_presign_get` ignores it.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`.
///
/// # Safety
/// `options` is NULL or live options not used by another thread during the
/// call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_get_options_set_diagnostics(
    options: *mut oss_get_options,
    enabled: bool,
) -> *mut oss_error {
    // SAFETY: per `# Safety`.
    unsafe { set(options, enabled, |o, enabled| Ok(o.diagnostics(enabled))) }
}
