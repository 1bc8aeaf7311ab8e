//! Access key id, secret and optional STS security token.
//!
//! The secret and the token are kept in buffers that are wiped when dropped,
//! and `Debug` shows only the access key id.

use std::ffi::CStr;
use std::fmt;

use zeroize::{Zeroize, Zeroizing};

use crate::datetime::check_unix_seconds;
use crate::error::{Error, ErrorKind, Result};
use crate::signer::prefixed_secret;
use crate::validation::check_argument_len;

// The names as C strings too: errors name the variable.
const ENV_ACCESS_KEY_ID_NAME: &CStr = c"OSS_ACCESS_KEY_ID";
const ENV_ACCESS_KEY_SECRET_NAME: &CStr = c"OSS_ACCESS_KEY_SECRET";
const ENV_SESSION_TOKEN_NAME: &CStr = c"OSS_SESSION_TOKEN";

/// Environment variable holding the access key id.
pub const ENV_ACCESS_KEY_ID: &str = name_str(ENV_ACCESS_KEY_ID_NAME);
/// Environment variable holding the access key secret.
pub const ENV_ACCESS_KEY_SECRET: &str = name_str(ENV_ACCESS_KEY_SECRET_NAME);
/// Environment variable holding the optional STS security token.
pub const ENV_SESSION_TOKEN: &str = name_str(ENV_SESSION_TOKEN_NAME);

const fn name_str(name: &'static CStr) -> &'static str {
    match name.to_str() {
        Ok(name) => name,
        Err(_) => "",
    }
}

/// Long-term or temporary (STS) credentials.
///
/// ```
/// use oss_presign::Credentials;
/// let creds = Credentials::new("LTAI5tExample", "secret")?
///     .with_security_token("CAIS+token/with=base64")?;
/// assert_eq!(creds.access_key_id(), "LTAI5tExample");
/// // The secret never shows up in debug output.
/// assert!(!format!("{creds:?}").contains("secret\""));
/// # Ok::<(), oss_presign::Error>(())
/// ```
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    /// `"aliyun_v4" + secret`: the key of the first HMAC, stored ready to use.
    prefixed_secret: Zeroizing<Vec<u8>>,
    security_token: Option<Zeroizing<String>>,
    /// When temporary (STS) credentials stop working, Unix seconds.
    expiration: Option<i64>,
}

impl Credentials {
    /// Long-term credentials. Both parts must be non-empty
    /// ([`ErrorKind::MissingCredentials`] otherwise) and at most
    /// [`MAX_ARGUMENT_BYTES`](crate::limits::MAX_ARGUMENT_BYTES) long.
    pub fn new(access_key_id: &str, access_key_secret: &str) -> Result<Self> {
        if access_key_id.is_empty() {
            return Err(missing(c"access_key_id", "must not be empty"));
        }
        if access_key_secret.is_empty() {
            return Err(missing(c"access_key_secret", "must not be empty"));
        }
        check_argument_len(access_key_id, c"access_key_id")?;
        check_access_key_id(access_key_id)?;
        check_argument_len(access_key_secret, c"access_key_secret")?;
        Ok(Credentials {
            access_key_id: access_key_id.to_owned(),
            prefixed_secret: prefixed_secret(access_key_secret),
            security_token: None,
            expiration: None,
        })
    }

    /// Adds an STS security token, which every URL then carries (signed) in
    /// `x-oss-security-token`. An empty token is an
    /// [`ErrorKind::InvalidCredentials`]: to sign without a token, do not
    /// call this.
    pub fn with_security_token(mut self, security_token: &str) -> Result<Self> {
        check_security_token(security_token)?;
        self.security_token = Some(Zeroizing::new(security_token.to_owned()));
        Ok(self)
    }

