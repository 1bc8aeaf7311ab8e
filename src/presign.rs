//! Presigning a GET: from (client, bucket, key, options, time) to the URL.
//!
//! The URL is written once into a buffer of exactly the right size; the
//! canonical request is hashed straight from slices of that URL (its path and
//! query are the canonical encoding), so a presign allocates only the URL.

use crate::canonical::{CanonicalRequestParts, Sink, Tee, write_canonical_request};
use std::sync::Arc;

use arc_swap::Guard;

use crate::client::Client;
use crate::datetime::SigningDateTime;
use crate::encoding::{path_encoded_len, push_path_encoded, push_query_encoded, query_encoded_len};
use crate::endpoint::{push_url_prefix, url_prefix_len};
use crate::error::{Error, ErrorKind, Result};
use crate::lifetime::lifetime_seconds;
use crate::limits::MAX_URL_BYTES;
use crate::options::{GetOptions, QueryParam, RequestHeader};
use crate::sha256::{MacKey, Sha256Stream, hex_lower};
use crate::signer::write_string_to_sign;
use crate::signing_state::SigningState;
use crate::v4::{
    ADDITIONAL_HEADERS, ALGORITHM, CREDENTIAL, DATE, EXPIRES, SECURITY_TOKEN, SIGNATURE_VERSION,
    UNSIGNED_PAYLOAD,
};
use crate::validation::{check_batch_len, check_bucket, check_key};

/// A header the downloader must send, exactly, for the URL to be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeader {
    /// Name as given to [`GetOptions::add_header`].
    pub name: String,
    /// Value as signed (surrounding whitespace removed).
    pub value: String,
}

/// A presigned URL, printable ASCII by construction: it is written only
/// here, from the percent-encoder's output (unreserved characters and
/// `%XX`), a validated endpoint and bucket, `x-oss-*` names, decimal digits
/// and hex. So it never holds a NUL byte, a space or a control character.
///
/// It is kept as bytes: the C layer hands them out as they are, and only a
/// Rust caller's `String` needs the UTF-8 check, once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PresignedUrl(Vec<u8>);

impl PresignedUrl {
    /// The text, in a buffer with the spare capacity the presign was asked
    /// to leave after it.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The text as a `String` (ASCII, so the check always passes).
    pub(crate) fn into_string(self) -> String {
        String::from_utf8(self.0)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }
}

/// A presigned GET: URL, validity window and headers to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    url: String,
    signing_time: i64,
    expiration: i64,
    headers: Vec<SignedHeader>,
    diagnostics: Option<SigningTrace>,
}

impl PresignedRequest {
    /// The URL, already in canonical encoding: hand it to the HTTP stack
    /// unchanged (no re-encoding, no `+` for spaces).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL, by value.
    pub fn into_url(self) -> String {
        self.url
    }

    /// Always `"GET"`.
    pub fn method(&self) -> &'static str {
        "GET"
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

    /// Headers the GET must carry, with exactly these values. Empty unless
    /// headers were added to the options.
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
        // The URL came from a `PresignedUrl`: printable ASCII.
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

/// What a presign produces before the headers are copied out of the
/// options (the URL-only path never copies them).
pub(crate) struct Signed {
    url: PresignedUrl,
    signing_time: i64,
    expiration: i64,
}

/// What a caller wants besides the URL, and the buffer it needs.
struct Request<'a, C: Sink, S: Sink> {
    bucket: &'a str,
    key: &'a str,
    options: &'a GetOptions,
    /// Bytes of capacity to leave after the URL (the C layer's NUL).
    spare_capacity: usize,
    /// Where the canonical request and the string to sign are copied:
    /// `()` (nowhere) on the hot path.
    canonical_trace: C,
    string_to_sign_trace: S,
}

impl<'a> Request<'a, (), ()> {
    /// A request without traces.
    fn new(bucket: &'a str, key: &'a str, options: &'a GetOptions, spare_capacity: usize) -> Self {
        Request {
            bucket,
            key,
            options,
            spare_capacity,
            canonical_trace: (),
            string_to_sign_trace: (),
        }
    }
}

