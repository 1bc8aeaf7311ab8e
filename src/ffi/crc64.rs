//! `oss_crc64_update`.

use std::ffi::c_void;

use super::panic::{FfiReturn, boundary};

/// Carries on the CRC-64/ECMA-182 that OSS sends as `x-oss-hash-crc64ecma`
/// (a decimal `uint64_t`; the catalogue's CRC-64/XZ) over `len` more bytes
/// at `data`. Start from 0; the CRC of a concatenation is this function
/// over its parts in order, so a download can be checked chunk by chunk,
/// and a resumed one from the CRC of the bytes already saved.
///
/// ```c
/// uint64_t crc = 0;
/// crc = oss_crc64_update(crc, chunk, chunk_len); // for every chunk
/// if (crc != strtoull(x_oss_hash_crc64ecma, NULL, 10)) { ... }
/// ```
///
/// Returns `crc` unchanged when `len` is 0, and when `data` is NULL (a NULL
/// `data` with a non-zero `len` reads nothing). Never fails; thread-safe
/// (no state).
///
/// # Safety
/// `data` is NULL or valid for reading `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_crc64_update(crc: u64, data: *const c_void, len: usize) -> u64 {
    boundary(|| {
        if data.is_null() || len == 0 {
            return Crc64(crc);
        }
        // SAFETY: `data` is not NULL, and valid for `len` bytes per `# Safety`.
        let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) };
        Crc64(crate::crc64::update(crc, bytes))
    })
}

/// The body's result. A panic (the table-driven loop has none) would give 0:
/// a distinct type keeps that choice here.
struct Crc64(u64);

impl FfiReturn for Crc64 {
    type C = u64;
    fn into_c(self) -> u64 {
        self.0
    }
    fn on_panic() -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]
    use super::*;
    use std::ptr::null;

    fn of(crc: u64, bytes: &[u8]) -> u64 {
        // SAFETY: `bytes` is a live slice of `bytes.len()` bytes.
        unsafe { oss_crc64_update(crc, bytes.as_ptr().cast(), bytes.len()) }
    }

    #[test]
    fn delegates_to_the_core() {
        // "123456789": the catalogue's check value, which the Java SDK's
        // tests also use (see src/crc64.rs).
        assert_eq!(of(0, b"123456789"), 0x995d_c9bb_df19_39fa);
        assert_eq!(of(of(0, b"12345"), b"6789"), 0x995d_c9bb_df19_39fa);
        assert_eq!(of(7, b"abc"), crate::crc64::update(7, b"abc"));
    }

    #[test]
    fn null_or_empty_input_reads_nothing() {
        // SAFETY: NULL is allowed; nothing is read.
        unsafe {
            assert_eq!(oss_crc64_update(0, null(), 0), 0);
            assert_eq!(oss_crc64_update(42, null(), 0), 42);
            assert_eq!(oss_crc64_update(42, null(), 16), 42);
            assert_eq!(oss_crc64_update(u64::MAX, null(), usize::MAX), u64::MAX);
        }
        assert_eq!(of(42, b""), 42);
    }

    #[test]
    fn a_panic_gives_zero() {
        assert_eq!(boundary(|| -> Crc64 { panic!("planted") }), 0);
    }
}
