//! A planted bug, to prove that the fuzzing machinery finds what it should
//! (scripts/fuzz.sh runs this target and fails unless each is caught):
//! - libFuzzer's coverage-guided search reaches a panic behind a 6-byte
//!   comparison (a random search would need about 2^48 tries);
//! - AddressSanitizer reports a heap overflow (input `ASAN!!`);
//! - LeakSanitizer reports a leak (input `LEAK!!`);
//! - the overflow checks panic on an integer overflow (input `OVER!!`).
//!
//! The heap overflow, the leak and the overflow fire only in the runs that
//! plant them (`OSS_FUZZ_CANARY=asan`, `leak` or `overflow`): the search's
//! comparison tracing finds their 6-byte inputs too, and would otherwise
//! stop the search run on one of them before it reaches the panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// The planted memory bug this run may trigger, from `OSS_FUZZ_CANARY`.
fn planted() -> &'static str {
    static PLANTED: OnceLock<String> = OnceLock::new();
    PLANTED.get_or_init(|| std::env::var("OSS_FUZZ_CANARY").unwrap_or_default())
}

fuzz_target!(|data: &[u8]| {
    match data {
        b"ASAN!!" if planted() == "asan" => {
            let buffer = vec![0u8; 8];
            let pointer = buffer.as_ptr();
            // SAFETY: none: this reads one byte past the allocation on purpose.
            let past_the_end = unsafe { pointer.add(std::hint::black_box(8)).read_volatile() };
            std::hint::black_box(past_the_end);
        }
        b"LEAK!!" if planted() == "leak" => std::mem::forget(std::hint::black_box(vec![7u8; 64])),
        b"OVER!!" if planted() == "overflow" => {
            // Wraps silently without overflow checks.
            std::hint::black_box(std::hint::black_box(u8::MAX) + data[0]);
        }
        [b'f', b'u', b'z', b'z', b'e', b'd', ..] => panic!("the fuzzer found the planted input"),
        _ => {}
    }
});
