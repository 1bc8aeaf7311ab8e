//! Every vector of `tests/vectors/oss-v4-vectors.json` (published SDK test
//! values and URLs produced by Alibaba's Python SDK; see the README there).

use oss_presign::canonical::{RequestParts, canonical_request, resolve_additional_headers};
use oss_presign::signer::{SigningKey, scope, string_to_sign};
use oss_presign::{Client, Credentials, GetOptions, Method, Request};
use serde_json::Value;

const VECTORS: &str = include_str!("vectors/oss-v4-vectors.json");

struct Vector<'a> {
    id: &'a str,
    json: &'a Value,
}

impl<'a> Vector<'a> {
    fn str(&self, field: &str) -> &'a str {
        self.json[field]
            .as_str()
            .unwrap_or_else(|| panic!("{}: {field}", self.id))
    }

    fn opt_str(&self, field: &str) -> Option<&'a str> {
        self.json[field].as_str()
    }

    fn expected(&self, field: &str) -> Option<&'a str> {
        self.json["expected"][field].as_str()
    }

    fn pairs(&self, field: &str) -> Vec<(&'a str, &'a str)> {
        self.json[field]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
            .collect()
    }

    fn names(&self, field: &str) -> Vec<&'a str> {
        self.json[field]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect()
    }

    fn signing_time(&self) -> i64 {
        self.json["signing_time_unix"].as_i64().unwrap()
    }
}

fn vectors() -> Vec<Value> {
    let all: Value = serde_json::from_str(VECTORS).unwrap();
    all["vectors"].as_array().unwrap().clone()
}

