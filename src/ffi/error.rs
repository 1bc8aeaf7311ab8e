//! `oss_code`, `oss_error` and their accessors.

use std::borrow::Cow;
use std::ffi::{CStr, CString, c_char};

use super::handle::{self, Boxed, Handle};
use super::panic::boundary;
use crate::error::{Error, ErrorKind};

/// Result codes. Values are explicit and never reused: new codes are only
/// appended, and a retired code stays reserved.
///
/// `code / 100` gives the family: 0 success and failures at the C boundary
/// (1-99), 1 rejected arguments (100-199), 2 credentials (200-299), 3 the
/// URL's lifetime (300-399), 4 the verdicts on a URL (400-499). A caller may branch on the family and treat a
/// code it does not know like the family's first code.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum oss_code {
    /// Success. Also the code of a NULL `oss_error *`.
    Ok = 0,
    /// A required pointer argument was NULL. The message names it.
    NullArgument = 1,
    /// A string argument (or an environment variable) was not valid UTF-8.
    InvalidUtf8 = 2,
    /// The library panicked (a bug); the call had no effect.
    Panic = 3,
    /// An internal invariant failed (a bug); the call had no effect.
    Internal = 4,
    /// A string held U+0000, which a C string would silently cut short. The
    /// C functions cannot see past a NUL and never return this code; the
    /// Java and Objective-C wrappers return it when they refuse such a string.
    EmbeddedNul = 5,
    /// An argument broke its rule and no more precise code applies (e.g. a
    /// header index out of range). The message names it.
    InvalidArgument = 100,
    /// The endpoint is not `[http://|https://]host[:port]`.
    InvalidEndpoint = 101,
    /// The region (or CloudBox id) is empty or not of `a-z 0-9 -`.
    InvalidRegion = 102,
    /// The bucket name is not 3-63 characters of `a-z 0-9 -`, alphanumeric
    /// at both ends.
    InvalidBucket = 103,
    /// The object key is empty, over `OSS_MAX_KEY_BYTES`, starts with `/` or `\`, or
    /// has a `.` or `..` segment.
    InvalidKey = 104,
    /// A query parameter is reserved, added twice, empty where a value is
    /// required, or out of range (traffic limit).
    InvalidQuery = 105,
    /// A header name is not an HTTP token, is reserved or was added twice,
    /// or a value is empty or not printable ASCII.
    InvalidHeader = 106,
    /// The signing time is outside 1970-01-01..9999-12-31 UTC, or a server
    /// time outside `OSS_MIN_SERVER_UNIX_SECONDS`..`OSS_MAX_SERVER_UNIX_SECONDS`
    /// (`oss_client_set_server_time`).
    InvalidSigningTime = 107,
    /// A string, the number of query parameters or headers, or the URL
    /// being written is over its documented bound.
    LimitExceeded = 108,
    /// The signing time window does not divide `OSS_MAX_SIGNING_TIME_WINDOW`
    /// (one day) into whole windows.
    InvalidSigningTimeWindow = 109,
    /// A text given as an HTTP date is not one (`oss_parse_http_date`).
    InvalidTime = 110,
    /// A body given as an OSS error is not one (`oss_service_error_parse`).
    InvalidResponse = 111,
    /// The access key id or secret is missing or empty (or its environment
    /// variable unset), or no credentials were set.
    MissingCredentials = 200,
    /// A credential part is malformed: an empty security token (pass NULL
    /// for none), or an expiration outside 1970..9999.
    InvalidCredentials = 201,
    /// The credentials had expired at the signing time, or, for a presign
    /// signed by the client's clock, by now (even with
    /// `oss_get_options_set_clamp_to_credentials` or a signing time window).
    CredentialsExpired = 202,
    /// The URL would outlive the credentials' expiration: shorten it, or
    /// clamp it with `oss_get_options_set_clamp_to_credentials`.
    CredentialsExpireFirst = 203,
    /// The signing time is outside the UTC days of the client's delegated
    /// signing keys (`oss_client_config_set_signing_key`), or a key given
    /// with its scope was derived for another region or product than the
    /// client's (`oss_client_set_signing_key`, `oss_client_new_from_config`).
    SigningKeyOutOfScope = 204,
    /// A delegated signing key is not 64 hex digits, or its date is not a
    /// UTC day as `YYYYMMDD`.
    InvalidSigningKey = 205,
    /// The URL lifetime is not 1..=`OSS_MAX_EXPIRES_SECONDS` seconds.
    InvalidExpiry = 300,
    /// The absolute expiration is outside 1970..9999, not 1 s to 7 days
    /// after the signing time, or, for a presign signed by the client's
    /// clock, already past.
    InvalidExpiration = 301,
    /// `oss_client_inspect_url`, `oss_client_verify_url`: the URL is not a
    /// presigned V4 GET URL of the client's scheme, host and path layout.
    MalformedUrl = 400,
    /// `oss_client_verify_url`: the signature is not the one the client's
    /// credentials give the URL (also for another key id, region, product or
    /// STS token, and for a header sent that OSS signs but the URL did not).
    SignatureMismatch = 401,
    /// `oss_client_verify_url`: the URL expired before the given time.
    UrlExpired = 402,
    /// `oss_client_verify_url`: the URL is signed more than
    /// `OSS_FUTURE_DATE_TOLERANCE_SECONDS` after the given time.
    UrlNotYetValid = 403,
}

