//! The C ABI contract, exercised from Rust: every exported function with NULL
//! for each pointer and invalid UTF-8 for each string, outputs left untouched
//! on failure, and the happy paths. The bad values of each argument are rows
//! of `tests/bad_inputs.tsv`, run by `tests/bad_inputs.rs`.

#![allow(unsafe_code)] // calls the C ABI

use std::ffi::{CStr, CString, c_char};
use std::ptr::{self, null, null_mut};

use oss_presign::ffi::client::*;
use oss_presign::ffi::client_config::*;
use oss_presign::ffi::error::*;
use oss_presign::ffi::get_options::*;
use oss_presign::ffi::presign::*;
use oss_presign::ffi::presigned_request::*;
use oss_presign::ffi::strings::oss_string_free;
use oss_presign::ffi::version::oss_version;
use oss_presign::ffi::{oss_client, oss_client_config, oss_get_options, oss_presigned_request};

const OK: oss_code = oss_code::Ok;
const NULL_ARGUMENT: oss_code = oss_code::NullArgument;
const INVALID_UTF8: oss_code = oss_code::InvalidUtf8;
const INVALID_ARGUMENT: oss_code = oss_code::InvalidArgument;
const INVALID_QUERY: oss_code = oss_code::InvalidQuery;
const INVALID_HEADER: oss_code = oss_code::InvalidHeader;
const MISSING_CREDENTIALS: oss_code = oss_code::MissingCredentials;
const INVALID_EXPIRATION: oss_code = oss_code::InvalidExpiration;

const SECRET: &str = "SUPER-SECRET-VALUE";
const TOKEN: &str = "CAIS+TOKEN/VALUE==";

