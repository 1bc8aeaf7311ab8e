//! The parsers of server answers: HTTP dates (`parse_http_date`) and OSS
//! XML error bodies (`ServiceError::parse`).
//!
//! - arbitrary text: no panic; an accepted date is in 1970..9999 and its
//!   time of day is written in the text as `HH:MM:SS`;
//! - a time written in each of RFC 9110's three formats (by this target's
//!   own formatter) parses back to that time;
//! - arbitrary bodies: no panic; an accepted body has a non-empty `Code`;
//! - a body written from fuzzer-chosen field values (XML-escaped here)
//!   parses back to exactly those values.
#![no_main]

#[path = "../../tests/support/v4_oracle.rs"]
mod oracle;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oss_presign::{ServiceError, parse_http_date};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    text: &'a str,
    body: &'a [u8],
    time: u64,
    code: &'a str,
    message: &'a str,
    request_id: &'a str,
    cdata: bool,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const LONG_DAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

/// (year, month, day, hh, mm, ss, weekday index from Thursday) of a time.
fn civil(unix: i64) -> (i64, usize, i64, i64, i64, i64, usize) {
    let basic = oracle::iso8601_basic(unix);
    let n = |r: std::ops::Range<usize>| basic[r].parse::<i64>().unwrap();
    let weekday = unix.div_euclid(86_400).rem_euclid(7) as usize;
    (
        n(0..4),
        n(4..6) as usize,
        n(6..8),
        n(9..11),
        n(11..13),
        n(13..15),
        weekday,
    )
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fuzz_target!(|input: Input<'_>| {
    // Arbitrary text as a date.
    if let Ok(unix) = parse_http_date(input.text) {
        assert!(
            (0..=253_402_300_799).contains(&unix),
            "{unix} from {:?}",
            input.text
        );
        let (.., h, m, s, _) = civil(unix);
        assert!(
            input.text.contains(&format!("{h:02}:{m:02}:{s:02}")),
            "{:?} -> {unix}",
            input.text
        );
    }

    // A time in each format.
    let unix = (input.time % 253_402_300_800) as i64;
    let (year, month, day, h, m, s, weekday) = civil(unix);
    let month_name = MONTHS[month - 1];
    let imf = format!(
        "{}, {day:02} {month_name} {year:04} {h:02}:{m:02}:{s:02} GMT",
        DAYS[weekday]
    );
    assert_eq!(parse_http_date(&imf).ok(), Some(unix), "{imf}");
    let asctime = format!(
        "{} {month_name} {day:>2} {h:02}:{m:02}:{s:02} {year:04}",
        DAYS[weekday]
    );
    assert_eq!(parse_http_date(&asctime).ok(), Some(unix), "{asctime}");
    if (1970..2070).contains(&year) {
        let rfc850 = format!(
            "{}, {day:02}-{month_name}-{:02} {h:02}:{m:02}:{s:02} GMT",
            LONG_DAYS[weekday],
            year % 100
        );
        assert_eq!(parse_http_date(&rfc850).ok(), Some(unix), "{rfc850}");
    }

    // Arbitrary bytes as an error body.
    if let Ok(error) = ServiceError::parse(input.body) {
        assert!(!error.code().is_empty());
    }

    // A body written from chosen values reads back to them.
    let code = input.code.replace('\0', "");
    if code.is_empty() || input.message.contains('\0') || input.request_id.contains('\0') {
        return;
    }
    let wrap = |text: &str| {
        if input.cdata && !text.contains("]]>") {
            format!("<![CDATA[{text}]]>")
        } else {
            xml_escape(text)
        }
    };
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>{}</Code>\n  \
         <Message>{}</Message>\n  <RequestId>{}</RequestId>\n  \
         <ServerTime>{}</ServerTime>\n</Error>\n",
        wrap(&code),
        wrap(input.message),
        wrap(input.request_id),
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.000Z"),
    );
    let error = ServiceError::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
    assert_eq!(error.code(), code);
    assert_eq!(error.message(), Some(input.message));
    assert_eq!(error.field("RequestId"), Some(input.request_id));
    assert_eq!(error.server_time(), Some(unix));
});
