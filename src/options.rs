//! Options of a presigned GET: lifetime, signing time, query parameters and
//! headers to sign.
//!
//! Options are checked when they are set, so a bad value is reported by the
//! setter that received it. Parameters are kept sorted in canonical order and
//! already encoded, which lets one options value serve many presigns cheaply.

use std::ffi::CStr;
use std::fmt;

use crate::bearer::REDACTED;
use crate::canonical::canonical_header_name;
use crate::datetime::check_unix_seconds;
use crate::encoding::query_encode;
use crate::error::{Error, ErrorKind, Result};
use crate::limits::{MAX_HEADERS, MAX_QUERY_PARAMETERS};
use crate::v4::is_signed_by_default;
use crate::validation::{
    check_argument_len, check_expires, check_header_name, check_header_value, check_query_name,
    check_signing_time_window, check_traffic_limit,
};

/// A query parameter, kept with its encoded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryParam {
    pub(crate) encoded_name: String,
    pub(crate) encoded_value: String,
}

/// A header the downloader sends and the URL signs. `Debug` shows its
/// names, not its value: it may carry a key
/// (`x-oss-server-side-encryption-customer-key`).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct RequestHeader {
    /// As the caller spelled it, for the result.
    pub(crate) name: String,
    /// Lowercase, as it appears in the canonical request.
    pub(crate) canonical_name: String,
    /// With surrounding spaces and tabs removed.
    pub(crate) value: String,
}

impl fmt::Debug for RequestHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHeader")
            .field("name", &self.name)
            .field("canonical_name", &self.canonical_name)
            .field("value", &format_args!("{REDACTED}"))
            .finish()
    }
}

impl RequestHeader {
    /// OSS signs these without being told; every other signed header must be
    /// listed in `x-oss-additional-headers`.
    pub(crate) fn is_signed_by_default(&self) -> bool {
        is_signed_by_default(&self.canonical_name)
    }
}

/// Options of [`Client::presign_get`](crate::Client::presign_get).
///
/// `Debug` shows the headers' names, not their values.
///
/// ```
/// use oss_presign::GetOptions;
/// let mut options = GetOptions::new();
/// options
///     .expires(3600)?
///     .version_id("CAEQNhiBgM0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0")?
///     .response_content_disposition("attachment; filename=\"report.pdf\"")?
///     .process("image/resize,w_200")?;
/// # Ok::<(), oss_presign::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetOptions {
    expires: Option<u64>,
    expiration: Option<i64>,
    signing_time: Option<i64>,
    /// Seconds; 0 for none.
    signing_time_window: u64,
    clamp_to_credentials: bool,
    diagnostics: bool,
    /// Sorted by encoded name: the canonical query order.
    query: Vec<QueryParam>,
    /// Sorted by lowercase name: the canonical header order.
    headers: Vec<RequestHeader>,
}

