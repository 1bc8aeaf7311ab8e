//! Presigning with a delegated day key: byte-identical to the secret within
//! the key's UTC day, refused outside it, replaceable on a live client.

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
    delegated.set_credentials(&Credentials::from_day_key("ak", &next, "20240103").unwrap());
    let tomorrow = at(DAY_START + 86_400 + 5);
    assert_eq!(
        delegated
            .presign_get("examplebucket", "k", &tomorrow)
            .unwrap(),
        secret.presign_get("examplebucket", "k", &tomorrow).unwrap()
    );
    // Credentials and day keys replace each other.
    delegated.set_credentials(&Credentials::new("ak", "sk").unwrap());
    assert!(delegated.presign_get("examplebucket", "k", &at(0)).is_ok());
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
