//! Presigning a GET: from (client, bucket, key, options, time) to the URL.
//!
//! The URL is written once into a buffer of exactly the right size; the
//! canonical request is hashed straight from slices of that URL (its path and
//! query are the canonical encoding), so a presign allocates only the URL.

use hmac::Mac;
use sha2::{Digest, Sha256};

use crate::canonical::{
    CanonicalRequestParts, Sink, Tee, UNSIGNED_PAYLOAD, write_canonical_request,
};
use crate::client::Client;
use crate::datetime::SigningDateTime;
use crate::encoding::{path_encoded_len, push_path_encoded, push_query_encoded, query_encoded_len};
use crate::endpoint::{push_url_prefix, url_prefix_len};
use crate::error::{Error, ErrorKind, Result};
use crate::options::{
    DEFAULT_EXPIRES_SECONDS, GetOptions, MAX_EXPIRES_SECONDS, QueryParam, RequestHeader,
};
use crate::signer::{ALGORITHM, SCOPE_TERMINATOR, SigningKey, write_string_to_sign};
use crate::validation::{check_bucket, check_key};

/// A header the downloader must send, exactly, for the URL to be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeader {
    /// Name as given to [`GetOptions::add_header`].
    pub name: String,
    /// Value as signed (surrounding whitespace removed).
    pub value: String,
}

/// A presigned GET: URL, validity window and headers to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    url: String,
    signing_time: i64,
    expiration: i64,
    headers: Vec<SignedHeader>,
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
        self.presign_get_at(bucket, key, options, system_unix_seconds())
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
        self.presign(bucket, key, options, now, &mut (), &mut ())
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
        let mut canonical_request = Vec::new();
        let mut string_to_sign = Vec::new();
        let request = self.presign(
            bucket,
            key,
            options,
            now,
            &mut canonical_request,
            &mut string_to_sign,
        )?;
        let trace = SigningTrace {
            canonical_request: String::from_utf8_lossy(&canonical_request).into_owned(),
            string_to_sign: String::from_utf8_lossy(&string_to_sign).into_owned(),
        };
        Ok((request, trace))
    }

    /// The one presign implementation; the two trace sinks are `()` on the
    /// hot path, so tracing costs nothing there.
    fn presign<C: Sink, S: Sink>(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
        now: i64,
        canonical_trace: &mut C,
        string_to_sign_trace: &mut S,
    ) -> Result<PresignedRequest> {
        check_bucket(bucket)?;
        check_key(key)?;
        let time = SigningDateTime::from_unix(
            options.fixed_signing_time().unwrap_or(now),
            "signing_time",
        )?;
        let expires = expires_seconds(options, time.unix_seconds())?;
        let signing_key = self.key_cache.get_or_derive(time.day_number(), || {
            SigningKey::derive_prefixed(
                self.credentials.prefixed_secret(),
                time.date(),
                &self.region,
                self.product,
            )
        });

        let expires_text = Decimal::new(expires);
        let credential = [
            self.encoded_access_key_id.as_str(),
            "%2F",
            time.date(),
            "%2F",
            &self.region,
            "%2F",
            self.product,
            "%2F",
            SCOPE_TERMINATOR,
        ];
        let headers = options.headers();
        let signing_params = SigningParams {
            additional_headers: headers,
            credential: &credential,
            date: time.as_str(),
            expires: expires_text.as_str(),
            security_token: self.encoded_security_token.as_deref().map(String::as_str),
        };

        let url_len = url_prefix_len(&self.endpoint, self.style, bucket)
            + 1
            + path_encoded_len(key)
            + 1
            + query_len(options.query(), &signing_params)
            + SIGNATURE_PARAM.len()
            + 64;
        // One spare byte lets the C layer append its NUL without reallocating.
        let mut url = String::with_capacity(url_len + 1);
        push_url_prefix(&mut url, &self.endpoint, self.style, bucket);
        let key_path_start = url.len();
        url.push('/');
        push_path_encoded(&mut url, key);
        let key_path_end = url.len();
        url.push('?');
        write_query(&mut url, options.query(), &signing_params);

        let canonical_request_hash = {
            let mut hasher = Sha256::new();
            let key_path = url.get(key_path_start..key_path_end).unwrap_or_default();
            let query = url.get(key_path_end + 1..).unwrap_or_default();
            write_canonical_request(
                &mut Tee(&mut hasher, canonical_trace),
                CanonicalRequestParts {
                    method: "GET",
                    uri: &["/", bucket, key_path],
                    query,
                    headers: headers
                        .iter()
                        .map(|h| (h.canonical_name.as_str(), h.value.as_str())),
                    additional_headers: additional_headers(headers)
                        .map(|h| h.canonical_name.as_str()),
                    payload: UNSIGNED_PAYLOAD,
                },
            );
            let mut hex = [0u8; 64];
            // Two hex digits per byte of a 32-byte digest: the sizes match.
            let _ = hex::encode_to_slice(hasher.finalize(), &mut hex);
            hex
        };

        let mut mac = signing_key.mac();
        write_string_to_sign(
            &mut Tee(&mut mac, string_to_sign_trace),
            time.as_str(),
            time.date(),
            &self.region,
            self.product,
            std::str::from_utf8(&canonical_request_hash).unwrap_or_default(),
        );
        let mut signature = [0u8; 64];
        let _ = hex::encode_to_slice(mac.finalize().into_bytes(), &mut signature);

        url.push_str(SIGNATURE_PARAM);
        url.push_str(std::str::from_utf8(&signature).unwrap_or_default());
        debug_assert_eq!(url.len(), url_len, "URL length precomputed wrongly");

        Ok(PresignedRequest {
            url,
            signing_time: time.unix_seconds(),
            expiration: time.unix_seconds() + expires as i64,
            headers: headers
                .iter()
                .map(|h| SignedHeader {
                    name: h.name.clone(),
                    value: h.value.clone(),
                })
                .collect(),
        })
    }
}

