//! `oss_client_config`: the extensible way to configure a client.

use std::ffi::c_char;

use super::error::FfiResult;
use super::error::oss_error;
use super::handle::{self, Boxed, Handle, Out};
use super::panic::boundary;
use super::strings::{optional, required};
use crate::{ClientBuilder, Credentials};

/// Client configuration (a builder). Opaque. Create with
/// `oss_client_config_new`, free with `oss_client_config_free`. Not
/// synchronised: use it from one thread at a time.
pub struct oss_client_config {
    pub(crate) inner: ClientBuilder,
}

impl Handle for oss_client_config {
    type Ownership = Boxed;
}

/// Starts a client configuration from an endpoint and a region.
///
/// - `endpoint`: `[http://|https://]host[:port]`, https when no scheme is
///   given; host is a DNS name, an IPv4 address or a bracketed IPv6 address.
/// - `region`: the bucket's region id, e.g. `"cn-hangzhou"` (required by V4).
/// - `config_out`: receives the new configuration on success; free it with
///   `oss_client_config_free`. Untouched on failure.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_INVALID_ENDPOINT` (not a host), `OSS_CODE_INVALID_REGION`
/// (empty or not of `a-z 0-9 -`), `OSS_CODE_LIMIT_EXCEEDED` (region over
/// `OSS_MAX_ARGUMENT_BYTES`).
///
/// # Safety
/// String arguments are NULL or NUL-terminated; `config_out` is NULL or
/// valid for writing one pointer.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_config_new(
    endpoint: *const c_char,
    region: *const c_char,
    config_out: *mut *mut oss_client_config,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let config_out = Out::new(config_out, c"config_out")?;
        // SAFETY: per `# Safety`, the strings are NULL or NUL-terminated.
        let endpoint = unsafe { required(endpoint, c"endpoint") }?;
        // SAFETY: as above.
        let region = unsafe { required(region, c"region") }?;
        let inner = ClientBuilder::new(endpoint, region)?;
        // SAFETY: `config_out` is valid for writing, per `# Safety`.
        unsafe { config_out.write(handle::into_raw(oss_client_config { inner })) };
        Ok(())
    })
}

/// Frees a configuration. NULL is accepted and ignored. Clients built from it
/// are unaffected.
///
/// # Safety
/// `config` is NULL or a configuration from `oss_client_config_new`, not yet
/// freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_config_free(config: *mut oss_client_config) {
    // SAFETY: per `# Safety`.
    boundary(|| unsafe { handle::free(config) })
}

/// Sets the credentials. `security_token` is the STS token, or NULL for
/// long-term keys. The strings are copied; the secret and token are wiped
/// from memory when the configuration and its clients are freed.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT` (config, access_key_id or
/// access_key_secret NULL), `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_MISSING_CREDENTIALS` (empty id or secret),
/// `OSS_CODE_INVALID_CREDENTIALS` (empty token: pass NULL for none),
/// `OSS_CODE_LIMIT_EXCEEDED` (a string over `OSS_MAX_ARGUMENT_BYTES`).
///
/// # Safety
/// `config` is NULL or a live configuration not used by another thread
/// during the call; strings are NULL or NUL-terminated.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_config_set_credentials(
    config: *mut oss_client_config,
    access_key_id: *const c_char,
    access_key_secret: *const c_char,
    security_token: *const c_char,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let config = unsafe { handle::get_mut(config, c"config") }?;
        // SAFETY: per `# Safety`, the strings are NULL or NUL-terminated.
        let credentials =
            unsafe { credentials_from_c(access_key_id, access_key_secret, security_token) }?;
        config.inner.credentials(credentials);
        Ok(())
    })
}

/// Sets when the credentials set on this configuration expire, in Unix
/// seconds (an STS token's `Expiration`); 0 for never. Setting credentials
/// again replaces it (with none). A presign (`oss_presign_get`) whose URL
/// would outlive the credentials then fails with
/// `OSS_CODE_CREDENTIALS_EXPIRE_FIRST`, unless its options clamp the lifetime
/// (`oss_get_options_set_clamp_to_credentials`); one at or after the
/// expiration fails with `OSS_CODE_CREDENTIALS_EXPIRED`.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_MISSING_CREDENTIALS` (no
/// credentials set yet), `OSS_CODE_INVALID_CREDENTIALS` (outside 1970..9999).
///
/// # Safety
/// `config` is NULL or a live configuration not used by another thread
/// during the call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_config_set_credentials_expiration(
    config: *mut oss_client_config,
    unix_seconds: i64,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let config = unsafe { handle::get_mut(config, c"config") }?;
        config
            .inner
            .credentials_expiration(expiration_from_c(unix_seconds))?;
        Ok(())
    })
}

