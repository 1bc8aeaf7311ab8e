//! A lock-free cache of one day's HMAC key state, and of the same state one
//! block further on for one second's strings to sign, with that second's
//! `x-oss-date` text.
//!
//! Readers never write shared memory, so threads presigning in parallel do
//! not contend. The state is published with a sequence counter (a seqlock):
//! a writer makes the counter odd while it stores and even again when done,
//! and a reader that saw the counter move or odd treats the cache as empty.
//! Every access is atomic, so there is no data race and no `unsafe`. The
//! words are key material and are zeroed when the cache is dropped.

use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering, fence};

use crate::sha256::MacKey;

pub(crate) struct SigningKeyCache {
    sequence: AtomicU64,
    day: AtomicI64,
    /// `inner` then `outer` of the day's [`MacKey`], two 32-bit words a cell.
    day_words: [AtomicU64; 8],
    second: AtomicI64,
    /// `inner` of the day's key after the first block of the strings to
    /// sign of `second`.
    second_words: [AtomicU64; 4],
    /// The `x-oss-date` text of `second`, eight bytes a cell.
    second_text: [AtomicU64; 2],
    /// Serialises writers; readers never take it.
    writer: Mutex<()>,
}

/// `day` and `second` of an empty cache (no real instant is this small).
const NONE: i64 = i64::MIN;

impl SigningKeyCache {
    pub(crate) fn new() -> Self {
        SigningKeyCache {
            sequence: AtomicU64::new(0),
            day: AtomicI64::new(NONE),
            day_words: Default::default(),
            second: AtomicI64::new(NONE),
            second_words: Default::default(),
            second_text: Default::default(),
            writer: Mutex::new(()),
        }
    }

    /// The key of `day` (days since 1970), with the first block of
    /// `second`'s strings to sign absorbed and that second's date text when
    /// that second is cached; `None` when the day is not cached or a writer
    /// is busy.
    pub(crate) fn get(&self, day: i64, second: i64) -> Option<(MacKey, Option<[u8; 16]>)> {
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
        let mut text = None;
        if self.second.load(Ordering::Relaxed) == second {
            load_words(&mut key.inner, &self.second_words);
            key.absorbed = 64;
            let [low, high] = &self.second_text;
            let (low, high) = (low.load(Ordering::Relaxed), high.load(Ordering::Relaxed));
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&low.to_le_bytes());
            bytes[8..].copy_from_slice(&high.to_le_bytes());
            text = Some(bytes);
        }
        // Order the loads above before the re-check of the counter.
        fence(Ordering::Acquire);
        let after = self.sequence.load(Ordering::Relaxed);
        (before == after).then_some((key, text))
    }

    /// Caches `day_key` for `day`, and `second_inner` (its inner state after
    /// the first block of `second`'s strings to sign) and `second_text` (its
    /// date text) for `second`. Skipped when another writer is storing: that
    /// only costs a later derivation.
    pub(crate) fn store(
        &self,
        day: i64,
        day_key: &MacKey,
        second: i64,
        second_inner: &[u32; 8],
        second_text: &[u8; 16],
    ) {
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
        let (low, high) = second_text.split_at(8);
        let word = |half: &[u8]| u64::from_le_bytes(half.try_into().unwrap_or_default());
        self.second_text[0].store(word(low), Ordering::Relaxed);
        self.second_text[1].store(word(high), Ordering::Relaxed);
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

    const DAY: i64 = 19_724; // 2024-01-02
    const T: i64 = DAY * 86_400 + 11_045;

    /// A distinct key for each number.
    fn key(n: u32) -> MacKey {
        MacKey {
            inner: [n; 8],
            outer: [n.wrapping_mul(3); 8],
            absorbed: 0,
        }
    }

    fn ahead(key: &MacKey, second: i64) -> [u32; 8] {
        key.inner.map(|w| w ^ second as u32)
    }

    #[test]
    fn returns_only_the_cached_day_and_second() {
        let cache = SigningKeyCache::new();
        assert!(cache.get(DAY, T).is_none());
        let day_key = key(1);
        let text = *b"20240102T030405Z";
        cache.store(DAY, &day_key, T, &ahead(&day_key, T), &text);
        let (hit, seen) = cache.get(DAY, T).unwrap();
        assert_eq!(
            (hit.inner, hit.outer, hit.absorbed, seen),
            (ahead(&day_key, T), day_key.outer, 64, Some(text))
        );
        // Another second of the same day: the day key alone, no text.
        assert_eq!(cache.get(DAY, T + 1), Some((day_key.clone(), None)));
        assert!(cache.get(DAY + 1, T + 86_400).is_none());
        // A new day replaces the old one.
        let next = key(2);
        let next_text = *b"20240103T030405Z";
        cache.store(
            DAY + 1,
            &next,
            T + 86_400,
            &ahead(&next, T + 86_400),
            &next_text,
        );
        assert!(cache.get(DAY, T).is_none());
        assert_eq!(cache.get(DAY + 1, T + 86_401), Some((next, None)));
    }

    #[test]
    fn readers_never_see_a_torn_entry() {
        let cache = SigningKeyCache::new();
        let days: Vec<(i64, MacKey)> = (0..4).map(|d| (DAY + d, key(d as u32 + 10))).collect();
        std::thread::scope(|s| {
            for t in 0..4 {
                let (cache, days) = (&cache, &days);
                s.spawn(move || {
                    for i in 0..5_000 {
                        let (day, day_key) = &days[(i * 3 + t) % days.len()];
                        let second = day * 86_400 + (i % 2) as i64;
                        let text = [(second % 251) as u8; 16];
                        match cache.get(*day, second) {
                            Some((hit, seen)) if hit.absorbed == 64 => {
                                assert_eq!(hit.inner, ahead(day_key, second));
                                assert_eq!(hit.outer, day_key.outer);
                                assert_eq!(seen, Some(text));
                            }
                            Some((hit, seen)) => assert_eq!((&hit, seen), (day_key, None)),
                            None => {
                                cache.store(*day, day_key, second, &ahead(day_key, second), &text)
                            }
                        }
                    }
                });
            }
        });
    }
}
