//! Batch presign: many keys of one bucket, one signing time, one snapshot
//! of the credentials, each URL exactly the one a single presign gives.

#![allow(unsafe_code)] // calls the C ABI

use std::ffi::{CStr, CString, c_char};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicBool, Ordering};

use oss_presign::ffi::batch::*;
use oss_presign::ffi::client::{oss_client_free, oss_client_new};
use oss_presign::ffi::error::{oss_code, oss_error_argument, oss_error_code, oss_error_free};
use oss_presign::ffi::get_options::{
    oss_get_options_free, oss_get_options_new, oss_get_options_set_signing_time,
};
use oss_presign::ffi::presign::oss_presign_get;
use oss_presign::ffi::strings::oss_string_free;
use oss_presign::limits::MAX_BATCH_KEYS;
use oss_presign::{Client, Credentials, ErrorKind, GetOptions};

const T: i64 = 1_704_164_645;

fn client(id: &str, secret: &str) -> Client {
    Client::new(
        "oss-cn-hangzhou.aliyuncs.com",
        "cn-hangzhou",
        Credentials::new(id, secret).unwrap(),
    )
    .unwrap()
}

fn at_t() -> GetOptions {
    let mut options = GetOptions::new();
    options.signing_time(T).unwrap().expires(600).unwrap();
    options
}

#[test]
fn each_url_is_the_single_presigns_and_a_bad_key_fails_alone() {
    let client = client("ak", "sk");
    let keys = ["a.jpg", "相册/夏天 1.jpg", "", "b c+d.png", "a/../b", "🚀"];
    let urls = client
        .presign_get_batch("examplebucket", &keys, &at_t())
        .unwrap();
    assert_eq!(urls.len(), keys.len());
    for (key, url) in keys.iter().zip(&urls) {
        match client.presign_get("examplebucket", key, &at_t()) {
            Ok(single) => assert_eq!(url.as_ref().unwrap(), single.url(), "{key}"),
            Err(single) => {
                let err = url.as_ref().unwrap_err();
                assert_eq!(
                    (err.kind(), err.argument()),
                    (single.kind(), "key"),
                    "{key}"
                );
                assert_eq!(err.kind(), ErrorKind::InvalidKey);
            }
        }
    }
    assert!(
        client
            .presign_get_batch("examplebucket", &[], &at_t())
            .unwrap()
            .is_empty()
    );
    // What fails every key fails the call.
    let err = client
        .presign_get_batch("Bad_Bucket", &keys, &at_t())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidBucket);
    let many = vec!["k"; MAX_BATCH_KEYS + 1];
    let err = client
        .presign_get_batch("examplebucket", &many, &at_t())
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.argument()),
        (ErrorKind::LimitExceeded, "count")
    );
    assert_eq!(
        client
            .presign_get_batch("examplebucket", &many[1..], &at_t())
            .unwrap()
            .len(),
        MAX_BATCH_KEYS
    );
}

#[test]
fn one_batch_signs_with_one_credential_set_while_they_rotate() {
    let sets = [("STS.one", "secret-1"), ("STS.two", "secret-2")];
    let client = client(sets[0].0, sets[0].1);
    let keys: Vec<String> = (0..50).map(|i| format!("photos/{i}.jpg")).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let expected: Vec<Vec<String>> = sets
        .iter()
        .map(|(id, secret)| {
            let fresh = crate::client(id, secret);
            keys.iter()
                .map(|k| fresh.presign_get("bucket", k, &at_t()).unwrap().into_url())
                .collect()
        })
        .collect();
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut round = 0;
            while !done.load(Ordering::Relaxed) {
                round += 1;
                let (id, secret) = sets[round % 2];
                client
                    .set_credentials(&Credentials::new(id, secret).unwrap())
                    .unwrap();
                std::thread::yield_now();
            }
        });
        for _ in 0..300 {
            let batch: Vec<String> = client
                .presign_get_batch("bucket", &keys, &at_t())
                .unwrap()
                .into_iter()
                .map(Result::unwrap)
                .collect();
            assert!(
                expected.contains(&batch),
                "a batch mixed credential sets: {:?}",
                &batch[..2]
            );
        }
        done.store(true, Ordering::Relaxed);
    });
}

fn cs(text: &str) -> CString {
    CString::new(text).unwrap()
}

