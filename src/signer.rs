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
//! It keeps more than the key: the HMAC state right after the key blocks
//! (the SHA-256 midstates of `key ^ ipad` and `key ^ opad`), which saves the
//! two key-block compressions an HMAC would otherwise start with.

use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering, fence};

use hmac::{Hmac, KeyInit, Mac};
use sha2::block_api::compress256;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::canonical::Sink;

/// The signature algorithm name, first line of the string to sign.
pub const ALGORITHM: &str = "OSS4-HMAC-SHA256";
/// Last element of the credential scope.
pub const SCOPE_TERMINATOR: &str = "aliyun_v4_request";
/// [`ALGORITHM`] and the line break after it.
const ALGORITHM_LINE: &str = "OSS4-HMAC-SHA256\n";
/// `/` [`SCOPE_TERMINATOR`] and the line break after it.
const SCOPE_LINE_END: &str = "/aliyun_v4_request\n";
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

    /// Lowercase hex signature of `string_to_sign`.
    pub fn sign(&self, string_to_sign: &str) -> String {
        hex::encode(hmac(&self.0, string_to_sign.as_bytes()))
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

/// An HMAC-SHA256 key prepared once: the SHA-256 states after absorbing the
/// key's inner (`key ^ 0x36..`) and outer (`key ^ 0x5c..`) padded blocks.
/// Continuing from these gives exactly `HMAC(key, message)` with two fewer
/// compressions per message. The inner state may also have absorbed the
/// first block of the message (see [`MacKey::absorb_first_block`]). Key
/// material: wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct MacKey {
    inner: [u32; 8],
    outer: [u32; 8],
    /// Message bytes already in `inner`: 0 or 64.
    absorbed: usize,
}

impl MacKey {
    pub(crate) fn new(key: &SigningKey) -> Self {
        let midstate = |pad: u8| {
            let mut block = Zeroizing::new([pad; 64]);
            for (b, k) in block.iter_mut().zip(&key.0) {
                *b ^= k;
            }
            let mut state = SHA256_INITIAL_STATE;
            compress256(&mut state, std::slice::from_ref(&*block));
            state
        };
        MacKey {
            inner: midstate(0x36),
            outer: midstate(0x5c),
            absorbed: 0,
        }
    }

    /// This key with `block`, the first 64 bytes of every message it will
    /// sign, already absorbed: [`MacKey::start`] then skips those bytes.
    fn absorb_first_block(&self, block: &[u8; 64]) -> Self {
        let mut key = self.clone();
        if key.absorbed == 0 {
            compress256(&mut key.inner, std::slice::from_ref(block));
            key.absorbed = 64;
        }
        key
    }

    /// A MAC ready to absorb a message (all of it, including any first
    /// block absorbed in advance).
    pub(crate) fn start(&self) -> MacStream<'_> {
        MacStream {
            inner: Sha256Stream::resume(self.inner, 1 + self.absorbed as u64 / 64),
            outer: &self.outer,
            skip: self.absorbed,
        }
    }
}

impl Drop for MacKey {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

impl fmt::Debug for MacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MacKey(<redacted>)")
    }
}

/// An HMAC-SHA256 in progress (see [`MacKey::start`]).
pub(crate) struct MacStream<'a> {
    inner: Sha256Stream,
    outer: &'a [u32; 8],
    /// Leading message bytes the inner state absorbed in advance.
    skip: usize,
}

impl MacStream<'_> {
    pub(crate) fn finalize(self) -> [u8; 32] {
        let inner_hash = self.inner.finalize();
        let mut outer = Sha256Stream::resume(*self.outer, 1);
        outer.update(&inner_hash);
        outer.finalize()
    }
}

impl Sink for MacStream<'_> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        // Bytes absorbed in advance are skipped.
        if let Some(skip) = self.skip.checked_sub(bytes.len()) {
            self.skip = skip;
            return;
        }
        let rest = bytes.get(self.skip..).unwrap_or_default();
        self.skip = 0;
        self.inner.update(rest);
    }
}

/// Keeps the first 64 bytes written to it.
struct FirstBlock {
    block: [u8; 64],
    len: usize,
}

impl Sink for FirstBlock {
    fn put(&mut self, bytes: &[u8]) {
        let free = self.block.get_mut(self.len..).unwrap_or_default();
        let take = free.len().min(bytes.len());
        free.iter_mut().zip(bytes).for_each(|(b, byte)| *b = *byte);
        self.len += take;
    }
}

