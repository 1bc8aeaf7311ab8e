//! `oss_lint_key` and its findings.

use std::ffi::c_char;

use super::error::{FfiResult, oss_error};
use super::handle::Out;
use super::panic::boundary;
use super::strings::required;
use crate::KeyLint;

/// The findings of `oss_lint_key`, as bits of its `findings_out`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum oss_key_lint {
    /// Control characters (U+0000-U+001F, U+007F-U+009F): XML listings must
    /// be URL-encoded to show them; terminals and logs mangle them.
    ControlCharacters = 1,
    /// An empty path segment (`a//b`): folder views show a folder without a
    /// name; path-joining code collapses `//`, naming another object.
    EmptySegment = 2,
    /// A segment ending in a space or a dot: Windows cannot create such a
    /// file or folder, so saving a download under the key's name fails.
    TrailingSpaceOrDot = 4,
    /// A segment starting or ending with white space, or white space other
    /// than U+0020 (tabs, no-break spaces): invisible, trimmed when copied.
    UnusualWhiteSpace = 8,
    /// Zero-width or invisible formatting characters, fullwidth ASCII: look
    /// like other keys, or like nothing.
    LookalikeCharacters = 16,
    /// Combining marks: the same visible name can be stored precomposed (NFC)
    /// or decomposed (NFD), which are different keys.
    CombiningMarks = 32,
}

// The C flags are the core's.
const _: () = {
    assert!(oss_key_lint::ControlCharacters as u32 == KeyLint::CONTROL_CHARACTERS.bits());
    assert!(oss_key_lint::EmptySegment as u32 == KeyLint::EMPTY_SEGMENT.bits());
    assert!(oss_key_lint::TrailingSpaceOrDot as u32 == KeyLint::TRAILING_SPACE_OR_DOT.bits());
    assert!(oss_key_lint::UnusualWhiteSpace as u32 == KeyLint::UNUSUAL_WHITE_SPACE.bits());
    assert!(oss_key_lint::LookalikeCharacters as u32 == KeyLint::LOOKALIKE_CHARACTERS.bits());
    assert!(oss_key_lint::CombiningMarks as u32 == KeyLint::COMBINING_MARKS.bits());
};

/// Reports what in `key` tends to hurt users elsewhere (listings, folder
/// views, Windows file names, copying by hand), as a set of
/// `OSS_KEY_LINT_*` bits in `findings_out` (0: nothing found). For code that
/// chooses new keys: presigning still accepts every such key, since OSS
/// stores them and existing objects must stay reachable. `findings_out` is
/// written only on success.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`.
///
/// # Safety
/// `key` is NULL or NUL-terminated; `findings_out` is NULL or valid for
/// writing one `uint32_t`.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_lint_key(
    key: *const c_char,
    findings_out: *mut u32,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let findings_out = Out::new(findings_out, c"findings_out")?;
        // SAFETY: per `# Safety`.
        let key = unsafe { required(key, c"key") }?;
        let findings = crate::lint_key(key).bits();
        // SAFETY: `findings_out` is valid for writing, per `# Safety`.
        unsafe { findings_out.write(findings) };
        Ok(())
    })
}
