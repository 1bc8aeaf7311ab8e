//! Heap allocations per presign, counted by a global allocator.
//!
//! In steady state (the day's signing key cached) a presign allocates once:
//! the URL it returns, sized exactly; the C ABI asks for one spare byte, so
//! that it turns the URL into a C string without reallocating. Signed headers
//! add their copies only to a result that carries them. Counts are deterministic,
//! so they are asserted exactly. Only the calling thread's allocations are
//! counted: the test harness runs other tests on other threads meanwhile.

#![allow(unsafe_code)] // a counting global allocator, and calls to the C ABI

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ffi::{CString, c_char};
use std::ptr::{null, null_mut};

use oss_presign::ffi::client::{oss_client_free, oss_client_new};
use oss_presign::ffi::get_options::{
    oss_get_options_add_header, oss_get_options_free, oss_get_options_new,
    oss_get_options_set_process, oss_get_options_set_response_content_disposition,
    oss_get_options_set_signing_time, oss_get_options_set_version_id,
};
use oss_presign::ffi::oss_client;
use oss_presign::ffi::presign::oss_presign_get;
use oss_presign::ffi::strings::oss_string_free;
use oss_presign::{Client, Credentials, GetOptions};

struct CountingAllocator;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    allocs: u64,
    reallocs: u64,
    frees: u64,
}

thread_local! {
    static COUNTS: Cell<Counts> = const {
        Cell::new(Counts { allocs: 0, reallocs: 0, frees: 0 })
    };
}

fn bump(f: impl FnOnce(&mut Counts)) {
    // `try_with`: the thread-local may already be gone while a thread exits.
    let _ = COUNTS.try_with(|cell| {
        let mut counts = cell.get();
        f(&mut counts);
        cell.set(counts);
    });
}

// SAFETY: forwards every call to the system allocator unchanged.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(|c| c.allocs += 1);
        // SAFETY: the caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump(|c| c.allocs += 1);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump(|c| c.reallocs += 1);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        bump(|c| c.frees += 1);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// What `f` allocated, reallocated and freed on this thread.
fn count<R>(f: impl FnOnce() -> R) -> (R, Counts) {
    let before = COUNTS.with(Cell::get);
    let result = f();
    let after = COUNTS.with(Cell::get);
    let counts = Counts {
        allocs: after.allocs - before.allocs,
        reallocs: after.reallocs - before.reallocs,
        frees: after.frees - before.frees,
    };
    (result, counts)
}

const SIGNING_TIME: i64 = 1_704_164_645;
const ROUNDS: u64 = 50;

fn client(security_token: Option<&str>) -> Client {
    let mut credentials = Credentials::new("LTAI5tExampleKeyId", "ExampleSecret").unwrap();
    if let Some(token) = security_token {
        credentials = credentials.with_security_token(token).unwrap();
    }
    Client::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", credentials).unwrap()
}

fn fixed_time() -> GetOptions {
    let mut options = GetOptions::new();
    options.signing_time(SIGNING_TIME).unwrap();
    options
}

fn with_query_options() -> GetOptions {
    let mut options = fixed_time();
    options
        .version_id("CAEQNhiBgM0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0")
        .unwrap()
        .response_content_disposition("attachment; filename=\"report 2024.pdf\"")
        .unwrap()
        .process("image/resize,w_200/format,webp")
        .unwrap()
        .add_query("x-custom", "a b")
        .unwrap();
    options
}

const UNICODE_KEY: &str = "相册/2024年 夏天/Ünïcödé 文件 🚀+(1) %2F ~!*'();:@&=$,?#[].jpg";

/// Allocations of one steady-state `presign_get`, the result dropped.
fn rust_presign_counts(client: &Client, key: &str, options: &GetOptions) -> Counts {
    // The first presign of the day derives and caches the signing key.
    drop(client.presign_get("examplebucket", key, options).unwrap());
    let (_, total) = count(|| {
        for _ in 0..ROUNDS {
            let url = client
                .presign_get("examplebucket", key, options)
                .unwrap()
                .into_url();
            // Exactly sized.
            assert_eq!(url.capacity(), url.len());
        }
    });
    let per_presign = Counts {
        allocs: total.allocs / ROUNDS,
        reallocs: total.reallocs / ROUNDS,
        frees: total.frees / ROUNDS,
    };
    assert_eq!(total, per_presign.times(ROUNDS), "not the same every time");
    per_presign
}

impl Counts {
    fn times(self, n: u64) -> Counts {
        Counts {
            allocs: self.allocs * n,
            reallocs: self.reallocs * n,
            frees: self.frees * n,
        }
    }
}

const ONE_URL: Counts = Counts {
    allocs: 1,
    reallocs: 0,
    frees: 1,
};

