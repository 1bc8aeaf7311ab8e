//! Credentials: who signs (the identity every URL carries: access key id,
//! optional STS token, and when they stop working) and with what (the key
//! source: the access key secret, or delegated day keys).
//!
//! The secret, the keys and the token are kept in buffers that are wiped
//! when dropped, and `Debug` shows only the access key id.

use std::ffi::CStr;
use std::fmt;

use zeroize::{Zeroize, Zeroizing};

use crate::datetime::check_unix_seconds;
use crate::day_keys::DayKey;
use crate::error::{Error, ErrorKind, Result};
use crate::signer::{SigningKey, prefixed_secret};
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

/// What a client signs with: an identity and a key source.
///
/// Long-term or temporary (STS) credentials hold the access key secret, from
/// which the key of any day is derived ([`Credentials::new`]). A device that
/// must not hold the secret gets a delegated key of one UTC day instead
/// ([`Credentials::from_day_key`]); it presigns byte-identically within
/// that day and is refused outside it. A live client given the key of the
/// next day keeps today's too ([`Client::set_credentials`]), so it signs
/// across midnight without a gap.
///
/// [`Client::set_credentials`]: crate::Client::set_credentials
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
    identity: Identity,
    keys: KeySource,
}

/// Who signs: what every URL of these credentials carries.
#[derive(Clone)]
pub(crate) struct Identity {
    access_key_id: String,
    security_token: Option<Zeroizing<String>>,
    /// When the credentials stop working, Unix seconds.
    expiration: Option<i64>,
}

/// Where the signing key of a day comes from.
#[derive(Clone)]
pub(crate) enum KeySource {
    /// `"aliyun_v4" + secret`: the key of any day can be derived.
    Secret(Zeroizing<Vec<u8>>),
    /// A key derived by a server for one UTC day only.
    DayKey(DayKey),
}

impl KeySource {
    /// The signing key of `day` (days since 1970; `date` is its `YYYYMMDD`)
    /// for `region` and `product`; `None` when this source has no key for
    /// that day.
    pub(crate) fn key_of_day(
        &self,
        day: i64,
        date: &str,
        region: &str,
        product: &str,
    ) -> Option<SigningKey> {
        match self {
            KeySource::Secret(prefixed) => {
                Some(SigningKey::derive_prefixed(prefixed, date, region, product))
            }
            KeySource::DayKey(key) => key.key_of_day(day).cloned(),
        }
    }
}

impl Credentials {
    /// Long-term credentials. Both parts must be non-empty
    /// ([`ErrorKind::MissingCredentials`] otherwise) and at most
    /// [`MAX_ARGUMENT_BYTES`](crate::limits::MAX_ARGUMENT_BYTES) long.
    pub fn new(access_key_id: &str, access_key_secret: &str) -> Result<Self> {
        // A missing part is reported before a malformed one.
        if !access_key_id.is_empty() && access_key_secret.is_empty() {
            return Err(missing(c"access_key_secret", "must not be empty"));
        }
        let identity = Identity::new(access_key_id)?;
        check_secret(access_key_secret)?;
        Ok(Credentials {
            identity,
            keys: KeySource::Secret(prefixed_secret(access_key_secret)),
        })
    }

