//! Presigning without the secret on the device: a signing key for one UTC
//! day, derived by a server and handed to the app.
//!
//! The V4 signing key depends only on the secret, a UTC day, a region and a
//! product, so it is a natural delegation token: an app server derives it
//! ([`SigningKey::derive`]) and hands its hex to the phone, which presigns
//! for that day only and never holds the access key secret. A client built
//! from it presigns byte-identically to one built from the secret, and
//! refuses a signing time outside the key's day
//! ([`ErrorKind::SigningKeyOutOfScope`]).

use std::ffi::CStr;
use std::fmt;

use zeroize::Zeroizing;

use crate::credentials::{check_access_key_id, check_security_token};
use crate::datetime::{check_unix_seconds, days_from_civil};
use crate::error::{Error, ErrorKind, Result};
use crate::signer::SigningKey;
use crate::validation::check_argument_len;

/// A delegated signing key: the access key id it belongs to, the 32-byte
/// key of one UTC day (for the client's region and product), and the STS
/// token and expiration that go with it. Wiped from memory when dropped;
/// never printed.
///
/// ```
/// use oss_presign::{Client, ClientBuilder, Credentials, DayKey, GetOptions};
/// use oss_presign::signer::SigningKey;
/// // On the app server, which holds the secret:
/// let hex = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss").to_hex();
/// // On the phone, which does not:
/// let client = ClientBuilder::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou")?
///     .day_key(DayKey::from_hex("ak", &hex, "20240102")?)
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
#[derive(Clone)]
pub struct DayKey {
    access_key_id: String,
    key: SigningKey,
    /// `YYYYMMDD`.
    date: String,
    /// Days since 1970-01-01 of `date`.
    day: i64,
    security_token: Option<Zeroizing<String>>,
    expiration: Option<i64>,
}

impl DayKey {
    /// A key given as 64 hex digits (either case) for the UTC day
    /// `date_yyyymmdd`. Fails with [`ErrorKind::MissingCredentials`] for an
    /// empty key id and [`ErrorKind::InvalidSigningKey`] for a key or date
    /// that is not one.
    pub fn from_hex(
        access_key_id: &str,
        hex_signing_key: &str,
        date_yyyymmdd: &str,
    ) -> Result<Self> {
        if access_key_id.is_empty() {
            return Err(Error::new(
                ErrorKind::MissingCredentials,
                c"access_key_id",
                "must not be empty",
            ));
        }
        check_argument_len(access_key_id, c"access_key_id")?;
        check_access_key_id(access_key_id)?;
        let mut bytes = Zeroizing::new([0u8; 32]);
        if hex_signing_key.len() != 64
            || hex::decode_to_slice(hex_signing_key, &mut *bytes).is_err()
        {
            return Err(invalid(
                c"hex_signing_key",
                "must be 64 hex digits (a 32-byte V4 signing key)",
            ));
        }
        let day = parse_date(date_yyyymmdd)
            .ok_or_else(|| invalid(c"date", "must be a UTC day as YYYYMMDD, 1970 to 9999"))?;
        Ok(DayKey {
            access_key_id: access_key_id.to_owned(),
            key: SigningKey::from_bytes(&bytes),
            date: date_yyyymmdd.to_owned(),
            day,
            security_token: None,
            expiration: None,
        })
    }

    /// Adds the STS security token of the credentials the key was derived
    /// from; as [`Credentials::with_security_token`](crate::Credentials::with_security_token).
    pub fn with_security_token(mut self, security_token: &str) -> Result<Self> {
        check_security_token(security_token)?;
        self.security_token = Some(Zeroizing::new(security_token.to_owned()));
        Ok(self)
    }

    /// When the credentials behind the key expire; as
    /// [`Credentials::with_expiration`](crate::Credentials::with_expiration).
    pub fn with_expiration(mut self, unix_seconds: i64) -> Result<Self> {
        check_unix_seconds(unix_seconds, ErrorKind::InvalidCredentials, c"expiration")?;
        self.expiration = Some(unix_seconds);
        Ok(self)
    }

    /// This key without an expiration.
    pub fn without_expiration(mut self) -> Self {
        self.expiration = None;
        self
    }

    /// The access key id (public: it appears in every URL).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The UTC day the key signs for, `YYYYMMDD`.
    pub fn date(&self) -> &str {
        &self.date
    }

    pub(crate) fn day(&self) -> i64 {
        self.day
    }

    pub(crate) fn key(&self) -> &SigningKey {
        &self.key
    }

    pub(crate) fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref().map(String::as_str)
    }

    pub(crate) fn expiration(&self) -> Option<i64> {
        self.expiration
    }
}

impl fmt::Debug for DayKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DayKey")
            .field("access_key_id", &self.access_key_id)
            .field("key", &"<redacted>")
            .field("date", &self.date)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// Days since 1970 of a `YYYYMMDD` date.
pub(crate) fn parse_date(date: &str) -> Option<i64> {
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| date.get(range)?.parse::<u32>().ok();
    days_from_civil(number(0..4)?, number(4..6)?, number(6..8)?)
}

fn invalid(argument: &'static CStr, detail: &'static str) -> Error {
    Error::new(ErrorKind::InvalidSigningKey, argument, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    const G1_KEY: &str = "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a";

    #[test]
    fn reads_the_hex_of_either_case_and_the_date() {
        let lower = DayKey::from_hex("ak", G1_KEY, "20240102").unwrap();
        let upper = DayKey::from_hex("ak", &G1_KEY.to_uppercase(), "20240102").unwrap();
        assert_eq!(lower.key(), upper.key());
        assert_eq!(lower.key().to_hex(), G1_KEY);
        assert_eq!(lower.day(), 19_724);
        assert_eq!(lower.date(), "20240102");
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
            let err = DayKey::from_hex("ak", hex, date).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidSigningKey, argument)
            );
        }
        let err = DayKey::from_hex("", G1_KEY, "20240102").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingCredentials);
        let err = DayKey::from_hex("ak", G1_KEY, "20240102")
            .unwrap()
            .with_security_token("")
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    }

    #[test]
    fn debug_shows_no_key_and_no_token() {
        let key = DayKey::from_hex("ak", G1_KEY, "20240102")
            .unwrap()
            .with_security_token("TOKENVALUE")
            .unwrap();
        let shown = format!("{key:?}");
        assert!(
            !shown.contains("13491b") && !shown.contains("TOKENVALUE"),
            "{shown}"
        );
    }
}
