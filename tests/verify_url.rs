//! Inspecting and verifying presigned URLs with the client that made them.
//! (Agreement with Alibaba's SDK on generated and tampered URLs is checked
//! by tests/differential/verify_agreement.py.)

use oss_presign::{Client, ClientBuilder, Credentials, ErrorKind, GetOptions, Method};

const T: i64 = 1_704_164_645;

fn sts_client(endpoint: &str, path_style: bool) -> Client {
    ClientBuilder::new(endpoint, "cn-hangzhou")
        .unwrap()
        .credentials(
            Credentials::new("STS.ak", "sk")
                .unwrap()
                .with_security_token("CAIS+tok/en==")
                .unwrap(),
        )
        .path_style(path_style)
        .build()
        .unwrap()
}

fn options() -> GetOptions {
    let mut o = GetOptions::new();
    o.signing_time(T)
        .unwrap()
        .expires(3600)
        .unwrap()
        .version_id("v1")
        .unwrap()
        .add_query("x custom", "a+b")
        .unwrap();
    o
}

#[test]
fn a_presigned_url_inspects_back_to_its_inputs_and_verifies() {
    for (endpoint, path_style) in [
        ("oss-cn-hangzhou.aliyuncs.com", false),
        ("https://oss-cn-hangzhou.aliyuncs.com", true),
        ("http://127.0.0.1:9000", false),
    ] {
        let client = sts_client(endpoint, path_style);
        let key = "相册/2024 夏天/a+b (1).jpg";
        let url = client
            .presign_get("examplebucket", key, &options())
            .unwrap();
        let info = client.inspect_url(url.url()).unwrap();
        assert_eq!(info.bucket(), "examplebucket");
        assert_eq!(info.key(), key);
        assert_eq!((info.signing_time(), info.expiration()), (T, T + 3600));
        assert_eq!(info.seconds_left(T + 600), 3000);
        // What oss_url_info_seconds_left answers: negative once expired,
        // saturating at the ends of the range.
        assert_eq!(info.seconds_left(T + 3601), -1);
        assert_eq!(info.seconds_left(i64::MIN), i64::MAX);
        assert_eq!(
            (info.access_key_id(), info.region(), info.product()),
            ("STS.ak", "cn-hangzhou", "oss")
        );
        assert!(info.has_security_token() && info.additional_headers().is_empty());
        for now in [T - 900, T, T + 3600] {
            assert!(
                client.verify_url(url.url(), &[], now).is_ok(),
                "{endpoint} at {now}"
            );
        }
        let kind = |url: &str, headers: &[(&str, &str)], now| {
            client.verify_url(url, headers, now).unwrap_err().kind()
        };
        assert_eq!(kind(url.url(), &[], T + 3601), ErrorKind::UrlExpired);
        assert_eq!(kind(url.url(), &[], T - 901), ErrorKind::UrlNotYetValid);
        // A header OSS signs by default, sent but not signed.
        assert_eq!(
            kind(url.url(), &[("X-Oss-Meta-A", "1")], T),
            ErrorKind::SignatureMismatch
        );
        // One that it does not sign is ignored.
        assert!(
            client
                .verify_url(url.url(), &[("Range", "bytes=0-9")], T)
                .is_ok()
        );
        // Tampered: a longer lifetime, another key, another version.
        let longer = url
            .url()
            .replace("x-oss-expires=3600", "x-oss-expires=7200");
        assert_eq!(kind(&longer, &[], T), ErrorKind::SignatureMismatch);
        let other_key = url.url().replace("a%2Bb", "a%2Bc");
        assert_eq!(kind(&other_key, &[], T), ErrorKind::SignatureMismatch);
        let other_version = url.url().replace("versionId=v1", "versionId=v2");
        assert_eq!(kind(&other_version, &[], T), ErrorKind::SignatureMismatch);
        // Another client's credentials, same addressing.
        let other = ClientBuilder::new(endpoint, "cn-hangzhou")
            .unwrap()
            .credentials(Credentials::new("ak", "sk").unwrap())
            .path_style(path_style)
            .build()
            .unwrap();
        assert_eq!(
            other.verify_url(url.url(), &[], T).unwrap_err().kind(),
            ErrorKind::SignatureMismatch
        );
    }
}

