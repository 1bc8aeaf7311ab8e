//! `oss_client_inspect_url`, `oss_url_info` and `oss_client_verify_url`:
//! reading a presigned URL back, and checking it.

use std::ffi::{CString, c_char};

use super::client::oss_client;
use super::error::{FfiResult, oss_error};
use super::handle::{self, Boxed, Handle, Out};
use super::panic::boundary;
use super::strings::{required, required_bounded, to_c_string};
use crate::UrlInfo;
use crate::limits::MAX_URL_BYTES;
use crate::validation::{check_header_count, check_url_len};

/// What a presigned URL says about itself (`oss_client_inspect_url`).
/// Opaque and immutable; free with `oss_url_info_free`.
pub struct oss_url_info {
    /// What the URL says, as the core read it: the times are its.
    info: UrlInfo,
    bucket: CString,
    /// The key's bytes and a NUL: a key may hold U+0000 (`%00`).
    key: Box<[u8]>,
    access_key_id: CString,
    region: CString,
    additional_headers: Vec<CString>,
}

impl Handle for oss_url_info {
    type Ownership = Boxed;
}

impl oss_url_info {
    fn from_core(info: UrlInfo) -> FfiResult<Self> {
        let c = |text: &str| to_c_string(text.to_owned());
        Ok(oss_url_info {
            bucket: c(info.bucket())?,
            key: [info.key().as_bytes(), b"\0"].concat().into_boxed_slice(),
            access_key_id: c(info.access_key_id())?,
            region: c(info.region())?,
            additional_headers: info
                .additional_headers()
                .iter()
                .map(|h| c(h))
                .collect::<FfiResult<_>>()?,
            info,
        })
    }
}

/// Reads a presigned URL made for this client's endpoint and addressing
/// style, without a request: bucket, key (decoded), signing time,
/// expiration, access key id, region and the headers it lists. Apps use it to
/// decide when to presign a cached URL again. It does not check the
/// signature (`oss_client_verify_url` does). `info_out` receives the result
/// (free with `oss_url_info_free`); untouched on failure.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_LIMIT_EXCEEDED` (a `url` longer than `OSS_MAX_URL_BYTES`, the
/// longest this library writes: refused after reading no more than its
/// first `OSS_MAX_URL_BYTES + 1` bytes),
/// `OSS_CODE_MALFORMED_URL` (not a presigned V4 GET URL of this client's
/// scheme, host and path layout).
///
/// # Safety
/// `client` is NULL or a live client; `url` is NULL or NUL-terminated;
/// `info_out` is NULL or valid for writing one pointer.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_inspect_url(
    client: *const oss_client,
    url: *const c_char,
    info_out: *mut *mut oss_url_info,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let info_out = Out::new(info_out, c"info_out")?;
        // SAFETY: per `# Safety`.
        let client = unsafe { handle::get(client, c"client") }?;
        // SAFETY: per `# Safety`.
        let url = unsafe { url_argument(url) }?;
        let info = oss_url_info::from_core(client.inner.inspect_url(url)?)?;
        // SAFETY: `info_out` is valid for writing, per `# Safety`.
        unsafe { info_out.write(handle::into_raw(info)) };
        Ok(())
    })
}

/// Frees what `oss_client_inspect_url` returned, wiping the URL's
/// parameters it kept (signature and STS token included). NULL is accepted
/// and ignored.
///
/// # Safety
/// `info` is NULL or from `oss_client_inspect_url`, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_free(info: *mut oss_url_info) {
    // SAFETY: per `# Safety`.
    boundary(|| unsafe { handle::free(info) })
}

/// A string field of a URL info, or NULL.
fn text(info: Option<&oss_url_info>, field: impl Fn(&oss_url_info) -> &CString) -> *const c_char {
    info.map_or(std::ptr::null(), |i| field(i).as_ptr())
}

