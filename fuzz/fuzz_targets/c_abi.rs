//! Every exported function of the C ABI, in a fuzzer-chosen sequence of
//! calls on live handles, with arbitrary byte strings (invalid UTF-8, cut
//! at an interior NUL as C would, up to 25 KB long, or NULL) and integers
//! (0, -1, `INT64_MIN`, `INT64_MAX`, `UINT64_MAX`, day and range edges).
//!
//! Built with AddressSanitizer and LeakSanitizer (cargo-fuzz's default),
//! every handle is freed at the end of each input, so a leak is a finding.
//! Checked on every call:
//! - an error has a code of the error table in docs/c-api.md, a NUL-terminated
//!   UTF-8 message and a static argument name, and neither holds a secret
//!   (secrets carry a marker; derived signing keys are tracked);
//! - outputs are written on success only: a sentinel stays on failure;
//! - a NULL out-parameter gives `OSS_CODE_NULL_ARGUMENT`;
//! - URLs are printable ASCII without the secret;
//! - accessors given NULL answer NULL or 0.
#![no_main]

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::ffi::{CStr, CString, c_char};
use std::ptr::{null, null_mut};
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oss_presign::ffi::batch::*;
use oss_presign::ffi::client::*;
use oss_presign::ffi::client_config::*;
use oss_presign::ffi::crc64::*;
use oss_presign::ffi::error::*;
use oss_presign::ffi::get_options::*;
use oss_presign::ffi::http_date::*;
use oss_presign::ffi::key_lint::*;
use oss_presign::ffi::presign::*;
use oss_presign::ffi::presigned_request::*;
use oss_presign::ffi::service_error::*;
use oss_presign::ffi::signing_key::*;
use oss_presign::ffi::strings::*;
use oss_presign::ffi::url_info::*;
use oss_presign::ffi::version::*;
use oss_presign::ffi::{
    oss_client, oss_client_config, oss_get_options, oss_presign_batch, oss_presigned_request,
    oss_service_error, oss_url_info,
};

/// Every secret the fuzzer passes starts with this; it must never show.
const SECRET_MARK: &[u8] = b"Sk9mArK";

/// The codes of the error table in docs/c-api.md: the documented ones.
fn documented_codes() -> &'static BTreeSet<u32> {
    static CODES: OnceLock<BTreeSet<u32>> = OnceLock::new();
    CODES.get_or_init(|| {
        let codes: BTreeSet<u32> = include_str!("../../docs/c-api.md")
            .lines()
            .filter(|l| l.starts_with("| `OSS_CODE_"))
            .filter_map(|l| l.split('|').nth(2)?.trim().parse().ok())
            .collect();
        assert!(
            codes.len() > 20,
            "the error table of docs/c-api.md was not found"
        );
        codes
    })
}

#[derive(Arbitrary, Debug)]
enum Text<'a> {
    Null,
    Bytes(&'a [u8]),
    /// One byte many times (up to 25,500): strings over the 8192-byte bound.
    Long(u8, u8),
    Known(u8),
}

/// Values the library treats specially.
const KNOWN: &[&str] = &[
    "",
    "oss-cn-hangzhou.aliyuncs.com",
    "http://127.0.0.1:9000",
    "cn-hangzhou",
    "examplebucket",
    "a.txt",
    "dir/\u{5b50} b+c",
    "oss",
    "20240102",
    "LTAI5tFuzz",
    "x-oss-meta-a",
    "Content-Type",
    "Tue, 02 Jan 2024 03:04:05 GMT",
    "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><ServerTime>2024-01-02T03:04:05.000Z</ServerTime></Error>",
];

impl Text<'_> {
    /// The C string (cut at the first NUL, as C sees it), or None for NULL.
    fn c(&self, secret: bool) -> Option<CString> {
        let mut bytes = match self {
            Text::Null => return None,
            Text::Bytes(b) => b.to_vec(),
            Text::Long(byte, n) => vec![*byte; usize::from(*n) * 100],
            Text::Known(i) => KNOWN[usize::from(*i) % KNOWN.len()].as_bytes().to_vec(),
        };
        if let Some(nul) = bytes.iter().position(|&b| b == 0) {
            bytes.truncate(nul);
        }
        if secret {
            bytes.splice(0..0, SECRET_MARK.iter().copied());
        } else {
            // Only secrets carry the marker.
            while let Some(at) = find(&bytes, SECRET_MARK) {
                bytes[at] = b'_';
            }
            // Nor may plain text spell a signing key derived earlier: the
            // fuzzer learns the key's hex from the comparisons that look
            // for it in outputs, and would find it in a URL as an object
            // name it passed itself.
            DERIVED.with_borrow(|derived| {
                for key in derived {
                    while let Some(at) = find(&bytes, key) {
                        bytes[at] = b'_';
                    }
                }
            });
        }
        Some(CString::new(bytes).unwrap())
    }
}

