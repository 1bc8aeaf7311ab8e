//! Property tests (proptest): for any inputs,
//! - the same inputs give the same URL, from one client or from two;
//! - one client, whose per-day and per-second signing state is cached,
//!   signs any sequence of signing times (forwards, backwards, across days
//!   and years) exactly as a fresh client does each time, and as the
//!   independent signer of `tests/support/v4_oracle.rs` does;
//! - the addressing styles (virtual-hosted, path, custom domain) differ
//!   only in host and path: the query, signature included, is the same;
//! - a URL signed by the clock (the device's, or corrected by a server time
//!   up to years ahead of it or behind it), through any entry point, with
//!   any window, lifetime, absolute expiration, clamp and credential expiry,
//!   is never dead on arrival and never outlives the credentials;
//!   credentials or an absolute expiration already past are refused.
//!
//! Failures print the shrunk inputs; proptest keeps them in
//! `proptest-regressions/` to replay first next time.

#[path = "support/v4_oracle.rs"]
mod oracle;

use std::sync::Arc;

use oss_presign::limits::{MAX_SERVER_UNIX_SECONDS, MIN_SERVER_UNIX_SECONDS};
use oss_presign::{Client, ClientBuilder, Clock, Credentials, ErrorKind, GetOptions, Method};
use proptest::collection::vec;
use proptest::prelude::*;

const ENDPOINT: &str = "oss-cn-hangzhou.aliyuncs.com";
const REGION: &str = "cn-hangzhou";
const BUCKET: &str = "prop-bucket";
/// 9999-12-31T23:59:59Z, less a week of lifetime.
const MAX_SIGNING_TIME: i64 = 253_402_300_799 - 604_800;

fn client(path_style: bool, custom_domain: bool, token: Option<&str>) -> Client {
    let mut credentials = Credentials::new("LTAI5tProp", "prop-secret+/=").unwrap();
    if let Some(token) = token {
        credentials = credentials.with_security_token(token).unwrap();
    }
    ClientBuilder::new(&format!("https://{ENDPOINT}"), REGION)
        .unwrap()
        .credentials(credentials)
        .path_style(path_style)
        .custom_domain(custom_domain)
        .build()
        .unwrap()
}

/// Keys the library accepts: any text within the key rule.
fn key() -> impl Strategy<Value = String> {
    "[^/\\\\][^\u{0}]{0,40}".prop_filter("a dot segment", |k| {
        !k.split('/').any(|s| s == "." || s == "..")
    })
}

/// Signing times near day and year boundaries, and anywhere in 1970..9999.
fn signing_time() -> impl Strategy<Value = i64> {
    prop_oneof![
        (0..MAX_SIGNING_TIME),
        // A few seconds around some midnight.
        (0..MAX_SIGNING_TIME / 86_400, -3i64..3).prop_map(|(day, s)| (day * 86_400 + s).max(0)),
        // Around New Year of some year.
        (1971i64..9999, -2i64..2).prop_map(|(year, s)| new_year(year) + s),
    ]
}

/// Unix seconds of January 1st, 00:00:00 UTC, of `year`.
fn new_year(year: i64) -> i64 {
    let y = year - 1;
    let days =
        365 * (y - 1969) + (y / 4 - 1969 / 4) - (y / 100 - 1969 / 100) + (y / 400 - 1969 / 400);
    days * 86_400
}

#[derive(Debug, Clone)]
struct Request {
    key: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    token: Option<String>,
    expires: u64,
}

fn request() -> impl Strategy<Value = Request> {
    (
        key(),
        vec(("[a-zA-Z0-9 +%&=/\u{e9}\u{5b50}-]{1,12}", ".{0,16}"), 0..4),
        vec(
            (
                "x-oss-meta-[a-z]{1,6}|Content-Type|Range|X-[A-Z][a-z]{1,5}",
                "[ -~]{1,16}",
            ),
            0..3,
        ),
        proptest::option::of("[!-~]{1,24}"),
        1u64..=604_800,
    )
        .prop_map(|(key, query, headers, token, expires)| Request {
            key,
            query,
            headers,
            token,
            expires,
        })
}

/// (name, value) pairs.
type Pairs = Vec<(String, String)>;

/// Options for a request; returns them with the query and headers they
/// actually hold (a repeated or reserved name is refused, and skipped).
fn options(r: &Request, signing_time: i64) -> (GetOptions, Pairs, Pairs) {
    let mut options = GetOptions::new();
    options
        .signing_time(signing_time)
        .unwrap()
        .expires(r.expires)
        .unwrap();
    let query = r
        .query
        .iter()
        .filter(|(n, v)| options.add_query(n, v).is_ok())
        .cloned()
        .collect();
    let headers = r
        .headers
        .iter()
        .filter(|(n, v)| options.add_header(n, v).is_ok())
        .cloned()
        .collect();
    (options, query, headers)
}