    /// When these credentials stop working (an STS token's `Expiration`),
    /// Unix seconds in 1970..=9999 ([`ErrorKind::InvalidCredentials`]
    /// otherwise). A presign whose URL would outlive them is then refused
    /// ([`ErrorKind::CredentialsExpireFirst`]) unless its options clamp the
    /// lifetime, and one at or after this instant fails
    /// ([`ErrorKind::CredentialsExpired`]).
    pub fn with_expiration(mut self, unix_seconds: i64) -> Result<Self> {
        check_unix_seconds(unix_seconds, ErrorKind::InvalidCredentials, c"expiration")?;
        self.expiration = Some(unix_seconds);
        Ok(self)
    }

    /// These credentials without an expiration.
    pub fn without_expiration(mut self) -> Self {
        self.expiration = None;
        self
    }

    /// The expiration set with [`Credentials::with_expiration`].
    pub fn expiration(&self) -> Option<i64> {
        self.expiration
    }

    /// Reads `OSS_ACCESS_KEY_ID`, `OSS_ACCESS_KEY_SECRET` and, when set and
    /// non-empty, `OSS_SESSION_TOKEN`. A variable that is set but not UTF-8
    /// is an [`ErrorKind::InvalidUtf8`] naming it, never skipped: an ignored
    /// token would give URLs that OSS refuses. Every copy of the secret and
    /// the token is wiped before its memory is freed.
    pub fn from_env() -> Result<Self> {
        let id = env_var(ENV_ACCESS_KEY_ID_NAME)?;
        let secret = env_var(ENV_ACCESS_KEY_SECRET_NAME)?;
        let token = env_var(ENV_SESSION_TOKEN_NAME)?;
        Self::from_variables(id, secret, token)
    }

    /// As [`Credentials::from_env`], reading variables through `lookup`
    /// (handy for tests and for configuration sources other than the process
    /// environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        Self::from_variables(
            lookup(ENV_ACCESS_KEY_ID).map(Zeroizing::new),
            lookup(ENV_ACCESS_KEY_SECRET).map(Zeroizing::new),
            lookup(ENV_SESSION_TOKEN).map(Zeroizing::new),
        )
    }

    fn from_variables(
        id: Option<Zeroizing<String>>,
        secret: Option<Zeroizing<String>>,
        token: Option<Zeroizing<String>>,
    ) -> Result<Self> {
        let Some(id) = id.filter(|id| !id.is_empty()) else {
            return Err(missing(ENV_ACCESS_KEY_ID_NAME, "is not set or empty"));
        };
        let Some(secret) = secret.filter(|secret| !secret.is_empty()) else {
            return Err(missing(ENV_ACCESS_KEY_SECRET_NAME, "is not set or empty"));
        };
        let credentials = Credentials::new(&id, &secret)?;
        match token {
            // An exported but empty variable means "no token", as in shells.
            Some(token) if !token.is_empty() => credentials.with_security_token(&token),
            _ => Ok(credentials),
        }
    }

    /// The access key id (public: it appears in every URL).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// Whether an STS security token is attached.
    pub fn has_security_token(&self) -> bool {
        self.security_token.is_some()
    }

    pub(crate) fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref().map(String::as_str)
    }

    /// `"aliyun_v4" + secret`, the key of the first step of the key derivation.
    pub(crate) fn prefixed_secret(&self) -> &[u8] {
        &self.prefixed_secret
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"<redacted>")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// Reads one environment variable, `None` when unset. The value moves into
/// a buffer that is wiped on drop; a value that is not UTF-8 is wiped before
/// it is refused.
fn env_var(name: &'static CStr) -> Result<Option<Zeroizing<String>>> {
    let Some(value) = std::env::var_os(name_str(name)) else {
        return Ok(None);
    };
    // `into_string` hands over the same buffer; it copies nothing.
    match value.into_string() {
        Ok(text) => Ok(Some(Zeroizing::new(text))),
        Err(raw) => {
            raw.into_encoded_bytes().zeroize();
            Err(Error::new(
                ErrorKind::InvalidUtf8,
                name,
                "is not valid UTF-8",
            ))
        }
    }
}

