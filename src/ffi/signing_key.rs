//! Delegated signing keys: `oss_derive_signing_key` (on the server that
//! holds the secret) and the day-key setters (on the device that does not).

use std::ffi::{CString, c_char};

use super::client::{oss_client, replace_credentials};
use super::client_config::oss_client_config;
use super::error::{FfiResult, oss_error};
use super::handle::{self, Out};
use super::panic::boundary;
use super::strings::{optional, required};
use crate::Credentials;
use crate::signer::SigningKey;

/// Derives the V4 signing key of one UTC day, region and product from the
/// access key secret, as 64 lowercase hex digits: the delegation token an
/// app server hands to a device (`oss_client_config_set_signing_key`), so
/// that the device presigns for that day without ever holding the secret.
/// Hand it over with its scope, `"<date>/<region>/<product>"`, as the
/// device's `date_yyyymmdd`: the device then refuses it for a client of
/// another region or product. Within its day the key signs for any bucket,
/// object and method the access key may use, and a URL signed at the day's
/// last second lives until 7 days after the day's end.
///
/// - `date_yyyymmdd`: the UTC day, e.g. `"20240102"`.
/// - `region`: the signing region of the clients that will use it (the
///   CloudBox id for a CloudBox); `product`: `"oss"`, or `"oss-cloudbox"`.
/// - `hex_key_out`: receives the key on success; it is as secret as the
///   secret for that day: free it with `oss_string_free`, which wipes it.
///   Untouched on failure.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_MISSING_CREDENTIALS` (empty secret), `OSS_CODE_INVALID_SIGNING_KEY`
/// (date not YYYYMMDD), `OSS_CODE_INVALID_REGION` (region or product empty
/// or not of `a-z 0-9 -`), `OSS_CODE_LIMIT_EXCEEDED`.
///
/// # Safety
/// Strings are NULL or NUL-terminated; `hex_key_out` is NULL or valid for
/// writing one pointer.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_derive_signing_key(
    access_key_secret: *const c_char,
    date_yyyymmdd: *const c_char,
    region: *const c_char,
    product: *const c_char,
    hex_key_out: *mut *mut c_char,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let hex_key_out = Out::new(hex_key_out, c"hex_key_out")?;
        // SAFETY: per `# Safety`, the strings are NULL or NUL-terminated.
        let secret = unsafe { required(access_key_secret, c"access_key_secret") }?;
        // SAFETY: as above.
        let date = unsafe { required(date_yyyymmdd, c"date") }?;
        // SAFETY: as above.
        let region = unsafe { required(region, c"region") }?;
        // SAFETY: as above.
        let product = unsafe { required(product, c"product") }?;
        let key = SigningKey::derive(secret, date, region, product)?;
        // Room for the NUL, so no reallocation leaves an unwiped copy.
        let mut bytes = Vec::with_capacity(65);
        bytes.extend_from_slice(&*key.hex_digits());
        // Hex digits: no NUL, so this is never an error.
        let c_hex = CString::new(bytes).map_err(|_| {
            oss_error::new(
                super::error::oss_code::Internal,
                c"",
                "internal error: hex with NUL",
            )
        })?;
        // SAFETY: `hex_key_out` is valid for writing, per `# Safety`.
        unsafe { hex_key_out.write(c_hex.into_raw()) };
        Ok(())
    })
}

/// Credentials holding a day key, from C strings.
///
/// # Safety
/// Each pointer is NULL or NUL-terminated (`security_token` may be NULL).
unsafe fn day_key_from_c(
    access_key_id: *const c_char,
    hex_signing_key: *const c_char,
    date_yyyymmdd: *const c_char,
    security_token: *const c_char,
) -> FfiResult<Credentials> {
    // SAFETY: per `# Safety`.
    let access_key_id = unsafe { required(access_key_id, c"access_key_id") }?;
    // SAFETY: per `# Safety`.
    let hex = unsafe { required(hex_signing_key, c"hex_signing_key") }?;
    // SAFETY: per `# Safety`.
    let date = unsafe { required(date_yyyymmdd, c"date") }?;
    // SAFETY: per `# Safety`.
    let token = unsafe { optional(security_token, c"security_token") }?;
    Ok(Credentials::from_day_key(access_key_id, hex, date)?.with_optional_token(token)?)
}