impl Default for GetOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl GetOptions {
    /// Defaults: 900 s lifetime, signed now, no parameters, no headers.
    pub const fn new() -> Self {
        GetOptions {
            expires: None,
            expiration: None,
            signing_time: None,
            signing_time_window: 0,
            clamp_to_credentials: false,
            diagnostics: false,
            query: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// URL lifetime in seconds from the signing time, 1..=604800
    /// ([`ErrorKind::InvalidExpiry`] otherwise). Default 900.
    pub fn expires(&mut self, seconds: u64) -> Result<&mut Self> {
        check_expires(seconds)?;
        self.expires = Some(seconds);
        Ok(self)
    }

    /// Absolute expiration, Unix seconds. Wins over [`GetOptions::expires`].
    /// At presign time it must lie 1..=604800 s after the signing time and,
    /// for a presign signed by the client's clock, after now
    /// ([`ErrorKind::InvalidExpiration`] otherwise, as for an instant outside
    /// 1970..=9999 here).
    pub fn expiration(&mut self, unix_seconds: i64) -> Result<&mut Self> {
        check_unix_seconds(unix_seconds, ErrorKind::InvalidExpiration, c"expiration")?;
        self.expiration = Some(unix_seconds);
        Ok(self)
    }

    /// Signs as of this instant (Unix seconds) instead of the system clock:
    /// for reproducible URLs, or when the caller knows the server's time.
    pub fn signing_time(&mut self, unix_seconds: i64) -> Result<&mut Self> {
        check_unix_seconds(unix_seconds, ErrorKind::InvalidSigningTime, c"signing_time")?;
        self.signing_time = Some(unix_seconds);
        Ok(self)
    }

    /// Cache-friendly URLs: rounds the signing time down to a multiple of
    /// `seconds` (0 turns it off), wherever the time comes from. `seconds`
    /// must divide 86400 (60, 300, 600, 900, 3600, 86400...;
    /// [`ErrorKind::InvalidSigningTimeWindow`] otherwise), so a window never
    /// reaches back into the UTC day before, whose delegated key the client
    /// may not hold.
    /// A relative lifetime ([`GetOptions::expires`], or the default) then
    /// becomes `expires + seconds`, at most 604800, so every presign of one
    /// object within a window gives the same URL (CDN and HTTP caches hit)
    /// that is still valid at least `expires` seconds after it was made. At
    /// the 604800 cap it is valid at least `604801 - seconds` seconds. An
    /// absolute [`GetOptions::expiration`] stays as given.
    pub fn signing_time_window(&mut self, seconds: u64) -> Result<&mut Self> {
        check_signing_time_window(seconds)?;
        self.signing_time_window = seconds;
        Ok(self)
    }

    /// With credentials that expire ([`Credentials::with_expiration`]), a
    /// URL that would outlive them is refused unless `clamp` is set: then
    /// its lifetime ends exactly when they expire, and
    /// [`PresignedRequest::expiration`] reports it. Credentials already
    /// expired at the signing time (or, signed by the client's clock, by
    /// now) are refused either way.
    ///
    /// [`Credentials::with_expiration`]: crate::Credentials::with_expiration
    /// [`PresignedRequest::expiration`]: crate::PresignedRequest::expiration
    pub fn clamp_to_credentials(&mut self, clamp: bool) -> &mut Self {
        self.clamp_to_credentials = clamp;
        self
    }

    /// For a `SignatureDoesNotMatch`: the presigned request also carries the
    /// canonical request and the string to sign, to compare with the ones
    /// OSS returns in its error. Never the secret or the signing key. Off by
    /// default (it costs two more allocations per presign).
    pub fn diagnostics(&mut self, enabled: bool) -> &mut Self {
        self.diagnostics = enabled;
        self
    }

    /// Adds a signed query parameter. The name must be non-empty, not one of
    /// the `x-oss-*` signing parameters, and not added before
    /// ([`ErrorKind::InvalidQuery`]). An empty value is written as a bare name.
    pub fn add_query(&mut self, name: &str, value: &str) -> Result<&mut Self> {
        check_argument_len(name, c"query name")?;
        check_argument_len(value, c"query value")?;
        check_query_name(name)?;
        let param = QueryParam {
            encoded_name: query_encode(name),
            encoded_value: query_encode(value),
        };
        match self.find_query(&param.encoded_name) {
            Ok(_) => Err(Error::new(
                ErrorKind::InvalidQuery,
                c"query name",
                "was already added (each parameter may appear once)",
            )),
            Err(at) => {
                self.check_query_room()?;
                self.query.insert(at, param);
                Ok(self)
            }
        }
    }

    /// `versionId`: presign a specific version of the object.
    pub fn version_id(&mut self, version_id: &str) -> Result<&mut Self> {
        self.set_typed_query("versionId", c"version_id", version_id)
    }

    /// `response-content-type`: the `Content-Type` OSS answers with.
    pub fn response_content_type(&mut self, value: &str) -> Result<&mut Self> {
        self.set_typed_query("response-content-type", c"response_content_type", value)
    }

    /// `response-content-disposition`, e.g. `attachment; filename="a.pdf"`.
    pub fn response_content_disposition(&mut self, value: &str) -> Result<&mut Self> {
        self.set_typed_query(
            "response-content-disposition",
            c"response_content_disposition",
            value,
        )
    }

    /// `response-cache-control`: the `Cache-Control` OSS answers with.
    pub fn response_cache_control(&mut self, value: &str) -> Result<&mut Self> {
        self.set_typed_query("response-cache-control", c"response_cache_control", value)
    }

    /// `response-content-encoding`: the `Content-Encoding` OSS answers with.
    pub fn response_content_encoding(&mut self, value: &str) -> Result<&mut Self> {
        self.set_typed_query(
            "response-content-encoding",
            c"response_content_encoding",
            value,
        )
    }

    /// `response-content-language`: the `Content-Language` OSS answers with.
    pub fn response_content_language(&mut self, value: &str) -> Result<&mut Self> {
        self.set_typed_query(
            "response-content-language",
            c"response_content_language",
            value,
        )
    }

    /// `response-expires`: the `Expires` header OSS answers with.
    pub fn response_expires(&mut self, value: &str) -> Result<&mut Self> {
        self.set_typed_query("response-expires", c"response_expires", value)
    }

    /// `x-oss-process`, e.g. `image/resize,w_200/format,webp`.
    pub fn process(&mut self, process: &str) -> Result<&mut Self> {
        self.set_typed_query("x-oss-process", c"process", process)
    }

    /// `x-oss-traffic-limit` in bit/s, 819200..=838860800. It goes in the
    /// query (not a header) so the URL works without extra headers.
    pub fn traffic_limit(&mut self, bits_per_second: u64) -> Result<&mut Self> {
        check_traffic_limit(bits_per_second)?;
        let value = bits_per_second.to_string();
        self.replace_query("x-oss-traffic-limit", &value)?;
        Ok(self)
    }

    /// Adds a header the downloader will send, and signs it. `Content-Type`,
    /// `Content-MD5` and `x-oss-*` are signed as such; any other name is also
    /// listed in `x-oss-additional-headers`. The name must be an HTTP token
    /// not added before, and not `Authorization`, `x-oss-date`,
    /// `x-oss-security-token` or `x-oss-content-sha256` (header-signing
    /// names); the value is trimmed of surrounding spaces and tabs and must
    /// be non-empty printable ASCII, spaces and tabs inside allowed
    /// ([`ErrorKind::InvalidHeader`]).
    /// Signed headers are returned in
    /// [`PresignedRequest::headers`](crate::PresignedRequest::headers): a
    /// download without them, or with other values, is refused by OSS.
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<&mut Self> {
        check_argument_len(name, c"header name")?;
        check_argument_len(value, c"header value")?;
        check_header_name(name)?;
        let value = check_header_value(value)?;
        let canonical_name = canonical_header_name(name);
        let at = match self
            .headers
            .binary_search_by(|h| h.canonical_name.as_str().cmp(&canonical_name))
        {
            Ok(_) => {
                return Err(Error::new(
                    ErrorKind::InvalidHeader,
                    c"header name",
                    "was already added (each header may appear once)",
                ));
            }
            Err(at) => at,
        };
        if self.headers.len() >= MAX_HEADERS {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                c"options",
                format!("may sign at most {MAX_HEADERS} headers"),
            ));
        }
        self.headers.insert(
            at,
            RequestHeader {
                name: name.to_owned(),
                canonical_name,
                value: value.to_owned(),
            },
        );
        Ok(self)
    }

