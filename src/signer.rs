//! The formulas of OSS V4: string to sign, signing key and signature.
//!
//! ```text
//! string_to_sign = "OSS4-HMAC-SHA256\n" datetime "\n" scope "\n" hex(sha256(canonical_request))
//! scope          = date "/" region "/" product "/aliyun_v4_request"
//! signing_key    = HMAC(HMAC(HMAC(HMAC("aliyun_v4" secret, date), region), product), "aliyun_v4_request")
//! signature      = hex(HMAC(signing_key, string_to_sign))
//! ```
//!
//! The signing key depends only on (secret, UTC day, region, product), so a
//! client derives it once per day (see `signing_state`).

use std::fmt;

use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::canonical::{PresignedParts, Sink, write_presigned_request};
use crate::credentials::check_secret;
use crate::datetime::SigningDateTime;
use crate::day_keys::parse_date;
#[cfg(any(doc, test))]
use crate::error::ErrorKind;
use crate::error::Result;
use crate::presigned::SigningTrace;
use crate::sha256::{MacKey, Sha256Stream, hex_lower, hex_string, hmac_sha256};
use crate::v4::{SCOPE_TERMINATOR, SECRET_PREFIX};
use crate::validation::check_region;

/// A derived day key. Wiped from memory when dropped; never printed. Not
/// comparable with `==`, which would stop at the first differing byte:
/// compare [`SigningKey::to_hex`] where a test must.
#[derive(Clone)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// Derives the key of the UTC day `date` (`YYYYMMDD`) for `region`
    /// and `product` (`oss`, or `oss-cloudbox` with a CloudBox id as the
    /// region) from the access key secret: on an app server, the key it
    /// hands to a device instead of the secret
    /// ([`Credentials::from_day_key`](crate::Credentials::from_day_key)).
    /// Fails with [`ErrorKind::MissingCredentials`] for an empty secret,
    /// [`ErrorKind::InvalidSigningKey`] for a date that is not a day of
    /// 1970..=9999, [`ErrorKind::InvalidRegion`] for a region or product
    /// that is empty or not of `a-z 0-9 -`, and
    /// [`ErrorKind::LimitExceeded`] for a string over
    /// [`MAX_ARGUMENT_BYTES`](crate::limits::MAX_ARGUMENT_BYTES).
    ///
    /// ```
    /// use oss_presign::signer::SigningKey;
    /// // Intermediate value published with the V4 test vectors (G1..G16).
    /// let key = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss")?;
    /// assert_eq!(
    ///     key.to_hex(),
    ///     "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a"
    /// );
    /// # Ok::<(), oss_presign::Error>(())
    /// ```
    pub fn derive(
        access_key_secret: &str,
        date: &str,
        region: &str,
        product: &str,
    ) -> Result<Self> {
        check_secret(access_key_secret)?;
        parse_date(date)?;
        check_region(region, c"region")?;
        check_region(product, c"product")?;
        let prefixed = prefixed_secret(access_key_secret);
        Ok(Self::derive_prefixed(&prefixed, date, region, product))
    }

    /// As [`SigningKey::derive`], from `"aliyun_v4" + secret`.
    pub(crate) fn derive_prefixed(
        prefixed_secret: &[u8],
        date: &str,
        region: &str,
        product: &str,
    ) -> Self {
        let k_date = Zeroizing::new(hmac(prefixed_secret, date.as_bytes()));
        let k_region = Zeroizing::new(hmac(&*k_date, region.as_bytes()));
        let k_product = Zeroizing::new(hmac(&*k_region, product.as_bytes()));
        SigningKey(hmac(&*k_product, SCOPE_TERMINATOR.as_bytes()))
    }

    /// The key from its 32 bytes (a delegated key, decoded).
    pub(crate) fn from_bytes(bytes: &[u8; 32]) -> Self {
        SigningKey(*bytes)
    }

    /// The key as lowercase hex: what an app server hands to a device (see
    /// [`Credentials::from_day_key`](crate::Credentials::from_day_key)), and what the published intermediates of
    /// the test vectors show. The hex is as secret as the key: wipe it.
    pub fn to_hex(&self) -> String {
        hex_string(&self.0)
    }

    /// Lowercase hex signature of `string_to_sign`.
    pub fn sign(&self, string_to_sign: &str) -> String {
        hex_string(&hmac(&self.0, string_to_sign.as_bytes()))
    }

    /// The key's 64 lowercase hex digits, in a buffer wiped on drop.
    pub(crate) fn hex_digits(&self) -> Zeroizing<[u8; 64]> {
        Zeroizing::new(hex_lower(&self.0))
    }

    /// The key prepared for signing many strings (see [`MacKey`]).
    pub(crate) fn mac_key(&self) -> MacKey {
        MacKey::new(&self.0)
    }
}

