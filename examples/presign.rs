//! A command-line presigner, in the spirit of `ossutil sign`: prints a
//! presigned OSS GET URL for the shell.
//!
//! ```text
//! export OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=...
//! export OSS_ENDPOINT=oss-cn-hangzhou.aliyuncs.com OSS_REGION=cn-hangzhou
//! url=$(cargo run -q --example presign -- --bucket examplebucket --key 'photos/cat.jpg')
//! curl -o cat.jpg "$url"
//! ```
//!
//! Exit status: 0 on success, 1 when the library refuses the request (its
//! message is printed), 2 for a usage error.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use oss_presign::{ClientBuilder, Credentials, GetOptions, Method, PresignedRequest, Request};

const USAGE: &str = "\
Usage: presign --bucket BUCKET --key KEY [options]

Prints a presigned GET URL (OSS V4 signature) on the first line, then each
header the GET must send, as 'Name: value' (only when --header is used).
Credentials come from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and, for
STS, OSS_SESSION_TOKEN.

Options (--name VALUE or --name=VALUE):
  --bucket NAME               bucket (required)
  --key KEY                   object key (required)
  --endpoint URL              [http://|https://]host[:port] (default: $OSS_ENDPOINT)
  --region ID                 region id, e.g. cn-hangzhou (default: $OSS_REGION)
  --expires SECONDS           URL lifetime, 1..604800 (default 900)
  --expiration UNIX           absolute expiration in Unix seconds (wins over --expires)
  --signing-time UNIX         sign as of this time instead of now
  --version-id ID             a version of the object (versionId)
  --process SPEC              x-oss-process, e.g. image/resize,w_200
  --response-content-type VALUE
  --response-content-disposition VALUE
                              e.g. 'attachment; filename=\"report.pdf\"'
  --traffic-limit BITS        x-oss-traffic-limit in bit/s, 819200..838860800
  --query NAME=VALUE          add a signed query parameter; NAME alone for an
                              empty value (repeatable)
  --header 'NAME: VALUE'      sign a header the GET will send (repeatable)
  --path-style                https://endpoint/bucket/key
  --custom-domain             the endpoint is a domain bound to the bucket
  --cloudbox-id ID            sign for a CloudBox
  --trace                     also print the canonical request and the string
                              to sign, to stderr
  -h, --help                  show this text
  --version                   show the library version

Exit status: 0 success, 1 rejected by the library, 2 usage error.
";

/// What the command line asked for.
#[derive(Debug, Default)]
struct Args {
    endpoint: Option<String>,
    region: Option<String>,
    bucket: Option<String>,
    key: Option<String>,
    expires: Option<u64>,
    expiration: Option<i64>,
    signing_time: Option<i64>,
    version_id: Option<String>,
    process: Option<String>,
    response_content_type: Option<String>,
    response_content_disposition: Option<String>,
    traffic_limit: Option<u64>,
    queries: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    path_style: bool,
    custom_domain: bool,
    cloudbox_id: Option<String>,
    trace: bool,
}

enum Command {
    Presign(Box<Args>),
    Help,
    Version,
}

/// A mistake on the command line: exit status 2.
struct UsageError(String);

fn usage_error(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

fn main() -> ExitCode {
    let args = match parse(std::env::args_os().skip(1)) {
        Ok(Command::Presign(args)) => args,
        Ok(Command::Help) => return print(USAGE.trim_end()),
        Ok(Command::Version) => return print(&format!("presign {}", oss_presign::VERSION)),
        Err(UsageError(message)) => {
            eprintln!("presign: {message}\nTry 'presign --help' for the options.");
            return ExitCode::from(2);
        }
    };
    let (endpoint, region) = match endpoint_and_region(&args) {
        Ok(pair) => pair,
        Err(UsageError(message)) => {
            eprintln!("presign: {message}");
            return ExitCode::from(2);
        }
    };
    match presign(&args, &endpoint, &region) {
        Ok(request) => {
            let mut text = format!("{}\n", request.url());
            for header in request.headers() {
                text.push_str(&format!("{}: {}\n", header.name, header.value));
            }
            print(text.trim_end())
        }
        Err(error) => {
            eprintln!("presign: {error}");
            ExitCode::from(1)
        }
    }
}

fn print(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("presign: cannot write to stdout: {error}");
            ExitCode::from(1)
        }
    }
}

