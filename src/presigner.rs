//! The signer of presigned URLs: every presign (single, as a URL or a
//! whole request, and batch) signs through a [`Presigner`], and every
//! signature, verified ones included, is made with the key and time of an
//! [`InstantSigner`].
//!
//! A presigner is prepared once per call from one [`BucketRequest`] (the
//! bucket checked, one signing time, one snapshot of the credentials, their
//! MAC key for that time, one lifetime) and signs each key: one for a
//! single presign, many for a batch. The URL is written once into a buffer
//! of exactly the right size (`url`), and its canonical request is hashed
//! straight from slices of it and signed by [`sign_presigned`], so a
//! presign allocates only the URL.

use std::sync::Arc;

use arc_swap::Guard;

use crate::canonical::{HeaderLines, ListedNames, PresignedParts};
use crate::client::Client;
use crate::datetime::SigningDateTime;
use crate::error::{Error, ErrorKind, Result};
use crate::lifetime::lifetime_seconds;
use crate::limits::MAX_URL_BYTES;
use crate::presigned::{PresignedUrl, Signed, SigningTrace, UrlBuffer};
use crate::request::BucketRequest;
use crate::sha256::MacKey;
use crate::signer::{Scope, sign_presigned, trace_presigned};
use crate::signing_state::{Signing, SigningState};
use crate::url::{Location, Query, UnsignedUrl, decimal};
use crate::validation::{check_bucket, check_key};

/// Signs the URLs of one presign call: its method, bucket and options, one
/// signing time, one snapshot of the credentials and their MAC key for that
/// time, one lifetime.
pub(crate) struct Presigner<'a> {
    client: &'a Client,
    request: BucketRequest<'a>,
    expires: u64,
    signer: InstantSigner,
}

impl<'a> Presigner<'a> {
    /// Prepares the presigns of `request`: checks the bucket, decides the
    /// signing time (the options', or `clock()` read only then), takes the
    /// credentials and the lifetime.
    pub(crate) fn new(
        client: &'a Client,
        request: BucketRequest<'a>,
        clock: impl FnOnce() -> i64,
    ) -> Result<Self> {
        check_bucket(request.bucket)?;
        let at = client.signing_time(request.options, clock)?;
        let signing = client.signing_state();
        // Built here rather than by `InstantSigner::new`: the lifetime needs
        // this state too, and reading it once saves ~28 instructions a
        // presign (callgrind).
        let state = signing.at(at.signing_time);
        let expires = lifetime_seconds(request.options, at, state.expiration())?;
        let Some((time, mac_key)) = state.signing_key_at(at.signing_time, &client.scope)? else {
            return Err(no_key_for_day());
        };
        Ok(Presigner {
            client,
            request,
            expires,
            signer: InstantSigner {
                time,
                signing,
                mac_key,
            },
        })
    }

    /// The signing time of every URL it signs, in Unix seconds.
    pub(crate) fn signing_time(&self) -> i64 {
        self.signer.time.unix_seconds()
    }

    /// The expiration of every URL it signs, in Unix seconds.
    pub(crate) fn expiration(&self) -> i64 {
        self.signing_time() + self.expires as i64
    }

    /// The URL of `key`, checked, in a buffer from `buffer`.
    pub(crate) fn sign_key(&self, key: &str, buffer: UrlBuffer) -> Result<Signed> {
        check_key(key)?;
        let (client, request, signer) = (self.client, &self.request, &self.signer);
        let (datetime, date) = (signer.time.as_bytes(), signer.time.date_bytes());
        let mut expires_digits = [0; 20];
        let headers = request.options.headers();
        let query = Query {
            user: request.options.query(),
            headers,
            credential_head: signer.state().credential_head(),
            date,
            credential_tail: client.scope.credential_tail(),
            datetime,
            expires: decimal(&mut expires_digits, self.expires),
            security_token: signer.state().encoded_security_token(),
        };
        let location = Location::new(&client.endpoint, client.style, request.bucket, key);
        let url_len = UnsignedUrl::len(&location, &query);
        if url_len > MAX_URL_BYTES {
            return Err(url_too_long(url_len));
        }
        let url = UnsignedUrl::write(buffer(url_len), url_len, &location, &query);
        let (mac_key, time) = signer.key();
        let parts = self.parts(url.key_path(), url.query());
        let signature = sign_presigned(mac_key, time, &client.scope, parts);
        let layout = url.layout();
        Ok(Signed {
            url: PresignedUrl::new(url.sign(&signature)),
            layout,
            method: request.method,
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
        trace_presigned(
            &self.signer.time,
            &self.client.scope,
            self.parts(key_path, query),
        )
    }

    /// What the canonical request of a URL is made of, given its key path
    /// and query.
    #[inline]
    fn parts<'p>(&'p self, key_path: &'p [u8], query: &'p [u8]) -> PresignedParts<'p> {
        let headers = self.request.options.headers();
        PresignedParts {
            method: self.request.method,
            bucket: self.request.bucket,
            key_path,
            query,
            headers: HeaderLines::Options(headers.iter()),
            additional_headers: ListedNames::Options(headers.iter()),
        }
    }
}

/// Signs at one instant: its `x-oss-date`, a snapshot of the credentials,
/// and their MAC key for that time (from the client's day-key cache). A
/// presigner holds one for its signing time; a verification makes one for
/// the time the URL says.
pub(crate) struct InstantSigner {
    time: SigningDateTime,
    signing: Guard<Arc<Signing>>,
    mac_key: MacKey,
}

impl InstantSigner {
    /// The signer of `unix_seconds` with the credentials of `signing`;
    /// `None` when they hold no key for that day (a delegated key of
    /// another day).
    pub(crate) fn new(
        signing: Guard<Arc<Signing>>,
        unix_seconds: i64,
        scope: &Scope,
    ) -> Result<Option<Self>> {
        let Some((time, mac_key)) = signing
            .at(unix_seconds)
            .signing_key_at(unix_seconds, scope)?
        else {
            return Ok(None);
        };
        Ok(Some(InstantSigner {
            time,
            signing,
            mac_key,
        }))
    }

    /// The signing state of the instant: its key id and token.
    pub(crate) fn state(&self) -> &SigningState {
        self.signing.at(self.time.unix_seconds())
    }

    /// The MAC key and the time that [`sign_presigned`] signs with.
    pub(crate) fn key(&self) -> (&MacKey, &SigningDateTime) {
        (&self.mac_key, &self.time)
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
