//! What a presign gives: the URL, and the request around it (method,
//! validity window, headers to send, and the texts it was signed from), or
//! the URLs of a batch.
//!
//! They hold bearer text: `Debug` shows it redacted and dropping wipes it
//! (see `bearer`).

use std::fmt;

use crate::bearer::{REDACTED, Redacted, RedactedCanonicalRequest, wipe_string};
use crate::error::Result;
use crate::options::GetOptions;
use crate::request::Method;
use crate::url::UrlLayout;

/// A header the downloader must send, exactly, for the URL to be accepted.
///
/// `Debug` shows its name, not its value: a signed header may carry a key
/// (`x-oss-server-side-encryption-customer-key`).
#[derive(Clone, PartialEq, Eq)]
pub struct SignedHeader {
    /// Name as given to [`GetOptions::add_header`].
    pub name: String,
    /// Value as signed (surrounding whitespace removed).
    pub value: String,
}

impl fmt::Debug for SignedHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedHeader")
            .field("name", &self.name)
            .field("value", &format_args!("{REDACTED}"))
            .finish()
    }
}

/// How the buffer of a URL is allocated, given the URL's exact length: a
/// Rust caller takes [`exact_buffer`]; the C layer reserves one more byte,
/// for the NUL that makes the URL a C string without a reallocation.
pub(crate) type UrlBuffer = fn(usize) -> Vec<u8>;

/// Room for exactly the URL.
pub(crate) fn exact_buffer(url_len: usize) -> Vec<u8> {
    Vec::with_capacity(url_len)
}

/// A presigned URL, printable ASCII by construction: it is written only
/// by the presign, from the percent-encoder's output (unreserved
/// characters and `%XX`), a validated endpoint and bucket, `x-oss-*` names,
/// decimal digits and hex. So it never holds a NUL byte, a space or a
/// control character.
///
/// It is kept as bytes: the C layer hands them out as they are, and only a
/// Rust caller's `String` needs the UTF-8 check, once.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct PresignedUrl(Vec<u8>);

impl PresignedUrl {
    /// Only a presign makes one (see the type's guarantee).
    pub(crate) fn new(bytes: Vec<u8>) -> Self {
        PresignedUrl(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text, in the buffer the presign's [`UrlBuffer`] allocated.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The text as a `String` (ASCII, so the check always passes).
    pub(crate) fn into_string(self) -> String {
        String::from_utf8(self.0)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }
}

/// What a presign produces before the headers are copied out of the
/// options (the URL-only path never copies them).
pub(crate) struct Signed {
    pub(crate) url: PresignedUrl,
    /// Where the URL's signed parts are (for its trace).
    pub(crate) layout: UrlLayout,
    pub(crate) method: Method,
    pub(crate) signing_time: i64,
    pub(crate) expiration: i64,
}

/// A presigned request: URL, method, validity window and headers to send.
///
/// `Debug` shows the URL without the values of its signature and STS token,
/// and the headers without their values; the URL is wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    /// From a [`PresignedUrl`]: printable ASCII.
    url: String,
    method: Method,
    signing_time: i64,
    expiration: i64,
    headers: Vec<SignedHeader>,
    diagnostics: Option<SigningTrace>,
}

impl PresignedRequest {
    /// The presigned request of `signed`, with copies of the headers the
    /// request must send.
    pub(crate) fn new(signed: Signed, options: &GetOptions) -> Self {
        PresignedRequest {
            url: signed.url.into_string(),
            method: signed.method,
            signing_time: signed.signing_time,
            expiration: signed.expiration,
            headers: options
                .headers()
                .iter()
                .map(|h| SignedHeader {
                    name: h.name.clone(),
                    value: h.value.clone(),
                })
                .collect(),
            diagnostics: None,
        }
    }

    pub(crate) fn with_diagnostics(mut self, trace: SigningTrace) -> Self {
        self.diagnostics = Some(trace);
        self
    }

    /// The URL, already in canonical encoding: hand it to the HTTP stack
    /// unchanged (no re-encoding, no `+` for spaces).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL, by value: the caller's to wipe.
    pub fn into_url(mut self) -> String {
        std::mem::take(&mut self.url)
    }

    /// The HTTP method the URL is signed for: send exactly this one.
    pub fn method(&self) -> Method {
        self.method
    }

    /// `x-oss-date` as Unix seconds.
    pub fn signing_time(&self) -> i64 {
        self.signing_time
    }

    /// Unix seconds after which OSS refuses the URL
    /// (`signing_time + x-oss-expires`).
    pub fn expiration(&self) -> i64 {
        self.expiration
    }

