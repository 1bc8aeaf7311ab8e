//! The signer of presigned URLs: every presign (single, as a URL or a
//! whole request, and batch) signs through a [`Presigner`].
//!
//! A presigner is prepared once per call (the bucket checked, one signing
//! time, one snapshot of the credentials, their MAC key for that time, one
//! lifetime) and signs each key: one for a single presign, many for a
//! batch. The URL is written once into a buffer of exactly the right size
//! (`url`), and its canonical request is hashed straight from slices of it
//! and signed by [`sign_presigned`], so a presign allocates only the URL.

use std::sync::Arc;

use arc_swap::Guard;

use crate::canonical::{HeaderLines, ListedNames, PresignedParts};
use crate::client::Client;
use crate::datetime::SigningDateTime;
use crate::error::{Error, ErrorKind, Result};
use crate::lifetime::lifetime_seconds;
use crate::limits::MAX_URL_BYTES;
use crate::options::GetOptions;
use crate::presigned::{PresignedUrl, Signed, SigningTrace, UrlBuffer};
use crate::request::{Method, Request};
use crate::sha256::MacKey;
use crate::signer::{sign_presigned, trace_presigned};
use crate::signing_state::{Signing, SigningState};
use crate::url::{Location, Query, UnsignedUrl, decimal};
use crate::validation::{check_bucket, check_key};

/// Signs the URLs of one presign call: its method, bucket and options, one
/// signing time, one snapshot of the credentials and their MAC key for that
/// time, one lifetime.
pub(crate) struct Presigner<'a> {
    client: &'a Client,
    method: Method,
    bucket: &'a str,
    options: &'a GetOptions,
    time: SigningDateTime,
    expires: u64,
    signing: Guard<Arc<Signing>>,
    mac_key: MacKey,
}

impl<'a> Presigner<'a> {
    /// Prepares the presigns of `method` in `bucket` with `options`: checks
    /// the bucket, decides the signing time (the options', or `clock()` read
    /// only then), takes the credentials and the lifetime.
    pub(crate) fn new(
        client: &'a Client,
        method: Method,
        bucket: &'a str,
        options: &'a GetOptions,
        clock: impl FnOnce() -> i64,
    ) -> Result<Self> {
        check_bucket(bucket)?;
        let at = client.signing_time(options, clock)?;
        let unix_seconds = at.signing_time;
        let signing = client.signing_state();
        let state = signing.at(unix_seconds);
        let expires = lifetime_seconds(options, at, state.expiration())?;
        let Some((time, mac_key)) = state.signing_key_at(unix_seconds, &client.scope)? else {
            return Err(no_key_for_day());
        };
        Ok(Presigner {
            client,
            method,
            bucket,
            options,
            time,
            expires,
            signing,
            mac_key,
        })
    }

    /// Prepares the presign of `request`; its key is signed by
    /// [`Presigner::sign_key`].
    pub(crate) fn of(
        client: &'a Client,
        request: &Request<'a>,
        clock: impl FnOnce() -> i64,
    ) -> Result<Self> {
        let (bucket, options) = (request.bucket(), request.options());
        Presigner::new(client, request.method(), bucket, options, clock)
    }

    /// The signing state of the signing time: its key id and token.
    fn state(&self) -> &SigningState {
        self.signing.at(self.time.unix_seconds())
    }

    /// The signing time of every URL it signs, in Unix seconds.
    pub(crate) fn signing_time(&self) -> i64 {
        self.time.unix_seconds()
    }

    /// The expiration of every URL it signs, in Unix seconds.
    pub(crate) fn expiration(&self) -> i64 {
        self.time.unix_seconds() + self.expires as i64
    }

    /// The URL of `key`, checked, in a buffer from `buffer`.
    pub(crate) fn sign_key(&self, key: &str, buffer: UrlBuffer) -> Result<Signed> {
        check_key(key)?;
        let client = self.client;
        let (datetime, date) = (self.time.as_bytes(), self.time.date_bytes());
        let mut expires_digits = [0; 20];
        let headers = self.options.headers();
        let query = Query {
            user: self.options.query(),
            headers,
            credential_head: self.state().credential_head(),
            date,
            credential_tail: client.scope.credential_tail(),
            datetime,
            expires: decimal(&mut expires_digits, self.expires),
            security_token: self.state().encoded_security_token(),
        };
        let location = Location::new(&client.endpoint, client.style, self.bucket, key);
        let url_len = UnsignedUrl::len(&location, &query);
        if url_len > MAX_URL_BYTES {
            return Err(url_too_long(url_len));
        }
        let url = UnsignedUrl::write(buffer(url_len), url_len, &location, &query);
        let parts = self.parts(url.key_path(), url.query());
        let signature = sign_presigned(&self.mac_key, &self.time, &client.scope, parts);
        let layout = url.layout();
        Ok(Signed {
            url: PresignedUrl::new(url.sign(&signature)),
            layout,
            method: self.method,
            signing_time: self.signing_time(),
            expiration: self.expiration(),
        })
    }

    /// The canonical request and string to sign of a URL it signed. Apart
    /// from [`Presigner::sign_key`], so that a program that only presigns
    /// does not link the tracing code.
    pub(crate) fn trace(&self, signed: &Signed) -> SigningTrace {
        let url = signed.url.as_bytes();
        let (key_path, query) = (signed.layout.key_path(url), signed.layout.query(url));
        trace_presigned(&self.time, &self.client.scope, self.parts(key_path, query))
    }

    /// What the canonical request of a URL is made of, given its key path
    /// and query.
    #[inline]
    fn parts<'p>(&'p self, key_path: &'p [u8], query: &'p [u8]) -> PresignedParts<'p> {
        let headers = self.options.headers();
        PresignedParts {
            method: self.method,
            bucket: self.bucket,
            key_path,
            query,
            headers: HeaderLines::Options(headers.iter()),
            additional_headers: ListedNames::Options(headers.iter()),
        }
    }
}

// The errors of a presign are built out of line: built inline, they changed
// what LLVM inlines into it and cost about 400 instructions per presign
// (callgrind, bench/callgrind.sh).

/// Only delegated day keys have no key for other days.
#[cold]
fn no_key_for_day() -> Error {
    Error::new(
        ErrorKind::SigningKeyOutOfScope,
        c"signing_time",
        "is outside the UTC day of the client's signing key",
    )
}

#[cold]
fn url_too_long(url_len: usize) -> Error {
    Error::new(
        ErrorKind::LimitExceeded,
        c"url",
        format!("would be {url_len} bytes, more than the {MAX_URL_BYTES} allowed"),
    )
}
