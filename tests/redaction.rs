//! `Debug` never shows bearer text: not the signature of a presigned URL,
//! not its STS token (as given, encoded or decoded), not the secret or a
//! key. A presigned URL is a credential until it expires, and `{:?}` ends
//! up in logs and crash reports.

use oss_presign::signer::SigningKey;
use oss_presign::{Client, Credentials, GetOptions, Method, Request};

const SECRET: &str = "Redact-Me-Secret";
const TOKEN: &str = "CAIS+Redact/Me=Token";
const ENCODED_TOKEN: &str = "CAIS%2BRedact%2FMe%3DToken";
const T: i64 = 1_704_164_645;

fn client() -> Client {
    let credentials = Credentials::new("STS.ak", SECRET)
        .unwrap()
        .with_security_token(TOKEN)
        .unwrap();
    Client::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", credentials).unwrap()
}

fn options() -> GetOptions {
    let mut o = GetOptions::new();
    o.signing_time(T)
        .unwrap()
        .add_header("x-oss-meta-note", "Header-Value")
        .unwrap()
        .diagnostics(true);
    o
}

/// The signature of `url`: the value of its last parameter.
fn signature(url: &str) -> &str {
    url.rsplit_once("x-oss-signature=").unwrap().1
}

#[track_caller]
fn assert_hides(shown: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret:?} shown in {shown}");
    }
}

#[test]
fn a_presigned_request_shows_its_url_redacted() {
    let presigned = client()
        .presign_get("examplebucket", "k", &options())
        .unwrap();
    let shown = format!("{presigned:?}");
    let key = SigningKey::derive(SECRET, "20240102", "cn-hangzhou", "oss").unwrap();
    assert_hides(
        &shown,
        &[
            signature(presigned.url()),
            TOKEN,
            ENCODED_TOKEN,
            SECRET,
            &key.to_hex(),
        ],
    );
    // Still useful: where the URL goes, and that it carries a token.
    for part in [
        "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/k?",
        "x-oss-security-token=<redacted>",
        "x-oss-signature=<redacted>",
        "x-oss-meta-note",
    ] {
        assert!(shown.contains(part), "{part} not in {shown}");
    }
    // The diagnostics inside it, and on their own.
    let trace = presigned.diagnostics().unwrap();
    assert!(trace.canonical_request.contains(ENCODED_TOKEN));
    let trace_shown = format!("{trace:?}");
    assert_hides(&trace_shown, &[TOKEN, ENCODED_TOKEN, SECRET]);
    assert!(trace_shown.contains("x-oss-security-token=<redacted>"));
    let (_, traced) = client()
        .trace_at(
            &Request::new(Method::Head, "examplebucket", "k", &options()),
            T,
        )
        .unwrap();
    assert_hides(&format!("{traced:?}"), &[TOKEN, ENCODED_TOKEN]);
}

#[test]
fn a_url_read_back_shows_neither_token_nor_signature() {
    let client = client();
    let presigned = client
        .presign_get("examplebucket", "k", &options())
        .unwrap();
    for info in [
        client.inspect_url(presigned.url()).unwrap(),
        client
            .verify_url(presigned.url(), &[("x-oss-meta-note", "Header-Value")], T)
            .unwrap(),
    ] {
        assert!(info.has_security_token());
        let shown = format!("{info:?}");
        assert_hides(
            &shown,
            &[signature(presigned.url()), TOKEN, ENCODED_TOKEN, SECRET],
        );
        assert!(
            shown.contains("examplebucket") && shown.contains("STS.ak"),
            "{shown}"
        );
    }
}

#[test]
fn a_batch_shows_its_urls_redacted() {
    let client = client();
    let batch = client
        .presign_get_batch("examplebucket", &["a", "/bad", "b"], &options())
        .unwrap();
    let shown = format!("{batch:?}");
    let signatures: Vec<&str> = batch
        .iter()
        .filter_map(|entry| entry.as_deref().ok())
        .map(signature)
        .collect();
    assert_eq!(signatures.len(), 2);
    assert_hides(&shown, &signatures);
    assert_hides(&shown, &[TOKEN, ENCODED_TOKEN, SECRET]);
    assert_eq!(
        shown.matches("x-oss-signature=<redacted>").count(),
        2,
        "{shown}"
    );
    assert!(
        shown.contains("InvalidKey"),
        "the failed entry shows its error: {shown}"
    );
    assert_eq!(batch.expiration(), T + 900);
}

/// An SSE-C key, the kind of value a signed header may carry.
const SSE_C_KEY: &str = "U1NFLUMtS2V5LVJlZGFjdC1NZS0zMi1ieXRlcyE=";

/// Options that sign an SSE-C key as a header.
fn sse_c_options() -> GetOptions {
    let mut o = options();
    o.add_header("x-oss-server-side-encryption-customer-key", SSE_C_KEY)
        .unwrap()
        .add_header("Range", "bytes=0-9")
        .unwrap();
    o
}

