//! The XML error body OSS answers a refused request with, read into its
//! fields: what a caller needs to react (`Code`, `ServerTime` to correct a
//! clock) and to debug (`StringToSign`, `CanonicalRequest`).
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <Error>
//!   <Code>AccessDenied</Code>
//!   <Message>Request has expired.</Message>
//!   <RequestId>65A3F0C1D2E3F4A5B6C7D8E9</RequestId>
//!   <HostId>examplebucket.oss-cn-hangzhou.aliyuncs.com</HostId>
//!   <Expires>2024-01-02T04:04:05.000Z</Expires>
//!   <ServerTime>2024-01-02T05:00:00.000Z</ServerTime>
//!   <EC>0002-00000069</EC>
//! </Error>
//! ```
//!
//! The reader is small and strict about what it needs (an `Error` root
//! holding a `Code`) and tolerant of the rest (unknown elements, comments,
//! whitespace). Only the five predefined entities and character references
//! are expanded; there is no DTD, so nothing is fetched or expanded further.
//!
//! A body echoes the refused request: `CanonicalRequest` holds its query,
//! STS token included, and `SignatureProvided` its signature. So `Debug`
//! shows only the fields of [`SHOWN_FIELDS`], and the fields are wiped when
//! dropped (see `bearer`).

use std::fmt;

use zeroize::Zeroizing;

use crate::bearer::{REDACTED, wipe_string};
use crate::error::{Error, ErrorKind, Result};
use crate::http_date::parse_iso8601;
use crate::limits::MAX_ERROR_BODY_BYTES;

/// The fields of an OSS error body besides `Code` that this library
/// exposes by name in every language (`oss_service_error_field` answers
/// only these): what a caller needs to react to the error and to debug a
/// signature. First those that identify the error, then those that echo
/// the refused request.
pub const KNOWN_FIELDS: [&str; 9] = [
    "Message",
    "RequestId",
    "HostId",
    "EC",
    "ServerTime",
    "Expires",
    "StringToSign",
    "CanonicalRequest",
    "OSSAccessKeyId",
];

/// The fields `Debug` shows besides `Code`: the first of [`KNOWN_FIELDS`],
/// which identify an error and never echo the request (its token,
/// signature or signed headers).
const SHOWN_FIELDS: &[&str] = KNOWN_FIELDS.split_at(6).0;

/// A parsed OSS error body.
///
/// `Debug` shows `Code`, `Message`, `RequestId`, `HostId`, `EC`,
/// `ServerTime` and `Expires`, and names the other fields with their values
/// redacted; every field is wiped when dropped.
/// No `==`: it would compare the echoed token in variable time.
///
/// ```
/// let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\
///     <Code>RequestTimeTooSkewed</Code><Message>The difference between the request time \
///     and the current time is too large.</Message>\
///     <ServerTime>2024-01-02T03:04:05.000Z</ServerTime></Error>";
/// let error = oss_presign::ServiceError::parse(body.as_bytes())?;
/// assert_eq!(error.code(), "RequestTimeTooSkewed");
/// assert_eq!(error.server_time(), Some(1_704_164_645));
/// # Ok::<(), oss_presign::Error>(())
/// ```
#[derive(Clone)]
pub struct ServiceError {
    code: String,
    fields: Fields,
}

/// Child elements in document order; a repeated name: the last wins.
/// A list, not a map: a body has about ten fields, and a map cost the
/// library 14 KiB of code. Wiped when dropped, also when a body is refused
/// half-way.
#[derive(Clone, Default)]
struct Fields(Vec<(String, String)>);

impl Drop for Fields {
    fn drop(&mut self) {
        for (name, value) in &mut self.0 {
            wipe_string(name);
            wipe_string(value);
        }
    }
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ServiceError ")?;
        let mut fields = f.debug_map();
        for (name, value) in &self.fields.0 {
            if name == "Code" || SHOWN_FIELDS.contains(&name.as_str()) {
                fields.entry(name, value);
            } else {
                fields.entry(name, &format_args!("{REDACTED}"));
            }
        }
        fields.finish()
    }
}

