//! Presigning, the client's entry points: from a [`Request`] (method,
//! bucket, key, options) to a presigned URL, alone or as a whole request,
//! one key or a batch.
//!
//! Every one of them goes through a [`Presigner`], which signs.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::options::GetOptions;
use crate::presigned::{
    PresignedBatch, PresignedRequest, PresignedUrl, Signed, SigningTrace, UrlBuffer, exact_buffer,
};
use crate::presigner::Presigner;
use crate::request::{BucketRequest, Method, Request};
use crate::validation::check_batch_len;

impl Client {
    /// Presigns `request`, signed now (by the client's clock, corrected by
    /// [`Client::set_server_time`]) unless its options fix the signing time.
    ///
    /// ```
    /// use oss_presign::{Client, Credentials, GetOptions, Method, Request};
    /// let client = Client::new(
    ///     "oss-cn-hangzhou.aliyuncs.com",
    ///     "cn-hangzhou",
    ///     Credentials::new("ak", "sk")?,
    /// )?;
    /// let mut options = GetOptions::new();
    /// options.expires(3600)?.signing_time(1_704_164_645)?;
    /// let request = Request::new(Method::Get, "examplebucket", "exampleobject.txt", &options);
    /// let presigned = client.presign(&request)?;
    /// // Vector G1 of the V4 test vectors.
    /// assert!(presigned.url().starts_with(
    ///     "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/exampleobject.txt?"
    /// ));
    /// assert!(presigned.url().ends_with(
    ///     "&x-oss-signature=0e8a63b97cdaf20d0510524d7cdb6ab454c19d5bd18535fef162617d34682898"
    /// ));
    /// assert_eq!(presigned.expiration(), 1_704_164_645 + 3600);
    /// # Ok::<(), oss_presign::Error>(())
    /// ```
    pub fn presign(&self, request: &Request<'_>) -> Result<PresignedRequest> {
        self.presign_with(request, exact_buffer)
    }

    /// As [`Client::presign`], with `now` (Unix seconds) as the signing
    /// time unless the options fix one. A pure function of its inputs.
    pub fn presign_at(&self, request: &Request<'_>, now: i64) -> Result<PresignedRequest> {
        self.presign_request(request, || now, exact_buffer)
    }

    /// As [`Client::presign`], returning only the URL. It allocates only
    /// the URL, whatever the options (the headers to send are the ones the
    /// caller added).
    pub fn presign_url(&self, request: &Request<'_>) -> Result<String> {
        Ok(self.presign_url_with(request, exact_buffer)?.into_string())
    }

    /// Presigns a GET of `bucket`/`key`: [`Client::presign`] of a
    /// [`Method::Get`] request.
    pub fn presign_get(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
    ) -> Result<PresignedRequest> {
        self.presign(&Request::new(Method::Get, bucket, key, options))
    }

    /// As [`Client::presign_get`], signed at `now` unless the options fix
    /// the time: [`Client::presign_at`].
    pub fn presign_get_at(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
        now: i64,
    ) -> Result<PresignedRequest> {
        self.presign_at(&Request::new(Method::Get, bucket, key, options), now)
    }

    /// As [`Client::presign_get`], returning only the URL:
    /// [`Client::presign_url`].
    pub fn presign_get_url(&self, bucket: &str, key: &str, options: &GetOptions) -> Result<String> {
        self.presign_url(&Request::new(Method::Get, bucket, key, options))
    }

    /// Presigns a HEAD of `bucket`/`key`: the object's size, ETag, type and
    /// CRC-64 without its body, with the same options as a GET.
    pub fn presign_head(
        &self,
        bucket: &str,
        key: &str,
        options: &GetOptions,
    ) -> Result<PresignedRequest> {
        self.presign(&Request::new(Method::Head, bucket, key, options))
    }

