//! The encoder and canonicaliser under arbitrary bytes: key, query names and
//! values, header names and values, typed options, credentials.
//!
//! For every URL returned:
//! - it is printable ASCII (0x21-0x7E): no space, CR, LF or other control;
//! - percent-decoding its path gives back `/bucket/key` (path style, IP
//!   endpoints) or `/key` (virtual-hosted, custom domain) exactly, and its
//!   host is the one of the addressing style;
//! - every query parameter given comes back exactly once, with its value;
//! - its signature is the one the independent signer of
//!   `tests/support/v4_oracle.rs` computes from the raw inputs;
//! - the C ABI (`oss_presign_get`) returns the very same text.
//!
//! A key the library refuses must break the documented key rule, and a key
//! that is not UTF-8 is refused by the C ABI with `OSS_CODE_INVALID_UTF8`.
#![no_main]

#[path = "../../tests/support/v4_oracle.rs"]
mod oracle;

use std::ffi::CString;
use std::ptr::{null, null_mut};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oss_presign::ffi::error::{oss_code, oss_error_argument, oss_error_code, oss_error_free};
use oss_presign::ffi::presign::oss_presign_get;
use oss_presign::ffi::strings::oss_string_free;
use oss_presign::{Client, ClientBuilder, Credentials, ErrorKind, GetOptions};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    style: u8,
    http: bool,
    key: &'a [u8],
    key_repeat: u8,
    access_key_id: &'a [u8],
    secret: &'a [u8],
    token: Option<&'a [u8]>,
    signing_time: u64,
    expires: u16,
    query: Vec<(&'a [u8], &'a [u8])>,
    headers: Vec<(&'a [u8], &'a [u8])>,
    version_id: Option<&'a [u8]>,
    content_disposition: Option<&'a [u8]>,
}

/// Text of fuzzer bytes: as it is when UTF-8, else with replacement
/// characters (the C ABI path tests the invalid bytes themselves).
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The documented key rule (README, `OSS_CODE_INVALID_KEY`).
fn key_is_valid(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 1023
        && !key.starts_with('/')
        && !key.starts_with('\\')
        && !key.split('/').any(|s| s == "." || s == "..")
}

const BUCKET: &str = "fuzz-bucket";
/// 0001-01-01 .. 9999-12-31 is what V4 allows; the library takes 1970..9999.
const MAX_UNIX: u64 = 253_402_300_799;