impl Client {
    /// Presigns a GET of `bucket`/`key`, signed now (system clock) unless the
    /// options fix the signing time.
    ///
    /// ```
    /// use oss_presign::{Client, Credentials, GetOptions};
    /// let client = Client::new(
    ///     "oss-cn-hangzhou.aliyuncs.com",
    ///     "cn-hangzhou",
    ///     Credentials::new("ak", "sk")?,
    /// )?;
    /// let mut options = GetOptions::new();
    /// options.expires(3600)?.signing_time(1_704_164_645)?;
    /// let request = client.presign_get("examplebucket", "exampleobject.txt", &options)?;
    /// // Vector G1 of the V4 test vectors.
    /// assert!(request.url().starts_with(
    ///     "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/exampleobject.txt?"
    /// ));
    /// assert!(request.url().ends_with(
    ///     "&x-oss-signature=0e8a63b97cdaf20d0510524d7cdb6ab454c19d5bd18535fef162617d34682898"
    /// ));
    /// assert_eq!(request.expiration(), 1_704_164_645 + 3600);
    /// # Ok::<(), oss_presign::Error>(())
    /// ```
    pub fn presign_get(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
    ) -> Result<PresignedRequest> {
        self.presign_request(bucket, key, options, 0)
    }

    /// As [`Client::presign_get`], with `now` (Unix seconds) as the signing
    /// time unless the options fix one. A pure function of its inputs.
    pub fn presign_get_at(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
        now: i64,
    ) -> Result<PresignedRequest> {
        self.presign_request_at(bucket, key, options, 0, || now)
    }

    /// As [`Client::presign_get`], returning only the URL. It allocates
    /// only the URL, whatever the options (the headers to send are the ones
    /// the caller added).
    pub fn presign_get_url(&self, bucket: &str, key: &str, options: &GetOptions) -> Result<String> {
        Ok(self.presign_url(bucket, key, options, 0)?.into_string())
    }

    /// Presigns many keys of one bucket in one call (a gallery page, a
    /// feed): one signing time, one snapshot of the credentials, one key
    /// derivation, so every URL after the first costs less than a single
    /// presign. The outer error is what fails every key (the bucket, the
    /// signing time, the lifetime, more than
    /// [`MAX_BATCH_KEYS`](crate::limits::MAX_BATCH_KEYS) keys); each entry is
    /// the URL of that key, in order, or its own error (a bad key fails only
    /// its entry).
    ///
    /// ```
    /// use oss_presign::{Client, Credentials, GetOptions};
    /// let client = Client::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou",
    ///                          Credentials::new("ak", "sk")?)?;
    /// let urls = client.presign_get_batch("examplebucket", &["a.jpg", "/bad", "b.jpg"],
    ///                                     &GetOptions::new())?;
    /// assert!(urls[0].is_ok() && urls[1].is_err() && urls[2].is_ok());
    /// # Ok::<(), oss_presign::Error>(())
    /// ```
    pub fn presign_get_batch(
        &self,
        bucket: &str,
        keys: &[&str],
        options: &GetOptions,
    ) -> Result<Vec<Result<String>>> {
        check_batch_len(keys.len())?;
        let signer = self.prepare(bucket, options, || self.now())?;
        Ok(keys
            .iter()
            .map(|key| signer.sign_key(key, 0).map(PresignedUrl::into_string))
            .collect())
    }

    /// The URL-only presign, signed now unless the options fix the time,
    /// leaving `spare_capacity` bytes free after the URL.
    pub(crate) fn presign_url(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
        spare_capacity: usize,
    ) -> Result<PresignedUrl> {
        let request = Request::new(bucket, key, options, spare_capacity);
        Ok(self.presign(request, || self.now())?.url)
    }

    /// The whole presigned request, signed now unless the options fix the
    /// time, leaving `spare_capacity` bytes free after the URL.
    pub(crate) fn presign_request(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
        spare_capacity: usize,
    ) -> Result<PresignedRequest> {
        self.presign_request_at(bucket, key, options, spare_capacity, || self.now())
    }

    /// The whole presigned request, signed at `clock()` unless the options
    /// fix the time, with the diagnostics when the options ask for them.
    fn presign_request_at(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
        spare_capacity: usize,
        clock: impl FnOnce() -> i64,
    ) -> Result<PresignedRequest> {
        if options.wants_diagnostics() {
            let (signed, trace) =
                self.presign_traced(bucket, key, options, spare_capacity, clock)?;
            let mut request = with_headers(signed, options);
            request.diagnostics = Some(trace);
            return Ok(request);
        }
        let request = Request::new(bucket, key, options, spare_capacity);
        let signed = self.presign(request, clock)?;
        Ok(with_headers(signed, options))
    }