/// Signs with a delegated signing key instead of credentials: the key of
/// one UTC day from `oss_derive_signing_key`, derived for this
/// configuration's region and product, as 64 hex digits (either case), with
/// the access key id and the STS token (NULL for none) it belongs to. Clients
/// built from it presign byte-identically to ones built from the secret, for
/// signing times within that UTC day only: `oss_presign_get` at another
/// time fails with `OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE`. Within its day the
/// key signs for any bucket, object and method the access key may use.
/// Credentials and signing keys replace each other: the last call wins. The
/// key is wiped from memory when the configuration and its clients are
/// freed.
///
/// `date_yyyymmdd` is the key's UTC day, `"20240102"`, or its whole scope
/// as V4 writes it in `x-oss-credential`, `"20240102/cn-hangzhou/oss"`
/// (day/region/product): then `oss_client_new_from_config` refuses a key
/// derived for another region or product than the configuration's
/// (`OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE`), whose URLs OSS would refuse. A key
/// given with its day alone cannot be checked.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_MISSING_CREDENTIALS` (empty key id), `OSS_CODE_INVALID_SIGNING_KEY`
/// (not 64 hex digits, or a date that is not YYYYMMDD or
/// YYYYMMDD/region/product),
/// `OSS_CODE_INVALID_CREDENTIALS` (an empty token, or a key id OSS refuses),
/// `OSS_CODE_LIMIT_EXCEEDED` (a key id or token over
/// `OSS_MAX_ARGUMENT_BYTES`).
///
/// # Safety
/// `config` is NULL or a live configuration not used by another thread
/// during the call; strings are NULL or NUL-terminated.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_config_set_signing_key(
    config: *mut oss_client_config,
    access_key_id: *const c_char,
    hex_signing_key: *const c_char,
    date_yyyymmdd: *const c_char,
    security_token: *const c_char,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let config = unsafe { handle::get_mut(config, c"config") }?;
        // SAFETY: per `# Safety`.
        let day_key = unsafe {
            day_key_from_c(
                access_key_id,
                hex_signing_key,
                date_yyyymmdd,
                security_token,
            )
        }?;
        config.inner.credentials(day_key);
        Ok(())
    })
}

/// As `oss_client_config_set_signing_key`, on a live client: replaces its
/// credentials (or signing key) atomically, as `oss_client_set_credentials`
/// does, while other threads presign.
///
/// Midnight: a client signing with the key of day D that is given the key of
/// D+1 (the usual use: the next day's key from the app server before
/// midnight UTC) keeps D's, each with the key id, token and expiration it
/// came with: instants of D sign with D's key, instants of D+1 with D+1's.
/// A key of D-1 keeps D's likewise. A key of any other day replaces both;
/// `oss_client_set_credentials` replaces keys.
///
/// Errors: as for `oss_client_config_set_signing_key`, with `client` for
/// `config`, and `OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE` (a key given with its
/// scope, derived for another region or product than the client's). On
/// failure the client keeps what it signed with.
///
/// # Safety
/// `client` is NULL or a live client; strings are NULL or NUL-terminated.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_set_signing_key(
    client: *const oss_client,
    access_key_id: *const c_char,
    hex_signing_key: *const c_char,
    date_yyyymmdd: *const c_char,
    security_token: *const c_char,
) -> *mut oss_error {
    // SAFETY: the same contract; 0 is "no expiration".
    unsafe {
        oss_client_set_signing_key_with_expiration(
            client,
            access_key_id,
            hex_signing_key,
            date_yyyymmdd,
            security_token,
            0,
        )
    }
}

/// As `oss_client_set_signing_key`, for a key derived from STS credentials:
/// `expiration_unix_seconds` is when they expire (0 for never), with the
/// same effect as `oss_client_config_set_credentials_expiration`:
/// `oss_presign_get` at or after it fails with
/// `OSS_CODE_CREDENTIALS_EXPIRED`, and for a URL that would outlive it with
/// `OSS_CODE_CREDENTIALS_EXPIRE_FIRST` (or the URL is clamped,
/// `oss_get_options_set_clamp_to_credentials`).
///
/// Errors: as for `oss_client_set_signing_key`, and
/// `OSS_CODE_INVALID_CREDENTIALS` for an expiration outside 1970..9999. On
/// failure the client keeps what it signed with.
///
/// # Safety
/// `client` is NULL or a live client; strings are NULL or NUL-terminated.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_set_signing_key_with_expiration(
    client: *const oss_client,
    access_key_id: *const c_char,
    hex_signing_key: *const c_char,
    date_yyyymmdd: *const c_char,
    security_token: *const c_char,
    expiration_unix_seconds: i64,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let client = unsafe { handle::get(client, c"client") }?;
        // SAFETY: per `# Safety`.
        let day_key = unsafe {
            day_key_from_c(
                access_key_id,
                hex_signing_key,
                date_yyyymmdd,
                security_token,
            )
        }?;
        replace_credentials(client, day_key, expiration_unix_seconds)
    })
}
