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
//!
//! Within its day, region and product a key signs for any bucket, object
//! and method the access key may use: it narrows time, not permissions.
//!
//! The key's scope may travel with it, written as V4 writes it in
//! `x-oss-credential`: `20240102/cn-hangzhou/oss` (day, region, product)
//! instead of the day alone. A client then refuses a key derived for another
//! region or product, whose URLs OSS would refuse while the client's own
//! `verify_url`, signing with the same wrong key, would call them valid. A
//! key given with its day alone cannot be checked that way.

use std::fmt;

use crate::datetime::{SigningDateTime, parse_yyyymmdd};
use crate::error::{Error, ErrorKind, Result};
use crate::signer::SigningKey;
use crate::v4::SECONDS_PER_DAY;
use crate::validation::check_region;

/// A delegated key: one UTC day's, and the region and product it was
/// derived for when they were given.
#[derive(Clone)]
pub(crate) struct DayKey {
    /// Days since 1970-01-01.
    day: i64,
    key: SigningKey,
    scope: Option<KeyScope>,
}

/// The region and product a delegated key was derived for.
#[derive(Clone, Debug)]
struct KeyScope {
    region: String,
    product: String,
}

impl DayKey {
    /// `key`, of the day (and maybe region and product) that `scope` names:
    /// `YYYYMMDD` or `YYYYMMDD/region/product`
    /// ([`ErrorKind::InvalidSigningKey`] for anything else).
    pub(crate) fn new(key: SigningKey, scope: &str) -> Result<Self> {
        let mut parts = scope.split('/');
        let day = parse_date(parts.next().unwrap_or_default())?;
        let scope = match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => None,
            (Some(region), Some(product), None)
                if check_region(region, c"date").is_ok()
                    && check_region(product, c"date").is_ok() =>
            {
                Some(KeyScope {
                    region: region.to_owned(),
                    product: product.to_owned(),
                })
            }
            _ => return Err(bad_date()),
        };
        Ok(DayKey { day, key, scope })
    }

    /// The key's day, in days since 1970.
    pub(crate) fn day(&self) -> i64 {
        self.day
    }

    /// The key of `day` (days since 1970), if this is that day's.
    pub(crate) fn key_of_day(&self, day: i64) -> Option<&SigningKey> {
        (day == self.day).then_some(&self.key)
    }

    /// Refuses a key known to be derived for another region or product
    /// than `region` and `product` ([`ErrorKind::SigningKeyOutOfScope`]).
    pub(crate) fn check_scope(&self, region: &str, product: &str) -> Result<()> {
        match &self.scope {
            Some(scope) if scope.region != region || scope.product != product => Err(Error::new(
                ErrorKind::SigningKeyOutOfScope,
                c"date",
                format!(
                    "names a key derived for {}/{}, but the client signs for \
                         {region}/{product}: OSS would refuse its URLs",
                    scope.region, scope.product
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// Shows the day and scope, never the key.
impl fmt::Debug for DayKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = SigningDateTime::from_unix(self.day * SECONDS_PER_DAY, c"day")
            .map(|time| time.date().to_owned())
            .unwrap_or_default();
        f.debug_struct("DayKey")
            .field("date", &date)
            .field("scope", &self.scope)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// Days since 1970 of a UTC day written `YYYYMMDD` (1970 to 9999), the date
/// of a delegated key ([`ErrorKind::InvalidSigningKey`] otherwise).
pub(crate) fn parse_date(date: &str) -> Result<i64> {
    parse_yyyymmdd(date).ok_or_else(bad_date)
}

#[cold]
fn bad_date() -> Error {
    Error::new(
        ErrorKind::InvalidSigningKey,
        c"date",
        "must be a UTC day as YYYYMMDD (1970 to 9999), or a key's scope as \
         YYYYMMDD/region/product",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::derive("sk", "20240102", "cn-hangzhou", "oss").unwrap()
    }

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
        let key = key();
        let day_key = DayKey::new(key.clone(), "20240102/cn-hangzhou/oss").unwrap();
        assert_eq!(day_key.day(), 19_724);
        assert_eq!(
            day_key.key_of_day(19_724).map(SigningKey::to_hex),
            Some(key.to_hex())
        );
        assert!(day_key.key_of_day(19_725).is_none());
        let shown = format!("{day_key:?}");
        assert!(shown.contains("20240102") && shown.contains("cn-hangzhou"));
        assert!(!shown.contains(&key.to_hex()[..8]), "{shown}");
    }

    #[test]
    fn a_scoped_key_is_refused_by_another_region_or_product() {
        let scoped = DayKey::new(key(), "20240102/cn-hangzhou/oss").unwrap();
        assert!(scoped.check_scope("cn-hangzhou", "oss").is_ok());
        for (region, product) in [("cn-shanghai", "oss"), ("cn-hangzhou", "oss-cloudbox")] {
            let err = scoped.check_scope(region, product).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::SigningKeyOutOfScope, "date")
            );
        }
        // A key given with its day alone: nothing to check.
        let unscoped = DayKey::new(key(), "20240102").unwrap();
        assert!(unscoped.check_scope("cn-shanghai", "oss").is_ok());
    }

    #[test]
    fn scopes_are_day_region_product() {
        for bad in [
            "20240102/",
            "20240102/cn-hangzhou",
            "20240102/cn-hangzhou/",
            "20240102//oss",
            "20240102/cn-hangzhou/oss/aliyun_v4_request",
            "20240102/CN-HANGZHOU/oss",
            "2024-01-02/cn-hangzhou/oss",
            "/cn-hangzhou/oss",
        ] {
            let err = DayKey::new(key(), bad).map(|_| ()).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidSigningKey, "date"),
                "{bad}"
            );
        }
    }
}