    /// A presign that also keeps the canonical request and string to sign.
    fn presign_traced(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
        spare_capacity: usize,
        clock: impl FnOnce() -> i64,
    ) -> Result<(Signed, SigningTrace)> {
        let mut canonical_request = Vec::new();
        let mut string_to_sign = Vec::new();
        let request = Request {
            bucket,
            key,
            options,
            spare_capacity,
            canonical_trace: &mut canonical_request,
            string_to_sign_trace: &mut string_to_sign,
        };
        let signed = self.presign(request, clock)?;
        let trace = SigningTrace {
            canonical_request: String::from_utf8_lossy(&canonical_request).into_owned(),
            string_to_sign: String::from_utf8_lossy(&string_to_sign).into_owned(),
        };
        Ok((signed, trace))
    }

    /// As [`Client::presign_get_at`], also returning the canonical request
    /// and string to sign. Slower; for diagnostics and tests.
    pub fn trace_get_at(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
        now: i64,
    ) -> Result<(PresignedRequest, SigningTrace)> {
        let (signed, trace) = self.presign_traced(bucket, key, options, 0, || now)?;
        Ok((with_headers(signed, options), trace))
    }

    /// The one presign implementation; the two trace sinks are `()` on the
    /// hot path, so tracing costs nothing there.
    fn presign<C: Sink, S: Sink>(
        &self,
        request: Request<'_, C, S>,
        clock: impl FnOnce() -> i64,
    ) -> Result<Signed> {
        let Request {
            bucket,
            key,
            options,
            spare_capacity,
            mut canonical_trace,
            mut string_to_sign_trace,
        } = request;
        let signer = self.prepare(bucket, options, clock)?;
        check_key(key)?;
        signer.sign(
            key,
            spare_capacity,
            &mut canonical_trace,
            &mut string_to_sign_trace,
        )
    }

    /// What every URL of one presign call shares: the bucket, checked; one
    /// signing time; one snapshot of the credentials; their MAC key for that
    /// time; the lifetime.
    pub(crate) fn prepare<'a>(
        &'a self,
        bucket: &'a str,
        options: &'a GetOptions,
        clock: impl FnOnce() -> i64,
    ) -> Result<UrlSigner<'a>> {
        check_bucket(bucket)?;
        let unix_seconds = self.signing_time(options, clock)?;
        let state = self.signing_state();
        let expires = lifetime_seconds(options, unix_seconds, state.expiration())?;
        let Some((time, mac_key)) = state.signing_key_at(unix_seconds, &self.scope)? else {
            return Err(no_key_for_day());
        };
        Ok(UrlSigner {
            client: self,
            bucket,
            options,
            time,
            expires,
            state,
            mac_key,
        })
    }
}

/// Signs URLs of one bucket, one signing time and one set of credentials:
/// a single presign signs one key with it, a batch many.
pub(crate) struct UrlSigner<'a> {
    client: &'a Client,
    bucket: &'a str,
    options: &'a GetOptions,
    time: SigningDateTime,
    expires: u64,
    state: Guard<Arc<SigningState>>,
    mac_key: MacKey,
}