/// Reads the credentials from the environment variables
/// `OSS_ACCESS_KEY_ID`, `OSS_ACCESS_KEY_SECRET` and (optional, ignored when
/// empty) `OSS_SESSION_TOKEN`, once, now.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_MISSING_CREDENTIALS` (a
/// variable unset or empty), `OSS_CODE_INVALID_UTF8` (a variable that is not
/// UTF-8), `OSS_CODE_LIMIT_EXCEEDED` (over `OSS_MAX_ARGUMENT_BYTES`); the message names the
/// variable. Every copy of the secret and token is wiped before it is freed.
///
/// # Safety
/// `config` is NULL or a live configuration not used by another thread
/// during the call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_config_set_credentials_from_env(
    config: *mut oss_client_config,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let config = unsafe { handle::get_mut(config, c"config") }?;
        config.inner.credentials(Credentials::from_env()?);
        Ok(())
    })
}

/// Path-style URLs (`https://endpoint/bucket/key`) when `enabled`;
/// virtual-hosted (`https://bucket.endpoint/key`, the default) otherwise. IP
/// endpoints always use path style.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`.
///
/// # Safety
/// `config` is NULL or a live configuration not used by another thread
/// during the call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_config_set_path_style(
    config: *mut oss_client_config,
    enabled: bool,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let config = unsafe { handle::get_mut(config, c"config") }?;
        config.inner.path_style(enabled);
        Ok(())
    })
}

/// When `enabled`, the endpoint is a custom domain (CNAME) bound to the
/// bucket: URLs are `https://domain/key`. Takes precedence over path style.
/// The bucket name passed to presign is still required: it is signed.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`.
///
/// # Safety
/// `config` is NULL or a live configuration not used by another thread
/// during the call.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_config_set_custom_domain(
    config: *mut oss_client_config,
    enabled: bool,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let config = unsafe { handle::get_mut(config, c"config") }?;
        config.inner.custom_domain(enabled);
        Ok(())
    })
}

/// Signs for a CloudBox: `cloudbox_id` (e.g. `"cb-f8z7yvzgwfkl9q0h"`)
/// becomes the signing region and the product becomes `oss-cloudbox`.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_INVALID_REGION` (empty or not of `a-z 0-9 -`),
/// `OSS_CODE_LIMIT_EXCEEDED` (over `OSS_MAX_ARGUMENT_BYTES`).
///
/// # Safety
/// `config` is NULL or a live configuration not used by another thread
/// during the call; `cloudbox_id` is NULL or NUL-terminated.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_config_set_cloudbox_id(
    config: *mut oss_client_config,
    cloudbox_id: *const c_char,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let config = unsafe { handle::get_mut(config, c"config") }?;
        // SAFETY: per `# Safety`.
        let cloudbox_id = unsafe { required(cloudbox_id, c"cloudbox_id") }?;
        config.inner.cloudbox_id(cloudbox_id)?;
        Ok(())
    })
}

/// Builds credentials from C strings (`security_token` may be NULL).
///
/// # Safety
/// Each pointer is NULL or NUL-terminated.
pub(crate) unsafe fn credentials_from_c(
    access_key_id: *const c_char,
    access_key_secret: *const c_char,
    security_token: *const c_char,
) -> FfiResult<Credentials> {
    // SAFETY: per `# Safety`.
    let access_key_id = unsafe { required(access_key_id, c"access_key_id") }?;
    // SAFETY: per `# Safety`.
    let access_key_secret = unsafe { required(access_key_secret, c"access_key_secret") }?;
    // SAFETY: per `# Safety`.
    let security_token = unsafe { optional(security_token, c"security_token") }?;
    Ok(Credentials::new(access_key_id, access_key_secret)?.with_optional_token(security_token)?)
}

/// An expiration as C gives it, Unix seconds with 0 for none (the
/// convention of every function of the ABI that takes one).
pub(crate) fn expiration_from_c(unix_seconds: i64) -> Option<i64> {
    (unix_seconds != 0).then_some(unix_seconds)
}

#[cfg(test)]
mod tests {
    use super::expiration_from_c;

    #[test]
    fn zero_is_no_expiration_and_any_other_instant_is_one() {
        assert_eq!(expiration_from_c(0), None);
        for unix_seconds in [1, -1, 1_704_164_645, i64::MIN, i64::MAX] {
            assert_eq!(expiration_from_c(unix_seconds), Some(unix_seconds));
        }
    }
}
