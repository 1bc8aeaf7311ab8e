//! Presign benchmarks (criterion): the Rust API, the C ABI, the hash floor
//! and scaling over threads. Run with `cargo bench --bench presign`; see
//! BENCHMARKS.md for the figures and how they were taken.
//!
//! Every case signs at a fixed time, so each iteration does the same work.
//!
//! - `rust/<case>`: `Client::presign_get`.
//! - `c_abi/<case>`: `oss_presign_get` + `oss_string_free`, as a C caller
//!   does (NUL-terminated arguments, URL freed each time).
//! - `floor/<case>`: what any V4 presigner has to compute for that case and
//!   nothing else: SHA-256 of a canonical request of the case's size, then
//!   HMAC-SHA256 (keyed per call) of a string to sign of the case's size.
//! - `threads/<n>`: `n` threads presigning the short key with one shared
//!   client; throughput is in presigns per second over all threads.
//! - `verify_length/<case>/<bytes>`: verifying and inspecting URLs of
//!   growing length up to `MAX_URL_BYTES`; throughput in bytes per second,
//!   flat when the cost is linear.
//!
//! `OSS_BENCH_CLOCK=cpu` times with CPU time instead of elapsed time (the
//! calling thread's; for `threads/<n>`, the whole process's). On a machine
//! shared with other work that leaves out the time the benchmark was not
//! running. With it, `threads/2` reports presigns per CPU-second: equal to
//! `threads/1` when the threads do not slow each other down.

#![allow(unsafe_code)] // measures the C ABI

use std::ffi::{CString, c_char};
use std::hint::black_box;
use std::ptr::{null, null_mut};
use std::time::{Duration, Instant};

use criterion::{Bencher, Criterion, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use oss_presign::ffi::batch::{oss_presign_batch_free, oss_presign_get_batch};
use oss_presign::ffi::client::{oss_client_free, oss_client_new};
use oss_presign::ffi::error::oss_error_free;
use oss_presign::ffi::get_options::{
    oss_get_options_free, oss_get_options_new, oss_get_options_set_expires,
    oss_get_options_set_process, oss_get_options_set_response_content_disposition,
    oss_get_options_set_signing_time, oss_get_options_set_version_id,
};
use oss_presign::ffi::presign::oss_presign_get;
use oss_presign::ffi::strings::oss_string_free;
use oss_presign::ffi::{oss_client, oss_error, oss_get_options};
use oss_presign::{Client, Credentials, GetOptions, Method, Request};
use sha2::{Digest, Sha256};

const ENDPOINT: &str = "oss-cn-hangzhou.aliyuncs.com";
const REGION: &str = "cn-hangzhou";
const ACCESS_KEY_ID: &str = "LTAI5tBenchAccessKeyId";
const ACCESS_KEY_SECRET: &str = "BenchAccessKeySecretBenchAccessKey";
const BUCKET: &str = "examplebucket";
const SIGNING_TIME: i64 = 1_704_164_645;
const EXPIRES: u64 = 3600;

/// The inputs of one benchmark case (the same in bench/peers.py).
struct Case {
    name: &'static str,
    key: String,
    security_token: Option<String>,
    version_id: Option<&'static str>,
    content_disposition: Option<&'static str>,
    process: Option<&'static str>,
}

/// A 200-byte key of mixed CJK, accented Latin, emoji and reserved ASCII.
fn unicode_key() -> String {
    let mut key = String::from("相册/2024年 夏天/Ünïcödé 文件 🚀+(1)");
    let filler = "照片-";
    while key.len() + filler.len() <= 196 {
        key.push_str(filler);
    }
    while key.len() < 196 {
        key.push('x');
    }
    key.push_str(".jpg");
    assert_eq!(key.len(), 200);
    key
}

/// An STS token of a realistic length (they are several hundred bytes of
/// base64 with `+`, `/` and `=`, each of which is percent-encoded).
fn sts_token() -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut token = String::from("CAIS");
    let mut x: u32 = 2_463_534_242;
    while token.len() < 598 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        token.push(char::from(alphabet[(x % 64) as usize]));
    }
    token.push_str("==");
    token
}

