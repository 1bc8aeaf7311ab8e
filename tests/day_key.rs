//! Presigning with a delegated day key: byte-identical to the secret within
//! the key's UTC day, refused outside it, replaceable on a live client, kept
//! across midnight when the next day's key arrives, refused by a client of
//! another region or product when its scope came with it, and never pushed
//! out of its day by a signing time window.

#![allow(unsafe_code)] // calls the C ABI

use std::ffi::{CStr, CString};
use std::ptr::{null, null_mut};

use oss_presign::ffi::client::{oss_client_free, oss_client_new, oss_client_new_from_config};
use oss_presign::ffi::client_config::{
    oss_client_config_free, oss_client_config_new, oss_client_config_set_credentials,
};
use oss_presign::ffi::error::{
    oss_code, oss_error, oss_error_argument, oss_error_code, oss_error_free,
};
use oss_presign::ffi::get_options::{
    oss_get_options_free, oss_get_options_new, oss_get_options_set_signing_time,
};
use oss_presign::ffi::presign::oss_presign_get;
use oss_presign::ffi::signing_key::*;
use oss_presign::ffi::strings::oss_string_free;
use oss_presign::signer::SigningKey;
use oss_presign::{Client, ClientBuilder, Credentials, ErrorKind, GetOptions};

const DAY_START: i64 = 1_704_153_600; // 2024-01-02T00:00:00Z
const ENDPOINT: &str = "oss-cn-hangzhou.aliyuncs.com";

fn with_secret() -> Client {
    Client::new(
        ENDPOINT,
        "cn-hangzhou",
        Credentials::new("ak", "sk").unwrap(),
    )
    .unwrap()
}

fn with_day_key(date: &str) -> Client {
    let hex = SigningKey::derive("sk", date, "cn-hangzhou", "oss")
        .unwrap()
        .to_hex();
    ClientBuilder::new(ENDPOINT, "cn-hangzhou")
        .unwrap()
        .credentials(Credentials::from_day_key("ak", &hex, date).unwrap())
        .build()
        .unwrap()
}

fn at(unix: i64) -> GetOptions {
    let mut options = GetOptions::new();
    options.signing_time(unix).unwrap();
    options
}

#[test]
fn signs_like_the_secret_within_its_day_only() {
    let (secret, delegated) = (with_secret(), with_day_key("20240102"));
    for unix in [DAY_START, DAY_START + 11_045, DAY_START + 86_399] {
        for key in ["exampleobject.txt", "相册/夏天 1.jpg"] {
            assert_eq!(
                delegated
                    .presign_get("examplebucket", key, &at(unix))
                    .unwrap(),
                secret.presign_get("examplebucket", key, &at(unix)).unwrap(),
                "{key} at {unix}"
            );
        }
    }
    for unix in [DAY_START - 1, DAY_START + 86_400, 0] {
        let err = delegated
            .presign_get("examplebucket", "k", &at(unix))
            .unwrap_err();
        assert_eq!(
            (err.kind(), err.argument()),
            (ErrorKind::SigningKeyOutOfScope, "signing_time")
        );
    }
    // The next day's key, set on the live client, takes over.
    let next = SigningKey::derive("sk", "20240103", "cn-hangzhou", "oss")
        .unwrap()
        .to_hex();
    delegated
        .set_credentials(&Credentials::from_day_key("ak", &next, "20240103").unwrap())
        .unwrap();
    let tomorrow = at(DAY_START + 86_400 + 5);
    assert_eq!(
        delegated
            .presign_get("examplebucket", "k", &tomorrow)
            .unwrap(),
        secret.presign_get("examplebucket", "k", &tomorrow).unwrap()
    );
    // Credentials and day keys replace each other.
    delegated
        .set_credentials(&Credentials::new("ak", "sk").unwrap())
        .unwrap();
    assert!(delegated.presign_get("examplebucket", "k", &at(0)).is_ok());
}

