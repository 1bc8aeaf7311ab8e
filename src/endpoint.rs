//! Endpoint parsing and addressing: which host and path a presigned URL uses.
//!
//! Addressing changes only the URL's host and path. The canonical URI that is
//! signed is always `/bucket/key`, whatever the style.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::error::{Error, ErrorKind, Result};

/// URL scheme of the endpoint. `https` unless the endpoint says `http://`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    /// Plain HTTP, for loopback tests and internal networks.
    Http,
    /// HTTPS, the default.
    #[default]
    Https,
}

impl Scheme {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

/// How the bucket appears in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AddressingStyle {
    /// `https://bucket.endpoint/key` (the default).
    #[default]
    VirtualHosted,
    /// `https://endpoint/bucket/key`. Forced for IP endpoints.
    Path,
    /// `https://custom-domain/key`: the endpoint is a domain bound to the bucket.
    CustomDomain,
}

/// A parsed endpoint: scheme plus `host[:port]`.
///
/// ```
/// use oss_presign::{Endpoint, Scheme};
/// let e = Endpoint::parse("http://127.0.0.1:9000")?;
/// assert_eq!(e.scheme(), Scheme::Http);
/// assert_eq!(e.authority(), "127.0.0.1:9000");
/// assert!(e.is_ip());
/// # Ok::<(), oss_presign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: Scheme,
    authority: String,
    is_ip: bool,
}

impl Endpoint {
    /// Parses `[http://|https://]host[:port][/]`, where host is a DNS name,
    /// an IPv4 address or a bracketed IPv6 address. Anything else (a path, a
    /// query, user info, spaces, an empty host) is an
    /// [`ErrorKind::InvalidEndpoint`].
    pub fn parse(endpoint: &str) -> Result<Self> {
        let (scheme, rest) = split_scheme(endpoint)?;
        // One trailing slash is common in copied endpoints and harmless.
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.is_empty() {
            return Err(invalid("must contain a host"));
        }
        if let Some(bad) = authority.chars().find(|c| {
            matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace() || c.is_control()
        }) {
            return Err(invalid(format!(
                "must be [scheme://]host[:port] without path, query or user info, found {bad:?}"
            )));
        }
        let (host, port) = split_port(authority)?;
        if let Some(port) = port {
            check_port(port)?;
        }
        let is_ip = check_host(host)?;
        Ok(Endpoint {
            scheme,
            authority: authority.to_owned(),
            is_ip,
        })
    }

    /// The scheme the URLs use.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// `host[:port]` exactly as given.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// Whether the host is an IP address (such endpoints use path style).
    pub fn is_ip(&self) -> bool {
        self.is_ip
    }

    /// The style URLs will really use: an IP host cannot carry a bucket
    /// subdomain, so it always uses path style (as the official SDKs do).
    pub(crate) fn effective_style(&self, requested: AddressingStyle) -> AddressingStyle {
        if self.is_ip {
            AddressingStyle::Path
        } else {
            requested
        }
    }
}

/// Writes `scheme://host` and, for path style, `/bucket`: everything before
/// the `/key` part of the URL path.
pub(crate) fn push_url_prefix(
    out: &mut Vec<u8>,
    endpoint: &Endpoint,
    style: AddressingStyle,
    bucket: &str,
) {
    out.extend_from_slice(endpoint.scheme.as_str().as_bytes());
    out.extend_from_slice(b"://");
    match style {
        AddressingStyle::VirtualHosted => {
            out.extend_from_slice(bucket.as_bytes());
            out.push(b'.');
            out.extend_from_slice(endpoint.authority.as_bytes());
        }
        AddressingStyle::Path => {
            out.extend_from_slice(endpoint.authority.as_bytes());
            out.push(b'/');
            out.extend_from_slice(bucket.as_bytes());
        }
        AddressingStyle::CustomDomain => out.extend_from_slice(endpoint.authority.as_bytes()),
    }
}

/// Length of what [`push_url_prefix`] writes.
pub(crate) fn url_prefix_len(endpoint: &Endpoint, style: AddressingStyle, bucket: &str) -> usize {
    let bucket_part = match style {
        AddressingStyle::VirtualHosted | AddressingStyle::Path => bucket.len() + 1,
        AddressingStyle::CustomDomain => 0,
    };
    endpoint.scheme.as_str().len() + "://".len() + endpoint.authority.len() + bucket_part
}

