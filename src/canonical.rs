//! The canonical request of OSS V4:
//!
//! ```text
//! METHOD \n CANONICAL_URI \n CANONICAL_QUERY \n CANONICAL_HEADERS \n ADDITIONAL_HEADERS \n PAYLOAD
//! ```
//!
//! The writers here stream into a `Sink`: a SHA-256 hasher on the presign
//! path (nothing is buffered), or a byte buffer when the text itself is wanted
//! (tests, diagnostics). Both go through the same code, so what is shown is
//! what is hashed.
//!
//! The canonical request of a presigned URL is assembled in one place,
//! `write_presigned_request`, for presigning and for verifying. A header
//! takes its canonical form by one rule, `canonical_header_name` and
//! `canonical_header_value`: a presign's options apply them to each header
//! as it is added (`GetOptions::add_header`), and `canonical_headers` to
//! the headers of a request that verifying and the general signer are
//! given (also joining a repeated name's values).

use std::fmt;

use crate::bearer::{REDACTED, wipe, wipe_string};
use crate::encoding::{path_encode, query_encode};
use crate::options::RequestHeader;
use crate::request::Method;
use crate::v4::{
    CONTENT_SHA256, SECURITY_TOKEN, SIGNATURE, UNSIGNED_PAYLOAD, is_signed_by_default,
};

/// Where canonical text goes.
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);

    fn put_str(&mut self, s: &str) {
        self.put(s.as_bytes());
    }
}

/// A trace buffer. The text may hold an STS token, so it grows by copying
/// into a larger buffer and wiping the old one: a plain `Vec` would free
/// its old buffers unwiped.
impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        let needed = self.len().saturating_add(bytes.len());
        if needed > self.capacity() {
            let mut grown = Vec::with_capacity(needed.max(2 * self.capacity()).max(256));
            grown.extend_from_slice(self);
            wipe(self);
            *self = grown;
        }
        self.extend_from_slice(bytes);
    }
}

/// The lines of a canonical request whose URI and query are already encoded.
pub(crate) struct CanonicalRequestParts<'a, 'u, H, A> {
    pub(crate) method: &'a str,
    /// Pieces that concatenate to the encoded canonical URI.
    pub(crate) uri: &'u [&'a [u8]],
    pub(crate) query: &'a [u8],
    /// `(lowercase name, value)`, sorted by name.
    pub(crate) headers: H,
    /// Lowercase names, sorted, joined with `;` on output.
    pub(crate) additional_headers: A,
    pub(crate) payload: &'a str,
}

/// Streams a canonical request into `sink`.
#[inline]
pub(crate) fn write_canonical_request<'a, S, H, A>(
    sink: &mut S,
    parts: CanonicalRequestParts<'a, '_, H, A>,
) where
    S: Sink,
    H: Iterator<Item = (&'a str, &'a str)>,
    A: Iterator<Item = &'a str>,
{
    sink.put_str(parts.method);
    sink.put(b"\n");
    for piece in parts.uri {
        sink.put(piece);
    }
    sink.put(b"\n");
    sink.put(parts.query);
    let mut headers = parts.headers.peekable();
    let mut additional_headers = parts.additional_headers.peekable();
    if headers.peek().is_none() && additional_headers.peek().is_none() {
        // The usual presigned GET: no header lines, no additional headers.
        sink.put(b"\n\n\n");
        sink.put_str(parts.payload);
        return;
    }
    sink.put(b"\n");
    for (name, value) in headers {
        sink.put_str(name);
        sink.put(b":");
        sink.put_str(value);
        sink.put(b"\n");
    }
    sink.put(b"\n");
    for (i, name) in additional_headers.enumerate() {
        if i > 0 {
            sink.put(b";");
        }
        sink.put_str(name);
    }
    sink.put(b"\n");
    sink.put_str(parts.payload);
}

