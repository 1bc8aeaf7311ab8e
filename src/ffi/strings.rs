//! C strings in and out, and `oss_string_free`.

use std::ffi::{CStr, CString, c_char};

use super::error::{FfiResult, oss_code, oss_error};
use super::panic::boundary;

/// Borrows a required NUL-terminated UTF-8 argument for the call.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays unchanged
/// during the call.
pub(crate) unsafe fn required<'a>(
    ptr: *const c_char,
    argument: &'static CStr,
) -> FfiResult<&'a str> {
    // SAFETY: guaranteed by the caller, as documented above.
    unsafe { optional(ptr, argument) }?.ok_or_else(|| oss_error::null_argument(argument))
}

/// As [`required`], where NULL means "absent".
///
/// # Safety
/// As for [`required`].
pub(crate) unsafe fn optional<'a>(
    ptr: *const c_char,
    argument: &'static CStr,
) -> FfiResult<Option<&'a str>> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and NUL-terminated, guaranteed by the caller.
    let text = unsafe { CStr::from_ptr(ptr) };
    text.to_str()
        .map(Some)
        .map_err(|_| oss_error::invalid_utf8(argument))
}

/// Converts library text (URLs, signed headers) to a C string.
pub(crate) fn to_c_string(text: String) -> FfiResult<CString> {
    // Inputs with NUL are refused earlier, so this is only a safety net.
    CString::new(text).map_err(|_| {
        oss_error::new(
            oss_code::Internal,
            c"",
            "internal error: output text contained a NUL byte",
        )
    })
}

/// Converts a presigned URL to a C string without scanning it for NUL.
///
/// The core builds URLs only from its percent-encoder's output and from
/// validated endpoints and bucket names: printable ASCII, never a NUL byte
/// (property-tested in `tests/url_text.rs`). The URL buffer also has one
/// spare byte of capacity, so appending the terminator does not reallocate.
pub(crate) fn url_to_c_string(url: String) -> CString {
    debug_assert!(!url.as_bytes().contains(&0), "a URL holds no NUL byte");
    // SAFETY: the URL contains no NUL byte, as explained above; a violation
    // could only shorten the string seen by C, not corrupt memory.
    unsafe { CString::from_vec_unchecked(url.into_bytes()) }
}

/// Frees a string returned by this library as `char *` (such as the URL of
/// `oss_presign_get`). NULL is accepted and ignored. Never pass a string from
/// another allocator, and do not modify the string before freeing it.
///
/// # Safety
/// `s` is NULL or a `char *` returned by this library, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_string_free(s: *mut c_char) {
    boundary(|| {
        if !s.is_null() {
            // SAFETY: per `# Safety`, `s` came from CString::into_raw here
            // and is freed only once.
            drop(unsafe { CString::from_raw(s) });
        }
    })
}
