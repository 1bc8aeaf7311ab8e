//! The client: endpoint, region, addressing and credentials, fixed at build
//! time, plus the cached day key. Presigning itself lives in `presign.rs`.

use zeroize::Zeroizing;

use crate::credentials::Credentials;
use crate::encoding::query_encode;
use crate::endpoint::{AddressingStyle, Endpoint};
use crate::error::{Error, ErrorKind, Result};
use crate::signer::{PRODUCT_CLOUDBOX, PRODUCT_OSS, SigningKeyCache};
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
        let Some(credentials) = self.credentials.clone() else {
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
            encoded_access_key_id: query_encode(credentials.access_key_id()),
            encoded_security_token: credentials
                .security_token()
                .map(|token| Zeroizing::new(query_encode(token))),
            credentials,
            key_cache: SigningKeyCache::new(),
        })
    }
}

/// Presigns URLs for one endpoint, region and set of credentials.
///
/// Immutable once built and `Send + Sync`: share one client between threads.
/// It keeps the day's signing key, so presigning costs one HMAC and one
/// SHA-256 over the request, without locks.
pub struct Client {
    pub(crate) endpoint: Endpoint,
    pub(crate) style: AddressingStyle,
    pub(crate) region: String,
    pub(crate) product: &'static str,
    pub(crate) credentials: Credentials,
    /// Encoded once: they go into every URL.
    pub(crate) encoded_access_key_id: String,
    pub(crate) encoded_security_token: Option<Zeroizing<String>>,
    pub(crate) key_cache: SigningKeyCache,
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
        self.credentials.access_key_id()
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("style", &self.style)
            .field("region", &self.region)
            .field("product", &self.product)
            .field("credentials", &self.credentials)
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
