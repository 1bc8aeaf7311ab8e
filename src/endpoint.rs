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
    out: &mut String,
    endpoint: &Endpoint,
    style: AddressingStyle,
    bucket: &str,
) {
    out.push_str(endpoint.scheme.as_str());
    out.push_str("://");
    match style {
        AddressingStyle::VirtualHosted => {
            out.push_str(bucket);
            out.push('.');
            out.push_str(&endpoint.authority);
        }
        AddressingStyle::Path => {
            out.push_str(&endpoint.authority);
            out.push('/');
            out.push_str(bucket);
        }
        AddressingStyle::CustomDomain => out.push_str(&endpoint.authority),
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
    if host.parse::<Ipv4Addr>().is_ok() {
        return Ok(true);
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
            let mut out = String::new();
            push_url_prefix(&mut out, &e, style, "bkt");
            assert_eq!(out, expected);
            assert_eq!(url_prefix_len(&e, style, "bkt"), expected.len());
        }
    }
}
