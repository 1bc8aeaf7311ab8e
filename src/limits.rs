//! Every bound on an input or an output, in one place: OSS's own (a key of
//! at most 1023 bytes, a lifetime of at most 7 days) and this library's (the
//! longest argument, URL and batch), which keep every URL usable (HTTP
//! stacks, proxies and CDNs refuse request lines past a few KiB) and every
//! allocation small.
//!
//! The checks that apply them live in `validation`. cbindgen writes each
//! constant into the C header as an `OSS_`-prefixed macro (`MAX_URL_BYTES`
//! becomes `OSS_MAX_URL_BYTES`), so C code and the header's documentation
//! name the macro and never copy the number.

use crate::v4::SECONDS_PER_DAY;

/// Longest string argument, in UTF-8 bytes: endpoint, region, credentials,
/// query names and values, header names and values, and the typed options.
/// A longer one is refused as over its limit before anything is allocated
/// for it.
pub const MAX_ARGUMENT_BYTES: usize = 8192;

/// Most query parameters one set of options may hold, typed setters included.
pub const MAX_QUERY_PARAMETERS: usize = 64;

/// Most headers one set of options may sign, and most headers a
/// verification may be given.
pub const MAX_HEADERS: usize = 64;

/// Longest URL a presign writes, and longest URL that inspecting or
/// verifying reads, in bytes. Many HTTP servers and proxies refuse request
/// lines past 8 KiB; this bound leaves room for the longest key of CJK text,
/// an STS token and several response overrides. A longer URL is none of
/// this library's, and is refused before it is parsed.
pub const MAX_URL_BYTES: usize = 16_384;

/// Most keys one batch presign takes (its URLs are held in memory at once).
pub const MAX_BATCH_KEYS: usize = 1000;

/// Longest object key OSS accepts, in UTF-8 bytes.
pub const MAX_KEY_BYTES: usize = 1023;

/// URL lifetime used when the options set none: 15 minutes, as in the
/// official SDKs.
pub const DEFAULT_EXPIRES_SECONDS: u64 = 900;

/// Longest URL lifetime OSS accepts: 7 days.
pub const MAX_EXPIRES_SECONDS: u64 = 604_800;

/// Longest signing time window: one day.
// A plain number, not `SECONDS_PER_DAY as u64`: cbindgen writes a cast as
// `(uint64_t)OSS_SECONDS_PER_DAY`, which C's `#if` cannot evaluate.
pub const MAX_SIGNING_TIME_WINDOW: u64 = 86_400;
const _: () = assert!(MAX_SIGNING_TIME_WINDOW == SECONDS_PER_DAY as u64);

/// Smallest `x-oss-traffic-limit` OSS accepts, in bit/s (100 KB/s).
pub const MIN_TRAFFIC_LIMIT: u64 = 819_200;

/// Largest `x-oss-traffic-limit` OSS accepts, in bit/s (100 MB/s).
pub const MAX_TRAFFIC_LIMIT: u64 = 838_860_800;

/// First instant accepted, in Unix seconds: 1970-01-01T00:00:00Z.
pub const MIN_UNIX_SECONDS: i64 = 0;

/// Last instant accepted, in Unix seconds: 9999-12-31T23:59:59Z (four-digit
/// years only).
pub const MAX_UNIX_SECONDS: i64 = 253_402_300_799;

/// Earliest server time a client accepts (`oss_client_set_server_time`,
/// `Client::set_server_time`), in Unix seconds: 2026-01-01T00:00:00Z. No
/// genuine OSS answer predates this library (its first code is from
/// November 2026), so an earlier `Date` or `ServerTime` is a stale cache, a
/// broken proxy or a forgery, and would make every URL dead on arrival.
pub const MIN_SERVER_UNIX_SECONDS: i64 = 1_767_225_600;

/// Latest server time a client accepts, in Unix seconds:
/// 2099-12-31T23:59:59Z. Past it, a `Date` is no clock's, only an attack's
/// or a bug's; its URLs would not be valid for decades.
pub const MAX_SERVER_UNIX_SECONDS: i64 = 4_102_444_799;

/// How far ahead of its clock OSS accepts a URL's `x-oss-date`: 15 minutes.
pub const FUTURE_DATE_TOLERANCE_SECONDS: i64 = 900;

/// Longest OSS error body read, in bytes: OSS's are well under 4 KiB, even
/// with a `CanonicalRequest` and a `StringToSign`.
pub const MAX_ERROR_BODY_BYTES: usize = 8 * MAX_ARGUMENT_BYTES;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_in_days() {
        assert_eq!(MAX_EXPIRES_SECONDS, 7 * MAX_SIGNING_TIME_WINDOW);
        assert_eq!(MAX_SIGNING_TIME_WINDOW, 86_400);
        assert_eq!(MAX_UNIX_SECONDS % SECONDS_PER_DAY, SECONDS_PER_DAY - 1);
        // Server times: whole UTC days, from a midnight to a day's end.
        assert_eq!(MIN_SERVER_UNIX_SECONDS % SECONDS_PER_DAY, 0);
        assert_eq!(
            MAX_SERVER_UNIX_SECONDS % SECONDS_PER_DAY,
            SECONDS_PER_DAY - 1
        );
    }
}