fuzz_target!(|input: Input<'_>| {
    let access_key_id = match text(input.access_key_id) {
        id if !id.is_empty()
            && id.len() <= 8192
            && id.bytes().all(|b| (0x21..0x7f).contains(&b) && b != b'/') =>
        {
            id
        }
        _ => "LTAI5tFuzz".to_owned(),
    };
    // C strings cannot hold NUL: secret and token as C can pass them,
    // within the 8192-byte bound of every string argument.
    let secret = match text(input.secret).replace('\0', "") {
        s if s.is_empty() || s.len() > 8192 => "fuzz-secret".to_owned(),
        s => s,
    };
    let token = input
        .token
        .map(|t| text(t).replace('\0', ""))
        .filter(|t| !t.is_empty() && t.len() <= 8192);
    let mut credentials = Credentials::new(&access_key_id, &secret).expect("valid credentials");
    if let Some(token) = &token {
        credentials = credentials.with_security_token(token).expect("a token");
    }
    let (endpoint, path_style, custom_domain) = match input.style % 4 {
        0 => ("oss-cn-hangzhou.aliyuncs.com", false, false),
        1 => ("oss-cn-hangzhou.aliyuncs.com", true, false),
        2 => ("static.example.com:8443", false, true),
        _ => ("127.0.0.1:9000", false, false),
    };
    let scheme = if input.http { "http" } else { "https" };
    let client: Client = ClientBuilder::new(&format!("{scheme}://{endpoint}"), "cn-hangzhou")
        .expect("valid endpoint")
        .credentials(credentials)
        .path_style(path_style)
        .custom_domain(custom_domain)
        .build()
        .expect("a client");

    let signing_time = (input.signing_time % (MAX_UNIX + 1)) as i64;
    let expires = u64::from(input.expires % 3600) + 1;
    let mut options = GetOptions::new();
    options.signing_time(signing_time).unwrap();
    options.expires(expires).unwrap();
    let mut query: Vec<(String, String)> = Vec::new();
    let typed = [
        ("versionId", input.version_id),
        ("response-content-disposition", input.content_disposition),
    ];
    for (i, (name, value)) in typed.into_iter().enumerate() {
        let Some(value) = value.map(text) else {
            continue;
        };
        let added = if i == 0 {
            options.version_id(&value)
        } else {
            options.response_content_disposition(&value)
        };
        if added.is_ok() {
            query.push((name.to_owned(), value));
        }
    }
    for (name, value) in &input.query {
        let (name, value) = (text(name), text(value));
        if options.add_query(&name, &value).is_ok() {
            query.push((name, value));
        }
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, value) in &input.headers {
        let (name, value) = (text(name), text(value));
        if options.add_header(&name, &value).is_ok() {
            headers.push((name, value));
        }
    }

    let key_bytes = input.key.repeat(1 + usize::from(input.key_repeat % 4));
    // C strings end at the first NUL: that is the key C can pass.
    let c_key_bytes = key_bytes.split(|&b| b == 0).next().unwrap_or_default();
    let c_key = CString::new(c_key_bytes).unwrap();
    let c_bucket = CString::new(BUCKET).unwrap();
    let mut c_url = null_mut();
    // The same presign through the C ABI, with a client of the same
    // configuration and options with the same time and lifetime.
    let c_client = c_client(
        scheme,
        endpoint,
        path_style,
        custom_domain,
        &access_key_id,
        &secret,
        token.as_deref(),
    );
    // SAFETY: live handles, NUL-terminated strings, a valid out-pointer.
    let c_error = unsafe {
        let options = c_options(signing_time, expires);
        let e = oss_presign_get(
            c_client,
            c_bucket.as_ptr(),
            c_key.as_ptr(),
            options,
            &mut c_url,
        );
        oss_presign::ffi::get_options::oss_get_options_free(options);
        e
    };
    let c_result = if c_error.is_null() {
        // SAFETY: a URL returned by the library, freed once below.
        let url = unsafe { std::ffi::CStr::from_ptr(c_url) }
            .to_str()
            .unwrap()
            .to_owned();
        unsafe { oss_string_free(c_url) };
        Ok(url)
    } else {
        // SAFETY: a live error, freed once.
        let (code, argument) = unsafe {
            let code = oss_error_code(c_error);
            let argument = std::ffi::CStr::from_ptr(oss_error_argument(c_error)).to_owned();
            oss_error_free(c_error);
            (code, argument)
        };
        Err((code, argument))
    };
    // SAFETY: made by c_client, freed once.
    unsafe { oss_presign::ffi::client::oss_client_free(c_client) };

    let Ok(key) = std::str::from_utf8(c_key_bytes) else {
        assert_eq!(
            c_result.map(|_| ()).unwrap_err(),
            (oss_code::InvalidUtf8, c"key".to_owned()),
            "a key that is not UTF-8"
        );
        return;
    };

    let result = client.presign_get(BUCKET, key, &options);
    let request = match result {
        Err(error) => {
            // The C options lack the query and headers (see c_options):
            // without them the URL is shorter, and may fit its bound.
            let same_options = query.is_empty() && headers.is_empty();
            match error.kind() {
                ErrorKind::InvalidKey => assert!(!key_is_valid(key), "refused {key:?}"),
                ErrorKind::LimitExceeded => assert_eq!(error.argument(), "url"),
                other => panic!("unexpected {other:?}: {error}"),
            }
            if error.kind() == ErrorKind::InvalidKey || same_options {
                assert!(c_result.is_err(), "the C ABI accepted what Rust refused");
            }
            return;
        }
        Ok(request) => request,
    };
    assert!(key_is_valid(key), "accepted {key:?}");
    let url = request.url();
    let c_url = c_result.expect("the C ABI refused what Rust accepted");
    // The C options carry only part of the Rust ones (see c_options); with
    // none of the extras they must give the same URL.
    if query.is_empty() && headers.is_empty() {
        assert_eq!(url, c_url, "C and Rust URLs differ");
    }

    // Printable ASCII, no space, CR or LF.
    assert!(
        url.bytes().all(|b| (0x21..=0x7e).contains(&b)),
        "not printable ASCII: {url:?}"
    );
    let (origin, path, pairs) = oracle::split_url(url);

    // Host and path of the addressing style; the path decodes to the key.
    let (host, expected_path) = match input.style % 4 {
        0 => (format!("{BUCKET}.{endpoint}"), format!("/{key}")),
        2 => (endpoint.to_owned(), format!("/{key}")),
        _ => (endpoint.to_owned(), format!("/{BUCKET}/{key}")),
    };
    assert_eq!(origin, format!("{scheme}://{host}"));
    assert_eq!(
        oracle::percent_decode(path),
        expected_path.as_bytes(),
        "path {path:?} of key {key:?}"
    );

    // Every parameter given, exactly once, with its value.
    let decoded: Vec<(Vec<u8>, Vec<u8>)> = pairs
        .iter()
        .map(|(n, v)| (oracle::percent_decode(n), oracle::percent_decode(v)))
        .collect();
    for (name, value) in &query {
        let found: Vec<_> = decoded
            .iter()
            .filter(|(n, _)| n == name.as_bytes())
            .collect();
        assert_eq!(
            found.len(),
            1,
            "{name:?} appears {} times in {url}",
            found.len()
        );
        assert_eq!(found[0].1, value.as_bytes(), "value of {name:?}");
    }
    let mut names: Vec<&Vec<u8>> = decoded.iter().map(|(n, _)| n).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), decoded.len(), "a repeated parameter in {url}");

    // The signature an independent computation gives.
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let expected = oracle::signature(&oracle::Presign {
        access_key_id: &access_key_id,
        access_key_secret: &secret,
        security_token: token.as_deref(),
        region: "cn-hangzhou",
        product: "oss",
        bucket: BUCKET,
        key,
        signing_time,
        expires,
        query: &query,
        headers: &headers,
    });
    assert_eq!(oracle::url_signature(url), Some(expected.as_str()), "{url}");
    assert_eq!(request.headers().len(), headers.len());
});