#[test]
fn rust_api_allocates_only_the_url() {
    let plain = client(None);
    let sts = client(Some("CAIS+token/with=reserved&chars"));
    assert_eq!(
        rust_presign_counts(&plain, "exampleobject.txt", &fixed_time()),
        ONE_URL
    );
    assert_eq!(
        rust_presign_counts(&plain, UNICODE_KEY, &fixed_time()),
        ONE_URL
    );
    assert_eq!(
        rust_presign_counts(&plain, "exampleobject.txt", &with_query_options()),
        ONE_URL
    );
    assert_eq!(
        rust_presign_counts(&sts, "exampleobject.txt", &with_query_options()),
        ONE_URL
    );
    // Signed now (system clock): reading the clock allocates nothing.
    assert_eq!(
        rust_presign_counts(&plain, "exampleobject.txt", &GetOptions::new()),
        ONE_URL
    );
}

#[test]
fn signed_headers_add_their_copies_in_the_result() {
    let mut options = fixed_time();
    options
        .add_header("Range", "bytes=0-99")
        .unwrap()
        .add_header("x-oss-request-payer", "requester")
        .unwrap();
    // The URL, the headers vector, and a name and a value per header.
    assert_eq!(
        rust_presign_counts(&client(None), "exampleobject.txt", &options),
        Counts {
            allocs: 1 + 1 + 2 * 2,
            reallocs: 0,
            frees: 1 + 1 + 2 * 2,
        }
    );
    // Asked for the URL only, nothing but the URL.
    let client = client(None);
    let (_, counts) = count(|| {
        drop(
            client
                .presign_get_url("examplebucket", "exampleobject.txt", &options)
                .unwrap(),
        )
    });
    assert_eq!(counts, ONE_URL);
}

fn ok(error: *mut oss_presign::ffi::oss_error) {
    assert!(error.is_null(), "C call failed");
}

#[test]
fn c_abi_allocates_only_the_url_and_frees_it() {
    let s = |text: &str| CString::new(text).unwrap();
    let mut client = null_mut();
    let options = oss_get_options_new();
    let token = s("CAIS+token/with=reserved&chars");
    // SAFETY: valid NUL-terminated strings, live handles and out-pointers;
    // each URL comes from oss_presign_get and is freed once.
    unsafe {
        ok(oss_client_new(
            s("oss-cn-hangzhou.aliyuncs.com").as_ptr(),
            s("cn-hangzhou").as_ptr(),
            s("LTAI5tExampleKeyId").as_ptr(),
            s("ExampleSecret").as_ptr(),
            null(),
            &mut client,
        ));
        ok(oss_get_options_set_signing_time(options, SIGNING_TIME));

        let bucket = s("examplebucket");
        let presign = |client: *const oss_client, key: &CString, options| {
            let mut url: *mut c_char = null_mut();
            let (_, made) = count(|| {
                ok(oss_presign_get(
                    client,
                    bucket.as_ptr(),
                    key.as_ptr(),
                    options,
                    &mut url,
                ))
            });
            let (_, freed) = count(|| oss_string_free(url));
            (made, freed)
        };
        let made = Counts {
            allocs: 1,
            reallocs: 0,
            frees: 0,
        };
        let freed = Counts {
            allocs: 0,
            reallocs: 0,
            frees: 1,
        };
        for key in [s("exampleobject.txt"), s(UNICODE_KEY)] {
            presign(client, &key, options);
            for _ in 0..ROUNDS {
                assert_eq!(presign(client, &key, options), (made, freed));
                // NULL options: the defaults, signed now.
                assert_eq!(presign(client, &key, null()), (made, freed));
            }
        }
        ok(oss_get_options_set_version_id(options, s("v1").as_ptr()));
        ok(oss_get_options_set_response_content_disposition(
            options,
            s("attachment; filename=\"a b.pdf\"").as_ptr(),
        ));
        ok(oss_get_options_set_process(
            options,
            s("image/resize,w_200").as_ptr(),
        ));
        let key = s("exampleobject.txt");
        for _ in 0..ROUNDS {
            assert_eq!(presign(client, &key, options), (made, freed));
        }
        // Signed headers: the URL-only function still allocates only the URL.
        ok(oss_get_options_add_header(
            options,
            s("Range").as_ptr(),
            s("bytes=0-99").as_ptr(),
        ));
        ok(oss_get_options_add_header(
            options,
            s("Content-Type").as_ptr(),
            s("image/jpeg").as_ptr(),
        ));
        for _ in 0..ROUNDS {
            assert_eq!(presign(client, &key, options), (made, freed));
        }

        let mut sts_client = null_mut();
        ok(oss_client_new(
            s("oss-cn-hangzhou.aliyuncs.com").as_ptr(),
            s("cn-hangzhou").as_ptr(),
            s("LTAI5tExampleKeyId").as_ptr(),
            s("ExampleSecret").as_ptr(),
            token.as_ptr(),
            &mut sts_client,
        ));
        presign(sts_client, &key, options);
        for _ in 0..ROUNDS {
            assert_eq!(presign(sts_client, &key, options), (made, freed));
        }

        oss_get_options_free(options);
        oss_client_free(sts_client);
        oss_client_free(client);
    }
}
