//! Every row of `tests/bad_inputs.tsv` through the C ABI: the call fails
//! with the row's code, `oss_error_argument` names the row's argument, the
//! message names it too, no output is written, and no secret leaks.
//!
//! The same table drives the C suite and the wrappers' suites; its header
//! describes the format.

#![allow(unsafe_code)] // calls the C ABI

use std::ffi::{CStr, CString, c_char};
use std::ptr::{null, null_mut};

use oss_presign::ffi::client::*;
use oss_presign::ffi::client_config::*;
use oss_presign::ffi::error::*;
use oss_presign::ffi::get_options::*;
use oss_presign::ffi::presign::{
    oss_presign_get, oss_presign_get_request, oss_presign_head, oss_presign_head_request,
};
use oss_presign::ffi::signing_key::oss_client_set_signing_key;
use oss_presign::ffi::strings::oss_string_free;
use oss_presign::ffi::url_info::{
    oss_client_inspect_url, oss_client_verify_url, oss_url_info_free,
};
use oss_presign::ffi::{oss_client, oss_client_config, oss_get_options};

const TABLE: &str = include_str!("bad_inputs.tsv");

/// The defaults of the table's header.
const ENDPOINT: &str = "oss-cn-hangzhou.aliyuncs.com";
const REGION: &str = "cn-hangzhou";
const ACCESS_KEY_ID: &str = "LTAI5tExample";
const SECRET: &str = "ExampleSecret+/=";
const BUCKET: &str = "examplebucket";
const KEY: &str = "a.txt";
/// Vector G1's signing key (2024-01-02, cn-hangzhou, oss).
const SIGNING_KEY: &str = "13491b1b9dd8b63b3b06746dd62528844db7dbb852e530a6d8bf7edae3c4d16a";

struct Row {
    line: usize,
    operation: String,
    value: String,
    code: String,
    argument: String,
}

/// Undoes the table's escapes: `\t \n \r \\ \xHH`, and `""` for empty.
fn unescape(text: &str) -> String {
    if text == "\"\"" {
        return String::new();
    }
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                let byte = u8::from_str_radix(&hex, 16).expect("\\xHH");
                assert!(
                    byte != 0 && byte < 0x80,
                    "\\x{hex} is not a non-NUL ASCII byte"
                );
                out.push(char::from(byte));
            }
            other => panic!("unknown escape \\{other:?}"),
        }
    }
    out
}

fn rows() -> Vec<Row> {
    TABLE
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(index, line)| {
            let columns: Vec<&str> = line.split('\t').collect();
            let [operation, value, repeat, code, argument] = columns[..] else {
                panic!("line {}: expected 5 columns, got {line:?}", index + 1);
            };
            let repeat: usize = repeat.parse().expect("repeat is a count");
            Row {
                line: index + 1,
                operation: operation.to_owned(),
                value: unescape(value).repeat(repeat),
                code: code.to_owned(),
                argument: argument.to_owned(),
            }
        })
        .collect()
}

