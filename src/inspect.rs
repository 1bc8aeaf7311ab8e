//! Reading a presigned URL back: what it names, who signed it, and when it
//! is valid, against the client's own endpoint and addressing style.
//!
//! Apps keep presigned URLs (in a cache, in a web view) and must decide when
//! to presign again; [`Client::inspect_url`] answers without a request, and
//! [`Client::verify_url`](crate::Client::verify_url) checks the signature.

use std::fmt;

use percent_encoding::percent_decode_str;

use crate::bearer::{wipe, wipe_string};
use crate::canonical::sort_pairs;
use crate::client::Client;
use crate::datetime::SigningDateTime;
use crate::endpoint::AddressingStyle;
use crate::error::{Error, ErrorKind, Result};
use crate::limits::MAX_EXPIRES_SECONDS;
use crate::v4::{
    ADDITIONAL_HEADERS, ALGORITHM, CREDENTIAL, DATE, EXPIRES, SCOPE_TERMINATOR, SECONDS_PER_DAY,
    SECURITY_TOKEN, SIGNATURE, SIGNATURE_VERSION,
};
use crate::validation::{check_bucket, check_url_len};

/// What a presigned URL says about itself.
///
/// It also holds the URL's parameters, STS token and signature included,
/// for verifying it: `Debug` never shows them, and they are wiped when it is
/// dropped. No `==`: it would compare the signature in variable time.
#[derive(Clone)]
pub struct UrlInfo {
    bucket: String,
    key: String,
    signing_time: i64,
    expires: u64,
    access_key_id: String,
    region: String,
    product: String,
    additional_headers: Vec<String>,
    has_security_token: bool,
    /// Every query parameter but the signature, decoded, in URL order.
    pub(crate) query: Vec<(String, String)>,
    /// `x-oss-signature`, 64 lowercase hex digits.
    pub(crate) signature: String,
}

impl UrlInfo {
    /// The bucket: from the host (virtual-hosted) or the path (path style).
    /// Empty for a custom-domain client, whose URLs do not name it.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The object key, decoded.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// `x-oss-date` as Unix seconds.
    pub fn signing_time(&self) -> i64 {
        self.signing_time
    }

    /// Unix seconds after which OSS refuses the URL (`x-oss-date + x-oss-expires`).
    pub fn expiration(&self) -> i64 {
        self.signing_time + self.expires as i64
    }

    /// Seconds the URL stays valid after `now` (Unix seconds); 0 or less
    /// once expired.
    pub fn seconds_left(&self, now: i64) -> i64 {
        self.expiration().saturating_sub(now)
    }

    /// The access key id of `x-oss-credential`.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The region of `x-oss-credential`.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The product of `x-oss-credential` (`oss`, or `oss-cloudbox`).
    pub fn product(&self) -> &str {
        &self.product
    }

    /// The headers listed in `x-oss-additional-headers` (lowercase): signed
    /// headers the GET must send besides any `Content-Type`, `Content-MD5`
    /// and `x-oss-*` ones, which OSS signs without listing them.
    pub fn additional_headers(&self) -> &[String] {
        &self.additional_headers
    }

    /// Whether the URL carries an STS token.
    pub fn has_security_token(&self) -> bool {
        self.has_security_token
    }
}

impl Drop for UrlInfo {
    fn drop(&mut self) {
        for (name, value) in &mut self.query {
            wipe_string(name);
            wipe_string(value);
        }
        wipe_string(&mut self.signature);
    }
}