#[test]
fn signed_header_values_are_not_shown() {
    let options = sse_c_options();
    let request = Request::new(Method::Get, "examplebucket", "k", &options);
    let presigned = client().presign(&request).unwrap();
    let trace = presigned.diagnostics().unwrap();
    // What Debug hides is still there for a caller who asks for it.
    assert!(trace.canonical_request.contains(SSE_C_KEY));
    assert!(presigned.headers().iter().any(|h| h.value == SSE_C_KEY));
    for shown in [
        format!("{options:?}"),
        format!("{request:?}"),
        format!("{presigned:?}"),
        format!("{trace:?}"),
        format!("{:?}", presigned.headers()),
    ] {
        assert_hides(&shown, &[SSE_C_KEY, "bytes=0-9", "Header-Value"]);
        assert!(
            shown.contains("x-oss-server-side-encryption-customer-key"),
            "the name still shows: {shown}"
        );
    }
    // The canonical request keeps its shape: each header line, its value
    // replaced.
    let trace_shown = format!("{trace:?}");
    assert!(
        trace_shown.contains("\\nrange:<redacted>\\n")
            && trace_shown.contains("\\nx-oss-server-side-encryption-customer-key:<redacted>\\n"),
        "{trace_shown}"
    );
}

#[test]
fn a_service_error_shows_what_identifies_it_and_hides_what_it_echoes() {
    const SIGNATURE: &str = "5a1c0ffee5a1c0ffee5a1c0ffee5a1c0ffee5a1c0ffee5a1c0ffee5a1c0ffee0";
    const REQUEST_HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\
         <Code>SignatureDoesNotMatch</Code>\
         <Message>The request signature we calculated does not match the signature you provided. \
         Check your key and signing method.</Message>\
         <RequestId>65A3F0C1D2E3F4A5B6C7D8E9</RequestId>\
         <HostId>examplebucket.oss-cn-hangzhou.aliyuncs.com</HostId>\
         <OSSAccessKeyId>STS.ak</OSSAccessKeyId>\
         <SignatureProvided>{SIGNATURE}</SignatureProvided>\
         <StringToSign>OSS4-HMAC-SHA256\n20240102T030405Z\n\
         20240102/cn-hangzhou/oss/aliyun_v4_request\n{REQUEST_HASH}</StringToSign>\
         <CanonicalRequest>GET\n/examplebucket/k\nx-oss-credential=STS.ak%2F20240102\
         &amp;x-oss-security-token={ENCODED_TOKEN}&amp;x-oss-signature-version=OSS4-HMAC-SHA256\n\
         x-oss-server-side-encryption-customer-key:{SSE_C_KEY}\n\n\nUNSIGNED-PAYLOAD</CanonicalRequest>\
         <EC>0002-00000040</EC></Error>"
    );
    let error = oss_presign::ServiceError::parse(body.as_bytes()).unwrap();
    assert!(
        error
            .field("CanonicalRequest")
            .unwrap()
            .contains(ENCODED_TOKEN)
    );
    let shown = format!("{error:?}");
    assert_hides(
        &shown,
        &[ENCODED_TOKEN, TOKEN, SIGNATURE, REQUEST_HASH, SSE_C_KEY],
    );
    for part in [
        "SignatureDoesNotMatch",
        "The request signature we calculated",
        "65A3F0C1D2E3F4A5B6C7D8E9",
        "examplebucket.oss-cn-hangzhou.aliyuncs.com",
        "0002-00000040",
        // What is hidden is still named.
        "CanonicalRequest",
        "SignatureProvided",
    ] {
        assert!(shown.contains(part), "{part} not in {shown}");
    }
}

/// Types that hold bearer text read from outside (a URL's signature and
/// token, an error body's canonical request) have no `==`: it would compare
/// them in variable time.
#[test]
fn bearer_holders_read_from_outside_have_no_equality() {
    trait NotEq<Marker> {
        fn check() {}
    }
    impl<T: ?Sized> NotEq<()> for T {}
    struct ByEq;
    impl<T: ?Sized + PartialEq> NotEq<ByEq> for T {}
    // Ambiguous, so it does not compile, for a type with `PartialEq`.
    <oss_presign::UrlInfo as NotEq<_>>::check();
    <oss_presign::ServiceError as NotEq<_>>::check();
}

#[test]
fn the_general_signers_input_shows_no_bearer_value() {
    let signature = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let query = [
        ("x-oss-security-token", TOKEN),
        ("x-oss-signature", signature),
        ("versionId", "v1"),
    ];
    let headers = [(
        "x-oss-server-side-encryption-customer-key",
        "SSE-C-Key-Value",
    )];
    let parts = oss_presign::canonical::RequestParts {
        method: "GET",
        bucket: Some("examplebucket"),
        key: Some("a.txt"),
        query: &query,
        headers: &headers,
        additional_headers: &[],
    };
    let shown = format!("{parts:?}");
    assert_hides(&shown, &[TOKEN, signature, "SSE-C-Key-Value"]);
    // What is not bearer text stays readable.
    for visible in [
        "examplebucket",
        "a.txt",
        "versionId",
        "v1",
        "x-oss-server-side-encryption-customer-key",
    ] {
        assert!(shown.contains(visible), "{visible:?} missing from {shown}");
    }
}
