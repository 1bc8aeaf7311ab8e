//! No heap block is freed while it still holds a secret or a token.
//!
//! A global allocator looks at every block this thread frees while a check
//! runs and records whether it still contains the secret or the token that
//! the check used (the token as given and as a URL carries it). The library
//! wipes its copies before freeing them, so none should be found: also the
//! copies a presigned URL, a presigned request (with its diagnostics), a
//! batch and a URL read back hold, which carry the token. (The environment strings belong to libc, which
//! never hands them to this allocator.) A test binary of its own: it changes
//! process-wide variables, and it has one test, so nothing runs concurrently.

#![allow(unsafe_code)] // a global allocator that reads the blocks it frees

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ffi::{CString, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::ptr::{null, null_mut};

use oss_presign::ffi::batch::{oss_presign_batch_free, oss_presign_get_batch};
use oss_presign::ffi::client::{oss_client_free, oss_client_new, oss_client_new_from_config};
use oss_presign::ffi::client_config::{
    oss_client_config_free, oss_client_config_new, oss_client_config_set_credentials_from_env,
};
use oss_presign::ffi::error::{oss_code, oss_error_code, oss_error_free};
use oss_presign::ffi::get_options::{
    oss_get_options_free, oss_get_options_new, oss_get_options_set_diagnostics,
    oss_get_options_set_signing_time,
};
use oss_presign::ffi::presign::{oss_presign_get, oss_presign_get_request};
use oss_presign::ffi::presigned_request::oss_presigned_request_free;
use oss_presign::ffi::service_error::{oss_service_error_free, oss_service_error_parse};
use oss_presign::ffi::signing_key::oss_derive_signing_key;
use oss_presign::ffi::strings::oss_string_free;
use oss_presign::ffi::url_info::{
    oss_client_inspect_url, oss_client_verify_url, oss_url_info_free,
};
use oss_presign::{Client, Credentials, GetOptions, ServiceError};

const SECRET: &[u8] = b"Wipe-Me-Secret-7b1d0c";
/// An STS token has `+`, `/` and `=`, which a URL carries percent-encoded.
const TOKEN: &[u8] = b"Wipe+Me/Token=4e9a62";
const ENCODED_TOKEN: &[u8] = b"Wipe%2BMe%2FToken%3D4e9a62";
/// 2024-01-02T03:04:05Z.
const T: i64 = 1_704_164_645;

struct ScanningAllocator;

thread_local! {
    /// The texts frees on this thread are scanned for (none: no scan), and
    /// how many freed blocks held one of them.
    static SCAN: Cell<(&'static [&'static [u8]], u32)> = const { Cell::new((&[], 0)) };
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

// SAFETY: forwards every call to the system allocator unchanged; the scan
// only reads the block being freed, which is still allocated.
unsafe impl GlobalAlloc for ScanningAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = SCAN.try_with(|scan| {
            let (needles, found) = scan.get();
            if !needles.is_empty() {
                // SAFETY: `ptr` is a live block of `layout.size()` bytes.
                let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
                if needles.iter().any(|needle| contains(block, needle)) {
                    scan.set((needles, found + 1));
                }
            }
        });
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: ScanningAllocator = ScanningAllocator;

/// How many blocks `f` freed with one of `needles` still in them.
fn unwiped_frees(needles: &'static [&'static [u8]], f: impl FnOnce()) -> u32 {
    SCAN.with(|scan| scan.set((needles, 0)));
    f();
    SCAN.with(|scan| {
        let (_, found) = scan.get();
        scan.set((&[], 0));
        found
    })
}

/// Reading credentials must leave no copy of the secret or the token.
const SECRET_AND_TOKEN: &[&[u8]] = &[SECRET, TOKEN];
/// The signing key of vector G1 ("sk", 20240102, cn-hangzhou, oss), as hex.
const G1_KEY_HEX: &[&[u8]] = &[b"13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a"];

/// A presign writes the token into the URL (that is how STS works): every
/// URL, request, batch and URL read back that holds it is wiped when freed.
const SECRET_AND_TOKENS: &[&[u8]] = &[SECRET, TOKEN, ENCODED_TOKEN];

fn set(name: &str, value: &[u8]) {
    // SAFETY: this binary has a single test and no other thread reads the
    // environment while it runs.
    unsafe { std::env::set_var(name, OsStr::from_bytes(value)) };
}

