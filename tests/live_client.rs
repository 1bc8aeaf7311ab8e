//! A client that changes while it serves: the server's time fed to it, its
//! credentials replaced under running presigns, and the options that bound
//! or stabilise a URL's lifetime (credential expiry, signing time window).
//!
//! Time travels through an injected clock; nothing sleeps. The last test
//! combines them as a phone lives them: sleep across midnight with two
//! days' keys, a corrected clock and a window.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use oss_presign::{Client, ClientBuilder, Clock, Credentials, ErrorKind, GetOptions};

const T: i64 = 1_704_164_645; // 2024-01-02T03:04:05Z
const NANOS: i64 = 1_000_000_000;

/// Wall and monotonic clocks moved by the test.
struct TestClock {
    wall: AtomicI64,
    monotonic: AtomicI64,
}

impl TestClock {
    fn at(unix_seconds: i64) -> Arc<Self> {
        Arc::new(TestClock {
            wall: AtomicI64::new(unix_seconds * NANOS),
            monotonic: AtomicI64::new(42 * NANOS),
        })
    }

    /// Time passes: both clocks move.
    fn advance(&self, seconds: i64) {
        self.wall.fetch_add(seconds * NANOS, Ordering::Relaxed);
        self.monotonic.fetch_add(seconds * NANOS, Ordering::Relaxed);
    }

    /// The user sets the device's clock: only the wall clock moves.
    fn set_wall(&self, unix_seconds: i64) {
        self.wall.store(unix_seconds * NANOS, Ordering::Relaxed);
    }
}

impl Clock for TestClock {
    fn wall_unix_nanos(&self) -> i64 {
        self.wall.load(Ordering::Relaxed)
    }
    fn since_boot_nanos(&self) -> i64 {
        self.monotonic.load(Ordering::Relaxed)
    }
}

fn client_with(clock: Arc<TestClock>, credentials: Credentials) -> Client {
    ClientBuilder::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou")
        .unwrap()
        .credentials(credentials)
        .clock(clock)
        .build()
        .unwrap()
}

fn ak(id: &str, secret: &str) -> Credentials {
    Credentials::new(id, secret).unwrap()
}

/// The `x-oss-date` of a URL.
fn date_of(url: &str) -> &str {
    let start = url.find("x-oss-date=").unwrap() + "x-oss-date=".len();
    &url[start..start + 16]
}

#[test]
fn the_server_time_corrects_a_wrong_device_clock_and_survives_clock_changes() {
    // A server time of 2027 (the years a client accepts start in 2026).
    const S: i64 = 1_798_859_045; // 2027-01-02T03:04:05Z
    // The device is a day and an hour behind.
    let device = TestClock::at(S - 90_000);
    let client = client_with(device.clone(), ak("ak", "sk"));
    let options = GetOptions::new();
    let before = client.presign_get("bucket", "k", &options).unwrap();
    assert_eq!(before.signing_time(), S - 90_000);
    assert_eq!(client.clock_offset(), 0);

    client.set_server_time(S).unwrap();
    assert_eq!(client.clock_offset(), 90_000);
    let corrected = client.presign_get("bucket", "k", &options).unwrap();
    assert_eq!(corrected.signing_time(), S);
    assert_eq!(date_of(corrected.url()), "20270102T030405Z");
    // The same URL as a client with a right clock signing at S.
    let reference = Client::new(
        "oss-cn-hangzhou.aliyuncs.com",
        "cn-hangzhou",
        ak("ak", "sk"),
    )
    .unwrap()
    .presign_get_at("bucket", "k", &options, S)
    .unwrap();
    assert_eq!(corrected.url(), reference.url());

    // Time passes; then the user sets the device clock, wrongly again.
    device.advance(30);
    device.set_wall(S + 500_000);
    let later = client.presign_get("bucket", "k", &options).unwrap();
    assert_eq!(later.signing_time(), S + 30);
    assert_eq!(client.clock_offset(), S + 30 - (S + 500_000));

    // A fixed signing time is never corrected.
    let mut fixed = GetOptions::new();
    fixed.signing_time(S - 7).unwrap();
    assert_eq!(
        client
            .presign_get("bucket", "k", &fixed)
            .unwrap()
            .signing_time(),
        S - 7
    );
}

