//! The client: endpoint, region and addressing, fixed at build time, and the
//! signing state (credentials and their day-key cache). Presigning itself
//! lives in `presign.rs`.

use std::ffi::CStr;
use std::fmt;
use std::sync::Arc;

use arc_swap::{ArcSwap, Guard};

use crate::clock::{ClientClock, Clock, SystemClock};
use crate::credentials::Credentials;
use crate::datetime::check_unix_seconds;
use crate::endpoint::{AddressingStyle, Endpoint};
use crate::error::{Error, ErrorKind, Result};
use crate::lifetime::{SigningInstant, window_start};
use crate::options::GetOptions;
use crate::signer::Scope;
use crate::signing_state::Signing;
use crate::v4::{PRODUCT_CLOUDBOX, PRODUCT_OSS};
use crate::validation::{check_region, check_server_time};

/// Collects a client's configuration. Cheap to clone; one builder can make
/// several clients.
///
/// ```
/// use oss_presign::{ClientBuilder, Credentials};
/// let client = ClientBuilder::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou")?
///     .credentials(Credentials::new("ak", "sk")?)
///     .path_style(true)
///     .build()?;
/// # Ok::<(), oss_presign::Error>(())
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    endpoint: Endpoint,
    region: String,
    product: &'static str,
    path_style: bool,
    custom_domain: bool,
    /// The last credentials given.
    credentials: Option<Credentials>,
    clock: Arc<dyn Clock>,
}

impl ClientBuilder {
    /// Starts from an endpoint (`[http://|https://]host[:port]`, https by
    /// default) and the bucket's region id (e.g. `cn-hangzhou`), which V4
    /// requires: an empty or malformed region is an error, never a silently
    /// wrong URL.
    pub fn new(endpoint: &str, region: &str) -> Result<Self> {
        let endpoint = Endpoint::parse(endpoint)?;
        check_region(region, c"region")?;
        Ok(ClientBuilder {
            endpoint,
            region: region.to_owned(),
            product: PRODUCT_OSS,
            path_style: false,
            custom_domain: false,
            credentials: None,
            clock: Arc::new(SystemClock),
        })
    }

    /// The credentials URLs are signed with (a secret or a delegated day
    /// key, for this builder's region and product). Replaces those given
    /// before.
    pub fn credentials(&mut self, credentials: Credentials) -> &mut Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sets when the credentials given before expire (see
    /// [`Credentials::with_expiration`]); `None` for never. Fails with
    /// [`ErrorKind::MissingCredentials`] before any are set: new ones
    /// replace the expiration with their own.
    pub fn credentials_expiration(&mut self, unix_seconds: Option<i64>) -> Result<&mut Self> {
        let Some(credentials) = &self.credentials else {
            return Err(Error::new(
                ErrorKind::MissingCredentials,
                c"credentials",
                "must be set before their expiration",
            ));
        };
        self.credentials = Some(credentials.clone().with_optional_expiration(unix_seconds)?);
        Ok(self)
    }

    /// The clocks the client reads (the system's by default): for tests, or
    /// for an embedder with its own time source.
    pub fn clock(&mut self, clock: Arc<dyn Clock>) -> &mut Self {
        self.clock = clock;
        self
    }

    /// Path-style URLs (`https://endpoint/bucket/key`) instead of
    /// virtual-hosted ones. IP endpoints always use path style.
    pub fn path_style(&mut self, enabled: bool) -> &mut Self {
        self.path_style = enabled;
        self
    }

    /// The endpoint is a custom domain (CNAME) bound to the bucket: URLs are
    /// `https://domain/key`. Takes precedence over path style. The bucket
    /// name is still needed, since it is signed.
    pub fn custom_domain(&mut self, enabled: bool) -> &mut Self {
        self.custom_domain = enabled;
        self
    }

    /// Signs for a CloudBox: the CloudBox id (e.g. `cb-f8z7yvzgwfkl9q0h****`)
    /// becomes the signing region and the product becomes `oss-cloudbox`.
    pub fn cloudbox_id(&mut self, cloudbox_id: &str) -> Result<&mut Self> {
        check_region(cloudbox_id, c"cloudbox_id")?;
        self.region = cloudbox_id.to_owned();
        self.product = PRODUCT_CLOUDBOX;
        Ok(self)
    }

    /// Builds the client. Fails with [`ErrorKind::MissingCredentials`] when no
    /// credentials were given.
    /// A delegated key given with its scope (`YYYYMMDD/region/product`)
    /// must be of this builder's region and product
    /// ([`ErrorKind::SigningKeyOutOfScope`] otherwise).
    pub fn build(&self) -> Result<Client> {
        let Some(credentials) = &self.credentials else {
            return Err(Error::new(
                ErrorKind::MissingCredentials,
                c"credentials",
                "were not set",
            ));
        };
        credentials.check_scope(&self.region, self.product)?;
        let requested = if self.custom_domain {
            AddressingStyle::CustomDomain
        } else if self.path_style {
            AddressingStyle::Path
        } else {
            AddressingStyle::VirtualHosted
        };
        Ok(Client {
            style: self.endpoint.effective_style(requested),
            endpoint: self.endpoint.clone(),
            scope: Scope::new(&self.region, self.product),
            clock: ClientClock::new(self.clock.clone()),
            signing: ArcSwap::from_pointee(Signing::new(credentials)),
        })
    }
}

/// Presigns URLs for one endpoint, region and set of credentials.
///
/// Thread-safe (`Send + Sync`): share one client between any number of
/// threads. Its endpoint, region and addressing are fixed when it is built;
/// its signing state (credentials and the day's signing key, derived once
/// and cached) is read without locks and without writing shared memory, so
/// a presign costs one SHA-256 over the request and one HMAC, and threads do
/// not slow each other down.
pub struct Client {
    pub(crate) endpoint: Endpoint,
    pub(crate) style: AddressingStyle,
    /// Region and product, with the texts around them that every presign
    /// writes.
    pub(crate) scope: Scope,
    clock: ClientClock,
    /// Replaced whole, never changed in place: a presign holds one snapshot
    /// from start to end, so it never mixes an old key id, secret, token or
    /// cached day key with a new one. Loading it takes no lock and writes
    /// only to a slot of the loading thread's own.
    signing: ArcSwap<Signing>,
}

impl Client {
    /// A client with default addressing (virtual-hosted; path style for IP
    /// endpoints). Use [`ClientBuilder`] for the other options.
    pub fn new(endpoint: &str, region: &str, credentials: Credentials) -> Result<Self> {
        ClientBuilder::new(endpoint, region)?
            .credentials(credentials)
            .build()
    }