    pub(crate) fn expires_seconds(&self) -> Option<u64> {
        self.expires
    }

    pub(crate) fn expiration_time(&self) -> Option<i64> {
        self.expiration
    }

    pub(crate) fn fixed_signing_time(&self) -> Option<i64> {
        self.signing_time
    }

    /// The signing time window in seconds; 0 for none.
    pub(crate) fn window(&self) -> u64 {
        self.signing_time_window
    }

    pub(crate) fn clamps_to_credentials(&self) -> bool {
        self.clamp_to_credentials
    }

    pub(crate) fn wants_diagnostics(&self) -> bool {
        self.diagnostics
    }

    pub(crate) fn query(&self) -> &[QueryParam] {
        &self.query
    }

    pub(crate) fn headers(&self) -> &[RequestHeader] {
        &self.headers
    }

    fn find_query(&self, encoded_name: &str) -> std::result::Result<usize, usize> {
        self.query
            .binary_search_by(|p| p.encoded_name.as_str().cmp(encoded_name))
    }

    /// Typed setters replace an earlier value rather than fail. Out of
    /// line: inlined, its body was copied into each of the eight setters.
    #[inline(never)]
    fn set_typed_query(
        &mut self,
        name: &'static str,
        argument: &'static CStr,
        value: &str,
    ) -> Result<&mut Self> {
        if value.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidQuery,
                argument,
                "must not be empty",
            ));
        }
        check_argument_len(value, argument)?;
        self.replace_query(name, value)?;
        Ok(self)
    }

    fn replace_query(&mut self, name: &str, value: &str) -> Result<()> {
        let param = QueryParam {
            encoded_name: query_encode(name),
            encoded_value: query_encode(value),
        };
        match self.find_query(&param.encoded_name) {
            Ok(at) => self.query[at] = param,
            Err(at) => {
                self.check_query_room()?;
                self.query.insert(at, param);
            }
        }
        Ok(())
    }

    /// Refuses a new parameter once [`MAX_QUERY_PARAMETERS`] are held: the
    /// bound keeps sorted insertion cheap and the URL short.
    fn check_query_room(&self) -> Result<()> {
        if self.query.len() < MAX_QUERY_PARAMETERS {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::LimitExceeded,
            c"options",
            format!("may hold at most {MAX_QUERY_PARAMETERS} query parameters"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{MAX_EXPIRES_SECONDS, MAX_TRAFFIC_LIMIT, MIN_TRAFFIC_LIMIT};

    fn names(options: &GetOptions) -> Vec<&str> {
        options
            .query()
            .iter()
            .map(|p| p.encoded_name.as_str())
            .collect()
    }

    #[test]
    fn query_is_kept_in_canonical_order() {
        let mut o = GetOptions::new();
        for name in [
            "param1",
            "|param1",
            "+param2",
            "versionId",
            "+param1",
            "response-x",
        ] {
            o.add_query(name, "v").unwrap();
        }
        // Order of vectors Q1-Q7: sorted by the encoded name.
        assert_eq!(
            names(&o),
            [
                "%2Bparam1",
                "%2Bparam2",
                "%7Cparam1",
                "param1",
                "response-x",
                "versionId"
            ]
        );
    }

    #[test]
    fn rejects_reserved_duplicate_and_empty_query_names() {
        let mut o = GetOptions::new();
        o.add_query("a", "1").unwrap();
        assert_eq!(
            o.add_query("a", "2").unwrap_err().kind(),
            ErrorKind::InvalidQuery
        );
        assert_eq!(
            o.add_query("", "2").unwrap_err().kind(),
            ErrorKind::InvalidQuery
        );
        for reserved in crate::v4::SIGNING_QUERY_NAMES {
            assert_eq!(
                o.add_query(reserved, "x").unwrap_err().kind(),
                ErrorKind::InvalidQuery
            );
            let upper = reserved.to_ascii_uppercase();
            assert_eq!(
                o.add_query(&upper, "x").unwrap_err().kind(),
                ErrorKind::InvalidQuery
            );
        }
        assert_eq!(names(&o), ["a"]);
    }

    #[test]
    fn typed_setters_replace_and_validate() {
        let mut o = GetOptions::new();
        o.version_id("v1").unwrap().version_id("v2").unwrap();
        assert_eq!(o.query().len(), 1);
        assert_eq!(o.query()[0].encoded_value, "v2");
        assert_eq!(o.version_id("").unwrap_err().argument(), "version_id");
        o.traffic_limit(MIN_TRAFFIC_LIMIT).unwrap();
        o.traffic_limit(MAX_TRAFFIC_LIMIT).unwrap();
        for bad in [0, MIN_TRAFFIC_LIMIT - 1, MAX_TRAFFIC_LIMIT + 1] {
            assert_eq!(
                o.traffic_limit(bad).unwrap_err().argument(),
                "traffic_limit"
            );
        }
        assert_eq!(names(&o), ["versionId", "x-oss-traffic-limit"]);
        assert_eq!(o.query()[1].encoded_value, MAX_TRAFFIC_LIMIT.to_string());
    }

    #[test]
    fn expiry_bounds() {
        let mut o = GetOptions::new();
        assert!(o.expires(1).is_ok());
        assert!(o.expires(MAX_EXPIRES_SECONDS).is_ok());
        for bad in [0, MAX_EXPIRES_SECONDS + 1, u64::MAX] {
            assert_eq!(o.expires(bad).unwrap_err().kind(), ErrorKind::InvalidExpiry);
        }
        assert_eq!(o.expires_seconds(), Some(MAX_EXPIRES_SECONDS));
        assert_eq!(
            o.signing_time(-1).unwrap_err().kind(),
            ErrorKind::InvalidSigningTime
        );
        assert_eq!(o.expiration(-1).unwrap_err().argument(), "expiration");
    }

    /// Each insertion into the sorted lists is bounded, so options cannot
    /// grow without limit (or quadratically) from a loop of adds.
    #[test]
    fn query_and_header_counts_are_bounded() {
        let mut o = GetOptions::new();
        // Descending names: each one is inserted at the front.
        for i in (0..MAX_QUERY_PARAMETERS).rev() {
            o.add_query(&format!("p{i:05}"), "v").unwrap();
        }
        for refused in [
            o.add_query("a", "v").map(|_| ()),
            o.version_id("v").map(|_| ()),
        ] {
            let err = refused.unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::LimitExceeded, "options")
            );
        }
        assert_eq!(o.query().len(), MAX_QUERY_PARAMETERS);

        let mut o = GetOptions::new();
        o.version_id("v1").unwrap();
        for i in 1..MAX_QUERY_PARAMETERS {
            o.add_query(&format!("p{i}"), "v").unwrap();
        }
        // Replacing a typed parameter adds nothing, so it is still allowed.
        o.version_id("v2").unwrap();
        assert_eq!(o.query().len(), MAX_QUERY_PARAMETERS);

        let mut o = GetOptions::new();
        for i in 0..MAX_HEADERS {
            o.add_header(&format!("x-oss-meta-{i}"), "v").unwrap();
        }
        let err = o.add_header("x-oss-meta-a", "v").unwrap_err();
        assert_eq!(
            (err.kind(), err.argument()),
            (ErrorKind::LimitExceeded, "options")
        );
        assert_eq!(o.headers().len(), MAX_HEADERS);
    }

    #[test]
    fn headers_are_sorted_trimmed_and_unique() {
        let mut o = GetOptions::new();
        o.add_header("X-Oss-Meta-B", " 2 ").unwrap();
        o.add_header("Content-Type", "text/plain").unwrap();
        o.add_header("Range", "bytes=0-9").unwrap();
        let got: Vec<_> = o
            .headers()
            .iter()
            .map(|h| {
                (
                    h.canonical_name.as_str(),
                    h.value.as_str(),
                    h.is_signed_by_default(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("content-type", "text/plain", true),
                ("range", "bytes=0-9", false),
                ("x-oss-meta-b", "2", true)
            ]
        );
        assert_eq!(
            o.add_header("content-type", "x").unwrap_err().kind(),
            ErrorKind::InvalidHeader
        );
        assert_eq!(
            o.add_header("X-Evil", "a\r\nb").unwrap_err().kind(),
            ErrorKind::InvalidHeader
        );
        assert_eq!(
            o.add_header("Bad Name", "a").unwrap_err().kind(),
            ErrorKind::InvalidHeader
        );
        assert_eq!(
            o.add_header("x-oss-content-sha256", "UNSIGNED-PAYLOAD")
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidHeader
        );
        assert_eq!(o.headers().len(), 3);
    }
}
