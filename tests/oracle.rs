//! The independent signer of `tests/support/v4_oracle.rs` agrees with every
//! presigned-GET vector of `tests/vectors/oss-v4-vectors.json` (URLs made by
//! Alibaba's Python SDK) on canonical request and signature, and with known
//! calendar dates, before any other test trusts it as a second opinion.

#[path = "support/v4_oracle.rs"]
mod oracle;

use serde_json::Value;

const VECTORS: &str = include_str!("vectors/oss-v4-vectors.json");

fn pairs(v: &Value, field: &str) -> Vec<(String, String)> {
    v[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
        .collect()
}

#[test]
fn the_oracle_signs_every_presigned_get_vector_as_alibabas_sdk_does() {
    let all: Value = serde_json::from_str(VECTORS).unwrap();
    let mut checked = 0;
    for v in all["vectors"].as_array().unwrap() {
        if v["method"] != "GET" || v["mode"] != "query" {
            continue;
        }
        let id = v["id"].as_str().unwrap();
        let query = pairs(v, "query");
        let query: Vec<(&str, &str)> = query
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let headers = pairs(v, "headers");
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let p = oracle::Presign {
            access_key_id: v["access_key_id"].as_str().unwrap(),
            access_key_secret: v["access_key_secret"].as_str().unwrap(),
            security_token: v["security_token"].as_str(),
            region: v["region"].as_str().unwrap(),
            product: v["product"].as_str().unwrap(),
            bucket: v["bucket"].as_str().unwrap(),
            key: v["key"].as_str().unwrap(),
            signing_time: v["signing_time_unix"].as_i64().unwrap(),
            expires: v["expires_seconds"].as_u64().unwrap(),
            query: &query,
            headers: &headers,
        };
        let expected = &v["expected"];
        assert_eq!(
            oracle::canonical_request(&p),
            expected["canonical_request"].as_str().unwrap(),
            "{id}"
        );
        assert_eq!(
            oracle::signature(&p),
            expected["signature"].as_str().unwrap(),
            "{id}"
        );
        let url = expected["url"].as_str().unwrap();
        assert_eq!(
            oracle::url_signature(url),
            expected["signature"].as_str(),
            "{id}"
        );
        checked += 1;
    }
    assert!(checked >= 16, "only {checked} GET vectors");
}

#[test]
fn the_oracle_calendar_agrees_with_known_dates() {
    for (unix, text) in [
        (0, "19700101T000000Z"),
        (951_782_400, "20000229T000000Z"),
        (1_704_164_645, "20240102T030405Z"),
        (1_709_251_199, "20240229T235959Z"),
        (253_402_300_799, "99991231T235959Z"),
    ] {
        assert_eq!(oracle::iso8601_basic(unix), text);
    }
    assert_eq!(
        oracle::uri_encode("a b+/~*".as_bytes(), true),
        "a%20b%2B/~%2A"
    );
    assert_eq!(oracle::percent_decode("a%20b%2B%zz%"), b"a b+%zz%");
}