/// An error: a code and a NUL-terminated UTF-8 message naming the argument
/// at fault. Messages never contain secrets. Free with `oss_error_free`.
pub struct oss_error {
    code: oss_code,
    /// The argument at fault; `""` when there is none.
    argument: &'static CStr,
    message: CString,
}

impl Handle for oss_error {
    type Ownership = Boxed;
}

/// What fallible bodies return; the boundary turns `Err` into `oss_error *`.
pub type FfiResult<T> = Result<T, oss_error>;

impl oss_error {
    /// An error about `argument` (`""` for none) with a code and a message.
    pub(crate) fn new(
        code: oss_code,
        argument: &'static CStr,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::with_message(code, argument, message.into().into_owned())
    }

    // Errors are cold, and kept out of line: every exported function can
    // fail, and inlining the message handling into each of them cost the
    // library kilobytes of code that runs only when a call is refused.
    #[cold]
    #[inline(never)]
    fn with_message(code: oss_code, argument: &'static CStr, message: String) -> Self {
        // Messages are built from static text; a NUL would be a bug, so drop it
        // rather than lose the message.
        let message = CString::new(message).unwrap_or_else(|nul| {
            let mut bytes = nul.into_vec();
            bytes.retain(|&b| b != 0);
            CString::new(bytes).unwrap_or_default()
        });
        oss_error {
            code,
            argument,
            message,
        }
    }

    /// `"<argument>: <rule>"`, the form of every message.
    #[cold]
    #[inline(never)]
    fn about(code: oss_code, argument: &'static CStr, rule: &str) -> Self {
        let name = argument.to_str().unwrap_or_default();
        Self::with_message(code, argument, [name, ": ", rule].concat())
    }

    pub(crate) fn null_argument(argument: &'static CStr) -> Self {
        Self::about(oss_code::NullArgument, argument, "must not be NULL")
    }

    pub(crate) fn invalid_utf8(argument: &'static CStr) -> Self {
        Self::about(oss_code::InvalidUtf8, argument, "is not valid UTF-8")
    }

    pub(crate) fn panicked() -> Self {
        Self::new(
            oss_code::Panic,
            c"",
            "internal error: the library panicked; the call had no effect",
        )
    }

    pub(crate) fn code(&self) -> oss_code {
        self.code
    }

    pub(crate) fn argument(&self) -> &'static CStr {
        self.argument
    }

    pub(crate) fn message(&self) -> &CStr {
        &self.message
    }
}