/// The canonical form of a header name: lowercase.
pub(crate) fn canonical_header_name(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// The canonical form of a header value: without the spaces and tabs around
/// it, which HTTP does not carry (RFC 9110, section 5.5), so OSS never sees
/// them.
pub(crate) fn canonical_header_value(value: &str) -> &str {
    value.trim_matches([' ', '\t'])
}

/// The headers of a request as signed, the one rule for every signer: the
/// headers `signed` keeps (by canonical name), each name in its canonical
/// form ([`canonical_header_name`]) once, with its value in canonical form
/// ([`canonical_header_value`]); the values of a name given more than once
/// are joined with `,` in the order given, as HTTP combines repeated field
/// lines (RFC 9110, section 5.3). Sorted by name.
pub(crate) fn canonical_headers<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    signed: impl Fn(&str) -> bool,
) -> Vec<(String, String)> {
    // Kept sorted by name as it fills: no sort's code for these pairs.
    let mut canonical: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        let name = canonical_header_name(name);
        if !signed(&name) {
            continue;
        }
        let value = canonical_header_value(value);
        match canonical.binary_search_by(|(n, _)| n.cmp(&name)) {
            Ok(at) => {
                if let Some((_, joined)) = canonical.get_mut(at) {
                    joined.push(',');
                    joined.push_str(value);
                }
            }
            Err(at) => canonical.insert(at, (name, value.to_owned())),
        }
    }
    canonical
}

/// The canonical request of a presigned URL: its method, `/bucket` and the
/// key's path, its canonical query, its signed headers and the names it
/// lists in `x-oss-additional-headers`, and the unsigned payload.
pub(crate) struct PresignedParts<'a> {
    pub(crate) method: Method,
    pub(crate) bucket: &'a str,
    /// `/` and the encoded key (as the URL's path ends).
    pub(crate) key_path: &'a [u8],
    /// Encoded, sorted and joined (as the URL's query is).
    pub(crate) query: &'a [u8],
    pub(crate) headers: HeaderLines<'a>,
    pub(crate) additional_headers: ListedNames<'a>,
}

/// The signed headers of a presigned request, `(lowercase name, value)` in
/// canonical form, sorted by name. One type for presign and verify (an
/// enum, not a generic), so that the signer is compiled once.
pub(crate) enum HeaderLines<'a> {
    /// A presign's: the headers of its options.
    Options(std::slice::Iter<'a, RequestHeader>),
    /// A verification's: the headers it was given that are signed.
    Received(std::slice::Iter<'a, (String, String)>),
}

impl<'a> Iterator for HeaderLines<'a> {
    type Item = (&'a str, &'a str);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            HeaderLines::Options(headers) => headers
                .next()
                .map(|h| (h.canonical_name.as_str(), h.value.as_str())),
            HeaderLines::Received(headers) => headers
                .next()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        }
    }
}

/// The names a presigned request lists in `x-oss-additional-headers`,
/// lowercase and sorted.
pub(crate) enum ListedNames<'a> {
    /// A presign's: the headers of its options that OSS does not sign by
    /// default.
    Options(std::slice::Iter<'a, RequestHeader>),
    /// A verification's: the names its URL lists.
    Listed(std::slice::Iter<'a, String>),
}

impl<'a> Iterator for ListedNames<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        match self {
            ListedNames::Options(headers) => headers
                .find(|h| !h.is_signed_by_default())
                .map(|h| h.canonical_name.as_str()),
            ListedNames::Listed(names) => names.next().map(String::as_str),
        }
    }
}

/// Streams the canonical request of a presigned URL into `sink`: the one
/// place where presigning and verifying assemble it.
#[inline]
pub(crate) fn write_presigned_request<S: Sink>(sink: &mut S, parts: PresignedParts<'_>) {
    let uri = [b"/", parts.bucket.as_bytes(), parts.key_path];
    write_canonical_request(
        sink,
        CanonicalRequestParts {
            method: parts.method.as_str(),
            uri: &uri,
            query: parts.query,
            headers: parts.headers,
            additional_headers: parts.additional_headers,
            payload: UNSIGNED_PAYLOAD,
        },
    );
}

