//! `oss_service_error`: an OSS XML error body, read.

use std::ffi::{CString, c_char};

use super::error::{FfiResult, oss_error};
use super::handle::{self, Boxed, Handle, Out};
use super::panic::boundary;
use super::strings::{CText, required, to_c_string};
use crate::ServiceError;

/// The XML error body of a refused OSS request, parsed by
/// `oss_service_error_parse`. Opaque and immutable; free with
/// `oss_service_error_free`, which wipes its fields.
pub struct oss_service_error {
    code: CString,
    /// The known fields present, as (name, value). Wiped when freed:
    /// `CanonicalRequest` echoes the request's STS token.
    fields: Vec<(&'static str, CText)>,
    server_time: i64,
    expires: i64,
}

impl Handle for oss_service_error {
    type Ownership = Boxed;
}

impl oss_service_error {
    fn from_core(error: &ServiceError) -> FfiResult<Self> {
        let fields = error
            .known_fields()
            .map(|(name, value)| Ok((name, CText::from_text(value.to_owned())?)))
            .collect::<FfiResult<_>>()?;
        Ok(oss_service_error {
            code: to_c_string(error.code().to_owned())?,
            fields,
            server_time: error.server_time().unwrap_or(0),
            expires: error.expires().unwrap_or(0),
        })
    }

    fn field(&self, name: &str) -> *const c_char {
        self.fields
            .iter()
            .find(|(key, _)| *key == name)
            .map_or(std::ptr::null(), |(_, value)| value.as_ptr())
    }
}

/// Parses the XML error body of a refused OSS request (HTTP 403, 404...):
/// `body` is `body_len` bytes of UTF-8, not necessarily NUL-terminated, at
/// most `OSS_MAX_ERROR_BODY_BYTES`. `error_out` receives the parsed error on success (free
/// it with `oss_service_error_free`); untouched on failure.
///
/// Typical use: on a 403 whose code is `RequestTimeTooSkewed`, or
/// `AccessDenied` with "Request has expired." while the local clock said the
/// URL was valid, pass `oss_service_error_server_time` to
/// `oss_client_set_server_time` and presign again.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT` (`body` NULL with a non-zero length, or
/// `error_out` NULL), `OSS_CODE_INVALID_RESPONSE` (not an OSS error: no
/// `<Error>` root with a `<Code>`, not UTF-8, too long).
///
/// # Safety
/// `body` is NULL or valid for reading `body_len` bytes;
/// `error_out` is NULL or valid for writing one pointer.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_service_error_parse(
    body: *const c_char,
    body_len: usize,
    error_out: *mut *mut oss_service_error,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let error_out = Out::new(error_out, c"error_out")?;
        let bytes: &[u8] = if body_len == 0 {
            &[]
        } else if body.is_null() {
            return Err(oss_error::null_argument(c"body"));
        } else {
            // SAFETY: per `# Safety`, `body` is valid for `body_len` bytes.
            unsafe { std::slice::from_raw_parts(body.cast::<u8>(), body_len) }
        };
        let parsed = ServiceError::parse(bytes)?;
        let error = oss_service_error::from_core(&parsed)?;
        // SAFETY: `error_out` is valid for writing, per `# Safety`.
        unsafe { error_out.write(handle::into_raw(error)) };
        Ok(())
    })
}

/// Frees a parsed error, wiping its fields (`CanonicalRequest` echoes the
/// refused request's STS token). NULL is accepted and ignored.
///
/// # Safety
/// `error` is NULL or from `oss_service_error_parse`, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_service_error_free(error: *mut oss_service_error) {
    // SAFETY: per `# Safety`.
    boundary(|| unsafe { handle::free(error) })
}

/// `Code`, e.g. `"AccessDenied"`, `"RequestTimeTooSkewed"`,
/// `"SignatureDoesNotMatch"`, `"NoSuchKey"`: never NULL for a parsed error;
/// NULL when `e` is NULL. Borrowed: valid until `oss_service_error_free(e)`.
///
/// # Safety
/// `e` is NULL or a live parsed error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_service_error_code(e: *const oss_service_error) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(e) }.map_or(std::ptr::null(), |e| e.code.as_ptr())
    })
}

/// `Message`; NULL when absent or `e` is NULL. Borrowed: valid until
/// `oss_service_error_free(e)`.
///
/// # Safety
/// `e` is NULL or a live parsed error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_service_error_message(e: *const oss_service_error) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(e) }.map_or(std::ptr::null(), |e| e.field("Message"))
    })
}

/// `ServerTime` in Unix seconds: the server's clock when it answered, for
/// `oss_client_set_server_time`. 0 when absent (or unreadable) or `e` is
/// NULL.
///
/// # Safety
/// `e` is NULL or a live parsed error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_service_error_server_time(e: *const oss_service_error) -> i64 {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(e) }.map_or(0, |e| e.server_time)
    })
}

/// `Expires` in Unix seconds: when the refused URL expired. 0 when absent
/// or `e` is NULL.
///
/// # Safety
/// `e` is NULL or a live parsed error.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_service_error_expires(e: *const oss_service_error) -> i64 {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(e) }.map_or(0, |e| e.expires)
    })
}

/// Another field of the error by its element name: `"RequestId"`,
/// `"HostId"`, `"EC"`, `"ServerTime"`, `"Expires"` (as text),
/// `"StringToSign"` and `"CanonicalRequest"` (what OSS computed, to compare
/// with `oss_presigned_request_string_to_sign` and
/// `oss_presigned_request_canonical_request`), `"OSSAccessKeyId"` (and the
/// message, as `oss_service_error_message` gives it). NULL when absent, not
/// one of these, or `e` or `name` is NULL. Borrowed: valid until
/// `oss_service_error_free(e)`.
///
/// # Safety
/// `e` is NULL or a live parsed error; `name` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_service_error_field(
    e: *const oss_service_error,
    name: *const c_char,
) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`.
        let Some(e) = (unsafe { handle::find(e) }) else {
            return std::ptr::null();
        };
        // SAFETY: per `# Safety`.
        match unsafe { required(name, c"name") } {
            Ok(name) => e.field(name),
            Err(_) => std::ptr::null(),
        }
    })
}