/// The core's error kinds, each with the code of the same name, written
/// once: this generates the conversion (an exhaustive `match`, so a new core
/// kind does not compile without its code) and [`KIND_CODES`], the table the
/// tests iterate.
macro_rules! kind_codes {
    ($($kind:ident),* $(,)?) => {
        /// Every core error kind with its C code.
        #[cfg(test)]
        pub(crate) const KIND_CODES: &[(ErrorKind, oss_code)] =
            &[$((ErrorKind::$kind, oss_code::$kind)),*];

        impl From<ErrorKind> for oss_code {
            fn from(kind: ErrorKind) -> Self {
                match kind {
                    $(ErrorKind::$kind => oss_code::$kind,)*
                }
            }
        }
    };
}

kind_codes!(
    InvalidUtf8,
    InvalidEndpoint,
    InvalidRegion,
    InvalidBucket,
    InvalidKey,
    InvalidQuery,
    InvalidHeader,
    InvalidSigningTime,
    LimitExceeded,
    InvalidSigningTimeWindow,
    InvalidTime,
    InvalidResponse,
    InvalidArgument,
    MalformedUrl,
    SignatureMismatch,
    UrlExpired,
    UrlNotYetValid,
    MissingCredentials,
    InvalidCredentials,
    CredentialsExpired,
    CredentialsExpireFirst,
    SigningKeyOutOfScope,
    InvalidSigningKey,
    InvalidExpiry,
    InvalidExpiration,
);

impl From<Error> for oss_error {
    #[cold]
    #[inline(never)]
    fn from(error: Error) -> Self {
        oss_error::about(error.kind().into(), error.argument_c_str(), error.detail())
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
        match unsafe { handle::find(error) } {
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
        match unsafe { handle::find(error) } {
            Some(error) => error.message().as_ptr(),
            None => c"".as_ptr(),
        }
    })
}

/// The name of the argument `error` is about, as the message names it:
/// e.g. `"bucket"`, `"key"`, `"expires"`, `"header value"` or `"client_out"`.
/// `""` when the error is about no single argument (`OSS_CODE_PANIC`) or
/// `error` is NULL. Never NULL. Static: never free it; it stays valid after
/// `oss_error_free(error)`.
///
/// # Safety
/// `error` is NULL or a live error returned by this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_error_argument(error: *const oss_error) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`, `error` is NULL or a live oss_error.
        unsafe { handle::find(error) }
            .map_or(c"", oss_error::argument)
            .as_ptr()
    })
}

/// Frees an error. NULL is accepted and ignored.
///
/// # Safety
/// `error` is NULL or an error returned by this library, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_error_free(error: *mut oss_error) {
    // SAFETY: per `# Safety`, `error` is NULL or came from handle::into_raw
    // in the panic boundary, and is freed only here.
    boundary(|| unsafe { handle::free(error) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_kind_maps_to_its_own_code_in_its_family() {
        let mut codes: Vec<u32> = KIND_CODES.iter().map(|&(_, code)| code as u32).collect();
        for &(kind, code) in KIND_CODES {
            let error = oss_error::from(Error::new(kind, c"arg", "rule"));
            assert_eq!(error.code(), code);
            assert_eq!(error.message().to_str(), Ok("arg: rule"));
            assert_eq!(error.argument(), c"arg");
            // In one of the documented families (1-499), never OK.
            assert!((1..500).contains(&(code as u32)), "{kind:?}");
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), KIND_CODES.len(), "two kinds share a code");
    }

    #[test]
    fn argument_is_static_and_empty_when_there_is_none() {
        let error = Box::into_raw(Box::new(oss_error::null_argument(c"client_out")));
        // SAFETY: `error` is live until freed, and the argument is static.
        unsafe {
            let argument = oss_error_argument(error);
            oss_error_free(error);
            assert_eq!(CStr::from_ptr(argument), c"client_out");
            assert_eq!(CStr::from_ptr(oss_error_argument(std::ptr::null())), c"");
        }
        assert_eq!(oss_error::panicked().argument(), c"");
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
}