/// A request described by raw (unencoded) parts, for the general signer.
///
/// This is the form of the official SDKs' signer input and of the published
/// test vectors: any method, any query, any headers. Presigned GETs go
/// through [`Client`](crate::Client) instead, which builds the same text.
#[derive(Clone, Copy, Default)]
pub struct RequestParts<'a> {
    /// HTTP method, e.g. `"PUT"`.
    pub method: &'a str,
    /// Bucket name; `None` for service-level requests.
    pub bucket: Option<&'a str>,
    /// Object key; `None` for bucket-level requests.
    pub key: Option<&'a str>,
    /// Every query parameter, raw, including any `x-oss-*` signing parameters.
    /// An empty value is written as a bare name.
    pub query: &'a [(&'a str, &'a str)],
    /// Headers present on the request (names in any case; a name may come
    /// more than once). Only `x-oss-*`, `content-type`, `content-md5` and
    /// resolved additional headers are signed, in canonical form (values
    /// trimmed, repeated ones joined with `,`).
    pub headers: &'a [(&'a str, &'a str)],
    /// Names the caller asked to sign besides the default ones.
    pub additional_headers: &'a [&'a str],
}

/// Its query and headers may carry bearer text (a signature, an STS token,
/// an SSE-C key): `Debug` shows the query with the signature's and the
/// token's values redacted, and the headers by name only.
impl fmt::Debug for RequestParts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Query<'q>(&'q [(&'q str, &'q str)]);
        impl fmt::Debug for Query<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list()
                    .entries(self.0.iter().map(|&(name, value)| match name {
                        SIGNATURE | SECURITY_TOKEN => (name, REDACTED),
                        _ => (name, value),
                    }))
                    .finish()
            }
        }
        struct HeaderNames<'h>(&'h [(&'h str, &'h str)]);
        impl fmt::Debug for HeaderNames<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list()
                    .entries(self.0.iter().map(|&(name, _)| (name, REDACTED)))
                    .finish()
            }
        }
        f.debug_struct("RequestParts")
            .field("method", &self.method)
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .field("query", &Query(self.query))
            .field("headers", &HeaderNames(self.headers))
            .field("additional_headers", &self.additional_headers)
            .finish()
    }
}

