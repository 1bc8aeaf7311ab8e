//! `oss_client`: the shareable presigner.

use std::ffi::c_char;

use super::client_config::{credentials_from_c, expiration_from_c, oss_client_config};
use super::error::{FfiResult, oss_error};
use super::handle::{self, Handle, Out, Shared};
use super::panic::boundary;
use super::strings::required;
use crate::{Client, ClientBuilder, Credentials};

/// A client: endpoint, region, addressing and credentials. Opaque and
/// thread-safe: any number of threads may use it at once; presigning reads
/// it without locks. Free with `oss_client_free` after every call using it
/// has returned.
pub struct oss_client {
    pub(crate) inner: Client,
}

impl Handle for oss_client {
    type Ownership = Shared;
}

// A client is used from many threads at once through a `const` pointer.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<oss_client>();
};

/// Creates a client with default addressing (virtual-hosted; path style for
/// IP endpoints). For path style, custom domains or CloudBox use
/// `oss_client_config_new` and `oss_client_new_from_config`.
///
/// - `endpoint`: `[http://|https://]host[:port]`, https by default.
/// - `region`: the bucket's region id, e.g. `"cn-hangzhou"`.
/// - `access_key_id`, `access_key_secret`: required, non-empty.
/// - `security_token`: the STS token, or NULL for long-term keys.
/// - `client_out`: receives the client on success (free with
///   `oss_client_free`); untouched on failure.
///
/// All strings are copied. Errors: `OSS_CODE_NULL_ARGUMENT`,
/// `OSS_CODE_INVALID_UTF8`, `OSS_CODE_INVALID_ENDPOINT`,
/// `OSS_CODE_INVALID_REGION`, `OSS_CODE_MISSING_CREDENTIALS` (empty id or
/// secret), `OSS_CODE_INVALID_CREDENTIALS` (empty token: pass NULL for none),
/// `OSS_CODE_LIMIT_EXCEEDED` (a string over `OSS_MAX_ARGUMENT_BYTES`).
///
/// # Safety
/// String arguments are NULL or NUL-terminated; `client_out` is NULL or valid
/// for writing one pointer.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_new(
    endpoint: *const c_char,
    region: *const c_char,
    access_key_id: *const c_char,
    access_key_secret: *const c_char,
    security_token: *const c_char,
    client_out: *mut *mut oss_client,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let client_out = Out::new(client_out, c"client_out")?;
        // SAFETY: per `# Safety`, the strings are NULL or NUL-terminated.
        let endpoint = unsafe { required(endpoint, c"endpoint") }?;
        // SAFETY: as above.
        let region = unsafe { required(region, c"region") }?;
        // SAFETY: as above.
        let credentials =
            unsafe { credentials_from_c(access_key_id, access_key_secret, security_token) }?;
        let inner = ClientBuilder::new(endpoint, region)?
            .credentials(credentials)
            .build()?;
        // SAFETY: `client_out` is valid for writing, per `# Safety`.
        unsafe { client_out.write(handle::into_raw(oss_client { inner })) };
        Ok(())
    })
}

/// Creates a client from a configuration. The configuration is not consumed:
/// it may build more clients and must still be freed.
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_MISSING_CREDENTIALS` (no
/// credentials were set), `OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE` (a signing key
/// given with its scope, `oss_client_config_set_signing_key`, derived for
/// another region or product than the configuration's).
///
/// # Safety
/// `config` is NULL or a live configuration not mutated during the call;
/// `client_out` is NULL or valid for writing one pointer.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_new_from_config(
    config: *const oss_client_config,
    client_out: *mut *mut oss_client,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        let client_out = Out::new(client_out, c"client_out")?;
        // SAFETY: per `# Safety`.
        let config = unsafe { handle::get(config, c"config") }?;
        let inner = config.inner.build()?;
        // SAFETY: `client_out` is valid for writing, per `# Safety`.
        unsafe { client_out.write(handle::into_raw(oss_client { inner })) };
        Ok(())
    })
}

/// Frees a client and wipes its secret. NULL is accepted and ignored. Results
/// (URLs, presigned requests) obtained from it stay valid.
///
/// # Safety
/// `client` is NULL or a client from this library, not yet freed, that no
/// other thread is using or will use.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_free(client: *mut oss_client) {
    // SAFETY: per `# Safety`.
    boundary(|| unsafe { handle::free(client) })
}

