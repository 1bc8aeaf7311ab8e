//! The soak: a bounded run (60 s by default) of presigns through the C ABI
//! on several threads sharing one client, while another thread rotates its
//! credentials and feeds it server times, and another creates, uses and
//! frees clients over and over. Memory must stay flat (the resident set,
//! sampled every second, may not grow after a warm-up) and no call may
//! fail. Every 100,000th URL is judged: equal to a fresh client's URL for
//! exactly one credential set, and signed as the independent signer says.
//!
//! Not part of `cargo test` (ignored); run it with
//!
//!   bash scripts/soak.sh [SECONDS]
//!
//! which builds it in release mode and prints the figures recorded in
//! BENCHMARKS.md.

#![allow(unsafe_code)] // calls the C ABI

#[path = "support/v4_oracle.rs"]
mod oracle;

use std::ffi::{CStr, CString, c_char};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use oss_presign::ffi::client::*;
use oss_presign::ffi::error::*;
use oss_presign::ffi::get_options::*;
use oss_presign::ffi::presign::oss_presign_get;
use oss_presign::ffi::strings::oss_string_free;
use oss_presign::{Client, Credentials, GetOptions};

const ENDPOINT: &str = "oss-cn-hangzhou.aliyuncs.com";
const REGION: &str = "cn-hangzhou";
const BUCKET: &str = "soak-bucket";
const KEY: &str = "photos/2024/\u{590f} 01.jpg";
const PRESIGN_THREADS: usize = 4;
/// Seconds before the memory baseline is taken: the allocator's arenas of
/// each thread and the first clients' memory settle in that time.
const WARM_UP_SECONDS: u64 = 5;
/// Growth of the resident set allowed after the warm-up.
const RSS_SLACK_BYTES: u64 = 4 << 20;

fn sets() -> Vec<[String; 3]> {
    (0..3)
        .map(|i| {
            [
                format!("STS.soak{i}"),
                format!("soak-secret-{i}"),
                format!("soak-token-{i}"),
            ]
        })
        .collect()
}

fn cs(text: &str) -> CString {
    CString::new(text).unwrap()
}

/// The resident set size of this process, from /proc/self/statm.
fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("Linux /proc");
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64;
    pages * page
}

/// Panics on an error of the C ABI, naming the call.
fn ok(error: *mut oss_error, call: &str) {
    if error.is_null() {
        return;
    }
    // SAFETY: a live error; the message is read before the free.
    let message = unsafe {
        let message = CStr::from_ptr(oss_error_message(error))
            .to_string_lossy()
            .into_owned();
        oss_error_free(error);
        message
    };
    panic!("{call} failed: {message}");
}

#[derive(Clone, Copy)]
struct Shared(*const oss_client);
// SAFETY: oss_client is documented thread-safe; freed after every thread joined.
unsafe impl Send for Shared {}
// SAFETY: as above.
unsafe impl Sync for Shared {}

impl Shared {
    /// The client (a method, so that closures capture the whole `Shared`).
    fn get(&self) -> *const oss_client {
        self.0
    }
}

/// Which set a URL is valid for: exactly one, by fresh URL and signature.
fn judge(references: &[Client], sets: &[[String; 3]], url: &str) {
    let info = references[0].inspect_url(url).unwrap();
    let mut options = GetOptions::new();
    options.signing_time(info.signing_time()).unwrap();
    let equal: Vec<usize> = (0..references.len())
        .filter(|&i| {
            references[i]
                .presign_get(BUCKET, KEY, &options)
                .unwrap()
                .url()
                == url
        })
        .collect();
    assert_eq!(equal.len(), 1, "{url}: sets {equal:?}");
    let [id, secret, token] = &sets[equal[0]];
    let expected = oracle::signature(&oracle::Presign {
        access_key_id: id,
        access_key_secret: secret,
        security_token: Some(token),
        region: REGION,
        product: "oss",
        bucket: BUCKET,
        key: KEY,
        signing_time: info.signing_time(),
        expires: 900,
        query: &[],
        headers: &[],
    });
    assert_eq!(oracle::url_signature(url), Some(expected.as_str()));
}

