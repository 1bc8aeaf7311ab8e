//! Credentials from the environment, in a test binary of its own because it
//! changes process-wide variables (one test, so nothing runs concurrently).

#![allow(unsafe_code)] // sets environment variables

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use oss_presign::{Client, Credentials, ErrorKind, GetOptions};

fn set(name: &str, value: &[u8]) {
    // SAFETY: this binary has a single test and no other thread reads the
    // environment while it runs.
    unsafe { std::env::set_var(name, OsStr::from_bytes(value)) };
}

fn unset(name: &str) {
    // SAFETY: as in `set`.
    unsafe { std::env::remove_var(name) };
}

#[test]
fn environment_credentials() {
    set("OSS_ACCESS_KEY_ID", b"env-ak");
    set("OSS_ACCESS_KEY_SECRET", b"env-sk");
    set("OSS_SESSION_TOKEN", b"tok+/=");
    let credentials = Credentials::from_env().unwrap();
    assert_eq!(credentials.access_key_id(), "env-ak");
    assert!(credentials.has_security_token());
    let client = Client::new("example.com", "cn-hangzhou", credentials).unwrap();
    let mut options = GetOptions::new();
    options.signing_time(1_704_164_645).unwrap();
    let url = client
        .presign_get("bucket", "k", &options)
        .unwrap()
        .into_url();
    assert!(url.contains("&x-oss-security-token=tok%2B%2F%3D&"), "{url}");

    // An exported but empty token means "no token".
    set("OSS_SESSION_TOKEN", b"");
    assert!(!Credentials::from_env().unwrap().has_security_token());

    // A token that is not UTF-8 must fail, not be dropped silently.
    set("OSS_SESSION_TOKEN", b"tok\xff");
    let err = Credentials::from_env().unwrap_err();
    assert_eq!(
        (err.kind(), err.argument()),
        (ErrorKind::InvalidUtf8, "OSS_SESSION_TOKEN")
    );
    unset("OSS_SESSION_TOKEN");

    set("OSS_ACCESS_KEY_SECRET", b"\xfe");
    let err = Credentials::from_env().unwrap_err();
    assert_eq!(err.argument(), "OSS_ACCESS_KEY_SECRET");
    assert_eq!(err.kind(), ErrorKind::InvalidUtf8);

    unset("OSS_ACCESS_KEY_SECRET");
    let err = Credentials::from_env().unwrap_err();
    assert_eq!(
        (err.kind(), err.argument()),
        (ErrorKind::MissingCredentials, "OSS_ACCESS_KEY_SECRET")
    );
    unset("OSS_ACCESS_KEY_ID");
    let err = Credentials::from_env().unwrap_err();
    assert_eq!(err.argument(), "OSS_ACCESS_KEY_ID");
}