thread_local! {
    /// The signing keys derived during the current input (as hex text).
    static DERIVED: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(null(), |s| s.as_ptr())
}

#[derive(Arbitrary, Debug)]
enum Int {
    Known(u8),
    Raw(i64),
}

const KNOWN_INTS: &[i64] = &[
    0,
    1,
    -1,
    i64::MIN,
    i64::MAX,
    -2, // as u64: UINT64_MAX - 1
    900,
    3600,
    86_399,
    86_400,
    86_401,
    604_800,
    604_801,
    819_200,
    1_704_153_599, // 2024-01-01T23:59:59Z
    1_704_153_600,
    1_704_164_645,
    253_402_300_799,
    253_402_300_800,
];

impl Int {
    fn i64(&self) -> i64 {
        match self {
            Int::Known(i) => KNOWN_INTS[usize::from(*i) % KNOWN_INTS.len()],
            Int::Raw(v) => *v,
        }
    }
    fn u64(&self) -> u64 {
        self.i64() as u64
    }
}

#[derive(Arbitrary, Debug)]
enum UrlText<'a> {
    Text(Text<'a>),
    /// A URL presigned earlier in this input, with one byte replaced.
    Presigned {
        slot: u8,
        at: u16,
        byte: Option<u8>,
    },
}

#[derive(Arbitrary, Debug)]
enum Op<'a> {
    ClientNew {
        endpoint: Text<'a>,
        region: Text<'a>,
        id: Text<'a>,
        secret: Text<'a>,
        token: Text<'a>,
        out_null: bool,
    },
    ClientNewFromConfig {
        config: u8,
        out_null: bool,
    },
    ClientFree {
        client: u8,
    },
    ClientSetCredentials {
        client: u8,
        id: Text<'a>,
        secret: Text<'a>,
        token: Text<'a>,
        expiration: Int,
    },
    ClientSetServerTime {
        client: u8,
        time: Int,
    },
    ClientClockOffset {
        client: u8,
    },
    ClientSetSigningKey {
        client: u8,
        id: Text<'a>,
        key: Key<'a>,
        date: Text<'a>,
        token: Text<'a>,
        /// Through `oss_client_set_signing_key_with_expiration` when set.
        expiration: Option<Int>,
    },
    ConfigNew {
        endpoint: Text<'a>,
        region: Text<'a>,
        out_null: bool,
    },
    ConfigFree {
        config: u8,
    },
    ConfigSetCredentials {
        config: u8,
        id: Text<'a>,
        secret: Text<'a>,
        token: Text<'a>,
    },
    ConfigSetExpiration {
        config: u8,
        time: Int,
    },
    ConfigFromEnv {
        config: u8,
    },
    ConfigFlags {
        config: u8,
        path_style: bool,
        custom_domain: bool,
    },
    ConfigCloudbox {
        config: u8,
        id: Text<'a>,
    },
    ConfigSetSigningKey {
        config: u8,
        id: Text<'a>,
        key: Key<'a>,
        date: Text<'a>,
        token: Text<'a>,
    },
    OptionsNew,
    OptionsFree {
        options: u8,
    },
    OptionsInt {
        options: u8,
        which: u8,
        value: Int,
    },
    OptionsBool {
        options: u8,
        which: bool,
        value: bool,
    },
    OptionsText {
        options: u8,
        which: u8,
        value: Text<'a>,
    },
    OptionsAddQuery {
        options: u8,
        name: Text<'a>,
        value: Text<'a>,
    },
    OptionsAddHeader {
        options: u8,
        name: Text<'a>,
        value: Text<'a>,
    },
    /// `oss_presign_get`, or `oss_presign_head` when `head`.
    PresignGet {
        client: u8,
        bucket: Text<'a>,
        key: Text<'a>,
        options: u8,
        out_null: bool,
        head: bool,
    },
    /// `oss_presign_get_request`, or `oss_presign_head_request` when `head`.
    PresignGetRequest {
        client: u8,
        bucket: Text<'a>,
        key: Text<'a>,
        options: u8,
        out_null: bool,
        head: bool,
    },
    RequestRead {
        request: u8,
        index: Int,
        names_null: bool,
    },
    RequestFree {
        request: u8,
    },
    Batch {
        client: u8,
        bucket: Text<'a>,
        keys: Vec<Text<'a>>,
        keys_null: bool,
        options: u8,
        out_null: bool,
    },
    BatchRead {
        batch: u8,
        index: Int,
    },
    BatchFree {
        batch: u8,
    },
    LintKey {
        key: Text<'a>,
        out_null: bool,
    },
    ParseHttpDate {
        text: Text<'a>,
        out_null: bool,
    },
    Crc64 {
        crc: Int,
        data: &'a [u8],
        data_null: bool,
        /// Where the data is cut in two for a second, resumed computation.
        split: u16,
    },
    ServiceErrorParse {
        body: &'a [u8],
        body_null: bool,
        out_null: bool,
    },
    ServiceErrorRead {
        error: u8,
        name: Text<'a>,
    },
    ServiceErrorFree {
        error: u8,
    },
    DeriveKey {
        secret: Text<'a>,
        date: Text<'a>,
        region: Text<'a>,
        product: Text<'a>,
        out_null: bool,
    },
    InspectUrl {
        client: u8,
        url: UrlText<'a>,
        out_null: bool,
    },
    UrlInfoRead {
        info: u8,
        index: Int,
        now: Int,
    },
    UrlInfoFree {
        info: u8,
    },
    VerifyUrl {
        client: u8,
        url: UrlText<'a>,
        headers: Vec<(Text<'a>, Text<'a>)>,
        arrays_null: bool,
        now: Int,
    },
    StringFree {
        slot: u8,
    },
    Accessors,
}