/// The same client, through the C ABI.
fn c_client(
    scheme: &str,
    endpoint: &str,
    path_style: bool,
    custom_domain: bool,
    id: &str,
    secret: &str,
    token: Option<&str>,
) -> *mut oss_presign::ffi::oss_client {
    use oss_presign::ffi::client::oss_client_new_from_config;
    use oss_presign::ffi::client_config::*;
    let cs = |s: &str| CString::new(s).unwrap();
    let (endpoint, region) = (cs(&format!("{scheme}://{endpoint}")), cs("cn-hangzhou"));
    let (id, secret) = (cs(id), cs(secret));
    let token = token.map(cs);
    let mut config = null_mut();
    let mut client = null_mut();
    // SAFETY: valid strings and out-pointers; the configuration is freed once.
    unsafe {
        assert!(oss_client_config_new(endpoint.as_ptr(), region.as_ptr(), &mut config).is_null());
        let token = token.as_ref().map_or(null(), |t| t.as_ptr());
        assert!(
            oss_client_config_set_credentials(config, id.as_ptr(), secret.as_ptr(), token)
                .is_null()
        );
        assert!(oss_client_config_set_path_style(config, path_style).is_null());
        assert!(oss_client_config_set_custom_domain(config, custom_domain).is_null());
        assert!(oss_client_new_from_config(config, &mut client).is_null());
        oss_client_config_free(config);
    }
    client
}

/// C options with the signing time and lifetime only; the caller frees them.
fn c_options(signing_time: i64, expires: u64) -> *mut oss_presign::ffi::oss_get_options {
    use oss_presign::ffi::get_options::*;
    let options = oss_get_options_new();
    // SAFETY: live options.
    unsafe {
        assert!(oss_get_options_set_signing_time(options, signing_time).is_null());
        assert!(oss_get_options_set_expires(options, expires).is_null());
    }
    options
}