    /// A delegated signing key instead of the secret: the key of one UTC
    /// day as 64 hex digits (either case), derived by a server that holds
    /// the secret ([`SigningKey::derive`]) for the region and product of the
    /// clients that will use it.
    ///
    /// `date` is the key's day, `YYYYMMDD`, or its whole scope as V4 writes
    /// it in `x-oss-credential`, `YYYYMMDD/region/product` (e.g.
    /// `20240102/cn-hangzhou/oss`): then a client of another region or
    /// product refuses the key ([`ErrorKind::SigningKeyOutOfScope`]) instead
    /// of signing URLs that OSS refuses. Within its day a key signs for any
    /// bucket, object and method the access key may use.
    ///
    /// Fails with [`ErrorKind::MissingCredentials`] for an empty key id and
    /// [`ErrorKind::InvalidSigningKey`] for a key or date that is not one.
    ///
    /// ```
    /// use oss_presign::{Client, ClientBuilder, Credentials, GetOptions};
    /// use oss_presign::signer::SigningKey;
    /// // On the app server, which holds the secret:
    /// let hex = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss")?.to_hex();
    /// // On the phone, which does not:
    /// let client = ClientBuilder::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou")?
    ///     .credentials(Credentials::from_day_key("ak", &hex, "20240102")?)
    ///     .build()?;
    /// let mut options = GetOptions::new();
    /// options.signing_time(1_704_164_645)?.expires(3600)?;
    /// let url = client.presign_get("examplebucket", "exampleobject.txt", &options)?;
    /// // Vector G1, as if signed with the secret.
    /// assert!(url.url().ends_with(
    ///     "&x-oss-signature=0e8a63b97cdaf20d0510524d7cdb6ab454c19d5bd18535fef162617d34682898"
    /// ));
    /// # Ok::<(), oss_presign::Error>(())
    /// ```
    ///
    /// [`SigningKey::derive`]: crate::signer::SigningKey::derive
    pub fn from_day_key(access_key_id: &str, hex_signing_key: &str, date: &str) -> Result<Self> {
        let identity = Identity::new(access_key_id)?;
        let mut bytes = Zeroizing::new([0u8; 32]);
        if hex_signing_key.len() != 64
            || hex::decode_to_slice(hex_signing_key, &mut *bytes).is_err()
        {
            return Err(Error::new(
                ErrorKind::InvalidSigningKey,
                c"hex_signing_key",
                "must be 64 hex digits (a 32-byte V4 signing key)",
            ));
        }
        let key = DayKey::new(SigningKey::from_bytes(&bytes), date)?;
        Ok(Credentials {
            identity,
            keys: KeySource::DayKey(key),
        })
    }

    /// Adds an STS security token, which every URL then carries (signed) in
    /// `x-oss-security-token`. An empty token is an
    /// [`ErrorKind::InvalidCredentials`]: to sign without a token, do not
    /// call this.
    pub fn with_security_token(mut self, security_token: &str) -> Result<Self> {
        if security_token.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidCredentials,
                c"security_token",
                "must not be empty (omit it to sign without a token)",
            ));
        }
        check_argument_len(security_token, c"security_token")?;
        self.identity.security_token = Some(Zeroizing::new(security_token.to_owned()));
        Ok(self)
    }

    /// As [`Credentials::with_security_token`] for `Some` token; `None`
    /// leaves the credentials without one (for a caller whose token is
    /// optional, as the C ABI's NULL is).
    pub fn with_optional_token(self, security_token: Option<&str>) -> Result<Self> {
        match security_token {
            Some(token) => self.with_security_token(token),
            None => Ok(self),
        }
    }

    /// When these credentials stop working (an STS token's `Expiration`),
    /// Unix seconds in 1970..=9999 ([`ErrorKind::InvalidCredentials`]
    /// otherwise). A presign whose URL would outlive them is then refused
    /// ([`ErrorKind::CredentialsExpireFirst`]) unless its options clamp the
    /// lifetime, and one at or after this instant fails
    /// ([`ErrorKind::CredentialsExpired`]).
    pub fn with_expiration(mut self, unix_seconds: i64) -> Result<Self> {
        check_unix_seconds(unix_seconds, ErrorKind::InvalidCredentials, c"expiration")?;
        self.identity.expiration = Some(unix_seconds);
        Ok(self)
    }

    /// These credentials without an expiration.
    pub fn without_expiration(mut self) -> Self {
        self.identity.expiration = None;
        self
    }

    /// [`Credentials::with_expiration`] for `Some` instant,
    /// [`Credentials::without_expiration`] for `None`.
    pub fn with_optional_expiration(self, unix_seconds: Option<i64>) -> Result<Self> {
        match unix_seconds {
            Some(unix_seconds) => self.with_expiration(unix_seconds),
            None => Ok(self.without_expiration()),
        }
    }

    /// The expiration set with [`Credentials::with_expiration`].
    pub fn expiration(&self) -> Option<i64> {
        self.identity.expiration
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
        // An exported but empty variable means "no token", as in shells.
        let token = token
            .as_deref()
            .map(String::as_str)
            .filter(|t| !t.is_empty());
        Credentials::new(&id, &secret)?.with_optional_token(token)
    }

    /// The access key id (public: it appears in every URL).
    pub fn access_key_id(&self) -> &str {
        &self.identity.access_key_id
    }

    /// Whether an STS security token is attached.
    pub fn has_security_token(&self) -> bool {
        self.identity.security_token.is_some()
    }

    pub(crate) fn security_token(&self) -> Option<&str> {
        self.identity.security_token.as_deref().map(String::as_str)
    }

    pub(crate) fn key_source(&self) -> &KeySource {
        &self.keys
    }

    /// The day of a delegated key (days since 1970); `None` for a secret.
    pub(crate) fn key_day(&self) -> Option<i64> {
        match &self.keys {
            KeySource::Secret(_) => None,
            KeySource::DayKey(key) => Some(key.day()),
        }
    }

    /// Refuses a delegated key known to be derived for another region or
    /// product ([`ErrorKind::SigningKeyOutOfScope`]).
    pub(crate) fn check_scope(&self, region: &str, product: &str) -> Result<()> {
        match &self.keys {
            KeySource::Secret(_) => Ok(()),
            KeySource::DayKey(key) => key.check_scope(region, product),
        }
    }
}