/// A delegated signing key: arbitrary text, or one derived earlier.
#[derive(Arbitrary, Debug)]
enum Key<'a> {
    Text(Text<'a>),
    Derived(u8),
}

/// The live handles and owned strings of one input.
#[derive(Default)]
struct World {
    clients: Vec<*mut oss_client>,
    configs: Vec<*mut oss_client_config>,
    options: Vec<*mut oss_get_options>,
    requests: Vec<*mut oss_presigned_request>,
    batches: Vec<*mut oss_presign_batch>,
    service_errors: Vec<*mut oss_service_error>,
    infos: Vec<*mut oss_url_info>,
    /// URLs (`oss_presign_get`) and hex keys (`oss_derive_signing_key`).
    strings: Vec<*mut c_char>,
    /// Derived signing keys: secrets, never in a message or a URL.
    derived: Vec<Vec<u8>>,
    /// URLs made, for inspection and verification.
    urls: Vec<Vec<u8>>,
}

/// The handle in `slot`, or NULL when there is none.
fn pick<T>(handles: &[*mut T], slot: u8) -> *mut T {
    if handles.is_empty() || slot == u8::MAX {
        return null_mut();
    }
    handles[usize::from(slot) % handles.len()]
}

/// Removes the handle in `slot` for freeing (NULL when there is none).
fn take<T>(handles: &mut Vec<*mut T>, slot: u8) -> *mut T {
    if handles.is_empty() || slot == u8::MAX {
        return null_mut();
    }
    handles.swap_remove(usize::from(slot) % handles.len())
}

const MAX_HANDLES: usize = 8;

fn push<T>(handles: &mut Vec<*mut T>, handle: *mut T, free: unsafe extern "C" fn(*mut T)) {
    assert!(!handle.is_null(), "success without an output");
    if handles.len() >= MAX_HANDLES {
        // SAFETY: a live handle of this kind, removed from the world.
        unsafe { free(handles.swap_remove(0)) };
    }
    handles.push(handle);
}

impl World {
    /// Checks an error returned by a call (and frees it): true on success.
    fn check(&self, error: *mut oss_error, out_null: bool) -> bool {
        if error.is_null() {
            assert!(!out_null, "success with a NULL out-parameter");
            return true;
        }
        // SAFETY: a live error from the library; freed once, below.
        unsafe {
            let code = oss_error_code(error) as u32;
            assert!(
                documented_codes().contains(&code),
                "undocumented code {code}"
            );
            assert_ne!(code, oss_code::Panic as u32, "a panic was caught");
            assert_ne!(code, oss_code::Internal as u32, "an internal error");
            if out_null {
                assert_eq!(code, oss_code::NullArgument as u32, "NULL out-parameter");
            }
            let message = oss_error_message(error);
            assert!(!message.is_null());
            let message = CStr::from_ptr(message).to_bytes();
            assert!(std::str::from_utf8(message).is_ok(), "message not UTF-8");
            self.assert_no_secret(message, "an error message");
            let argument = oss_error_argument(error);
            assert!(!argument.is_null());
            assert!(CStr::from_ptr(argument).to_str().is_ok());
            oss_error_free(error);
        }
        false
    }

    fn assert_no_secret(&self, text: &[u8], what: &str) {
        assert!(find(text, SECRET_MARK).is_none(), "a secret in {what}");
        for key in &self.derived {
            assert!(find(text, key).is_none(), "a signing key in {what}");
        }
    }

    fn key(&self, key: &Key<'_>) -> Option<CString> {
        match key {
            Key::Text(text) => text.c(true),
            Key::Derived(i) if !self.derived.is_empty() => Some(
                CString::new(self.derived[usize::from(*i) % self.derived.len()].clone()).unwrap(),
            ),
            Key::Derived(_) => None,
        }
    }

