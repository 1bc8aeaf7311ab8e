//! `oss_code`, `oss_error` and their accessors.

use std::borrow::Cow;
use std::ffi::{CStr, CString, c_char};

use super::panic::boundary;
use crate::error::{Error, ErrorKind};

/// Result codes. Values are explicit and never reused: new codes are only
/// appended, and a retired code stays reserved.
///
/// 0 is success; 1-99 are failures at the C boundary; 100-199 rejected
/// arguments; 200-299 credentials; 300-399 time and expiry.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum oss_code {
    /// Success. Also the code of a NULL `oss_error *`.
    Ok = 0,
    /// A required pointer argument was NULL. The message names it.
    NullArgument = 1,
    /// A string argument was not valid UTF-8. The message names it.
    InvalidUtf8 = 2,
    /// The library panicked (a bug); the call had no effect.
    Panic = 3,
    /// An internal invariant failed (a bug); the call had no effect.
    Internal = 4,
    /// An argument broke its rule (endpoint, region, bucket, key, query
    /// parameter, header, signing time...). The message names it.
    InvalidArgument = 100,
    /// The access key id or secret is missing or empty.
    MissingCredentials = 200,
    /// The URL lifetime is not 1..=604800 seconds, or the absolute expiration
    /// is not 1 s..7 days after the signing time.
    InvalidExpiry = 300,
}

/// An error: a code and a NUL-terminated UTF-8 message naming the argument
/// at fault. Messages never contain secrets. Free with `oss_error_free`.
pub struct oss_error {
    code: oss_code,
    message: CString,
}

/// What fallible bodies return; the boundary turns `Err` into `oss_error *`.
pub type FfiResult<T> = Result<T, oss_error>;

impl oss_error {
    /// An error with a code and a message.
    pub(crate) fn new(code: oss_code, message: impl Into<Cow<'static, str>>) -> Self {
        let message = message.into();
        // Messages are built from static text; a NUL would be a bug, so drop it
        // rather than lose the message.
        let message = CString::new(message.replace('\0', "")).unwrap_or_default();
        oss_error { code, message }
    }

    pub(crate) fn null_argument(argument: &'static str) -> Self {
        Self::new(
            oss_code::NullArgument,
            format!("{argument}: must not be NULL"),
        )
    }

    pub(crate) fn invalid_utf8(argument: &'static str) -> Self {
        Self::new(
            oss_code::InvalidUtf8,
            format!("{argument}: is not valid UTF-8"),
        )
    }

    pub(crate) fn panicked() -> Self {
        Self::new(
            oss_code::Panic,
            "internal error: the library panicked; the call had no effect",
        )
    }

    pub(crate) fn code(&self) -> oss_code {
        self.code
    }

    pub(crate) fn message(&self) -> &CStr {
        &self.message
    }
}

impl From<Error> for oss_error {
    fn from(error: Error) -> Self {
        // Exhaustive on purpose: a new core error kind must choose its code.
        let code = match error.kind() {
            ErrorKind::InvalidEndpoint
            | ErrorKind::InvalidRegion
            | ErrorKind::InvalidBucket
            | ErrorKind::InvalidKey
            | ErrorKind::InvalidQuery
            | ErrorKind::InvalidHeader
            | ErrorKind::InvalidSigningTime
            | ErrorKind::InvalidArgument => oss_code::InvalidArgument,
            ErrorKind::InvalidExpiry => oss_code::InvalidExpiry,
            ErrorKind::MissingCredentials => oss_code::MissingCredentials,
        };
        oss_error::new(code, error.to_string())
    }
}

/// The code of `error`; `OSS_CODE_OK` when `error` is NULL.
///
/// # Safety
/// `error` is NULL or a live error returned by this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_error_code(error: *const oss_error) -> oss_code {
    boundary(|| {
        // SAFETY: per `# Safety`, `error` is NULL or a live oss_error.
        match unsafe { error.as_ref() } {
            Some(error) => error.code(),
            None => oss_code::Ok,
        }
    })
}

/// The message of `error`: NUL-terminated UTF-8 naming the argument at fault
/// and the rule it broke. Never NULL (`""` for a NULL error). Borrowed: valid
/// until `oss_error_free(error)`; do not free it.
///
/// # Safety
/// `error` is NULL or a live error returned by this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_error_message(error: *const oss_error) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`, `error` is NULL or a live oss_error.
        match unsafe { error.as_ref() } {
            Some(error) => error.message().as_ptr(),
            None => c"".as_ptr(),
        }
    })
}

/// Frees an error. NULL is accepted and ignored.
///
/// # Safety
/// `error` is NULL or an error returned by this library, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_error_free(error: *mut oss_error) {
    boundary(|| {
        if !error.is_null() {
            // SAFETY: per `# Safety`, a non-NULL `error` came from
            // Box::into_raw in the panic boundary and is freed only here.
            drop(unsafe { Box::from_raw(error) });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_kind_maps_to_a_code() {
        let cases = [
            (ErrorKind::InvalidEndpoint, oss_code::InvalidArgument),
            (ErrorKind::InvalidRegion, oss_code::InvalidArgument),
            (ErrorKind::InvalidBucket, oss_code::InvalidArgument),
            (ErrorKind::InvalidKey, oss_code::InvalidArgument),
            (ErrorKind::InvalidQuery, oss_code::InvalidArgument),
            (ErrorKind::InvalidHeader, oss_code::InvalidArgument),
            (ErrorKind::InvalidSigningTime, oss_code::InvalidArgument),
            (ErrorKind::InvalidArgument, oss_code::InvalidArgument),
            (ErrorKind::InvalidExpiry, oss_code::InvalidExpiry),
            (ErrorKind::MissingCredentials, oss_code::MissingCredentials),
        ];
        for (kind, code) in cases {
            let error = oss_error::from(Error::new(kind, "arg", "rule"));
            assert_eq!(error.code(), code);
            assert_eq!(error.message().to_str(), Ok("arg: rule"));
        }
    }

    #[test]
    fn null_error_is_ok_with_an_empty_message() {
        // SAFETY: NULL is allowed for all three.
        unsafe {
            assert_eq!(oss_error_code(std::ptr::null()), oss_code::Ok);
            assert_eq!(
                CStr::from_ptr(oss_error_message(std::ptr::null())).to_bytes(),
                b""
            );
            oss_error_free(std::ptr::null_mut());
        }
    }

    #[test]
    fn codes_have_their_documented_values() {
        assert_eq!(oss_code::Ok as u32, 0);
        assert_eq!(oss_code::NullArgument as u32, 1);
        assert_eq!(oss_code::InvalidUtf8 as u32, 2);
        assert_eq!(oss_code::Panic as u32, 3);
        assert_eq!(oss_code::Internal as u32, 4);
        assert_eq!(oss_code::InvalidArgument as u32, 100);
        assert_eq!(oss_code::MissingCredentials as u32, 200);
        assert_eq!(oss_code::InvalidExpiry as u32, 300);
    }
}