impl fmt::Debug for UrlInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UrlInfo")
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .field("signing_time", &self.signing_time)
            .field("expires", &self.expires)
            .field("access_key_id", &self.access_key_id)
            .field("region", &self.region)
            .field("product", &self.product)
            .field("additional_headers", &self.additional_headers)
            .field("has_security_token", &self.has_security_token)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Reads a presigned URL made for this client's endpoint and addressing
    /// style: bucket, key, signing time, expiration, key id, region and
    /// additional headers. It does not check the signature
    /// ([`Client::verify_url`](crate::Client::verify_url) does). Fails with
    /// [`ErrorKind::MalformedUrl`] when the URL is not a presigned V4 GET
    /// URL of this client's host and path layout, and with
    /// [`ErrorKind::LimitExceeded`] when it is longer than
    /// [`MAX_URL_BYTES`](crate::limits::MAX_URL_BYTES), before reading it.
    pub fn inspect_url(&self, url: &str) -> Result<UrlInfo> {
        check_url_len(url.len())?;
        let (bucket, key, query) = self.split_url(url)?;
        let mut info = UrlInfo {
            bucket,
            key,
            signing_time: 0,
            expires: 0,
            access_key_id: String::new(),
            region: String::new(),
            product: String::new(),
            additional_headers: Vec::new(),
            has_security_token: false,
            query: Vec::new(),
            signature: String::new(),
        };
        let (mut version, mut credential, mut date, mut expires) = (None, None, None, None);
        // Seen even when empty: `x-oss-signature=&x-oss-signature=...` repeats it.
        let mut signature_seen = false;
        // Empty pieces (`a&&b`) are no parameters, as OSS reads them.
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let (name, value) = (decode(name)?, decode(value)?);
            let slot = match name.as_str() {
                SIGNATURE => {
                    if let Err(repeated) = once(&signature_seen.then_some(()), SIGNATURE) {
                        let mut value = value;
                        wipe_string(&mut value);
                        return Err(repeated);
                    }
                    signature_seen = true;
                    info.signature = value;
                    continue;
                }
                SIGNATURE_VERSION => &mut version,
                CREDENTIAL => &mut credential,
                DATE => &mut date,
                EXPIRES => &mut expires,
                _ => {
                    if name == ADDITIONAL_HEADERS {
                        info.additional_headers = value.split(';').map(str::to_owned).collect();
                    }
                    if name == SECURITY_TOKEN {
                        info.has_security_token = true;
                    }
                    info.query.push((name, value));
                    continue;
                }
            };
            once(slot, &name)?;
            *slot = Some(value.clone());
            info.query.push((name, value));
        }
        check_unique(&info.query)?;
        if version.as_deref() != Some(ALGORITHM) {
            return Err(malformed(format!(
                "is not signed with {SIGNATURE_VERSION}={ALGORITHM}"
            )));
        }
        let is_hex =
            |s: &str| s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !is_hex(&info.signature) {
            return Err(malformed(format!(
                "has no {SIGNATURE} of 64 lowercase hex digits"
            )));
        }
        let date = date.ok_or_else(|| malformed(format!("has no {DATE}")))?;
        info.signing_time = parse_datetime(&date)
            .ok_or_else(|| malformed(format!("{DATE} is not YYYYMMDDTHHMMSSZ")))?;
        let expires = expires.ok_or_else(|| malformed(format!("has no {EXPIRES}")))?;
        info.expires = expires
            .parse::<u64>()
            .ok()
            .filter(|e| (1..=MAX_EXPIRES_SECONDS).contains(e) && !expires.starts_with('+'))
            .ok_or_else(|| malformed(format!("{EXPIRES} is not 1..={MAX_EXPIRES_SECONDS}")))?;
        let credential = credential.ok_or_else(|| malformed(format!("has no {CREDENTIAL}")))?;
        let parts: Vec<&str> = credential.split('/').collect();
        let [id, scope_date, region, product, terminator] = parts[..] else {
            return Err(malformed(format!(
                "{CREDENTIAL} is not id/date/region/product/{SCOPE_TERMINATOR}"
            )));
        };
        if terminator != SCOPE_TERMINATOR || id.is_empty() || Some(scope_date) != date.get(..8) {
            return Err(malformed(format!("{CREDENTIAL} does not fit {DATE}")));
        }
        info.access_key_id = id.to_owned();
        info.region = region.to_owned();
        info.product = product.to_owned();
        Ok(info)
    }

    /// (bucket, decoded key, raw query) of a URL with this client's
    /// scheme, host and path layout.
    fn split_url<'u>(&self, url: &'u str) -> Result<(String, String, &'u str)> {
        let scheme = self.endpoint.scheme().as_str();
        let rest = url
            .get(..scheme.len() + 3)
            .filter(|start| start.eq_ignore_ascii_case(&format!("{scheme}://")))
            .and_then(|_| url.get(scheme.len() + 3..))
            .ok_or_else(|| malformed(format!("does not start with {scheme}://")))?;
        if rest.contains('#') {
            return Err(malformed("has a fragment".into()));
        }
        let (target, query) = rest
            .split_once('?')
            .ok_or_else(|| malformed("has no query (no signature)".into()))?;
        let (host, path) = target.split_at(target.find('/').unwrap_or(target.len()));
        let endpoint = self.endpoint.authority();
        let (bucket, key_path) = match self.style {
            AddressingStyle::VirtualHosted => {
                let bucket = host
                    .len()
                    .checked_sub(endpoint.len() + 1)
                    .filter(|&at| {
                        host.get(at..at + 1) == Some(".")
                            && host
                                .get(at + 1..)
                                .is_some_and(|h| h.eq_ignore_ascii_case(endpoint))
                    })
                    .and_then(|at| host.get(..at))
                    .ok_or_else(|| malformed(format!("host is not <bucket>.{endpoint}")))?;
                (bucket.to_owned(), path)
            }
            AddressingStyle::Path => {
                if !host.eq_ignore_ascii_case(endpoint) {
                    return Err(malformed(format!("host is not {endpoint}")));
                }
                let in_path = path.strip_prefix('/').unwrap_or_default();
                let (bucket, key) = in_path.split_at(in_path.find('/').unwrap_or(in_path.len()));
                (bucket.to_owned(), key)
            }
            AddressingStyle::CustomDomain => {
                if !host.eq_ignore_ascii_case(endpoint) {
                    return Err(malformed(format!("host is not {endpoint}")));
                }
                (String::new(), path)
            }
        };
        if self.style != AddressingStyle::CustomDomain && check_bucket(&bucket).is_err() {
            return Err(malformed("does not name a valid bucket".into()));
        }
        let key = key_path
            .strip_prefix('/')
            .filter(|key| !key.is_empty())
            .ok_or_else(|| malformed("has no object key".into()))?;
        Ok((bucket, decode(key)?, query))
    }
}