fn split_scheme(endpoint: &str) -> Result<(Scheme, &str)> {
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return Ok((Scheme::Https, endpoint));
    };
    if scheme.eq_ignore_ascii_case("https") {
        Ok((Scheme::Https, rest))
    } else if scheme.eq_ignore_ascii_case("http") {
        Ok((Scheme::Http, rest))
    } else {
        Err(invalid("scheme must be http or https"))
    }
}

/// Splits `host[:port]`; a bracketed IPv6 host keeps its brackets.
fn split_port(authority: &str) -> Result<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let Some(close) = authority.find(']') else {
            return Err(invalid("IPv6 host is missing its closing ']'"));
        };
        let (host, after) = authority.split_at(close + 1);
        return match after {
            "" => Ok((host, None)),
            _ => match after.strip_prefix(':') {
                Some(port) => Ok((host, Some(port))),
                None => Err(invalid("only ':port' may follow an IPv6 host")),
            },
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => Ok((host, Some(port))),
        None => Ok((authority, None)),
    }
}

fn check_port(port: &str) -> Result<()> {
    let valid = !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
    if valid {
        Ok(())
    } else {
        Err(invalid("port must be a number in 1..=65535"))
    }
}

/// Validates the host; returns whether it is an IP address.
fn check_host(host: &str) -> Result<bool> {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return match inner.parse::<Ipv6Addr>() {
            Ok(_) => Ok(true),
            Err(_) => Err(invalid("bracketed host is not an IPv6 address")),
        };
    }
    if host.parse::<Ipv4Addr>().is_ok() || is_inet_aton_ipv4(host) {
        return Ok(true);
    }
    // No DNS name ends in an all-numeric label (RFC 3696, 2): such a host is
    // a mistyped IP address, which no HTTP stack could resolve.
    if host
        .rsplit('.')
        .next()
        .is_some_and(|last| !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(invalid(
            "host looks like an IPv4 address but is not one (four numbers 0-255 separated by dots)",
        ));
    }
    let labels_ok = host.len() <= 253
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if labels_ok {
        Ok(false)
    } else {
        Err(invalid(
            "host must be a DNS name (dot-separated labels of 1-63 letters, digits, '-' \
             or '_', 253 characters at most), an IPv4 address or a bracketed IPv6 address",
        ))
    }
}

/// Whether `host` is an IPv4 address as `inet_aton` reads it, which is how
/// Alibaba's SDKs decide that an endpoint is an IP (and so uses path style):
/// one to four dot-separated numbers, each decimal, octal (leading `0`) or
/// hexadecimal (leading `0x`), the last filling the remaining bytes, e.g.
/// `127.1`, `2130706433`, `0x7f.0.0.1` or `010.0.0.1` (= 8.0.0.1).
fn is_inet_aton_ipv4(host: &str) -> bool {
    let mut parts = 0;
    let mut last = 0;
    for part in host.split('.') {
        let Some(value) = inet_aton_number(part) else {
            return false;
        };
        if parts > 0 && last > 0xff {
            return false;
        }
        parts += 1;
        last = value;
    }
    // The last part fills the bytes the others left: 4, 3, 2 or 1 of them.
    let limit = match parts {
        1 => u64::from(u32::MAX),
        2 => 0xff_ffff,
        3 => 0xffff,
        4 => 0xff,
        _ => return false,
    };
    last <= limit
}

/// One number of an `inet_aton` address; `None` if it is not one or does not
/// fit 32 bits.
fn inet_aton_number(text: &str) -> Option<u64> {
    let (digits, radix) =
        if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            // `0x` alone is 0, as in `inet_aton`.
            (hex, 16)
        } else if let Some(octal) = text.strip_prefix('0').filter(|rest| !rest.is_empty()) {
            (octal, 8)
        } else if text.is_empty() {
            return None;
        } else {
            (text, 10)
        };
    let mut value: u64 = 0;
    for c in digits.chars() {
        value = value * u64::from(radix) + u64::from(c.to_digit(radix)?);
        if value > u64::from(u32::MAX) {
            return None;
        }
    }
    Some(value)
}

