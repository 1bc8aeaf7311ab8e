//! The bounds this library sets on its inputs and on the URL it writes.
//!
//! They keep every presigned URL usable (HTTP stacks, proxies and CDNs
//! refuse request lines past a few KiB) and every allocation small: an input
//! over a bound is refused with [`ErrorKind::LimitExceeded`] before anything
//! is allocated for it. OSS's own naming rules (a bucket of 3 to 63
//! characters, a key of at most [`MAX_KEY_BYTES`]) keep their own error
//! kinds.
//!
//! [`ErrorKind::LimitExceeded`]: crate::ErrorKind::LimitExceeded
//! [`MAX_KEY_BYTES`]: crate::MAX_KEY_BYTES

use crate::error::{Error, ErrorKind, Result};
use std::ffi::CStr;

/// Longest string argument, in UTF-8 bytes: endpoint, region, credentials,
/// query names and values, header names and values, and the typed options.
pub const MAX_ARGUMENT_BYTES: usize = 8192;

/// Most query parameters one set of options may hold, typed setters included.
pub const MAX_QUERY_PARAMETERS: usize = 64;

/// Most headers one set of options may sign.
pub const MAX_HEADERS: usize = 64;

/// Longest URL a presign writes, in bytes. Many HTTP servers and proxies
/// refuse request lines past 8 KiB; this bound leaves room for a 1023-byte
/// key of CJK text, an STS token and several response overrides.
pub const MAX_URL_BYTES: usize = 16_384;

/// Most keys one batch presign takes (its URLs are held in memory at once).
pub const MAX_BATCH_KEYS: usize = 1000;

/// Refuses a batch of more than [`MAX_BATCH_KEYS`] keys.
pub(crate) fn check_batch_len(count: usize) -> Result<()> {
    if count <= MAX_BATCH_KEYS {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::LimitExceeded,
        c"count",
        format!("must be at most {MAX_BATCH_KEYS} keys, got {count}"),
    ))
}

/// Refuses a string argument longer than [`MAX_ARGUMENT_BYTES`].
pub(crate) fn check_argument_len(text: &str, argument: &'static CStr) -> Result<()> {
    if text.len() <= MAX_ARGUMENT_BYTES {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::LimitExceeded,
        argument,
        format!(
            "must be at most {MAX_ARGUMENT_BYTES} bytes, got {}",
            text.len()
        ),
    ))
}