const SIGNATURE_PARAM: &str = "&x-oss-signature=";

/// The value of `x-oss-expires`: the absolute expiration when set, else the
/// relative one, else the default; always 1..=604800 seconds.
fn expires_seconds(options: &GetOptions, signing_time: i64) -> Result<u64> {
    let Some(expiration) = options.expiration_time() else {
        return Ok(options.expires_seconds().unwrap_or(DEFAULT_EXPIRES_SECONDS));
    };
    let seconds = expiration.saturating_sub(signing_time);
    if seconds < 1 {
        return Err(Error::new(
            ErrorKind::InvalidExpiry,
            "expiration",
            format!("must be after the signing time, got {seconds} s after it"),
        ));
    }
    let seconds = seconds.unsigned_abs();
    if seconds > MAX_EXPIRES_SECONDS {
        return Err(Error::new(
            ErrorKind::InvalidExpiry,
            "expiration",
            format!(
                "must be at most {MAX_EXPIRES_SECONDS} s (7 days) after the signing time, \
                 got {seconds} s"
            ),
        ));
    }
    Ok(seconds)
}

/// Headers OSS does not sign unless named in `x-oss-additional-headers`.
fn additional_headers(headers: &[RequestHeader]) -> impl Iterator<Item = &RequestHeader> {
    headers.iter().filter(|h| !h.is_signed_by_default())
}

/// Values of the signing parameters, already encoded.
struct SigningParams<'a> {
    additional_headers: &'a [RequestHeader],
    credential: &'a [&'a str],
    date: &'a str,
    expires: &'a str,
    security_token: Option<&'a str>,
}

