//! Bearer text: a presigned URL, and what holds its query (a canonical
//! request, the parameters read back from a URL). Whoever holds it can
//! download until it expires, and it may carry an STS token. So `Debug`
//! shows it with the signature's and the token's values replaced, and the
//! types that own it wipe it before its memory is freed.

use std::fmt;

use crate::v4::{SECURITY_TOKEN, SIGNATURE};

/// What `Debug` shows in place of a bearer value.
pub(crate) const REDACTED: &str = "<redacted>";

/// Text whose `Debug` is that of a `str`, with the values of
/// `x-oss-signature` and `x-oss-security-token` replaced by [`REDACTED`]:
/// each value runs from the `=` after the name to the next `&`, line break
/// or the end.
pub(crate) struct Redacted<'a>(pub(crate) &'a str);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        write_redacted(f, self.0)?;
        f.write_str("\"")
    }
}

/// A canonical request whose `Debug` is that of [`Redacted`], with the
/// value of each header line replaced by [`REDACTED`] too: a signed header
/// may carry a key (`x-oss-server-side-encryption-customer-key`). The
/// header lines follow the method, path and query lines, up to the empty
/// line.
pub(crate) struct RedactedCanonicalRequest<'a>(pub(crate) &'a str);

impl fmt::Debug for RedactedCanonicalRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        let mut in_headers = true;
        for (i, line) in self.0.split('\n').enumerate() {
            if i > 0 {
                f.write_str("\\n")?;
            }
            in_headers &= i < 3 || !line.is_empty();
            match line.split_once(':') {
                Some((name, _)) if i >= 3 && in_headers => {
                    write!(f, "{}:{REDACTED}", name.escape_debug())?;
                }
                _ => write_redacted(f, line)?,
            }
        }
        f.write_str("\"")
    }
}

/// Writes `text` as `Debug` writes a `str` between its quotes, with the
/// values of the bearer parameters replaced (see [`Redacted`]).
fn write_redacted(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    let mut rest = text;
    while let Some((at, name)) = next_bearer_name(rest) {
        let value_start = at + name.len() + 1;
        let value_len = rest
            .get(value_start..)
            .and_then(|value| value.find(['&', '\n']))
            .unwrap_or(rest.len().saturating_sub(value_start));
        write!(
            f,
            "{}",
            rest.get(..value_start).unwrap_or_default().escape_debug()
        )?;
        f.write_str(REDACTED)?;
        rest = rest.get(value_start + value_len..).unwrap_or_default();
    }
    write!(f, "{}", rest.escape_debug())
}

/// The first `name=` of a bearer parameter in `text` that starts a
/// parameter (after `?`, `&` or a line break, or at the start), and where.
fn next_bearer_name(text: &str) -> Option<(usize, &'static str)> {
    let mut from = 0;
    loop {
        let found = [SIGNATURE, SECURITY_TOKEN]
            .into_iter()
            .filter_map(|name| {
                let at = from + text.get(from..)?.find(name)?;
                Some((at, name))
            })
            .min_by_key(|&(at, _)| at)?;
        let (at, name) = found;
        let starts_parameter =
            at == 0 || matches!(text.as_bytes().get(at - 1), Some(b'?' | b'&' | b'\n'));
        if starts_parameter && text.as_bytes().get(at + name.len()) == Some(&b'=') {
            return Some(found);
        }
        from = at + 1;
    }
}

/// Overwrites `bytes` with zeros. A `memset` that the optimiser keeps
/// because the buffer goes through its black box afterwards: `zeroize`'s
/// volatile writes, a byte at a time, cost about two instructions a byte.
pub(crate) fn wipe(bytes: &mut [u8]) {
    bytes.fill(0);
    std::hint::black_box(bytes);
}

/// Wipes `text` and leaves it empty (its buffer freed).
pub(crate) fn wipe_string(text: &mut String) {
    wipe(&mut std::mem::take(text).into_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        format!("{:?}", Redacted(text))
    }

    #[test]
    fn bearer_values_are_replaced_wherever_they_are() {
        let url = "https://b.example.com/k?x-oss-credential=ak%2F20240102&x-oss-security-token=CAIS%2Btok\
                   &x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-signature=0e8a63";
        assert_eq!(
            shown(url),
            "\"https://b.example.com/k?x-oss-credential=ak%2F20240102&x-oss-security-token=<redacted>\
             &x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-signature=<redacted>\""
        );
        // A canonical request: the query is a line of its own.
        assert_eq!(
            shown("GET\n/b/k\nx-oss-date=1&x-oss-security-token=TOK\nhost\n"),
            "\"GET\\n/b/k\\nx-oss-date=1&x-oss-security-token=<redacted>\\nhost\\n\""
        );
        assert_eq!(
            shown("x-oss-signature=abc"),
            "\"x-oss-signature=<redacted>\""
        );
    }

    #[test]
    fn header_values_of_a_canonical_request_are_replaced() {
        let canonical = "GET\n/b/k\nx-oss-date=1&x-oss-security-token=TOK\n\
                         range:bytes=0-9\nx-oss-server-side-encryption-customer-key:S3cr=t\n\
                         \nrange\nUNSIGNED-PAYLOAD";
        assert_eq!(
            format!("{:?}", RedactedCanonicalRequest(canonical)),
            "\"GET\\n/b/k\\nx-oss-date=1&x-oss-security-token=<redacted>\\n\
             range:<redacted>\\nx-oss-server-side-encryption-customer-key:<redacted>\\n\
             \\nrange\\nUNSIGNED-PAYLOAD\""
        );
        // Without headers, and a path or query with a colon: nothing more
        // is replaced.
        let plain = "GET\n/b/a:b\nx=a:b\n\n\nUNSIGNED-PAYLOAD";
        assert_eq!(
            format!("{:?}", RedactedCanonicalRequest(plain)),
            format!("{plain:?}")
        );
    }

    #[test]
    fn look_alikes_are_left_alone() {
        for text in [
            "https://b.example.com/x-oss-signature=k?a=1",
            "https://b.example.com/k?my-x-oss-signature=1&x-oss-signature-version=OSS4",
            "https://b.example.com/k?x-oss-security-tokens=1",
            "",
        ] {
            assert_eq!(shown(text), format!("{text:?}"), "{text}");
        }
    }

    #[test]
    fn wiping_zeroes_and_empties() {
        let mut bytes = *b"secret";
        wipe(&mut bytes);
        assert_eq!(bytes, [0; 6]);
        let mut text = String::from("secret");
        wipe_string(&mut text);
        assert!(text.is_empty());
    }
}
