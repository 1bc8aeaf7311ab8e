//! The one header rule (canonical names and values, repeated headers
//! joined) against Alibaba's SDK: `tests/differential/canonical_headers.py`
//! has alibabacloud-oss-v2 compute the canonical requests of random header
//! sets, as OSS receives them, and the library must compute the same ones
//! from the field lines a client sends. Presign (through the options) and
//! verify use the same rule (unit tests of `canonical`).
//!
//! Needs the SDK's Python (`$OSS_PYTHON`, or `target/venv` made by
//! `source scripts/setup.sh && oss_setup_venv`).

use std::path::{Path, PathBuf};
use std::process::Command;

use oss_presign::canonical::{RequestParts, canonical_request};
use serde_json::Value;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("OSS_PYTHON") {
        return python.into();
    }
    let venv = Path::new(MANIFEST_DIR).join("target/venv/bin/python");
    assert!(
        venv.exists(),
        "Alibaba's SDK is needed: run `source scripts/setup.sh && oss_setup_venv` \
         (or set OSS_PYTHON to a Python that has alibabacloud-oss-v2)"
    );
    venv
}

#[test]
fn canonical_headers_are_the_sdks_for_what_oss_receives() {
    let output = Command::new(python())
        .arg(Path::new(MANIFEST_DIR).join("tests/differential/canonical_headers.py"))
        .args(["--cases", "500"])
        .output()
        .expect("cannot run the SDK's Python");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    let run: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(
        run["sdk"], "1.4.1",
        "written against alibabacloud-oss-v2 1.4.1"
    );
    let mut compared = 0;
    for line in lines {
        let case: Value = serde_json::from_str(line).unwrap();
        let headers: Vec<(&str, &str)> = case["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| (pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
            .collect();
        let additional: Vec<&str> = case["additional_headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|name| name.as_str().unwrap())
            .collect();
        let ours = canonical_request(&RequestParts {
            method: "GET",
            bucket: Some("examplebucket"),
            key: Some("a b.txt"),
            query: &[],
            headers: &headers,
            additional_headers: &additional,
        });
        assert_eq!(
            ours, case["canonical_request"],
            "seed {}: headers {headers:?}, additional {additional:?}",
            run["seed"]
        );
        compared += 1;
    }
    assert_eq!(compared, 500);
}