impl UrlSigner<'_> {
    /// The signing time of every URL it signs, in Unix seconds.
    pub(crate) fn signing_time(&self) -> i64 {
        self.time.unix_seconds()
    }

    /// The expiration of every URL it signs, in Unix seconds.
    pub(crate) fn expiration(&self) -> i64 {
        self.time.unix_seconds() + self.expires as i64
    }

    /// The URL of `key`, checked, with `spare_capacity` free bytes after it.
    pub(crate) fn sign_key(&self, key: &str, spare_capacity: usize) -> Result<PresignedUrl> {
        check_key(key)?;
        Ok(self.sign(key, spare_capacity, &mut (), &mut ())?.url)
    }

    /// The URL of `key` (already checked), with `spare_capacity` free bytes
    /// after it, copying the canonical request and string to sign into the
    /// traces.
    pub(crate) fn sign<C: Sink, S: Sink>(
        &self,
        key: &str,
        spare_capacity: usize,
        canonical_trace: &mut C,
        string_to_sign_trace: &mut S,
    ) -> Result<Signed> {
        let client = self.client;
        let (bucket, options, time) = (self.bucket, self.options, &self.time);
        let identity = &self.state;
        let (datetime, date) = (time.as_bytes(), time.date_bytes());

        let mut expires_digits = [0; 20];
        let headers = options.headers();
        let query = Query {
            user: options.query(),
            headers,
            credential_head: identity.credential_head(),
            date,
            credential_tail: client.scope.credential_tail(),
            datetime,
            expires: decimal(&mut expires_digits, self.expires),
            security_token: identity.encoded_security_token(),
        };

        let key_len = path_encoded_len(key);
        let url_len = url_prefix_len(&client.endpoint, client.style, bucket)
            + 1
            + key_len
            + query.len()
            + SIGNATURE_PARAM.len()
            + 64;
        if url_len > MAX_URL_BYTES {
            return Err(url_too_long(url_len));
        }
        // The key's encoder writes three bytes past its end, within the
        // capacity that the query then fills.
        let mut url = Vec::with_capacity(url_len + spare_capacity);
        push_url_prefix(&mut url, &client.endpoint, client.style, bucket);
        let key_path_start = url.len();
        url.push(b'/');
        push_path_encoded(&mut url, key, key_len);
        let key_path_end = url.len();
        query.write(&mut url);

        let canonical_request_hash = {
            let mut hasher = Sha256Stream::new();
            let key_path = url.get(key_path_start..key_path_end).unwrap_or_default();
            let query = url.get(key_path_end + 1..).unwrap_or_default();

            write_canonical_request(
                &mut Tee(&mut hasher, canonical_trace),
                CanonicalRequestParts {
                    method: "GET",
                    uri: &[b"/", bucket.as_bytes(), key_path],
                    query,
                    headers: headers
                        .iter()
                        .map(|h| (h.canonical_name.as_str(), h.value.as_str())),
                    additional_headers: additional_headers(headers)
                        .map(|h| h.canonical_name.as_str()),
                    payload: UNSIGNED_PAYLOAD,
                },
            );
            hex_lower(&hasher.finalize())
        };

        let mut mac = self.mac_key.start();
        write_string_to_sign(
            &mut Tee(&mut mac, string_to_sign_trace),
            datetime,
            date,
            &client.scope,
            &canonical_request_hash,
        );
        let signature = hex_lower(&mac.finalize());

        url.extend_from_slice(SIGNATURE_PARAM.as_bytes());
        url.extend_from_slice(&signature);
        debug_assert_eq!(url.len(), url_len, "URL length precomputed wrongly");

        Ok(Signed {
            url: PresignedUrl(url),
            signing_time: self.signing_time(),
            expiration: self.expiration(),
        })
    }
}

// The errors of `presign` are built out of line: built inline, they changed
// what LLVM inlines into it and cost about 400 instructions per presign
// (callgrind, bench/callgrind.sh).

/// Only a delegated day key has no key for other days.
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