#[test]
#[ignore = "a minute long: run by scripts/soak.sh"]
fn soak() {
    let seconds: u64 = std::env::var("OSS_SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let sets = sets();
    let c_sets: Vec<[CString; 3]> = sets.iter().map(|s| s.each_ref().map(|t| cs(t))).collect();
    let references: Vec<Client> = sets
        .iter()
        .map(|[id, secret, token]| {
            let credentials = Credentials::new(id, secret)
                .unwrap()
                .with_security_token(token)
                .unwrap();
            Client::new(ENDPOINT, REGION, credentials).unwrap()
        })
        .collect();
    let (endpoint, region) = (cs(ENDPOINT), cs(REGION));
    let (bucket, key) = (cs(BUCKET), cs(KEY));
    let new_client = |set: &[CString; 3]| {
        let mut client = null_mut();
        // SAFETY: valid strings and out-pointer.
        ok(
            unsafe {
                oss_client_new(
                    endpoint.as_ptr(),
                    region.as_ptr(),
                    set[0].as_ptr(),
                    set[1].as_ptr(),
                    set[2].as_ptr(),
                    &mut client,
                )
            },
            "oss_client_new",
        );
        client
    };
    let client = new_client(&c_sets[0]);
    let shared = Shared(client);
    let stop = AtomicBool::new(false);
    let presigns = AtomicU64::new(0);
    let judged = AtomicU64::new(0);
    let clients_made = AtomicU64::new(0);
    let rotations = AtomicU64::new(0);
    let started = Instant::now();
    let mut samples: Vec<(u64, u64)> = Vec::new();

    std::thread::scope(|s| {
        for _ in 0..PRESIGN_THREADS {
            s.spawn(|| {
                let mut done = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    for _ in 0..1000 {
                        let mut url: *mut c_char = null_mut();
                        // SAFETY: the shared live client, valid strings, NULL options.
                        ok(
                            unsafe {
                                oss_presign_get(
                                    shared.get(),
                                    bucket.as_ptr(),
                                    key.as_ptr(),
                                    null(),
                                    &mut url,
                                )
                            },
                            "oss_presign_get",
                        );
                        done += 1;
                        if done % 100_000 == 0 {
                            // SAFETY: a live URL of the library.
                            let text = unsafe { CStr::from_ptr(url) }.to_str().unwrap().to_owned();
                            judge(&references, &sets, &text);
                            judged.fetch_add(1, Ordering::Relaxed);
                        }
                        // SAFETY: a URL of the library, freed once.
                        unsafe { oss_string_free(url) };
                    }
                    presigns.fetch_add(1000, Ordering::Relaxed);
                }
            });
        }
        // Rotation and server times on the shared client.
        s.spawn(|| {
            let mut round = 0usize;
            while !stop.load(Ordering::Relaxed) {
                round += 1;
                let set = &c_sets[round % c_sets.len()];
                // SAFETY: the shared live client, valid strings.
                ok(
                    unsafe {
                        oss_client_set_credentials(
                            shared.get(),
                            set[0].as_ptr(),
                            set[1].as_ptr(),
                            set[2].as_ptr(),
                            0,
                        )
                    },
                    "oss_client_set_credentials",
                );
                if round % 16 == 0 {
                    let now = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .as_secs() as i64;
                    // SAFETY: the shared live client.
                    ok(
                        unsafe { oss_client_set_server_time(shared.get(), now + 1) },
                        "oss_client_set_server_time",
                    );
                }
                rotations.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_micros(200));
            }
        });
        // Clients made, used and freed.
        s.spawn(|| {
            let options = oss_get_options_new();
            // SAFETY: live options.
            ok(
                unsafe { oss_get_options_set_expires(options, 3600) },
                "oss_get_options_set_expires",
            );
            let mut round = 0usize;
            while !stop.load(Ordering::Relaxed) {
                round += 1;
                let client = new_client(&c_sets[round % c_sets.len()]);
                let mut url: *mut c_char = null_mut();
                // SAFETY: a live client and options, valid strings; all freed once.
                unsafe {
                    ok(
                        oss_presign_get(client, bucket.as_ptr(), key.as_ptr(), options, &mut url),
                        "oss_presign_get",
                    );
                    oss_string_free(url);
                    oss_client_free(client);
                }
                clients_made.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_micros(200));
            }
            // SAFETY: created above, freed once.
            unsafe { oss_get_options_free(options) };
        });
        // The sampler: the resident set every second.
        for second in 1..=seconds {
            let next = started + Duration::from_secs(second);
            std::thread::sleep(next.saturating_duration_since(Instant::now()));
            samples.push((second, rss_bytes()));
            let (_, rss) = samples[samples.len() - 1];
            if second % 10 == 0 || second == seconds {
                eprintln!(
                    "soak: {second:>4} s  presigns {:>12}  clients {:>8}  rotations {:>8}  rss {:>6} KiB",
                    presigns.load(Ordering::Relaxed),
                    clients_made.load(Ordering::Relaxed),
                    rotations.load(Ordering::Relaxed),
                    rss / 1024
                );
            }
        }
        stop.store(true, Ordering::Relaxed);
    });
    let elapsed = started.elapsed().as_secs_f64();
    // SAFETY: every thread has joined; freed once.
    unsafe { oss_client_free(client) };

    let baseline = samples
        .iter()
        .find(|(second, _)| *second >= WARM_UP_SECONDS.min(seconds))
        .map_or(0, |(_, rss)| *rss);
    let peak = samples.iter().map(|(_, rss)| *rss).max().unwrap_or(0);
    let last = samples.last().map_or(0, |(_, rss)| *rss);
    let total = presigns.load(Ordering::Relaxed);
    eprintln!(
        "soak: {elapsed:.1} s, {PRESIGN_THREADS} presigning threads: {total} presigns ({:.2} M/s), \
         {} clients made and freed, {} rotations, {} URLs judged; \
         rss {} KiB after {WARM_UP_SECONDS} s, peak {} KiB, last {} KiB",
        total as f64 / elapsed / 1e6,
        clients_made.load(Ordering::Relaxed),
        rotations.load(Ordering::Relaxed),
        judged.load(Ordering::Relaxed),
        baseline / 1024,
        peak / 1024,
        last / 1024
    );
    assert!(
        total > 0
            && clients_made.load(Ordering::Relaxed) > 0
            && rotations.load(Ordering::Relaxed) > 0
    );
    assert!(
        peak <= baseline + RSS_SLACK_BYTES,
        "memory grew: {} KiB after the warm-up, peak {} KiB",
        baseline / 1024,
        peak / 1024
    );
}