impl ServiceError {
    /// Reads an OSS XML error body (UTF-8, at most [`MAX_ERROR_BODY_BYTES`]).
    /// Fails with [`ErrorKind::InvalidResponse`] when it is not one.
    pub fn parse(body: &[u8]) -> Result<Self> {
        if body.len() > MAX_ERROR_BODY_BYTES {
            return Err(invalid(format!(
                "must be at most {MAX_ERROR_BODY_BYTES} bytes, got {}",
                body.len()
            )));
        }
        let text = std::str::from_utf8(body).map_err(|_| invalid("is not UTF-8".into()))?;
        let fields = error_fields(text)
            .ok_or_else(|| invalid("is not an OSS error (<Error> with child elements)".into()))?;
        let Some(code) = last(&fields.0, "Code").filter(|c| !c.is_empty()) else {
            return Err(invalid("has no <Code>".into()));
        };
        let code = code.to_owned();
        Ok(ServiceError { code, fields })
    }

    /// `Code`, e.g. `"AccessDenied"`, `"SignatureDoesNotMatch"`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Any child element of `<Error>` by name, e.g. `"RequestId"`, `"EC"`,
    /// `"StringToSign"`, `"CanonicalRequest"`; `None` when absent.
    pub fn field(&self, name: &str) -> Option<&str> {
        last(&self.fields.0, name)
    }

    /// The [`KNOWN_FIELDS`] present, as (name, value), in that list's order.
    pub fn known_fields(&self) -> impl Iterator<Item = (&'static str, &str)> {
        KNOWN_FIELDS
            .into_iter()
            .filter_map(|name| Some((name, self.field(name)?)))
    }

    /// `Message`, when present.
    pub fn message(&self) -> Option<&str> {
        self.field("Message")
    }

    /// `ServerTime` in Unix seconds: the server's clock when it answered
    /// (feed it to [`Client::set_server_time`](crate::Client::set_server_time)).
    pub fn server_time(&self) -> Option<i64> {
        self.field("ServerTime").and_then(parse_iso8601)
    }

    /// `Expires` in Unix seconds: when the refused URL expired.
    pub fn expires(&self) -> Option<i64> {
        self.field("Expires").and_then(parse_iso8601)
    }
}

fn invalid(detail: String) -> Error {
    Error::new(ErrorKind::InvalidResponse, c"body", detail)
}

/// The value of the last field named `name`.
fn last<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
}

/// The text of each child element of the `<Error>` root.
fn error_fields(text: &str) -> Option<Fields> {
    let mut rest = skip_prolog(text.trim_start_matches('\u{feff}'))?;
    rest = rest.strip_prefix("<Error>")?;
    let mut fields = Fields::default();
    loop {
        rest = skip_misc(rest)?;
        if let Some(after) = rest.strip_prefix("</Error>") {
            return skip_misc(after)?.is_empty().then_some(fields);
        }
        let (name, after) = rest.strip_prefix('<')?.split_once('>')?;
        if let Some(empty) = name.strip_suffix('/') {
            fields
                .0
                .push((element_name(empty)?.to_owned(), String::new()));
            rest = after;
            continue;
        }
        let name = element_name(name)?;
        let close = ["</", name, ">"].concat();
        let (content, after) = after.split_once(close.as_str())?;
        fields.0.push((name.to_owned(), unescape(content)?));
        rest = after;
    }
}

/// Skips the XML declaration and any comments or whitespace before the root.
fn skip_prolog(text: &str) -> Option<&str> {
    let mut rest = text.trim_start();
    if let Some(declaration) = rest.strip_prefix("<?xml") {
        rest = declaration.split_once("?>")?.1;
    }
    skip_misc(rest)
}

/// Skips whitespace and comments.
fn skip_misc(mut text: &str) -> Option<&str> {
    loop {
        text = text.trim_start();
        match text.strip_prefix("<!--") {
            Some(comment) => text = comment.split_once("-->")?.1,
            None => return Some(text),
        }
    }
}

/// A simple element name (no attributes, no namespace prefix needed).
fn element_name(name: &str) -> Option<&str> {
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'));
    valid.then_some(name)
}