/// The first 64 bytes of every string to sign at `datetime` (the hash of
/// the canonical request comes later), or `None` if they are shorter.
fn string_to_sign_first_block(
    datetime: &str,
    date: &str,
    region: &str,
    product: &str,
) -> Option<[u8; 64]> {
    let mut first = FirstBlock {
        block: [0; 64],
        len: 0,
    };
    // The hash is not known yet; it starts at byte 64 or later.
    write_string_to_sign(&mut first, datetime, date, region, product, &[]);
    (first.len == 64).then_some(first.block)
}

/// SHA-256 (FIPS 180-4) over `sha2`'s compression function, able to resume
/// from a saved state, which `sha2::Sha256` cannot.
#[derive(Clone)]
pub(crate) struct Sha256Stream {
    state: [u32; 8],
    /// Whole blocks compressed so far.
    blocks: u64,
    /// Pending bytes; only the first `filled` (always < 64) are meaningful.
    pending: [u8; 64],
    filled: usize,
}

/// The SHA-256 initial hash value (FIPS 180-4, 5.3.3).
const SHA256_INITIAL_STATE: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

impl Sha256Stream {
    pub(crate) fn new() -> Self {
        Self::resume(SHA256_INITIAL_STATE, 0)
    }

    /// Continues from `state`, reached after `blocks` whole blocks.
    fn resume(state: [u32; 8], blocks: u64) -> Self {
        Sha256Stream {
            state,
            blocks,
            pending: [0; 64],
            filled: 0,
        }
    }

    #[inline]
    pub(crate) fn update(&mut self, data: &[u8]) {
        let filled = self.filled + data.len();
        // Most pieces are short and go to the pending block.
        match self.pending.get_mut(self.filled..filled) {
            Some(free) if filled < 64 => {
                free.copy_from_slice(data);
                self.filled = filled;
            }
            _ => self.update_blocks(data),
        }
    }

    /// As [`Sha256Stream::update`], when the data completes a block.
    fn update_blocks(&mut self, data: &[u8]) {
        let (head, data) = data.split_at(data.len().min(64 - self.filled));
        if let Some(free) = self.pending.get_mut(self.filled..self.filled + head.len()) {
            free.copy_from_slice(head);
            self.filled += head.len();
        }
        if self.filled < 64 {
            return;
        }
        self.compress_pending();
        let mut blocks = data.chunks_exact(64);
        for block in &mut blocks {
            if let Ok(block) = <&[u8; 64]>::try_from(block) {
                compress256(&mut self.state, std::slice::from_ref(block));
                self.blocks += 1;
            }
        }
        let rest = blocks.remainder();
        if let Some(pending) = self.pending.get_mut(..rest.len()) {
            pending.copy_from_slice(rest);
        }
        self.filled = rest.len();
    }

    fn compress_pending(&mut self) {
        compress256(&mut self.state, std::slice::from_ref(&self.pending));
        self.blocks += 1;
        self.filled = 0;
    }

    pub(crate) fn finalize(mut self) -> [u8; 32] {
        // Message bits, then 0x80, zeros, and the bit length in 8 bytes.
        let bit_len = (self.blocks * 64 + self.filled as u64).wrapping_mul(8);
        let tail = self.pending.get_mut(self.filled..).unwrap_or_default();
        tail.fill(0);
        if let Some(first) = tail.first_mut() {
            *first = 0x80;
        }
        if self.filled >= 56 {
            compress256(&mut self.state, std::slice::from_ref(&self.pending));
            self.pending.fill(0);
        }
        if let Some(length) = self.pending.get_mut(56..) {
            length.copy_from_slice(&bit_len.to_be_bytes());
        }
        compress256(&mut self.state, std::slice::from_ref(&self.pending));
        let mut digest = [0u8; 32];
        for (out, word) in digest.chunks_exact_mut(4).zip(self.state) {
            out.copy_from_slice(&word.to_be_bytes());
        }
        digest
    }
}

impl Drop for Sha256Stream {
    fn drop(&mut self) {
        // Resumed from a [`MacKey`], the state is key material until the
        // first block of the message is compressed. Pending bytes are
        // message bytes, which are public.
        self.state.zeroize();
    }
}