    /// Shorthand for [`ClientBuilder::new`].
    pub fn builder(endpoint: &str, region: &str) -> Result<ClientBuilder> {
        ClientBuilder::new(endpoint, region)
    }

    /// The addressing style URLs use (after the IP-endpoint rule).
    pub fn addressing_style(&self) -> AddressingStyle {
        self.style
    }

    /// The signing region (the CloudBox id for CloudBox clients).
    pub fn region(&self) -> &str {
        self.scope.region()
    }

    /// The access key id URLs are signed with now.
    pub fn access_key_id(&self) -> String {
        self.signing_state()
            .at(self.now())
            .access_key_id()
            .to_owned()
    }

    /// Replaces the credentials (key id, secret or day key, token and
    /// expiration) of this live client, atomically: each presign, on any
    /// thread, signs wholly with the old ones or wholly with the new ones.
    /// Presigns running meanwhile are not blocked. The old secret is wiped
    /// once the last presign using it has finished.
    ///
    /// Midnight with delegated keys: a day key keeps the client's day key of
    /// the day before or after its own, with the key id, token and
    /// expiration that came with it. A client signing with day D's key that
    /// is given D+1's before midnight signs instants of D with D's key and
    /// instants of D+1 with D+1's. A key of any other day, or a secret,
    /// replaces everything.
    ///
    /// A day key given with its scope must be of this client's region and
    /// product ([`ErrorKind::SigningKeyOutOfScope`] otherwise); on failure
    /// nothing changes.
    pub fn set_credentials(&self, credentials: &Credentials) -> Result<()> {
        credentials.check_scope(self.scope.region(), self.scope.product())?;
        self.signing
            .rcu(|current| Arc::new(current.then(credentials)));
        Ok(())
    }

    /// The product signed for: `oss`, or `oss-cloudbox` for a CloudBox.
    pub fn product(&self) -> &str {
        self.scope.product()
    }

    /// Tells the client the server's current time (from an HTTP `Date`
    /// header, or the `ServerTime` of an OSS error): later presigns without a
    /// fixed signing time use it, carried forward by the clock that counts
    /// time since boot, asleep included ([`Clock::since_boot_nanos`]). From
    /// then on, the device's wall clock is not read for signing: a wrong one,
    /// or one the user changes, does not move the URLs' time. What still
    /// matters is the server time given, and that the device's boot-time
    /// clock runs at the right rate.
    ///
    /// The time is not authenticated: take it only from an answer of your
    /// own endpoint over HTTPS, never from a cached response (an HTTP cache
    /// or a proxy replays old `Date`s). A time outside
    /// [`MIN_SERVER_UNIX_SECONDS`](crate::limits::MIN_SERVER_UNIX_SECONDS)
    /// ..= [`MAX_SERVER_UNIX_SECONDS`](crate::limits::MAX_SERVER_UNIX_SECONDS)
    /// (2026 to 2099), which no genuine OSS answer carries, is refused
    /// ([`ErrorKind::InvalidSigningTime`]) and changes nothing.
    pub fn set_server_time(&self, server_unix_seconds: i64) -> Result<()> {
        check_server_time(server_unix_seconds)?;
        self.clock.set_server_time(server_unix_seconds);
        Ok(())
    }