fn oracle_signature(
    r: &Request,
    signing_time: i64,
    query: &[(String, String)],
    headers: &[(String, String)],
) -> String {
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    oracle::signature(&oracle::Presign {
        access_key_id: "LTAI5tProp",
        access_key_secret: "prop-secret+/=",
        security_token: r.token.as_deref(),
        region: REGION,
        product: "oss",
        bucket: BUCKET,
        key: &r.key,
        signing_time,
        expires: r.expires,
        query: &query,
        headers: &headers,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_same_inputs_give_the_same_url(r in request(), t in signing_time()) {
        let (options, ..) = options(&r, t);
        let one = client(false, false, r.token.as_deref());
        let first = one.presign_get(BUCKET, &r.key, &options).unwrap();
        let again = one.presign_get(BUCKET, &r.key, &options).unwrap();
        let other = client(false, false, r.token.as_deref())
            .presign_get(BUCKET, &r.key, &options)
            .unwrap();
        prop_assert_eq!(first.url(), again.url());
        prop_assert_eq!(first.url(), other.url());
        prop_assert_eq!(first, other);
    }

    #[test]
    fn cached_signing_state_signs_as_a_fresh_derivation(
        times in vec(signing_time(), 1..24),
        r in request(),
    ) {
        // One client through the whole sequence: its day key and per-second
        // state are cached, hit, missed and replaced.
        let cached = client(false, false, r.token.as_deref());
        for &t in &times {
            let (options, query, headers) = options(&r, t);
            let url = cached.presign_get(BUCKET, &r.key, &options).unwrap().into_url();
            let fresh = client(false, false, r.token.as_deref())
                .presign_get(BUCKET, &r.key, &options)
                .unwrap()
                .into_url();
            prop_assert_eq!(&url, &fresh, "at {}", t);
            let expected = oracle_signature(&r, t, &query, &headers);
            prop_assert_eq!(oracle::url_signature(&url), Some(expected.as_str()), "at {}", t);
        }
    }

    #[test]
    fn addressing_styles_differ_only_in_host_and_path(r in request(), t in signing_time()) {
        let (options, ..) = options(&r, t);
        let url = |path_style, custom_domain| {
            client(path_style, custom_domain, r.token.as_deref())
                .presign_get(BUCKET, &r.key, &options)
                .unwrap()
                .into_url()
        };
        let (virtual_hosted, path, custom) = (url(false, false), url(true, false), url(false, true));
        let key_path = oracle::uri_encode(r.key.as_bytes(), true);
        let query = |u: &str| u.split_once('?').map(|(_, q)| q.to_owned()).unwrap();
        prop_assert_eq!(
            virtual_hosted.split_once('?').unwrap().0,
            format!("https://{BUCKET}.{ENDPOINT}/{key_path}")
        );
        prop_assert_eq!(
            path.split_once('?').unwrap().0,
            format!("https://{ENDPOINT}/{BUCKET}/{key_path}")
        );
        prop_assert_eq!(
            custom.split_once('?').unwrap().0,
            format!("https://{ENDPOINT}/{key_path}")
        );
        prop_assert_eq!(query(&virtual_hosted), query(&path));
        prop_assert_eq!(query(&virtual_hosted), query(&custom));
    }
}

/// A device whose clock reads `0` seconds, and never moves.
struct Stopped(i64);

impl Clock for Stopped {
    fn wall_unix_nanos(&self) -> i64 {
        self.0 * 1_000_000_000
    }
    fn since_boot_nanos(&self) -> i64 {
        0
    }
}

/// A clock-signed presign's inputs.
#[derive(Debug, Clone)]
struct Lifetime {
    /// The client's now: the device's clock, or the server's time.
    now: i64,
    /// When set, the server's clock is this far ahead of the device's (behind
    /// when negative), and the client was told the server's time.
    server_ahead: Option<i64>,
    window: u64,
    expires: Option<u64>,
    /// Absolute expiration, relative to now.
    expiration: Option<i64>,
    clamp: bool,
    /// Credentials' expiration, relative to now.
    credentials: Option<i64>,
    /// 0 presign, 1 URL only, 2 HEAD, 3 batch.
    entry: u8,
}

fn lifetime() -> impl Strategy<Value = Lifetime> {
    const YEAR: i64 = 365 * 86_400;
    let divisors: Vec<u64> = (1..=86_400).filter(|w| 86_400 % w == 0).collect();
    let near = prop_oneof![-3_000i64..3_000, -700_000i64..700_000, Just(0i64)];
    (
        // Any time in 2000..2090, often a few minutes after a midnight.
        prop_oneof![
            946_684_800i64..3_786_912_000,
            (10_957i64..43_830, 0i64..4_000).prop_map(|(day, s)| day * 86_400 + s),
        ],
        // A device clock seconds, days or years off the server's.
        proptest::option::of(prop_oneof![
            -3_000i64..3_000,
            -700_000i64..700_000,
            -5 * YEAR..5 * YEAR,
        ]),
        prop_oneof![Just(0u64), proptest::sample::select(divisors)],
        proptest::option::of(1u64..=604_800),
        proptest::option::of(near.clone()),
        any::<bool>(),
        proptest::option::of(near),
        0u8..4,
    )
        .prop_map(
            |(now, server_ahead, window, expires, expiration, clamp, credentials, entry)| {
                // A server time is one a client accepts: moved into
                // 2026..2099, whole days, so the time of day is kept.
                let now = match server_ahead {
                    None => now,
                    Some(_) => {
                        let span = MAX_SERVER_UNIX_SECONDS + 1 - MIN_SERVER_UNIX_SECONDS;
                        MIN_SERVER_UNIX_SECONDS + (now - 946_684_800).rem_euclid(span)
                    }
                };
                Lifetime {
                    now,
                    server_ahead,
                    window,
                    expires,
                    expiration,
                    clamp,
                    credentials,
                    entry,
                }
            },
        )
}

/// (signing time, expiration) of a presign through the entry point.
fn presign_by_clock(l: &Lifetime) -> Result<(i64, i64), oss_presign::Error> {
    let mut credentials = Credentials::new("LTAI5tProp", "prop-secret+/=").unwrap();
    if let Some(after) = l.credentials {
        credentials = credentials.with_expiration(l.now + after).unwrap();
    }
    let device = l.now - l.server_ahead.unwrap_or(0);
    let client = ClientBuilder::new(ENDPOINT, REGION)
        .unwrap()
        .credentials(credentials)
        .clock(Arc::new(Stopped(device)))
        .build()
        .unwrap();
    if let Some(ahead) = l.server_ahead {
        client.set_server_time(l.now).unwrap();
        assert_eq!(client.clock_offset(), ahead);
    }
    let mut options = GetOptions::new();
    options.signing_time_window(l.window).unwrap();
    options.clamp_to_credentials(l.clamp);
    if let Some(expires) = l.expires {
        options.expires(expires).unwrap();
    }
    if let Some(after) = l.expiration {
        options.expiration(l.now + after).unwrap();
    }
    let read = |url: &str| {
        let info = client.inspect_url(url).unwrap();
        (info.signing_time(), info.expiration())
    };
    match l.entry {
        0 => client
            .presign(&oss_presign::Request::new(
                Method::Get,
                BUCKET,
                "k",
                &options,
            ))
            .map(|r| (r.signing_time(), r.expiration())),
        1 => client
            .presign_get_url(BUCKET, "k", &options)
            .map(|u| read(&u)),
        2 => client
            .presign_head(BUCKET, "k", &options)
            .map(|r| (r.signing_time(), r.expiration())),
        _ => client
            .presign_get_batch(BUCKET, &["a", "b"], &options)
            .map(|urls| read(urls[1].as_ref().unwrap())),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn a_url_signed_by_the_clock_is_never_dead(l in lifetime()) {
        let credentials = l.credentials.map(|after| l.now + after);
        match presign_by_clock(&l) {
            Ok((signing_time, expiration)) => {
                prop_assert!(signing_time <= l.now);
                prop_assert!(expiration > l.now, "dead on arrival: {:?}", (signing_time, expiration));
                if let Some(credentials) = credentials {
                    prop_assert!(expiration <= credentials);
                }
            }
            Err(e) => match (l.expiration, l.credentials) {
                // An absolute expiration already past (or too far).
                (Some(after), _) if after <= 0 || e.kind() == ErrorKind::InvalidExpiration => {
                    prop_assert_eq!(e.kind(), ErrorKind::InvalidExpiration);
                }
                // Credentials expired by now, window or not.
                (_, Some(after)) if after <= 0 => {
                    prop_assert_eq!(e.kind(), ErrorKind::CredentialsExpired);
                }
                // Valid credentials refuse only a URL that would outlive them.
                (_, Some(_)) if !l.clamp || l.expiration.is_some() => {
                    prop_assert_eq!(e.kind(), ErrorKind::CredentialsExpireFirst);
                }
                _ => prop_assert!(false, "refused: {}", e),
            },
        }
    }
}

#[test]
fn new_year_is_computed_right() {
    assert_eq!(new_year(1970), 0);
    assert_eq!(new_year(2000), 946_684_800);
    assert_eq!(new_year(2024), 1_704_067_200);
    assert_eq!(oracle::iso8601_basic(new_year(9999)), "99990101T000000Z");
}
