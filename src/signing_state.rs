//! A client's signing state: who signs (the identity that goes into every
//! URL), with which key (the key source), and the day-key cache that
//! belongs to exactly that pair.
//!
//! The three live and die together. A client reads its state through one
//! accessor on the hot path; replacing the credentials replaces the whole
//! state, cache included, so no presign can mix an old key id, secret, token
//! or cached day key with a new one.

use std::fmt;

use zeroize::Zeroizing;

use crate::credentials::Credentials;
use crate::datetime::SigningDateTime;
use crate::day_key::DayKey;
use crate::encoding::query_encode;
use crate::error::Result;
use crate::key_cache::SigningKeyCache;
use crate::sha256::MacKey;
use crate::signer::{Scope, SigningKey, string_to_sign_first_block};
use crate::v4::SECONDS_PER_DAY;

/// What every URL of this state carries: the access key id and the STS
/// token, encoded once.
pub(crate) struct Identity {
    access_key_id: String,
    /// The encoded access key id and `%2F`: how `x-oss-credential` starts.
    credential_head: String,
    encoded_security_token: Option<Zeroizing<String>>,
    /// When the credentials stop working, Unix seconds.
    expiration: Option<i64>,
}

impl Identity {
    fn new(access_key_id: &str, security_token: Option<&str>, expiration: Option<i64>) -> Self {
        Identity {
            access_key_id: access_key_id.to_owned(),
            credential_head: format!("{}%2F", query_encode(access_key_id)),
            encoded_security_token: security_token.map(|token| Zeroizing::new(query_encode(token))),
            expiration,
        }
    }

    pub(crate) fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// `x-oss-credential` up to the date: the encoded key id and `%2F`.
    pub(crate) fn credential_head(&self) -> &[u8] {
        self.credential_head.as_bytes()
    }

    /// The STS token, query-encoded for `x-oss-security-token`.
    pub(crate) fn encoded_security_token(&self) -> Option<&str> {
        self.encoded_security_token.as_deref().map(String::as_str)
    }

    /// When the credentials stop working, Unix seconds.
    pub(crate) fn expiration(&self) -> Option<i64> {
        self.expiration
    }
}

/// Where the day's signing key comes from.
enum KeySource {
    /// `"aliyun_v4" + secret`: any day's key can be derived.
    Secret(Zeroizing<Vec<u8>>),
    /// A delegated key of one UTC day (days since 1970).
    DayKey { day: i64, key: SigningKey },
}

impl KeySource {
    /// The signing key of `day` (days since 1970; `date` is its `YYYYMMDD`);
    /// `None` when this source cannot give that day's key (a delegated key
    /// of another day).
    fn derive(&self, day: i64, date: &str, region: &str, product: &str) -> Option<SigningKey> {
        match self {
            KeySource::Secret(prefixed) => {
                Some(SigningKey::derive_prefixed(prefixed, date, region, product))
            }
            KeySource::DayKey { day: key_day, key } => (*key_day == day).then(|| key.clone()),
        }
    }
}

/// Identity, key source and the cache of derived keys, as one value.
pub(crate) struct SigningState {
    identity: Identity,
    key_source: KeySource,
    cache: SigningKeyCache,
}

impl SigningState {
    pub(crate) fn new(credentials: &Credentials) -> Self {
        SigningState {
            identity: Identity::new(
                credentials.access_key_id(),
                credentials.security_token(),
                credentials.expiration(),
            ),
            key_source: KeySource::Secret(Zeroizing::new(credentials.prefixed_secret().to_vec())),
            cache: SigningKeyCache::new(),
        }
    }

    /// The state of a client that signs with a delegated day key.
    pub(crate) fn from_day_key(day_key: &DayKey) -> Self {
        SigningState {
            identity: Identity::new(
                day_key.access_key_id(),
                day_key.security_token(),
                day_key.expiration(),
            ),
            key_source: KeySource::DayKey {
                day: day_key.day(),
                key: day_key.key().clone(),
            },
            cache: SigningKeyCache::new(),
        }
    }

    pub(crate) fn identity(&self) -> &Identity {
        &self.identity
    }