fn cases() -> Vec<Case> {
    let plain = |name, key: &str| Case {
        name,
        key: key.to_owned(),
        security_token: None,
        version_id: None,
        content_disposition: None,
        process: None,
    };
    vec![
        plain("short_key", "exampleobject.txt"),
        plain("unicode_key_200b", &unicode_key()),
        Case {
            version_id: Some("CAEQNhiBgM0BYiIDc4MGZjZGI2OTBjOTRmNTE5NmU5NmFhZjhjYmY0"),
            content_disposition: Some("attachment; filename=\"report 2024.pdf\""),
            process: Some("image/resize,w_200/format,webp"),
            ..plain("version_disposition_process", "exampleobject.txt")
        },
        Case {
            security_token: Some(sts_token()),
            ..plain("sts_token", "exampleobject.txt")
        },
    ]
}

fn rust_client(case: &Case) -> Client {
    let mut credentials = Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET).unwrap();
    if let Some(token) = &case.security_token {
        credentials = credentials.with_security_token(token).unwrap();
    }
    Client::new(ENDPOINT, REGION, credentials).unwrap()
}

fn rust_options(case: &Case) -> GetOptions {
    let mut options = GetOptions::new();
    options.signing_time(SIGNING_TIME).unwrap();
    options.expires(EXPIRES).unwrap();
    if let Some(v) = case.version_id {
        options.version_id(v).unwrap();
    }
    if let Some(v) = case.content_disposition {
        options.response_content_disposition(v).unwrap();
    }
    if let Some(v) = case.process {
        options.process(v).unwrap();
    }
    options
}

fn ok(error: *mut oss_error) {
    assert!(error.is_null(), "C call failed");
    // SAFETY: NULL, so this only documents ownership.
    unsafe { oss_error_free(error) };
}

/// A client and options made through the C ABI, freed on drop.
struct CHandles {
    client: *mut oss_client,
    options: *mut oss_get_options,
    bucket: CString,
    key: CString,
}

impl CHandles {
    fn new(case: &Case) -> Self {
        let s = |text: &str| CString::new(text).unwrap();
        let token = case.security_token.as_deref().map(s);
        let mut client = null_mut();
        // SAFETY: valid NUL-terminated strings and out-pointer.
        ok(unsafe {
            oss_client_new(
                s(ENDPOINT).as_ptr(),
                s(REGION).as_ptr(),
                s(ACCESS_KEY_ID).as_ptr(),
                s(ACCESS_KEY_SECRET).as_ptr(),
                token.as_ref().map_or(null(), |t| t.as_ptr()),
                &mut client,
            )
        });
        let options = oss_get_options_new();
        // SAFETY: a live options handle and valid strings.
        unsafe {
            ok(oss_get_options_set_signing_time(options, SIGNING_TIME));
            ok(oss_get_options_set_expires(options, EXPIRES));
            if let Some(v) = case.version_id {
                ok(oss_get_options_set_version_id(options, s(v).as_ptr()));
            }
            if let Some(v) = case.content_disposition {
                ok(oss_get_options_set_response_content_disposition(
                    options,
                    s(v).as_ptr(),
                ));
            }
            if let Some(v) = case.process {
                ok(oss_get_options_set_process(options, s(v).as_ptr()));
            }
        }
        CHandles {
            client,
            options,
            bucket: s(BUCKET),
            key: s(&case.key),
        }
    }

    /// One presign as a C caller makes it: URL returned, then freed.
    fn presign_and_free(&self) {
        let mut url: *mut c_char = null_mut();
        // SAFETY: live handles, NUL-terminated strings, valid out-pointer;
        // the URL comes from oss_presign_get and is freed once.
        unsafe {
            ok(oss_presign_get(
                self.client,
                black_box(self.bucket.as_ptr()),
                black_box(self.key.as_ptr()),
                self.options,
                &mut url,
            ));
            oss_string_free(black_box(url));
        }
    }
}

impl Drop for CHandles {
    fn drop(&mut self) {
        // SAFETY: handles from this library, freed once.
        unsafe {
            oss_get_options_free(self.options);
            oss_client_free(self.client);
        }
    }
}