/// The bucket, from the host (virtual-hosted) or the path (path style);
/// `""` for a custom-domain client, whose URLs do not name it.
/// Borrowed: valid until `oss_url_info_free(info)`. NULL when `info` is NULL.
///
/// # Safety
/// `info` is NULL or a live URL info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_bucket(info: *const oss_url_info) -> *const c_char {
    // SAFETY: per `# Safety`.
    boundary(|| text(unsafe { handle::find(info) }, |i| &i.bucket))
}

/// The object key, decoded (UTF-8), NUL-terminated. A key holding U+0000
/// (`%00` in the URL) reads as cut short there as a C string: its whole
/// length is `oss_url_info_key_len`.
/// Borrowed: valid until `oss_url_info_free(info)`. NULL when `info` is NULL.
///
/// # Safety
/// `info` is NULL or a live URL info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_key(info: *const oss_url_info) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(info) }.map_or(std::ptr::null(), |i| i.key.as_ptr().cast())
    })
}

/// The length in bytes of the key of `oss_url_info_key`, without its
/// terminating NUL, counting any U+0000 in it; 0 when `info` is NULL.
///
/// # Safety
/// `info` is NULL or a live URL info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_key_len(info: *const oss_url_info) -> usize {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(info) }.map_or(0, |i| i.key.len().saturating_sub(1))
    })
}

/// The access key id of `x-oss-credential`.
/// Borrowed: valid until `oss_url_info_free(info)`. NULL when `info` is NULL.
///
/// # Safety
/// `info` is NULL or a live URL info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_access_key_id(info: *const oss_url_info) -> *const c_char {
    // SAFETY: per `# Safety`.
    boundary(|| text(unsafe { handle::find(info) }, |i| &i.access_key_id))
}

/// The region of `x-oss-credential`.
/// Borrowed: valid until `oss_url_info_free(info)`. NULL when `info` is NULL.
///
/// # Safety
/// `info` is NULL or a live URL info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_region(info: *const oss_url_info) -> *const c_char {
    // SAFETY: per `# Safety`.
    boundary(|| text(unsafe { handle::find(info) }, |i| &i.region))
}

/// `x-oss-date` in Unix seconds; 0 when `info` is NULL.
///
/// # Safety
/// `info` is NULL or a live URL info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_signing_time(info: *const oss_url_info) -> i64 {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(info) }.map_or(0, |i| i.info.signing_time())
    })
}

/// The expiration in Unix seconds (`x-oss-date + x-oss-expires`): OSS
/// refuses the URL after it. 0 when `info` is NULL.
///
/// # Safety
/// `info` is NULL or a live URL info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_expiration(info: *const oss_url_info) -> i64 {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(info) }.map_or(0, |i| i.info.expiration())
    })
}

/// Seconds the URL stays valid after `now_unix_seconds`: 0 or less once it
/// has expired (presign again well before: clocks and transfers take time).
/// 0 when `info` is NULL.
///
/// # Safety
/// `info` is NULL or a live URL info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_seconds_left(
    info: *const oss_url_info,
    now_unix_seconds: i64,
) -> i64 {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(info) }.map_or(0, |i| i.info.seconds_left(now_unix_seconds))
    })
}

/// How many headers `x-oss-additional-headers` lists; 0 when `info` is NULL.
/// Signed `Content-Type`, `Content-MD5` and `x-oss-*` headers are not
/// listed: OSS signs those without naming them.
///
/// # Safety
/// `info` is NULL or a live URL info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_additional_header_count(info: *const oss_url_info) -> usize {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(info) }.map_or(0, |i| i.additional_headers.len())
    })
}

/// The lowercase name of listed header `index`; NULL past the end or when
/// `info` is NULL. Borrowed: valid until `oss_url_info_free(info)`.
///
/// # Safety
/// `info` is NULL or a live URL info.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_url_info_additional_header(
    info: *const oss_url_info,
    index: usize,
) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(info) }
            .and_then(|i| i.additional_headers.get(index))
            .map_or(std::ptr::null(), |h| h.as_ptr())
    })
}