impl Sink for Sha256Stream {
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
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
    canonical_request_hash_hex: &[u8],
) {
    // Constant pieces are joined: each `put` has a cost when hashing.
    sink.put_str(ALGORITHM_LINE);
    sink.put_str(datetime);
    sink.put(b"\n");
    sink.put_str(date);
    sink.put(b"/");
    sink.put_str(region);
    sink.put(b"/");
    sink.put_str(product);
    sink.put_str(SCOPE_LINE_END);
    sink.put(canonical_request_hash_hex);
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
        hash_canonical_request(canonical_request).as_bytes(),
    );
    String::from_utf8(out).unwrap_or_default()
}

/// Caches the [`MacKey`] of one UTC day, and the same key with the first
/// block of one second's strings to sign absorbed. Readable without locks.
///
/// Presigns within the same second (a page of links, a batch) then start
/// their HMAC one compression further on. Readers never write shared
/// memory, so threads presigning in parallel do not contend. The state is
/// published with a sequence counter: a writer makes it odd while it stores
/// and even again when done, and a reader retries (here: computes the key
/// itself) when the counter moved or was odd. Every access is atomic, so
/// there is no data race and no `unsafe`. The words are zeroed when the
/// cache is dropped.
pub(crate) struct SigningKeyCache {
    sequence: AtomicU64,
    day: AtomicI64,
    /// `inner` then `outer` of the day's [`MacKey`], two 32-bit words a cell.
    day_words: [AtomicU64; 8],
    second: AtomicI64,
    /// `inner` of the day's key after the first block of the strings to
    /// sign of `second`.
    second_words: [AtomicU64; 4],
    /// Serialises writers; readers never take it.
    writer: Mutex<()>,
}

/// `day` and `second` of an empty cache (no real instant is this small).
const NONE: i64 = i64::MIN;

const SECONDS_PER_DAY: i64 = 86_400;

impl SigningKeyCache {
    pub(crate) fn new() -> Self {
        SigningKeyCache {
            sequence: AtomicU64::new(0),
            day: AtomicI64::new(NONE),
            day_words: Default::default(),
            second: AtomicI64::new(NONE),
            second_words: Default::default(),
            writer: Mutex::new(()),
        }
    }

    /// The MAC key for strings to sign at `unix_seconds` (`datetime` as
    /// text), from the cache or from `derive()`'s day key, which is then
    /// cached.
    pub(crate) fn get_or_derive(
        &self,
        unix_seconds: i64,
        datetime: &str,
        region: &str,
        product: &str,
        derive: impl FnOnce() -> SigningKey,
    ) -> MacKey {
        let day = unix_seconds.div_euclid(SECONDS_PER_DAY);
        let day_key = match self.get(day, unix_seconds) {
            Some(key) if key.absorbed > 0 => return key,
            Some(day_key) => day_key,
            None => MacKey::new(&derive()),
        };
        let date = datetime.get(..8).unwrap_or_default();
        let Some(block) = string_to_sign_first_block(datetime, date, region, product) else {
            return day_key;
        };
        let key = day_key.absorb_first_block(&block);
        self.store(day, &day_key, unix_seconds, &key.inner);
        key
    }

    /// The day's key, with the first block of `second` absorbed if cached.
    fn get(&self, day: i64, second: i64) -> Option<MacKey> {
        let before = self.sequence.load(Ordering::Acquire);
        if before % 2 == 1 || self.day.load(Ordering::Relaxed) != day {
            return None;
        }
        let mut key = MacKey {
            inner: [0; 8],
            outer: [0; 8],
            absorbed: 0,
        };
        load_words(&mut key.inner, &self.day_words[..4]);
        load_words(&mut key.outer, &self.day_words[4..]);
        if self.second.load(Ordering::Relaxed) == second {
            load_words(&mut key.inner, &self.second_words);
            key.absorbed = 64;
        }
        // Order the loads above before the re-check of the counter.
        fence(Ordering::Acquire);
        let after = self.sequence.load(Ordering::Relaxed);
        (before == after).then_some(key)
    }

    fn store(&self, day: i64, day_key: &MacKey, second: i64, second_inner: &[u32; 8]) {
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
        store_words(&self.day_words[..4], &day_key.inner);
        store_words(&self.day_words[4..], &day_key.outer);
        self.second.store(second, Ordering::Relaxed);
        store_words(&self.second_words, second_inner);
        self.sequence
            .store(sequence.wrapping_add(2), Ordering::Release);
    }
}