/// What the benchmarks time.
#[derive(Clone, Copy, PartialEq)]
enum Clock {
    Wall,
    /// CPU time of the calling thread, or of the process.
    Cpu(libc::clockid_t),
}

fn clock(whole_process: bool) -> Clock {
    match std::env::var("OSS_BENCH_CLOCK").as_deref() {
        Ok("cpu") if whole_process => Clock::Cpu(libc::CLOCK_PROCESS_CPUTIME_ID),
        Ok("cpu") => Clock::Cpu(libc::CLOCK_THREAD_CPUTIME_ID),
        Ok("wall") | Err(_) => Clock::Wall,
        Ok(other) => panic!("OSS_BENCH_CLOCK must be wall or cpu, got {other:?}"),
    }
}

fn cpu_time(id: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a valid timespec to write.
    let rc = unsafe { libc::clock_gettime(id, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Times `run(iters)` with `clock`.
fn timed(clock: Clock, iters: u64, run: impl FnOnce(u64)) -> Duration {
    match clock {
        Clock::Wall => {
            let start = Instant::now();
            run(iters);
            start.elapsed()
        }
        Clock::Cpu(id) => {
            let start = cpu_time(id);
            run(iters);
            cpu_time(id) - start
        }
    }
}

/// `b.iter(f)`, timed with `clock`.
fn iter_with<R>(b: &mut Bencher<'_>, clock: Clock, mut f: impl FnMut() -> R) {
    b.iter_custom(|iters| {
        timed(clock, iters, |n| {
            for _ in 0..n {
                black_box(f());
            }
        })
    })
}

fn presign(c: &mut Criterion) {
    let clock = clock(false);
    for case in cases() {
        let client = rust_client(&case);
        let options = rust_options(&case);
        let handles = CHandles::new(&case);

        // Both paths must produce the URL the trace describes.
        let (request, trace) = client
            .trace_at(&Request::new(Method::Get, BUCKET, &case.key, &options), 0)
            .unwrap();
        assert_eq!(
            request.url(),
            client
                .presign_get(BUCKET, &case.key, &options)
                .unwrap()
                .url()
        );

        let mut group = c.benchmark_group("presign");
        group.throughput(Throughput::Elements(1));
        group.bench_function(format!("rust/{}", case.name), |b| {
            iter_with(b, clock, || {
                client
                    .presign_get(black_box(BUCKET), black_box(&case.key), &options)
                    .unwrap()
            })
        });
        group.bench_function(format!("c_abi/{}", case.name), |b| {
            iter_with(b, clock, || handles.presign_and_free())
        });

        // The floors: the same two hashes over texts of the same sizes.
        let canonical_request = trace.canonical_request.as_bytes().to_vec();
        let string_to_sign = trace.string_to_sign.as_bytes().to_vec();
        // SHA-256 blocks of a message: its bytes, 0x80 and the 8-byte length.
        let blocks = |len: usize| (len + 9).div_ceil(64);
        eprintln!(
            "{}: canonical request {} bytes, string to sign {} bytes; the floor \
             compresses {} blocks (the canonical request's, the string to sign's, \
             one outer block)",
            case.name,
            canonical_request.len(),
            string_to_sign.len(),
            blocks(canonical_request.len()) + blocks(string_to_sign.len()) + 1,
        );
        let day_key = [0x5a_u8; 32];
        // With the HMAC keyed on every call: two more compressions (the key
        // blocks) than a presigner with a cached day key pays.
        group.bench_function(format!("floor_keyed_hmac/{}", case.name), |b| {
            iter_with(b, clock, || {
                let digest = Sha256::digest(black_box(&canonical_request));
                let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&day_key).unwrap();
                mac.update(black_box(&string_to_sign));
                (digest, mac.finalize().into_bytes())
            })
        });
        // The real limit: the HMAC continues from saved inner and outer
        // states (the pads precomputed), with the same SHA-256 as the library.
        let pads = PrecomputedPads::new(&day_key);
        group.bench_function(format!("floor/{}", case.name), |b| {
            iter_with(b, clock, || {
                let digest = Sha256::digest(black_box(&canonical_request));
                (digest, pads.mac(black_box(&string_to_sign)))
            })
        });
        group.finish();
    }
}

/// HMAC-SHA256 with the key's pad blocks absorbed once, as a presigner with
/// a cached day key does: each message costs only its own blocks and the
/// outer block.
struct PrecomputedPads {
    inner: Sha256,
    outer: Sha256,
}

impl PrecomputedPads {
    fn new(key: &[u8; 32]) -> Self {
        let pad = |byte: u8| {
            let mut block = [byte; 64];
            block.iter_mut().zip(key).for_each(|(b, k)| *b ^= k);
            let mut state = Sha256::new();
            state.update(block);
            state
        };
        PrecomputedPads {
            inner: pad(0x36),
            outer: pad(0x5c),
        }
    }

    fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut inner = self.inner.clone();
        inner.update(message);
        let mut outer = self.outer.clone();
        outer.update(inner.finalize());
        outer.finalize().into()
    }
}

/// An app's first presign: a new client, its first URL (the day key
/// derived), the client freed; and the first URL of a live client alone.
fn cold(c: &mut Criterion) {
    let clock = clock(false);
    let case = &cases()[0];
    let handles = CHandles::new(case);
    let s = |text: &str| CString::new(text).unwrap();
    let (endpoint, region, id, secret) = (
        s(ENDPOINT),
        s(REGION),
        s(ACCESS_KEY_ID),
        s(ACCESS_KEY_SECRET),
    );
    let mut group = c.benchmark_group("cold");
    group.throughput(Throughput::Elements(1));
    group.bench_function("c_abi/client_new_first_presign_free", |b| {
        iter_with(b, clock, || {
            let mut client = null_mut();
            let mut url = null_mut();
            // SAFETY: valid strings and out-pointers; everything freed once.
            unsafe {
                ok(oss_client_new(
                    endpoint.as_ptr(),
                    region.as_ptr(),
                    id.as_ptr(),
                    secret.as_ptr(),
                    null(),
                    &mut client,
                ));
                ok(oss_presign_get(
                    client,
                    handles.bucket.as_ptr(),
                    handles.key.as_ptr(),
                    handles.options,
                    &mut url,
                ));
                oss_string_free(url);
                oss_client_free(client);
            }
        })
    });
    group.bench_function("c_abi/client_new_free", |b| {
        iter_with(b, clock, || {
            let mut client = null_mut();
            // SAFETY: valid strings and out-pointer; freed once.
            unsafe {
                ok(oss_client_new(
                    endpoint.as_ptr(),
                    region.as_ptr(),
                    id.as_ptr(),
                    secret.as_ptr(),
                    null(),
                    &mut client,
                ));
                oss_client_free(client);
            }
        })
    });
    group.finish();
}

/// `threads` threads, sharing one client, presigning `iters` URLs each.
fn presign_on_threads(client: &Client, options: &GetOptions, threads: u64, iters: u64) {
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..iters {
                    black_box(
                        client
                            .presign_get(black_box(BUCKET), black_box("exampleobject.txt"), options)
                            .unwrap(),
                    );
                }
            });
        }
    });
}

