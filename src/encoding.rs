//! The one percent-encoder of OSS V4: RFC 3986 unreserved characters stay,
//! every other UTF-8 byte becomes `%XX` with uppercase hex.
//!
//! The same encoding is used for the canonical request and for the URL text,
//! so an HTTP stack that sends the URL unchanged sends exactly what was signed:
//! a space is `%20` (never `+`) and a literal `+` is `%2B`.

/// A percent-encoding: which bytes are written as they are.
struct Encoding {
    keep: [bool; 256],
}

impl Encoding {
    /// RFC 3986 unreserved characters, plus `/` when `keep_slash`.
    const fn new(keep_slash: bool) -> Self {
        let mut keep = [false; 256];
        let mut byte = 0;
        while byte < keep.len() {
            let b = byte as u8;
            keep[byte] = b.is_ascii_alphanumeric()
                || matches!(b, b'-' | b'_' | b'.' | b'~')
                || (keep_slash && b == b'/');
            byte += 1;
        }
        Encoding { keep }
    }

    fn keeps(&self, byte: u8) -> bool {
        self.keep[usize::from(byte)]
    }

    fn encoded_len(&self, s: &str) -> usize {
        s.len() + 2 * s.bytes().filter(|&b| !self.keeps(b)).count()
    }

    /// Appends `s` encoded. Text with nothing to escape (the usual key) is
    /// copied at once; from the first byte to escape on, output is built in
    /// a small buffer of ASCII and appended a chunk at a time.
    fn push(&self, out: &mut String, s: &str) {
        let kept = s.bytes().take_while(|&b| self.keeps(b)).count();
        // Kept bytes are ASCII, so `kept` is on a character boundary.
        let (plain, rest) = s.split_at_checked(kept).unwrap_or((s, ""));
        out.push_str(plain);
        let mut chunk = [0u8; 192];
        let mut len = 0;
        for &b in rest.as_bytes() {
            if len + 3 > chunk.len() {
                push_ascii(out, chunk.get(..len).unwrap_or_default());
                len = 0;
            }
            if self.keeps(b) {
                if let Some(slot) = chunk.get_mut(len) {
                    *slot = b;
                    len += 1;
                }
            } else if let Some([percent, high, low]) = chunk.get_mut(len..len + 3) {
                *percent = b'%';
                *high = HEX_UPPER[usize::from(b >> 4)];
                *low = HEX_UPPER[usize::from(b & 0xf)];
                len += 3;
            }
        }
        push_ascii(out, chunk.get(..len).unwrap_or_default());
    }

    fn encode(&self, s: &str) -> String {
        let mut out = String::with_capacity(self.encoded_len(s));
        self.push(&mut out, s);
        out
    }
}

/// Appends bytes written by [`Encoding::push`]: ASCII only, so valid UTF-8.
fn push_ascii(out: &mut String, ascii: &[u8]) {
    out.push_str(std::str::from_utf8(ascii).unwrap_or_default());
}

const HEX_UPPER: [u8; 16] = *b"0123456789ABCDEF";

/// Query names and values: everything but `A-Z a-z 0-9 - _ . ~` is encoded.
const QUERY: Encoding = Encoding::new(false);

/// Object paths: as [`QUERY`], but `/` separates segments and stays as is.
const PATH: Encoding = Encoding::new(true);

/// Appends `s` encoded for a query name or value.
pub(crate) fn push_query_encoded(out: &mut String, s: &str) {
    QUERY.push(out, s);
}

/// Appends `s` encoded for a URL path (`/` kept).
pub(crate) fn push_path_encoded(out: &mut String, s: &str) {
    PATH.push(out, s);
}

/// Length of `s` once encoded for a query name or value.
pub(crate) fn query_encoded_len(s: &str) -> usize {
    QUERY.encoded_len(s)
}

/// Length of `s` once encoded for a URL path.
pub(crate) fn path_encoded_len(s: &str) -> usize {
    PATH.encoded_len(s)
}

/// `s` encoded for a query name or value, as a new string.
pub fn query_encode(s: &str) -> String {
    QUERY.encode(s)
}

/// `s` encoded for a URL path (`/` kept), as a new string.
pub fn path_encode(s: &str) -> String {
    PATH.encode(s)
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
    fn mixed_text_keeps_runs_and_escapes_whole_characters() {
        let raw = "a b/子🚀~x%2F/..é";
        let path = "a%20b/%E5%AD%90%F0%9F%9A%80~x%252F/..%C3%A9";
        assert_eq!(path_encode(raw), path);
        assert_eq!(path_encoded_len(raw), path.len());
        assert_eq!(query_encode(raw), path.replace('/', "%2F"));
        assert_eq!(query_encode(""), "");
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
