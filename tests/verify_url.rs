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

/// The longest URL a presign writes is read back and verifies; one byte
/// more is refused as over the limit before anything reads it (unbounded,
/// a long enough URL used to stall the verifier for seconds).
#[test]
fn urls_are_read_up_to_the_longest_one_written() {
    use oss_presign::limits::{MAX_ARGUMENT_BYTES, MAX_URL_BYTES};
    let client = sts_client("oss-cn-hangzhou.aliyuncs.com", false);
    let presign = |padding: usize| {
        let mut o = options();
        let version = padding.min(MAX_ARGUMENT_BYTES);
        o.version_id(&"v".repeat(version.max(1)))
            .unwrap()
            .add_query("pad", &"p".repeat(padding - version))
            .unwrap();
        client.presign_get("examplebucket", "k", &o)
    };
    // A URL grows by a byte with each byte of `pad` (once it has a value).
    let short = presign(MAX_ARGUMENT_BYTES + 1).unwrap().url().len();
    let longest = presign(MAX_ARGUMENT_BYTES + 1 + MAX_URL_BYTES - short).unwrap();
    let url = longest.url();
    assert_eq!(url.len(), MAX_URL_BYTES);
    assert!(client.inspect_url(url).is_ok());
    assert!(client.verify_url(url, &[], T).is_ok());

    // One byte longer: without the bound, a signature mismatch.
    let longer = url.replacen("pad=", "pad=p", 1);
    assert_eq!(longer.len(), MAX_URL_BYTES + 1);
    for err in [
        client.inspect_url(&longer).unwrap_err(),
        client.verify_url(&longer, &[], T).unwrap_err(),
    ] {
        assert_eq!(
            (err.kind(), err.argument()),
            (ErrorKind::LimitExceeded, "url")
        );
    }
    // Thousands of parameters, far over the bound: refused the same way.
    let many: String = (0..40_000).map(|i| format!("&p{i}=1")).collect();
    let err = client
        .verify_url(&format!("{url}{many}"), &[], T)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LimitExceeded);
}

/// A parameter given twice is refused wherever it is, and however many
/// parameters the URL has (the check sorts the names).
#[test]
fn repeated_parameters_are_malformed() {
    let client = sts_client("oss-cn-hangzhou.aliyuncs.com", false);
    let url = client
        .presign_get("examplebucket", "k", &options())
        .unwrap();
    let url = url.url();
    let distinct: String = (0..500).map(|i| format!("&p{i}=1")).collect();
    for bad in [
        format!("{url}&versionId=v2"),
        format!("{url}&x%20custom=1"),
        url.replacen('?', "?versionId=v0&", 1),
        format!("{url}{distinct}&p250=2"),
        // The signature, also after an empty one.
        format!("{url}&x-oss-signature="),
        url.replacen('?', "?x-oss-signature=&", 1),
    ] {
        let err = client.inspect_url(&bad).unwrap_err();
        assert_eq!(
            (err.kind(), err.argument()),
            (ErrorKind::MalformedUrl, "url"),
            "{bad}"
        );
    }
    // Distinct ones are read (and signed: this URL's signature does not
    // cover them).
    let info = client.inspect_url(&format!("{url}{distinct}")).unwrap();
    assert_eq!(info.bucket(), "examplebucket");
}
