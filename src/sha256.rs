//! SHA-256 and HMAC-SHA256 as the signer needs them: a SHA-256 stream that
//! can resume from a saved state, and HMAC keys prepared once as the two
//! midstates after their padded key blocks, so that a presign with a cached
//! key compresses only its own message blocks. The signing key's derivation
//! uses the same HMAC, for keys of any length.
//!
//! Both sit on `sha2`'s block function; `tests` below check them against
//! `sha2` and `hmac` for every length and split, and for keys of every
//! length up to three blocks.

use std::fmt;

use sha2::block_api::compress256;
use zeroize::{Zeroize, Zeroizing};

use crate::canonical::Sink;

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

/// SHA-256 (FIPS 180-4) over `sha2`'s compression function, able to resume
/// from a saved state, which `sha2::Sha256` cannot.
#[derive(Clone)]
pub(crate) struct Sha256Stream {
    state: [u32; 8],
    /// Whole blocks compressed so far.
    blocks: u64,
    /// Pending bytes: the first `filled` (always < 64), then zeros, so that
    /// padding needs no variable-length clearing.
    pending: [u8; 64],
    filled: usize,
}

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
        self.pending = [0; 64];
        self.filled = 0;
    }

    /// The digest of everything absorbed; the stream is spent (crate
    /// callers finish it once, then drop it). By reference, not by value:
    /// moved into this call, the stream was copied right after its pending
    /// block was written piecewise, and the copy's wide loads cannot be
    /// served from the narrower stores still in flight (a store-forwarding
    /// stall, about 10% of a presign in `perf annotate`).
    pub(crate) fn finalize(&mut self) -> [u8; 32] {
        // Message bits, then 0x80, zeros, and the bit length in 8 bytes.
        let bit_len = (self.blocks * 64 + self.filled as u64).wrapping_mul(8);
        if let Some(first) = self.pending.get_mut(self.filled) {
            *first = 0x80;
        }
        if self.filled >= 56 {
            compress256(&mut self.state, std::slice::from_ref(&self.pending));
            self.pending = [0; 64];
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
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

/// An HMAC-SHA256 key prepared once: the SHA-256 states after absorbing the
/// key's inner (`key ^ 0x36..`) and outer (`key ^ 0x5c..`) padded blocks.
/// Continuing from these gives exactly `HMAC(key, message)` with two fewer
/// compressions per message. The inner state may also have absorbed the
/// first block of the message (see [`MacKey::absorb_first_block`]). Key
/// material: wiped when dropped, and compared only by tests.
#[derive(Clone)]
#[cfg_attr(test, derive(PartialEq, Eq))]
pub(crate) struct MacKey {
    pub(crate) inner: [u32; 8],
    pub(crate) outer: [u32; 8],
    /// Message bytes already in `inner`: 0 or 64.
    pub(crate) absorbed: usize,
}

impl MacKey {
    /// Prepares a key of any length (a V4 signing key, or a key of the
    /// derivation): one longer than a block is replaced by its SHA-256, as
    /// HMAC defines (RFC 2104).
    pub(crate) fn new(key: &[u8]) -> Self {
        let hashed;
        let key = if key.len() > BLOCK_LEN {
            hashed = hash_key(key);
            &hashed[..]
        } else {
            key
        };
        let midstate = |pad: u8| {
            let mut block = Zeroizing::new([pad; 64]);
            for (b, k) in block.iter_mut().zip(key) {
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
    pub(crate) fn absorb_first_block(&self, block: &[u8; 64]) -> Self {
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

/// The SHA-256 block size, in bytes.
const BLOCK_LEN: usize = 64;

/// The SHA-256 of key material. The stream's pending block, which held the
/// key's last bytes, is wiped here; its state is wiped when it is dropped.
fn hash_key(key: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut stream = Sha256Stream::new();
    stream.update(key);
    let digest = Zeroizing::new(stream.finalize());
    stream.pending.zeroize();
    digest
}

/// HMAC-SHA256 of `message` with `key` (any length): the HMACs of the
/// signing key's derivation, through the presign's own HMAC code.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mac_key = MacKey::new(key);
    let mut mac = mac_key.start();
    mac.put(message);
    mac.finalize()
}

/// An HMAC-SHA256 in progress (see [`MacKey::start`]).
pub(crate) struct MacStream<'a> {
    inner: Sha256Stream,
    outer: &'a [u32; 8],
    /// Leading message bytes the inner state absorbed in advance.
    skip: usize,
}

impl MacStream<'_> {
    /// The MAC; by reference for the reason given at
    /// [`Sha256Stream::finalize`].
    pub(crate) fn finalize(&mut self) -> [u8; 32] {
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

/// Lowercase hex of a digest, through a table of byte pairs: the one hex
/// encoder of the crate (faster than `hex::encode`, and no allocation).
#[inline]
pub(crate) fn hex_lower(digest: &[u8; 32]) -> [u8; 64] {
    let mut hex = [0u8; 64];
    for (pair, &byte) in hex.chunks_exact_mut(2).zip(digest) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(byte)]);
    }
    hex
}

/// [`hex_lower`] as a `String`.
pub(crate) fn hex_string(digest: &[u8; 32]) -> String {
    // Hex digits are ASCII.
    String::from_utf8_lossy(&hex_lower(digest)).into_owned()
}

/// The two lowercase hex digits of every byte value.
const HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut pairs = [[0u8; 2]; 256];
    let mut byte = 0;
    while byte < 256 {
        pairs[byte] = [DIGITS[byte >> 4], DIGITS[byte & 0xf]];
        byte += 1;
    }
    pairs
};

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::{Digest, Sha256};

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

    fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
        Mac::update(&mut mac, message);
        mac.finalize().into_bytes().into()
    }

    #[test]
    fn sha256_stream_matches_sha2_for_every_length_and_split() {
        assert_eq!(
            hex_string(&Sha256Stream::new().finalize()),
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
            let key: [u8; 32] = bytes(32, seed).try_into().unwrap();
            let mac_key = MacKey::new(&key);
            for len in 0..=300 {
                let message = bytes(len, seed * 1000 + len as u32);
                let mut mac = mac_key.start();
                message.chunks(7).for_each(|c| mac.put(c));
                assert_eq!(
                    mac.finalize(),
                    hmac(&key, &message),
                    "key {seed}, length {len}"
                );
            }
        }
    }

    /// Keys of every length up to three blocks, so that keys longer than
    /// a block (hashed first) and the block boundary itself are covered.
    #[test]
    fn hmac_matches_hmac_for_keys_of_every_length() {
        for key_len in 0..=200 {
            let key = bytes(key_len, key_len as u32 + 7);
            for len in [0, 1, 8, 55, 56, 64, 100] {
                let message = bytes(len, len as u32 + 3);
                assert_eq!(
                    hmac_sha256(&key, &message),
                    hmac(&key, &message),
                    "key {key_len}, message {len}"
                );
            }
        }
    }

    #[test]
    fn absorbed_first_block_gives_the_same_macs() {
        let key: [u8; 32] = bytes(32, 9).try_into().unwrap();
        let block: [u8; 64] = bytes(64, 10).try_into().unwrap();
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
            let expected = hmac(&key, &message);
            assert_eq!(a.finalize(), expected);
            assert_eq!(b.finalize(), expected);
        }
    }

    #[test]
    fn hex_matches_the_hex_crate_for_every_byte() {
        for seed in 0..8 {
            let digest: [u8; 32] = bytes(32, seed * 32 + 1).try_into().unwrap();
            assert_eq!(hex_string(&digest), hex::encode(digest));
        }
        let every: Vec<u8> = (0..=255).collect();
        for chunk in every.chunks(32) {
            let digest: [u8; 32] = chunk.try_into().unwrap();
            assert_eq!(hex_string(&digest), hex::encode(digest));
        }
    }

    #[test]
    fn debug_does_not_show_the_key() {
        assert_eq!(format!("{:?}", MacKey::new(&[7; 32])), "MacKey(<redacted>)");
    }
}