/// Builds the client and options, then presigns. Every error comes from the
/// library and names the argument at fault.
fn presign(
    args: &Args,
    endpoint: &str,
    region: &str,
) -> Result<PresignedRequest, oss_presign::Error> {
    let mut builder = ClientBuilder::new(endpoint, region)?;
    builder
        .credentials(Credentials::from_env()?)
        .path_style(args.path_style)
        .custom_domain(args.custom_domain);
    if let Some(id) = &args.cloudbox_id {
        builder.cloudbox_id(id)?;
    }
    let client = builder.build()?;

    let mut options = GetOptions::new();
    if let Some(seconds) = args.expires {
        options.expires(seconds)?;
    }
    if let Some(unix) = args.expiration {
        options.expiration(unix)?;
    }
    if let Some(unix) = args.signing_time {
        options.signing_time(unix)?;
    }
    if let Some(id) = &args.version_id {
        options.version_id(id)?;
    }
    if let Some(spec) = &args.process {
        options.process(spec)?;
    }
    if let Some(value) = &args.response_content_type {
        options.response_content_type(value)?;
    }
    if let Some(value) = &args.response_content_disposition {
        options.response_content_disposition(value)?;
    }
    if let Some(bits) = args.traffic_limit {
        options.traffic_limit(bits)?;
    }
    for (name, value) in &args.queries {
        options.add_query(name, value)?;
    }
    for (name, value) in &args.headers {
        options.add_header(name, value)?;
    }

    // Both are required by `parse`.
    let bucket = args.bucket.as_deref().unwrap_or_default();
    let key = args.key.as_deref().unwrap_or_default();
    if args.trace {
        let (request, trace) = client.trace_at(
            &Request::new(Method::Get, bucket, key, &options),
            unix_now(),
        )?;
        eprintln!(
            "canonical request:\n{}\n\nstring to sign:\n{}\n",
            trace.canonical_request, trace.string_to_sign
        );
        return Ok(request);
    }
    client.presign_get(bucket, key, &options)
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// Flags first, then the environment.
fn endpoint_and_region(args: &Args) -> Result<(String, String), UsageError> {
    let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let endpoint = args.endpoint.clone().or_else(|| from_env("OSS_ENDPOINT"));
    let region = args.region.clone().or_else(|| from_env("OSS_REGION"));
    match (endpoint, region) {
        (Some(endpoint), Some(region)) => Ok((endpoint, region)),
        (None, _) => Err(usage_error(
            "no endpoint: use --endpoint or set OSS_ENDPOINT",
        )),
        (_, None) => Err(usage_error("no region: use --region or set OSS_REGION")),
    }
}

/// The options that take a value.
const VALUE_FLAGS: [&str; 15] = [
    "--endpoint",
    "--region",
    "--bucket",
    "--key",
    "--expires",
    "--expiration",
    "--signing-time",
    "--version-id",
    "--process",
    "--response-content-type",
    "--response-content-disposition",
    "--traffic-limit",
    "--cloudbox-id",
    "--query",
    "--header",
];

fn parse(argv: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut args = Args::default();
    let mut argv = argv.into_iter();

    while let Some(arg) = argv.next() {
        let arg = arg
            .into_string()
            .map_err(|arg| usage_error(format!("argument is not UTF-8: {arg:?}")))?;
        if !arg.starts_with("--") && arg != "-h" {
            return Err(usage_error(format!("unexpected argument '{arg}'")));
        }
        // --name=value or --name value.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };

        // Flags without a value.
        let switch = match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--version" => return Ok(Command::Version),
            "--path-style" => Some(&mut args.path_style),
            "--custom-domain" => Some(&mut args.custom_domain),
            "--trace" => Some(&mut args.trace),
            _ => None,
        };
        if let Some(switch) = switch {
            if inline.is_some() {
                return Err(usage_error(format!("{flag} takes no value")));
            }
            *switch = true;
            continue;
        }

        if !VALUE_FLAGS.contains(&flag.as_str()) {
            return Err(usage_error(format!("unknown option '{flag}'")));
        }
        let value = match inline {
            Some(value) => value,
            None => match argv.next() {
                Some(value) => value
                    .into_string()
                    .map_err(|v| usage_error(format!("{flag}: value is not UTF-8: {v:?}")))?,
                None => return Err(usage_error(format!("{flag} needs a value"))),
            },
        };

        match flag.as_str() {
            "--endpoint" => once(&mut args.endpoint, &flag, value)?,
            "--region" => once(&mut args.region, &flag, value)?,
            "--bucket" => once(&mut args.bucket, &flag, value)?,
            "--key" => once(&mut args.key, &flag, value)?,
            "--expires" => once(&mut args.expires, &flag, number(&flag, &value)?)?,
            "--expiration" => once(&mut args.expiration, &flag, number(&flag, &value)?)?,
            "--signing-time" => once(&mut args.signing_time, &flag, number(&flag, &value)?)?,
            "--version-id" => once(&mut args.version_id, &flag, value)?,
            "--process" => once(&mut args.process, &flag, value)?,
            "--response-content-type" => once(&mut args.response_content_type, &flag, value)?,
            "--response-content-disposition" => {
                once(&mut args.response_content_disposition, &flag, value)?
            }
            "--traffic-limit" => once(&mut args.traffic_limit, &flag, number(&flag, &value)?)?,
            "--cloudbox-id" => once(&mut args.cloudbox_id, &flag, value)?,
            "--query" => {
                // A parameter without '=' has an empty value.
                let (name, value) = value.split_once('=').unwrap_or((&value, ""));
                args.queries.push((name.to_owned(), value.to_owned()));
            }
            "--header" => {
                let Some((name, value)) = value.split_once(':') else {
                    return Err(usage_error(format!(
                        "--header needs 'NAME: VALUE', got '{value}'"
                    )));
                };
                args.headers.push((name.to_owned(), value.to_owned()));
            }
            _ => return Err(usage_error(format!("unknown option '{flag}'"))),
        }
    }

    if args.bucket.is_none() {
        return Err(usage_error("--bucket is required"));
    }
    if args.key.is_none() {
        return Err(usage_error("--key is required"));
    }
    Ok(Command::Presign(Box::new(args)))
}

/// Stores the value of a flag that may be given once.
fn once<T>(slot: &mut Option<T>, flag: &str, value: T) -> Result<(), UsageError> {
    if slot.is_some() {
        return Err(usage_error(format!("{flag} was given more than once")));
    }
    *slot = Some(value);
    Ok(())
}

fn number<T: FromStr>(flag: &str, value: &str) -> Result<T, UsageError> {
    value
        .parse()
        .map_err(|_| usage_error(format!("{flag} needs a whole number, got '{value}'")))
}
