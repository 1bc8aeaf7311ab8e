//! String to sign, signing key and signature of OSS V4, plus the per-day
//! signing key cache.
//!
//! ```text
//! string_to_sign = "OSS4-HMAC-SHA256\n" datetime "\n" scope "\n" hex(sha256(canonical_request))
//! signing_key    = HMAC(HMAC(HMAC(HMAC("aliyun_v4" secret, date), region), product), "aliyun_v4_request")
//! signature      = hex(HMAC(signing_key, string_to_sign))
//! ```
//!
//! The signing key depends only on (secret, UTC day, region, product), so a
//! client derives it once per day and reuses it for every URL of that day.

use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering, fence};

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::canonical::Sink;

/// The signature algorithm name, first line of the string to sign.
pub const ALGORITHM: &str = "OSS4-HMAC-SHA256";
/// Last element of the credential scope.
pub const SCOPE_TERMINATOR: &str = "aliyun_v4_request";
/// Product of ordinary OSS regions.
pub const PRODUCT_OSS: &str = "oss";
/// Product of CloudBox, whose "region" is the CloudBox id.
pub const PRODUCT_CLOUDBOX: &str = "oss-cloudbox";

type HmacSha256 = Hmac<Sha256>;

/// A derived day key. Wiped from memory when dropped; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// Derives the key from the plain secret.
    ///
    /// ```
    /// use oss_presign::signer::SigningKey;
    /// // Intermediate value published with the V4 test vectors (G1..G16).
    /// let key = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss");
    /// assert_eq!(
    ///     key.to_hex(),
    ///     "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a"
    /// );
    /// ```
    pub fn derive(access_key_secret: &str, date: &str, region: &str, product: &str) -> Self {
        let mut prefixed = Zeroizing::new(String::with_capacity(9 + access_key_secret.len()));
        prefixed.push_str("aliyun_v4");
        prefixed.push_str(access_key_secret);
        Self::derive_prefixed(prefixed.as_bytes(), date, region, product)
    }

    /// As [`SigningKey::derive`], from `"aliyun_v4" + secret`.
    pub(crate) fn derive_prefixed(
        prefixed_secret: &[u8],
        date: &str,
        region: &str,
        product: &str,
    ) -> Self {
        let k_date = Zeroizing::new(hmac(prefixed_secret, date.as_bytes()));
        let k_region = Zeroizing::new(hmac(&*k_date, region.as_bytes()));
        let k_product = Zeroizing::new(hmac(&*k_region, product.as_bytes()));
        SigningKey(hmac(&*k_product, SCOPE_TERMINATOR.as_bytes()))
    }

    /// The key as lowercase hex (for tests against published intermediates).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// A MAC keyed with this key, ready to absorb a string to sign.
    pub(crate) fn mac(&self) -> HmacSha256 {
        // HMAC accepts keys of any length, so this cannot fail.
        <HmacSha256 as KeyInit>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!())
    }

    /// Lowercase hex signature of `string_to_sign`.
    pub fn sign(&self, string_to_sign: &str) -> String {
        let mut mac = self.mac();
        Mac::update(&mut mac, string_to_sign.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    fn to_words(&self) -> Zeroizing<[u64; 4]> {
        let mut words = Zeroizing::new([0u64; 4]);
        for (word, chunk) in words.iter_mut().zip(self.0.chunks_exact(8)) {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            *word = u64::from_ne_bytes(bytes);
            bytes.zeroize();
        }
        words
    }

    fn from_words(words: &[u64; 4]) -> Self {
        let mut key = [0u8; 32];
        for (chunk, word) in key.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&word.to_ne_bytes());
        }
        SigningKey(key)
    }
}

impl Drop for SigningKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    Mac::update(&mut mac, message);
    mac.finalize().into_bytes().into()
}

/// `date/region/product/aliyun_v4_request`.
pub fn scope(date: &str, region: &str, product: &str) -> String {
    format!("{date}/{region}/{product}/{SCOPE_TERMINATOR}")
}

/// Lowercase hex SHA-256 of a canonical request.
pub fn hash_canonical_request(canonical_request: &str) -> String {
    hex::encode(Sha256::digest(canonical_request.as_bytes()))
}

/// Streams the string to sign into `sink`.
pub(crate) fn write_string_to_sign<S: Sink>(
    sink: &mut S,
    datetime: &str,
    date: &str,
    region: &str,
    product: &str,
    canonical_request_hash_hex: &str,
) {
    sink.put_str(ALGORITHM);
    sink.put(b"\n");
    sink.put_str(datetime);
    sink.put(b"\n");
    sink.put_str(date);
    sink.put(b"/");
    sink.put_str(region);
    sink.put(b"/");
    sink.put_str(product);
    sink.put(b"/");
    sink.put_str(SCOPE_TERMINATOR);
    sink.put(b"\n");
    sink.put_str(canonical_request_hash_hex);
}

/// The string to sign for a canonical request, as text.
pub fn string_to_sign(
    datetime: &str,
    region: &str,
    product: &str,
    canonical_request: &str,
) -> String {
    let date = datetime.get(..8).unwrap_or(datetime);
    let mut out = Vec::new();
    write_string_to_sign(
        &mut out,
        datetime,
        date,
        region,
        product,
        &hash_canonical_request(canonical_request),
    );
    String::from_utf8(out).unwrap_or_default()
}

