//! Many threads presigning on one client while another rotates its
//! credentials (secrets, STS tokens and delegated day keys) and feeds it
//! server times, with the clock and with fixed times across day and year
//! boundaries: through the Rust API (with a test clock that crosses
//! midnight) and through the C ABI (the system clock and fixed times).
//!
//! Every URL must be valid for exactly one credential set, judged twice:
//! equal to the URL a fresh client of exactly one set makes for the same
//! signing time, and accepted by the `verify_url` of exactly that set's
//! client. Run under ThreadSanitizer by scripts/tsan.sh; it passes in a
//! plain `cargo test` too. No sleeps, no timing assertions.

#![allow(unsafe_code)] // calls the C ABI

#[path = "support/v4_oracle.rs"]
mod oracle;

use std::ffi::{CStr, CString, c_char};
use std::ptr::{null, null_mut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};

use oss_presign::ffi::client::*;
use oss_presign::ffi::error::*;
use oss_presign::ffi::get_options::*;
use oss_presign::ffi::presign::oss_presign_get;
use oss_presign::ffi::signing_key::oss_client_set_signing_key;
use oss_presign::ffi::strings::oss_string_free;
use oss_presign::{Client, ClientBuilder, Clock, Credentials, ErrorKind, GetOptions};

const ENDPOINT: &str = "oss-cn-hangzhou.aliyuncs.com";
const REGION: &str = "cn-hangzhou";
const BUCKET: &str = "stress-bucket";
const KEY: &str = "photos/2024 \u{590f}/a+b.jpg";
/// 2026-12-31T23:59:58Z: two seconds before a day boundary (and a server
/// time a client accepts).
const DAY_END: i64 = 1_798_761_598;
/// 1999-12-31T23:59:59Z: one second before a year (and century) boundary.
const YEAR_END: i64 = 946_684_799;
const NANOS: i64 = 1_000_000_000;
/// Presigns per thread: enough for every reader to see several rotations,
/// few enough for ThreadSanitizer's slowdown. `OSS_STRESS_PER_THREAD`
/// overrides it, e.g. for Miri (`OSS_STRESS_PER_THREAD=2 cargo +nightly miri
/// test --test stress`, minutes long, not in CI); below 100 the test checks
/// memory and races only, not that every set signed some URLs.
fn per_thread() -> usize {
    std::env::var("OSS_STRESS_PER_THREAD")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400)
}

/// A pause of the threads that loop until the readers are done (rotation,
/// clock, a system-clock reader): a yield natively, where they should race the
/// readers as hard as they can; a short sleep under Miri, whose interpreter
/// would otherwise spend nearly all its time on them.
fn pause() {
    if cfg!(miri) {
        std::thread::sleep(std::time::Duration::from_millis(1));
    } else {
        std::thread::yield_now();
    }
}

/// Every set signed some URLs: the rotation really ran under the readers.
fn assert_every_set_signed(seen: &[AtomicU64]) {
    let seen: Vec<u64> = seen.iter().map(|n| n.load(Ordering::Relaxed)).collect();
    if per_thread() >= 100 {
        assert!(seen.iter().all(|&n| n > 0), "URLs per set: {seen:?}");
    }
}

/// One credential set: (key id, secret, token). Set 3 is also handed out as
/// a delegated day key for 2026-12-31.
fn sets() -> Vec<(String, String, Option<String>)> {
    (0..4)
        .map(|i| {
            let token = (i % 2 == 1).then(|| format!("token-{i}+/="));
            (format!("STS.key{i}"), format!("secret-{i}"), token)
        })
        .collect()
}

fn credentials((id, secret, token): &(String, String, Option<String>)) -> Credentials {
    let credentials = Credentials::new(id, secret).unwrap();
    match token {
        Some(token) => credentials.with_security_token(token).unwrap(),
        None => credentials,
    }
}

fn fresh_client(set: &(String, String, Option<String>)) -> Client {
    Client::new(ENDPOINT, REGION, credentials(set)).unwrap()
}

/// Judges URLs: which set each is valid for.
struct Judge {
    references: Vec<Client>,
}

impl Judge {
    fn new() -> Self {
        Judge {
            references: sets().iter().map(fresh_client).collect(),
        }
    }

    /// Asserts `url` is valid for exactly one set; returns its index.
    fn set_of(&self, url: &str) -> usize {
        let signing_time = self.references[0]
            .inspect_url(url)
            .unwrap_or_else(|e| panic!("{url}: {e}"))
            .signing_time();
        let mut options = GetOptions::new();
        options.signing_time(signing_time).unwrap();
        let equal: Vec<usize> = (0..self.references.len())
            .filter(|&i| {
                self.references[i]
                    .presign_get(BUCKET, KEY, &options)
                    .unwrap()
                    .url()
                    == url
            })
            .collect();
        let verified: Vec<usize> = (0..self.references.len())
            .filter(|&i| {
                self.references[i]
                    .verify_url(url, &[], signing_time)
                    .is_ok()
            })
            .collect();
        assert_eq!(equal.len(), 1, "{url} equals the URLs of sets {equal:?}");
        assert_eq!(
            verified, equal,
            "{url}: verify_url and the fresh URLs disagree"
        );
        // A third opinion, independent of the library: the signature.
        let (id, secret, token) = &sets()[equal[0]];
        let expected = oracle::signature(&oracle::Presign {
            access_key_id: id,
            access_key_secret: secret,
            security_token: token.as_deref(),
            region: REGION,
            product: "oss",
            bucket: BUCKET,
            key: KEY,
            signing_time,
            expires: 900,
            query: &[],
            headers: &[],
        });
        assert_eq!(oracle::url_signature(url), Some(expected.as_str()));
        equal[0]
    }
}