/// `x-oss-date` of a Unix time, computed here independently of the library.
fn datetime(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Day count to (year, month, day) by walking years and months: slow and
/// obviously correct, independent of the library's arithmetic.
fn civil(mut days: i64) -> (i64, i64, i64) {
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut year = 1970;
    while days >= if leap(year) { 366 } else { 365 } {
        days -= if leap(year) { 366 } else { 365 };
        year += 1;
    }
    let lengths = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 1;
    for len in lengths {
        if days < len {
            break;
        }
        days -= len;
        month += 1;
    }
    (year, month, days + 1)
}

/// The general signer on every vector: canonical request, string to sign,
/// signature and, for header mode, the Authorization value.
#[test]
fn general_signer_matches_every_vector() {
    let all = vectors();
    assert_eq!(all.len(), 52, "the vector file changed size");
    for json in &all {
        let v = Vector {
            id: json["id"].as_str().unwrap(),
            json,
        };
        let time = datetime(v.signing_time());
        let date = &time[..8];
        let region = v.str("region");
        let product = v.str("product");
        let scope = scope(date, region, product);
        let headers = v.pairs("headers");
        let additional = v.names("additional_headers");
        let mut query = v.pairs("query");
        let base = RequestParts {
            method: v.str("method"),
            bucket: Some(v.str("bucket")),
            key: Some(v.str("key")),
            query: &[],
            headers: &headers,
            additional_headers: &additional,
        };
        let resolved = resolve_additional_headers(&base).join(";");
        let credential = format!("{}/{scope}", v.str("access_key_id"));
        let expires = v.json["expires_seconds"].to_string();
        if v.str("mode") == "query" {
            query.push(("x-oss-signature-version", "OSS4-HMAC-SHA256"));
            query.push(("x-oss-date", &time));
            query.push(("x-oss-expires", &expires));
            query.push(("x-oss-credential", &credential));
            if let Some(token) = v.opt_str("security_token") {
                query.push(("x-oss-security-token", token));
            }
            if !resolved.is_empty() {
                query.push(("x-oss-additional-headers", &resolved));
            }
        }
        let parts = RequestParts {
            query: &query,
            ..base
        };

        let canonical = canonical_request(&parts);
        if let Some(expected) = v.expected("canonical_request") {
            assert_eq!(canonical, expected, "{}: canonical request", v.id);
        }
        let sts = string_to_sign(&time, region, product, &canonical);
        if let Some(expected) = v.expected("string_to_sign") {
            assert_eq!(sts, expected, "{}: string to sign", v.id);
        }
        let key = SigningKey::derive(v.str("access_key_secret"), date, region, product).unwrap();
        let signature = key.sign(&sts);
        assert_eq!(
            signature,
            v.expected("signature").unwrap(),
            "{}: signature",
            v.id
        );
        if let Some(expected) = v.expected("authorization") {
            let mut authorization = format!("OSS4-HMAC-SHA256 Credential={credential}");
            if !resolved.is_empty() {
                authorization.push_str(&format!(",AdditionalHeaders={resolved}"));
            }
            authorization.push_str(&format!(",Signature={signature}"));
            assert_eq!(authorization, expected, "{}: authorization", v.id);
        }
    }
}

/// Splits a URL into (`scheme://host/path`, sorted query pairs as text).
fn split_url(url: &str) -> (&str, Vec<&str>) {
    let (base, query) = url.split_once('?').unwrap();
    let mut pairs: Vec<&str> = query
        .split('&')
        .map(|pair| pair.strip_suffix('=').unwrap_or(pair))
        .collect();
    pairs.sort();
    (base, pairs)
}

/// The presign path on every presigned GET and HEAD vector: same signature,
/// canonical request, string to sign, URL (order of parameters aside) and
/// signed headers as the official SDK.
#[test]
fn presign_matches_every_get_and_head_vector() {
    let mut checked = 0;
    for json in &vectors() {
        let v = Vector {
            id: json["id"].as_str().unwrap(),
            json,
        };
        let method = match v.str("method") {
            "GET" => Method::Get,
            "HEAD" => Method::Head,
            _ => continue,
        };
        if v.str("mode") != "query" {
            continue;
        }
        let mut credentials =
            Credentials::new(v.str("access_key_id"), v.str("access_key_secret")).unwrap();
        if let Some(token) = v.opt_str("security_token") {
            credentials = credentials.with_security_token(token).unwrap();
        }
        let scheme = v.opt_str("scheme").unwrap_or("https");
        let endpoint = format!("{scheme}://{}", v.str("endpoint"));
        let mut builder = Client::builder(&endpoint, "cn-hangzhou").unwrap();
        builder.credentials(credentials);
        match v.str("addressing") {
            "virtual-hosted" | "ip" => {}
            "path" => {
                builder.path_style(true);
            }
            "cname" => {
                builder.custom_domain(true);
            }
            other => panic!("{}: unknown addressing {other}", v.id),
        }
        match v.str("product") {
            "oss" => assert_eq!(v.str("region"), "cn-hangzhou"),
            "oss-cloudbox" => {
                builder.cloudbox_id(v.str("region")).unwrap();
            }
            other => panic!("{}: unknown product {other}", v.id),
        }
        let client = builder.build().unwrap();

        let mut options = GetOptions::new();
        options
            .signing_time(v.signing_time())
            .unwrap()
            .expires(v.json["expires_seconds"].as_u64().unwrap())
            .unwrap();
        for (name, value) in v.pairs("query") {
            options.add_query(name, value).unwrap();
        }
        for (name, value) in v.pairs("headers") {
            options.add_header(name, value).unwrap();
        }

        let (request, trace) = client
            .trace_at(
                &Request::new(method, v.str("bucket"), v.str("key"), &options),
                0,
            )
            .unwrap();
        assert_eq!(
            trace.canonical_request,
            v.expected("canonical_request").unwrap(),
            "{}",
            v.id
        );
        assert_eq!(
            trace.string_to_sign,
            v.expected("string_to_sign").unwrap(),
            "{}",
            v.id
        );
        let signature = v.expected("signature").unwrap();
        assert!(
            request
                .url()
                .ends_with(&format!("&x-oss-signature={signature}")),
            "{}: {}",
            v.id,
            request.url()
        );
        assert_eq!(
            split_url(request.url()),
            split_url(v.expected("url").unwrap()),
            "{}: URL",
            v.id
        );

        // The fast path gives the same URL as the traced one.
        let fast = client
            .presign_at(
                &Request::new(method, v.str("bucket"), v.str("key"), &options),
                0,
            )
            .unwrap();
        assert_eq!(fast, request, "{}", v.id);
        assert_eq!(request.method(), method, "{}", v.id);
        assert_eq!(request.signing_time(), v.signing_time());
        assert_eq!(
            request.expiration(),
            v.signing_time() + v.json["expires_seconds"].as_i64().unwrap()
        );

        let signed: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|h| (h.name.to_ascii_lowercase(), h.value.clone()))
            .collect();
        let expected: Vec<(String, String)> = match v.json["expected"]["signed_headers"].as_object()
        {
            Some(map) => map
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.as_str().unwrap().to_owned()))
                .collect(),
            None => vec![],
        };
        assert_eq!(signed, expected, "{}: signed headers", v.id);
        checked += 1;
    }
    assert_eq!(checked, 19, "G1..G16, HD1..HD3");
}

#[test]
fn test_calendar_agrees_with_known_dates() {
    assert_eq!(datetime(1_704_164_645), "20240102T030405Z");
    assert_eq!(datetime(951_782_400), "20000229T000000Z");
}
