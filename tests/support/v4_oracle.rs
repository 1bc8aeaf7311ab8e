//! An independent OSS V4 (`OSS4-HMAC-SHA256`) signer for presigned GETs,
//! written from the published algorithm (Alibaba's "Include a V4 signature
//! in a URL" and the Python SDK v2's `signer/v4.py`), not from this crate's
//! code: its own encoder, its own canonical request, and SHA-256/HMAC from
//! the `sha2` and `hmac` crates. It is checked against the known-answer
//! vectors (`tests/oracle.rs`), then used by the property tests, the stress
//! test, the soak and the fuzz targets as the second opinion on every
//! signature. Shared by `#[path]` inclusion; not every user needs every item.
#![allow(dead_code)]

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// What a presigned GET signs, in raw (unencoded) form.
pub struct Presign<'a> {
    pub access_key_id: &'a str,
    pub access_key_secret: &'a str,
    pub security_token: Option<&'a str>,
    pub region: &'a str,
    pub product: &'a str,
    pub bucket: &'a str,
    pub key: &'a str,
    pub signing_time: i64,
    pub expires: u64,
    /// Query parameters besides the signing ones, raw.
    pub query: &'a [(&'a str, &'a str)],
    /// Headers the GET sends, (name in any case, value as sent).
    pub headers: &'a [(&'a str, &'a str)],
}

/// RFC 3986 percent-encoding: unreserved characters stay, every other byte
/// is `%XX` in uppercase hex; `/` stays too when `keep_slash`.
pub fn uri_encode(bytes: &[u8], keep_slash: bool) -> String {
    let mut out = String::new();
    for &b in bytes {
        let unreserved = b.is_ascii_alphanumeric() || b"-_.~".contains(&b);
        if unreserved || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `%XX` decoding (the inverse of [`uri_encode`]; a malformed escape is
/// kept literally).
pub fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// `YYYYMMDDTHHMMSSZ` of Unix seconds (proleptic Gregorian, UTC), by the
/// civil-from-days algorithm of H. Hinnant's "chrono-Compatible Low-Level
/// Date Algorithms".
pub fn iso8601_basic(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Headers OSS signs whether listed or not.
pub fn signed_by_default(lowercase_name: &str) -> bool {
    lowercase_name == "content-type"
        || lowercase_name == "content-md5"
        || lowercase_name.starts_with("x-oss-")
}

/// The names `x-oss-additional-headers` lists for these headers: lowercase,
/// sorted, those OSS would not sign otherwise.
pub fn additional_header_names(headers: &[(&str, &str)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .filter(|n| !signed_by_default(n))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Every query parameter of the URL but the signature: the caller's and the
/// signing ones, raw.
pub fn signed_query(p: &Presign<'_>) -> Vec<(String, String)> {
    let date = iso8601_basic(p.signing_time);
    let mut query: Vec<(String, String)> = p
        .query
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    query.push((
        "x-oss-credential".into(),
        format!(
            "{}/{}/{}/{}/aliyun_v4_request",
            p.access_key_id,
            &date[..8],
            p.region,
            p.product
        ),
    ));
    query.push(("x-oss-date".into(), date));
    query.push(("x-oss-expires".into(), p.expires.to_string()));
    query.push(("x-oss-signature-version".into(), "OSS4-HMAC-SHA256".into()));
    if let Some(token) = p.security_token {
        query.push(("x-oss-security-token".into(), token.into()));
    }
    let additional = additional_header_names(p.headers);
    if !additional.is_empty() {
        query.push(("x-oss-additional-headers".into(), additional.join(";")));
    }
    query
}

/// The canonical request of the presigned GET.
pub fn canonical_request(p: &Presign<'_>) -> String {
    let mut query: Vec<(String, String)> = signed_query(p)
        .iter()
        .map(|(n, v)| {
            (
                uri_encode(n.as_bytes(), false),
                uri_encode(v.as_bytes(), false),
            )
        })
        .collect();
    query.sort();
    let query: Vec<String> = query
        .into_iter()
        .map(|(n, v)| if v.is_empty() { n } else { format!("{n}={v}") })
        .collect();
    let additional = additional_header_names(p.headers);
    let mut headers: Vec<(String, String)> = p
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.to_ascii_lowercase(),
                v.trim_matches([' ', '\t']).to_string(),
            )
        })
        .filter(|(n, _)| signed_by_default(n) || additional.contains(n))
        .collect();
    headers.sort();
    let header_lines: String = headers.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
    format!(
        "GET\n/{}/{}\n{}\n{}\n{}\nUNSIGNED-PAYLOAD",
        p.bucket,
        uri_encode(p.key.as_bytes(), true),
        query.join("&"),
        header_lines,
        additional.join(";")
    )
}

/// The day's signing key: `aliyun_v4` + secret, then date, region, product
/// and `aliyun_v4_request`, each an HMAC-SHA256 step.
pub fn signing_key(secret: &str, date: &str, region: &str, product: &str) -> Vec<u8> {
    let k = hmac(format!("aliyun_v4{secret}").as_bytes(), date.as_bytes());
    let k = hmac(&k, region.as_bytes());
    let k = hmac(&k, product.as_bytes());
    hmac(&k, b"aliyun_v4_request")
}

/// The signature: lowercase hex of the HMAC of the string to sign.
pub fn signature(p: &Presign<'_>) -> String {
    let datetime = iso8601_basic(p.signing_time);
    let date = &datetime[..8];
    let hashed = hex(&Sha256::digest(canonical_request(p).as_bytes()));
    let string_to_sign = format!(
        "OSS4-HMAC-SHA256\n{datetime}\n{date}/{}/{}/aliyun_v4_request\n{hashed}",
        p.region, p.product
    );
    hex(&hmac(
        &signing_key(p.access_key_secret, date, p.region, p.product),
        string_to_sign.as_bytes(),
    ))
}

/// The signing key as the 64 hex digits a delegating server hands out.
pub fn signing_key_hex(secret: &str, date: &str, region: &str, product: &str) -> String {
    hex(&signing_key(secret, date, region, product))
}

/// A URL split into its parts: (`scheme://host`, path, raw query pairs).
pub fn split_url(url: &str) -> (&str, &str, Vec<(&str, &str)>) {
    let (target, query) = url.split_once('?').unwrap_or((url, ""));
    let after_scheme = target.find("://").map_or(0, |i| i + 3);
    let path_start = target[after_scheme..]
        .find('/')
        .map_or(target.len(), |i| after_scheme + i);
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    (&target[..path_start], &target[path_start..], pairs)
}

/// The value of `x-oss-signature` in a URL.
pub fn url_signature(url: &str) -> Option<&str> {
    split_url(url)
        .2
        .into_iter()
        .find(|(n, _)| *n == "x-oss-signature")
        .map(|(_, v)| v)
}