impl Drop for SigningKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// [`SECRET_PREFIX`] + `secret`: the key of the first HMAC of the
/// derivation, in a buffer wiped on drop.
pub(crate) fn prefixed_secret(secret: &str) -> Zeroizing<Vec<u8>> {
    let mut prefixed = Zeroizing::new(Vec::with_capacity(SECRET_PREFIX.len() + secret.len()));
    prefixed.extend_from_slice(SECRET_PREFIX.as_bytes());
    prefixed.extend_from_slice(secret.as_bytes());
    prefixed
}

/// One HMAC-SHA256 of the derivation or of [`SigningKey::sign`].
fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    hmac_sha256(key, message)
}

/// `date/region/product/aliyun_v4_request`.
pub fn scope(date: &str, region: &str, product: &str) -> String {
    format!("{date}/{region}/{product}/{SCOPE_TERMINATOR}")
}

/// Lowercase hex SHA-256 of a canonical request.
pub fn hash_canonical_request(canonical_request: &str) -> String {
    hex_string(&Sha256::digest(canonical_request.as_bytes()).into())
}

/// [`ALGORITHM`](crate::v4::ALGORITHM) and the line break after it.
const ALGORITHM_LINE: &str = "OSS4-HMAC-SHA256\n";

/// A client's signing region and product, with the texts every presign
/// writes around them joined once: each piece written costs a call when
/// hashing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scope {
    region: String,
    product: &'static str,
    /// `/region/product/aliyun_v4_request\n`: the scope after the date in
    /// the string to sign.
    string_to_sign_tail: String,
    /// `%2Fregion%2Fproduct%2Faliyun_v4_request`: the same in
    /// `x-oss-credential` (regions and products need no other encoding).
    credential_tail: String,
}

impl Scope {
    pub(crate) fn new(region: &str, product: &'static str) -> Self {
        Scope {
            region: region.to_owned(),
            product,
            string_to_sign_tail: format!("/{region}/{product}/{SCOPE_TERMINATOR}\n"),
            credential_tail: format!("%2F{region}%2F{product}%2F{SCOPE_TERMINATOR}"),
        }
    }

    pub(crate) fn region(&self) -> &str {
        &self.region
    }

    pub(crate) fn product(&self) -> &'static str {
        self.product
    }

    pub(crate) fn credential_tail(&self) -> &[u8] {
        self.credential_tail.as_bytes()
    }
}

/// Streams the string to sign into `sink`: `datetime` is `YYYYMMDDTHHMMSSZ`,
/// `date` its first eight bytes, `scope_tail` the scope after the date and
/// a line break (`/region/product/aliyun_v4_request\n`, which a [`Scope`]
/// keeps joined).
#[inline]
pub(crate) fn write_string_to_sign<S: Sink>(
    sink: &mut S,
    datetime: &[u8],
    date: &[u8],
    scope_tail: &str,
    canonical_request_hash_hex: &[u8],
) {
    sink.put_str(ALGORITHM_LINE);
    sink.put(datetime);
    sink.put(b"\n");
    sink.put(date);
    sink.put_str(scope_tail);
    sink.put(canonical_request_hash_hex);
}

/// The signature of a presigned request, the one place it is computed
/// (presigning and verifying): the SHA-256 of its canonical request
/// ([`write_presigned_request`]), then the HMAC of the string to sign at
/// `time` with `mac_key`, the key of `time`'s day and `scope` (prepared by
/// [`MacKey`]). Nothing is buffered: both texts stream into the hashes.
pub(crate) fn sign_presigned(
    mac_key: &MacKey,
    time: &SigningDateTime,
    scope: &Scope,
    parts: PresignedParts<'_>,
) -> [u8; 64] {
    let mut hasher = Sha256Stream::new();
    write_presigned_request(&mut hasher, parts);
    let canonical_request_hash = hex_lower(&hasher.finalize());
    let mut mac = mac_key.start();
    write_string_to_sign(
        &mut mac,
        time.as_bytes(),
        time.date_bytes(),
        &scope.string_to_sign_tail,
        &canonical_request_hash,
    );
    hex_lower(&mac.finalize())
}