/// The `OSS_CODE_*` name of a code, as the header spells it.
fn code_name(code: oss_code) -> String {
    let mut name = String::from("OSS_CODE");
    for c in format!("{code:?}").chars() {
        if c.is_ascii_uppercase() {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

fn cs(text: &str) -> CString {
    CString::new(text).expect("the table has no NUL")
}

/// A NULL error is a failure of the test: the call should have failed.
struct Failure {
    code: oss_code,
    argument: String,
    message: String,
}

fn take(error: *mut oss_error) -> Option<Failure> {
    if error.is_null() {
        return None;
    }
    // SAFETY: a live error from the library, freed once here; the argument
    // is static, so it may be read after the free.
    unsafe {
        let code = oss_error_code(error);
        let message = CStr::from_ptr(oss_error_message(error))
            .to_string_lossy()
            .into_owned();
        let argument = oss_error_argument(error);
        oss_error_free(error);
        let argument = CStr::from_ptr(argument).to_string_lossy().into_owned();
        Some(Failure {
            code,
            argument,
            message,
        })
    }
}

fn new_client(fields: [&str; 4], token: Option<&str>) -> (*mut oss_error, *mut oss_client) {
    let [endpoint, region, id, secret] = fields.map(cs);
    let token = token.map(cs);
    let mut client = null_mut();
    // SAFETY: valid strings (token NULL or valid) and out-pointer.
    let error = unsafe {
        oss_client_new(
            endpoint.as_ptr(),
            region.as_ptr(),
            id.as_ptr(),
            secret.as_ptr(),
            token.as_ref().map_or(null(), |t| t.as_ptr()),
            &mut client,
        )
    };
    (error, client)
}

fn default_client() -> *mut oss_client {
    let (error, client) = new_client([ENDPOINT, REGION, ACCESS_KEY_ID, SECRET], None);
    assert!(take(error).is_none(), "the table's defaults must be valid");
    client
}

/// Runs a setter on fresh options.
fn on_options(set: impl FnOnce(*mut oss_get_options) -> *mut oss_error) -> *mut oss_error {
    let options = oss_get_options_new();
    let error = set(options);
    // SAFETY: created above, freed once.
    unsafe { oss_get_options_free(options) };
    error
}

type TextSetter = unsafe extern "C" fn(*mut oss_get_options, *const c_char) -> *mut oss_error;

fn text_setter(name: &str) -> Option<TextSetter> {
    Some(match name {
        "version_id" => oss_get_options_set_version_id,
        "process" => oss_get_options_set_process,
        "response_content_type" => oss_get_options_set_response_content_type,
        "response_content_disposition" => oss_get_options_set_response_content_disposition,
        "response_cache_control" => oss_get_options_set_response_cache_control,
        "response_content_encoding" => oss_get_options_set_response_content_encoding,
        "response_content_language" => oss_get_options_set_response_content_language,
        "response_expires" => oss_get_options_set_response_expires,
        _ => return None,
    })
}

/// Asserts that `other` (freed here) fails with the code and argument of
/// `first`, the row's own refusal.
fn assert_same_refusal(other: *mut oss_error, first: *const oss_error, line: usize) {
    let other = take(other).unwrap_or_else(|| panic!("line {line}: succeeded"));
    // SAFETY: `first` is a live error; its argument is static.
    let (code, argument) = unsafe {
        (
            oss_error_code(first),
            CStr::from_ptr(oss_error_argument(first)).to_str().unwrap(),
        )
    };
    assert_eq!(
        (other.code, other.argument.as_str()),
        (code, argument),
        "line {line}"
    );
}

/// Performs the row's call; returns its error (NULL if it succeeded).
fn run(row: &Row) -> *mut oss_error {
    let value = row.value.as_str();
    let c_value = cs(value);
    let v = c_value.as_ptr();
    let operation = row.operation.as_str();
    // SAFETY (every block below): live handles made here, valid strings.
    match operation {
        "client.endpoint"
        | "client.region"
        | "client.access_key_id"
        | "client.access_key_secret" => {
            let mut fields = [ENDPOINT, REGION, ACCESS_KEY_ID, SECRET];
            let index = ["endpoint", "region", "access_key_id", "access_key_secret"]
                .iter()
                .position(|f| operation.ends_with(f))
                .expect("a client field");
            fields[index] = value;
            let (error, client) = new_client(fields, None);
            // SAFETY: NULL or a live client.
            unsafe { oss_client_free(client) };
            error
        }
        "client.security_token" => {
            let (error, client) =
                new_client([ENDPOINT, REGION, ACCESS_KEY_ID, SECRET], Some(value));
            // SAFETY: NULL or a live client.
            unsafe { oss_client_free(client) };
            error
        }
        "config.cloudbox_id" => {
            let mut config: *mut oss_client_config = null_mut();
            let (endpoint, region) = (cs(ENDPOINT), cs(REGION));
            // SAFETY: valid strings and out-pointer; the config is freed once.
            unsafe {
                assert!(
                    take(oss_client_config_new(
                        endpoint.as_ptr(),
                        region.as_ptr(),
                        &mut config
                    ))
                    .is_none()
                );
                let error = oss_client_config_set_cloudbox_id(config, v);
                oss_client_config_free(config);
                error
            }
        }
        "client.server_time" => {
            let unix: i64 = value.parse().expect("int64_t");
            let client = default_client();
            // SAFETY: a live client, freed once.
            unsafe {
                let error = oss_client_set_server_time(client, unix);
                oss_client_free(client);
                error
            }
        }
        "client.signing_key_date" => {
            let client = default_client();
            let (id, key) = (cs(ACCESS_KEY_ID), cs(SIGNING_KEY));
            // SAFETY: a live client, valid strings; the client freed once.
            unsafe {
                let error =
                    oss_client_set_signing_key(client, id.as_ptr(), key.as_ptr(), v, null());
                oss_client_free(client);
                error
            }
        }
        "presign.bucket" | "presign.key" => {
            let client = default_client();
            let (bucket, key) = if operation == "presign.bucket" {
                (value, KEY)
            } else {
                (BUCKET, value)
            };
            let (bucket, key) = (cs(bucket), cs(key));
            let (b, k) = (bucket.as_ptr(), key.as_ptr());
            let mut url = null_mut();
            // SAFETY: live client, valid strings and out-pointers; each
            // result and error freed once.
            unsafe {
                let error = oss_presign_get(client, b, k, null(), &mut url);
                assert!(!error.is_null() || !url.is_null());
                oss_string_free(url);
                if !error.is_null() {
                    // The other presign functions refuse it alike.
                    let (mut url, mut request) = (null_mut(), null_mut());
                    for other in [
                        oss_presign_head(client, b, k, null(), &mut url),
                        oss_presign_get_request(client, b, k, null(), &mut request),
                        oss_presign_head_request(client, b, k, null(), &mut request),
                    ] {
                        assert_same_refusal(other, error, row.line);
                    }
                    assert!(url.is_null() && request.is_null());
                }
                oss_client_free(client);
                error
            }
        }
        "inspect.url" => {
            let client = default_client();
            let mut info = null_mut();
            // SAFETY: live client, valid string and out-pointer; each result
            // and error freed once.
            unsafe {
                let error = oss_client_inspect_url(client, v, &mut info);
                assert!(!error.is_null() || !info.is_null());
                oss_url_info_free(info);
                if !error.is_null() {
                    // Verifying refuses it alike.
                    let other = oss_client_verify_url(client, v, null(), null(), 0, 0);
                    assert_same_refusal(other, error, row.line);
                }
                oss_client_free(client);
                error
            }
        }
        "options.expires" => {
            let seconds: u64 = value.parse().expect("uint64_t");
            // SAFETY: live options.
            on_options(|o| unsafe { oss_get_options_set_expires(o, seconds) })
        }
        "options.traffic_limit" => {
            let bits: u64 = value.parse().expect("uint64_t");
            // SAFETY: live options.
            on_options(|o| unsafe { oss_get_options_set_traffic_limit(o, bits) })
        }
        "options.signing_time_window" => {
            let seconds: u64 = value.parse().expect("uint64_t");
            // SAFETY: live options.
            on_options(|o| unsafe { oss_get_options_set_signing_time_window(o, seconds) })
        }
        "options.expiration" => {
            let unix: i64 = value.parse().expect("int64_t");
            // SAFETY: live options.
            on_options(|o| unsafe { oss_get_options_set_expiration(o, unix) })
        }
        "options.signing_time" => {
            let unix: i64 = value.parse().expect("int64_t");
            // SAFETY: live options.
            on_options(|o| unsafe { oss_get_options_set_signing_time(o, unix) })
        }
        "options.add_query.name" => {
            // SAFETY: live options, valid strings.
            on_options(|o| unsafe { oss_get_options_add_query(o, v, c"v".as_ptr()) })
        }
        "options.add_query.value" => {
            // SAFETY: live options, valid strings.
            on_options(|o| unsafe { oss_get_options_add_query(o, c"n".as_ptr(), v) })
        }
        "options.add_header.name" => {
            // SAFETY: live options, valid strings.
            on_options(|o| unsafe { oss_get_options_add_header(o, v, c"v".as_ptr()) })
        }
        "options.add_header.value" => {
            // SAFETY: live options, valid strings.
            on_options(|o| unsafe { oss_get_options_add_header(o, c"x-oss-meta-a".as_ptr(), v) })
        }
        _ => {
            let setter = operation
                .strip_prefix("options.")
                .and_then(text_setter)
                .unwrap_or_else(|| panic!("line {}: unknown operation {operation}", row.line));
            // SAFETY: live options, valid string.
            on_options(|o| unsafe { setter(o, v) })
        }
    }
}

#[test]
fn every_row_fails_with_its_code_and_argument() {
    let rows = rows();
    assert!(rows.len() > 100, "the table was not read");
    let mut failures = Vec::new();
    for row in &rows {
        let shown = format!("line {} ({} = {:?})", row.line, row.operation, row.value);
        match take(run(row)) {
            None => failures.push(format!("{shown}: succeeded")),
            Some(failure) => {
                let code = code_name(failure.code);
                if code != row.code || failure.argument != row.argument {
                    failures.push(format!(
                        "{shown}: got {code} about {:?}, expected {} about {:?} ({})",
                        failure.argument, row.code, row.argument, failure.message
                    ));
                } else if !failure.message.contains(&row.argument)
                    || failure.message.contains(SECRET)
                {
                    failures.push(format!("{shown}: message {:?}", failure.message));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn code_names_follow_the_header() {
    let header = include_str!("../include/oss_presign.h");
    for code in [
        oss_code::InvalidUtf8,
        oss_code::InvalidEndpoint,
        oss_code::LimitExceeded,
        oss_code::InvalidExpiration,
    ] {
        let name = code_name(code);
        assert!(
            header.contains(&format!("{name} = {}", code as u32)),
            "{name}"
        );
    }
}
