//! Checking a presigned URL as OSS would: its validity window at a given
//! time, then its signature against the client's own credentials and the
//! headers the GET will send.

use ctutils::CtEq;
use zeroize::Zeroizing;

use crate::canonical::{
    HeaderLines, ListedNames, PresignedParts, canonical_headers, canonical_query,
};
use crate::client::Client;
use crate::encoding::{path_encode, query_encode};
use crate::endpoint::AddressingStyle;
use crate::error::{Error, ErrorKind, Result};
use crate::inspect::UrlInfo;
use crate::limits::FUTURE_DATE_TOLERANCE_SECONDS;
use crate::presigner::InstantSigner;
use crate::request::Method;
use crate::signer::sign_presigned;
use crate::v4::{SECURITY_TOKEN, is_signed_by_default};
use crate::validation::check_header_count;

impl Client {
    /// Verifies a presigned URL at `now` (Unix seconds), as OSS would when
    /// the GET sends `headers` (name, value; names in any case): the URL must
    /// fit this client's addressing ([`ErrorKind::MalformedUrl`]), be within
    /// its validity window (`x-oss-date - 900 <= now <= x-oss-date +
    /// x-oss-expires`: [`ErrorKind::UrlNotYetValid`], [`ErrorKind::UrlExpired`])
    /// and carry the signature this client's current credentials give it
    /// ([`ErrorKind::SignatureMismatch`], also for another key id, region,
    /// product or token). Headers OSS does not sign are ignored; signed ones
    /// count as OSS receives them (values trimmed, a repeated header's
    /// values joined with `,`); more than
    /// [`MAX_HEADERS`](crate::limits::MAX_HEADERS) is an
    /// [`ErrorKind::LimitExceeded`], as is a URL longer than
    /// [`MAX_URL_BYTES`](crate::limits::MAX_URL_BYTES) (refused before it is
    /// read). `now` may be any `i64`. The signature is compared in constant
    /// time. Returns what the URL says about itself when it is valid.
    ///
    /// A custom-domain URL does not name its bucket, which is signed, so it
    /// cannot be verified ([`ErrorKind::MalformedUrl`]).
    pub fn verify_url(&self, url: &str, headers: &[(&str, &str)], now: i64) -> Result<UrlInfo> {
        self.verify(Method::Get, url, headers, now)
    }

    /// As [`Client::verify_url`], for a URL presigned for `method` (the
    /// method is signed, so a URL is valid for one method only).
    ///
    /// It signs as a presign does, through the same signer of one instant
    /// (the URL's `x-oss-date`: the credentials of that day, their key from
    /// the client's cache) and the same canonical request
    /// (`write_presigned_request`). Only the request's parts are its own, not
    /// a [`Request`](crate::Request)'s: verifying rebuilds what the URL says,
    /// not what a caller asked. Its query as received, parameters no options
    /// could hold and the URL's own token included; the headers the GET sends
    /// that OSS signs; the additional headers the URL lists, even those the
    /// GET does not send, where a presign lists the headers its options add.
    pub fn verify(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        now: i64,
    ) -> Result<UrlInfo> {
        check_header_count(headers.len())?;
        let info = self.inspect_url(url)?;
        if self.style == AddressingStyle::CustomDomain {
            return Err(Error::new(
                ErrorKind::MalformedUrl,
                c"url",
                "is a custom-domain URL, which does not name the bucket its signature covers",
            ));
        }
        // `now` is the caller's, any i64: its differences saturate. (The
        // URL's times are within 1970..=9999 plus a week.)
        if now > info.expiration() {
            return Err(Error::new(
                ErrorKind::UrlExpired,
                c"url",
                format!(
                    "expired {} s before now",
                    now.saturating_sub(info.expiration())
                ),
            ));
        }
        if now < info.signing_time() - FUTURE_DATE_TOLERANCE_SECONDS {
            return Err(Error::new(
                ErrorKind::UrlNotYetValid,
                c"url",
                format!(
                    "is signed {} s after now, more than OSS's {FUTURE_DATE_TOLERANCE_SECONDS} s",
                    info.signing_time().saturating_sub(now)
                ),
            ));
        }
        let signing = self.signing_state();
        // Across midnight, the credentials of the URL's day.
        let identity = signing.at(info.signing_time());
        let token = info
            .query
            .iter()
            .find(|(name, _)| name == SECURITY_TOKEN)
            .map(|(_, value)| Zeroizing::new(query_encode(value)));
        let ours = info.access_key_id() == identity.access_key_id()
            && info.region() == self.scope.region()
            && info.product() == self.scope.product()
            && token.as_deref().map(String::as_str) == identity.encoded_security_token();
        if !ours {
            return Err(mismatch(
                "is signed for other credentials, region or product",
            ));
        }
        let Some(signer) = InstantSigner::new(signing, info.signing_time(), &self.scope)? else {
            return Err(Error::new(
                ErrorKind::SigningKeyOutOfScope,
                c"url",
                "is signed on a day the client's signing key does not cover",
            ));
        };

        // The canonical request OSS computes: the path and query as
        // received, decoded and encoded again; the headers sent that are
        // signed by default or listed, in canonical form; the listed names
        // as listed.
        let additional = info.additional_headers();
        let signed = canonical_headers(headers.iter().copied(), |name| {
            is_signed_by_default(name) || additional.iter().any(|a| a == name)
        });
        let pairs: Vec<(&str, &str)> = info
            .query
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        // The canonical query holds the token: wiped once signed.
        let query = Zeroizing::new(canonical_query(&pairs));
        let key_path = path_encode(&["/", info.key()].concat());
        let (mac_key, time) = signer.key();
        let expected = sign_presigned(
            mac_key,
            time,
            &self.scope,
            PresignedParts {
                method,
                bucket: info.bucket(),
                key_path: key_path.as_bytes(),
                query: query.as_bytes(),
                headers: HeaderLines::Received(signed.iter()),
                additional_headers: ListedNames::Listed(additional.iter()),
            },
        );
        // Compared in constant time, so that the time taken does not tell
        // how much of a forged signature is right.
        if !expected
            .as_slice()
            .ct_eq(info.signature.as_bytes())
            .to_bool()
        {
            return Err(mismatch("has a signature these credentials do not give"));
        }
        Ok(info)
    }
}

fn mismatch(detail: &'static str) -> Error {
    Error::new(ErrorKind::SignatureMismatch, c"url", detail)
}
