//! C strings in and out, and `oss_string_free`.

use std::ffi::{CStr, CString, c_char};

use super::error::{FfiResult, oss_code, oss_error};
use super::panic::boundary;
use crate::bearer::{wipe, wipe_string};
use crate::presigned::PresignedUrl;

/// Borrows a required NUL-terminated UTF-8 argument for the call.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays unchanged
/// during the call.
pub(crate) unsafe fn required<'a>(
    ptr: *const c_char,
    argument: &'static CStr,
) -> FfiResult<&'a str> {
    // SAFETY: guaranteed by the caller, as documented above.
    unsafe { optional(ptr, argument) }?.ok_or_else(|| oss_error::null_argument(argument))
}

/// As [`required`], where NULL means "absent".
///
/// # Safety
/// As for [`required`].
pub(crate) unsafe fn optional<'a>(
    ptr: *const c_char,
    argument: &'static CStr,
) -> FfiResult<Option<&'a str>> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and NUL-terminated, guaranteed by the caller.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    utf8(bytes)
        .map(Some)
        .map_err(|_| oss_error::invalid_utf8(argument))
}

/// As [`required`], for an argument whose bound `check_len` applies to its
/// length in bytes, and that is at most `max_len` bytes when within it: at
/// most `max_len + 1` bytes are read, so a longer string is refused (by
/// `check_len`, given `max_len + 1`) without reading, or checking as UTF-8,
/// the rest of it.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string, or to at least
/// `max_len + 1` readable bytes, that stay unchanged during the call.
pub(crate) unsafe fn required_bounded<'a>(
    ptr: *const c_char,
    argument: &'static CStr,
    max_len: usize,
    check_len: fn(usize) -> crate::Result<()>,
) -> FfiResult<&'a str> {
    if ptr.is_null() {
        return Err(oss_error::null_argument(argument));
    }
    let limit = max_len.saturating_add(1);
    let mut len = 0;
    // SAFETY: per `# Safety`, every byte up to the NUL, or up to `limit`,
    // is readable; the loop reads no further than either.
    while len < limit && unsafe { ptr.add(len).read() } != 0 {
        len += 1;
    }
    check_len(len)?;
    // SAFETY: the `len` bytes just read.
    let bytes = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    utf8(bytes).map_err(|_| oss_error::invalid_utf8(argument))
}

/// `bytes` as UTF-8 text. Most arguments (buckets, most keys, options) are
/// ASCII, which a word-at-a-time check settles; `str::from_utf8` takes
/// about 240 instructions for a short bucket and key, a byte at a time.
/// Other text goes to simdutf8, about ten times faster than
/// `str::from_utf8` on a 200-byte CJK key (a tenth of its presign).
fn utf8(bytes: &[u8]) -> Result<&str, simdutf8::basic::Utf8Error> {
    if bytes.is_ascii() {
        // SAFETY: ASCII bytes are valid UTF-8.
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    simdutf8::basic::from_utf8(bytes)
}

/// Converts library text (URLs, signed headers) to a C string.
pub(crate) fn to_c_string(text: String) -> FfiResult<CString> {
    // Inputs with NUL are refused earlier, so this is only a safety net.
    CString::new(text).map_err(|_| nul_in_output())
}

fn nul_in_output() -> oss_error {
    oss_error::new(
        oss_code::Internal,
        c"",
        "internal error: output text contained a NUL byte",
    )
}

/// The buffer of a URL for C: its exact length and room for the NUL
/// terminator, so that turning the URL into a C string does not reallocate.
pub(crate) fn c_string_buffer(url_len: usize) -> Vec<u8> {
    Vec::with_capacity(url_len + 1)
}

/// Converts a presigned URL to a C string without scanning it for NUL.
pub(crate) fn url_to_c_string(url: PresignedUrl) -> CString {
    let bytes = url.into_bytes();
    debug_assert!(!bytes.contains(&0), "a presigned URL holds no NUL byte");
    // SAFETY: `PresignedUrl` is printable ASCII by construction (only the
    // presign path builds one), so it holds no NUL byte. A NUL would make C
    // see a shorter string, and make the length that `CString::from_raw`
    // recomputes in `oss_string_free` wrong: a deallocation with the wrong
    // size, undefined behaviour. Hence the type, and the property test in
    // tests/url_text.rs.
    unsafe { CString::from_vec_unchecked(bytes) }
}

/// Library text that a handle owns and lends to C as a `const char *` (a
/// URL, a header, a canonical request): NUL-terminated, and wiped when the
/// handle is freed, since a URL and what holds its query are bearer text.
pub(crate) struct CText(Box<[u8]>);

impl CText {
    /// Takes over `text`'s buffer (no copy).
    pub(crate) fn new(text: CString) -> Self {
        CText(text.into_bytes_with_nul().into_boxed_slice())
    }

    /// A presigned URL, in the buffer the presign wrote.
    pub(crate) fn from_url(url: PresignedUrl) -> Self {
        CText::new(url_to_c_string(url))
    }

    /// A copy of `text` with its NUL, `text` wiped: a C string made from a
    /// `String` would move its bytes to a buffer one byte longer and free
    /// the old one unwiped.
    pub(crate) fn from_text(mut text: String) -> FfiResult<Self> {
        let copied = CString::new(text.as_bytes()).map(CText::new);
        wipe_string(&mut text);
        copied.map_err(|_| nul_in_output())
    }

    /// The text, valid as long as `self`.
    pub(crate) fn as_ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }
}

impl Drop for CText {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

/// Frees a string returned by this library as `char *` (a URL of
/// `oss_presign_get`, a key of `oss_derive_signing_key`), wiping its bytes
/// first: some of these strings are secrets. NULL is accepted and ignored.
/// Never pass a string from another allocator, and do not modify the string
/// before freeing it (its length is found again from the NUL).
///
/// # Safety
/// `s` is NULL or a `char *` returned by this library, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_string_free(s: *mut c_char) {
    boundary(|| {
        if !s.is_null() {
            // SAFETY: per `# Safety`, `s` came from CString::into_raw here
            // and is freed only once.
            let mut bytes = unsafe { CString::from_raw(s) }.into_bytes_with_nul();
            // A memset the optimiser keeps: `zeroize`'s byte-wise volatile
            // writes would cost a third of a presign for a 700-byte URL.
            wipe(&mut bytes);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::utf8;

    /// Accepts exactly what the standard library accepts.
    #[test]
    fn utf8_agrees_with_std() {
        let cases: &[&[u8]] = &[
            b"",
            b"examplebucket",
            b"a/b c+d=e~f%20.txt",
            "相册/2024年 夏天/Ünïcödé 🚀".as_bytes(),
            b"\x7f",
            b"\x80",             // continuation byte alone
            b"\xc0\xaf",         // overlong '/'
            b"\xed\xa0\x80",     // UTF-16 surrogate
            b"\xf4\x90\x80\x80", // above U+10FFFF
            b"\xe6\x96",         // truncated
            b"ascii then \xff at the end of a longer string....",
            b"\xe6\x96\x87\xe4\xbb\xb6 valid then \xe6",
        ];
        for bytes in cases {
            assert_eq!(
                utf8(bytes).ok(),
                std::str::from_utf8(bytes).ok(),
                "{bytes:?}"
            );
        }
        let long = "照片-".repeat(40);
        assert_eq!(utf8(long.as_bytes()).ok(), Some(long.as_str()));
        let mut broken = long.into_bytes();
        if let Some(byte) = broken.get_mut(100) {
            *byte = 0xff;
        }
        assert!(utf8(&broken).is_err());
    }
}
