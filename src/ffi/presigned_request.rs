//! `oss_presigned_request`: URL, validity window and headers to send.

use std::ffi::c_char;

use super::error::{FfiResult, oss_code, oss_error};
use super::handle::{self, Boxed, Handle, Out};
use super::panic::boundary;
use super::strings::CText;
use crate::{Method, PresignedRequest};

/// A presigned request. Opaque and immutable: safe to read from several threads.
/// Owns all its strings, so it outlives the client and options that made it.
/// Free with `oss_presigned_request_free`, which wipes them.
pub struct oss_presigned_request {
    url: CText,
    method: Method,
    signing_time: i64,
    expiration: i64,
    headers: Vec<(CText, CText)>,
    /// The canonical request and string to sign, when asked for.
    diagnostics: Option<(CText, CText)>,
}

impl Handle for oss_presigned_request {
    type Ownership = Boxed;
}

impl oss_presigned_request {
    pub(crate) fn from_core(request: PresignedRequest) -> FfiResult<Self> {
        let method = request.method();
        let signing_time = request.signing_time();
        let expiration = request.expiration();
        let (url, headers, diagnostics) = request.into_parts();
        let headers = headers
            .into_iter()
            .map(|h| Ok((CText::from_text(h.name)?, CText::from_text(h.value)?)))
            .collect::<FfiResult<Vec<_>>>()?;
        let diagnostics = match diagnostics {
            Some(mut trace) => Some((
                CText::from_text(std::mem::take(&mut trace.canonical_request))?,
                CText::from_text(std::mem::take(&mut trace.string_to_sign))?,
            )),
            None => None,
        };
        Ok(oss_presigned_request {
            url: CText::from_url(url),
            method,
            signing_time,
            expiration,
            headers,
            diagnostics,
        })
    }
}

/// Frees a presigned request and its strings, wiping them first (the URL is
/// a bearer credential until it expires). NULL is accepted and ignored.
///
/// # Safety
/// `request` is NULL or a request from `oss_presign_get_request`, not yet
/// freed and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presigned_request_free(request: *mut oss_presigned_request) {
    // SAFETY: per `# Safety`.
    boundary(|| unsafe { handle::free(request) })
}

/// The URL (ASCII, canonical encoding): pass it to the HTTP stack unchanged.
/// Borrowed: valid until `oss_presigned_request_free(request)`. NULL when
/// `request` is NULL.
///
/// # Safety
/// `request` is NULL or a live presigned request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presigned_request_url(
    request: *const oss_presigned_request,
) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(request) }.map_or(std::ptr::null(), |r| r.url.as_ptr())
    })
}

/// The HTTP method the URL is signed for, which the request must use:
/// `"GET"` from `oss_presign_get_request`, `"HEAD"` from
/// `oss_presign_head_request`. Static: never free it; NULL when `request`
/// is NULL.
///
/// # Safety
/// `request` is NULL or a live presigned request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presigned_request_method(
    request: *const oss_presigned_request,
) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(request) }.map_or(std::ptr::null(), |r| r.method.as_c_str().as_ptr())
    })
}

/// The signing time (`x-oss-date`) in Unix seconds; 0 when `request` is NULL.
///
/// # Safety
/// `request` is NULL or a live presigned request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presigned_request_signing_time(
    request: *const oss_presigned_request,
) -> i64 {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(request) }.map_or(0, |r| r.signing_time)
    })
}

/// The expiration in Unix seconds (signing time + `x-oss-expires`): OSS
/// refuses the URL after it. 0 when `request` is NULL.
///
/// # Safety
/// `request` is NULL or a live presigned request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presigned_request_expiration(
    request: *const oss_presigned_request,
) -> i64 {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(request) }.map_or(0, |r| r.expiration)
    })
}

/// How many headers the GET must send (those added with
/// `oss_get_options_add_header`); 0 for a plain presign or a NULL `request`.
///
/// # Safety
/// `request` is NULL or a live presigned request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presigned_request_header_count(
    request: *const oss_presigned_request,
) -> usize {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(request) }.map_or(0, |r| r.headers.len())
    })
}

/// The header at `index` (0-based, sorted by lowercase name): the GET must
/// send `name: value` exactly. `name_out` and `value_out` receive borrowed
/// strings, valid until `oss_presigned_request_free(request)`; both are
/// written only on success.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_ARGUMENT` (index not
/// below `oss_presigned_request_header_count`).
///
/// # Safety
/// `request` is NULL or a live presigned request; `name_out` and `value_out`
/// are NULL or valid for writing one pointer each.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presigned_request_header(
    request: *const oss_presigned_request,
    index: usize,
    name_out: *mut *const c_char,
    value_out: *mut *const c_char,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let name_out = Out::new(name_out, c"name_out")?;
        let value_out = Out::new(value_out, c"value_out")?;
        // SAFETY: per `# Safety`.
        let request = unsafe { handle::get(request, c"request") }?;
        let Some((name, value)) = request.headers.get(index) else {
            return Err(oss_error::new(
                oss_code::InvalidArgument,
                c"index",
                format!(
                    "index: must be below the header count {}, got {index}",
                    request.headers.len()
                ),
            ));
        };
        // SAFETY: both are valid for writing, per `# Safety`.
        unsafe {
            name_out.write(name.as_ptr());
            value_out.write(value.as_ptr());
        }
        Ok(())
    })
}

/// The canonical request the signature was computed from, when the options
/// enabled `oss_get_options_set_diagnostics`: compare it with the
/// `CanonicalRequest` of an OSS `SignatureDoesNotMatch` error. NULL when
/// diagnostics were off or `request` is NULL. Borrowed: valid until
/// `oss_presigned_request_free(request)`. It holds the URL's query (with the
/// STS token, as the URL does), never the secret or the signing key.
///
/// # Safety
/// `request` is NULL or a live presigned request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presigned_request_canonical_request(
    request: *const oss_presigned_request,
) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(request) }
            .and_then(|r| r.diagnostics.as_ref())
            .map_or(std::ptr::null(), |(canonical, _)| canonical.as_ptr())
    })
}

/// The string to sign (the input of the final HMAC), when the options
/// enabled `oss_get_options_set_diagnostics`: compare it with the
/// `StringToSign` of an OSS `SignatureDoesNotMatch` error. NULL when
/// diagnostics were off or `request` is NULL. Borrowed: valid until
/// `oss_presigned_request_free(request)`.
///
/// # Safety
/// `request` is NULL or a live presigned request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_presigned_request_string_to_sign(
    request: *const oss_presigned_request,
) -> *const c_char {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(request) }
            .and_then(|r| r.diagnostics.as_ref())
            .map_or(std::ptr::null(), |(_, string_to_sign)| {
                string_to_sign.as_ptr()
            })
    })
}
