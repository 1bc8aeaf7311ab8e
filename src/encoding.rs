//! The one percent-encoder of OSS V4: RFC 3986 unreserved characters stay,
//! every other UTF-8 byte becomes `%XX` with uppercase hex.
//!
//! The same encoding is used for the canonical request and for the URL text,
//! so an HTTP stack that sends the URL unchanged sends exactly what was signed:
//! a space is `%20` (never `+`) and a literal `+` is `%2B`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Query names and values: everything but `A-Z a-z 0-9 - _ . ~` is encoded.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Object paths: as [`QUERY`], but `/` separates segments and stays as is.
const PATH: &AsciiSet = &QUERY.remove(b'/');

/// Appends `s` encoded for a query name or value.
pub(crate) fn push_query_encoded(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, QUERY));
}

/// Appends `s` encoded for a URL path (`/` kept).
pub(crate) fn push_path_encoded(out: &mut String, s: &str) {
    out.extend(utf8_percent_encode(s, PATH));
}

/// Length of `s` once encoded for a query name or value.
pub(crate) fn query_encoded_len(s: &str) -> usize {
    utf8_percent_encode(s, QUERY).map(str::len).sum()
}

/// Length of `s` once encoded for a URL path.
pub(crate) fn path_encoded_len(s: &str) -> usize {
    utf8_percent_encode(s, PATH).map(str::len).sum()
}

/// `s` encoded for a query name or value, as a new string.
pub fn query_encode(s: &str) -> String {
    utf8_percent_encode(s, QUERY).collect()
}

/// `s` encoded for a URL path (`/` kept), as a new string.
pub fn path_encode(s: &str) -> String {
    utf8_percent_encode(s, PATH).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values are the table of the OSS V4 specification (section 3).
    #[test]
    fn encodes_the_specified_table() {
        let cases = [
            (" ", "%20", "%20"),
            ("+", "%2B", "%2B"),
            ("/", "/", "%2F"),
            ("~", "~", "~"),
            ("*!'()", "%2A%21%27%28%29", "%2A%21%27%28%29"),
            ("=&;,%", "%3D%26%3B%2C%25", "%3D%26%3B%2C%25"),
            ("子", "%E5%AD%90", "%E5%AD%90"),
            ("🚀", "%F0%9F%9A%80", "%F0%9F%9A%80"),
            ("AZaz09-_.", "AZaz09-_.", "AZaz09-_."),
        ];
        for (raw, path, query) in cases {
            assert_eq!(path_encode(raw), path, "path form of {raw:?}");
            assert_eq!(query_encode(raw), query, "query form of {raw:?}");
            assert_eq!(path_encoded_len(raw), path.len());
            assert_eq!(query_encoded_len(raw), query.len());
        }
    }

    #[test]
    fn every_byte_is_either_unreserved_or_escaped_in_uppercase() {
        for byte in 0u8..=0x7f {
            let s = (byte as char).to_string();
            let encoded = query_encode(&s);
            let unreserved = byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte);
            if unreserved {
                assert_eq!(encoded, s);
            } else {
                assert_eq!(encoded, format!("%{byte:02X}"));
            }
        }
    }
}