    /// Headers the request must carry, with exactly these values. Empty
    /// unless headers were added to the options.
    pub fn headers(&self) -> &[SignedHeader] {
        &self.headers
    }

    /// The canonical request and string to sign, when the options asked
    /// for [`GetOptions::diagnostics`]: compare them with the
    /// `CanonicalRequest` and `StringToSign` of an OSS
    /// `SignatureDoesNotMatch` error.
    pub fn diagnostics(&self) -> Option<&SigningTrace> {
        self.diagnostics.as_ref()
    }

    /// The URL with its guarantee, the headers and the diagnostics.
    pub(crate) fn into_parts(mut self) -> (PresignedUrl, Vec<SignedHeader>, Option<SigningTrace>) {
        (
            PresignedUrl(std::mem::take(&mut self.url).into_bytes()),
            std::mem::take(&mut self.headers),
            self.diagnostics.take(),
        )
    }
}

impl Drop for PresignedRequest {
    fn drop(&mut self) {
        wipe_string(&mut self.url);
    }
}

impl fmt::Debug for PresignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignedRequest")
            .field("url", &Redacted(&self.url))
            .field("method", &self.method)
            .field("signing_time", &self.signing_time)
            .field("expiration", &self.expiration)
            .field("headers", &self.headers)
            .field("diagnostics", &self.diagnostics)
            .finish()
    }
}

/// The URLs of a batch presign
/// ([`Client::presign_get_batch`](crate::Client::presign_get_batch)): one
/// entry per key, in order, each the URL of that key or its own error, and
/// the signing time and expiration every URL shares. It reads as the slice
/// of its entries.
///
/// `Debug` shows each URL without the values of its signature and STS
/// token; the URLs are wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedBatch {
    signing_time: i64,
    expiration: i64,
    entries: Vec<Result<String>>,
}

impl PresignedBatch {
    pub(crate) fn new(signing_time: i64, expiration: i64, entries: Vec<Result<String>>) -> Self {
        PresignedBatch {
            signing_time,
            expiration,
            entries,
        }
    }

    /// `x-oss-date` of every URL, as Unix seconds.
    pub fn signing_time(&self) -> i64 {
        self.signing_time
    }

    /// Unix seconds after which OSS refuses every URL of the batch: presign
    /// the page again before then.
    pub fn expiration(&self) -> i64 {
        self.expiration
    }

    /// The entries, by value: the caller's to wipe.
    pub fn into_entries(mut self) -> Vec<Result<String>> {
        std::mem::take(&mut self.entries)
    }
}

impl std::ops::Deref for PresignedBatch {
    type Target = [Result<String>];

    fn deref(&self) -> &[Result<String>] {
        &self.entries
    }
}

impl<'a> IntoIterator for &'a PresignedBatch {
    type Item = &'a Result<String>;
    type IntoIter = std::slice::Iter<'a, Result<String>>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// The entries by value ([`PresignedBatch::into_entries`]).
impl IntoIterator for PresignedBatch {
    type Item = Result<String>;
    type IntoIter = std::vec::IntoIter<Result<String>>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_entries().into_iter()
    }
}

impl Drop for PresignedBatch {
    fn drop(&mut self) {
        for url in self.entries.iter_mut().flatten() {
            wipe_string(url);
        }
    }
}

impl fmt::Debug for PresignedBatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entries: Vec<std::result::Result<Redacted<'_>, _>> = self
            .entries
            .iter()
            .map(|entry| entry.as_deref().map(Redacted))
            .collect();
        f.debug_struct("PresignedBatch")
            .field("signing_time", &self.signing_time)
            .field("expiration", &self.expiration)
            .field("entries", &entries)
            .finish()
    }
}

/// The texts a signature was computed from, for debugging a
/// `SignatureDoesNotMatch`: OSS returns its own string to sign in that error.
///
/// The canonical request holds the URL's query, STS token included, and
/// the signed headers' values: `Debug` shows it without the token's value
/// and the headers' values, and both texts are wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningTrace {
    /// The canonical request, whose SHA-256 is in the string to sign.
    pub canonical_request: String,
    /// The string to sign, the input of the final HMAC.
    pub string_to_sign: String,
}

impl Drop for SigningTrace {
    fn drop(&mut self) {
        wipe_string(&mut self.canonical_request);
        wipe_string(&mut self.string_to_sign);
    }
}

impl fmt::Debug for SigningTrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningTrace")
            .field(
                "canonical_request",
                &RedactedCanonicalRequest(&self.canonical_request),
            )
            .field("string_to_sign", &self.string_to_sign)
            .finish()
    }
}