    /// Presigns a GET of many keys of one bucket in one call (a gallery
    /// page, a feed): one signing time, one snapshot of the credentials, one
    /// key derivation, so every URL after the first costs less than a single
    /// presign. The outer error is what fails every key (the bucket, the
    /// signing time, the lifetime, more than
    /// [`MAX_BATCH_KEYS`](crate::limits::MAX_BATCH_KEYS) keys); each entry is
    /// the URL of that key, in order, or its own error (a bad key fails only
    /// its entry). The batch also tells when its URLs expire.
    ///
    /// ```
    /// use oss_presign::{Client, Credentials, GetOptions};
    /// let client = Client::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou",
    ///                          Credentials::new("ak", "sk")?)?;
    /// let urls = client.presign_get_batch("examplebucket", &["a.jpg", "/bad", "b.jpg"],
    ///                                     &GetOptions::new())?;
    /// assert!(urls[0].is_ok() && urls[1].is_err() && urls[2].is_ok());
    /// assert_eq!(urls.expiration(), urls.signing_time() + 900);
    /// # Ok::<(), oss_presign::Error>(())
    /// ```
    pub fn presign_get_batch(
        &self,
        bucket: &str,
        keys: &[&str],
        options: &GetOptions,
    ) -> Result<PresignedBatch> {
        let request = BucketRequest {
            method: Method::Get,
            bucket,
            options,
        };
        let keys = keys.iter().map(|&key| Ok(key));
        let batch = self.presign_batch(request, keys, exact_buffer, PresignedUrl::into_string)?;
        Ok(PresignedBatch::new(
            batch.signing_time,
            batch.expiration,
            batch.entries,
        ))
    }

    /// As [`Client::presign_at`], also returning the canonical request and
    /// the string to sign. Slower; for diagnostics and tests.
    pub fn trace_at(
        &self,
        request: &Request<'_>,
        now: i64,
    ) -> Result<(PresignedRequest, SigningTrace)> {
        let (signed, trace) = self.presign_traced(request, || now, exact_buffer)?;
        Ok((PresignedRequest::new(signed, request.options()), trace))
    }

    /// The whole presigned request, signed now unless the options fix the
    /// time, in a URL buffer from `buffer`.
    pub(crate) fn presign_with(
        &self,
        request: &Request<'_>,
        buffer: UrlBuffer,
    ) -> Result<PresignedRequest> {
        self.presign_request(request, || self.now(), buffer)
    }

    /// The URL alone, signed now unless the options fix the time, in a
    /// buffer from `buffer`.
    pub(crate) fn presign_url_with(
        &self,
        request: &Request<'_>,
        buffer: UrlBuffer,
    ) -> Result<PresignedUrl> {
        let presigner = Presigner::new(self, request.bucket_request(), || self.now())?;
        Ok(presigner.sign_key(request.key(), buffer)?.url)
    }

    /// Many keys of one request ([`Client::presign_get_batch`]), each key
    /// given as `Ok` or as the error of reading it, which becomes its
    /// entry: the C layer's keys are pointers, each of which may be NULL or
    /// not UTF-8. Each URL is finished by `finish` (into a `String`, or a C
    /// string).
    pub(crate) fn presign_batch<'k, T, E: From<Error>>(
        &self,
        request: BucketRequest<'_>,
        keys: impl ExactSizeIterator<Item = std::result::Result<&'k str, E>>,
        buffer: UrlBuffer,
        finish: impl Fn(PresignedUrl) -> T,
    ) -> Result<Batch<std::result::Result<T, E>>> {
        check_batch_len(keys.len())?;
        let presigner = Presigner::new(self, request, || self.now())?;
        let entries = keys
            .map(|key| {
                let signed = presigner.sign_key(key?, buffer)?;
                Ok(finish(signed.url))
            })
            .collect();
        Ok(Batch {
            signing_time: presigner.signing_time(),
            expiration: presigner.expiration(),
            entries,
        })
    }

    /// The whole presigned request, signed at `clock()` unless the options
    /// fix the time, with the diagnostics when the options ask for them.
    fn presign_request(
        &self,
        request: &Request<'_>,
        clock: impl FnOnce() -> i64,
        buffer: UrlBuffer,
    ) -> Result<PresignedRequest> {
        let options = request.options();
        if options.wants_diagnostics() {
            let (signed, trace) = self.presign_traced(request, clock, buffer)?;
            return Ok(PresignedRequest::new(signed, options).with_diagnostics(trace));
        }
        let presigner = Presigner::new(self, request.bucket_request(), clock)?;
        let signed = presigner.sign_key(request.key(), buffer)?;
        Ok(PresignedRequest::new(signed, options))
    }

    /// A presign that also keeps the canonical request and string to sign.
    fn presign_traced(
        &self,
        request: &Request<'_>,
        clock: impl FnOnce() -> i64,
        buffer: UrlBuffer,
    ) -> Result<(Signed, SigningTrace)> {
        let presigner = Presigner::new(self, request.bucket_request(), clock)?;
        let signed = presigner.sign_key(request.key(), buffer)?;
        let trace = presigner.trace(&signed);
        Ok((signed, trace))
    }
}