    /// The `x-oss-date` of `unix_seconds` and the MAC key for strings to
    /// sign then: from the cache, or formatted and derived from the key
    /// source, then cached; `None` when the key source has no key for that
    /// day. With the first block of that second's strings to sign already
    /// absorbed, so presigns within one second (a page of links) start one
    /// compression further on and skip formatting the date.
    pub(crate) fn signing_key_at(
        &self,
        unix_seconds: i64,
        scope: &Scope,
    ) -> Result<Option<(SigningDateTime, MacKey)>> {
        let day = unix_seconds.div_euclid(SECONDS_PER_DAY);
        let cached = self.cache.get(day, unix_seconds);
        if let Some((key, Some(text))) = cached {
            return Ok(Some((
                SigningDateTime::from_cached(unix_seconds, text),
                key,
            )));
        }
        let time = SigningDateTime::from_unix(unix_seconds, c"signing_time")?;
        let day_key = match cached {
            Some((day_key, _)) => day_key,
            None => match self
                .key_source
                .derive(day, time.date(), scope.region(), scope.product())
            {
                Some(key) => key.mac_key(),
                None => return Ok(None),
            },
        };
        let Some(block) = string_to_sign_first_block(time.as_bytes(), time.date_bytes(), scope)
        else {
            return Ok(Some((time, day_key)));
        };
        let key = day_key.absorb_first_block(&block);
        let mut text = [0u8; 16];
        text.copy_from_slice(time.as_bytes());
        self.cache
            .store(day, &day_key, unix_seconds, &key.inner, &text);
        Ok(Some((time, key)))
    }

    /// The MAC key for strings to sign at `time` (see
    /// [`SigningState::signing_key_at`]).
    pub(crate) fn mac_key(&self, time: &SigningDateTime, scope: &Scope) -> Option<MacKey> {
        self.signing_key_at(time.unix_seconds(), scope)
            .ok()
            .flatten()
            .map(|(_, key)| key)
    }
}

impl fmt::Debug for SigningState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningState")
            .field("access_key_id", &self.identity.access_key_id)
            .field(
                "security_token",
                &self
                    .identity
                    .encoded_security_token
                    .as_ref()
                    .map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_704_164_645; // 2024-01-02T03:04:05Z
    const DAY: i64 = 86_400;

    fn time(unix: i64) -> SigningDateTime {
        SigningDateTime::from_unix(unix, c"t").unwrap()
    }

    /// What a fresh derivation gives for `unix`: the day key with the first
    /// block of that second's strings to sign absorbed.
    fn fresh(secret: &str, unix: i64) -> MacKey {
        let t = time(unix);
        let date = &t.as_str()[..8];
        let scope = Scope::new("cn-hangzhou", "oss");
        let block = string_to_sign_first_block(t.as_bytes(), t.date_bytes(), &scope).unwrap();
        SigningKey::derive(secret, date, "cn-hangzhou", "oss")
            .mac_key()
            .absorb_first_block(&block)
    }

    #[test]
    fn cached_keys_are_the_fresh_ones_forwards_backwards_and_across_days() {
        let state = SigningState::new(&Credentials::new("ak", "sk").unwrap());
        for unix in [T, T, T + 1, T, T + DAY, T + DAY + 1, T - DAY, T, 0, T] {
            assert_eq!(
                state
                    .mac_key(&time(unix), &Scope::new("cn-hangzhou", "oss"))
                    .unwrap(),
                fresh("sk", unix),
                "at {unix}"
            );
        }
    }

    #[test]
    fn a_new_state_never_signs_with_the_old_secrets_day_key() {
        let old = SigningState::new(&Credentials::new("ak", "old-secret").unwrap());
        old.mac_key(&time(T), &Scope::new("cn-hangzhou", "oss"))
            .unwrap();
        let new = SigningState::new(&Credentials::new("ak", "new-secret").unwrap());
        assert_eq!(
            new.mac_key(&time(T), &Scope::new("cn-hangzhou", "oss"))
                .unwrap(),
            fresh("new-secret", T)
        );
    }

    #[test]
    fn identity_is_encoded_once_and_debug_hides_the_token() {
        let credentials = Credentials::new("a+k", "sk")
            .unwrap()
            .with_security_token("TOKEN+/=")
            .unwrap();
        let state = SigningState::new(&credentials);
        assert_eq!(state.identity().access_key_id(), "a+k");
        assert_eq!(state.identity().credential_head(), b"a%2Bk%2F");
        assert_eq!(
            state.identity().encoded_security_token(),
            Some("TOKEN%2B%2F%3D")
        );
        assert!(!format!("{state:?}").contains("TOKEN"));
    }
}