fn threads(c: &mut Criterion) {
    let clock = clock(true);
    let case = &cases()[0];
    let client = rust_client(case);
    let options = rust_options(case);
    let mut group = c.benchmark_group("threads");
    for n in [1u64, 2] {
        group.throughput(Throughput::Elements(n));
        group.bench_function(n.to_string(), |b| {
            b.iter_custom(|iters| {
                timed(clock, iters, |iters| {
                    presign_on_threads(&client, &options, n, iters)
                })
            })
        });
    }
    group.finish();
}

/// 100 keys of one bucket: one batch call against 100 single presigns,
/// through the C ABI (URLs freed in both).
fn batch(c: &mut Criterion) {
    let clock = clock(false);
    let case = &cases()[0];
    let handles = CHandles::new(case);
    let keys: Vec<CString> = (0..100)
        .map(|i| CString::new(format!("gallery/2024/photo-{i:03}.jpg")).unwrap())
        .collect();
    let pointers: Vec<*const c_char> = keys.iter().map(|k| k.as_ptr()).collect();
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(keys.len() as u64));
    group.bench_function("c_abi/100_single", |b| {
        iter_with(b, clock, || {
            for key in &keys {
                let mut url = null_mut();
                // SAFETY: live handles, valid strings and out-pointer.
                unsafe {
                    ok(oss_presign_get(
                        handles.client,
                        handles.bucket.as_ptr(),
                        key.as_ptr(),
                        handles.options,
                        &mut url,
                    ));
                    oss_string_free(url);
                }
            }
        })
    });
    group.bench_function("c_abi/100_batch", |b| {
        iter_with(b, clock, || {
            let mut batch = null_mut();
            // SAFETY: live handles, `pointers` holds 100 valid keys.
            unsafe {
                ok(oss_presign_get_batch(
                    handles.client,
                    handles.bucket.as_ptr(),
                    pointers.as_ptr(),
                    pointers.len(),
                    handles.options,
                    &mut batch,
                ));
                oss_presign_batch_free(batch);
            }
        })
    });
    group.finish();
}

