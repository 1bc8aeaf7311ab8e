//! Writing a presigned URL: `scheme://host[/bucket]/key?query&x-oss-signature=…`.
//!
//! The length is computed first and the URL written once into a buffer of
//! exactly that size (plus what its caller reserves). Its path and query are
//! written in canonical encoding and order, so the canonical request is
//! hashed straight from slices of the URL.

use crate::canonical::ListedNames;
use crate::encoding::{path_encoded_len, push_path_encoded, push_query_encoded, query_encoded_len};
use crate::endpoint::{AddressingStyle, Endpoint, push_url_prefix, url_prefix_len};
use crate::options::{QueryParam, RequestHeader};
use crate::v4::{
    ADDITIONAL_HEADERS, ALGORITHM, CREDENTIAL, DATE, EXPIRES, SECURITY_TOKEN, SIGNATURE_VERSION,
};

/// `&` [`SIGNATURE`](crate::v4::SIGNATURE) `=`: the signature comes last and
/// is not signed.
pub(crate) const SIGNATURE_PARAM: &str = "&x-oss-signature=";

/// Hex digits of a signature.
const SIGNATURE_LEN: usize = 64;

/// Where the URL goes: its host and path layout, and the key.
pub(crate) struct Location<'a> {
    endpoint: &'a Endpoint,
    style: AddressingStyle,
    bucket: &'a str,
    key: &'a str,
    /// The key's encoded length, measured once (a pass over the key).
    encoded_key_len: usize,
}

impl<'a> Location<'a> {
    pub(crate) fn new(
        endpoint: &'a Endpoint,
        style: AddressingStyle,
        bucket: &'a str,
        key: &'a str,
    ) -> Self {
        Location {
            endpoint,
            style,
            bucket,
            key,
            encoded_key_len: path_encoded_len(key),
        }
    }
}

/// A URL being written: everything but the signature, and where its parts
/// are.
pub(crate) struct UnsignedUrl {
    bytes: Vec<u8>,
    layout: UrlLayout,
    /// The length of the finished URL.
    len: usize,
}

/// Where the signed parts of a URL are, before and after its signature is
/// appended: `/` and the encoded key (the end of the canonical URI), then
/// `?` and the query up to the signature (the canonical query).
#[derive(Clone, Copy)]
pub(crate) struct UrlLayout {
    key_start: usize,
    key_end: usize,
    query_end: usize,
}

impl UrlLayout {
    /// `/` and the encoded key, in `url`.
    pub(crate) fn key_path<'u>(&self, url: &'u [u8]) -> &'u [u8] {
        url.get(self.key_start..self.key_end).unwrap_or_default()
    }

    /// The query after `?` without the signature, in `url`.
    pub(crate) fn query<'u>(&self, url: &'u [u8]) -> &'u [u8] {
        url.get(self.key_end + 1..self.query_end)
            .unwrap_or_default()
    }
}

impl UnsignedUrl {
    /// The length of the URL of `location` and `query`, signature included.
    #[inline]
    pub(crate) fn len(location: &Location<'_>, query: &Query<'_>) -> usize {
        url_prefix_len(location.endpoint, location.style, location.bucket)
            + 1
            + location.encoded_key_len
            + query.len()
            + SIGNATURE_PARAM.len()
            + SIGNATURE_LEN
    }

    /// Writes the URL up to the signature into `bytes`, which is empty and
    /// has room for `len` bytes (from [`UnsignedUrl::len`]).
    pub(crate) fn write(
        mut bytes: Vec<u8>,
        len: usize,
        location: &Location<'_>,
        query: &Query<'_>,
    ) -> Self {
        debug_assert!(bytes.is_empty() && bytes.capacity() >= len);
        push_url_prefix(
            &mut bytes,
            location.endpoint,
            location.style,
            location.bucket,
        );
        let key_start = bytes.len();
        bytes.push(b'/');
        // The key's encoder writes three bytes past its end, within the
        // capacity that the query then fills.
        push_path_encoded(&mut bytes, location.key, location.encoded_key_len);
        let key_end = bytes.len();
        query.write(&mut bytes);
        UnsignedUrl {
            layout: UrlLayout {
                key_start,
                key_end,
                query_end: bytes.len(),
            },
            bytes,
            len,
        }
    }

    /// `/` and the encoded key: the end of the canonical URI.
    pub(crate) fn key_path(&self) -> &[u8] {
        self.layout.key_path(&self.bytes)
    }

    /// The query after `?`: the canonical query.
    pub(crate) fn query(&self) -> &[u8] {
        self.layout.query(&self.bytes)
    }

    /// Where its parts are, in it and in the URL it becomes.
    pub(crate) fn layout(&self) -> UrlLayout {
        self.layout
    }

    /// Appends the signature: the URL is complete.
    pub(crate) fn sign(mut self, signature: &[u8; SIGNATURE_LEN]) -> Vec<u8> {
        self.bytes.extend_from_slice(SIGNATURE_PARAM.as_bytes());
        self.bytes.extend_from_slice(signature);
        debug_assert_eq!(self.bytes.len(), self.len, "URL length precomputed wrongly");
        self.bytes
    }
}

/// The query of the URL, which is also the canonical query: the caller's
/// parameters (kept sorted and encoded by the options) merged with the
/// signing parameters, in canonical order. Values are already encoded.
pub(crate) struct Query<'a> {
    pub(crate) user: &'a [QueryParam],
    /// The signed headers: those OSS does not sign by default are named in
    /// `x-oss-additional-headers`, left out when there are none.
    pub(crate) headers: &'a [RequestHeader],
    /// `x-oss-credential` is head, date and tail.
    pub(crate) credential_head: &'a [u8],
    pub(crate) date: &'a [u8; 8],
    pub(crate) credential_tail: &'a [u8],
    pub(crate) datetime: &'a [u8; 16],
    pub(crate) expires: &'a [u8],
    pub(crate) security_token: Option<&'a str>,
}

const ENCODED_SEMICOLON: &str = "%3B";

impl Query<'_> {
    /// Length of what [`Query::write`] writes.
    fn len(&self) -> usize {
        // Each parameter: separator ('?' or '&'), name, '=', value.
        let param = |name: &str, value_len: usize| 1 + name.len() + 1 + value_len;
        let user: usize = self.user.iter().map(|p| 1 + user_param_len(p)).sum();
        let (names, names_len) = ListedNames::Options(self.headers.iter())
            .fold((0, 0), |(n, len), name| {
                (n + 1, len + query_encoded_len(name))
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
        let mut names = ListedNames::Options(self.headers.iter());
        if let Some(first) = names.next() {
            w.start(ADDITIONAL_HEADERS);
            push_query_encoded(w.out, first);
            for name in names {
                w.out.extend_from_slice(ENCODED_SEMICOLON.as_bytes());
                push_query_encoded(w.out, name);
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
pub(crate) fn decimal(buffer: &mut [u8; 20], mut value: u64) -> &[u8] {
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

    #[test]
    fn joined_constants_match_the_vocabulary() {
        assert_eq!(SIGNATURE_PARAM, format!("&{}=", crate::v4::SIGNATURE));
    }
}