/// The canonical request and string to sign that [`sign_presigned`] hashes
/// for the same `parts`, `time` and `scope`, as text: written by the same
/// functions, so what is shown is what is signed. Out of line and apart
/// from the signing, so that the presign path carries no tracing code.
#[cold]
#[inline(never)]
pub(crate) fn trace_presigned(
    time: &SigningDateTime,
    scope: &Scope,
    parts: PresignedParts<'_>,
) -> SigningTrace {
    let mut canonical_request = Vec::new();
    write_presigned_request(&mut canonical_request, parts);
    let mut hasher = Sha256Stream::new();
    hasher.update(&canonical_request);
    let canonical_request_hash = hex_lower(&hasher.finalize());
    let mut string_to_sign = Vec::new();
    write_string_to_sign(
        &mut string_to_sign,
        time.as_bytes(),
        time.date_bytes(),
        &scope.string_to_sign_tail,
        &canonical_request_hash,
    );
    // Both are UTF-8 (ASCII, and the UTF-8 values of signed headers):
    // the buffers become the strings without a copy.
    let text = |bytes: Vec<u8>| {
        String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    };
    SigningTrace {
        canonical_request: text(canonical_request),
        string_to_sign: text(string_to_sign),
    }
}

/// The string to sign for a canonical request, as text.
pub fn string_to_sign(
    datetime: &str,
    region: &str,
    product: &str,
    canonical_request: &str,
) -> String {
    let date = datetime.get(..8).unwrap_or(datetime);
    let mut out = Vec::new();
    write_string_to_sign(
        &mut out,
        datetime.as_bytes(),
        date.as_bytes(),
        &format!("/{region}/{product}/{SCOPE_TERMINATOR}\n"),
        hash_canonical_request(canonical_request).as_bytes(),
    );
    // Only UTF-8 text went in.
    String::from_utf8(out).unwrap_or_default()
}

/// Keeps the first 64 bytes written to it.
struct FirstBlock {
    block: [u8; 64],
    len: usize,
}

impl Sink for FirstBlock {
    fn put(&mut self, bytes: &[u8]) {
        let free = self.block.get_mut(self.len..).unwrap_or_default();
        let take = free.len().min(bytes.len());
        free.iter_mut().zip(bytes).for_each(|(b, byte)| *b = *byte);
        self.len += take;
    }
}

