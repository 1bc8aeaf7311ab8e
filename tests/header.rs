//! The checked-in header: up to date with the sources, and valid C11 and
//! C++11 under strict warnings.

use std::path::Path;
use std::process::Command;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// build.rs regenerates `include/oss_presign.h` before tests compile, so a
/// stale checked-in header shows up as a difference from the committed one.
#[test]
fn checked_in_header_matches_the_generated_one() {
    let in_git = Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(MANIFEST_DIR)
        .output()
        .is_ok_and(|out| out.status.success());
    if !in_git {
        eprintln!("not a git checkout: header staleness check skipped");
        return;
    }
    let tracked = Command::new("git")
        .args(["ls-files", "--error-unmatch", "include/oss_presign.h"])
        .current_dir(MANIFEST_DIR)
        .output()
        .unwrap();
    assert!(
        tracked.status.success(),
        "include/oss_presign.h is not committed"
    );
    let diff = Command::new("git")
        .args(["diff", "--exit-code", "--", "include/oss_presign.h"])
        .current_dir(MANIFEST_DIR)
        .output()
        .unwrap();
    assert!(
        diff.status.success(),
        "include/oss_presign.h differs from the generated header; commit it:\n{}",
        String::from_utf8_lossy(&diff.stdout)
    );
}

fn compile(compiler: &str, args: &[&str]) {
    let dir = Path::new(MANIFEST_DIR);
    let out = std::env::temp_dir().join(format!(
        "oss_presign_header_{compiler}_{}",
        std::process::id()
    ));
    let status = Command::new(compiler)
        .args(args)
        .arg("-I")
        .arg(dir.join("include"))
        .arg("-fsyntax-only")
        .arg(dir.join("tests/c/header_check.c"))
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {compiler}: {e}"));
    assert!(status.success(), "{compiler} {args:?} rejected the header");
}

#[test]
fn header_compiles_as_strict_c11() {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    compile(
        &cc,
        &[
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Wpedantic",
            "-Wstrict-prototypes",
            "-Werror",
        ],
    );
}

#[test]
fn header_compiles_as_strict_cpp11() {
    let cxx = std::env::var("CXX").unwrap_or_else(|_| "c++".to_owned());
    compile(
        &cxx,
        &[
            "-x",
            "c++",
            "-std=c++11",
            "-Wall",
            "-Wextra",
            "-Wpedantic",
            "-Werror",
        ],
    );
}