/// Verifying a presigned URL (the short key), and inspecting it.
fn verify(c: &mut Criterion) {
    let clock = clock(false);
    let case = &cases()[0];
    let client = rust_client(case);
    let options = rust_options(case);
    let url = client
        .presign_get(BUCKET, &case.key, &options)
        .unwrap()
        .into_url();
    let now = SIGNING_TIME + 60;
    assert!(client.verify_url(&url, &[], now).is_ok());
    let mut group = c.benchmark_group("verify");
    group.throughput(Throughput::Elements(1));
    group.bench_function("rust/short_key", |b| {
        iter_with(b, clock, || {
            client.verify_url(black_box(&url), &[], now).unwrap()
        })
    });
    group.bench_function("rust/inspect_short_key", |b| {
        iter_with(b, clock, || client.inspect_url(black_box(&url)).unwrap())
    });
    group.finish();
}

/// Reading URLs of growing length, up to the longest one written
/// (`MAX_URL_BYTES`): the cost per byte must stay flat. `verify/<bytes>`
/// verifies a presigned URL padded with a long `versionId` and query value;
/// `inspect_params/<bytes>` reads the short key's URL followed by as many
/// distinct parameters as fit (`&p1=1&p2=1...`), which the check for
/// repeated parameters has to compare.
fn verify_length(c: &mut Criterion) {
    use oss_presign::limits::{MAX_ARGUMENT_BYTES, MAX_URL_BYTES};
    let clock = clock(false);
    let case = &cases()[0];
    let client = rust_client(case);
    let now = SIGNING_TIME + 60;
    // Each unit of padding (at least 1) lengthens the URL by one byte.
    let padded = |padding: usize| {
        let mut options = rust_options(case);
        options
            .add_query("pad", &"p".repeat(padding.min(MAX_ARGUMENT_BYTES)))
            .unwrap()
            .version_id(&"v".repeat(1 + padding.saturating_sub(MAX_ARGUMENT_BYTES)))
            .unwrap();
        client
            .presign_get(BUCKET, &case.key, &options)
            .unwrap()
            .into_url()
    };
    let short = padded(1).len();
    let short_url = client
        .presign_get(BUCKET, &case.key, &rust_options(case))
        .unwrap()
        .into_url();
    let mut group = c.benchmark_group("verify_length");
    for len in [1024, 2048, 4096, 8192, MAX_URL_BYTES] {
        group.throughput(Throughput::Bytes(len as u64));
        if len >= short {
            let url = padded(1 + len - short);
            assert_eq!(url.len(), len);
            assert!(client.verify_url(&url, &[], now).is_ok());
            group.bench_function(format!("verify/{len}"), |b| {
                iter_with(b, clock, || {
                    client.verify_url(black_box(&url), &[], now).unwrap()
                })
            });
        }
        let mut url = short_url.clone();
        for i in 0.. {
            let param = format!("&p{i}=1");
            if url.len() + param.len() > len {
                break;
            }
            url.push_str(&param);
        }
        assert!(client.inspect_url(&url).is_ok());
        group.bench_function(format!("inspect_params/{len}"), |b| {
            iter_with(b, clock, || client.inspect_url(black_box(&url)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    presign,
    threads,
    batch,
    verify,
    verify_length,
    cold
);
criterion_main!(benches);