    /// Corrected time minus the device's wall clock, now, in whole seconds
    /// (rounded toward zero); 0 before [`Client::set_server_time`].
    pub fn clock_offset(&self) -> i64 {
        self.clock.offset_seconds()
    }

    /// The signing state: the one way the hot path reaches the credentials
    /// ([`Signing::at`] picks those of a signing time).
    pub(crate) fn signing_state(&self) -> Guard<Arc<Signing>> {
        self.signing.load()
    }

    /// The corrected time, whole Unix seconds.
    pub(crate) fn now(&self) -> i64 {
        self.clock.now_unix_seconds()
    }

    /// The signing time of a presign: the options' fixed time when they have
    /// one, otherwise `clock()` (read only then), rounded down to the
    /// options' signing time window; and when the presign is made (the
    /// clock's reading, or the fixed time). The one place where the signing
    /// time is decided.
    pub(crate) fn signing_time(
        &self,
        options: &GetOptions,
        clock: impl FnOnce() -> i64,
    ) -> Result<SigningInstant> {
        let now = options.fixed_signing_time().unwrap_or_else(clock);
        let signing_time = window_start(now, options.window());
        check_unix_seconds(signing_time, ErrorKind::InvalidSigningTime, SIGNING_TIME)?;
        Ok(SigningInstant { signing_time, now })
    }
}

const SIGNING_TIME: &CStr = c"signing_time";

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("product", &self.product)
            .field("path_style", &self.path_style)
            .field("custom_domain", &self.custom_domain)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("style", &self.style)
            .field("region", &self.scope.region())
            .field("product", &self.scope.product())
            .field("signing", &self.signing_state())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Credentials {
        Credentials::new("ak", "sk").unwrap()
    }

    #[test]
    fn style_resolution() {
        let build = |endpoint: &str, path: bool, cname: bool| {
            ClientBuilder::new(endpoint, "cn-hangzhou")
                .unwrap()
                .credentials(creds())
                .path_style(path)
                .custom_domain(cname)
                .build()
                .unwrap()
                .addressing_style()
        };
        assert_eq!(
            build("example.com", false, false),
            AddressingStyle::VirtualHosted
        );
        assert_eq!(build("example.com", true, false), AddressingStyle::Path);
        assert_eq!(
            build("example.com", true, true),
            AddressingStyle::CustomDomain
        );
        assert_eq!(build("10.0.0.1:80", false, true), AddressingStyle::Path);
    }

    #[test]
    fn region_and_credentials_are_required() {
        assert_eq!(
            ClientBuilder::new("example.com", "").unwrap_err().kind(),
            ErrorKind::InvalidRegion
        );
        assert_eq!(
            ClientBuilder::new("example.com", "cn-hangzhou")
                .unwrap()
                .build()
                .unwrap_err()
                .kind(),
            ErrorKind::MissingCredentials
        );
    }

    #[test]
    fn debug_shows_no_secret() {
        let client = Client::new(
            "example.com",
            "cn-hangzhou",
            Credentials::new("ak", "VERYSECRET")
                .unwrap()
                .with_security_token("TOKENTEXT")
                .unwrap(),
        )
        .unwrap();
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("VERYSECRET") && !shown.contains("TOKENTEXT"),
            "{shown}"
        );
    }

    /// The range `oss_client_set_server_time` relies on: outside it, the
    /// call fails and the clock keeps its correction.
    #[test]
    fn server_times_outside_the_years_of_genuine_answers_are_refused() {
        use crate::limits::{MAX_SERVER_UNIX_SECONDS, MIN_SERVER_UNIX_SECONDS};
        let client = Client::new("example.com", "cn-hangzhou", creds()).unwrap();
        client.set_server_time(MAX_SERVER_UNIX_SECONDS).unwrap();
        let offset = client.clock_offset();
        for bad in [
            MIN_SERVER_UNIX_SECONDS - 1,
            MAX_SERVER_UNIX_SECONDS + 1,
            1_704_164_645, // 2024: a cached answer older than the library
            0,
            -1,
            crate::MAX_UNIX_SECONDS,
            i64::MIN,
            i64::MAX,
        ] {
            let err = client.set_server_time(bad).unwrap_err();
            assert_eq!(
                (err.kind(), err.argument()),
                (ErrorKind::InvalidSigningTime, "server_unix_seconds")
            );
        }
        assert!((client.clock_offset() - offset).abs() <= 1);
        client.set_server_time(MIN_SERVER_UNIX_SECONDS).unwrap();
        assert!(client.clock_offset() < offset);
    }

    #[test]
    fn client_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Client>();
    }
}