#[test]
fn the_c_batch_matches_oss_presign_get_entry_by_entry() {
    let mut client = null_mut();
    let options = oss_get_options_new();
    let keys = [cs("a.jpg"), cs("/leading"), cs("子 目录/b+c.png")];
    let bad_utf8: *const c_char = c"\xff\xfe".as_ptr();
    let mut pointers: Vec<*const c_char> = keys.iter().map(|k| k.as_ptr()).collect();
    pointers.insert(1, null());
    pointers.push(bad_utf8);
    // SAFETY: valid strings, handles and out-pointers; everything freed once.
    unsafe {
        oss_error_free(oss_client_new(
            c"oss-cn-hangzhou.aliyuncs.com".as_ptr(),
            c"cn-hangzhou".as_ptr(),
            c"ak".as_ptr(),
            c"sk".as_ptr(),
            null(),
            &mut client,
        ));
        oss_error_free(oss_get_options_set_signing_time(options, T));
        let mut batch = null_mut();
        let error = oss_presign_get_batch(
            client,
            c"examplebucket".as_ptr(),
            pointers.as_ptr(),
            pointers.len(),
            options,
            &mut batch,
        );
        assert!(error.is_null());
        assert_eq!(oss_presign_batch_len(batch), 5);
        let expected: [Option<(oss_code, &CStr)>; 5] = [
            None,
            Some((oss_code::NullArgument, c"key")),
            Some((oss_code::InvalidKey, c"key")),
            None,
            Some((oss_code::InvalidUtf8, c"key")),
        ];
        for (index, expected) in expected.iter().enumerate() {
            let url = oss_presign_batch_url(batch, index);
            let error = oss_presign_batch_error(batch, index);
            match expected {
                None => {
                    assert!(error.is_null());
                    let mut single = null_mut();
                    oss_error_free(oss_presign_get(
                        client,
                        c"examplebucket".as_ptr(),
                        pointers[index],
                        options,
                        &mut single,
                    ));
                    assert_eq!(CStr::from_ptr(url), CStr::from_ptr(single));
                    oss_string_free(single);
                }
                Some((code, argument)) => {
                    assert!(url.is_null());
                    assert_eq!(oss_error_code(error), *code);
                    assert_eq!(CStr::from_ptr(oss_error_argument(error)), *argument);
                }
            }
        }
        // Past the end, and NULL: NULL from both accessors, 0 entries.
        assert!(oss_presign_batch_url(batch, 5).is_null());
        assert!(oss_presign_batch_error(batch, 5).is_null());
        assert!(oss_presign_batch_url(null(), 0).is_null());
        assert!(oss_presign_batch_error(null(), 0).is_null());
        assert_eq!(oss_presign_batch_len(null()), 0);
        oss_presign_batch_free(batch);
        oss_presign_batch_free(null_mut());

        // Count 0 with NULL keys: an empty batch. Keys NULL otherwise: refused.
        let mut empty = null_mut();
        assert!(
            oss_presign_get_batch(client, c"b-1".as_ptr(), null(), 0, null(), &mut empty).is_null()
        );
        assert_eq!(oss_presign_batch_len(empty), 0);
        oss_presign_batch_free(empty);
        let mut untouched: *mut oss_presign_batch = std::ptr::dangling_mut();
        for (error, code, argument) in [
            (
                oss_presign_get_batch(client, c"b-1".as_ptr(), null(), 2, null(), &mut untouched),
                oss_code::NullArgument,
                c"keys",
            ),
            (
                oss_presign_get_batch(
                    client,
                    c"B!".as_ptr(),
                    pointers.as_ptr(),
                    1,
                    null(),
                    &mut untouched,
                ),
                oss_code::InvalidBucket,
                c"bucket",
            ),
            (
                oss_presign_get_batch(null(), c"b-1".as_ptr(), null(), 0, null(), &mut untouched),
                oss_code::NullArgument,
                c"client",
            ),
            (
                oss_presign_get_batch(client, c"b-1".as_ptr(), null(), 0, null(), null_mut()),
                oss_code::NullArgument,
                c"batch_out",
            ),
        ] {
            assert_eq!(oss_error_code(error), code);
            assert_eq!(CStr::from_ptr(oss_error_argument(error)), argument);
            oss_error_free(error);
        }
        assert_eq!(untouched, std::ptr::dangling_mut());
        oss_get_options_free(options);
        oss_client_free(client);
    }
}