/// Expands `&lt; &gt; &amp; &quot; &apos;`, `&#NN;` and `&#xHH;`, and
/// `<![CDATA[...]]>` sections; any other markup inside a field is refused.
/// Into a buffer of the content's length, which the text never exceeds,
/// wiped if the content is refused half-way.
fn unescape(content: &str) -> Option<String> {
    let mut out = Zeroizing::new(String::with_capacity(content.len()));
    let mut rest = content;
    while let Some(at) = rest.find(['&', '<']) {
        out.push_str(rest.get(..at)?);
        rest = rest.get(at..)?;
        if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            let (inside, after) = cdata.split_once("]]>")?;
            out.push_str(inside);
            rest = after;
            continue;
        }
        let (entity, after) = rest.strip_prefix('&')?.split_once(';')?;
        out.push(match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = entity.strip_prefix('#')?;
                let code = match number.strip_prefix('x') {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)?
            }
        });
        rest = after;
    }
    out.push_str(rest);
    Some(std::mem::take(&mut *out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of OSS's answer to an expired presigned URL.
    const EXPIRED: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n\
        \x20 <Code>AccessDenied</Code>\n\
        \x20 <Message>Request has expired.</Message>\n\
        \x20 <RequestId>65A3F0C1D2E3F4A5B6C7D8E9</RequestId>\n\
        \x20 <HostId>examplebucket.oss-cn-hangzhou.aliyuncs.com</HostId>\n\
        \x20 <Expires>2024-01-02T04:04:05.000Z</Expires>\n\
        \x20 <ServerTime>2024-01-02T05:00:00.000Z</ServerTime>\n\
        \x20 <EC>0002-00000069</EC>\n\
        </Error>\n";

    #[test]
    fn reads_every_field() {
        let e = ServiceError::parse(EXPIRED.as_bytes()).unwrap();
        assert_eq!(e.code(), "AccessDenied");
        assert_eq!(e.message(), Some("Request has expired."));
        assert_eq!(e.field("RequestId"), Some("65A3F0C1D2E3F4A5B6C7D8E9"));
        assert_eq!(e.field("EC"), Some("0002-00000069"));
        assert_eq!(e.expires(), Some(1_704_164_645 + 3600));
        assert_eq!(e.server_time(), Some(1_704_164_645 + 6955));
        assert_eq!(e.field("StringToSign"), None);
    }

    #[test]
    fn expands_entities_and_keeps_the_signing_texts() {
        let body = "<Error><Code>SignatureDoesNotMatch</Code>\
            <Message>The request signature we calculated does not match the signature you provided.</Message>\
            <StringToSign>OSS4-HMAC-SHA256\n20240102T030405Z\n20240102/cn-hangzhou/oss/aliyun_v4_request\nabc</StringToSign>\
            <CanonicalRequest>GET\n/b/a%20b\nx=1&amp;y=&lt;2&gt;&#x41;&#66;\n\n\nUNSIGNED-PAYLOAD</CanonicalRequest>\
            <Empty/><!-- a comment --><Note><![CDATA[<raw & text>]]></Note></Error>";
        let e = ServiceError::parse(body.as_bytes()).unwrap();
        assert_eq!(
            e.field("CanonicalRequest"),
            Some("GET\n/b/a%20b\nx=1&y=<2>AB\n\n\nUNSIGNED-PAYLOAD")
        );
        assert!(
            e.field("StringToSign")
                .unwrap()
                .ends_with("aliyun_v4_request\nabc")
        );
        assert_eq!(e.field("Empty"), Some(""));
        assert_eq!(e.field("Note"), Some("<raw & text>"));
        assert_eq!((e.server_time(), e.message().is_some()), (None, true));
    }

    #[test]
    fn known_fields_are_the_listed_ones_present() {
        let body = "<Error><Code>X</Code><Other>o</Other><EC>1</EC>\
            <Message>m</Message><RequestId>r</RequestId></Error>";
        let e = ServiceError::parse(body.as_bytes()).unwrap();
        let known: Vec<_> = e.known_fields().collect();
        assert_eq!(known, [("Message", "m"), ("RequestId", "r"), ("EC", "1")]);
        assert_eq!(e.field("Other"), Some("o"));
        assert!(!KNOWN_FIELDS.contains(&"Code"));
    }

    #[test]
    fn refuses_what_is_not_an_oss_error() {
        for bad in [
            "",
            "not xml",
            "<Error></Error>",
            "<Error><Message>x</Message></Error>",
            "<Error><Code></Code></Error>",
            "<Error><Code>X</Code>",
            "<Error><Code>X</Code></Error>trailing",
            "<Other><Code>X</Code></Other>",
            "<Error><Code>X</Code><Bad attr=\"1\">y</Bad></Error>",
            "<Error><Code>X&unknown;</Code></Error>",
            "<Error><Code>X</Code><A><B>nested</B></A></Error>",
        ] {
            let err = ServiceError::parse(bad.as_bytes()).expect_err(bad);
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidResponse, "body"),
                "{bad}"
            );
        }
        assert!(ServiceError::parse(b"<Error><Code>\xff</Code></Error>").is_err());
        let huge = vec![b' '; MAX_ERROR_BODY_BYTES + 1];
        assert_eq!(
            ServiceError::parse(&huge).unwrap_err().kind(),
            ErrorKind::InvalidResponse
        );
    }
}