#[test]
fn a_signing_time_window_gives_one_url_per_window_still_valid_as_asked() {
    let clock = TestClock::at(T - T % 600);
    let client = client_with(clock.clone(), ak("ak", "sk"));
    let mut options = GetOptions::new();
    options
        .expires(3600)
        .unwrap()
        .signing_time_window(600)
        .unwrap();
    let first = client.presign_get("bucket", "photo.jpg", &options).unwrap();
    for step in [1, 100, 298, 200] {
        clock.advance(step);
        let again = client.presign_get("bucket", "photo.jpg", &options).unwrap();
        assert_eq!(again.url(), first.url(), "{step} s later, same window");
        // Valid at least the requested hour from now.
        let now = clock.wall.load(Ordering::Relaxed) / NANOS;
        assert!(again.expiration() >= now + 3600);
    }
    assert!(
        first.url().contains("&x-oss-expires=4200&"),
        "{}",
        first.url()
    );
    clock.advance(1); // 600 s after the first: the next window
    let next = client.presign_get("bucket", "photo.jpg", &options).unwrap();
    assert_ne!(next.url(), first.url());
    assert_eq!(next.signing_time(), first.signing_time() + 600);

    // An explicit signing time is rounded too; the cap holds.
    let mut capped = GetOptions::new();
    capped
        .expires(604_000)
        .unwrap()
        .signing_time_window(3600)
        .unwrap()
        .signing_time(T)
        .unwrap();
    let url = client.presign_get("bucket", "k", &capped).unwrap();
    assert_eq!(url.signing_time(), T - T % 3600);
    assert_eq!(url.expiration(), url.signing_time() + 604_800);

    let err = GetOptions::new().signing_time_window(86_401).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSigningTimeWindow);
}

#[test]
fn sts_expiry_refuses_or_clamps_the_lifetime() {
    let clock = TestClock::at(T);
    let sts = ak("STS.ak", "sk")
        .with_security_token("token")
        .unwrap()
        .with_expiration(T + 1800)
        .unwrap();
    let client = client_with(clock.clone(), sts);
    let mut options = GetOptions::new();
    options.expires(3600).unwrap();
    let err = client.presign_get("bucket", "k", &options).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialsExpireFirst);
    // Within the credentials' life it works as asked.
    options.expires(1800).unwrap();
    assert_eq!(
        client
            .presign_get("bucket", "k", &options)
            .unwrap()
            .expiration(),
        T + 1800
    );
    // Clamped: ends exactly with the credentials.
    options.expires(3600).unwrap().clamp_to_credentials(true);
    clock.advance(600);
    let clamped = client.presign_get("bucket", "k", &options).unwrap();
    assert_eq!(clamped.expiration(), T + 1800);
    assert!(clamped.url().contains("&x-oss-expires=1200&"));
    // Expired at the signing time: refused even clamped.
    clock.advance(1200);
    let err = client.presign_get("bucket", "k", &options).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CredentialsExpired);
    // New credentials replace the expiration.
    client
        .set_credentials(&ak("STS.ak2", "sk2").with_expiration(T + 86_400).unwrap())
        .unwrap();
    assert!(client.presign_get("bucket", "k", &options).is_ok());
}

#[test]
fn rotation_replaces_everything_at_once_under_running_presigns() {
    // Three credential sets; a presign must be exactly one of them: key id,
    // token and signature from the same set.
    let sets: Vec<Credentials> = (0..3)
        .map(|i| {
            ak(&format!("STS.key{i}"), &format!("secret-{i}"))
                .with_security_token(&format!("token-{i}"))
                .unwrap()
        })
        .collect();
    let mut options = GetOptions::new();
    options.signing_time(T).unwrap();
    let expected: Vec<String> = sets
        .iter()
        .map(|c| {
            Client::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", c.clone())
                .unwrap()
                .presign_get("bucket", "k", &options)
                .unwrap()
                .into_url()
        })
        .collect();
    let client = Client::new(
        "oss-cn-hangzhou.aliyuncs.com",
        "cn-hangzhou",
        sets[0].clone(),
    )
    .unwrap();
    let done = AtomicBool::new(false);
    let presigns = AtomicI64::new(0);
    let mut rounds = 0;
    std::thread::scope(|s| {
        let readers: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    let mut seen = [0u32; 3];
                    while !done.load(Ordering::Relaxed) {
                        let url = client
                            .presign_get("bucket", "k", &options)
                            .unwrap()
                            .into_url();
                        let which = expected.iter().position(|e| *e == url);
                        let which = which.unwrap_or_else(|| panic!("a mixed URL: {url}"));
                        seen[which] += 1;
                        presigns.fetch_add(1, Ordering::Relaxed);
                    }
                    seen
                })
            })
            .collect();
        // Each set signs a few URLs before the next replaces it; readers
        // are mid-presign during most replacements.
        while rounds < 120 {
            rounds += 1;
            client.set_credentials(&sets[rounds % 3]).unwrap();
            let target = presigns.load(Ordering::Relaxed) + 20;
            while presigns.load(Ordering::Relaxed) < target {
                std::thread::yield_now();
            }
        }
        done.store(true, Ordering::Relaxed);
        let total = readers
            .into_iter()
            .map(|reader| reader.join().unwrap())
            .fold([0u32; 3], |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
        // Between them, the readers signed with every set.
        assert!(
            total.iter().all(|&n| n > 0),
            "{total:?} after {rounds} rotations"
        );
    });
    // After the last replacement, only the last set signs.
    assert_eq!(
        client.presign_get("bucket", "k", &options).unwrap().url(),
        expected[rounds % 3]
    );
}

