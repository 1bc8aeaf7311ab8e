//! A planted bug, to prove that the fuzzing machinery finds what it should
//! (scripts/fuzz.sh runs this target and fails unless each is caught):
//! - libFuzzer's coverage-guided search reaches a panic behind a 6-byte
//!   comparison (a random search would need about 2^48 tries);
//! - AddressSanitizer reports a heap overflow (input `ASAN!!`);
//! - LeakSanitizer reports a leak (input `LEAK!!`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match data {
        b"ASAN!!" => {
            let buffer = vec![0u8; 8];
            let pointer = buffer.as_ptr();
            // SAFETY: none: this reads one byte past the allocation on purpose.
            let past_the_end = unsafe { pointer.add(std::hint::black_box(8)).read_volatile() };
            std::hint::black_box(past_the_end);
        }
        b"LEAK!!" => std::mem::forget(std::hint::black_box(vec![7u8; 64])),
        [b'f', b'u', b'z', b'z', b'e', b'd', ..] => panic!("the fuzzer found the planted input"),
        _ => {}
    }
});