/// OSS refuses a key id with spaces, control characters or non-ASCII in
/// `x-oss-credential` (EC 0002-00000222), so no URL signed with one works.
/// A `/` is refused too: `x-oss-credential` is `id/date/region/product/
/// aliyun_v4_request`, split at `/`, so such an id cannot be read back (by
/// OSS or by `inspect_url`).
/// The rules of an STS token, of credentials and of delegated day keys alike.
pub(crate) fn check_security_token(security_token: &str) -> Result<()> {
    if security_token.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidCredentials,
            c"security_token",
            "must not be empty (omit it to sign without a token)",
        ));
    }
    check_argument_len(security_token, c"security_token")
}

pub(crate) fn check_access_key_id(access_key_id: &str) -> Result<()> {
    if access_key_id
        .bytes()
        .all(|b| (0x21..0x7f).contains(&b) && b != b'/')
    {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::InvalidCredentials,
        c"access_key_id",
        "must be printable ASCII without spaces or '/' (OSS refuses any other key id)",
    ))
}

fn missing(argument: &'static CStr, detail: &'static str) -> Error {
    Error::new(ErrorKind::MissingCredentials, argument, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn empty_parts_are_missing_credentials() {
        assert_eq!(
            Credentials::new("", "sk").unwrap_err().kind(),
            ErrorKind::MissingCredentials
        );
        let err = Credentials::new("ak", "").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingCredentials);
        assert_eq!(err.argument(), "access_key_secret");
        let err = Credentials::new("ak", "sk")
            .unwrap()
            .with_security_token("")
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    }

    #[test]
    fn key_ids_that_x_oss_credential_cannot_carry_are_refused() {
        // `/` separates the parts of x-oss-credential: "a/b" would read as
        // the id "a" followed by a date "b".
        for id in ["LTAI/a", "/", "a/", "LTAI a", "LTAI\u{7f}", "LTAI\u{e9}"] {
            let err = Credentials::new(id, "sk").unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidCredentials, "access_key_id"),
                "{id:?}"
            );
        }
        assert!(Credentials::new("STS.NUx~_-+=!:", "sk").is_ok());
    }

    #[test]
    fn debug_hides_secret_and_token() {
        let creds = Credentials::new("my-id", "TOPSECRETVALUE")
            .unwrap()
            .with_security_token("TOKENVALUE")
            .unwrap();
        let shown = format!("{creds:?} {creds:#?}");
        assert!(shown.contains("my-id"));
        assert!(!shown.contains("TOPSECRETVALUE"));
        assert!(!shown.contains("TOKENVALUE"));
    }

    #[test]
    fn reads_the_environment_variables() {
        let creds = Credentials::from_lookup(env(&[
            ("OSS_ACCESS_KEY_ID", "id"),
            ("OSS_ACCESS_KEY_SECRET", "sk"),
            ("OSS_SESSION_TOKEN", "tok"),
        ]))
        .unwrap();
        assert_eq!(creds.access_key_id(), "id");
        assert_eq!(creds.prefixed_secret(), b"aliyun_v4sk");
        assert_eq!(creds.security_token(), Some("tok"));

        let creds = Credentials::from_lookup(env(&[
            ("OSS_ACCESS_KEY_ID", "id"),
            ("OSS_ACCESS_KEY_SECRET", "sk"),
            ("OSS_SESSION_TOKEN", ""),
        ]))
        .unwrap();
        assert!(!creds.has_security_token());

        let err = Credentials::from_lookup(env(&[("OSS_ACCESS_KEY_ID", "id")])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingCredentials);
        assert_eq!(err.argument(), "OSS_ACCESS_KEY_SECRET");
        let err = Credentials::from_lookup(env(&[])).unwrap_err();
        assert_eq!(err.argument(), "OSS_ACCESS_KEY_ID");
    }
}