/// The presigned request, with copies of the headers the GET must send.
fn with_headers(signed: Signed, options: &GetOptions) -> PresignedRequest {
    PresignedRequest {
        url: signed.url.into_string(),
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

/// `&` [`SIGNATURE`](crate::v4::SIGNATURE) `=`: the signature comes last and
/// is not signed.
const SIGNATURE_PARAM: &str = "&x-oss-signature=";

/// Headers OSS does not sign unless named in `x-oss-additional-headers`.
fn additional_headers(headers: &[RequestHeader]) -> impl Iterator<Item = &RequestHeader> {
    headers.iter().filter(|h| !h.is_signed_by_default())
}

/// The query of the URL, which is also the canonical query: the caller's
/// parameters (kept sorted and encoded by the options) merged with the
/// signing parameters, in canonical order. Values are already encoded.
struct Query<'a> {
    user: &'a [QueryParam],
    /// The signed headers: those OSS does not sign by default are named in
    /// `x-oss-additional-headers`, left out when there are none.
    headers: &'a [RequestHeader],
    /// `x-oss-credential` is head, date and tail.
    credential_head: &'a [u8],
    date: &'a [u8; 8],
    credential_tail: &'a [u8],
    datetime: &'a [u8; 16],
    expires: &'a [u8],
    security_token: Option<&'a str>,
}

const ENCODED_SEMICOLON: &str = "%3B";

impl Query<'_> {
    /// Length of what [`Query::write`] writes.
    fn len(&self) -> usize {
        // Each parameter: separator ('?' or '&'), name, '=', value.
        let param = |name: &str, value_len: usize| 1 + name.len() + 1 + value_len;
        let user: usize = self.user.iter().map(|p| 1 + user_param_len(p)).sum();
        let (names, names_len) = additional_headers(self.headers).fold((0, 0), |(n, len), h| {
            (n + 1, len + query_encoded_len(&h.canonical_name))
        });
        let additional = match names {
            0 => 0,
            n => param(
                ADDITIONAL_HEADERS,
                names_len + (n - 1) * ENCODED_SEMICOLON.len(),
            ),
        };
        let credential = self.credential_head.len() + self.date.len() + self.credential_tail.len();
        user + additional
            + param(CREDENTIAL, credential)
            + param(DATE, self.datetime.len())
            + param(EXPIRES, self.expires.len())
            + self
                .security_token
                .map_or(0, |t| param(SECURITY_TOKEN, t.len()))
            + param(SIGNATURE_VERSION, ALGORITHM.len())
    }

    /// Writes `?` and the query. Reserved names were refused when the
    /// caller's parameters were added, so names never tie.
    fn write(&self, out: &mut Vec<u8>) {
        let mut w = QueryWriter {
            out,
            user: self.user.iter().peekable(),
            separator: b'?',
        };
        let mut names = additional_headers(self.headers);
        if let Some(first) = names.next() {
            w.start(ADDITIONAL_HEADERS);
            push_query_encoded(w.out, &first.canonical_name);
            for header in names {
                w.out.extend_from_slice(ENCODED_SEMICOLON.as_bytes());
                push_query_encoded(w.out, &header.canonical_name);
            }
        }
        w.start(CREDENTIAL);
        w.out.extend_from_slice(self.credential_head);
        w.out.extend_from_slice(self.date);
        w.out.extend_from_slice(self.credential_tail);
        w.start(DATE);
        w.out.extend_from_slice(self.datetime);
        w.start(EXPIRES);
        w.out.extend_from_slice(self.expires);
        if let Some(token) = self.security_token {
            w.start(SECURITY_TOKEN);
            w.out.extend_from_slice(token.as_bytes());
        }
        w.start(SIGNATURE_VERSION);
        w.out.extend_from_slice(ALGORITHM.as_bytes());
        w.finish();
    }
}

/// Merges the caller's parameters into the signing parameters.
struct QueryWriter<'o, 'a> {
    out: &'o mut Vec<u8>,
    user: std::iter::Peekable<std::slice::Iter<'a, QueryParam>>,
    /// Before the next parameter: `?` for the first, then `&`. A byte, not
    /// a slice: pushed inline, not copied by a `memcpy` call.
    separator: u8,
}

impl QueryWriter<'_, '_> {
    /// Writes the caller's parameters that sort before `name`, then starts
    /// the signing parameter `name`: its value is to be written next.
    #[inline(always)]
    fn start(&mut self, name: &str) {
        if self
            .user
            .peek()
            .is_some_and(|p| p.encoded_name.as_str() < name)
        {
            self.user_params_before(name);
        }
        self.out.push(self.separator);
        self.separator = b'&';
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'=');
    }

    fn user_params_before(&mut self, name: &str) {
        while let Some(before) = self.user.next_if(|p| p.encoded_name.as_str() < name) {
            self.out.push(self.separator);
            self.separator = b'&';
            write_user_param(self.out, before);
        }
    }

    /// Writes the caller's parameters that sort after every signing one.
    fn finish(self) {
        for param in self.user {
            self.out.push(self.separator);
            write_user_param(self.out, param);
        }
    }
}

/// An empty value is written as the bare name.
fn user_param_len(param: &QueryParam) -> usize {
    match param.encoded_value.len() {
        0 => param.encoded_name.len(),
        value => param.encoded_name.len() + 1 + value,
    }
}

