//! `oss_presign_get_batch` and `oss_presign_batch`: many keys of one bucket
//! in one call.

use std::ffi::c_char;

use super::client::oss_client;
use super::error::{FfiResult, oss_error};
use super::get_options::{get_or_default, oss_get_options};
use super::handle::{self, Boxed, Handle, Out};
use super::panic::boundary;
use super::strings::{CText, c_string_buffer, required};
use crate::Method;
use crate::request::BucketRequest;
use crate::validation::check_batch_len;

/// The result of `oss_presign_get_batch`: one entry per key, in order, each
/// a URL or that key's error. Opaque and immutable: safe to read from several
/// threads. Owns everything it returns; outlives the client, the options and
/// the keys. Free with `oss_presign_batch_free`, which wipes the URLs.
pub struct oss_presign_batch {
    /// The URL of each key, or its error.
    entries: Vec<FfiResult<CText>>,
    signing_time: i64,
    expiration: i64,
}

impl Handle for oss_presign_batch {
    type Ownership = Boxed;
}

/// Presigns a GET of each of `count` keys of `bucket` in one call: for a
/// gallery page or a feed. All URLs share one signing time, one snapshot of
/// the client's credentials (even while another thread replaces them) and
/// one key derivation, so each URL costs less than a single presign.
///
/// - `keys`: `count` pointers to NUL-terminated UTF-8 keys; NULL only when
///   `count` is 0 (an empty batch). A NULL entry fails only its own entry,
///   as does a key that is not UTF-8 or breaks the key rules: its
///   `oss_presign_batch_error` is the error `oss_presign_get` would give
///   (`OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
///   `OSS_CODE_INVALID_KEY`...).
/// - `options`: NULL for the defaults; the same for every key.
/// - `batch_out`: receives the batch on success (free it with
///   `oss_presign_batch_free`); untouched on failure.
///
/// Errors (the whole call fails): `OSS_CODE_NULL_ARGUMENT` (`client`,
/// `bucket`, `batch_out`, or `keys` with a non-zero `count`),
/// `OSS_CODE_INVALID_UTF8`, `OSS_CODE_INVALID_BUCKET`,
/// `OSS_CODE_LIMIT_EXCEEDED` (more than `OSS_MAX_BATCH_KEYS` keys, refused
/// before `keys` is read), and the
/// signing time and lifetime errors of `oss_presign_get`:
/// `OSS_CODE_INVALID_SIGNING_TIME`, `OSS_CODE_INVALID_EXPIRATION`,
/// `OSS_CODE_CREDENTIALS_EXPIRED`, `OSS_CODE_CREDENTIALS_EXPIRE_FIRST`,
/// `OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE`.
///
/// # Safety
/// `client` and `options` are NULL or live handles; `bucket` is NULL or
/// NUL-terminated; `keys` is NULL or valid for reading `count` pointers, each
/// NULL or NUL-terminated; `batch_out` is NULL or valid for writing one
/// pointer.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_get_batch(
    client: *const oss_client,
    bucket: *const c_char,
    keys: *const *const c_char,
    count: usize,
    options: *const oss_get_options,
    batch_out: *mut *mut oss_presign_batch,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let batch_out = Out::new(batch_out, c"batch_out")?;
        // SAFETY: per `# Safety`.
        let client = &unsafe { handle::get(client, c"client") }?.inner;
        // SAFETY: per `# Safety`.
        let bucket = unsafe { required(bucket, c"bucket") }?;
        // SAFETY: per `# Safety`.
        let options = unsafe { get_or_default(options) };
        // Checked before the array is read.
        check_batch_len(count)?;
        let keys: &[*const c_char] = match (keys.is_null(), count) {
            (_, 0) => &[],
            (true, _) => return Err(oss_error::null_argument(c"keys")),
            // SAFETY: per `# Safety`, `keys` holds `count` pointers.
            (false, _) => unsafe { std::slice::from_raw_parts(keys, count) },
        };
        // SAFETY: per `# Safety`, each key is NULL or NUL-terminated.
        let keys = keys.iter().map(|&key| unsafe { required(key, c"key") });
        let request = BucketRequest {
            method: Method::Get,
            bucket,
            options,
        };
        let batch = client.presign_batch(request, keys, c_string_buffer, CText::from_url)?;
        let batch = oss_presign_batch {
            entries: batch.entries,
            signing_time: batch.signing_time,
            expiration: batch.expiration,
        };
        // SAFETY: `batch_out` is valid for writing, per `# Safety`.
        unsafe { batch_out.write(handle::into_raw(batch)) };
        Ok(())
    })
}

/// The number of entries: the `count` given to `oss_presign_get_batch`. 0
/// for a NULL `batch`.
///
/// # Safety
/// `batch` is NULL or a live batch.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_batch_len(batch: *const oss_presign_batch) -> usize {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(batch) }.map_or(0, |b| b.entries.len())
    })
}

/// The URL of entry `index` (the index of its key): ASCII, canonical
/// encoding, to send unchanged. NULL when that key failed (see
/// `oss_presign_batch_error`), when `index` is not below
/// `oss_presign_batch_len`, or `batch` is NULL. Borrowed: valid until
/// `oss_presign_batch_free(batch)`; never free it.
///
/// # Safety
/// `batch` is NULL or a live batch.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_batch_url(
    batch: *const oss_presign_batch,
    index: usize,
) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`.
        match unsafe { handle::find(batch) }.and_then(|b| b.entries.get(index)) {
            Some(Ok(url)) => url.as_ptr(),
            _ => std::ptr::null(),
        }
    })
}

/// The error of entry `index`: why that key has no URL. NULL when it has
/// one, when `index` is not below `oss_presign_batch_len`, or `batch` is
/// NULL. Borrowed: read it with `oss_error_code`, `oss_error_message` and
/// `oss_error_argument`, valid until `oss_presign_batch_free(batch)`; never
/// pass it to `oss_error_free`.
///
/// # Safety
/// `batch` is NULL or a live batch.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_batch_error(
    batch: *const oss_presign_batch,
    index: usize,
) -> *const oss_error {
    boundary(|| {
        // SAFETY: per `# Safety`.
        match unsafe { handle::find(batch) }.and_then(|b| b.entries.get(index)) {
            Some(Err(error)) => error as *const oss_error,
            _ => std::ptr::null(),
        }
    })
}

/// The signing time shared by every URL of the batch (`x-oss-date`), in
/// Unix seconds; 0 for a NULL `batch`.
///
/// # Safety
/// `batch` is NULL or a live batch.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_batch_signing_time(batch: *const oss_presign_batch) -> i64 {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(batch) }.map_or(0, |b| b.signing_time)
    })
}

/// The expiration shared by every URL of the batch (signing time +
/// `x-oss-expires`), in Unix seconds: OSS refuses the URLs after it, so an
/// app presigns the page again before then. 0 for a NULL `batch`.
///
/// # Safety
/// `batch` is NULL or a live batch.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_batch_expiration(batch: *const oss_presign_batch) -> i64 {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(batch) }.map_or(0, |b| b.expiration)
    })
}

/// Frees a batch, its URLs (wiped first: each is a bearer credential until it
/// expires) and its errors. NULL is accepted and ignored.
///
/// # Safety
/// `batch` is NULL or from `oss_presign_get_batch`, not yet freed, and no
/// pointer read from it is used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presign_batch_free(batch: *mut oss_presign_batch) {
    // SAFETY: per `# Safety`.
    boundary(|| unsafe { handle::free(batch) })
}