/// A percent-decoded name, value or path: UTF-8, as OSS keys are. Decoded
/// into a buffer of the text's length, which the result never exceeds: a
/// growing buffer would free copies of an STS token unwiped.
fn decode(text: &str) -> Result<String> {
    let mut bytes = Vec::with_capacity(text.len());
    bytes.extend(percent_decode_str(text));
    String::from_utf8(bytes).map_err(|error| {
        wipe(&mut error.into_bytes());
        malformed("decodes to text that is not UTF-8".into())
    })
}

/// Refuses a parameter given twice, as OSS does. The names are sorted, so
/// that the check grows as n log n with the number of parameters: comparing
/// each with all before it grew as n², seconds for a long enough URL.
fn check_unique(query: &[(String, String)]) -> Result<()> {
    let mut names: Vec<(&str, &str)> = query.iter().map(|(name, _)| (name.as_str(), "")).collect();
    sort_pairs(&mut names);
    match names.windows(2).find(|pair| pair.first() == pair.last()) {
        Some([(name, _), _]) => Err(malformed(format!("repeats the parameter {name}"))),
        _ => Ok(()),
    }
}

/// Refuses a signing parameter given twice.
fn once<T>(slot: &Option<T>, name: &str) -> Result<()> {
    match slot {
        Some(_) => Err(malformed(format!("repeats the parameter {name}"))),
        None => Ok(()),
    }
}

/// `YYYYMMDDTHHMMSSZ` as Unix seconds.
fn parse_datetime(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b.get(8) != Some(&b'T') || b.get(15) != Some(&b'Z') {
        return None;
    }
    let day = crate::datetime::parse_yyyymmdd(text.get(..8)?)?;
    let digits = text.get(9..15)?;
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let number = |r: std::ops::Range<usize>| digits.get(r)?.parse::<i64>().ok();
    let (h, m, s) = (number(0..2)?, number(2..4)?, number(4..6)?);
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let unix = day * SECONDS_PER_DAY + h * 3600 + m * 60 + s;
    // The writer's own round trip: the text is exactly what the date formats to.
    let formatted = SigningDateTime::from_unix(unix, c"t").ok()?;
    (formatted.as_str() == text).then_some(unix)
}

fn malformed(detail: String) -> Error {
    Error::new(ErrorKind::MalformedUrl, c"url", detail)
}
