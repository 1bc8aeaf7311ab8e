//! The one percent-encoder of OSS V4: RFC 3986 unreserved characters stay,
//! every other UTF-8 byte becomes `%XX` with uppercase hex.
//!
//! The same encoding is used for the canonical request and for the URL text,
//! so an HTTP stack that sends the URL unchanged sends exactly what was signed:
//! a space is `%20` (never `+`) and a literal `+` is `%2B`.

/// A percent-encoding: which bytes are written as they are.
struct Encoding {
    keep: [bool; 256],
    /// What each byte becomes, as a little-endian word: its one or three
    /// bytes, and its length (1 or 3) in the top byte.
    table: [u32; 256],
}

impl Encoding {
    /// RFC 3986 unreserved characters, plus `/` when `keep_slash`.
    const fn new(keep_slash: bool) -> Self {
        const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
        let mut keep = [false; 256];
        let mut table = [0u32; 256];
        let mut byte = 0;
        while byte < keep.len() {
            let b = byte as u8;
            keep[byte] = b.is_ascii_alphanumeric()
                || matches!(b, b'-' | b'_' | b'.' | b'~')
                || (keep_slash && b == b'/');
            table[byte] = if keep[byte] {
                (1 << 24) | b as u32
            } else {
                (3 << 24)
                    | (HEX_UPPER[byte & 0xf] as u32) << 16
                    | (HEX_UPPER[byte >> 4] as u32) << 8
                    | b'%' as u32
            };
            byte += 1;
        }
        Encoding { keep, table }
    }

    fn keeps(&self, byte: u8) -> bool {
        self.keep[usize::from(byte)]
    }

    fn encoded_len(&self, s: &str) -> usize {
        s.len() + 2 * s.bytes().filter(|&b| !self.keeps(b)).count()
    }

    /// Appends `s` encoded. Text with nothing to escape (the usual key) is
    /// copied at once; from the first byte to escape on, each byte is
    /// written in place from a table of its encoding.
    fn push(&self, out: &mut Vec<u8>, s: &str) {
        self.push_with_len(out, s, self.encoded_len(s));
    }

    /// As [`Encoding::push`], when the caller already knows `encoded_len`,
    /// the encoded length of `s`.
    fn push_with_len(&self, out: &mut Vec<u8>, s: &str, encoded_len: usize) {
        let kept = s.bytes().take_while(|&b| self.keeps(b)).count();
        let (plain, rest) = s.as_bytes().split_at(kept);
        out.extend_from_slice(plain);
        if rest.is_empty() {
            return;
        }
        // Every byte writes a word (its escape or itself, then bytes that
        // the next one overwrites), so three bytes of slack end the buffer.
        let start = out.len();
        let end = start + encoded_len - kept;
        out.resize(end + 3, 0);
        if let Some(free) = out.get_mut(start..) {
            let mut at = 0;
            for &b in rest {
                let word = self.table[usize::from(b)];
                if let Some(slot) = free.get_mut(at..at + 4) {
                    slot.copy_from_slice(&word.to_le_bytes());
                }
                at += (word >> 24) as usize;
            }
        }
        out.truncate(end);
    }

    fn encode(&self, s: &str) -> String {
        let mut out = Vec::with_capacity(self.encoded_len(s) + 3);
        self.push(&mut out, s);
        // Only ASCII was written.
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Query names and values: everything but `A-Z a-z 0-9 - _ . ~` is encoded.
const QUERY: Encoding = Encoding::new(false);

/// Object paths: as [`QUERY`], but `/` separates segments and stays as is.
const PATH: Encoding = Encoding::new(true);

/// Appends `s` encoded for a query name or value.
pub(crate) fn push_query_encoded(out: &mut Vec<u8>, s: &str) {
    QUERY.push(out, s);
}

/// Appends `s` encoded for a URL path (`/` kept), `encoded_len` bytes
/// ([`path_encoded_len`]). It writes three bytes past them before it truncates:
/// `out` needs that spare capacity to be written without reallocating.
pub(crate) fn push_path_encoded(out: &mut Vec<u8>, s: &str, encoded_len: usize) {
    PATH.push_with_len(out, s, encoded_len);
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