/// The first 64 bytes of every string to sign at `datetime` (the hash of
/// the canonical request comes later), or `None` if they are shorter.
pub(crate) fn string_to_sign_first_block(
    datetime: &[u8; 16],
    date: &[u8; 8],
    scope: &Scope,
) -> Option<[u8; 64]> {
    let mut first = FirstBlock {
        block: [0; 64],
        len: 0,
    };
    // The hash is not known yet; it starts at byte 64 or later.
    write_string_to_sign(&mut first, datetime, date, &scope.string_to_sign_tail, &[]);
    (first.len == 64).then_some(first.block)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Intermediate keys published with the V4 test vectors (section 11.2).
    #[test]
    fn derives_published_signing_keys() {
        let cases = [
            (
                "sk",
                "20240102",
                "cn-hangzhou",
                "oss",
                "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a",
            ),
            (
                "sk",
                "20231217",
                "cn-hangzhou",
                "oss",
                "0e11d77e422d3484e84ee6b628fdf2a85f3788e1a597f23116b477efb407e94e",
            ),
            (
                "sk",
                "20231217",
                "cb-123",
                "oss-cloudbox",
                "905e3d9c7490cd68f31498d364b9031dfc4c713cbd3227bf7a873c0c290aa136",
            ),
            (
                "yourAccessKeySecret",
                "20250411",
                "cn-hangzhou",
                "oss",
                "8a01ff4efcc65ca2cbc75375045c61ab5f3fa8b9a2d84f0add27ef16a25feb3c",
            ),
        ];
        for (secret, date, region, product, expected) in cases {
            assert_eq!(
                SigningKey::derive(secret, date, region, product)
                    .unwrap()
                    .to_hex(),
                expected
            );
        }
    }

    /// The checks `oss_derive_signing_key` relies on: every argument is
    /// refused as the C layer reports it.
    #[test]
    fn derive_refuses_what_cannot_make_a_key() {
        let long = "s".repeat(crate::limits::MAX_ARGUMENT_BYTES + 1);
        for (secret, date, region, product, kind, argument) in [
            (
                "",
                "20240102",
                "cn-hangzhou",
                "oss",
                ErrorKind::MissingCredentials,
                "access_key_secret",
            ),
            (
                &long[..],
                "20240102",
                "cn-hangzhou",
                "oss",
                ErrorKind::LimitExceeded,
                "access_key_secret",
            ),
            (
                "sk",
                "2024-01-02",
                "cn-hangzhou",
                "oss",
                ErrorKind::InvalidSigningKey,
                "date",
            ),
            (
                "sk",
                "20240230",
                "cn-hangzhou",
                "oss",
                ErrorKind::InvalidSigningKey,
                "date",
            ),
            (
                "sk",
                "20240102",
                "",
                "oss",
                ErrorKind::InvalidRegion,
                "region",
            ),
            (
                "sk",
                "20240102",
                "CN-hangzhou",
                "oss",
                ErrorKind::InvalidRegion,
                "region",
            ),
            (
                "sk",
                "20240102",
                "cn-hangzhou",
                "",
                ErrorKind::InvalidRegion,
                "product",
            ),
            (
                "sk",
                "20240102",
                "cn-hangzhou",
                "oss/x",
                ErrorKind::InvalidRegion,
                "product",
            ),
        ] {
            let err = SigningKey::derive(secret, date, region, product).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (kind, argument),
                "{date} {region} {product}"
            );
        }
    }

    #[test]
    fn first_block_is_the_start_of_every_string_to_sign() {
        let text = string_to_sign("20240102T030405Z", "cn-hangzhou", "oss", "GET\n/\n\n\n\n");
        let scope = Scope::new("cn-hangzhou", "oss");
        let block = string_to_sign_first_block(b"20240102T030405Z", b"20240102", &scope).unwrap();
        assert_eq!(&block[..], &text.as_bytes()[..64]);
        // The shortest region still fills a block before the hash.
        let short = Scope::new("a", "oss");
        assert!(string_to_sign_first_block(b"20240102T030405Z", b"20240102", &short).is_some());
    }

    /// Vector G1 (section 15 of the specification): the published string to
    /// sign and signature, through the prepared MAC key.
    #[test]
    fn mac_key_signs_vector_g1() {
        let key = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss").unwrap();
        let string_to_sign =
            "OSS4-HMAC-SHA256\n20240102T030405Z\n20240102/cn-hangzhou/oss/aliyun_v4_request\n";
        let canonical_hash = hash_canonical_request(
            "GET\n/examplebucket/exampleobject.txt\n\
             x-oss-credential=ak%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request\
             &x-oss-date=20240102T030405Z&x-oss-expires=3600\
             &x-oss-signature-version=OSS4-HMAC-SHA256\n\n\nUNSIGNED-PAYLOAD",
        );
        let mac_key = key.mac_key();
        let mut mac = mac_key.start();
        mac.put_str(string_to_sign);
        mac.put_str(&canonical_hash);
        assert_eq!(
            hex_string(&mac.finalize()),
            "0e8a63b97cdaf20d0510524d7cdb6ab454c19d5bd18535fef162617d34682898"
        );
        assert_eq!(
            key.sign(&format!("{string_to_sign}{canonical_hash}")),
            "0e8a63b97cdaf20d0510524d7cdb6ab454c19d5bd18535fef162617d34682898"
        );
    }

    #[test]
    fn joined_texts_match_the_vocabulary() {
        assert_eq!(ALGORITHM_LINE, format!("{}\n", crate::v4::ALGORITHM));
        let scope = Scope::new("cn-hangzhou", "oss");
        assert_eq!(
            scope.string_to_sign_tail,
            "/cn-hangzhou/oss/aliyun_v4_request\n"
        );
        assert_eq!(
            scope.credential_tail(),
            crate::encoding::query_encode("/cn-hangzhou/oss/aliyun_v4_request").as_bytes()
        );
    }

    #[test]
    fn debug_does_not_show_the_key() {
        let key = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss").unwrap();
        assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
    }
}
