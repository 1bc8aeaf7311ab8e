//! The header's `Errors:` paragraphs are the behaviour: for every function
//! of `include/oss_presign.h`, each code its paragraph lists is provoked
//! here by calling the function, and each provocation here is of a code
//! the paragraph lists. A paragraph may say "as for `oss_x`": it lists the
//! codes of `oss_x` too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{CString, c_char};
use std::ptr::{null, null_mut};
use std::sync::Arc;

use super::batch::*;
use super::client::*;
use super::client_config::*;
use super::error::*;
use super::get_options::*;
use super::handle;
use super::http_date::*;
use super::key_lint::*;
use super::presign::*;
use super::presigned_request::*;
use super::service_error::*;
use super::signing_key::*;
use super::strings::oss_string_free;
use super::url_info::*;
use crate::limits::{MAX_ARGUMENT_BYTES, MAX_URL_BYTES};
use crate::{Client, Clock, Credentials};

const HEADER: &str = include_str!("../../include/oss_presign.h");

/// 2024-01-02T03:04:05Z, the signing time of vector G1.
const G1_TIME: i64 = 1_704_164_645;
/// The key of 2024-01-02 for `sk`, cn-hangzhou, oss (vector G1's).
const G1_KEY: &str = "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a";

/// The documented codes of each function: its own and those of the
/// functions its paragraph refers to ("as for `oss_x`").
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let mut own = BTreeMap::new();
    let mut refers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rest = HEADER;
    while let Some(start) = rest.find("/**") {
        let after = &rest[start + 3..];
        let end = after.find("*/").expect("a doc comment ends");
        let doc: Vec<&str> = after[..end]
            .lines()
            .map(|line| line.trim().trim_start_matches('*').trim())
            .collect();
        rest = &after[end + 2..];
        // The declaration this comment documents, when it is a function.
        let Some(name) = function_name(rest) else {
            continue;
        };
        let paragraphs = doc.split(|line| line.is_empty());
        let Some(errors) = paragraphs
            .map(|lines| lines.join(" "))
            .find_map(|text| text.find("Errors").map(|at| text[at..].to_owned()))
        else {
            continue;
        };
        let codes: BTreeSet<String> = words(&errors)
            .filter(|word| word.starts_with("OSS_CODE_"))
            .collect();
        if let Some(at) = errors.find("as for `") {
            let target = errors[at + 8..].split('`').next().unwrap().to_owned();
            refers.entry(name.clone()).or_default().push(target);
        }
        own.insert(name, codes);
    }
    let mut all = own.clone();
    for (name, targets) in &refers {
        for target in targets {
            let inherited = own
                .get(target)
                .unwrap_or_else(|| panic!("{name} refers to {target}, which lists no errors"));
            // One level of reference is all the header uses; a second level
            // is resolved by the loop below.
            all.get_mut(name).unwrap().extend(inherited.iter().cloned());
        }
    }
    for (name, targets) in &refers {
        for target in targets {
            let inherited = all[target].clone();
            all.get_mut(name).unwrap().extend(inherited);
        }
    }
    all
}

/// The name of the function declared at the start of `text`, if it
/// declares one: `[OSS_MUST_USE] type *name(`.
fn function_name(text: &str) -> Option<String> {
    let head = &text[..text.find('(')?];
    if head.contains([';', '{', '}', '=', '#', '/']) {
        return None;
    }
    let name = head.split_whitespace().last()?.trim_start_matches('*');
    name.starts_with("oss_").then(|| name.to_owned())
}

/// The identifiers of a text.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
}