/// Resolves additional header names as the official signers do: lowercase,
/// drop names signed by default anyway and names not present with a
/// non-empty value (in canonical form, as the server receives it),
/// de-duplicate, sort.
pub fn resolve_additional_headers(parts: &RequestParts<'_>) -> Vec<String> {
    let present = canonical_headers(parts.headers.iter().copied(), |_| true);
    let mut names: Vec<String> = parts
        .additional_headers
        .iter()
        .map(|name| canonical_header_name(name))
        .filter(|name| !is_signed_by_default(name))
        .filter(|name| {
            present
                .iter()
                .any(|(n, value)| n == name && !value.is_empty())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The canonical query string: encoded pairs sorted by encoded name (then
/// value), `name=value` or a bare `name` when the value is empty, joined by `&`.
///
/// The query may hold an STS token: the text is written into a buffer of
/// its exact length (a growing one would free copies unwiped), and the
/// encoded pairs are wiped once joined.
pub fn canonical_query(query: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .map(|(name, value)| (query_encode(name), query_encode(value)))
        .collect();
    let mut sorted: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    sort_pairs(&mut sorted);
    let len = sorted
        .iter()
        .map(|(name, value)| name.len() + if value.is_empty() { 0 } else { 1 + value.len() })
        .sum::<usize>()
        + sorted.len().saturating_sub(1);
    let mut out = String::with_capacity(len);
    for (i, (name, value)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        if !value.is_empty() {
            out.push('=');
            out.push_str(value);
        }
    }
    for (name, value) in &mut pairs {
        wipe_string(name);
        wipe_string(value);
    }
    out
}

/// Sorts text pairs by first, then second text: the crate's one sort of
/// text (also the repeat check of `inspect`), so that one sort's code is
/// compiled. Unstable: equal pairs are the same text either way.
pub(crate) fn sort_pairs(pairs: &mut [(&str, &str)]) {
    pairs.sort_unstable();
}

/// The canonical request of `parts`, as text.
pub fn canonical_request(parts: &RequestParts<'_>) -> String {
    let additional = resolve_additional_headers(parts);
    let mut uri = String::from("/");
    if let Some(bucket) = parts.bucket {
        uri.push_str(bucket);
        uri.push('/');
    }
    if let Some(key) = parts.key {
        uri.push_str(key);
    }
    let uri = path_encode(&uri);
    let query = canonical_query(parts.query);
    let headers = canonical_headers(parts.headers.iter().copied(), |name| {
        is_signed_by_default(name) || additional.iter().any(|a| a == name)
    });
    let payload = headers
        .iter()
        .find(|(name, _)| name == CONTENT_SHA256)
        .map_or(UNSIGNED_PAYLOAD, |(_, value)| value.as_str());
    let mut out = Vec::new();
    write_canonical_request(
        &mut out,
        CanonicalRequestParts {
            method: parts.method,
            uri: &[uri.as_bytes()],
            query: query.as_bytes(),
            headers: headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            additional_headers: additional.iter().map(String::as_str),
            payload,
        },
    );
    // Only UTF-8 text went in.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of the specification (vector G1), section 15.
    #[test]
    fn g1_canonical_request() {
        let query = [
            ("x-oss-signature-version", "OSS4-HMAC-SHA256"),
            ("x-oss-date", "20240102T030405Z"),
            ("x-oss-expires", "3600"),
            (
                "x-oss-credential",
                "ak/20240102/cn-hangzhou/oss/aliyun_v4_request",
            ),
        ];
        let parts = RequestParts {
            method: "GET",
            bucket: Some("examplebucket"),
            key: Some("exampleobject.txt"),
            query: &query,
            ..Default::default()
        };
        assert_eq!(
            canonical_request(&parts),
            "GET\n/examplebucket/exampleobject.txt\n\
             x-oss-credential=ak%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request\
             &x-oss-date=20240102T030405Z&x-oss-expires=3600\
             &x-oss-signature-version=OSS4-HMAC-SHA256\n\n\nUNSIGNED-PAYLOAD"
        );
    }

    #[test]
    fn additional_headers_resolve_like_the_sdks() {
        // Vector Q3b's inputs resolve to "abc;zabc".
        let headers = [
            ("x-oss-head1", "value"),
            ("abc", "value"),
            ("ZAbc", "value"),
            ("XYZ", "value"),
        ];
        let parts = RequestParts {
            headers: &headers,
            additional_headers: &["x-oss-no-exist", "abc", "x-oss-head1", "ZAbc"],
            ..Default::default()
        };
        assert_eq!(resolve_additional_headers(&parts), ["abc", "zabc"]);
    }

    /// The one header rule: lowercase names, trimmed values, repeated
    /// names joined in order, sorted, and only the signed ones.
    #[test]
    fn headers_take_one_canonical_form() {
        let headers = [
            ("X-Oss-Meta-B", " 2 "),
            ("Range", "bytes=0-9"),
            ("x-oss-meta-b", "\t3"),
            ("Content-Type", "text/plain"),
            ("Accept", "x"),
            ("X-OSS-META-B", "4"),
        ];
        let signed = canonical_headers(headers, |name| name != "accept");
        let expected = [
            ("content-type", "text/plain"),
            ("range", "bytes=0-9"),
            ("x-oss-meta-b", "2,3,4"),
        ];
        let got: Vec<_> = signed
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(canonical_header_value(" \ta b\t "), "a b");
    }

    #[test]
    fn empty_values_are_bare_names_and_zero_is_not_empty() {
        assert_eq!(
            canonical_query(&[("append", ""), ("position", "0")]),
            "append&position=0"
        );
    }
}