impl Identity {
    /// An identity without token or expiration. The key id must be
    /// non-empty ([`ErrorKind::MissingCredentials`]), at most
    /// [`MAX_ARGUMENT_BYTES`](crate::limits::MAX_ARGUMENT_BYTES) long and
    /// printable ASCII without `/`: OSS refuses a key id with spaces, control
    /// characters or non-ASCII in `x-oss-credential` (EC 0002-00000222), and
    /// `x-oss-credential` is `id/date/region/product/aliyun_v4_request`,
    /// split at `/`, so an id holding one could not be read back (by OSS or
    /// by `inspect_url`).
    fn new(access_key_id: &str) -> Result<Self> {
        if access_key_id.is_empty() {
            return Err(missing(c"access_key_id", "must not be empty"));
        }
        check_argument_len(access_key_id, c"access_key_id")?;
        if !access_key_id
            .bytes()
            .all(|b| (0x21..0x7f).contains(&b) && b != b'/')
        {
            return Err(Error::new(
                ErrorKind::InvalidCredentials,
                c"access_key_id",
                "must be printable ASCII without spaces or '/' (OSS refuses any other key id)",
            ));
        }
        Ok(Identity {
            access_key_id: access_key_id.to_owned(),
            security_token: None,
            expiration: None,
        })
    }
}