/// The key of `date` for `secret`, as an app server hands it over: with its
/// scope.
fn day_key(id: &str, secret: &str, token: &str, date: &str) -> Credentials {
    let hex = SigningKey::derive(secret, date, "cn-hangzhou", "oss")
        .unwrap()
        .to_hex();
    Credentials::from_day_key(id, &hex, &format!("{date}/cn-hangzhou/oss"))
        .unwrap()
        .with_security_token(token)
        .unwrap()
}

fn sts(id: &str, secret: &str, token: &str) -> Client {
    Client::new(
        ENDPOINT,
        "cn-hangzhou",
        Credentials::new(id, secret)
            .unwrap()
            .with_security_token(token)
            .unwrap(),
    )
    .unwrap()
}

fn out_of_scope(client: &Client, unix: i64) -> bool {
    client
        .presign_get("examplebucket", "k", &at(unix))
        .is_err_and(|e| e.kind() == ErrorKind::SigningKeyOutOfScope)
}

/// The phone holds today's key (from one STS session) and is given
/// tomorrow's (from the next) before midnight: until midnight it signs with
/// today's, from midnight with tomorrow's, each with its own key id and
/// token, and its own `verify_url` agrees.
#[test]
fn the_next_days_key_keeps_todays_until_midnight() {
    let midnight = DAY_START + 86_400; // 2024-01-03T00:00:00Z
    let (one, two) = (sts("STS.one", "s1", "t1"), sts("STS.two", "s2", "t2"));
    let phone = ClientBuilder::new(ENDPOINT, "cn-hangzhou")
        .unwrap()
        .credentials(day_key("STS.one", "s1", "t1", "20240102"))
        .build()
        .unwrap();
    assert!(out_of_scope(&phone, midnight));
    phone
        .set_credentials(&day_key("STS.two", "s2", "t2", "20240103"))
        .unwrap();
    for (unix, reference) in [
        (DAY_START, &one),
        (midnight - 1, &one),
        (midnight, &two),
        (midnight + 86_399, &two),
    ] {
        let url = phone.presign_get("examplebucket", "k", &at(unix)).unwrap();
        assert_eq!(
            url,
            reference
                .presign_get("examplebucket", "k", &at(unix))
                .unwrap(),
            "at {unix}"
        );
        assert!(phone.verify_url(url.url(), &[], unix).is_ok(), "at {unix}");
    }
    assert!(out_of_scope(&phone, DAY_START - 1));
    assert!(out_of_scope(&phone, midnight + 86_400));

    // The next midnight: the day after tomorrow's key keeps tomorrow's only.
    phone
        .set_credentials(&day_key("STS.three", "s3", "t3", "20240104"))
        .unwrap();
    assert!(out_of_scope(&phone, midnight - 1));
    assert!(
        phone
            .presign_get("examplebucket", "k", &at(midnight))
            .is_ok()
    );
    assert!(
        phone
            .presign_get("examplebucket", "k", &at(midnight + 86_400))
            .is_ok()
    );
    // A key of any other day replaces both; so do credentials.
    phone
        .set_credentials(&day_key("STS.four", "s4", "t4", "20240110"))
        .unwrap();
    assert!(out_of_scope(&phone, midnight));
    assert!(out_of_scope(&phone, midnight + 86_400));
    phone
        .set_credentials(&day_key("STS.one", "s1", "t1", "20240109"))
        .unwrap();
    phone
        .set_credentials(&Credentials::new("ak", "sk").unwrap())
        .unwrap();
    phone
        .set_credentials(&day_key("STS.two", "s2", "t2", "20240110"))
        .unwrap();
    assert!(out_of_scope(&phone, DAY_START + 7 * 86_400 + 1));
}