#[test]
fn secrets_are_wiped_before_their_memory_is_freed() {
    let secret = std::str::from_utf8(SECRET).unwrap();
    let token = std::str::from_utf8(TOKEN).unwrap();
    set("OSS_ACCESS_KEY_ID", b"ak");
    set("OSS_ACCESS_KEY_SECRET", SECRET);
    set("OSS_SESSION_TOKEN", TOKEN);

    // The environment, read by the Rust API and by the C ABI.
    assert_eq!(
        unwiped_frees(SECRET_AND_TOKEN, || drop(Credentials::from_env().unwrap())),
        0,
        "Credentials::from_env"
    );
    assert_eq!(
        unwiped_frees(SECRET_AND_TOKEN, || {
            let mut config = null_mut();
            // SAFETY: valid strings and out-pointers; every handle is freed once.
            unsafe {
                oss_error_free(oss_client_config_new(
                    c"example.com".as_ptr(),
                    c"cn-hangzhou".as_ptr(),
                    &mut config,
                ));
                oss_error_free(oss_client_config_set_credentials_from_env(config));
                let mut client = null_mut();
                oss_error_free(oss_client_new_from_config(config, &mut client));
                assert!(!client.is_null());
                oss_client_config_free(config);
                oss_client_free(client);
            }
        }),
        0,
        "oss_client_config_set_credentials_from_env"
    );

    // A variable that is not UTF-8 is refused (as INVALID_UTF8) and wiped.
    let mut not_utf8 = SECRET.to_vec();
    not_utf8.push(0xff);
    set("OSS_ACCESS_KEY_SECRET", &not_utf8);
    assert_eq!(
        unwiped_frees(SECRET_AND_TOKEN, || {
            let mut config = null_mut();
            // SAFETY: as above.
            unsafe {
                oss_error_free(oss_client_config_new(
                    c"example.com".as_ptr(),
                    c"cn-hangzhou".as_ptr(),
                    &mut config,
                ));
                let error = oss_client_config_set_credentials_from_env(config);
                assert_eq!(oss_error_code(error), oss_code::InvalidUtf8);
                oss_error_free(error);
                oss_client_config_free(config);
            }
        }),
        0,
        "a secret that is not UTF-8"
    );

    // A client's whole life: built, presigning (the day key derived and
    // cached), dropped; and every result that holds the token.
    assert_eq!(
        unwiped_frees(SECRET_AND_TOKENS, || {
            let credentials = Credentials::new("ak", secret)
                .unwrap()
                .with_security_token(token)
                .unwrap();
            let client = Client::new("example.com", "cn-hangzhou", credentials).unwrap();
            let mut options = GetOptions::new();
            options.signing_time(T).unwrap();
            for _ in 0..2 {
                client.presign_get("bucket", "k", &options).unwrap();
            }
            let presigned = client
                .presign_get("bucket", "k", options.diagnostics(true))
                .unwrap();
            let info = client.inspect_url(presigned.url()).unwrap();
            assert!(info.has_security_token());
            client.verify_url(presigned.url(), &[], T).unwrap();
            let other = Client::new(
                "example.com",
                "cn-hangzhou",
                Credentials::new("ak", "x").unwrap(),
            );
            assert!(other.unwrap().verify_url(presigned.url(), &[], T).is_err());
            let batch = client
                .presign_get_batch("bucket", &["a", "b"], &options)
                .unwrap();
            assert!(batch.iter().all(Result::is_ok));
        }),
        0,
        "a Rust client, its presigned request and diagnostics, a URL read back, a batch"
    );
    assert_eq!(
        unwiped_frees(SECRET_AND_TOKENS, || {
            let (secret, token) = (CString::new(SECRET).unwrap(), CString::new(TOKEN).unwrap());
            let mut client = null_mut();
            let mut url = null_mut();
            // SAFETY: valid strings and out-pointers; freed once.
            unsafe {
                oss_error_free(oss_client_new(
                    c"example.com".as_ptr(),
                    c"cn-hangzhou".as_ptr(),
                    c"ak".as_ptr(),
                    secret.as_ptr(),
                    token.as_ptr(),
                    &mut client,
                ));
                let (bucket, key) = (c"bucket".as_ptr(), c"k".as_ptr());
                let options = oss_get_options_new();
                oss_error_free(oss_get_options_set_signing_time(options, T));
                oss_error_free(oss_get_options_set_diagnostics(options, true));
                oss_error_free(oss_presign_get(client, bucket, key, options, &mut url));
                assert!(!url.is_null());
                let mut info = null_mut();
                oss_error_free(oss_client_inspect_url(client, url, &mut info));
                assert!(!info.is_null());
                oss_url_info_free(info);
                let valid = oss_client_verify_url(client, url, null(), null(), 0, T);
                assert!(valid.is_null());
                oss_string_free(url);
                let mut request = null_mut();
                oss_error_free(oss_presign_get_request(
                    client,
                    bucket,
                    key,
                    options,
                    &mut request,
                ));
                assert!(!request.is_null());
                oss_presigned_request_free(request);
                let keys = [c"a".as_ptr(), c"b".as_ptr()];
                let mut batch = null_mut();
                oss_error_free(oss_presign_get_batch(
                    client,
                    bucket,
                    keys.as_ptr(),
                    keys.len(),
                    options,
                    &mut batch,
                ));
                assert!(!batch.is_null());
                oss_presign_batch_free(batch);
                oss_get_options_free(options);
                oss_client_free(client);
            }
            // The caller's own copies are the caller's to wipe.
            std::mem::forget((secret, token));
        }),
        0,
        "a C client: a URL read back and freed, a request with diagnostics, a batch"
    );

    // An OSS error body echoes the request: its canonical request holds the
    // token. Read by the Rust API and by the C ABI, then freed.
    let body = format!(
        "<Error><Code>SignatureDoesNotMatch</Code><RequestId>1</RequestId>\
         <CanonicalRequest>GET\n/bucket/k\nx-oss-security-token={}\n\n\nUNSIGNED-PAYLOAD\
         </CanonicalRequest><Note>{}</Note></Error>",
        std::str::from_utf8(ENCODED_TOKEN).unwrap(),
        token
    );
    let broken = body.replace("</Note>", "&bad;</Note>");
    assert_eq!(
        unwiped_frees(SECRET_AND_TOKENS, || {
            let error = ServiceError::parse(body.as_bytes()).unwrap();
            assert!(error.field("CanonicalRequest").is_some());
            drop(error.clone());
            // A body refused half-way, its token already unescaped.
            assert!(ServiceError::parse(broken.as_bytes()).is_err());
            // SAFETY: valid bytes and out-pointer; freed once.
            unsafe {
                let mut parsed = null_mut();
                let error = oss_service_error_parse(body.as_ptr().cast(), body.len(), &mut parsed);
                assert!(error.is_null() && !parsed.is_null());
                oss_service_error_free(parsed);
            }
        }),
        0,
        "ServiceError::parse and oss_service_error_parse"
    );
    drop((body, broken));

    // A URL that repeats its signature is refused; the repeated value is
    // wiped.
    let client = Client::new(
        "example.com",
        "cn-hangzhou",
        Credentials::new("ak", "sk").unwrap(),
    )
    .unwrap();
    let mut options = GetOptions::new();
    options.signing_time(T).unwrap();
    let url = client.presign_get_url("bucket", "k", &options).unwrap();
    let repeated = format!(
        "{url}&x-oss-signature={}",
        std::str::from_utf8(ENCODED_TOKEN).unwrap()
    );
    assert_eq!(
        unwiped_frees(SECRET_AND_TOKENS, || {
            assert!(client.inspect_url(&repeated).is_err());
        }),
        0,
        "a repeated x-oss-signature"
    );
    drop((client, url, repeated));

    // A delegated key is as secret as the secret: derived, handed out as hex,
    // freed with oss_string_free, it leaves no copy behind.
    assert_eq!(
        unwiped_frees(G1_KEY_HEX, || {
            let mut hex = null_mut();
            // SAFETY: valid strings and out-pointer; freed once.
            unsafe {
                oss_error_free(oss_derive_signing_key(
                    c"sk".as_ptr(),
                    c"20240102".as_ptr(),
                    c"cn-hangzhou".as_ptr(),
                    c"oss".as_ptr(),
                    &mut hex,
                ));
                assert!(!hex.is_null());
                oss_string_free(hex);
            }
        }),
        0,
        "oss_derive_signing_key and oss_string_free"
    );
}