    fn url(&self, url: &UrlText<'_>) -> Option<CString> {
        match url {
            UrlText::Text(text) => text.c(false),
            UrlText::Presigned { slot, at, byte } => {
                if self.urls.is_empty() {
                    return None;
                }
                let mut url = self.urls[usize::from(*slot) % self.urls.len()].clone();
                if let Some(byte) = byte {
                    let at = usize::from(*at) % url.len();
                    url[at] = if *byte == 0 { b'%' } else { *byte };
                }
                Some(CString::new(url).unwrap())
            }
        }
    }

    fn record_url(&mut self, url: *const c_char) {
        assert!(!url.is_null());
        // SAFETY: a NUL-terminated URL owned by a live handle or string.
        let url = unsafe { CStr::from_ptr(url) }.to_bytes().to_vec();
        assert!(
            url.iter().all(|b| (0x21..=0x7e).contains(b)),
            "URL not printable ASCII"
        );
        self.assert_no_secret(&url, "a URL");
        if self.urls.len() >= MAX_HANDLES {
            self.urls.remove(0);
        }
        self.urls.push(url);
    }

    /// Performs one call.
    ///
    /// # Safety
    /// Only handles of this world are passed, each live.
    unsafe fn run(&mut self, op: &Op<'_>) {
        // SAFETY (every call below): handles are NULL or live ones of this
        // world, strings NULL or NUL-terminated, out-pointers valid or NULL.
        unsafe {
            match op {
                Op::ClientNew {
                    endpoint,
                    region,
                    id,
                    secret,
                    token,
                    out_null,
                } => {
                    let (e, r, i, s, t) = (
                        endpoint.c(false),
                        region.c(false),
                        id.c(false),
                        secret.c(true),
                        token.c(false),
                    );
                    let mut out = null_mut();
                    let out_ptr = if *out_null { null_mut() } else { &mut out };
                    let error =
                        oss_client_new(ptr(&e), ptr(&r), ptr(&i), ptr(&s), ptr(&t), out_ptr);
                    if self.check(error, *out_null) {
                        push(&mut self.clients, out, oss_client_free);
                    } else {
                        assert!(out.is_null(), "output written on failure");
                    }
                }
                Op::ClientNewFromConfig { config, out_null } => {
                    let mut out = null_mut();
                    let out_ptr = if *out_null { null_mut() } else { &mut out };
                    let error = oss_client_new_from_config(pick(&self.configs, *config), out_ptr);
                    if self.check(error, *out_null) {
                        push(&mut self.clients, out, oss_client_free);
                    } else {
                        assert!(out.is_null(), "output written on failure");
                    }
                }
                Op::ClientFree { client } => oss_client_free(take(&mut self.clients, *client)),
                Op::ClientSetCredentials {
                    client,
                    id,
                    secret,
                    token,
                    expiration,
                } => {
                    let (i, s, t) = (id.c(false), secret.c(true), token.c(false));
                    let error = oss_client_set_credentials(
                        pick(&self.clients, *client),
                        ptr(&i),
                        ptr(&s),
                        ptr(&t),
                        expiration.i64(),
                    );
                    self.check(error, false);
                }
                Op::ClientSetServerTime { client, time } => {
                    self.check(
                        oss_client_set_server_time(pick(&self.clients, *client), time.i64()),
                        false,
                    );
                }
                Op::ClientClockOffset { client } => {
                    let client = pick(&self.clients, *client);
                    let offset = oss_client_clock_offset(client);
                    if client.is_null() {
                        assert_eq!(offset, 0);
                    }
                }
                Op::ClientSetSigningKey {
                    client,
                    id,
                    key,
                    date,
                    token,
                    expiration,
                } => {
                    let (i, k, d, t) = (id.c(false), self.key(key), date.c(false), token.c(false));
                    let client = pick(&self.clients, *client);
                    let error = match expiration {
                        None => {
                            oss_client_set_signing_key(client, ptr(&i), ptr(&k), ptr(&d), ptr(&t))
                        }
                        Some(expiration) => oss_client_set_signing_key_with_expiration(
                            client,
                            ptr(&i),
                            ptr(&k),
                            ptr(&d),
                            ptr(&t),
                            expiration.i64(),
                        ),
                    };
                    self.check(error, false);
                }
                Op::ConfigNew {
                    endpoint,
                    region,
                    out_null,
                } => {
                    let (e, r) = (endpoint.c(false), region.c(false));
                    let mut out = null_mut();
                    let out_ptr = if *out_null { null_mut() } else { &mut out };
                    if self.check(oss_client_config_new(ptr(&e), ptr(&r), out_ptr), *out_null) {
                        push(&mut self.configs, out, oss_client_config_free);
                    } else {
                        assert!(out.is_null(), "output written on failure");
                    }
                }
                Op::ConfigFree { config } => {
                    oss_client_config_free(take(&mut self.configs, *config))
                }
                Op::ConfigSetCredentials {
                    config,
                    id,
                    secret,
                    token,
                } => {
                    let (i, s, t) = (id.c(false), secret.c(true), token.c(false));
                    let error = oss_client_config_set_credentials(
                        pick(&self.configs, *config),
                        ptr(&i),
                        ptr(&s),
                        ptr(&t),
                    );
                    self.check(error, false);
                }
                Op::ConfigSetExpiration { config, time } => {
                    let error = oss_client_config_set_credentials_expiration(
                        pick(&self.configs, *config),
                        time.i64(),
                    );
                    self.check(error, false);
                }
                Op::ConfigFromEnv { config } => {
                    self.check(
                        oss_client_config_set_credentials_from_env(pick(&self.configs, *config)),
                        false,
                    );
                }
                Op::ConfigFlags {
                    config,
                    path_style,
                    custom_domain,
                } => {
                    let config = pick(&self.configs, *config);
                    self.check(oss_client_config_set_path_style(config, *path_style), false);
                    self.check(
                        oss_client_config_set_custom_domain(config, *custom_domain),
                        false,
                    );
                }
                Op::ConfigCloudbox { config, id } => {
                    let id = id.c(false);
                    self.check(
                        oss_client_config_set_cloudbox_id(pick(&self.configs, *config), ptr(&id)),
                        false,
                    );
                }
                Op::ConfigSetSigningKey {
                    config,
                    id,
                    key,
                    date,
                    token,
                } => {
                    let (i, k, d, t) = (id.c(false), self.key(key), date.c(false), token.c(false));
                    let error = oss_client_config_set_signing_key(
                        pick(&self.configs, *config),
                        ptr(&i),
                        ptr(&k),
                        ptr(&d),
                        ptr(&t),
                    );
                    self.check(error, false);
                }
                Op::OptionsNew => push(
                    &mut self.options,
                    oss_get_options_new(),
                    oss_get_options_free,
                ),
                Op::OptionsFree { options } => {
                    oss_get_options_free(take(&mut self.options, *options))
                }
                Op::OptionsInt {
                    options,
                    which,
                    value,
                } => {
                    let o = pick(&self.options, *options);
                    let error = match which % 5 {
                        0 => oss_get_options_set_expires(o, value.u64()),
                        1 => oss_get_options_set_expiration(o, value.i64()),
                        2 => oss_get_options_set_signing_time(o, value.i64()),
                        3 => oss_get_options_set_traffic_limit(o, value.u64()),
                        _ => oss_get_options_set_signing_time_window(o, value.u64()),
                    };
                    self.check(error, false);
                }
                Op::OptionsBool {
                    options,
                    which,
                    value,
                } => {
                    let o = pick(&self.options, *options);
                    let error = if *which {
                        oss_get_options_set_clamp_to_credentials(o, *value)
                    } else {
                        oss_get_options_set_diagnostics(o, *value)
                    };
                    self.check(error, false);
                }
                Op::OptionsText {
                    options,
                    which,
                    value,
                } => {
                    let o = pick(&self.options, *options);
                    let v = value.c(false);
                    let setters: [unsafe extern "C" fn(
                        *mut oss_get_options,
                        *const c_char,
                    ) -> *mut oss_error; 8] = [
                        oss_get_options_set_version_id,
                        oss_get_options_set_response_content_type,
                        oss_get_options_set_response_content_disposition,
                        oss_get_options_set_response_cache_control,
                        oss_get_options_set_response_content_encoding,
                        oss_get_options_set_response_content_language,
                        oss_get_options_set_response_expires,
                        oss_get_options_set_process,
                    ];
                    self.check(
                        setters[usize::from(*which) % setters.len()](o, ptr(&v)),
                        false,
                    );
                }
                Op::OptionsAddQuery {
                    options,
                    name,
                    value,
                } => {
                    let (n, v) = (name.c(false), value.c(false));
                    self.check(
                        oss_get_options_add_query(pick(&self.options, *options), ptr(&n), ptr(&v)),
                        false,
                    );
                }
                Op::OptionsAddHeader {
                    options,
                    name,
                    value,
                } => {
                    let (n, v) = (name.c(false), value.c(false));
                    self.check(
                        oss_get_options_add_header(pick(&self.options, *options), ptr(&n), ptr(&v)),
                        false,
                    );
                }
                Op::PresignGet {
                    client,
                    bucket,
                    key,
                    options,
                    out_null,
                    head,
                } => {
                    let (b, k) = (bucket.c(false), key.c(false));
                    let sentinel = c"sentinel".as_ptr().cast_mut();
                    let mut out = sentinel;
                    let out_ptr = if *out_null { null_mut() } else { &mut out };
                    let presign = if *head {
                        oss_presign_head
                    } else {
                        oss_presign_get
                    };
                    let error = presign(
                        pick(&self.clients, *client),
                        ptr(&b),
                        ptr(&k),
                        pick(&self.options, *options),
                        out_ptr,
                    );
                    if self.check(error, *out_null) {
                        self.record_url(out);
                        if self.strings.len() >= MAX_HANDLES {
                            oss_string_free(self.strings.swap_remove(0));
                        }
                        self.strings.push(out);
                    } else {
                        assert_eq!(out, sentinel, "output written on failure");
                    }
                }
                Op::PresignGetRequest {
                    client,
                    bucket,
                    key,
                    options,
                    out_null,
                    head,
                } => {
                    let (b, k) = (bucket.c(false), key.c(false));
                    let mut out = null_mut();
                    let out_ptr = if *out_null { null_mut() } else { &mut out };
                    let presign = if *head {
                        oss_presign_head_request
                    } else {
                        oss_presign_get_request
                    };
                    let error = presign(
                        pick(&self.clients, *client),
                        ptr(&b),
                        ptr(&k),
                        pick(&self.options, *options),
                        out_ptr,
                    );
                    if self.check(error, *out_null) {
                        self.record_url(oss_presigned_request_url(out));
                        push(&mut self.requests, out, oss_presigned_request_free);
                    } else {
                        assert!(out.is_null(), "output written on failure");
                    }
                }
                Op::RequestRead {
                    request,
                    index,
                    names_null,
                } => {
                    let r = pick(&self.requests, *request);
                    let url = oss_presigned_request_url(r);
                    let method = oss_presigned_request_method(r);
                    let _ = (
                        oss_presigned_request_signing_time(r),
                        oss_presigned_request_expiration(r),
                    );
                    let count = oss_presigned_request_header_count(r);
                    let trace = (
                        oss_presigned_request_canonical_request(r),
                        oss_presigned_request_string_to_sign(r),
                    );
                    if r.is_null() {
                        assert!(url.is_null() && method.is_null() && count == 0);
                        assert!(trace.0.is_null() && trace.1.is_null());
                    } else {
                        let method = CStr::from_ptr(method);
                        assert!(method == c"GET" || method == c"HEAD", "{method:?}");
                        // The method is the canonical request's first line.
                        if !trace.0.is_null() {
                            let canonical = CStr::from_ptr(trace.0).to_bytes();
                            assert!(canonical.starts_with(method.to_bytes()));
                            assert_eq!(canonical.get(method.to_bytes().len()), Some(&b'\n'));
                        }
                        for text in [trace.0, trace.1] {
                            if !text.is_null() {
                                self.assert_no_secret(CStr::from_ptr(text).to_bytes(), "a trace");
                            }
                        }
                    }
                    let sentinel = c"sentinel".as_ptr();
                    let (mut name, mut value) = (sentinel, sentinel);
                    let (name_ptr, value_ptr) = if *names_null {
                        (null_mut(), null_mut())
                    } else {
                        (&mut name as *mut _, &mut value as *mut _)
                    };
                    let error =
                        oss_presigned_request_header(r, index.u64() as usize, name_ptr, value_ptr);
                    if self.check(error, *names_null) {
                        assert!((index.u64() as usize) < count);
                        assert!(!name.is_null() && !value.is_null());
                    } else {
                        assert!(
                            name == sentinel && value == sentinel,
                            "output written on failure"
                        );
                    }
                }
                Op::RequestFree { request } => {
                    oss_presigned_request_free(take(&mut self.requests, *request))
                }
                Op::Batch {
                    client,
                    bucket,
                    keys,
                    keys_null,
                    options,
                    out_null,
                } => {
                    let b = bucket.c(false);
                    let owned: Vec<Option<CString>> =
                        keys.iter().take(40).map(|k| k.c(false)).collect();
                    let pointers: Vec<*const c_char> = owned.iter().map(ptr).collect();
                    let keys_ptr = if *keys_null {
                        null()
                    } else {
                        pointers.as_ptr()
                    };
                    let mut out = null_mut();
                    let out_ptr = if *out_null { null_mut() } else { &mut out };
                    let error = oss_presign_get_batch(
                        pick(&self.clients, *client),
                        ptr(&b),
                        keys_ptr,
                        pointers.len(),
                        pick(&self.options, *options),
                        out_ptr,
                    );
                    if self.check(error, *out_null) {
                        assert_eq!(oss_presign_batch_len(out), pointers.len());
                        for i in 0..pointers.len() {
                            let url = oss_presign_batch_url(out, i);
                            let entry_error = oss_presign_batch_error(out, i);
                            assert!(
                                url.is_null() != entry_error.is_null(),
                                "entry {i}: URL xor error"
                            );
                            if url.is_null() {
                                let code = oss_error_code(entry_error) as u32;
                                assert!(documented_codes().contains(&code));
                                self.assert_no_secret(
                                    CStr::from_ptr(oss_error_message(entry_error)).to_bytes(),
                                    "an entry error",
                                );
                            } else {
                                self.record_url(url);
                            }
                        }
                        push(&mut self.batches, out, oss_presign_batch_free);
                    } else {
                        assert!(out.is_null(), "output written on failure");
                    }
                }
                Op::BatchRead { batch, index } => {
                    let b = pick(&self.batches, *batch);
                    let len = oss_presign_batch_len(b);
                    let i = index.u64() as usize;
                    let (url, error) = (oss_presign_batch_url(b, i), oss_presign_batch_error(b, i));
                    if i >= len {
                        assert!(url.is_null() && error.is_null(), "an entry past the end");
                    }
                    let (signed, expires) = (
                        oss_presign_batch_signing_time(b),
                        oss_presign_batch_expiration(b),
                    );
                    if b.is_null() {
                        assert_eq!((signed, expires), (0, 0));
                    } else if len > 0 {
                        assert!(expires > signed, "expiration {expires} not after {signed}");
                    }
                }
                Op::BatchFree { batch } => oss_presign_batch_free(take(&mut self.batches, *batch)),
                Op::LintKey { key, out_null } => {
                    let k = key.c(false);
                    let mut findings = u32::MAX;
                    let out_ptr = if *out_null { null_mut() } else { &mut findings };
                    if self.check(oss_lint_key(ptr(&k), out_ptr), *out_null) {
                        assert!(findings < 64, "unknown lint bits {findings:#x}");
                    } else {
                        assert_eq!(findings, u32::MAX, "output written on failure");
                    }
                }
                Op::ParseHttpDate { text, out_null } => {
                    let t = text.c(false);
                    let mut unix = i64::MIN + 7;
                    let out_ptr = if *out_null { null_mut() } else { &mut unix };
                    if self.check(oss_parse_http_date(ptr(&t), out_ptr), *out_null) {
                        assert!((0..=253_402_300_799).contains(&unix), "{unix}");
                    } else {
                        assert_eq!(unix, i64::MIN + 7, "output written on failure");
                    }
                }
                Op::Crc64 {
                    crc,
                    data,
                    data_null,
                    split,
                } => {
                    let crc = crc.u64();
                    if *data_null {
                        assert_eq!(oss_crc64_update(crc, null(), data.len()), crc);
                    } else {
                        let whole = oss_crc64_update(crc, data.as_ptr().cast(), data.len());
                        assert_eq!(whole, oss_presign::crc64::update(crc, data));
                        let (head, tail) = data.split_at(usize::from(*split).min(data.len()));
                        let head = oss_crc64_update(crc, head.as_ptr().cast(), head.len());
                        let resumed = oss_crc64_update(head, tail.as_ptr().cast(), tail.len());
                        assert_eq!(resumed, whole, "resumed in two parts");
                    }
                }
                Op::ServiceErrorParse {
                    body,
                    body_null,
                    out_null,
                } => {
                    let body_ptr = if *body_null {
                        null()
                    } else {
                        body.as_ptr().cast::<c_char>()
                    };
                    let mut out = null_mut();
                    let out_ptr = if *out_null { null_mut() } else { &mut out };
                    let error = oss_service_error_parse(body_ptr, body.len(), out_ptr);
                    if self.check(error, *out_null) {
                        assert!(!oss_service_error_code(out).is_null());
                        push(&mut self.service_errors, out, oss_service_error_free);
                    } else {
                        assert!(out.is_null(), "output written on failure");
                    }
                }
                Op::ServiceErrorRead { error, name } => {
                    let e = pick(&self.service_errors, *error);
                    let n = name.c(false);
                    let (code, message, field) = (
                        oss_service_error_code(e),
                        oss_service_error_message(e),
                        oss_service_error_field(e, ptr(&n)),
                    );
                    let times = (
                        oss_service_error_server_time(e),
                        oss_service_error_expires(e),
                    );
                    if e.is_null() {
                        assert!(
                            code.is_null()
                                && message.is_null()
                                && field.is_null()
                                && times == (0, 0)
                        );
                    } else if n.is_none() {
                        assert!(field.is_null());
                    }
                }
                Op::ServiceErrorFree { error } => {
                    oss_service_error_free(take(&mut self.service_errors, *error))
                }
                Op::DeriveKey {
                    secret,
                    date,
                    region,
                    product,
                    out_null,
                } => {
                    let (s, d, r, p) = (
                        secret.c(true),
                        date.c(false),
                        region.c(false),
                        product.c(false),
                    );
                    let sentinel = c"sentinel".as_ptr().cast_mut();
                    let mut out = sentinel;
                    let out_ptr = if *out_null { null_mut() } else { &mut out };
                    if self.check(
                        oss_derive_signing_key(ptr(&s), ptr(&d), ptr(&r), ptr(&p), out_ptr),
                        *out_null,
                    ) {
                        let hex = CStr::from_ptr(out).to_bytes().to_vec();
                        assert!(
                            hex.len() == 64 && hex.iter().all(u8::is_ascii_hexdigit),
                            "not 64 hex digits"
                        );
                        DERIVED.with_borrow_mut(|derived| derived.push(hex.clone()));
                        self.derived.push(hex);
                        if self.strings.len() >= MAX_HANDLES {
                            oss_string_free(self.strings.swap_remove(0));
                        }
                        self.strings.push(out);
                    } else {
                        assert_eq!(out, sentinel, "output written on failure");
                    }
                }
                Op::InspectUrl {
                    client,
                    url,
                    out_null,
                } => {
                    let u = self.url(url);
                    let mut out = null_mut();
                    let out_ptr = if *out_null { null_mut() } else { &mut out };
                    if self.check(
                        oss_client_inspect_url(pick(&self.clients, *client), ptr(&u), out_ptr),
                        *out_null,
                    ) {
                        push(&mut self.infos, out, oss_url_info_free);
                    } else {
                        assert!(out.is_null(), "output written on failure");
                    }
                }
                Op::UrlInfoRead { info, index, now } => {
                    let i = pick(&self.infos, *info);
                    let texts = [
                        oss_url_info_bucket(i),
                        oss_url_info_key(i),
                        oss_url_info_access_key_id(i),
                        oss_url_info_region(i),
                    ];
                    let times = (
                        oss_url_info_signing_time(i),
                        oss_url_info_expiration(i),
                        oss_url_info_seconds_left(i, now.i64()),
                    );
                    let count = oss_url_info_additional_header_count(i);
                    let header = oss_url_info_additional_header(i, index.u64() as usize);
                    if i.is_null() {
                        assert!(
                            texts.iter().all(|t| t.is_null())
                                && times == (0, 0, 0)
                                && count == 0
                                && header.is_null()
                        );
                    } else {
                        assert!(texts.iter().all(|t| !t.is_null()));
                        assert_eq!(header.is_null(), index.u64() as usize >= count);
                        // The full length: a key may hold NUL, which C's strlen stops at.
                        let shown = CStr::from_ptr(texts[1]).to_bytes().len();
                        assert!(oss_url_info_key_len(i) >= shown);
                    }
                    if i.is_null() {
                        assert_eq!(oss_url_info_key_len(i), 0);
                    }
                }
                Op::UrlInfoFree { info } => oss_url_info_free(take(&mut self.infos, *info)),
                Op::VerifyUrl {
                    client,
                    url,
                    headers,
                    arrays_null,
                    now,
                } => {
                    let u = self.url(url);
                    let names: Vec<Option<CString>> =
                        headers.iter().take(70).map(|(n, _)| n.c(false)).collect();
                    let values: Vec<Option<CString>> =
                        headers.iter().take(70).map(|(_, v)| v.c(false)).collect();
                    let (np, vp): (Vec<_>, Vec<_>) = (
                        names.iter().map(ptr).collect(),
                        values.iter().map(ptr).collect(),
                    );
                    let (np, vp) = if *arrays_null {
                        (null(), null())
                    } else {
                        (np.as_ptr(), vp.as_ptr())
                    };
                    let error = oss_client_verify_url(
                        pick(&self.clients, *client),
                        ptr(&u),
                        np,
                        vp,
                        names.len(),
                        now.i64(),
                    );
                    self.check(error, false);
                }
                Op::StringFree { slot } => oss_string_free(take(&mut self.strings, *slot)),
                Op::Accessors => {
                    assert_eq!(oss_error_code(null()) as u32, 0);
                    assert!(!oss_error_message(null()).is_null());
                    assert!(!oss_error_argument(null()).is_null());
                    oss_error_free(null_mut());
                    oss_string_free(null_mut());
                    let version = CStr::from_ptr(oss_version()).to_str().unwrap();
                    assert!(
                        version.split('.').count() == 3
                            && version.split('.').all(|p| p.parse::<u32>().is_ok()),
                        "{version}"
                    );
                }
            }
        }
    }

    /// Frees everything still live.
    fn free_all(&mut self) {
        // SAFETY: each handle is live and freed once, with its own free.
        unsafe {
            self.clients.drain(..).for_each(|h| oss_client_free(h));
            self.configs
                .drain(..)
                .for_each(|h| oss_client_config_free(h));
            self.options.drain(..).for_each(|h| oss_get_options_free(h));
            self.requests
                .drain(..)
                .for_each(|h| oss_presigned_request_free(h));
            self.batches
                .drain(..)
                .for_each(|h| oss_presign_batch_free(h));
            self.service_errors
                .drain(..)
                .for_each(|h| oss_service_error_free(h));
            self.infos.drain(..).for_each(|h| oss_url_info_free(h));
            self.strings.drain(..).for_each(|s| oss_string_free(s));
        }
    }
}

fuzz_target!(|ops: Vec<Op<'_>>| {
    DERIVED.with_borrow_mut(Vec::clear);
    let mut world = World::default();
    for op in ops.iter().take(64) {
        // SAFETY: only this world's live handles are used.
        unsafe { world.run(op) };
    }
    world.free_all();
});