/// The secret's rules: non-empty, at most
/// [`MAX_ARGUMENT_BYTES`](crate::limits::MAX_ARGUMENT_BYTES) long. Shared
/// by [`Credentials::new`] and [`SigningKey::derive`].
pub(crate) fn check_secret(access_key_secret: &str) -> Result<()> {
    if access_key_secret.is_empty() {
        return Err(missing(c"access_key_secret", "must not be empty"));
    }
    check_argument_len(access_key_secret, c"access_key_secret")
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: &dyn fmt::Debug = match &self.keys {
            KeySource::Secret(_) => &"<redacted secret>",
            KeySource::DayKey(key) => key,
        };
        f.debug_struct("Credentials")
            .field("access_key_id", &self.identity.access_key_id)
            .field("keys", keys)
            .field(
                "security_token",
                &self.identity.security_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expiration", &self.identity.expiration)
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

fn missing(argument: &'static CStr, detail: &'static str) -> Error {
    Error::new(ErrorKind::MissingCredentials, argument, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const G1_KEY: &str = "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a";

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
        for credentials in [
            Credentials::new("ak", "sk").unwrap(),
            Credentials::from_day_key("ak", G1_KEY, "20240102").unwrap(),
        ] {
            let err = credentials.with_security_token("").unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        }
        let err = Credentials::from_day_key("", G1_KEY, "20240102").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingCredentials);
    }

    /// The optional forms are the one rule for a token or an expiration
    /// that may be absent (the C ABI's NULL token and 0 expiration).
    #[test]
    fn optional_token_and_expiration() {
        for credentials in [
            Credentials::new("ak", "sk").unwrap(),
            Credentials::from_day_key("ak", G1_KEY, "20240102").unwrap(),
        ] {
            let token = |c: &Credentials| c.security_token().map(str::to_owned);
            let none = credentials.clone().with_optional_token(None).unwrap();
            assert_eq!(token(&none), None);
            let some = credentials.clone().with_optional_token(Some("t")).unwrap();
            assert_eq!(token(&some), Some("t".to_owned()));
            let err = credentials
                .clone()
                .with_optional_token(Some(""))
                .unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidCredentials, "security_token")
            );

            let expiring = credentials.with_optional_expiration(Some(5)).unwrap();
            assert_eq!(expiring.expiration(), Some(5));
            let err = expiring
                .clone()
                .with_optional_expiration(Some(-1))
                .unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidCredentials, "expiration")
            );
            assert_eq!(
                expiring
                    .with_optional_expiration(None)
                    .unwrap()
                    .expiration(),
                None
            );
        }
    }

    #[test]
    fn key_ids_that_x_oss_credential_cannot_carry_are_refused() {
        // `/` separates the parts of x-oss-credential: "a/b" would read as
        // the id "a" followed by a date "b".
        for id in ["LTAI/a", "/", "a/", "LTAI a", "LTAI\u{7f}", "LTAI\u{e9}"] {
            for result in [
                Credentials::new(id, "sk"),
                Credentials::from_day_key(id, G1_KEY, "20240102"),
            ] {
                let err = result.unwrap_err();
                assert_eq!(
                    (err.kind(), err.argument()),
                    (ErrorKind::InvalidCredentials, "access_key_id"),
                    "{id:?}"
                );
            }
        }
        assert!(Credentials::new("STS.NUx~_-+=!:", "sk").is_ok());
    }

    #[test]
    fn day_keys_are_read_in_either_case_for_their_day() {
        let lower = Credentials::from_day_key("ak", G1_KEY, "20240102").unwrap();
        let upper = Credentials::from_day_key("ak", &G1_KEY.to_uppercase(), "20240102").unwrap();
        for credentials in [lower, upper] {
            let key = |day| credentials.key_source().key_of_day(day, "", "", "");
            assert_eq!(key(19_724).unwrap().to_hex(), G1_KEY);
            assert!(key(19_723).is_none() && key(19_725).is_none());
        }
    }

    #[test]
    fn refuses_what_is_not_a_key_or_a_day() {
        for (hex, date, argument) in [
            (&G1_KEY[..62], "20240102", "hex_signing_key"),
            (&format!("{G1_KEY}00")[..], "20240102", "hex_signing_key"),
            (&G1_KEY.replace('1', "g")[..], "20240102", "hex_signing_key"),
            (G1_KEY, "2024010", "date"),
            (G1_KEY, "20240230", "date"),
            (G1_KEY, "19691231", "date"),
            (G1_KEY, "2024-01-", "date"),
        ] {
            let err = Credentials::from_day_key("ak", hex, date).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidSigningKey, argument)
            );
        }
    }

    #[test]
    fn debug_hides_secret_keys_and_token() {
        for credentials in [
            Credentials::new("my-id", "TOPSECRETVALUE").unwrap(),
            Credentials::from_day_key("my-id", G1_KEY, "20240102").unwrap(),
        ] {
            let credentials = credentials.with_security_token("TOKENVALUE").unwrap();
            let shown = format!("{credentials:?} {credentials:#?}");
            assert!(shown.contains("my-id"));
            for secret in ["TOPSECRETVALUE", "TOKENVALUE", "13491b", "13491B"] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
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
        assert!(matches!(creds.key_source(), KeySource::Secret(s) if **s == *b"aliyun_v4sk"));
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