fn write_user_param(out: &mut Vec<u8>, param: &QueryParam) {
    out.extend_from_slice(param.encoded_name.as_bytes());
    if !param.encoded_value.is_empty() {
        out.push(b'=');
        out.extend_from_slice(param.encoded_value.as_bytes());
    }
}

/// Writes `value` in decimal at the end of `buffer`, returning the digits.
/// A caller's buffer, not a returned one: moving the digits just after they
/// were stored a byte at a time stalled the CPU's store forwarding (1% of a
/// presign, `perf annotate`).
fn decimal(buffer: &mut [u8; 20], mut value: u64) -> &[u8] {
    let mut start = buffer.len();
    for slot in buffer.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        start -= 1;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    buffer.get(start..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Credentials;

    #[test]
    fn decimal_formats_every_width() {
        for value in [
            0,
            1,
            9,
            10,
            900,
            604_800,
            99_999_999,
            100_000_000,
            100_000_007,
            10_000_000_000_000_000,
            u64::MAX,
        ] {
            assert_eq!(decimal(&mut [0; 20], value), value.to_string().as_bytes());
        }
    }

    /// One client presigning across seconds and days (its cache hit, missed
    /// and replaced) signs exactly as a new client does each time.
    #[test]
    fn cached_keys_sign_as_fresh_ones() {
        let new_client = || {
            Client::new(
                "oss-cn-hangzhou.aliyuncs.com",
                "cn-hangzhou",
                Credentials::new("ak", "sk").unwrap(),
            )
            .unwrap()
        };
        let client = new_client();
        let o = GetOptions::new();
        let t = 1_704_164_645;
        for now in [t, t, t + 1, t, t + 86_400, t + 86_401, t - 86_400, t, t] {
            for key in ["a.txt", "子/b c"] {
                assert_eq!(
                    client.presign_get_at("bucket", key, &o, now).unwrap(),
                    new_client().presign_get_at("bucket", key, &o, now).unwrap(),
                    "at {now}"
                );
            }
        }
    }

    #[test]
    fn urls_longer_than_the_bound_are_refused_before_they_are_written() {
        let client = Client::new(
            "oss-cn-hangzhou.aliyuncs.com",
            "cn-hangzhou",
            Credentials::new("ak", "sk").unwrap(),
        )
        .unwrap();
        let mut o = GetOptions::new();
        // Each '%' is encoded as "%25": 3 bytes in the URL.
        o.version_id(&"%".repeat(4000)).unwrap();
        let url = client
            .presign_get_at("bucket", "k", &o, 1_704_164_645)
            .unwrap();
        assert!(url.url().len() < MAX_URL_BYTES);
        o.process(&"%".repeat(2000)).unwrap();
        let err = client
            .presign_get_at("bucket", "k", &o, 1_704_164_645)
            .unwrap_err();
        assert_eq!(
            (err.kind(), err.argument()),
            (ErrorKind::LimitExceeded, "url")
        );
    }

    #[test]
    fn joined_constants_match_the_vocabulary() {
        assert_eq!(SIGNATURE_PARAM, format!("&{}=", crate::v4::SIGNATURE));
    }

    #[test]
    fn url_has_exactly_the_precomputed_capacity() {
        let client = Client::builder("http://localhost:9000", "cn-hangzhou")
            .unwrap()
            .credentials(
                Credentials::new("a+k", "sk")
                    .unwrap()
                    .with_security_token("t+/=")
                    .unwrap(),
            )
            .build()
            .unwrap();
        let mut o = GetOptions::new();
        o.add_query("z", "")
            .unwrap()
            .add_query("+a", "b c")
            .unwrap();
        o.add_header("Range", "bytes=0-1")
            .unwrap()
            .add_header("X-A!", "v")
            .unwrap();
        o.signing_time(1_704_164_645).unwrap();
        for spare in [0, 1] {
            let bytes = client
                .presign_url("bucket", "子 /a+b", &o, spare)
                .unwrap()
                .into_bytes();
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains("&x-oss-additional-headers=range%3Bx-a%21&"));
            // Exactly the URL, plus what the caller asked to leave free.
            assert_eq!(bytes.capacity(), bytes.len() + spare);
        }
    }
}