/// One query parameter, encoded, in a form that can be measured and written.
enum Param<'a> {
    User(&'a QueryParam),
    Text(&'static str, &'a str),
    Pieces(&'static str, &'a [&'a str]),
    /// `x-oss-additional-headers`: encoded names joined by an encoded `;`.
    AdditionalHeaders(&'a [RequestHeader]),
}

impl Param<'_> {
    fn name(&self) -> &str {
        match self {
            Param::User(p) => &p.encoded_name,
            Param::Text(name, _) | Param::Pieces(name, _) => name,
            Param::AdditionalHeaders(_) => "x-oss-additional-headers",
        }
    }

    fn len(&self) -> usize {
        let value_len = match self {
            Param::User(p) => p.encoded_value.len(),
            Param::Text(_, value) => value.len(),
            Param::Pieces(_, pieces) => pieces.iter().map(|p| p.len()).sum(),
            Param::AdditionalHeaders(headers) => {
                let mut count: usize = 0;
                let names: usize = additional_headers(headers)
                    .inspect(|_| count += 1)
                    .map(|h| query_encoded_len(&h.canonical_name))
                    .sum();
                names + ENCODED_SEMICOLON.len() * count.saturating_sub(1)
            }
        };
        // An empty value is written as the bare name.
        self.name().len() + if value_len == 0 { 0 } else { 1 + value_len }
    }

    fn write(&self, out: &mut String) {
        out.push_str(self.name());
        match self {
            Param::User(p) if p.encoded_value.is_empty() => {}
            Param::User(p) => {
                out.push('=');
                out.push_str(&p.encoded_value);
            }
            Param::Text(_, value) => {
                out.push('=');
                out.push_str(value);
            }
            Param::Pieces(_, pieces) => {
                out.push('=');
                pieces.iter().for_each(|piece| out.push_str(piece));
            }
            Param::AdditionalHeaders(headers) => {
                out.push('=');
                for (i, header) in additional_headers(headers).enumerate() {
                    if i > 0 {
                        out.push_str(ENCODED_SEMICOLON);
                    }
                    push_query_encoded(out, &header.canonical_name);
                }
            }
        }
    }
}

const ENCODED_SEMICOLON: &str = "%3B";

/// Calls `f` with every query parameter in canonical order: the caller's
/// (already sorted) merged with the signing parameters (sorted by name here).
/// Reserved names were refused when added, so names never tie.
fn for_each_param<'a>(
    user: &'a [QueryParam],
    signing: &'a SigningParams<'a>,
    mut f: impl FnMut(&Param<'a>),
) {
    let has_additional = additional_headers(signing.additional_headers)
        .next()
        .is_some();
    let signing_params = [
        has_additional.then_some(Param::AdditionalHeaders(signing.additional_headers)),
        Some(Param::Pieces("x-oss-credential", signing.credential)),
        Some(Param::Text("x-oss-date", signing.date)),
        Some(Param::Text("x-oss-expires", signing.expires)),
        signing
            .security_token
            .map(|token| Param::Text("x-oss-security-token", token)),
        Some(Param::Text("x-oss-signature-version", ALGORITHM)),
    ];
    let mut user = user.iter().peekable();
    for param in signing_params.iter().flatten() {
        while let Some(next) = user.next_if(|p| p.encoded_name.as_str() < param.name()) {
            f(&Param::User(next));
        }
        f(param);
    }
    user.for_each(|p| f(&Param::User(p)));
}

fn query_len(user: &[QueryParam], signing: &SigningParams<'_>) -> usize {
    let (mut len, mut count): (usize, usize) = (0, 0);
    for_each_param(user, signing, |param| {
        len += param.len();
        count += 1;
    });
    len + count.saturating_sub(1)
}

fn write_query(out: &mut String, user: &[QueryParam], signing: &SigningParams<'_>) {
    let mut first = true;
    for_each_param(user, signing, |param| {
        if !first {
            out.push('&');
        }
        first = false;
        param.write(out);
    });
}

/// A `u64` in decimal, without allocating.
struct Decimal {
    digits: [u8; 20],
    start: usize,
}

impl Decimal {
    fn new(mut value: u64) -> Self {
        let mut digits = [b'0'; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            if let Some(slot) = digits.get_mut(start) {
                *slot = b'0' + (value % 10) as u8;
            }
            value /= 10;
            if value == 0 || start == 0 {
                break;
            }
        }
        Decimal { digits, start }
    }

    fn as_str(&self) -> &str {
        self.digits
            .get(self.start..)
            .and_then(|d| std::str::from_utf8(d).ok())
            .unwrap_or_default()
    }
}

/// The system clock in whole Unix seconds (0 if the clock is before 1970;
/// the signing-time range check then reports it).
fn system_unix_seconds() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(elapsed) => i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX),
        Err(_) => -1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Credentials;

    #[test]
    fn decimal_formats_every_width() {
        for value in [0, 1, 9, 10, 900, 604_800, u64::MAX] {
            assert_eq!(Decimal::new(value).as_str(), value.to_string());
        }
    }

    #[test]
    fn absolute_expiration_wins_and_is_bounded() {
        let mut o = GetOptions::new();
        assert_eq!(expires_seconds(&o, 1000).unwrap(), 900);
        o.expires(60).unwrap();
        assert_eq!(expires_seconds(&o, 1000).unwrap(), 60);
        o.expiration(1000 + 7200).unwrap();
        assert_eq!(expires_seconds(&o, 1000).unwrap(), 7200);
        for bad in [1000, 999, 1000 + 604_801] {
            o.expiration(bad).unwrap();
            let err = expires_seconds(&o, 1000).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidExpiry, "expiration")
            );
        }
        o.expiration(1000 + 604_800).unwrap();
        assert_eq!(expires_seconds(&o, 1000).unwrap(), 604_800);
    }

    #[test]
    fn url_has_exactly_the_precomputed_capacity() {
        let client = Client::builder("http://localhost:9000", "cn-hangzhou")
            .unwrap()
            .credentials(
                Credentials::new("a k", "sk")
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
        let request = client
            .presign_get_at("bucket", "子 /a+b", &o, 1_704_164_645)
            .unwrap();
        // Capacity is the length plus one byte for a C terminator.
        assert_eq!(request.url.capacity(), request.url.len() + 1);
        assert!(
            request
                .url()
                .contains("&x-oss-additional-headers=range%3Bx-a%21&")
        );
    }
}