/// Caches the signing key of one UTC day, readable without locks.
///
/// Readers never write shared memory, so threads presigning in parallel do
/// not contend. The key is published with a sequence counter: a writer makes
/// it odd while it stores and even again when done, and a reader retries
/// (here: derives the key itself) when the counter moved or was odd. Every
/// access is atomic, so there is no data race and no `unsafe`. The key words
/// are zeroed when the cache is dropped.
pub(crate) struct SigningKeyCache {
    sequence: AtomicU64,
    day: AtomicI64,
    words: [AtomicU64; 4],
    /// Serialises writers; readers never take it.
    writer: Mutex<()>,
}

/// `day` value of an empty cache (no real day number is this small).
const NO_DAY: i64 = i64::MIN;

impl SigningKeyCache {
    pub(crate) fn new() -> Self {
        SigningKeyCache {
            sequence: AtomicU64::new(0),
            day: AtomicI64::new(NO_DAY),
            words: Default::default(),
            writer: Mutex::new(()),
        }
    }

    /// The cached key of `day`, or `derive()`'s, which is then cached.
    pub(crate) fn get_or_derive(
        &self,
        day: i64,
        derive: impl FnOnce() -> SigningKey,
    ) -> SigningKey {
        if let Some(key) = self.get(day) {
            return key;
        }
        let key = derive();
        self.store(day, &key);
        key
    }

    fn get(&self, day: i64) -> Option<SigningKey> {
        let before = self.sequence.load(Ordering::Acquire);
        if before % 2 == 1 || self.day.load(Ordering::Relaxed) != day {
            return None;
        }
        let mut words = Zeroizing::new([0u64; 4]);
        for (word, cell) in words.iter_mut().zip(&self.words) {
            *word = cell.load(Ordering::Relaxed);
        }
        // Order the loads above before the re-check of the counter.
        fence(Ordering::Acquire);
        let after = self.sequence.load(Ordering::Relaxed);
        (before == after).then(|| SigningKey::from_words(&words))
    }

    fn store(&self, day: i64, key: &SigningKey) {
        // A busy or poisoned writer lock only means this key is not cached.
        let Ok(_guard) = self.writer.try_lock() else {
            return;
        };
        let sequence = self.sequence.load(Ordering::Relaxed);
        self.sequence
            .store(sequence.wrapping_add(1), Ordering::Relaxed);
        // Make the odd counter visible before any of the new words.
        fence(Ordering::Release);
        self.day.store(day, Ordering::Relaxed);
        for (cell, word) in self.words.iter().zip(key.to_words().iter()) {
            cell.store(*word, Ordering::Relaxed);
        }
        self.sequence
            .store(sequence.wrapping_add(2), Ordering::Release);
    }
}

impl Drop for SigningKeyCache {
    fn drop(&mut self) {
        for cell in &self.words {
            cell.store(0, Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Intermediate keys published with the V4 test vectors (section 11.2).
    #[test]
    fn derives_published_signing_keys() {
        let cases = [
            (
                "sk",
                "20240102",
                "cn-hangzhou",
                "oss",
                "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a",
            ),
            (
                "sk",
                "20231217",
                "cn-hangzhou",
                "oss",
                "0e11d77e422d3484e84ee6b628fdf2a85f3788e1a597f23116b477efb407e94e",
            ),
            (
                "sk",
                "20231217",
                "cb-123",
                "oss-cloudbox",
                "905e3d9c7490cd68f31498d364b9031dfc4c713cbd3227bf7a873c0c290aa136",
            ),
            (
                "yourAccessKeySecret",
                "20250411",
                "cn-hangzhou",
                "oss",
                "8a01ff4efcc65ca2cbc75375045c61ab5f3fa8b9a2d84f0add27ef16a25feb3c",
            ),
        ];
        for (secret, date, region, product, expected) in cases {
            assert_eq!(
                SigningKey::derive(secret, date, region, product).to_hex(),
                expected
            );
        }
    }

    #[test]
    fn cache_returns_the_key_of_the_requested_day_only() {
        let cache = SigningKeyCache::new();
        let day1 = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss");
        let day2 = SigningKey::derive("sk", "20240103", "cn-hangzhou", "oss");
        assert!(cache.get(19_724).is_none());
        let got = cache.get_or_derive(19_724, || day1.clone());
        assert_eq!(got, day1);
        // A hit must not call derive.
        let got = cache.get_or_derive(19_724, || panic!("derived twice"));
        assert_eq!(got, day1);
        assert!(cache.get(19_725).is_none());
        assert_eq!(cache.get_or_derive(19_725, || day2.clone()), day2);
        assert_eq!(cache.get(19_725), Some(day2));
        assert!(cache.get(19_724).is_none());
    }

    #[test]
    fn cache_is_consistent_under_concurrent_writers_and_readers() {
        let cache = SigningKeyCache::new();
        let keys: Vec<SigningKey> = (0..4)
            .map(|d| SigningKey::derive("sk", &format!("2024010{}", d + 1), "r", "oss"))
            .collect();
        std::thread::scope(|s| {
            for t in 0..4 {
                let (cache, keys) = (&cache, &keys);
                s.spawn(move || {
                    for i in 0..2_000 {
                        let day = (i + t) % 4;
                        let key = cache.get_or_derive(day as i64, || keys[day].clone());
                        assert_eq!(key, keys[day], "torn or wrong key for day {day}");
                    }
                });
            }
        });
    }

    #[test]
    fn debug_does_not_show_the_key() {
        let key = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss");
        assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
    }
}