fn invalid(detail: impl Into<std::borrow::Cow<'static, str>>) -> Error {
    Error::new(ErrorKind::InvalidEndpoint, c"endpoint", detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_hosts_with_and_without_scheme_and_port() {
        let cases = [
            (
                "oss-cn-hangzhou.aliyuncs.com",
                Scheme::Https,
                "oss-cn-hangzhou.aliyuncs.com",
                false,
            ),
            (
                "https://oss-cn-hangzhou.aliyuncs.com/",
                Scheme::Https,
                "oss-cn-hangzhou.aliyuncs.com",
                false,
            ),
            (
                "HTTP://localhost:9000",
                Scheme::Http,
                "localhost:9000",
                false,
            ),
            ("10.0.0.1:8080", Scheme::Https, "10.0.0.1:8080", true),
            ("http://[::1]:8080", Scheme::Http, "[::1]:8080", true),
            ("[2001:db8::1]", Scheme::Https, "[2001:db8::1]", true),
            (
                "static.example.com",
                Scheme::Https,
                "static.example.com",
                false,
            ),
        ];
        for (input, scheme, authority, is_ip) in cases {
            let e = Endpoint::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(
                (e.scheme(), e.authority(), e.is_ip()),
                (scheme, authority, is_ip),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_host() {
        for bad in [
            "",
            "https://",
            "/path",
            "host/path",
            "host name",
            " host",
            "ftp://host",
            "user@host",
            "host:",
            "host:0",
            "host:65536",
            "host:12a",
            "host?x=1",
            "[::1",
            "[zz::1]:80",
            "[::1]x",
            "a..b",
            ".host",
            "host\n",
        ] {
            let err = Endpoint::parse(bad).expect_err(bad);
            assert_eq!(err.kind(), ErrorKind::InvalidEndpoint, "{bad:?}");
            assert_eq!(err.argument(), "endpoint");
        }
    }

    /// What `inet_aton` (and so Alibaba's SDK) reads as IPv4 is an IP here
    /// too, kept as written; expected values follow glibc's inet_aton(3).
    #[test]
    fn non_canonical_ipv4_hosts_are_ips() {
        for host in [
            "127.1",
            "127.0.1",
            "2130706433",
            "0x7f.0.0.1",
            "0X7F000001",
            "010.0.0.1",
            "0x",
            "0.0.0.0",
            "255.255.255.255",
            "1.16777215",
            "1.2.65535",
            "4294967295",
        ] {
            let e = Endpoint::parse(&format!("http://{host}:9000"))
                .unwrap_or_else(|e| panic!("{host}: {e}"));
            assert!(e.is_ip(), "{host}");
            assert_eq!(e.authority(), format!("{host}:9000"));
        }
        for host in ["0x1g.0.0.1", "1.2.3.4a", "abc", "1e100.net", "a1.b2"] {
            assert!(!is_inet_aton_ipv4(host), "{host}");
        }
        // Numeric-looking hosts that are no address: refused, not taken for
        // DNS names.
        for host in [
            "256.1.1.1",
            "1.2.3.256",
            "1.16777216",
            "4294967296",
            "08.0.0.1",
            "1.2.3.4.5",
            "example.123",
        ] {
            let err = Endpoint::parse(host).expect_err(host);
            assert_eq!(err.kind(), ErrorKind::InvalidEndpoint, "{host}");
        }
        // A DNS name may still start with digits.
        assert!(!Endpoint::parse("1e100.net").unwrap().is_ip());
        assert!(!Endpoint::parse("123.example.com").unwrap().is_ip());
    }

    #[test]
    fn ip_endpoints_force_path_style() {
        let ip = Endpoint::parse("10.0.0.1:8080").unwrap();
        let dns = Endpoint::parse("example.com").unwrap();
        for style in [
            AddressingStyle::VirtualHosted,
            AddressingStyle::Path,
            AddressingStyle::CustomDomain,
        ] {
            assert_eq!(ip.effective_style(style), AddressingStyle::Path);
            assert_eq!(dns.effective_style(style), style);
        }
    }

    #[test]
    fn url_prefix_per_style() {
        let e = Endpoint::parse("http://oss.local:9000").unwrap();
        for (style, expected) in [
            (AddressingStyle::VirtualHosted, "http://bkt.oss.local:9000"),
            (AddressingStyle::Path, "http://oss.local:9000/bkt"),
            (AddressingStyle::CustomDomain, "http://oss.local:9000"),
        ] {
            let mut out = Vec::new();
            push_url_prefix(&mut out, &e, style, "bkt");
            assert_eq!(out, expected.as_bytes());
            assert_eq!(url_prefix_len(&e, style, "bkt"), expected.len());
        }
    }
}