/// Verifies a presigned URL at `now_unix_seconds` as OSS would, when the GET
/// sends the `header_count` headers `header_names[i]: header_values[i]`
/// (names in any case; the arrays may be NULL when the count is 0): the URL
/// must fit this client's endpoint and addressing, be within its validity
/// window (`x-oss-date - OSS_FUTURE_DATE_TOLERANCE_SECONDS <= now <=
/// x-oss-date + x-oss-expires`, OSS's tolerance for a date ahead of its
/// clock), and carry the signature this client's current credentials give
/// it. Headers OSS does not sign are ignored; `Content-Type`, `Content-MD5`
/// and `x-oss-*` are signed whether or not the URL lists them, as OSS does.
/// Signed headers count as OSS receives them: values without surrounding
/// spaces and tabs, and a header given more than once as its values joined
/// with `,`.
///
/// Returns NULL when the URL is valid. Errors: `OSS_CODE_SIGNATURE_MISMATCH`
/// (also for another key id, region, product or STS token),
/// `OSS_CODE_URL_EXPIRED`, `OSS_CODE_URL_NOT_YET_VALID`,
/// `OSS_CODE_MALFORMED_URL` (also for any custom-domain URL: it does not
/// name the bucket its signature covers), `OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE`
/// (a day-key client, another day), `OSS_CODE_NULL_ARGUMENT`,
/// `OSS_CODE_INVALID_UTF8`, `OSS_CODE_LIMIT_EXCEEDED` (over
/// `OSS_MAX_HEADERS` headers, or a `url` longer than `OSS_MAX_URL_BYTES`,
/// refused after reading no more than its first `OSS_MAX_URL_BYTES + 1`
/// bytes). Any `now_unix_seconds` is accepted. The signature is compared in
/// constant time.
///
/// # Safety
/// `client` is NULL or a live client; `url` is NULL or NUL-terminated;
/// `header_names` and `header_values` are NULL or valid for reading
/// `header_count` pointers, each NULL or NUL-terminated.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_verify_url(
    client: *const oss_client,
    url: *const c_char,
    header_names: *const *const c_char,
    header_values: *const *const c_char,
    header_count: usize,
    now_unix_seconds: i64,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let client = unsafe { handle::get(client, c"client") }?;
        // SAFETY: per `# Safety`.
        let url = unsafe { url_argument(url) }?;
        // Checked before the arrays are read and copied.
        check_header_count(header_count)?;
        // SAFETY: per `# Safety`.
        let names = unsafe { pointers(header_names, header_count, c"header_names") }?;
        // SAFETY: per `# Safety`.
        let values = unsafe { pointers(header_values, header_count, c"header_values") }?;
        let mut headers = Vec::with_capacity(header_count);
        for (&name, &value) in names.iter().zip(values) {
            // SAFETY: per `# Safety`, each is NULL or NUL-terminated.
            let name = unsafe { required(name, c"header_names") }?;
            // SAFETY: as above.
            let value = unsafe { required(value, c"header_values") }?;
            headers.push((name, value));
        }
        client.inner.verify_url(url, &headers, now_unix_seconds)?;
        Ok(())
    })
}

/// The URL to read back, refused when longer than `OSS_MAX_URL_BYTES`
/// after reading no more than one byte past that bound: a URL is untrusted
/// input, and may be any length.
///
/// # Safety
/// `url` is NULL or NUL-terminated.
unsafe fn url_argument<'a>(url: *const c_char) -> FfiResult<&'a str> {
    // SAFETY: per `# Safety`.
    unsafe { required_bounded(url, c"url", MAX_URL_BYTES, check_url_len) }
}

/// `count` pointers at `array`; NULL only with `count` 0.
///
/// # Safety
/// `array` is NULL or valid for reading `count` pointers.
unsafe fn pointers<'a>(
    array: *const *const c_char,
    count: usize,
    argument: &'static std::ffi::CStr,
) -> FfiResult<&'a [*const c_char]> {
    match (array.is_null(), count) {
        (_, 0) => Ok(&[]),
        (true, _) => Err(oss_error::null_argument(argument)),
        // SAFETY: per `# Safety`.
        (false, _) => Ok(unsafe { std::slice::from_raw_parts(array, count) }),
    }
}