fn cs(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// A pointer to a NUL-terminated string that is not UTF-8.
fn bad_utf8() -> *const c_char {
    c"\xff\xfe".as_ptr()
}

/// Reads and frees an error; returns its code and message.
fn take(error: *mut oss_error) -> (oss_code, String) {
    // SAFETY: `error` is NULL or a live error from the library, freed once here.
    unsafe {
        let code = oss_error_code(error);
        let message = CStr::from_ptr(oss_error_message(error))
            .to_string_lossy()
            .into_owned();
        oss_error_free(error);
        (code, message)
    }
}

/// Asserts the error's code, that its message names `argument` and that no
/// secret leaked into it.
#[track_caller]
fn expect(error: *mut oss_error, code: oss_code, argument: &str) {
    let (got, message) = take(error);
    assert_eq!(got, code, "message: {message}");
    assert!(
        message.contains(argument),
        "message {message:?} should name {argument:?}"
    );
    assert!(
        !message.contains(SECRET) && !message.contains(TOKEN),
        "{message}"
    );
}

#[track_caller]
fn ok(error: *mut oss_error) {
    let (code, message) = take(error);
    assert_eq!(code, OK, "unexpected error: {message}");
}

/// A sentinel value for out-parameters that must stay untouched.
fn sentinel<T>() -> *mut T {
    ptr::dangling_mut()
}

fn new_client(endpoint: &str) -> *mut oss_client {
    new_client_with_secret(endpoint, SECRET)
}

fn new_client_with_secret(endpoint: &str, secret: &str) -> *mut oss_client {
    let mut client = null_mut();
    // SAFETY: valid strings and out-pointer.
    ok(unsafe {
        oss_client_new(
            cs(endpoint).as_ptr(),
            c"cn-hangzhou".as_ptr(),
            c"ak".as_ptr(),
            cs(secret).as_ptr(),
            null(),
            &mut client,
        )
    });
    client
}

fn new_options() -> *mut oss_get_options {
    let options = oss_get_options_new();
    assert!(!options.is_null());
    options
}

fn presign_url(
    client: *const oss_client,
    bucket: &str,
    key: &str,
    options: *const oss_get_options,
) -> Result<String, (oss_code, String)> {
    let mut url: *mut c_char = sentinel();
    // SAFETY: live handles, valid strings and out-pointer.
    let error = unsafe {
        oss_presign_get(
            client,
            cs(bucket).as_ptr(),
            cs(key).as_ptr(),
            options,
            &mut url,
        )
    };
    if !error.is_null() {
        assert_eq!(url, sentinel(), "url_out written on failure");
        return Err(take(error));
    }
    // SAFETY: `url` was returned by oss_presign_get and is freed once.
    unsafe {
        let text = CStr::from_ptr(url).to_str().unwrap().to_owned();
        oss_string_free(url);
        Ok(text)
    }
}

#[test]
fn client_new_rejects_null_utf8_and_bad_values() {
    let valid = [c"example.com", c"cn-hangzhou", c"ak", c"sk"].map(|s| s.as_ptr());
    for null_index in 0..4 {
        let mut args = valid;
        args[null_index] = null();
        let mut client: *mut oss_client = sentinel();
        // SAFETY: all pointers valid or NULL.
        let error =
            unsafe { oss_client_new(args[0], args[1], args[2], args[3], null(), &mut client) };
        let names = ["endpoint", "region", "access_key_id", "access_key_secret"];
        expect(error, NULL_ARGUMENT, names[null_index]);
        assert_eq!(client, sentinel());

        args = valid;
        args[null_index] = bad_utf8();
        // SAFETY: as above.
        let error =
            unsafe { oss_client_new(args[0], args[1], args[2], args[3], null(), &mut client) };
        expect(error, INVALID_UTF8, names[null_index]);
        assert_eq!(client, sentinel());
    }
    // SAFETY: as above.
    unsafe {
        let error = oss_client_new(
            valid[0],
            valid[1],
            valid[2],
            valid[3],
            bad_utf8(),
            &mut null_mut(),
        );
        expect(error, INVALID_UTF8, "security_token");
        let error = oss_client_new(valid[0], valid[1], valid[2], valid[3], null(), null_mut());
        expect(error, NULL_ARGUMENT, "client_out");
    }
}

#[test]
fn client_config_functions() {
    let mut config: *mut oss_client_config = sentinel();
    // SAFETY: every pointer below is valid, NULL or a live handle.
    unsafe {
        expect(
            oss_client_config_new(null(), c"r".as_ptr(), &mut config),
            NULL_ARGUMENT,
            "endpoint",
        );
        expect(
            oss_client_config_new(c"e.com".as_ptr(), null(), &mut config),
            NULL_ARGUMENT,
            "region",
        );
        expect(
            oss_client_config_new(bad_utf8(), c"r".as_ptr(), &mut config),
            INVALID_UTF8,
            "endpoint",
        );
        expect(
            oss_client_config_new(c"e.com".as_ptr(), bad_utf8(), &mut config),
            INVALID_UTF8,
            "region",
        );
        expect(
            oss_client_config_new(c"e.com".as_ptr(), c"r".as_ptr(), null_mut()),
            NULL_ARGUMENT,
            "config_out",
        );
        assert_eq!(config, sentinel());
        ok(oss_client_config_new(
            c"http://e.com:8080".as_ptr(),
            c"cn-hangzhou".as_ptr(),
            &mut config,
        ));

        // Setters on a NULL configuration.
        expect(
            oss_client_config_set_credentials(null_mut(), c"a".as_ptr(), c"s".as_ptr(), null()),
            NULL_ARGUMENT,
            "config",
        );
        expect(
            oss_client_config_set_credentials_from_env(null_mut()),
            NULL_ARGUMENT,
            "config",
        );
        expect(
            oss_client_config_set_path_style(null_mut(), true),
            NULL_ARGUMENT,
            "config",
        );
        expect(
            oss_client_config_set_custom_domain(null_mut(), true),
            NULL_ARGUMENT,
            "config",
        );
        expect(
            oss_client_config_set_cloudbox_id(null_mut(), c"cb-1".as_ptr()),
            NULL_ARGUMENT,
            "config",
        );

        // Building without credentials.
        let mut client: *mut oss_client = sentinel();
        expect(
            oss_client_new_from_config(config, &mut client),
            MISSING_CREDENTIALS,
            "credentials",
        );
        expect(
            oss_client_new_from_config(null(), &mut client),
            NULL_ARGUMENT,
            "config",
        );
        expect(
            oss_client_new_from_config(config, null_mut()),
            NULL_ARGUMENT,
            "client_out",
        );
        assert_eq!(client, sentinel());

        // Credentials: NULL, bad UTF-8, empty.
        expect(
            oss_client_config_set_credentials(config, null(), c"s".as_ptr(), null()),
            NULL_ARGUMENT,
            "access_key_id",
        );
        expect(
            oss_client_config_set_credentials(config, c"a".as_ptr(), null(), null()),
            NULL_ARGUMENT,
            "access_key_secret",
        );
        expect(
            oss_client_config_set_credentials(config, bad_utf8(), c"s".as_ptr(), null()),
            INVALID_UTF8,
            "access_key_id",
        );
        expect(
            oss_client_config_set_credentials(config, c"a".as_ptr(), bad_utf8(), null()),
            INVALID_UTF8,
            "access_key_secret",
        );
        expect(
            oss_client_config_set_credentials(config, c"a".as_ptr(), c"s".as_ptr(), bad_utf8()),
            INVALID_UTF8,
            "security_token",
        );
        expect(
            oss_client_config_set_credentials(config, c"".as_ptr(), c"s".as_ptr(), null()),
            MISSING_CREDENTIALS,
            "access_key_id",
        );
        expect(
            oss_client_config_set_credentials(config, c"a".as_ptr(), c"".as_ptr(), null()),
            MISSING_CREDENTIALS,
            "access_key_secret",
        );
        expect(
            oss_client_config_set_cloudbox_id(config, null()),
            NULL_ARGUMENT,
            "cloudbox_id",
        );
        expect(
            oss_client_config_set_cloudbox_id(config, bad_utf8()),
            INVALID_UTF8,
            "cloudbox_id",
        );

        let token = cs(TOKEN);
        ok(oss_client_config_set_credentials(
            config,
            c"ak".as_ptr(),
            cs(SECRET).as_ptr(),
            token.as_ptr(),
        ));
        ok(oss_client_config_set_path_style(config, true));
        ok(oss_client_new_from_config(config, &mut client));
        let url = presign_url(client, "bucket", "a b.txt", null()).unwrap();
        assert!(
            url.starts_with("http://e.com:8080/bucket/a%20b.txt?"),
            "{url}"
        );
        assert!(
            url.contains("&x-oss-security-token=CAIS%2BTOKEN%2FVALUE%3D%3D&"),
            "{url}"
        );
        oss_client_free(client);

        ok(oss_client_config_set_custom_domain(config, true));
        ok(oss_client_new_from_config(config, &mut client));
        let url = presign_url(client, "bucket", "a", null()).unwrap();
        assert!(url.starts_with("http://e.com:8080/a?"), "{url}");
        oss_client_free(client);

        ok(oss_client_config_set_custom_domain(config, false));
        ok(oss_client_config_set_path_style(config, false));
        ok(oss_client_config_set_cloudbox_id(
            config,
            c"cb-123".as_ptr(),
        ));
        ok(oss_client_new_from_config(config, &mut client));
        let url = presign_url(client, "bucket", "a", null()).unwrap();
        assert!(url.starts_with("http://bucket.e.com:8080/a?"), "{url}");
        assert!(
            url.contains("%2Fcb-123%2Foss-cloudbox%2Faliyun_v4_request&"),
            "{url}"
        );
        oss_client_free(client);

        oss_client_config_free(config);
        oss_client_config_free(null_mut());
        oss_client_free(null_mut());
    }
}

#[test]
fn get_options_setters_reject_null_utf8_and_bad_values() {
    let options = new_options();
    type TextSetter = unsafe extern "C" fn(*mut oss_get_options, *const c_char) -> *mut oss_error;
    let text_setters: [(TextSetter, &str); 8] = [
        (oss_get_options_set_version_id, "version_id"),
        (
            oss_get_options_set_response_content_type,
            "response_content_type",
        ),
        (
            oss_get_options_set_response_content_disposition,
            "response_content_disposition",
        ),
        (
            oss_get_options_set_response_cache_control,
            "response_cache_control",
        ),
        (
            oss_get_options_set_response_content_encoding,
            "response_content_encoding",
        ),
        (
            oss_get_options_set_response_content_language,
            "response_content_language",
        ),
        (oss_get_options_set_response_expires, "response_expires"),
        (oss_get_options_set_process, "process"),
    ];
    // SAFETY: every pointer is valid, NULL or a live handle.
    unsafe {
        for (set, argument) in text_setters {
            expect(set(null_mut(), c"v".as_ptr()), NULL_ARGUMENT, "options");
            expect(set(options, null()), NULL_ARGUMENT, argument);
            expect(set(options, bad_utf8()), INVALID_UTF8, argument);
            ok(set(options, c"v".as_ptr()));
        }
        type PairSetter = unsafe extern "C" fn(
            *mut oss_get_options,
            *const c_char,
            *const c_char,
        ) -> *mut oss_error;
        for set in [
            oss_get_options_add_query as PairSetter,
            oss_get_options_add_header,
        ] {
            expect(
                set(null_mut(), c"n".as_ptr(), c"v".as_ptr()),
                NULL_ARGUMENT,
                "options",
            );
            expect(set(options, null(), c"v".as_ptr()), NULL_ARGUMENT, "name");
            expect(set(options, c"n".as_ptr(), null()), NULL_ARGUMENT, "value");
            expect(
                set(options, bad_utf8(), c"v".as_ptr()),
                INVALID_UTF8,
                "name",
            );
            expect(
                set(options, c"n".as_ptr(), bad_utf8()),
                INVALID_UTF8,
                "value",
            );
        }

        expect(
            oss_get_options_set_expires(null_mut(), 60),
            NULL_ARGUMENT,
            "options",
        );
        ok(oss_get_options_set_expires(options, 1));
        ok(oss_get_options_set_expires(options, 604_800));
        expect(
            oss_get_options_set_expiration(null_mut(), 0),
            NULL_ARGUMENT,
            "options",
        );
        expect(
            oss_get_options_set_signing_time(null_mut(), 0),
            NULL_ARGUMENT,
            "options",
        );
        expect(
            oss_get_options_set_traffic_limit(null_mut(), 819_200),
            NULL_ARGUMENT,
            "options",
        );
        ok(oss_get_options_set_traffic_limit(options, 838_860_800));

        // A parameter may appear once.
        ok(oss_get_options_add_query(
            options,
            c"a".as_ptr(),
            c"".as_ptr(),
        ));
        expect(
            oss_get_options_add_query(options, c"a".as_ptr(), c"2".as_ptr()),
            INVALID_QUERY,
            "query name",
        );

        // A header may be added once, in any case.
        ok(oss_get_options_add_header(
            options,
            c"Content-Type".as_ptr(),
            c"text/plain".as_ptr(),
        ));
        expect(
            oss_get_options_add_header(options, c"content-type".as_ptr(), c"x".as_ptr()),
            INVALID_HEADER,
            "header name",
        );
        oss_get_options_free(options);
        oss_get_options_free(null_mut());
    }
}

#[test]
fn presign_rejects_null_utf8_and_bad_values() {
    let client = new_client("oss-cn-hangzhou.aliyuncs.com");
    let options = new_options();
    // SAFETY: every pointer is valid, NULL or a live handle.
    unsafe {
        let mut url: *mut c_char = sentinel();
        let mut request: *mut oss_presigned_request = sentinel();
        let (bucket, key) = (c"bucket".as_ptr(), c"key".as_ptr());
        expect(
            oss_presign_get(null(), bucket, key, options, &mut url),
            NULL_ARGUMENT,
            "client",
        );
        expect(
            oss_presign_get(client, null(), key, options, &mut url),
            NULL_ARGUMENT,
            "bucket",
        );
        expect(
            oss_presign_get(client, bucket, null(), options, &mut url),
            NULL_ARGUMENT,
            "key",
        );
        expect(
            oss_presign_get(client, bucket, key, options, null_mut()),
            NULL_ARGUMENT,
            "url_out",
        );
        expect(
            oss_presign_get(client, bad_utf8(), key, options, &mut url),
            INVALID_UTF8,
            "bucket",
        );
        expect(
            oss_presign_get(client, bucket, bad_utf8(), options, &mut url),
            INVALID_UTF8,
            "key",
        );
        expect(
            oss_presign_get_request(null(), bucket, key, options, &mut request),
            NULL_ARGUMENT,
            "client",
        );
        expect(
            oss_presign_get_request(client, null(), key, options, &mut request),
            NULL_ARGUMENT,
            "bucket",
        );
        expect(
            oss_presign_get_request(client, bucket, null(), options, &mut request),
            NULL_ARGUMENT,
            "key",
        );
        expect(
            oss_presign_get_request(client, bucket, key, options, null_mut()),
            NULL_ARGUMENT,
            "request_out",
        );
        expect(
            oss_presign_get_request(client, bad_utf8(), key, options, &mut request),
            INVALID_UTF8,
            "bucket",
        );
        expect(
            oss_presign_get_request(client, bucket, bad_utf8(), options, &mut request),
            INVALID_UTF8,
            "key",
        );
        assert_eq!(url, sentinel());
        assert_eq!(request, sentinel());
    }

    // The longest key OSS accepts (longer ones are rows of the table).
    assert!(presign_url(client, "bucket", &"k".repeat(1023), options).is_ok());

    // Absolute expiration: in the past, equal to, or more than 7 days after
    // the signing time.
    // SAFETY: live options.
    unsafe { ok(oss_get_options_set_signing_time(options, 1_704_164_645)) };
    for expiration in [1_704_164_644, 1_704_164_645, 1_704_164_645 + 604_801] {
        // SAFETY: live options.
        unsafe { ok(oss_get_options_set_expiration(options, expiration)) };
        let (code, message) = presign_url(client, "bucket", "k", options).unwrap_err();
        assert_eq!(code, INVALID_EXPIRATION, "{message}");
        assert!(message.starts_with("expiration"), "{message}");
    }
    // SAFETY: live handles.
    unsafe {
        ok(oss_get_options_set_expiration(
            options,
            1_704_164_645 + 604_800,
        ));
        oss_get_options_free(options);
        oss_client_free(client);
    }
}

/// A Rust client of `ak`/`secret` and options signing at vector G1's time
/// for its lifetime.
fn rust_at_g1(secret: &str) -> (oss_presign::Client, oss_presign::GetOptions) {
    let client = oss_presign::Client::new(
        "oss-cn-hangzhou.aliyuncs.com",
        "cn-hangzhou",
        oss_presign::Credentials::new("ak", secret).unwrap(),
    )
    .unwrap();
    let mut options = oss_presign::GetOptions::new();
    options
        .signing_time(1_704_164_645)
        .unwrap()
        .expires(3600)
        .unwrap();
    (client, options)
}

/// Vector G1 through the C ABI: the URL carries the signature Alibaba's SDK
/// produced, and equals the Rust API's URL byte for byte.
#[test]
fn presign_through_the_c_abi_matches_vector_g1_and_the_rust_api() {
    let client = new_client_with_secret("oss-cn-hangzhou.aliyuncs.com", "sk");
    let options = new_options();
    // SAFETY: live handles and valid strings/out-pointers throughout.
    unsafe {
        ok(oss_get_options_set_signing_time(options, 1_704_164_645));
        ok(oss_get_options_set_expires(options, 3600));
    }
    let url = presign_url(client, "examplebucket", "exampleobject.txt", options).unwrap();
    assert_eq!(
        url,
        "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/exampleobject.txt?\
         x-oss-credential=ak%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request\
         &x-oss-date=20240102T030405Z&x-oss-expires=3600\
         &x-oss-signature-version=OSS4-HMAC-SHA256\
         &x-oss-signature=0e8a63b97cdaf20d0510524d7cdb6ab454c19d5bd18535fef162617d34682898"
    );

    let (rust, rust_options) = rust_at_g1(SECRET);
    // Another secret: the C URL must still equal the Rust API's byte for byte.
    let rust_url = rust
        .presign_get("examplebucket", "exampleobject.txt", &rust_options)
        .unwrap();
    let c_client = new_client("oss-cn-hangzhou.aliyuncs.com");
    assert_eq!(
        presign_url(c_client, "examplebucket", "exampleobject.txt", options).unwrap(),
        rust_url.url()
    );
    // SAFETY: live handles, freed once.
    unsafe {
        oss_client_free(c_client);
        oss_client_free(client);
        oss_get_options_free(options);
    }
}

/// Vector HD1 (G1's inputs as a HEAD, signed by Alibaba's SDK) through
/// both HEAD exports: the same URL, the method `"HEAD"`, and the Rust API's
/// URL; NULL and bad arguments refused with the output untouched.
#[test]
fn presign_head_through_the_c_abi_matches_vector_hd1() {
    let client = new_client_with_secret("oss-cn-hangzhou.aliyuncs.com", "sk");
    let options = new_options();
    let hd1 = "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/exampleobject.txt?\
         x-oss-credential=ak%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request\
         &x-oss-date=20240102T030405Z&x-oss-expires=3600\
         &x-oss-signature-version=OSS4-HMAC-SHA256\
         &x-oss-signature=2096eb3bc41fec711b66afd813b027f2c66629c9553f4942fc6cb0dc9d47419a";
    let (bucket, key) = (c"examplebucket".as_ptr(), c"exampleobject.txt".as_ptr());
    // SAFETY: live handles and valid strings/out-pointers throughout; each
    // result freed once.
    unsafe {
        ok(oss_get_options_set_signing_time(options, 1_704_164_645));
        ok(oss_get_options_set_expires(options, 3600));
        let mut url = null_mut();
        ok(oss_presign_head(client, bucket, key, options, &mut url));
        assert_eq!(CStr::from_ptr(url).to_str().unwrap(), hd1);
        oss_string_free(url);
        let mut request = null_mut();
        ok(oss_presign_head_request(
            client,
            bucket,
            key,
            options,
            &mut request,
        ));
        assert_eq!(
            CStr::from_ptr(oss_presigned_request_url(request))
                .to_str()
                .unwrap(),
            hd1
        );
        assert_eq!(
            CStr::from_ptr(oss_presigned_request_method(request)),
            c"HEAD"
        );
        oss_presigned_request_free(request);

        let (mut url, mut request) = (sentinel(), sentinel());
        expect(
            oss_presign_head(null(), bucket, key, options, &mut url),
            NULL_ARGUMENT,
            "client",
        );
        expect(
            oss_presign_head(client, bad_utf8(), key, options, &mut url),
            INVALID_UTF8,
            "bucket",
        );
        expect(
            oss_presign_head(client, bucket, key, options, null_mut()),
            NULL_ARGUMENT,
            "url_out",
        );
        expect(
            oss_presign_head_request(client, bucket, null(), options, &mut request),
            NULL_ARGUMENT,
            "key",
        );
        expect(
            oss_presign_head_request(client, bucket, bad_utf8(), options, &mut request),
            INVALID_UTF8,
            "key",
        );
        expect(
            oss_presign_head_request(client, bucket, key, options, null_mut()),
            NULL_ARGUMENT,
            "request_out",
        );
        assert!(url == sentinel() && request == sentinel());
        oss_get_options_free(options);
        oss_client_free(client);
    }
    let (rust, rust_options) = rust_at_g1("sk");
    let head = rust
        .presign_head("examplebucket", "exampleobject.txt", &rust_options)
        .unwrap();
    assert_eq!(
        (head.url(), head.method()),
        (hd1, oss_presign::Method::Head)
    );
}

#[test]
fn presigned_request_accessors() {
    let client = new_client("oss-cn-hangzhou.aliyuncs.com");
    let options = new_options();
    // SAFETY: live handles and valid pointers throughout.
    unsafe {
        ok(oss_get_options_set_signing_time(options, 1_704_164_645));
        ok(oss_get_options_set_expires(options, 60));
        ok(oss_get_options_add_header(
            options,
            c"X-Oss-Meta-A".as_ptr(),
            c" 1 ".as_ptr(),
        ));
        ok(oss_get_options_add_header(
            options,
            c"Content-Type".as_ptr(),
            c"text/plain".as_ptr(),
        ));
        let mut request = null_mut();
        ok(oss_presign_get_request(
            client,
            c"bucket".as_ptr(),
            c"k".as_ptr(),
            options,
            &mut request,
        ));
        // The request outlives the client and options.
        oss_client_free(client);
        oss_get_options_free(options);

        let url = CStr::from_ptr(oss_presigned_request_url(request))
            .to_str()
            .unwrap();
        assert!(url.starts_with("https://bucket.oss-cn-hangzhou.aliyuncs.com/k?"));
        assert!(
            !url.contains("x-oss-additional-headers"),
            "default-signed only: {url}"
        );
        assert_eq!(
            CStr::from_ptr(oss_presigned_request_method(request)).to_bytes(),
            b"GET"
        );
        assert_eq!(oss_presigned_request_signing_time(request), 1_704_164_645);
        assert_eq!(
            oss_presigned_request_expiration(request),
            1_704_164_645 + 60
        );
        assert_eq!(oss_presigned_request_header_count(request), 2);
        let mut headers = vec![];
        for index in 0..2 {
            let (mut name, mut value) = (null(), null());
            ok(oss_presigned_request_header(
                request, index, &mut name, &mut value,
            ));
            headers.push((
                CStr::from_ptr(name).to_str().unwrap().to_owned(),
                CStr::from_ptr(value).to_str().unwrap().to_owned(),
            ));
        }
        assert_eq!(
            headers,
            [
                ("Content-Type".into(), "text/plain".into()),
                ("X-Oss-Meta-A".into(), "1".into())
            ]
        );

        let (mut name, mut value): (*const c_char, *const c_char) = (sentinel(), sentinel());
        expect(
            oss_presigned_request_header(request, 2, &mut name, &mut value),
            INVALID_ARGUMENT,
            "index",
        );
        expect(
            oss_presigned_request_header(null(), 0, &mut name, &mut value),
            NULL_ARGUMENT,
            "request",
        );
        expect(
            oss_presigned_request_header(request, 0, null_mut(), &mut value),
            NULL_ARGUMENT,
            "name_out",
        );
        expect(
            oss_presigned_request_header(request, 0, &mut name, null_mut()),
            NULL_ARGUMENT,
            "value_out",
        );
        assert_eq!(
            (name, value),
            (
                sentinel::<c_char>().cast_const(),
                sentinel::<c_char>().cast_const()
            )
        );

        assert!(oss_presigned_request_url(null()).is_null());
        assert!(oss_presigned_request_method(null()).is_null());
        assert_eq!(oss_presigned_request_signing_time(null()), 0);
        assert_eq!(oss_presigned_request_expiration(null()), 0);
        assert_eq!(oss_presigned_request_header_count(null()), 0);
        oss_presigned_request_free(request);
        oss_presigned_request_free(null_mut());
        oss_string_free(null_mut());
    }
}

#[test]
fn unsigned_by_default_headers_become_additional_headers() {
    let client = new_client("oss-cn-hangzhou.aliyuncs.com");
    let options = new_options();
    // SAFETY: live handles and valid pointers.
    unsafe {
        ok(oss_get_options_add_header(
            options,
            c"Range".as_ptr(),
            c"bytes=0-9".as_ptr(),
        ));
        ok(oss_get_options_add_header(
            options,
            c"Content-Disposition".as_ptr(),
            c"inline".as_ptr(),
        ));
    }
    let url = presign_url(client, "bucket", "k", options).unwrap();
    assert!(
        url.contains("x-oss-additional-headers=content-disposition%3Brange&"),
        "{url}"
    );
    // SAFETY: live handles, freed once.
    unsafe {
        oss_get_options_free(options);
        oss_client_free(client);
    }
}

#[test]
fn null_options_sign_now_for_900_seconds() {
    let client = new_client("oss-cn-hangzhou.aliyuncs.com");
    let mut request = null_mut();
    // SAFETY: live client, valid strings and out-pointer.
    unsafe {
        ok(oss_presign_get_request(
            client,
            c"bucket".as_ptr(),
            c"k".as_ptr(),
            null(),
            &mut request,
        ));
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let signed = oss_presigned_request_signing_time(request);
        assert!((now - 5..=now + 5).contains(&signed), "{signed} vs {now}");
        assert_eq!(oss_presigned_request_expiration(request), signed + 900);
        assert_eq!(oss_presigned_request_header_count(request), 0);
        oss_presigned_request_free(request);
        oss_client_free(client);
    }
}

#[test]
fn one_client_and_options_serve_many_threads() {
    let client = new_client("oss-cn-hangzhou.aliyuncs.com") as usize;
    let options = new_options();
    // SAFETY: live options.
    unsafe { ok(oss_get_options_set_signing_time(options, 1_704_164_645)) };
    let options = options as usize;
    let expected = presign_url(
        client as *const _,
        "bucket",
        "子/🚀 a+b",
        options as *const _,
    )
    .unwrap();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let expected = &expected;
            scope.spawn(move || {
                for _ in 0..500 {
                    let url = presign_url(
                        client as *const _,
                        "bucket",
                        "子/🚀 a+b",
                        options as *const _,
                    )
                    .unwrap();
                    assert_eq!(&url, expected);
                }
            });
        }
    });
    // SAFETY: all threads have returned; freed once.
    unsafe {
        oss_get_options_free(options as *mut _);
        oss_client_free(client as *mut _);
    }
}

