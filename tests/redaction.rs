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
