//! A client's signing state: its credentials (who signs and with which
//! key), their parts encoded once for the URL, and the day-key cache that
//! belongs to exactly those credentials.
//!
//! They live and die together. A client reads its state through one
//! accessor on the hot path; replacing the credentials replaces the whole
//! state, cache included, so no presign can mix an old key id, secret, token
//! or cached day key with a new one.
//!
//! Across a UTC midnight a client may hold two states ([`Signing`]): the
//! delegated keys of two consecutive days, each with the key id, token and
//! expiration it came with (a key derived from STS credentials belongs to
//! those credentials, and the next day's may come from new ones). Each
//! signs the instants of its own day.

use std::fmt;

use zeroize::Zeroizing;

use crate::credentials::Credentials;
use crate::datetime::SigningDateTime;
use crate::encoding::query_encode;
use crate::error::Result;
use crate::key_cache::SigningKeyCache;
use crate::sha256::MacKey;
use crate::signer::{Scope, string_to_sign_first_block};
use crate::v4::SECONDS_PER_DAY;

/// Credentials, their parts encoded once for the URL, and the cache of the
/// keys derived from them, as one value.
pub(crate) struct SigningState {
    credentials: Credentials,
    /// The encoded access key id and `%2F`: how `x-oss-credential` starts.
    credential_head: String,
    /// The STS token, query-encoded for `x-oss-security-token`.
    encoded_security_token: Option<Zeroizing<String>>,
    cache: SigningKeyCache,
}

impl SigningState {
    pub(crate) fn new(credentials: &Credentials) -> Self {
        SigningState {
            credentials: credentials.clone(),
            credential_head: format!("{}%2F", query_encode(credentials.access_key_id())),
            encoded_security_token: credentials
                .security_token()
                .map(|token| Zeroizing::new(query_encode(token))),
            cache: SigningKeyCache::new(),
        }
    }

    pub(crate) fn access_key_id(&self) -> &str {
        self.credentials.access_key_id()
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
        self.credentials.expiration()
    }

    /// The day of a delegated key; `None` for a secret.
    fn key_day(&self) -> Option<i64> {
        self.credentials.key_day()
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
            None => match self.credentials.key_source().key_of_day(
                day,
                time.date(),
                scope.region(),
                scope.product(),
            ) {
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
}

/// What a client signs with: the state of the credentials set last and,
/// across a UTC midnight, the state of a delegated key of the day before or
/// after theirs.
pub(crate) struct Signing {
    latest: SigningState,
    /// A delegated key of the day next to `latest`'s (itself a delegated
    /// key), kept when `latest` was set.
    adjacent: Option<SigningState>,
}

impl Signing {
    pub(crate) fn new(credentials: &Credentials) -> Self {
        Signing {
            latest: SigningState::new(credentials),
            adjacent: None,
        }
    }

    /// What the client signs with once `credentials` are set: they replace
    /// everything, except that a delegated key keeps a delegated key of the
    /// day before or after its own (today's, when tomorrow's arrives before
    /// midnight; tomorrow's, when today's is renewed). Any other key, and
    /// any secret, is replaced.
    pub(crate) fn then(&self, credentials: &Credentials) -> Self {
        let adjacent = credentials.key_day().and_then(|day| {
            [Some(&self.latest), self.adjacent.as_ref()]
                .into_iter()
                .flatten()
                .find(|held| held.key_day().is_some_and(|d| d.abs_diff(day) == 1))
                .map(|held| SigningState::new(&held.credentials))
        });
        Signing {
            latest: SigningState::new(credentials),
            adjacent,
        }
    }

    /// The state that signs at `unix_seconds`: the adjacent day's key for
    /// an instant of its day, the latest credentials otherwise.
    pub(crate) fn at(&self, unix_seconds: i64) -> &SigningState {
        match &self.adjacent {
            Some(adjacent)
                if adjacent.key_day() == Some(unix_seconds.div_euclid(SECONDS_PER_DAY)) =>
            {
                adjacent
            }
            _ => &self.latest,
        }
    }
}

impl fmt::Debug for Signing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signing")
            .field("latest", &self.latest)
            .field("adjacent", &self.adjacent)
            .finish()
    }
}

impl fmt::Debug for SigningState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningState")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signer::SigningKey;

    const T: i64 = 1_704_164_645; // 2024-01-02T03:04:05Z
    const DAY: i64 = 86_400;

    fn time(unix: i64) -> SigningDateTime {
        SigningDateTime::from_unix(unix, c"t").unwrap()
    }

    /// The MAC key `state` signs with at `unix`.
    fn mac_key(state: &SigningState, unix: i64) -> MacKey {
        let scope = Scope::new("cn-hangzhou", "oss");
        state.signing_key_at(unix, &scope).unwrap().unwrap().1
    }

    /// What a fresh derivation gives for `unix`: the day key with the first
    /// block of that second's strings to sign absorbed.
    fn fresh(secret: &str, unix: i64) -> MacKey {
        let t = time(unix);
        let date = &t.as_str()[..8];
        let scope = Scope::new("cn-hangzhou", "oss");
        let block = string_to_sign_first_block(t.as_bytes(), t.date_bytes(), &scope).unwrap();
        SigningKey::derive(secret, date, "cn-hangzhou", "oss")
            .unwrap()
            .mac_key()
            .absorb_first_block(&block)
    }

    #[test]
    fn cached_keys_are_the_fresh_ones_forwards_backwards_and_across_days() {
        let state = SigningState::new(&Credentials::new("ak", "sk").unwrap());
        for unix in [T, T, T + 1, T, T + DAY, T + DAY + 1, T - DAY, T, 0, T] {
            assert_eq!(mac_key(&state, unix), fresh("sk", unix), "at {unix}");
        }
    }

    #[test]
    fn a_new_state_never_signs_with_the_old_secrets_day_key() {
        let old = SigningState::new(&Credentials::new("ak", "old-secret").unwrap());
        mac_key(&old, T);
        let new = SigningState::new(&Credentials::new("ak", "new-secret").unwrap());
        assert_eq!(mac_key(&new, T), fresh("new-secret", T));
    }

    #[test]
    fn identity_is_encoded_once_and_debug_hides_the_token() {
        let credentials = Credentials::new("a+k", "sk")
            .unwrap()
            .with_security_token("TOKEN+/=")
            .unwrap();
        let state = SigningState::new(&credentials);
        assert_eq!(state.access_key_id(), "a+k");
        assert_eq!(state.credential_head(), b"a%2Bk%2F");
        assert_eq!(state.encoded_security_token(), Some("TOKEN%2B%2F%3D"));
        assert!(!format!("{state:?}").contains("TOKEN"));
    }
}
