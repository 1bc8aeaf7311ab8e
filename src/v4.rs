//! The vocabulary of OSS V4 signing (`OSS4-HMAC-SHA256`), in one place: the
//! names and constants that Alibaba's SDKs and OSS agree on. Every other
//! module takes them from here.

/// The signature algorithm, first line of the string to sign and value of
/// `x-oss-signature-version`.
pub const ALGORITHM: &str = "OSS4-HMAC-SHA256";

/// Last element of the credential scope, and key of the last derivation step.
pub const SCOPE_TERMINATOR: &str = "aliyun_v4_request";

/// Put in front of the access key secret to form the first HMAC key.
pub const SECRET_PREFIX: &str = "aliyun_v4";

/// Product of ordinary OSS regions.
pub const PRODUCT_OSS: &str = "oss";

/// Product of CloudBox, whose "region" is the CloudBox id.
pub const PRODUCT_CLOUDBOX: &str = "oss-cloudbox";

/// The payload line of every presigned request.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// A signing key is scoped to one UTC day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// `x-oss-additional-headers`: the signed headers OSS does not sign by default.
pub const ADDITIONAL_HEADERS: &str = "x-oss-additional-headers";
/// `x-oss-credential`: `key id/date/region/product/aliyun_v4_request`.
pub const CREDENTIAL: &str = "x-oss-credential";
/// `x-oss-date`: the signing time, `YYYYMMDDTHHMMSSZ`.
pub const DATE: &str = "x-oss-date";
/// `x-oss-expires`: the lifetime in seconds from the signing time.
pub const EXPIRES: &str = "x-oss-expires";
/// `x-oss-security-token`: the STS token, when there is one.
pub const SECURITY_TOKEN: &str = "x-oss-security-token";
/// `x-oss-signature-version`: always [`ALGORITHM`].
pub const SIGNATURE_VERSION: &str = "x-oss-signature-version";
/// `x-oss-signature`: the signature, last in the URL and not signed itself.
pub const SIGNATURE: &str = "x-oss-signature";

/// The query parameters the signer writes itself, so a caller may not
/// supply them (compared without regard to case).
pub const SIGNING_QUERY_NAMES: [&str; 7] = [
    ADDITIONAL_HEADERS,
    CREDENTIAL,
    DATE,
    EXPIRES,
    SECURITY_TOKEN,
    SIGNATURE_VERSION,
    SIGNATURE,
];

/// `x-oss-content-sha256`: the payload line of a header-signed request
/// (presigned ones are always [`UNSIGNED_PAYLOAD`]).
pub const CONTENT_SHA256: &str = "x-oss-content-sha256";

/// `authorization`: where header-mode signing puts the signature.
pub const AUTHORIZATION: &str = "authorization";

/// The headers of header-mode signing (`Authorization` and its companions):
/// sent with a presigned URL, they would compete with its query signature.
pub const HEADER_SIGNING_NAMES: [&str; 4] = [AUTHORIZATION, DATE, SECURITY_TOKEN, CONTENT_SHA256];

/// Whether OSS signs a header without being told: `x-oss-*`, `content-type`
/// and `content-md5`. Every other signed header must be listed in
/// [`ADDITIONAL_HEADERS`]. `lowercase_name` is the name in lowercase.
pub fn is_signed_by_default(lowercase_name: &str) -> bool {
    lowercase_name.starts_with("x-oss-")
        || lowercase_name == "content-type"
        || lowercase_name == "content-md5"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_names_are_the_x_oss_ones_in_canonical_order() {
        // The presign writes them in this order: it must be the sorted one.
        let written = &SIGNING_QUERY_NAMES[..6];
        assert!(written.windows(2).all(|w| w[0] < w[1]), "{written:?}");
        assert!(SIGNING_QUERY_NAMES.iter().all(|n| n.starts_with("x-oss-")));
    }

    #[test]
    fn default_signed_headers() {
        for name in ["x-oss-meta-a", "content-type", "content-md5"] {
            assert!(is_signed_by_default(name), "{name}");
        }
        for name in ["range", "content-disposition", "x-os-a"] {
            assert!(!is_signed_by_default(name), "{name}");
        }
    }
}
