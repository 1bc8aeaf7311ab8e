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

/// The bounds of `src/limits.rs` as the header's macros: each with its
/// `OSS_` name and the Rust value, as a C compiler evaluates it.
const LIMITS: [(&str, i128); 18] = {
    use oss_presign::limits::*;
    [
        ("OSS_MAX_ARGUMENT_BYTES", MAX_ARGUMENT_BYTES as i128),
        ("OSS_MAX_QUERY_PARAMETERS", MAX_QUERY_PARAMETERS as i128),
        ("OSS_MAX_HEADERS", MAX_HEADERS as i128),
        ("OSS_MAX_URL_BYTES", MAX_URL_BYTES as i128),
        ("OSS_MAX_BATCH_KEYS", MAX_BATCH_KEYS as i128),
        ("OSS_MAX_KEY_BYTES", MAX_KEY_BYTES as i128),
        (
            "OSS_DEFAULT_EXPIRES_SECONDS",
            DEFAULT_EXPIRES_SECONDS as i128,
        ),
        ("OSS_MAX_EXPIRES_SECONDS", MAX_EXPIRES_SECONDS as i128),
        (
            "OSS_MAX_SIGNING_TIME_WINDOW",
            MAX_SIGNING_TIME_WINDOW as i128,
        ),
        ("OSS_MIN_TRAFFIC_LIMIT", MIN_TRAFFIC_LIMIT as i128),
        ("OSS_MAX_TRAFFIC_LIMIT", MAX_TRAFFIC_LIMIT as i128),
        ("OSS_MIN_UNIX_SECONDS", MIN_UNIX_SECONDS as i128),
        ("OSS_MAX_UNIX_SECONDS", MAX_UNIX_SECONDS as i128),
        (
            "OSS_MIN_SERVER_UNIX_SECONDS",
            MIN_SERVER_UNIX_SECONDS as i128,
        ),
        (
            "OSS_MAX_SERVER_UNIX_SECONDS",
            MAX_SERVER_UNIX_SECONDS as i128,
        ),
        (
            "OSS_FUTURE_DATE_TOLERANCE_SECONDS",
            FUTURE_DATE_TOLERANCE_SECONDS as i128,
        ),
        ("OSS_MAX_ERROR_BODY_BYTES", MAX_ERROR_BODY_BYTES as i128),
        (
            "OSS_SECONDS_PER_DAY",
            oss_presign::v4::SECONDS_PER_DAY as i128,
        ),
    ]
};

/// The names of the header's `#define`s, but its include guard and the
/// attribute and version macros.
fn header_macros() -> Vec<String> {
    let header =
        std::fs::read_to_string(Path::new(MANIFEST_DIR).join("include/oss_presign.h")).unwrap();
    header
        .lines()
        .filter_map(|line| line.strip_prefix("#define "))
        .filter_map(|rest| rest.split_whitespace().next())
        .filter(|name| {
            !["OSS_PRESIGN_H", "OSS_MUST_USE"].contains(name)
                && !name.starts_with("OSS_PRESIGN_VERSION_")
        })
        .map(str::to_owned)
        .collect()
}

/// Every bound is a macro of the header with its Rust value (compiled and
/// printed by a C program), and nothing else is: a constant that leaks into
/// the header without its `OSS_` name fails here.
#[test]
fn the_headers_macros_are_the_limits_with_their_values() {
    let mut macros = header_macros();
    macros.sort();
    let mut names: Vec<String> = LIMITS.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    assert_eq!(macros, names);

    let dir = std::env::temp_dir().join(format!("oss_presign_limits_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("limits.c");
    let mut program =
        String::from("#include <stdio.h>\n#include \"oss_presign.h\"\nint main(void) {\n");
    for (name, _) in LIMITS {
        program.push_str(&format!(
            "    printf(\"{name} %lld\\n\", (long long)({name}));\n"
        ));
    }
    program.push_str("    return 0;\n}\n");
    std::fs::write(&source, program).unwrap();
    let binary = dir.join("limits");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let status = Command::new(cc)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-I"])
        .arg(Path::new(MANIFEST_DIR).join("include"))
        .arg(&source)
        .arg("-o")
        .arg(&binary)
        .status()
        .unwrap();
    assert!(status.success(), "the macros do not compile");
    let output = Command::new(&binary).output().unwrap();
    let printed = String::from_utf8(output.stdout).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    for (name, value) in LIMITS {
        assert!(
            printed.contains(&format!("{name} {value}\n")),
            "{name} is not {value} in C:\n{printed}"
        );
    }
}

/// Every bound is a plain integer expression, which the C preprocessor can
/// evaluate: `#if OSS_MAX_URL_BYTES < 8192` works (a cast does not), and
/// gives the Rust value.
#[test]
fn the_headers_macros_work_in_preprocessor_conditionals() {
    let mut program = String::from("#include \"oss_presign.h\"\n");
    for (name, value) in LIMITS {
        program.push_str(&format!(
            "#if !defined({name}) || ({name}) != {value}\n#error \"{name} is not {value} in #if\"\n#endif\n"
        ));
    }
    program.push_str("int main(void) { return 0; }\n");
    let dir = std::env::temp_dir().join(format!("oss_presign_if_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("limits_if.c");
    std::fs::write(&source, program).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let output = Command::new(cc)
        .args([
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-fsyntax-only",
            "-I",
        ])
        .arg(Path::new(MANIFEST_DIR).join("include"))
        .arg(&source)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        output.status.success(),
        "a macro cannot be used in #if:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The header's documentation names the macros and never copies their
/// numbers (which would drift from them).
#[test]
fn the_headers_docs_name_the_macros_not_their_numbers() {
    let header =
        std::fs::read_to_string(Path::new(MANIFEST_DIR).join("include/oss_presign.h")).unwrap();
    let numbers = [
        "8192",
        "16384",
        "1023",
        "604800",
        "86400",
        "819200",
        "838860800",
        "65536",
    ];
    for line in header.lines().filter(|l| !l.starts_with("#define")) {
        for number in numbers {
            let copied = line
                .split(|c: char| !c.is_ascii_digit())
                .any(|digits| digits == number);
            assert!(!copied, "the header copies {number}: {line}");
        }
        assert!(
            !line.contains("1000 keys"),
            "the header copies 1000: {line}"
        );
    }
}