#[test]
fn version_and_error_accessors() {
    // SAFETY: static string; NULL error allowed.
    unsafe {
        assert_eq!(
            CStr::from_ptr(oss_version()).to_str().unwrap(),
            env!("CARGO_PKG_VERSION")
        );
        assert_eq!(oss_error_code(null()), OK);
        assert_eq!(CStr::from_ptr(oss_error_message(null())).to_bytes(), b"");
        oss_error_free(null_mut());
    }
}

/// `MAX_URL_BYTES + 1` bytes that are not UTF-8 and hold no NUL, and
/// nothing readable after them: outside Miri, the next page is mapped
/// without access, so reading one byte further crashes; under Miri, the
/// allocation ends there, so reading further is reported.
struct UnterminatedUrl {
    #[cfg(not(miri))]
    mapping: (*mut libc::c_void, usize),
    #[cfg(not(miri))]
    start: *const c_char,
    #[cfg(miri)]
    bytes: Box<[u8]>,
}

impl UnterminatedUrl {
    const LEN: usize = oss_presign::limits::MAX_URL_BYTES + 1;

    #[cfg(not(miri))]
    fn new() -> Self {
        // SAFETY: an anonymous private mapping of whole pages, of which the
        // last is made inaccessible; the bytes written are within the rest.
        unsafe {
            let page = usize::try_from(libc::sysconf(libc::_SC_PAGESIZE)).unwrap();
            let size = (Self::LEN.div_ceil(page) + 1) * page;
            let base = libc::mmap(
                null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            assert_ne!(base, libc::MAP_FAILED);
            let guard = base.cast::<u8>().add(size - page);
            assert_eq!(libc::mprotect(guard.cast(), page, libc::PROT_NONE), 0);
            let start = guard.sub(Self::LEN);
            start.write_bytes(0xff, Self::LEN);
            UnterminatedUrl {
                mapping: (base, size),
                start: start.cast(),
            }
        }
    }

    #[cfg(miri)]
    fn new() -> Self {
        UnterminatedUrl {
            bytes: vec![0xff; Self::LEN].into_boxed_slice(),
        }
    }

    /// The first byte.
    fn start(&self) -> *const c_char {
        #[cfg(not(miri))]
        return self.start;
        #[cfg(miri)]
        return self.bytes.as_ptr().cast();
    }
}

#[cfg(not(miri))]
impl Drop for UnterminatedUrl {
    fn drop(&mut self) {
        let (base, size) = self.mapping;
        // SAFETY: the mapping made in `new`, unmapped once.
        assert_eq!(unsafe { libc::munmap(base, size) }, 0);
    }
}

/// A URL longer than `OSS_MAX_URL_BYTES` is refused from its first
/// `OSS_MAX_URL_BYTES + 1` bytes, as over its bound: the rest is never read,
/// so neither found not to be UTF-8 nor scanned for its end.
#[test]
fn urls_over_the_bound_are_refused_without_being_read() {
    use oss_presign::ffi::url_info::{oss_client_inspect_url, oss_client_verify_url};
    let url = UnterminatedUrl::new();
    let client = new_client("oss-cn-hangzhou.aliyuncs.com");
    let mut info = sentinel();
    // SAFETY: live handles; `url.start()` is readable up to the bound and one
    // byte past it, which is all the library may read.
    unsafe {
        expect(
            oss_client_inspect_url(client, url.start(), &mut info),
            oss_code::LimitExceeded,
            "url",
        );
        assert_eq!(info, sentinel());
        expect(
            oss_client_verify_url(client, url.start(), null(), null(), 0, 0),
            oss_code::LimitExceeded,
            "url",
        );
        oss_client_free(client);
    }
    // One byte less, NUL-terminated: within the bound, read whole.
    let mut within = vec![0xff_u8; UnterminatedUrl::LEN];
    *within.last_mut().unwrap() = 0;
    let client = new_client("oss-cn-hangzhou.aliyuncs.com");
    // SAFETY: a live client and a NUL-terminated string.
    unsafe {
        expect(
            oss_client_inspect_url(client, within.as_ptr().cast(), &mut info),
            INVALID_UTF8,
            "url",
        );
        oss_client_free(client);
    }
}
