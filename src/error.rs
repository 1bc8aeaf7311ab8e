//! The one error type of the library.
//!
//! Every error names the argument it is about and the rule that was broken
//! (`"bucket: must be 3 to 63 characters, got 2"`). Messages are built only
//! from argument names, rules and lengths — never from secrets or tokens — so
//! they are safe to log.

use std::borrow::Cow;
use std::ffi::CStr;
use std::fmt;

/// What kind of input was rejected. Stable for matching; the message is not.
///
/// Each kind has its own C code (`OSS_CODE_*`), in the family of what it is
/// about: arguments, credentials, or the URL's lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A text is not valid UTF-8 (an environment variable).
    InvalidUtf8,
    /// The endpoint is not `[scheme://]host[:port]`.
    InvalidEndpoint,
    /// The signing region (or CloudBox id) is missing or not of `[a-z0-9-]+`.
    InvalidRegion,
    /// The bucket name breaks the OSS naming rules.
    InvalidBucket,
    /// The object key is empty, too long or unsafe to put in a URL path.
    InvalidKey,
    /// A query parameter is reserved, duplicated, empty or out of range.
    InvalidQuery,
    /// A header name is not an HTTP token, or a value would allow injection.
    InvalidHeader,
    /// The signing time is outside years 1970..=9999, or a server time
    /// outside 2026..=2099.
    InvalidSigningTime,
    /// The signing time window does not divide one day.
    InvalidSigningTimeWindow,
    /// A time text (an HTTP date) could not be read.
    InvalidTime,
    /// A server's answer (an OSS XML error body) could not be read.
    InvalidResponse,
    /// A string, a count of parameters or headers, or the resulting URL is
    /// over the bound this library sets (see [`crate::limits`]).
    LimitExceeded,
    /// The access key id or secret is missing or empty.
    MissingCredentials,
    /// A credential part is malformed (an empty security token, an
    /// expiration outside 1970..=9999).
    InvalidCredentials,
    /// The credentials expired at or before the signing time (or, for a
    /// presign signed by the client's clock, before now).
    CredentialsExpired,
    /// The URL would outlive the credentials (and the options do not clamp
    /// its lifetime to them).
    CredentialsExpireFirst,
    /// The signing time is outside the UTC day of a delegated signing key,
    /// or a key given with its scope was derived for another region or
    /// product than the client's.
    SigningKeyOutOfScope,
    /// A delegated signing key or its date is malformed.
    InvalidSigningKey,
    /// The URL lifetime is not within 1..=604800 seconds.
    InvalidExpiry,
    /// The absolute expiration is outside 1970..=9999, not 1 s to 7 days
    /// after the signing time, or (signed by the client's clock) not after
    /// now.
    InvalidExpiration,
    /// Any other argument that breaks its documented rule.
    InvalidArgument,
    /// A URL is not a presigned V4 GET URL of the client's host and path
    /// layout.
    MalformedUrl,
    /// A URL's signature is not the one the client's credentials give it.
    SignatureMismatch,
    /// A URL's lifetime has passed.
    UrlExpired,
    /// A URL is signed more than 15 minutes in the future.
    UrlNotYetValid,
}

/// An argument was rejected. Carries the argument's name and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    /// NUL-terminated, so that the C layer can hand it out as it is.
    argument: &'static CStr,
    detail: Cow<'static, str>,
}

impl Error {
    pub(crate) fn new(
        kind: ErrorKind,
        argument: &'static CStr,
        detail: impl Into<Cow<'static, str>>,
    ) -> Self {
        Error {
            kind,
            argument,
            detail: detail.into(),
        }
    }

    /// What kind of input was rejected.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The name of the rejected argument, e.g. `"bucket"` or `"expires"`.
    pub fn argument(&self) -> &'static str {
        // Names are ASCII literals.
        self.argument.to_str().unwrap_or_default()
    }

    /// [`Error::argument`] as a static C string.
    pub(crate) fn argument_c_str(&self) -> &'static CStr {
        self.argument
    }

    /// The rule that was broken, without the argument's name.
    pub(crate) fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.argument())?;
        f.write_str(": ")?;
        f.write_str(&self.detail)
    }
}

impl std::error::Error for Error {}

/// Shorthand used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
