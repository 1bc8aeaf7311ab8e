//! What a presign gives: the URL, and the request around it (method,
//! validity window, headers to send, and the texts it was signed from).

use crate::options::GetOptions;
use crate::request::Method;

/// A header the downloader must send, exactly, for the URL to be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeader {
    /// Name as given to [`GetOptions::add_header`].
    pub name: String,
    /// Value as signed (surrounding whitespace removed).
    pub value: String,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PresignedUrl(Vec<u8>);

impl PresignedUrl {
    /// Only a presign makes one (see the type's guarantee).
    pub(crate) fn new(bytes: Vec<u8>) -> Self {
        PresignedUrl(bytes)
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
    pub(crate) method: Method,
    pub(crate) signing_time: i64,
    pub(crate) expiration: i64,
}

/// A presigned request: URL, method, validity window and headers to send.
#[derive(Debug, Clone, PartialEq, Eq)]
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

    /// The URL, by value.
    pub fn into_url(self) -> String {
        self.url
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
    pub(crate) fn into_parts(self) -> (PresignedUrl, Vec<SignedHeader>, Option<SigningTrace>) {
        (
            PresignedUrl(self.url.into_bytes()),
            self.headers,
            self.diagnostics,
        )
    }
}

/// The texts a signature was computed from, for debugging a
/// `SignatureDoesNotMatch`: OSS returns its own string to sign in that error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningTrace {
    /// The canonical request, whose SHA-256 is in the string to sign.
    pub canonical_request: String,
    /// The string to sign, the input of the final HMAC.
    pub string_to_sign: String,
}
