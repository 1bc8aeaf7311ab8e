//! Byte-exact Alibaba Cloud OSS V4 presigned GET URLs (`OSS4-HMAC-SHA256`).
//!
//! ```
//! use oss_presign::{Client, Credentials, GetOptions};
//!
//! let client = Client::new(
//!     "oss-cn-hangzhou.aliyuncs.com",
//!     "cn-hangzhou",
//!     Credentials::new("LTAI5tExample", "secret")?,
//! )?;
//! let mut options = GetOptions::new();
//! options.expires(600)?.response_content_disposition("attachment")?;
//! let request = client.presign_get("examplebucket", "photos/2024 summer.jpg", &options)?;
//! assert!(request.url().starts_with(
//!     "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/photos/2024%20summer.jpg?"
//! ));
//! assert!(request.headers().is_empty());
//! # Ok::<(), oss_presign::Error>(())
//! ```
//!
//! The crate has three layers, one module per concept:
//! - a pure core: [`v4`] (the names and constants of V4 signing),
//!   `bearer` (how presigned URLs are shown and wiped),
//!   [`limits`] (every bound), [`encoding`] (RFC 3986), `datetime`,
//!   [`endpoint`] (addressing), `validation` (the naming rules and bound
//!   checks), [`credentials`] (identity and key source) and `day_keys`
//!   (delegated keys), [`options`], `request` (the [`Request`] to presign:
//!   method, bucket, key, options), [`canonical`] (canonical request and
//!   header rule), [`signer`] (string to sign, signing key, signature),
//!   `sha256` (resumable SHA-256 and prepared HMAC keys), `key_cache` (the
//!   lock-free day-key cache), `signing_state` (credentials, encodings and
//!   cache, as one value), `clock` (the corrected time a client signs
//!   with) over `boot_clock` (the clock that counts sleep), [`client`],
//!   `presign` (the entry points),
//!   `presigner` (the one signer every presign goes through), `url` (the
//!   URL writer), `presigned` (the results), `inspect` and `verify` (reading
//!   and checking a URL);
//! - the C ABI in `ffi`, declared in `include/oss_presign.h`;
//! - the Objective-C and JNI wrappers under `bindings/`, over that header.
//!
//! The core never panics on caller input and has no `unsafe` but one
//! `clock_gettime` call in `boot_clock`.

mod bearer;
mod boot_clock;
pub mod canonical;
pub mod client;
mod clock;
pub mod crc64;
pub mod credentials;
mod datetime;
mod day_keys;
pub mod encoding;
pub mod endpoint;
mod error;
mod http_date;
mod inspect;
mod key_cache;
mod key_lint;
mod lifetime;
pub mod limits;
pub mod options;
mod presign;
mod presigned;
mod presigner;
mod request;
mod service_error;
mod sha256;
pub mod signer;
mod signing_state;
mod url;
pub mod v4;
mod validation;
mod verify;

#[allow(unsafe_code)]
pub mod ffi;

pub use client::{Client, ClientBuilder};
pub use clock::{Clock, SystemClock};
pub use credentials::Credentials;
pub use endpoint::{AddressingStyle, Endpoint, Scheme};
pub use error::{Error, ErrorKind, Result};
pub use http_date::parse_http_date;
pub use inspect::UrlInfo;
pub use key_lint::{KeyLint, lint_key};
pub use limits::{
    FUTURE_DATE_TOLERANCE_SECONDS, MAX_ERROR_BODY_BYTES, MAX_KEY_BYTES, MAX_SIGNING_TIME_WINDOW,
    MAX_UNIX_SECONDS, MIN_UNIX_SECONDS,
};
pub use options::GetOptions;
pub use presigned::{PresignedBatch, PresignedRequest, SignedHeader, SigningTrace};
pub use request::{Method, Request};
pub use service_error::{KNOWN_FIELDS, ServiceError};

/// The crate version, e.g. `"0.1.0"`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