#[test]
fn diagnostics_carry_the_texts_the_signature_was_computed_from() {
    let client = Client::new(
        "oss-cn-hangzhou.aliyuncs.com",
        "cn-hangzhou",
        ak("ak", "SECRETVALUE"),
    )
    .unwrap();
    let mut options = GetOptions::new();
    options.signing_time(T).unwrap().expires(3600).unwrap();
    assert!(
        client
            .presign_get("examplebucket", "exampleobject.txt", &options)
            .unwrap()
            .diagnostics()
            .is_none()
    );
    options.diagnostics(true);
    let request = client
        .presign_get("examplebucket", "exampleobject.txt", &options)
        .unwrap();
    let trace = request.diagnostics().unwrap();
    // The canonical request of vector G1 (section 15 of the specification).
    assert_eq!(
        trace.canonical_request,
        "GET\n/examplebucket/exampleobject.txt\n\
         x-oss-credential=ak%2F20240102%2Fcn-hangzhou%2Foss%2Faliyun_v4_request\
         &x-oss-date=20240102T030405Z&x-oss-expires=3600\
         &x-oss-signature-version=OSS4-HMAC-SHA256\n\n\nUNSIGNED-PAYLOAD"
    );
    assert!(trace.string_to_sign.starts_with(
        "OSS4-HMAC-SHA256\n20240102T030405Z\n20240102/cn-hangzhou/oss/aliyun_v4_request\n"
    ));
    assert!(!format!("{trace:?}").contains("SECRETVALUE"));
}

/// Everything a phone does at once: a device clock years wrong, corrected by
/// the server's time at 23:50 UTC; the keys of today and tomorrow (two STS
/// sessions) held together; a signing-time window; then 20 minutes asleep
/// across midnight while the user also changes the device's clock. The next
/// presign signs 00:10 tomorrow, rounded to its window, with tomorrow's key
/// and token, and is valid now for as long as asked.
#[test]
fn a_phone_asleep_across_midnight_signs_with_tomorrows_key_at_the_servers_time() {
    const MIDNIGHT: i64 = 1_805_068_800; // 2027-03-15T00:00:00Z
    let day_key = |id: &str, secret: &str, token: &str, date: &str| {
        let hex = oss_presign::signer::SigningKey::derive(secret, date, "cn-hangzhou", "oss")
            .unwrap()
            .to_hex();
        Credentials::from_day_key(id, &hex, &format!("{date}/cn-hangzhou/oss"))
            .unwrap()
            .with_security_token(token)
            .unwrap()
    };
    let sts = |id: &str, secret: &str, token: &str| {
        Client::new(
            "oss-cn-hangzhou.aliyuncs.com",
            "cn-hangzhou",
            ak(id, secret).with_security_token(token).unwrap(),
        )
        .unwrap()
    };
    let clock = TestClock::at(T); // the device believes it is 2024
    let phone = client_with(clock.clone(), day_key("STS.one", "s1", "t1", "20270314"));
    phone.set_server_time(MIDNIGHT - 600).unwrap();
    phone
        .set_credentials(&day_key("STS.two", "s2", "t2", "20270315"))
        .unwrap();
    let mut options = GetOptions::new();
    options
        .expires(3600)
        .unwrap()
        .signing_time_window(300)
        .unwrap();

    // Before midnight: today's key, at the server's time.
    let before = phone.presign_get("bucket", "video.mp4", &options).unwrap();
    assert_eq!(before.signing_time(), MIDNIGHT - 600);
    let today = sts("STS.one", "s1", "t1");
    assert!(today.verify_url(before.url(), &[], MIDNIGHT - 600).is_ok());

    clock.advance(1200); // asleep: the boot-time clock counts it
    clock.set_wall(T + 86_400 * 3); // and the user moved the device's clock
    let now = MIDNIGHT + 600;
    let after = phone.presign_get("bucket", "video.mp4", &options).unwrap();
    assert_eq!(after.signing_time(), now - now % 300);
    assert_eq!(date_of(after.url()), "20270315T001000Z");
    assert!(after.expiration() >= now + 3600, "valid as long as asked");
    let tomorrow = sts("STS.two", "s2", "t2");
    assert!(tomorrow.verify_url(after.url(), &[], now).is_ok());
    assert!(today.verify_url(after.url(), &[], now).is_err());
    assert!(after.url().contains("x-oss-security-token=t2"));
}