/// `OSS_CODE_X` of a code, as the header spells it.
fn c_name(code: oss_code) -> String {
    let mut name = String::from("OSS_CODE");
    for c in format!("{code:?}").chars() {
        if c.is_ascii_uppercase() {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

// ---------------------------------------------------------------- inputs

/// A C string argument.
#[derive(Clone, Copy)]
enum S {
    Null,
    T(&'static str),
    /// Over `MAX_ARGUMENT_BYTES`.
    Long,
    /// Not UTF-8.
    Bad,
}

impl S {
    fn c(self) -> Option<CString> {
        match self {
            S::Null => None,
            S::T(text) => Some(CString::new(text).unwrap()),
            S::Long => Some(CString::new("a".repeat(MAX_ARGUMENT_BYTES + 1)).unwrap()),
            S::Bad => Some(CString::new(vec![0xff]).unwrap()),
        }
    }
}

fn ptr(text: &Option<CString>) -> *const c_char {
    text.as_ref().map_or(null(), |c| c.as_ptr())
}

/// The code of `error`, which is freed.
fn code(error: *mut oss_error) -> oss_code {
    // SAFETY: NULL or an error of the library, freed once here.
    unsafe {
        let code = oss_error_code(error);
        oss_error_free(error);
        code
    }
}

/// A wall clock stuck before 1970.
struct Before1970;

impl Clock for Before1970 {
    fn wall_unix_nanos(&self) -> i64 {
        -5_000_000_000
    }
    fn since_boot_nanos(&self) -> i64 {
        0
    }
}

/// What a live client signs with.
#[derive(Clone, Copy)]
enum Signer {
    /// `ak`/`sk`, no expiration.
    Secret,
    /// The key of 2024-01-02, as `ak`.
    DayKey,
    /// `ak`/`sk`, expired in 2001.
    Expired,
    /// `ak`/`sk`, expiring 100 s from now.
    ExpiringSoon,
    /// `ak`/`sk` on a clock before 1970.
    ClockBefore1970,
}

/// A live client on oss-cn-hangzhou. Free with [`free_client`].
fn client(signer: Signer) -> *mut oss_client {
    let secret = || Credentials::new("ak", "sk").unwrap();
    let now = crate::SystemClock.wall_unix_nanos() / 1_000_000_000;
    let credentials = match signer {
        Signer::Secret | Signer::ClockBefore1970 => secret(),
        Signer::DayKey => Credentials::from_day_key("ak", G1_KEY, "20240102").unwrap(),
        Signer::Expired => secret().with_expiration(1_000_000_000).unwrap(),
        Signer::ExpiringSoon => secret().with_expiration(now + 100).unwrap(),
    };
    let mut builder = Client::builder("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou").unwrap();
    builder.credentials(credentials);
    if let Signer::ClockBefore1970 = signer {
        builder.clock(Arc::new(Before1970));
    }
    handle::into_raw(oss_client {
        inner: builder.build().unwrap(),
    })
}

fn free_client(client: *mut oss_client) {
    // SAFETY: from `client`, freed once.
    unsafe { oss_client_free(client) }
}

fn options() -> *mut oss_get_options {
    oss_get_options_new()
}

fn free_options(options: *mut oss_get_options) {
    // SAFETY: from `options`, freed once.
    unsafe { oss_get_options_free(options) }
}

/// A fresh configuration, with `ak`/`sk` when `credentials`.
fn config(credentials: bool) -> *mut oss_client_config {
    let mut config = null_mut();
    // SAFETY: valid strings and out-pointer.
    let error = unsafe {
        oss_client_config_new(
            c"oss-cn-hangzhou.aliyuncs.com".as_ptr(),
            c"cn-hangzhou".as_ptr(),
            &mut config,
        )
    };
    assert_eq!(code(error), oss_code::Ok);
    if credentials {
        // SAFETY: a live configuration, valid strings.
        let error = unsafe {
            oss_client_config_set_credentials(config, c"ak".as_ptr(), c"sk".as_ptr(), null())
        };
        assert_eq!(code(error), oss_code::Ok);
    }
    config
}

fn free_config(config: *mut oss_client_config) {
    // SAFETY: from `config`, freed once.
    unsafe { oss_client_config_free(config) }
}

// ------------------------------------------------------- the calls, safe

fn client_new(endpoint: S, region: S, id: S, secret: S, token: S) -> oss_code {
    let (e, r, i, s, t) = (endpoint.c(), region.c(), id.c(), secret.c(), token.c());
    let mut client = null_mut();
    // SAFETY: strings NULL or NUL-terminated, a valid out-pointer.
    let error = unsafe { oss_client_new(ptr(&e), ptr(&r), ptr(&i), ptr(&s), ptr(&t), &mut client) };
    free_client(client);
    code(error)
}

fn client_new_ok(endpoint: S) -> oss_code {
    client_new(
        endpoint,
        S::T("cn-hangzhou"),
        S::T("ak"),
        S::T("sk"),
        S::Null,
    )
}

fn client_new_from_config(credentials: bool, null_config: bool) -> oss_code {
    let config = config(credentials);
    let mut client = null_mut();
    let argument = if null_config {
        null()
    } else {
        config.cast_const()
    };
    // SAFETY: NULL or a live configuration, a valid out-pointer.
    let error = unsafe { oss_client_new_from_config(argument, &mut client) };
    free_client(client);
    free_config(config);
    code(error)
}

/// A client from a cn-hangzhou configuration signing with G1's key given
/// with `scope`.
fn client_new_from_config_with_key_of(scope: &str) -> oss_code {
    let config = config(false);
    let (key, scope) = (CString::new(G1_KEY).unwrap(), CString::new(scope).unwrap());
    // SAFETY: a live configuration, NUL-terminated strings.
    let error = unsafe {
        oss_client_config_set_signing_key(
            config,
            c"ak".as_ptr(),
            key.as_ptr(),
            scope.as_ptr(),
            null(),
        )
    };
    assert_eq!(code(error), oss_code::Ok);
    let mut client = null_mut();
    // SAFETY: a live configuration, a valid out-pointer.
    let error = unsafe { oss_client_new_from_config(config, &mut client) };
    free_client(client);
    free_config(config);
    code(error)
}

/// `oss_client_set_credentials` on a live client (NULL for `null_client`).
fn client_set_credentials(
    null_client: bool,
    id: S,
    secret: S,
    token: S,
    expiration: i64,
) -> oss_code {
    let client = client(Signer::Secret);
    let (i, s, t) = (id.c(), secret.c(), token.c());
    let target = if null_client {
        null()
    } else {
        client.cast_const()
    };
    // SAFETY: NULL or a live client, strings NULL or NUL-terminated.
    let error =
        unsafe { oss_client_set_credentials(target, ptr(&i), ptr(&s), ptr(&t), expiration) };
    free_client(client);
    code(error)
}

fn client_set_server_time(null_client: bool, time: i64) -> oss_code {
    let client = client(Signer::Secret);
    let target = if null_client {
        null()
    } else {
        client.cast_const()
    };
    // SAFETY: NULL or a live client.
    let error = unsafe { oss_client_set_server_time(target, time) };
    free_client(client);
    code(error)
}

fn config_new(endpoint: S, region: S) -> oss_code {
    let (e, r) = (endpoint.c(), region.c());
    let mut config = null_mut();
    // SAFETY: strings NULL or NUL-terminated, a valid out-pointer.
    let error = unsafe { oss_client_config_new(ptr(&e), ptr(&r), &mut config) };
    free_config(config);
    code(error)
}

/// Runs `call` on a fresh configuration (with credentials when
/// `credentials`), or on NULL when `null_config`.
fn on_config(
    credentials: bool,
    null_config: bool,
    call: impl FnOnce(*mut oss_client_config) -> *mut oss_error,
) -> oss_code {
    let config = config(credentials);
    let error = call(if null_config { null_mut() } else { config });
    free_config(config);
    code(error)
}

fn config_set_credentials(null_config: bool, id: S, secret: S, token: S) -> oss_code {
    let (i, s, t) = (id.c(), secret.c(), token.c());
    on_config(false, null_config, |config| {
        // SAFETY: NULL or a live configuration, strings NULL or
        // NUL-terminated.
        unsafe { oss_client_config_set_credentials(config, ptr(&i), ptr(&s), ptr(&t)) }
    })
}

fn config_set_credentials_expiration(credentials: bool, null_config: bool, t: i64) -> oss_code {
    on_config(credentials, null_config, |config| {
        // SAFETY: NULL or a live configuration.
        unsafe { oss_client_config_set_credentials_expiration(config, t) }
    })
}

fn config_set_flag(
    set: unsafe extern "C" fn(*mut oss_client_config, bool) -> *mut oss_error,
) -> oss_code {
    on_config(false, true, |config| {
        // SAFETY: NULL is a valid configuration argument.
        unsafe { set(config, true) }
    })
}

fn config_set_cloudbox_id(null_config: bool, id: S) -> oss_code {
    let i = id.c();
    on_config(false, null_config, |config| {
        // SAFETY: NULL or a live configuration, a string NULL or
        // NUL-terminated.
        unsafe { oss_client_config_set_cloudbox_id(config, ptr(&i)) }
    })
}

fn config_set_signing_key(null_config: bool, id: S, key: S, date: S, token: S) -> oss_code {
    let (i, k, d, t) = (id.c(), key.c(), date.c(), token.c());
    on_config(false, null_config, |config| {
        // SAFETY: NULL or a live configuration, strings NULL or
        // NUL-terminated.
        unsafe { oss_client_config_set_signing_key(config, ptr(&i), ptr(&k), ptr(&d), ptr(&t)) }
    })
}

fn client_set_signing_key(
    null_client: bool,
    id: S,
    key: S,
    date: S,
    token: S,
    expiration: Option<i64>,
) -> oss_code {
    let client = client(Signer::Secret);
    let target = if null_client {
        null()
    } else {
        client.cast_const()
    };
    let (i, k, d, t) = (id.c(), key.c(), date.c(), token.c());
    // SAFETY: NULL or a live client, strings NULL or NUL-terminated.
    let error = unsafe {
        match expiration {
            None => oss_client_set_signing_key(target, ptr(&i), ptr(&k), ptr(&d), ptr(&t)),
            Some(expiration) => oss_client_set_signing_key_with_expiration(
                target,
                ptr(&i),
                ptr(&k),
                ptr(&d),
                ptr(&t),
                expiration,
            ),
        }
    };
    free_client(client);
    code(error)
}

/// Runs `call` on fresh options, or on NULL when `null_options`.
fn on_options(
    null_options: bool,
    call: impl FnOnce(*mut oss_get_options) -> *mut oss_error,
) -> oss_code {
    let options = options();
    let error = call(if null_options { null_mut() } else { options });
    free_options(options);
    code(error)
}

fn options_set_u64(
    set: unsafe extern "C" fn(*mut oss_get_options, u64) -> *mut oss_error,
    null_options: bool,
    value: u64,
) -> oss_code {
    // SAFETY: NULL or live options.
    on_options(null_options, |o| unsafe { set(o, value) })
}

fn options_set_i64(
    set: unsafe extern "C" fn(*mut oss_get_options, i64) -> *mut oss_error,
    null_options: bool,
    value: i64,
) -> oss_code {
    // SAFETY: NULL or live options.
    on_options(null_options, |o| unsafe { set(o, value) })
}

fn options_set_bool(
    set: unsafe extern "C" fn(*mut oss_get_options, bool) -> *mut oss_error,
) -> oss_code {
    // SAFETY: NULL is a valid options argument.
    on_options(true, |o| unsafe { set(o, true) })
}

type TextSetter = unsafe extern "C" fn(*mut oss_get_options, *const c_char) -> *mut oss_error;
type PairSetter =
    unsafe extern "C" fn(*mut oss_get_options, *const c_char, *const c_char) -> *mut oss_error;

/// A string setter; `filled` options already hold `OSS_MAX_QUERY_PARAMETERS`
/// other parameters.
fn options_set_text(set: TextSetter, null_options: bool, filled: bool, value: S) -> oss_code {
    let v = value.c();
    on_options(null_options, |o| {
        if filled {
            fill_query(o);
        }
        // SAFETY: NULL or live options, a string NULL or NUL-terminated.
        unsafe { set(o, ptr(&v)) }
    })
}

fn options_add(set: PairSetter, null_options: bool, name: S, value: S) -> oss_code {
    let (n, v) = (name.c(), value.c());
    // SAFETY: NULL or live options, strings NULL or NUL-terminated.
    on_options(null_options, |o| unsafe { set(o, ptr(&n), ptr(&v)) })
}

/// Adds the most query parameters options may hold.
fn fill_query(options: *mut oss_get_options) {
    for i in 0..crate::limits::MAX_QUERY_PARAMETERS {
        let name = CString::new(format!("p{i}")).unwrap();
        // SAFETY: live options, valid strings.
        let error = unsafe { oss_get_options_add_query(options, name.as_ptr(), c"v".as_ptr()) };
        assert_eq!(code(error), oss_code::Ok);
    }
}

fn traffic_limit_after_filling(bits: u64) -> oss_code {
    on_options(false, |o| {
        fill_query(o);
        // SAFETY: live options.
        unsafe { oss_get_options_set_traffic_limit(o, bits) }
    })
}

/// How the options of a presign are set up.
#[derive(Clone, Copy)]
enum Setup {
    /// NULL options.
    Defaults,
    /// Signed at `T`, with an absolute expiration 1 s before it.
    ExpiredBeforeSigned,
    /// A `versionId` long enough for the URL to exceed `OSS_MAX_URL_BYTES`.
    LongUrl,
}

fn presign_options(setup: Setup) -> *mut oss_get_options {
    match setup {
        Setup::Defaults => null_mut(),
        Setup::ExpiredBeforeSigned => {
            let o = options();
            // SAFETY: live options.
            unsafe {
                assert_eq!(
                    code(oss_get_options_set_signing_time(o, G1_TIME)),
                    oss_code::Ok
                );
                assert_eq!(
                    code(oss_get_options_set_expiration(o, G1_TIME - 1)),
                    oss_code::Ok
                );
            }
            o
        }
        Setup::LongUrl => {
            let o = options();
            let id = CString::new("%".repeat(MAX_ARGUMENT_BYTES)).unwrap();
            // SAFETY: live options, a valid string.
            let error = unsafe { oss_get_options_set_version_id(o, id.as_ptr()) };
            assert_eq!(code(error), oss_code::Ok);
            o
        }
    }
}

/// The presign functions, by name.
type PresignUrl = unsafe extern "C" fn(
    *const oss_client,
    *const c_char,
    *const c_char,
    *const oss_get_options,
    *mut *mut c_char,
) -> *mut oss_error;
type PresignRequest = unsafe extern "C" fn(
    *const oss_client,
    *const c_char,
    *const c_char,
    *const oss_get_options,
    *mut *mut oss_presigned_request,
) -> *mut oss_error;

/// The presign function `function` (URL or request form).
fn presign_function(function: &str) -> Option<Result<PresignUrl, PresignRequest>> {
    Some(match function {
        "oss_presign_get" => Ok(oss_presign_get),
        "oss_presign_head" => Ok(oss_presign_head),
        "oss_presign_get_request" => Err(oss_presign_get_request),
        "oss_presign_head_request" => Err(oss_presign_head_request),
        _ => return None,
    })
}

/// Calls the presign function `function` with `client` (NULL for none).
fn presign_with(
    function: &str,
    client: *const oss_client,
    bucket: S,
    key: S,
    options: *const oss_get_options,
) -> oss_code {
    let (b, k) = (bucket.c(), key.c());
    let (mut url, mut request) = (null_mut(), null_mut());
    // SAFETY: NULL or a live client, NULL or live options, strings NULL or
    // NUL-terminated, valid out-pointers; results freed once below.
    let error = unsafe {
        match presign_function(function).unwrap() {
            Ok(presign) => presign(client, ptr(&b), ptr(&k), options, &mut url),
            Err(presign) => presign(client, ptr(&b), ptr(&k), options, &mut request),
        }
    };
    // SAFETY: NULL or results of the call above.
    unsafe {
        oss_string_free(url);
        oss_presigned_request_free(request);
    }
    code(error)
}

fn presign(function: &str, signer: Signer, bucket: S, key: S, setup: Setup) -> oss_code {
    let client = client(signer);
    let options = presign_options(setup);
    let result = presign_with(function, client, bucket, key, options);
    free_options(options);
    free_client(client);
    result
}

fn presign_null_client(function: &str) -> oss_code {
    presign_with(function, null(), S::T("b-1"), S::T("k"), null())
}

fn batch(signer: Signer, bucket: S, count: usize, setup: Setup) -> oss_code {
    let client = client(signer);
    let options = presign_options(setup);
    let b = bucket.c();
    let keys = vec![c"k".as_ptr(); count];
    let mut batch = null_mut();
    // SAFETY: a live client, NULL or live options, `count` valid keys, a
    // valid out-pointer; the batch freed once below.
    let error = unsafe {
        oss_presign_get_batch(client, ptr(&b), keys.as_ptr(), count, options, &mut batch)
    };
    // SAFETY: NULL or the batch of the call above.
    unsafe { oss_presign_batch_free(batch) };
    free_options(options);
    free_client(client);
    code(error)
}

fn parse_http_date(text: S) -> oss_code {
    let t = text.c();
    let mut out = 0;
    // SAFETY: a string NULL or NUL-terminated, a valid out-pointer.
    code(unsafe { oss_parse_http_date(ptr(&t), &mut out) })
}

fn lint_key(key: S) -> oss_code {
    let k = key.c();
    let mut out = 0;
    // SAFETY: a string NULL or NUL-terminated, a valid out-pointer.
    code(unsafe { oss_lint_key(ptr(&k), &mut out) })
}

fn presigned_request_header(null_request: bool, index: usize) -> oss_code {
    let client = client(Signer::Secret);
    let mut request = null_mut();
    // SAFETY: a live client, valid strings and out-pointer.
    let error = unsafe {
        oss_presign_get_request(client, c"b-1".as_ptr(), c"k".as_ptr(), null(), &mut request)
    };
    assert_eq!(code(error), oss_code::Ok);
    let target = if null_request {
        null()
    } else {
        request.cast_const()
    };
    let (mut name, mut value) = (null(), null());
    // SAFETY: NULL or a live request, valid out-pointers.
    let error = unsafe { oss_presigned_request_header(target, index, &mut name, &mut value) };
    // SAFETY: the request of the call above, freed once.
    unsafe { oss_presigned_request_free(request) };
    free_client(client);
    code(error)
}

fn service_error_parse(body: &[u8], null_body: bool) -> oss_code {
    let mut parsed = null_mut();
    let pointer = if null_body {
        null()
    } else {
        body.as_ptr().cast()
    };
    // SAFETY: NULL or `body.len()` readable bytes, a valid out-pointer.
    let error = unsafe { oss_service_error_parse(pointer, body.len(), &mut parsed) };
    // SAFETY: NULL or the result of the call above.
    unsafe { oss_service_error_free(parsed) };
    code(error)
}

fn derive(secret: S, date: S, region: S, product: S) -> oss_code {
    let (s, d, r, p) = (secret.c(), date.c(), region.c(), product.c());
    let mut hex = null_mut();
    // SAFETY: strings NULL or NUL-terminated, a valid out-pointer.
    let error = unsafe { oss_derive_signing_key(ptr(&s), ptr(&d), ptr(&r), ptr(&p), &mut hex) };
    // SAFETY: NULL or the key of the call above.
    unsafe { oss_string_free(hex) };
    code(error)
}

fn inspect(null_client: bool, url: S) -> oss_code {
    let client = client(Signer::Secret);
    let target = if null_client {
        null()
    } else {
        client.cast_const()
    };
    let u = url.c();
    let mut info = null_mut();
    // SAFETY: NULL or a live client, a string NULL or NUL-terminated, a
    // valid out-pointer.
    let error = unsafe { oss_client_inspect_url(target, ptr(&u), &mut info) };
    // SAFETY: NULL or the result of the call above.
    unsafe { oss_url_info_free(info) };
    free_client(client);
    code(error)
}

/// A URL presigned by `ak`/`sk` at `T` for 3600 s.
fn g1_url() -> String {
    let client = Client::new(
        "oss-cn-hangzhou.aliyuncs.com",
        "cn-hangzhou",
        Credentials::new("ak", "sk").unwrap(),
    )
    .unwrap();
    let mut options = crate::GetOptions::new();
    options
        .signing_time(G1_TIME)
        .unwrap()
        .expires(3600)
        .unwrap();
    client
        .presign_get_url("examplebucket", "exampleobject.txt", &options)
        .unwrap()
}

/// `oss_client_verify_url` of `url` (G1's when `None`) by a client with
/// `secret` (or the day key), sending `headers` copies of one header.
fn verify(
    null_client: bool,
    signer: Signer,
    secret: &str,
    url: S,
    headers: usize,
    now: i64,
) -> oss_code {
    let client = match (signer, secret) {
        (Signer::Secret, "sk") => client(Signer::Secret),
        (Signer::Secret, other) => {
            let credentials = Credentials::new("ak", other).unwrap();
            let inner =
                Client::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", credentials).unwrap();
            handle::into_raw(oss_client { inner })
        }
        (signer, _) => client(signer),
    };
    let target = if null_client {
        null()
    } else {
        client.cast_const()
    };
    let g1 = CString::new(g1_url()).unwrap();
    let u = url.c();
    let url = if let S::T("G1") = url {
        g1.as_ptr()
    } else {
        ptr(&u)
    };
    let names = vec![c"x-oss-meta-a".as_ptr(); headers];
    let values = vec![c"v".as_ptr(); headers];
    // SAFETY: NULL or a live client, valid strings, `headers` pointers in
    // each array.
    let error = unsafe {
        oss_client_verify_url(target, url, names.as_ptr(), values.as_ptr(), headers, now)
    };
    free_client(client);
    code(error)
}

/// `oss_client_config_set_credentials_from_env` with `variables` as the
/// whole environment: run in a child process of this test binary (the
/// environment is the process's), which reports the code.
fn from_env(variables: &[(&str, &[u8])]) -> oss_code {
    use std::os::unix::ffi::OsStrExt;
    let mut child = std::process::Command::new(std::env::current_exe().unwrap());
    child
        .args([
            "--exact",
            "ffi::documented_errors::from_env_child",
            "--ignored",
        ])
        .args(["--nocapture", "--test-threads", "1"])
        .env_clear()
        .env("OSS_TEST_FROM_ENV", "1");
    for (name, value) in variables {
        child.env(name, std::ffi::OsStr::from_bytes(value));
    }
    let output = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let reported = stdout
        .split("from_env code: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the child reported no code:\n{stdout}"));
    let reported: u32 = reported.trim().parse().unwrap();
    super::error::KIND_CODES
        .iter()
        .map(|&(_, code)| code)
        .chain([oss_code::Ok, oss_code::NullArgument, oss_code::InvalidUtf8])
        .find(|&code| code as u32 == reported)
        .unwrap()
}

/// The child of [`from_env`]: reports the code of the call.
#[test]
#[ignore = "run by documented_errors_are_the_behaviour, in its own process"]
fn from_env_child() {
    if std::env::var_os("OSS_TEST_FROM_ENV").is_none() {
        return;
    }
    let config = config(false);
    // SAFETY: a live configuration.
    let error = unsafe { oss_client_config_set_credentials_from_env(config) };
    println!("from_env code: {}", code(error) as u32);
    free_config(config);
}

// -------------------------------------------------------- the provocations

/// Calls `function` so that it fails with `code`, and returns the code it
/// failed with; `None` when this table has no such provocation.
fn provoke(function: &str, code: &str) -> Option<oss_code> {
    use S::*;
    let key = Some(T(G1_KEY));
    Some(match (function, code) {
        // Clients and configurations.
        ("oss_client_new", "OSS_CODE_NULL_ARGUMENT") => client_new_ok(Null),
        ("oss_client_new", "OSS_CODE_INVALID_UTF8") => client_new_ok(Bad),
        ("oss_client_new", "OSS_CODE_INVALID_ENDPOINT") => client_new_ok(T("a b")),
        ("oss_client_new", "OSS_CODE_INVALID_REGION") => {
            client_new(T("h.com"), T("CN"), T("ak"), T("sk"), Null)
        }
        ("oss_client_new", "OSS_CODE_MISSING_CREDENTIALS") => {
            client_new(T("h.com"), T("cn-hangzhou"), T("ak"), T(""), Null)
        }
        ("oss_client_new", "OSS_CODE_INVALID_CREDENTIALS") => {
            client_new(T("h.com"), T("cn-hangzhou"), T("ak"), T("sk"), T(""))
        }
        ("oss_client_new", "OSS_CODE_LIMIT_EXCEEDED") => {
            client_new(T("h.com"), T("cn-hangzhou"), T("ak"), Long, Null)
        }
        ("oss_client_new_from_config", "OSS_CODE_NULL_ARGUMENT") => {
            client_new_from_config(true, true)
        }
        ("oss_client_new_from_config", "OSS_CODE_MISSING_CREDENTIALS") => {
            client_new_from_config(false, false)
        }
        ("oss_client_new_from_config", "OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE") => {
            client_new_from_config_with_key_of("20240102/cn-shanghai/oss")
        }
        ("oss_client_set_credentials", "OSS_CODE_NULL_ARGUMENT") => {
            client_set_credentials(true, T("ak"), T("sk"), Null, 0)
        }
        ("oss_client_set_credentials", "OSS_CODE_INVALID_UTF8") => {
            client_set_credentials(false, T("ak"), Bad, Null, 0)
        }
        ("oss_client_set_credentials", "OSS_CODE_MISSING_CREDENTIALS") => {
            client_set_credentials(false, T(""), T("sk"), Null, 0)
        }
        ("oss_client_set_credentials", "OSS_CODE_INVALID_CREDENTIALS") => {
            client_set_credentials(false, T("ak"), T("sk"), Null, -1)
        }
        ("oss_client_set_credentials", "OSS_CODE_LIMIT_EXCEEDED") => {
            client_set_credentials(false, T("ak"), T("sk"), Long, 0)
        }
        ("oss_client_set_server_time", "OSS_CODE_NULL_ARGUMENT") => client_set_server_time(true, 0),
        ("oss_client_set_server_time", "OSS_CODE_INVALID_SIGNING_TIME") => {
            client_set_server_time(false, -1)
        }
        ("oss_client_config_new", "OSS_CODE_NULL_ARGUMENT") => config_new(T("h.com"), Null),
        ("oss_client_config_new", "OSS_CODE_INVALID_UTF8") => config_new(Bad, T("cn")),
        ("oss_client_config_new", "OSS_CODE_INVALID_ENDPOINT") => config_new(T(""), T("cn")),
        ("oss_client_config_new", "OSS_CODE_INVALID_REGION") => config_new(T("h.com"), T("")),
        ("oss_client_config_new", "OSS_CODE_LIMIT_EXCEEDED") => config_new(T("h.com"), Long),
        ("oss_client_config_set_credentials", "OSS_CODE_NULL_ARGUMENT") => {
            config_set_credentials(false, T("ak"), Null, Null)
        }
        ("oss_client_config_set_credentials", "OSS_CODE_INVALID_UTF8") => {
            config_set_credentials(false, Bad, T("sk"), Null)
        }
        ("oss_client_config_set_credentials", "OSS_CODE_MISSING_CREDENTIALS") => {
            config_set_credentials(false, T("ak"), T(""), Null)
        }
        ("oss_client_config_set_credentials", "OSS_CODE_INVALID_CREDENTIALS") => {
            config_set_credentials(false, T("a k"), T("sk"), Null)
        }
        ("oss_client_config_set_credentials", "OSS_CODE_LIMIT_EXCEEDED") => {
            config_set_credentials(false, Long, T("sk"), Null)
        }
        ("oss_client_config_set_credentials_expiration", "OSS_CODE_NULL_ARGUMENT") => {
            config_set_credentials_expiration(true, true, G1_TIME)
        }
        ("oss_client_config_set_credentials_expiration", "OSS_CODE_MISSING_CREDENTIALS") => {
            config_set_credentials_expiration(false, false, G1_TIME)
        }
        ("oss_client_config_set_credentials_expiration", "OSS_CODE_INVALID_CREDENTIALS") => {
            config_set_credentials_expiration(true, false, -1)
        }
        ("oss_client_config_set_credentials_from_env", "OSS_CODE_NULL_ARGUMENT") => {
            // SAFETY: NULL is a valid configuration argument.
            self::code(unsafe { oss_client_config_set_credentials_from_env(null_mut()) })
        }
        ("oss_client_config_set_credentials_from_env", "OSS_CODE_MISSING_CREDENTIALS") => {
            from_env(&[("OSS_ACCESS_KEY_ID", b"ak")])
        }
        ("oss_client_config_set_credentials_from_env", "OSS_CODE_INVALID_UTF8") => from_env(&[
            ("OSS_ACCESS_KEY_ID", b"ak"),
            ("OSS_ACCESS_KEY_SECRET", b"\xff"),
        ]),
        ("oss_client_config_set_credentials_from_env", "OSS_CODE_LIMIT_EXCEEDED") => {
            let long = vec![b'a'; MAX_ARGUMENT_BYTES + 1];
            from_env(&[
                ("OSS_ACCESS_KEY_ID", &long),
                ("OSS_ACCESS_KEY_SECRET", b"sk"),
            ])
        }
        ("oss_client_config_set_path_style", "OSS_CODE_NULL_ARGUMENT") => {
            config_set_flag(oss_client_config_set_path_style)
        }
        ("oss_client_config_set_custom_domain", "OSS_CODE_NULL_ARGUMENT") => {
            config_set_flag(oss_client_config_set_custom_domain)
        }
        ("oss_client_config_set_cloudbox_id", "OSS_CODE_NULL_ARGUMENT") => {
            config_set_cloudbox_id(false, Null)
        }
        ("oss_client_config_set_cloudbox_id", "OSS_CODE_INVALID_UTF8") => {
            config_set_cloudbox_id(false, Bad)
        }
        ("oss_client_config_set_cloudbox_id", "OSS_CODE_INVALID_REGION") => {
            config_set_cloudbox_id(false, T("cb_1"))
        }
        ("oss_client_config_set_cloudbox_id", "OSS_CODE_LIMIT_EXCEEDED") => {
            config_set_cloudbox_id(false, Long)
        }

        // Options.
        ("oss_get_options_set_expires", "OSS_CODE_NULL_ARGUMENT") => {
            options_set_u64(oss_get_options_set_expires, true, 60)
        }
        ("oss_get_options_set_expires", "OSS_CODE_INVALID_EXPIRY") => {
            options_set_u64(oss_get_options_set_expires, false, 0)
        }
        ("oss_get_options_set_expiration", "OSS_CODE_NULL_ARGUMENT") => {
            options_set_i64(oss_get_options_set_expiration, true, G1_TIME)
        }
        ("oss_get_options_set_expiration", "OSS_CODE_INVALID_EXPIRATION") => {
            options_set_i64(oss_get_options_set_expiration, false, -1)
        }
        ("oss_get_options_set_signing_time", "OSS_CODE_NULL_ARGUMENT") => {
            options_set_i64(oss_get_options_set_signing_time, true, G1_TIME)
        }
        ("oss_get_options_set_signing_time", "OSS_CODE_INVALID_SIGNING_TIME") => {
            options_set_i64(oss_get_options_set_signing_time, false, -1)
        }
        ("oss_get_options_set_traffic_limit", "OSS_CODE_NULL_ARGUMENT") => {
            options_set_u64(oss_get_options_set_traffic_limit, true, 819_200)
        }
        ("oss_get_options_set_traffic_limit", "OSS_CODE_INVALID_QUERY") => {
            options_set_u64(oss_get_options_set_traffic_limit, false, 1)
        }
        ("oss_get_options_set_traffic_limit", "OSS_CODE_LIMIT_EXCEEDED") => {
            traffic_limit_after_filling(819_200)
        }
        ("oss_get_options_set_signing_time_window", "OSS_CODE_NULL_ARGUMENT") => {
            options_set_u64(oss_get_options_set_signing_time_window, true, 60)
        }
        ("oss_get_options_set_signing_time_window", "OSS_CODE_INVALID_SIGNING_TIME_WINDOW") => {
            options_set_u64(oss_get_options_set_signing_time_window, false, 86_401)
        }
        ("oss_get_options_set_clamp_to_credentials", "OSS_CODE_NULL_ARGUMENT") => {
            options_set_bool(oss_get_options_set_clamp_to_credentials)
        }
        ("oss_get_options_set_diagnostics", "OSS_CODE_NULL_ARGUMENT") => {
            options_set_bool(oss_get_options_set_diagnostics)
        }
        ("oss_get_options_add_query", "OSS_CODE_NULL_ARGUMENT") => {
            options_add(oss_get_options_add_query, false, Null, T("v"))
        }
        ("oss_get_options_add_query", "OSS_CODE_INVALID_UTF8") => {
            options_add(oss_get_options_add_query, false, T("n"), Bad)
        }
        ("oss_get_options_add_query", "OSS_CODE_INVALID_QUERY") => {
            options_add(oss_get_options_add_query, false, T("x-oss-date"), T("v"))
        }
        ("oss_get_options_add_query", "OSS_CODE_LIMIT_EXCEEDED") => {
            options_add(oss_get_options_add_query, false, Long, T("v"))
        }
        ("oss_get_options_add_header", "OSS_CODE_NULL_ARGUMENT") => {
            options_add(oss_get_options_add_header, true, T("x-oss-meta-a"), T("v"))
        }
        ("oss_get_options_add_header", "OSS_CODE_INVALID_UTF8") => {
            options_add(oss_get_options_add_header, false, Bad, T("v"))
        }
        ("oss_get_options_add_header", "OSS_CODE_INVALID_HEADER") => {
            options_add(oss_get_options_add_header, false, T("a b"), T("v"))
        }
        ("oss_get_options_add_header", "OSS_CODE_LIMIT_EXCEEDED") => {
            options_add(oss_get_options_add_header, false, T("x-oss-meta-a"), Long)
        }
        (setter, code) if text_setter(setter).is_some() => {
            let set = text_setter(setter)?;
            match code {
                "OSS_CODE_NULL_ARGUMENT" => options_set_text(set, true, false, T("v")),
                "OSS_CODE_INVALID_UTF8" => options_set_text(set, false, false, Bad),
                "OSS_CODE_INVALID_QUERY" => options_set_text(set, false, false, T("")),
                "OSS_CODE_LIMIT_EXCEEDED" => options_set_text(set, false, true, T("v")),
                _ => return None,
            }
        }

        // Presigning.
        (function, code) if presign_function(function).is_some() => {
            let f = function;
            let (ok_bucket, ok_key) = (T("examplebucket"), T("a.txt"));
            match code {
                "OSS_CODE_NULL_ARGUMENT" => presign_null_client(f),
                "OSS_CODE_INVALID_UTF8" => {
                    presign(f, Signer::Secret, ok_bucket, Bad, Setup::Defaults)
                }
                "OSS_CODE_INVALID_BUCKET" => {
                    presign(f, Signer::Secret, T("B"), ok_key, Setup::Defaults)
                }
                "OSS_CODE_INVALID_KEY" => {
                    presign(f, Signer::Secret, ok_bucket, T("/k"), Setup::Defaults)
                }
                "OSS_CODE_INVALID_SIGNING_TIME" => presign(
                    f,
                    Signer::ClockBefore1970,
                    ok_bucket,
                    ok_key,
                    Setup::Defaults,
                ),
                "OSS_CODE_INVALID_EXPIRATION" => presign(
                    f,
                    Signer::Secret,
                    ok_bucket,
                    ok_key,
                    Setup::ExpiredBeforeSigned,
                ),
                "OSS_CODE_CREDENTIALS_EXPIRED" => {
                    presign(f, Signer::Expired, ok_bucket, ok_key, Setup::Defaults)
                }
                "OSS_CODE_CREDENTIALS_EXPIRE_FIRST" => {
                    presign(f, Signer::ExpiringSoon, ok_bucket, ok_key, Setup::Defaults)
                }
                "OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE" => {
                    presign(f, Signer::DayKey, ok_bucket, ok_key, Setup::Defaults)
                }
                "OSS_CODE_LIMIT_EXCEEDED" => {
                    presign(f, Signer::Secret, ok_bucket, ok_key, Setup::LongUrl)
                }
                _ => return None,
            }
        }
        ("oss_presign_get_batch", code) => match code {
            "OSS_CODE_NULL_ARGUMENT" => batch(Signer::Secret, Null, 1, Setup::Defaults),
            "OSS_CODE_INVALID_UTF8" => batch(Signer::Secret, Bad, 1, Setup::Defaults),
            "OSS_CODE_INVALID_BUCKET" => batch(Signer::Secret, T("B"), 1, Setup::Defaults),
            "OSS_CODE_LIMIT_EXCEEDED" => batch(
                Signer::Secret,
                T("examplebucket"),
                crate::limits::MAX_BATCH_KEYS + 1,
                Setup::Defaults,
            ),
            "OSS_CODE_INVALID_SIGNING_TIME" => batch(
                Signer::ClockBefore1970,
                T("examplebucket"),
                1,
                Setup::Defaults,
            ),
            "OSS_CODE_INVALID_EXPIRATION" => batch(
                Signer::Secret,
                T("examplebucket"),
                1,
                Setup::ExpiredBeforeSigned,
            ),
            "OSS_CODE_CREDENTIALS_EXPIRED" => {
                batch(Signer::Expired, T("examplebucket"), 1, Setup::Defaults)
            }
            "OSS_CODE_CREDENTIALS_EXPIRE_FIRST" => {
                batch(Signer::ExpiringSoon, T("examplebucket"), 1, Setup::Defaults)
            }
            "OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE" => {
                batch(Signer::DayKey, T("examplebucket"), 1, Setup::Defaults)
            }
            _ => return None,
        },
        ("oss_presigned_request_header", "OSS_CODE_NULL_ARGUMENT") => {
            presigned_request_header(true, 0)
        }
        ("oss_presigned_request_header", "OSS_CODE_INVALID_ARGUMENT") => {
            presigned_request_header(false, 0)
        }

        // Parsers and the key lint.
        ("oss_parse_http_date", "OSS_CODE_NULL_ARGUMENT") => parse_http_date(Null),
        ("oss_parse_http_date", "OSS_CODE_INVALID_UTF8") => parse_http_date(Bad),
        ("oss_parse_http_date", "OSS_CODE_INVALID_TIME") => parse_http_date(T("yesterday")),
        ("oss_lint_key", "OSS_CODE_NULL_ARGUMENT") => lint_key(Null),
        ("oss_lint_key", "OSS_CODE_INVALID_UTF8") => lint_key(Bad),
        ("oss_service_error_parse", "OSS_CODE_NULL_ARGUMENT") => service_error_parse(b"x", true),
        ("oss_service_error_parse", "OSS_CODE_INVALID_RESPONSE") => {
            service_error_parse(b"not xml", false)
        }

        // Delegated signing keys.
        ("oss_derive_signing_key", code) => {
            let ok = (T("sk"), T("20240102"), T("cn-hangzhou"), T("oss"));
            match code {
                "OSS_CODE_NULL_ARGUMENT" => derive(Null, ok.1, ok.2, ok.3),
                "OSS_CODE_INVALID_UTF8" => derive(ok.0, ok.1, Bad, ok.3),
                "OSS_CODE_MISSING_CREDENTIALS" => derive(T(""), ok.1, ok.2, ok.3),
                "OSS_CODE_INVALID_SIGNING_KEY" => derive(ok.0, T("2024-1-2"), ok.2, ok.3),
                "OSS_CODE_INVALID_REGION" => derive(ok.0, ok.1, ok.2, T("OSS")),
                "OSS_CODE_LIMIT_EXCEEDED" => derive(Long, ok.1, ok.2, ok.3),
                _ => return None,
            }
        }
        ("oss_client_config_set_signing_key", code) => {
            let k = key?;
            match code {
                "OSS_CODE_NULL_ARGUMENT" => {
                    config_set_signing_key(true, T("ak"), k, T("20240102"), Null)
                }
                "OSS_CODE_INVALID_UTF8" => {
                    config_set_signing_key(false, Bad, k, T("20240102"), Null)
                }
                "OSS_CODE_MISSING_CREDENTIALS" => {
                    config_set_signing_key(false, T(""), k, T("20240102"), Null)
                }
                "OSS_CODE_INVALID_SIGNING_KEY" => {
                    config_set_signing_key(false, T("ak"), T("00"), T("20240102"), Null)
                }
                "OSS_CODE_INVALID_CREDENTIALS" => {
                    config_set_signing_key(false, T("ak"), k, T("20240102"), T(""))
                }
                "OSS_CODE_LIMIT_EXCEEDED" => {
                    config_set_signing_key(false, T("ak"), k, T("20240102"), Long)
                }
                _ => return None,
            }
        }
        ("oss_client_set_signing_key" | "oss_client_set_signing_key_with_expiration", code) => {
            let k = key?;
            let expiration =
                (function == "oss_client_set_signing_key_with_expiration").then_some(0);
            let with = |id, key, date, token| {
                client_set_signing_key(false, id, key, date, token, expiration)
            };
            match code {
                "OSS_CODE_NULL_ARGUMENT" => {
                    client_set_signing_key(true, T("ak"), k, T("20240102"), Null, expiration)
                }
                "OSS_CODE_INVALID_UTF8" => with(T("ak"), k, Bad, Null),
                "OSS_CODE_MISSING_CREDENTIALS" => with(T(""), k, T("20240102"), Null),
                "OSS_CODE_INVALID_SIGNING_KEY" => with(T("ak"), k, T("20241301"), Null),
                "OSS_CODE_INVALID_CREDENTIALS" if expiration.is_some() => {
                    client_set_signing_key(false, T("ak"), k, T("20240102"), Null, Some(-1))
                }
                "OSS_CODE_INVALID_CREDENTIALS" => with(T("ak/1"), k, T("20240102"), Null),
                "OSS_CODE_LIMIT_EXCEEDED" => with(Long, k, T("20240102"), Null),
                // A key derived for cn-shanghai, on a cn-hangzhou client.
                "OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE" => {
                    with(T("ak"), k, T("20240102/cn-shanghai/oss"), Null)
                }
                _ => return None,
            }
        }

        // Reading and checking URLs.
        ("oss_client_inspect_url", "OSS_CODE_NULL_ARGUMENT") => inspect(false, Null),
        ("oss_client_inspect_url", "OSS_CODE_INVALID_UTF8") => inspect(false, Bad),
        ("oss_client_inspect_url", "OSS_CODE_MALFORMED_URL") => inspect(false, T("https://h/")),
        ("oss_client_inspect_url", "OSS_CODE_LIMIT_EXCEEDED") => {
            let url = format!("{}?{}", g1_url(), "a".repeat(MAX_URL_BYTES));
            inspect(false, T(Box::leak(url.into_boxed_str())))
        }
        ("oss_client_verify_url", code) => match code {
            "OSS_CODE_NULL_ARGUMENT" => verify(true, Signer::Secret, "sk", T("G1"), 0, G1_TIME),
            "OSS_CODE_INVALID_UTF8" => verify(false, Signer::Secret, "sk", Bad, 0, G1_TIME),
            "OSS_CODE_SIGNATURE_MISMATCH" => {
                verify(false, Signer::Secret, "other", T("G1"), 0, G1_TIME)
            }
            "OSS_CODE_URL_EXPIRED" => {
                verify(false, Signer::Secret, "sk", T("G1"), 0, G1_TIME + 3601)
            }
            "OSS_CODE_URL_NOT_YET_VALID" => {
                verify(false, Signer::Secret, "sk", T("G1"), 0, G1_TIME - 901)
            }
            "OSS_CODE_MALFORMED_URL" => {
                verify(false, Signer::Secret, "sk", T("https://h/"), 0, G1_TIME)
            }
            "OSS_CODE_SIGNING_KEY_OUT_OF_SCOPE" => {
                // The day key is of 2024-01-02, the URL of the 3rd.
                let client = Client::new(
                    "oss-cn-hangzhou.aliyuncs.com",
                    "cn-hangzhou",
                    Credentials::new("ak", "sk").unwrap(),
                )
                .unwrap();
                let mut o = crate::GetOptions::new();
                o.signing_time(G1_TIME + 86_400).unwrap();
                let url = client.presign_get_url("examplebucket", "a", &o).unwrap();
                let url: &'static str = Box::leak(url.into_boxed_str());
                verify(false, Signer::DayKey, "", T(url), 0, G1_TIME + 86_400)
            }
            "OSS_CODE_LIMIT_EXCEEDED" => verify(
                false,
                Signer::Secret,
                "sk",
                T("G1"),
                crate::limits::MAX_HEADERS + 1,
                G1_TIME,
            ),
            _ => return None,
        },
        _ => return None,
    })
}

/// The string setters of the options that share one set of errors.
fn text_setter(function: &str) -> Option<TextSetter> {
    Some(match function {
        "oss_get_options_set_version_id" => oss_get_options_set_version_id,
        "oss_get_options_set_response_content_type" => oss_get_options_set_response_content_type,
        "oss_get_options_set_response_content_disposition" => {
            oss_get_options_set_response_content_disposition
        }
        "oss_get_options_set_response_cache_control" => oss_get_options_set_response_cache_control,
        "oss_get_options_set_response_content_encoding" => {
            oss_get_options_set_response_content_encoding
        }
        "oss_get_options_set_response_content_language" => {
            oss_get_options_set_response_content_language
        }
        "oss_get_options_set_response_expires" => oss_get_options_set_response_expires,
        "oss_get_options_set_process" => oss_get_options_set_process,
        _ => return None,
    })
}

#[test]
#[cfg_attr(
    miri,
    ignore = "spawns processes; the calls are covered by the contract tests"
)]
fn documented_errors_are_the_behaviour() {
    let documented = documented();
    assert!(
        documented.len() > 40,
        "the header's Errors paragraphs were not found"
    );
    let mut failures = Vec::new();
    for (function, codes) in &documented {
        for expected in codes {
            match provoke(function, expected) {
                None => failures.push(format!("{function}: no call here provokes {expected}")),
                Some(got) if c_name(got) != *expected => failures.push(format!(
                    "{function}: documents {expected}, the call meant to provoke it gave {}",
                    c_name(got)
                )),
                Some(_) => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The other direction: a code this table provokes but the paragraph does
/// not list means the header is silent about it.
#[test]
#[cfg_attr(miri, ignore = "the same calls as above")]
fn every_provoked_code_is_documented() {
    let documented = documented();
    let codes: Vec<String> = super::error::KIND_CODES
        .iter()
        .map(|&(_, code)| c_name(code))
        .chain(["OSS_CODE_NULL_ARGUMENT".to_owned()])
        .collect();
    let mut silent = Vec::new();
    for (function, listed) in &documented {
        for code in &codes {
            if listed.contains(code) {
                continue;
            }
            if let Some(got) = provoke_quietly(function, code) {
                if c_name(got) == *code {
                    silent.push(format!("{function} returns {code}, which it does not list"));
                }
            }
        }
    }
    assert!(silent.is_empty(), "{}", silent.join("\n"));
}

/// [`provoke`], without the provocations that spawn a process.
fn provoke_quietly(function: &str, code: &str) -> Option<oss_code> {
    if function == "oss_client_config_set_credentials_from_env" {
        return None;
    }
    provoke(function, code)
}

/// Each function's doc, as one text per sentence (before `# Safety`).
fn sentences() -> BTreeMap<String, Vec<String>> {
    let mut all = BTreeMap::new();
    let mut rest = HEADER;
    while let Some(start) = rest.find("/**") {
        let after = &rest[start + 3..];
        let end = after.find("*/").expect("a doc comment ends");
        let text: Vec<&str> = after[..end]
            .lines()
            .map(|line| line.trim().trim_start_matches('*').trim())
            .take_while(|line| *line != "# Safety")
            .collect();
        rest = &after[end + 2..];
        if let Some(name) = function_name(rest) {
            let text = text.join(" ");
            let split = text.split(". ").map(str::to_owned).collect();
            all.insert(name, split);
        }
    }
    all
}

/// A code named anywhere in a function's doc (not only in its `Errors:`
/// paragraph, as in "presigning then fails with ...") is one the function
/// returns, or one that a function named in the same sentence returns.
#[test]
#[cfg_attr(miri, ignore = "text processing only, slow interpreted")]
fn every_code_a_doc_names_is_returned_by_a_function_it_names() {
    let documented = documented();
    let mut failures = Vec::new();
    for (function, sentences) in sentences() {
        for sentence in sentences {
            let named: Vec<String> = words(&sentence).collect();
            for code in named.iter().filter(|w| w.starts_with("OSS_CODE_")) {
                let returned_by = |f: &String| documented.get(f).is_some_and(|c| c.contains(code));
                // The codes of the boundary no call is documented to return.
                let boundary = ["OSS_CODE_OK", "OSS_CODE_PANIC", "OSS_CODE_INTERNAL"];
                if boundary.contains(&code.as_str()) || returned_by(&function) {
                    continue;
                }
                if !named.iter().any(returned_by) {
                    failures.push(format!("{function}: names {code}: \"{sentence}\""));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[cfg_attr(miri, ignore = "text processing only, slow interpreted")]
fn the_parser_reads_references_and_mid_paragraph_errors() {
    let documented = documented();
    // "Errors as for `oss_get_options_set_version_id`."
    assert_eq!(
        documented["oss_get_options_set_process"],
        documented["oss_get_options_set_version_id"]
    );
    // "Returns NULL when the URL is valid. Errors: ..."
    assert!(documented["oss_client_verify_url"].contains("OSS_CODE_URL_EXPIRED"));
    // Accessors list none.
    assert!(!documented.contains_key("oss_presigned_request_url"));
}