/// The URLs of a batch, and the signing time and expiration they share.
pub(crate) struct Batch<T> {
    pub(crate) signing_time: i64,
    pub(crate) expiration: i64,
    /// One per key, in order.
    pub(crate) entries: Vec<T>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Credentials;
    use crate::ErrorKind;
    use crate::limits::MAX_URL_BYTES;

    fn client() -> Client {
        Client::new(
            "oss-cn-hangzhou.aliyuncs.com",
            "cn-hangzhou",
            Credentials::new("ak", "sk").unwrap(),
        )
        .unwrap()
    }

    /// One client presigning across seconds and days (its cache hit, missed
    /// and replaced) signs exactly as a new client does each time.
    #[test]
    fn cached_keys_sign_as_fresh_ones() {
        let client = client();
        let o = GetOptions::new();
        let t = 1_704_164_645;
        for now in [t, t, t + 1, t, t + 86_400, t + 86_401, t - 86_400, t, t] {
            for key in ["a.txt", "子/b c"] {
                assert_eq!(
                    client.presign_get_at("bucket", key, &o, now).unwrap(),
                    super::tests::client()
                        .presign_get_at("bucket", key, &o, now)
                        .unwrap(),
                    "at {now}"
                );
            }
        }
    }

    #[test]
    fn urls_longer_than_the_bound_are_refused_before_they_are_written() {
        let client = client();
        let mut o = GetOptions::new();
        // Each '%' is encoded as "%25": 3 bytes in the URL.
        o.version_id(&"%".repeat(4000)).unwrap();
        let url = client
            .presign_get_at("bucket", "k", &o, 1_704_164_645)
            .unwrap();
        assert!(url.url().len() < MAX_URL_BYTES);
        o.process(&"%".repeat(2000)).unwrap();
        let err = client
            .presign_get_at("bucket", "k", &o, 1_704_164_645)
            .unwrap_err();
        assert_eq!(
            (err.kind(), err.argument()),
            (ErrorKind::LimitExceeded, "url")
        );
    }

    /// The method is the first line of the canonical request, and nothing
    /// else: a HEAD URL differs from the GET one in its signature only.
    #[test]
    fn the_method_is_signed_and_changes_only_the_signature() {
        let client = client();
        let mut o = GetOptions::new();
        o.signing_time(1_704_164_645).unwrap();
        o.add_header("Range", "bytes=0-9").unwrap();
        let at = |method| {
            client
                .trace_at(&Request::new(method, "examplebucket", "a b", &o), 0)
                .unwrap()
        };
        let ((get, get_trace), (head, head_trace)) = (at(Method::Get), at(Method::Head));
        assert_eq!((get.method(), head.method()), (Method::Get, Method::Head));
        let (get_url, head_url) = (get.url(), head.url());
        let unsigned = |url: &str| url.rsplit_once('&').unwrap().0.to_owned();
        assert_eq!(unsigned(get_url), unsigned(head_url));
        assert_ne!(get_url, head_url);
        assert_eq!(
            get_trace.canonical_request.strip_prefix("GET\n"),
            head_trace.canonical_request.strip_prefix("HEAD\n"),
        );
        assert_eq!(get.headers(), head.headers());
    }

    #[test]
    fn urls_have_exactly_the_capacity_their_buffer_asks() {
        let client = Client::builder("http://localhost:9000", "cn-hangzhou")
            .unwrap()
            .credentials(
                Credentials::new("a+k", "sk")
                    .unwrap()
                    .with_security_token("t+/=")
                    .unwrap(),
            )
            .build()
            .unwrap();
        let mut o = GetOptions::new();
        o.add_query("z", "")
            .unwrap()
            .add_query("+a", "b c")
            .unwrap();
        o.add_header("Range", "bytes=0-1")
            .unwrap()
            .add_header("X-A!", "v")
            .unwrap();
        o.signing_time(1_704_164_645).unwrap();
        let request = Request::new(Method::Get, "bucket", "子 /a+b", &o);
        let spare: UrlBuffer = |len| Vec::with_capacity(len + 3);
        for (buffer, extra) in [(exact_buffer as UrlBuffer, 0), (spare, 3)] {
            let bytes = client
                .presign_url_with(&request, buffer)
                .unwrap()
                .into_bytes();
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains("&x-oss-additional-headers=range%3Bx-a%21&"));
            assert_eq!(bytes.capacity(), bytes.len() + extra);
        }
    }
}
