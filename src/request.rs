//! What a presign signs: an HTTP method on one object of a bucket, with
//! options.

use std::ffi::CStr;
use std::fmt;

use crate::options::GetOptions;

/// The HTTP method a presigned URL is valid for. It is the first line of
/// the canonical request, so OSS refuses a URL sent with another method.
///
/// ```
/// use oss_presign::Method;
/// assert_eq!(Method::Head.as_str(), "HEAD");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`: download the object.
    Get,
    /// `HEAD`: read the object's headers (size, ETag, type, CRC-64) without
    /// its body.
    Head,
}

impl Method {
    /// The method as HTTP writes it, e.g. `"GET"`.
    pub const fn as_str(self) -> &'static str {
        // Converted at compile time, not on every presign.
        const GET: &str = text(Method::Get.as_c_str());
        const HEAD: &str = text(Method::Head.as_c_str());
        match self {
            Method::Get => GET,
            Method::Head => HEAD,
        }
    }

    /// The method as a static C string, for the C ABI: the one place each
    /// name is written.
    pub(crate) const fn as_c_str(self) -> &'static CStr {
        match self {
            Method::Get => c"GET",
            Method::Head => c"HEAD",
        }
    }
}

/// An ASCII name as text.
const fn text(name: &'static CStr) -> &'static str {
    match name.to_str() {
        Ok(text) => text,
        Err(_) => "",
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a presign is prepared for: a method on a bucket, with options; a
/// [`Request`] without its key. A single presign signs one key with it, a
/// batch many.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BucketRequest<'a> {
    pub(crate) method: Method,
    pub(crate) bucket: &'a str,
    pub(crate) options: &'a GetOptions,
}

/// One request to presign: a method on `key` in `bucket`, with options.
///
/// ```
/// use oss_presign::{Client, Credentials, GetOptions, Method, Request};
/// let client = Client::new("oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou",
///                          Credentials::new("ak", "sk")?)?;
/// let options = GetOptions::new();
/// let head = client.presign(&Request::new(Method::Head, "examplebucket", "a.txt", &options))?;
/// assert_eq!(head.method(), Method::Head);
/// # Ok::<(), oss_presign::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    method: Method,
    bucket: &'a str,
    key: &'a str,
    options: &'a GetOptions,
}

impl<'a> Request<'a> {
    /// A request of `method` on `key` in `bucket`. Nothing is checked until
    /// it is presigned.
    pub fn new(method: Method, bucket: &'a str, key: &'a str, options: &'a GetOptions) -> Self {
        Request {
            method,
            bucket,
            key,
            options,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The bucket.
    pub fn bucket(&self) -> &'a str {
        self.bucket
    }

    /// The object key.
    pub fn key(&self) -> &'a str {
        self.key
    }

    /// The options.
    pub fn options(&self) -> &'a GetOptions {
        self.options
    }

    /// The request without its key.
    pub(crate) fn bucket_request(&self) -> BucketRequest<'a> {
        BucketRequest {
            method: self.method,
            bucket: self.bucket,
            options: self.options,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_http_methods() {
        for (method, name) in [(Method::Get, "GET"), (Method::Head, "HEAD")] {
            assert_eq!(method.as_str(), name);
            assert_eq!(method.to_string(), name);
            assert_eq!(method.as_c_str().to_bytes(), name.as_bytes());
        }
    }
}