#[test]
fn signed_headers_must_be_sent_as_signed() {
    let client = sts_client("oss-cn-hangzhou.aliyuncs.com", false);
    let mut o = options();
    o.add_header("Content-Type", "image/jpeg")
        .unwrap()
        .add_header("Range", "bytes=0-99")
        .unwrap();
    let url = client.presign_get("examplebucket", "k.jpg", &o).unwrap();
    let info = client.inspect_url(url.url()).unwrap();
    assert_eq!(info.additional_headers(), ["range"]);
    let sent = [("content-type", " image/jpeg "), ("RANGE", "bytes=0-99")];
    assert!(client.verify_url(url.url(), &sent, T).is_ok());
    for headers in [
        &[("content-type", "image/jpeg")][..],
        &[("Range", "bytes=0-99")][..],
        &[("content-type", "image/png"), ("Range", "bytes=0-99")][..],
    ] {
        assert_eq!(
            client.verify_url(url.url(), headers, T).unwrap_err().kind(),
            ErrorKind::SignatureMismatch,
            "{headers:?}"
        );
    }
}

/// The rules oss_client_verify_url delegates: at most MAX_HEADERS headers
/// (the URL is not even read past that), a header sent twice counting as
/// its values joined, and the method signed (a HEAD URL is valid for HEAD
/// only).
#[test]
fn verification_bounds_joins_and_methods() {
    let client = sts_client("oss-cn-hangzhou.aliyuncs.com", false);
    let max = oss_presign::limits::MAX_HEADERS;
    let many = vec![("x-unsigned", "v"); max + 1];
    let err = client.verify_url("not a URL", &many, T).unwrap_err();
    assert_eq!(
        (err.kind(), err.argument()),
        (ErrorKind::LimitExceeded, "header_count")
    );
    let mut o = options();
    o.add_header("x-oss-meta-a", "1,2").unwrap();
    let url = client.presign_get("examplebucket", "k", &o).unwrap();
    // Within the bound the headers are judged: x-oss-meta-a was not sent.
    let judged = client.verify_url(url.url(), &many[..max], T).unwrap_err();
    assert_eq!(judged.kind(), ErrorKind::SignatureMismatch);
    let twice = [("x-oss-meta-a", " 1"), ("X-Oss-Meta-A", "2 ")];
    assert!(client.verify_url(url.url(), &twice, T).is_ok());
    let head = client.presign_head("examplebucket", "k", &o).unwrap();
    let sent = [("x-oss-meta-a", "1,2")];
    assert!(client.verify(Method::Head, head.url(), &sent, T).is_ok());
    for (method, url) in [(Method::Get, head.url()), (Method::Head, url.url())] {
        assert_eq!(
            client.verify(method, url, &sent, T).unwrap_err().kind(),
            ErrorKind::SignatureMismatch
        );
    }
}

#[test]
fn urls_that_do_not_fit_the_client_are_malformed() {
    let client = sts_client("oss-cn-hangzhou.aliyuncs.com", false);
    let url = client
        .presign_get("examplebucket", "k", &options())
        .unwrap();
    let url = url.url();
    for bad in [
        "".to_owned(),
        "not a url".to_owned(),
        url.replace("https://", "http://"),
        url.replace(
            "examplebucket.oss-cn-hangzhou",
            "examplebucket.oss-cn-beijing",
        ),
        url.replace("examplebucket.", "Bad_Bucket."),
        url.replace("/k?", "/?"),
        url.split('?').next().unwrap().to_owned(),
        url.replace(
            "x-oss-signature-version=OSS4-HMAC-SHA256",
            "x-oss-signature-version=OSS2",
        ),
        url.replace("x-oss-date=20240102T030405Z", "x-oss-date=2024-01-02"),
        url.replace("x-oss-expires=3600", "x-oss-expires=0"),
        url.replace("x-oss-expires=3600", "x-oss-expires=604801"),
        url.replace("%2F20240102%2F", "%2F20240103%2F"),
        format!("{url}&x-oss-date=20240102T030405Z"),
        format!("{url}0"),
        format!("{url}#fragment"),
        url.replace("/k?", "/%FF?"),
    ] {
        let err = client.inspect_url(&bad).unwrap_err();
        assert_eq!(
            (err.kind(), err.argument()),
            (ErrorKind::MalformedUrl, "url"),
            "{bad}"
        );
    }
    // A custom-domain URL inspects, but cannot be verified.
    let cname = ClientBuilder::new("static.example.com", "cn-hangzhou")
        .unwrap()
        .credentials(Credentials::new("ak", "sk").unwrap())
        .custom_domain(true)
        .build()
        .unwrap();
    let url = cname.presign_get("examplebucket", "k", &options()).unwrap();
    assert_eq!(cname.inspect_url(url.url()).unwrap().bucket(), "");
    assert_eq!(
        cname.verify_url(url.url(), &[], T).unwrap_err().kind(),
        ErrorKind::MalformedUrl
    );
}