/// Wall and monotonic clocks moved by a thread of the test.
struct TestClock {
    wall: AtomicI64,
    monotonic: AtomicI64,
}

impl Clock for TestClock {
    fn wall_unix_nanos(&self) -> i64 {
        self.wall.load(Ordering::Relaxed)
    }
    fn since_boot_nanos(&self) -> i64 {
        self.monotonic.load(Ordering::Relaxed)
    }
}

/// Fixed signing times around a day and a year boundary.
fn fixed_time(i: usize) -> i64 {
    [
        DAY_END,
        DAY_END + 1,
        DAY_END + 2,
        DAY_END + 3,
        YEAR_END,
        YEAR_END + 1,
    ][i % 6]
}

#[test]
fn rust_api_rotation_server_time_and_day_boundaries() {
    let sets = sets();
    let clock = Arc::new(TestClock {
        wall: AtomicI64::new(DAY_END * NANOS),
        monotonic: AtomicI64::new(0),
    });
    let client = ClientBuilder::new(ENDPOINT, REGION)
        .unwrap()
        .credentials(credentials(&sets[0]))
        .clock(clock.clone())
        .build()
        .unwrap();
    let (id3, secret3, token3) = &sets[3];
    let hex = oracle::signing_key_hex(secret3, "20261231", REGION, "oss");
    let day_key = Credentials::from_day_key(id3, &hex, "20261231")
        .unwrap()
        .with_security_token(token3.as_deref().unwrap())
        .unwrap();
    let judge = Judge::new();
    let done = AtomicBool::new(false);
    let out_of_day = AtomicU64::new(0);
    let seen: Vec<AtomicU64> = (0..4).map(|_| AtomicU64::new(0)).collect();

    std::thread::scope(|s| {
        let mut readers = Vec::new();
        for t in 0..6 {
            let (client, judge, seen, out_of_day) = (&client, &judge, &seen, &out_of_day);
            readers.push(s.spawn(move || {
                for i in 0..per_thread() {
                    let mut options = GetOptions::new();
                    // Half the threads sign with the clock, half at fixed times.
                    if t % 2 == 1 {
                        options.signing_time(fixed_time(i + t)).unwrap();
                    }
                    match client.presign_get(BUCKET, KEY, &options) {
                        Ok(request) => {
                            let set = judge.set_of(request.url());
                            seen[set].fetch_add(1, Ordering::Relaxed);
                        }
                        // Only the day key has days it cannot sign.
                        Err(e) => {
                            assert_eq!(e.kind(), ErrorKind::SigningKeyOutOfScope, "{e}");
                            out_of_day.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            }));
        }
        // Time passes across midnight, back and forth around it.
        s.spawn(|| {
            let mut step = 0i64;
            while !done.load(Ordering::Relaxed) {
                step += 1;
                let seconds = if step % 7 == 0 { -3 } else { 1 };
                clock.wall.fetch_add(seconds * NANOS, Ordering::Relaxed);
                clock.monotonic.fetch_add(NANOS, Ordering::Relaxed);
                pause();
            }
        });
        // Rotation and server times, until the readers are done.
        s.spawn(|| {
            let mut round = 0usize;
            while !done.load(Ordering::Relaxed) {
                round += 1;
                match round % 5 {
                    4 => client.set_credentials(&day_key).unwrap(),
                    r => client.set_credentials(&credentials(&sets[r % 4])).unwrap(),
                }
                if round % 3 == 0 {
                    client
                        .set_server_time([DAY_END, DAY_END + 1, DAY_END + 2][round % 3])
                        .unwrap();
                }
                pause();
            }
        });
        for reader in readers {
            reader.join().unwrap();
        }
        done.store(true, Ordering::Relaxed);
    });
    assert_every_set_signed(&seen);
    let signed: u64 = seen.iter().map(|n| n.load(Ordering::Relaxed)).sum();
    assert_eq!(
        signed + out_of_day.load(Ordering::Relaxed),
        6 * per_thread() as u64
    );
}

fn cs(text: &str) -> CString {
    CString::new(text).unwrap()
}

/// Takes an error of the C ABI: None for success, else its code.
fn code_of(error: *mut oss_error) -> Option<oss_code> {
    if error.is_null() {
        return None;
    }
    // SAFETY: a live error, freed once.
    unsafe {
        let code = oss_error_code(error);
        oss_error_free(error);
        Some(code)
    }
}

/// A `*const oss_client` shared by the test's threads.
#[derive(Clone, Copy)]
struct Shared(*const oss_client);
// SAFETY: oss_client is documented thread-safe: any number of threads may
// use one at once; it is freed after every thread has joined.
unsafe impl Send for Shared {}
// SAFETY: as above.
unsafe impl Sync for Shared {}

impl Shared {
    /// The client (a method, so that closures capture the whole `Shared`).
    fn get(&self) -> *const oss_client {
        self.0
    }
}

#[test]
fn c_abi_rotation_server_time_and_day_boundaries() {
    let sets = sets();
    let judge = Judge::new();
    let c_sets: Vec<[CString; 3]> = sets
        .iter()
        .map(|(id, secret, token)| [cs(id), cs(secret), cs(token.as_deref().unwrap_or(""))])
        .collect();
    let token_ptr = |set: &[CString; 3]| {
        if set[2].is_empty() {
            null()
        } else {
            set[2].as_ptr()
        }
    };
    let mut client = null_mut();
    let (endpoint, region) = (cs(ENDPOINT), cs(REGION));
    // SAFETY: valid strings and out-pointer.
    let created = unsafe {
        oss_client_new(
            endpoint.as_ptr(),
            region.as_ptr(),
            c_sets[0][0].as_ptr(),
            c_sets[0][1].as_ptr(),
            token_ptr(&c_sets[0]),
            &mut client,
        )
    };
    assert_eq!(code_of(created), None);
    let shared = Shared(client);
    let hex = cs(&oracle::signing_key_hex(
        &sets[3].1, "20261231", REGION, "oss",
    ));
    let date = cs("20261231");
    let done = AtomicBool::new(false);
    let seen: Vec<AtomicU64> = (0..4).map(|_| AtomicU64::new(0)).collect();

    std::thread::scope(|s| {
        let mut readers = Vec::new();
        for t in 0..4 {
            let (judge, seen) = (&judge, &seen);
            readers.push(s.spawn(move || {
                let options = oss_get_options_new();
                for i in 0..per_thread() {
                    // SAFETY: live options of this thread.
                    let set =
                        unsafe { oss_get_options_set_signing_time(options, fixed_time(i * 4 + t)) };
                    assert_eq!(code_of(set), None);
                    let mut url: *mut c_char = null_mut();
                    let (bucket, key) = (cs(BUCKET), cs(KEY));
                    // SAFETY: the shared live client, live options, valid strings.
                    let error = unsafe {
                        oss_presign_get(
                            shared.get(),
                            bucket.as_ptr(),
                            key.as_ptr(),
                            options,
                            &mut url,
                        )
                    };
                    match code_of(error) {
                        None => {
                            // SAFETY: a URL of the library, freed once.
                            let text = unsafe { CStr::from_ptr(url) }.to_str().unwrap().to_owned();
                            // SAFETY: as above; `text` is a copy.
                            unsafe { oss_string_free(url) };
                            seen[judge.set_of(&text)].fetch_add(1, Ordering::Relaxed);
                        }
                        Some(code) => assert_eq!(code, oss_code::SigningKeyOutOfScope),
                    }
                }
                // SAFETY: created above, freed once.
                unsafe { oss_get_options_free(options) };
            }));
        }
        // A reader of the system clock, corrected by the server times fed.
        s.spawn(|| {
            let (bucket, key) = (cs(BUCKET), cs(KEY));
            while !done.load(Ordering::Relaxed) {
                let mut url: *mut c_char = null_mut();
                // SAFETY: the shared live client, valid strings, NULL options.
                let error = unsafe {
                    oss_presign_get(
                        shared.get(),
                        bucket.as_ptr(),
                        key.as_ptr(),
                        null(),
                        &mut url,
                    )
                };
                if code_of(error).is_none() {
                    // SAFETY: a URL of the library, freed once.
                    unsafe { oss_string_free(url) };
                }
                // SAFETY: the shared live client.
                let _ = unsafe { oss_client_clock_offset(shared.get()) };
                pause();
            }
        });
        s.spawn(|| {
            let mut round = 0usize;
            while !done.load(Ordering::Relaxed) {
                round += 1;
                // SAFETY: the shared live client, valid strings.
                let error = unsafe {
                    match round % 5 {
                        4 => oss_client_set_signing_key(
                            shared.get(),
                            c_sets[3][0].as_ptr(),
                            hex.as_ptr(),
                            date.as_ptr(),
                            token_ptr(&c_sets[3]),
                        ),
                        r => {
                            let set = &c_sets[r % 4];
                            oss_client_set_credentials(
                                shared.get(),
                                set[0].as_ptr(),
                                set[1].as_ptr(),
                                token_ptr(set),
                                0,
                            )
                        }
                    }
                };
                assert_eq!(code_of(error), None);
                // SAFETY: the shared live client.
                let fed = unsafe {
                    oss_client_set_server_time(shared.get(), DAY_END + (round % 5) as i64)
                };
                assert_eq!(code_of(fed), None);
                pause();
            }
        });
        for reader in readers {
            reader.join().unwrap();
        }
        done.store(true, Ordering::Relaxed);
    });
    // SAFETY: every thread has joined; freed once.
    unsafe { oss_client_free(client) };
    assert_every_set_signed(&seen);
}
