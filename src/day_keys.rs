//! Presigning without the secret on the device: signing keys of given UTC
//! days, derived by a server and handed to the app.
//!
//! The V4 signing key depends only on the secret, a UTC day, a region and a
//! product, so it is a natural delegation token: an app server derives it
//! ([`SigningKey::derive`]) and hands its hex to the phone
//! ([`Credentials::from_day_key`](crate::Credentials::from_day_key)), which
//! presigns for that day only and never holds the access key secret. A
//! client signing with it presigns byte-identically to one holding the
//! secret, and refuses a signing time on another day
//! ([`ErrorKind::SigningKeyOutOfScope`](crate::ErrorKind::SigningKeyOutOfScope)).

use std::fmt;

use crate::datetime::{SigningDateTime, parse_yyyymmdd};
use crate::error::{Error, ErrorKind, Result};
use crate::signer::SigningKey;
use crate::v4::SECONDS_PER_DAY;

/// Delegated keys, each of one UTC day. There is room for two consecutive
/// days, so that a client can hold today's key and tomorrow's (handed over
/// before midnight) and sign across midnight without a gap; a key source
/// made from one key fills one slot.
#[derive(Clone)]
pub(crate) struct DayKeys {
    slots: [Option<DatedKey>; 2],
}

#[derive(Clone)]
struct DatedKey {
    /// Days since 1970-01-01.
    day: i64,
    key: SigningKey,
}

impl DayKeys {
    /// The key of one day (days since 1970).
    pub(crate) fn one(day: i64, key: SigningKey) -> Self {
        DayKeys {
            slots: [Some(DatedKey { day, key }), None],
        }
    }

    /// The key of `day` (days since 1970), if one is held.
    pub(crate) fn key_of_day(&self, day: i64) -> Option<&SigningKey> {
        self.slots
            .iter()
            .flatten()
            .find(|slot| slot.day == day)
            .map(|slot| &slot.key)
    }
}

/// Shows the days, never the keys.
impl fmt::Debug for DayKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dates = self.slots.iter().flatten().map(|slot| {
            SigningDateTime::from_unix(slot.day * SECONDS_PER_DAY, c"day")
                .map(|time| time.date().to_owned())
                .unwrap_or_default()
        });
        f.debug_struct("DayKeys")
            .field("dates", &dates.collect::<Vec<_>>())
            .field("keys", &"<redacted>")
            .finish()
    }
}

/// Days since 1970 of a UTC day written `YYYYMMDD` (1970 to 9999), the date
/// of a delegated key ([`ErrorKind::InvalidSigningKey`] otherwise).
pub(crate) fn parse_date(date: &str) -> Result<i64> {
    parse_yyyymmdd(date).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidSigningKey,
            c"date",
            "must be a UTC day as YYYYMMDD, 1970 to 9999",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_since_1970() {
        assert_eq!(parse_date("19700101"), Ok(0));
        assert_eq!(parse_date("20240102"), Ok(19_724));
        assert_eq!(parse_date("99991231"), Ok(2_932_896));
        for bad in [
            "",
            "2024010",
            "202401021",
            "20240230",
            "19691231",
            "2024-01-",
            "２0240102",
        ] {
            let err = parse_date(bad).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidSigningKey, "date")
            );
        }
    }

    #[test]
    fn a_key_serves_its_day_only_and_debug_shows_no_key() {
        let key = SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss").unwrap();
        let keys = DayKeys::one(19_724, key.clone());
        assert_eq!(
            keys.key_of_day(19_724).map(SigningKey::to_hex),
            Some(key.to_hex())
        );
        assert!(keys.key_of_day(19_725).is_none());
        let shown = format!("{keys:?}");
        assert!(shown.contains("20240102") && !shown.contains(&key.to_hex()[..8]));
    }
}
