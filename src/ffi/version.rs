//! `oss_version`.

use std::ffi::{CStr, c_char};

use super::panic::boundary;

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(version) => version,
        Err(_) => c"unknown",
    };

/// The library version, e.g. `"0.1.0"`: the version of the library actually
/// linked, which may differ from the `OSS_PRESIGN_VERSION_*` macros of the
/// header compiled against. Static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn oss_version() -> *const c_char {
    boundary(|| VERSION.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_the_crate_version() {
        // SAFETY: oss_version returns a static NUL-terminated string.
        let version = unsafe { CStr::from_ptr(oss_version()) };
        assert_eq!(version.to_str(), Ok(env!("CARGO_PKG_VERSION")));
    }
}