/// Two 32-bit words per cell, low word first.
fn load_words(words: &mut [u32; 8], cells: &[AtomicU64]) {
    for (pair, cell) in words.chunks_exact_mut(2).zip(cells) {
        if let [low, high] = pair {
            let word = cell.load(Ordering::Relaxed);
            (*low, *high) = (word as u32, (word >> 32) as u32);
        }
    }
}

fn store_words(cells: &[AtomicU64], words: &[u32; 8]) {
    for (cell, pair) in cells.iter().zip(words.chunks_exact(2)) {
        if let [low, high] = pair {
            cell.store(u64::from(*low) | u64::from(*high) << 32, Ordering::Relaxed);
        }
    }
}

impl Drop for SigningKeyCache {
    fn drop(&mut self) {
        for cell in self.day_words.iter().chain(&self.second_words) {
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

    const T: i64 = 1_704_164_645; // 2024-01-02T03:04:05Z
    const DAY: i64 = 86_400;

    fn first_block(unix: i64, region: &str) -> [u8; 64] {
        let datetime = crate::datetime::SigningDateTime::from_unix(unix, c"t").unwrap();
        let datetime = datetime.as_str();
        string_to_sign_first_block(datetime, &datetime[..8], region, "oss").unwrap()
    }

    /// What the cache must return for `unix`: the day key with the first
    /// block of that second's strings to sign absorbed.
    fn expected(key: &SigningKey, unix: i64, region: &str) -> MacKey {
        MacKey::new(key).absorb_first_block(&first_block(unix, region))
    }

    fn get_or_derive(cache: &SigningKeyCache, unix: i64, key: &SigningKey) -> MacKey {
        let datetime = crate::datetime::SigningDateTime::from_unix(unix, c"t").unwrap();
        cache.get_or_derive(unix, datetime.as_str(), "cn-hangzhou", "oss", || {
            key.clone()
        })
    }

    #[test]
    fn first_block_is_the_start_of_every_string_to_sign() {
        let text = string_to_sign("20240102T030405Z", "cn-hangzhou", "oss", "GET\n/\n\n\n\n");
        assert_eq!(&first_block(T, "cn-hangzhou")[..], &text.as_bytes()[..64]);
        assert_eq!(first_block(T, "a").len(), 64);
    }

    #[test]
    fn cache_returns_the_key_of_the_requested_day_and_second_only() {
        let cache = SigningKeyCache::new();
        let day1 = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss");
        let day2 = SigningKey::derive("sk", "20240103", "cn-hangzhou", "oss");
        assert!(cache.get(T / DAY, T).is_none());
        assert_eq!(
            get_or_derive(&cache, T, &day1),
            expected(&day1, T, "cn-hangzhou")
        );
        // Hits must not call derive: the same second, then another second.
        let never = || -> SigningKey { panic!("derived twice") };
        let datetime = |unix| crate::datetime::SigningDateTime::from_unix(unix, c"t").unwrap();
        for unix in [T, T, T + 1, T + 1, T] {
            let got =
                cache.get_or_derive(unix, datetime(unix).as_str(), "cn-hangzhou", "oss", never);
            assert_eq!(got, expected(&day1, unix, "cn-hangzhou"), "at {unix}");
        }
        // The day key alone when the second is not the cached one.
        assert_eq!(cache.get(T / DAY, T + 7), Some(MacKey::new(&day1)));
        assert!(cache.get(T / DAY + 1, T + DAY).is_none());
        assert_eq!(
            get_or_derive(&cache, T + DAY, &day2),
            expected(&day2, T + DAY, "cn-hangzhou")
        );
        assert!(cache.get(T / DAY, T).is_none());
        assert_ne!(
            expected(&day1, T, "cn-hangzhou"),
            expected(&day1, T + 1, "cn-hangzhou")
        );
    }

    #[test]
    fn cache_is_consistent_under_concurrent_writers_and_readers() {
        let cache = SigningKeyCache::new();
        let keys: Vec<SigningKey> = (0..4)
            .map(|d| SigningKey::derive("sk", &format!("2024010{}", d + 2), "cn-hangzhou", "oss"))
            .collect();
        // Two seconds in each of four days.
        let instants: Vec<(i64, usize)> = (0..8)
            .map(|i| (T + (i / 2) * DAY + i % 2, i as usize / 2))
            .collect();
        let expected: Vec<MacKey> = instants
            .iter()
            .map(|&(unix, day)| expected(&keys[day], unix, "cn-hangzhou"))
            .collect();
        std::thread::scope(|s| {
            for t in 0..4 {
                let (cache, keys, instants, expected) = (&cache, &keys, &instants, &expected);
                s.spawn(move || {
                    for i in 0..2_000 {
                        let which = (i * 3 + t) % instants.len();
                        let (unix, day) = instants[which];
                        let key = get_or_derive(cache, unix, &keys[day]);
                        assert_eq!(key, expected[which], "torn or wrong key at {unix}");
                    }
                });
            }
        });
    }

    #[test]
    fn absorbed_first_block_gives_the_same_macs() {
        let key = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss");
        let block = first_block(T, "cn-hangzhou");
        let (fresh, ahead) = (
            MacKey::new(&key),
            MacKey::new(&key).absorb_first_block(&block),
        );
        for len in [0, 1, 63, 64, 100, 200] {
            let mut message = block.to_vec();
            message.extend(bytes(len, len as u32));
            let mut a = fresh.start();
            let mut b = ahead.start();
            message.chunks(5).for_each(|c| {
                a.put(c);
                b.put(c);
            });
            let expected = hmac(&key.0, &message);
            assert_eq!(a.finalize(), expected);
            assert_eq!(b.finalize(), expected);
        }
    }

    /// Deterministic test bytes (xorshift), so failures are reproducible.
    fn bytes(len: usize, seed: u32) -> Vec<u8> {
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect()
    }

    #[test]
    fn sha256_stream_matches_sha2_for_every_length_and_split() {
        assert_eq!(
            hex::encode(Sha256Stream::new().finalize()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        for len in 0..=300 {
            let data = bytes(len, len as u32);
            let expected: [u8; 32] = Sha256::digest(&data).into();
            let mut whole = Sha256Stream::new();
            whole.update(&data);
            assert_eq!(whole.finalize(), expected, "length {len}");
            // Uneven pieces cross the block boundaries at every offset.
            for piece in [1, 3, 55, 56, 63, 64, 65, 130] {
                let mut stream = Sha256Stream::new();
                data.chunks(piece).for_each(|c| stream.update(c));
                assert_eq!(
                    stream.finalize(),
                    expected,
                    "length {len}, pieces of {piece}"
                );
            }
        }
    }

    #[test]
    fn mac_key_matches_hmac_for_every_length() {
        for seed in 1..=4 {
            let key = SigningKey(bytes(32, seed).try_into().unwrap());
            let mac_key = MacKey::new(&key);
            for len in 0..=300 {
                let message = bytes(len, seed * 1000 + len as u32);
                let mut mac = mac_key.start();
                message.chunks(7).for_each(|c| mac.put(c));
                assert_eq!(
                    mac.finalize(),
                    hmac(&key.0, &message),
                    "key {seed}, length {len}"
                );
            }
        }
    }

    /// Vector G1 (section 15 of the specification): the published string to
    /// sign and signature, through the cached MAC key.
    #[test]
    fn mac_key_signs_vector_g1() {
        let key = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss");
        let string_to_sign =
            "OSS4-HMAC-SHA256\n20240102T030405Z\n20240102/cn-hangzhou/oss/aliyun_v4_request\n";
        let canonical_hash = hash_canonical_request(
            "GET\n/examplebucket/exampleobject.txt\n\
             x-oss-credential=ak%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request\
             &x-oss-date=20240102T030405Z&x-oss-expires=3600\
             &x-oss-signature-version=OSS4-HMAC-SHA256\n\n\nUNSIGNED-PAYLOAD",
        );
        let mac_key = MacKey::new(&key);
        let mut mac = mac_key.start();
        mac.put_str(string_to_sign);
        mac.put_str(&canonical_hash);
        assert_eq!(
            hex::encode(mac.finalize()),
            "0e8a63b97cdaf20d0510524d7cdb6ab454c19d5bd18535fef162617d34682898"
        );
    }

    #[test]
    fn joined_constants_match_their_parts() {
        assert_eq!(ALGORITHM_LINE, format!("{ALGORITHM}\n"));
        assert_eq!(SCOPE_LINE_END, format!("/{SCOPE_TERMINATOR}\n"));
    }

    #[test]
    fn debug_does_not_show_the_key() {
        let key = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss");
        assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
        assert_eq!(format!("{:?}", MacKey::new(&key)), "MacKey(<redacted>)");
    }
}
