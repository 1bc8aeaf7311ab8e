//! Planted bugs that prove the dynamic checkers really run: each is
//! ignored by `cargo test` and run on purpose by the script of its tool,
//! which fails unless the tool reports it.
//!
//! - `planted_data_race`: two threads write one plain integer without
//!   synchronisation; scripts/tsan.sh expects ThreadSanitizer to report a
//!   data race.
//! - `planted_use_after_free`: a read through a dangling pointer;
//!   scripts/miri.sh expects Miri to report undefined behaviour. Never run
//!   it outside Miri.

#![allow(unsafe_code)] // plants the bugs the checkers must find

use std::cell::UnsafeCell;

struct Racy(UnsafeCell<u64>);
// SAFETY: none; the point is to be unsound, for the sanitizer to see.
unsafe impl Sync for Racy {}

impl Racy {
    fn bump(&self) {
        // SAFETY: none: an unsynchronised read and write, on purpose.
        unsafe {
            self.0
                .get()
                .write_volatile(self.0.get().read_volatile() + 1)
        };
    }
}

#[test]
#[ignore = "a planted data race, run by scripts/tsan.sh"]
fn planted_data_race() {
    let racy = Racy(UnsafeCell::new(0));
    // Both threads start writing together, after the barrier.
    let start = std::sync::Barrier::new(2);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                start.wait();
                for _ in 0..1000 {
                    racy.bump();
                }
            });
        }
    });
    // SAFETY: both threads have joined.
    assert!(unsafe { *racy.0.get() } > 0);
}

#[test]
#[ignore = "planted undefined behaviour, run by scripts/miri.sh under Miri only"]
fn planted_use_after_free() {
    let dangling = {
        let boxed = Box::new(42u64);
        &*boxed as *const u64
    };
    // SAFETY: none: the box was freed; Miri must say so.
    let value = unsafe { dangling.read_volatile() };
    assert_eq!(value, 42);
}