/// Replaces the credentials of a live client: key id, secret, STS token
/// (NULL for none) and their expiration (`expiration_unix_seconds`, 0 for
/// none), as one atomic change, while other threads go on presigning with
/// it. Each presign signs wholly with the old credentials or wholly with the
/// new ones, never a mix (key id, secret, token and cached day key change
/// together); presigns are not blocked by the change. The old secret is wiped
/// once the last presign using it has returned. Also replaces the signing
/// keys set with `oss_client_set_signing_key` (both days' keys, across
/// midnight).
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_UTF8`,
/// `OSS_CODE_MISSING_CREDENTIALS`, `OSS_CODE_INVALID_CREDENTIALS` (an empty
/// token, or an expiration outside 1970..9999), `OSS_CODE_LIMIT_EXCEEDED`. On
/// failure the client keeps its credentials.
///
/// # Safety
/// `client` is NULL or a live client; strings are NULL or NUL-terminated.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_set_credentials(
    client: *const oss_client,
    access_key_id: *const c_char,
    access_key_secret: *const c_char,
    security_token: *const c_char,
    expiration_unix_seconds: i64,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let client = unsafe { handle::get(client, c"client") }?;
        // SAFETY: per `# Safety`, the strings are NULL or NUL-terminated.
        let credentials =
            unsafe { credentials_from_c(access_key_id, access_key_secret, security_token) }?;
        replace_credentials(client, credentials, expiration_unix_seconds)
    })
}

/// The end of `oss_client_set_credentials` and
/// `oss_client_set_signing_key_with_expiration`, once their strings are
/// read: `credentials`, expiring at `expiration_unix_seconds` (0 for
/// never), replace the client's. One body for both, not one copy in each.
#[inline(never)]
pub(super) fn replace_credentials(
    client: &oss_client,
    credentials: Credentials,
    expiration_unix_seconds: i64,
) -> FfiResult<()> {
    let credentials =
        credentials.with_optional_expiration(expiration_from_c(expiration_unix_seconds))?;
    Ok(client.inner.set_credentials(&credentials)?)
}

/// Tells the client the server's current time, in Unix seconds: read it
/// from the HTTP `Date` header (`oss_parse_http_date`) or the `ServerTime`
/// of an OSS error (`oss_service_error_server_time`). Every later presign on
/// this client without an explicit signing time signs with that time,
/// carried forward by the clock that counts time since boot, sleep included
/// (`CLOCK_BOOTTIME` on Linux and Android, `CLOCK_MONOTONIC` on Apple
/// platforms): the device's wall clock is no longer read for signing, so a
/// wrong one, or one the user changes afterwards, does not move the URLs'
/// time, and neither does a phone sleeping in a pocket. Thread-safe: any
/// thread may call it while others presign.
///
/// The time is not authenticated: take it only from an answer of your own
/// endpoint over HTTPS, never from a cached response (an HTTP cache or a
/// proxy replays old `Date`s).
///
/// Errors: `OSS_CODE_NULL_ARGUMENT`, `OSS_CODE_INVALID_SIGNING_TIME` (outside
/// `OSS_MIN_SERVER_UNIX_SECONDS`..`OSS_MAX_SERVER_UNIX_SECONDS`, 2026 to
/// 2099: no genuine OSS answer is dated outside them). On failure the client
/// keeps its correction.
///
/// # Safety
/// `client` is NULL or a live client.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_set_server_time(
    client: *const oss_client,
    server_unix_seconds: i64,
) -> *mut oss_error {
    boundary(|| -> FfiResult<()> {
        // SAFETY: per `# Safety`.
        let client = unsafe { handle::get(client, c"client") }?;
        Ok(client.inner.set_server_time(server_unix_seconds)?)
    })
}

/// The client's clock correction: the corrected time minus the device's
/// wall clock, now, in whole seconds rounded toward zero. 0 before any
/// `oss_client_set_server_time`, and for a NULL `client`.
///
/// # Safety
/// `client` is NULL or a live client.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oss_client_clock_offset(client: *const oss_client) -> i64 {
    boundary(|| {
        // SAFETY: per `# Safety`.
        unsafe { handle::find(client) }.map_or(0, |c| c.inner.clock_offset())
    })
}
