//! The client: endpoint, region and addressing, fixed at build time, and the
//! signing state (credentials and their day-key cache). Presigning itself
//! lives in `presign.rs`.

use std::ffi::CStr;

use crate::credentials::Credentials;
use crate::datetime::SigningDateTime;
use crate::endpoint::{AddressingStyle, Endpoint};
use crate::error::{Error, ErrorKind, Result};
use crate::options::GetOptions;
use crate::signing_state::SigningState;
use crate::v4::{PRODUCT_CLOUDBOX, PRODUCT_OSS};
use crate::validation::check_region;

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
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    endpoint: Endpoint,
    region: String,
    product: &'static str,
    path_style: bool,
    custom_domain: bool,
    credentials: Option<Credentials>,
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
        })
    }

    /// The credentials URLs are signed with.
    pub fn credentials(&mut self, credentials: Credentials) -> &mut Self {
        self.credentials = Some(credentials);
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
    pub fn build(&self) -> Result<Client> {
        let Some(credentials) = &self.credentials else {
            return Err(Error::new(
                ErrorKind::MissingCredentials,
                c"credentials",
                "were not set",
            ));
        };
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
            region: self.region.clone(),
            product: self.product,
            signing: SigningState::new(credentials),
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
    pub(crate) region: String,
    pub(crate) product: &'static str,
    signing: SigningState,
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
        &self.region
    }

    /// The access key id URLs are signed with.
    pub fn access_key_id(&self) -> &str {
        self.signing_state().identity().access_key_id()
    }

    /// The signing state: the one way the hot path reaches the credentials.
    pub(crate) fn signing_state(&self) -> &SigningState {
        &self.signing
    }

    /// The signing time of a presign: the options' fixed time when they have
    /// one, otherwise `clock()` (read only then). The one place where the
    /// signing time is decided.
    pub(crate) fn signing_time(
        &self,
        options: &GetOptions,
        clock: impl FnOnce() -> i64,
    ) -> Result<SigningDateTime> {
        let unix_seconds = options.fixed_signing_time().unwrap_or_else(clock);
        SigningDateTime::from_unix(unix_seconds, SIGNING_TIME)
    }
}

const SIGNING_TIME: &CStr = c"signing_time";

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("style", &self.style)
            .field("region", &self.region)
            .field("product", &self.product)
            .field("signing", &self.signing)
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

    #[test]
    fn client_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Client>();
    }
}