/// Renewing today's key (a new STS session) keeps tomorrow's, and each
/// day's expiration stays its own.
#[test]
fn each_day_keeps_its_own_session() {
    let midnight = DAY_START + 86_400;
    let phone = ClientBuilder::new(ENDPOINT, "cn-hangzhou")
        .unwrap()
        .credentials(day_key("STS.two", "s2", "t2", "20240103"))
        .build()
        .unwrap();
    phone
        .set_credentials(
            &day_key("STS.one", "s1", "t1", "20240102")
                .with_expiration(midnight - 600)
                .unwrap(),
        )
        .unwrap();
    let err = phone
        .presign_get("examplebucket", "k", &at(midnight - 300))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialsExpired);
    assert_eq!(
        phone
            .presign_get("examplebucket", "k", &at(midnight + 5))
            .unwrap(),
        sts("STS.two", "s2", "t2")
            .presign_get("examplebucket", "k", &at(midnight + 5))
            .unwrap()
    );
}

/// A key given with its scope is refused by a client of another region or
/// product (OSS would refuse its URLs while the client's own `verify_url`,
/// signing with the same key, would call them valid); on a live client the
/// refusal changes nothing.
#[test]
fn a_scoped_key_must_be_of_the_clients_region_and_product() {
    let hex = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss")
        .unwrap()
        .to_hex();
    let scoped = |scope: &str| Credentials::from_day_key("ak", &hex, scope).unwrap();
    let build = |region: &str, cloudbox: bool, credentials: Credentials| {
        let mut builder = ClientBuilder::new(ENDPOINT, region).unwrap();
        builder.credentials(credentials);
        if cloudbox {
            builder.cloudbox_id("cb-1").unwrap();
        }
        builder.build()
    };
    for (region, cloudbox, scope) in [
        ("cn-shanghai", false, "20240102/cn-hangzhou/oss"),
        ("cn-hangzhou", false, "20240102/cn-shanghai/oss"),
        ("cn-hangzhou", false, "20240102/cn-hangzhou/oss-cloudbox"),
        ("cn-hangzhou", true, "20240102/cn-hangzhou/oss"),
    ] {
        let err = build(region, cloudbox, scoped(scope)).unwrap_err();
        assert_eq!(
            (err.kind(), err.argument()),
            (ErrorKind::SigningKeyOutOfScope, "date"),
            "{region} {scope}"
        );
    }
    assert!(build("cn-hangzhou", true, scoped("20240102/cb-1/oss-cloudbox")).is_ok());
    // The right scope signs as the secret; the day alone is not checked.
    let client = build("cn-hangzhou", false, scoped("20240102/cn-hangzhou/oss")).unwrap();
    let options = at(DAY_START + 60);
    let expected = with_secret()
        .presign_get("examplebucket", "k", &options)
        .unwrap();
    assert_eq!(
        client.presign_get("examplebucket", "k", &options).unwrap(),
        expected
    );
    assert!(build("cn-shanghai", false, scoped("20240102")).is_ok());
    // A live client refuses and keeps its key.
    let err = client
        .set_credentials(&scoped("20240102/cn-shanghai/oss"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SigningKeyOutOfScope);
    assert_eq!(
        client.presign_get("examplebucket", "k", &options).unwrap(),
        expected
    );
}

/// Whatever window is accepted, a day-key presign at any instant of its day
/// signs within that day: every window divides the day.
#[test]
fn no_accepted_window_pushes_a_day_key_out_of_its_day() {
    let client = with_day_key("20240102");
    let mut accepted = 0;
    for window in 0..=86_400u64 {
        let mut options = GetOptions::new();
        if options.signing_time_window(window).is_err() {
            continue;
        }
        accepted += 1;
        for second in [0, 1, 599, 600, 3_000, 6_999, 7_000, 43_200, 86_399] {
            let now = DAY_START + second;
            let url = client
                .presign_get_at("examplebucket", "k", &options, now)
                .unwrap_or_else(|e| panic!("window {window}, +{second} s: {e}"));
            assert!((DAY_START..=now).contains(&url.signing_time()));
        }
    }
    assert_eq!(accepted, 1 + 96, "0 and the 96 divisors of a day");
}

/// A day key limits time, not permissions, and not by much: a URL signed at
/// its day's last second lives until 7 days after the day's end.
#[test]
fn a_day_keys_url_may_live_seven_days_past_its_day() {
    let client = with_day_key("20240102");
    let mut options = at(DAY_START + 86_399);
    options.expires(604_800).unwrap();
    let url = client.presign_get("examplebucket", "k", &options).unwrap();
    assert_eq!(url.expiration(), DAY_START + 86_400 + 7 * 86_400 - 1);
    // Any bucket, any key, HEAD as well as GET.
    assert!(
        client
            .presign_head("another-bucket", "x/y", &options)
            .is_ok()
    );
}

#[test]
fn a_token_travels_with_the_key() {
    let hex = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss")
        .unwrap()
        .to_hex();
    let delegated = ClientBuilder::new(ENDPOINT, "cn-hangzhou")
        .unwrap()
        .credentials(
            Credentials::from_day_key("STS.ak", &hex, "20240102")
                .unwrap()
                .with_security_token("CAIS+tok/en=")
                .unwrap(),
        )
        .build()
        .unwrap();
    let sts = Client::new(
        ENDPOINT,
        "cn-hangzhou",
        Credentials::new("STS.ak", "sk")
            .unwrap()
            .with_security_token("CAIS+tok/en=")
            .unwrap(),
    )
    .unwrap();
    let options = at(DAY_START + 60);
    assert_eq!(
        delegated.presign_get("b-1", "k", &options).unwrap(),
        sts.presign_get("b-1", "k", &options).unwrap()
    );
}

fn take(error: *mut oss_error) -> Option<(oss_code, String)> {
    if error.is_null() {
        return None;
    }
    // SAFETY: a live error, freed once; its argument is static.
    unsafe {
        let argument = CStr::from_ptr(oss_error_argument(error))
            .to_string_lossy()
            .into_owned();
        let code = oss_error_code(error);
        oss_error_free(error);
        Some((code, argument))
    }
}

#[test]
fn through_the_c_abi() {
    let mut hex = null_mut();
    // SAFETY: valid strings and out-pointers; every handle freed once.
    unsafe {
        // The published intermediate of vector G1.
        assert!(
            take(oss_derive_signing_key(
                c"sk".as_ptr(),
                c"20240102".as_ptr(),
                c"cn-hangzhou".as_ptr(),
                c"oss".as_ptr(),
                &mut hex,
            ))
            .is_none()
        );
        let hex_text = CStr::from_ptr(hex).to_owned();
        assert_eq!(
            hex_text.to_str().unwrap(),
            "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a"
        );
        oss_string_free(hex);
        let mut untouched = std::ptr::dangling_mut();
        for (error, expected) in [
            (
                oss_derive_signing_key(
                    c"".as_ptr(),
                    c"20240102".as_ptr(),
                    c"r".as_ptr(),
                    c"oss".as_ptr(),
                    &mut untouched,
                ),
                (oss_code::MissingCredentials, "access_key_secret"),
            ),
            (
                oss_derive_signing_key(
                    c"sk".as_ptr(),
                    c"2024-01-02".as_ptr(),
                    c"r".as_ptr(),
                    c"oss".as_ptr(),
                    &mut untouched,
                ),
                (oss_code::InvalidSigningKey, "date"),
            ),
            (
                oss_derive_signing_key(
                    c"sk".as_ptr(),
                    c"20240102".as_ptr(),
                    c"R".as_ptr(),
                    c"oss".as_ptr(),
                    &mut untouched,
                ),
                (oss_code::InvalidRegion, "region"),
            ),
            (
                oss_derive_signing_key(
                    c"sk".as_ptr(),
                    c"20240102".as_ptr(),
                    c"r".as_ptr(),
                    null(),
                    &mut untouched,
                ),
                (oss_code::NullArgument, "product"),
            ),
            (
                oss_derive_signing_key(
                    c"sk".as_ptr(),
                    c"20240102".as_ptr(),
                    c"r".as_ptr(),
                    c"oss".as_ptr(),
                    null_mut(),
                ),
                (oss_code::NullArgument, "hex_key_out"),
            ),
        ] {
            let (code, argument) = take(error).unwrap();
            assert_eq!((code, argument.as_str()), expected);
        }
        assert_eq!(untouched, std::ptr::dangling_mut());

        // A configuration with the key presigns as one with the secret.
        let mut config = null_mut();
        assert!(
            take(oss_client_config_new(
                c"oss-cn-hangzhou.aliyuncs.com".as_ptr(),
                c"cn-hangzhou".as_ptr(),
                &mut config
            ))
            .is_none()
        );
        assert_eq!(
            take(oss_client_config_set_signing_key(
                config,
                c"ak".as_ptr(),
                c"not-hex".as_ptr(),
                c"20240102".as_ptr(),
                null()
            )),
            Some((oss_code::InvalidSigningKey, "hex_signing_key".into()))
        );
        let upper = CString::new(hex_text.to_str().unwrap().to_uppercase()).unwrap();
        assert!(
            take(oss_client_config_set_signing_key(
                config,
                c"ak".as_ptr(),
                upper.as_ptr(),
                c"20240102".as_ptr(),
                null()
            ))
            .is_none()
        );
        let mut delegated = null_mut();
        assert!(take(oss_client_new_from_config(config, &mut delegated)).is_none());
        let mut with_secret = null_mut();
        assert!(
            take(oss_client_new(
                c"oss-cn-hangzhou.aliyuncs.com".as_ptr(),
                c"cn-hangzhou".as_ptr(),
                c"ak".as_ptr(),
                c"sk".as_ptr(),
                null(),
                &mut with_secret
            ))
            .is_none()
        );
        let options = oss_get_options_new();
        let presign = |client, unix| {
            assert!(take(oss_get_options_set_signing_time(options, unix)).is_none());
            let mut url = null_mut();
            let result = take(oss_presign_get(
                client,
                c"examplebucket".as_ptr(),
                c"exampleobject.txt".as_ptr(),
                options,
                &mut url,
            ));
            let text = (!url.is_null()).then(|| CStr::from_ptr(url).to_owned());
            oss_string_free(url);
            (text, result)
        };
        assert_eq!(
            presign(delegated, 1_704_164_645).0,
            presign(with_secret, 1_704_164_645).0
        );
        assert_eq!(
            presign(delegated, DAY_START - 1).1,
            Some((oss_code::SigningKeyOutOfScope, "signing_time".into()))
        );
        // Credentials replace the key on the configuration, the last call wins.
        assert!(
            take(oss_client_config_set_credentials(
                config,
                c"ak".as_ptr(),
                c"sk".as_ptr(),
                null()
            ))
            .is_none()
        );
        let mut again = null_mut();
        assert!(take(oss_client_new_from_config(config, &mut again)).is_none());
        assert!(presign(again, DAY_START - 1).1.is_none());
        // On a live client.
        assert_eq!(
            take(oss_client_set_signing_key(
                null(),
                c"ak".as_ptr(),
                upper.as_ptr(),
                c"20240102".as_ptr(),
                null()
            )),
            Some((oss_code::NullArgument, "client".into()))
        );
        assert!(
            take(oss_client_set_signing_key(
                again,
                c"ak".as_ptr(),
                upper.as_ptr(),
                c"20240102".as_ptr(),
                null()
            ))
            .is_none()
        );
        assert_eq!(
            presign(again, DAY_START - 1).1.map(|e| e.0),
            Some(oss_code::SigningKeyOutOfScope)
        );
        assert_eq!(
            presign(again, 1_704_164_645).0,
            presign(with_secret, 1_704_164_645).0
        );
        oss_get_options_free(options);
        for client in [delegated, with_secret, again] {
            oss_client_free(client);
        }
        oss_client_config_free(config);
    }
}
