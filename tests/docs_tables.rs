//! The documented tables cannot drift from the behaviour:
//! - `docs/bad-inputs.md` is generated from `tests/bad_inputs.tsv`, the
//!   bad-input matrix that the Rust, C, Java and Objective-C suites all run;
//!   this test fails when the page is not what the table gives
//!   (`OSS_BLESS=1 cargo test --test docs_tables` rewrites it);
//! - the error-code table of `docs/c-api.md` lists exactly the `OSS_CODE_*`
//!   values of `include/oss_presign.h`, and every code of the bad-input
//!   table is in it;
//! - its table of functions names every function the header declares;
//! - its limits table, and every "`OSS_X` (N" it writes, give the value
//!   the header's macro has;
//! - the native libraries that page tells to link with the static library
//!   are the ones `cmake/oss_presignConfig.cmake` records, which
//!   `scripts/check_install.sh` compares with what rustc prints.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

const TABLE: &str = include_str!("bad_inputs.tsv");
const HEADER: &str = include_str!("../include/oss_presign.h");
const C_API: &str = include_str!("../docs/c-api.md");
const CMAKE_CONFIG: &str = include_str!("../cmake/oss_presignConfig.cmake");
const PAGE: &str = "docs/bad-inputs.md";

/// A value as the page shows it: the table's escapes kept, a repeat as
/// `× N`, an empty value as "(empty)".
fn shown(value: &str, repeat: &str) -> String {
    if value == "\"\"" {
        return "(empty)".to_owned();
    }
    // A leading or trailing space would vanish in a code span: mark it.
    let visible = value.replace(' ', "␠");
    let code = format!("`{}`", visible.replace('|', "\\|"));
    match repeat {
        "1" => code,
        n => format!("{code} × {n}"),
    }
}

fn render() -> String {
    let mut page = String::from(
        "# Bad inputs and their error codes\n\n\
         Generated from [`tests/bad_inputs.tsv`](../tests/bad_inputs.tsv) by\n\
         `OSS_BLESS=1 cargo test --test docs_tables`; do not edit by hand. That table is the\n\
         bad-input matrix of the library: the Rust (`tests/bad_inputs.rs`), C\n\
         (`tests/c/test_api.c`), Java and Objective-C test suites run every row and\n\
         check its code and argument, and `tests/docs_tables.rs` fails when this\n\
         page differs from it, so the page is the behaviour.\n\n\
         Each row is one call with one bad argument and valid defaults for the\n\
         others (the table's header lists them); the call fails with the code, and\n\
         `oss_error_argument()` names the argument. Values are shown with the\n\
         table's escapes (`\\t`, `\\n`, `\\r`, `\\\\`, `\\xHH`); `␠` is a space; `× N` is the\n\
         value repeated N times. Codes are explained in the C API's\n\
         [error table](c-api.md#error-codes).\n",
    );
    let mut heading: Option<String> = None;
    let mut rows = 0;
    for line in TABLE.lines() {
        if let Some(comment) = line.strip_prefix("# ") {
            heading = Some(comment.to_owned());
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let [operation, value, repeat, code, argument] = columns[..] else {
            panic!("not 5 columns: {line:?}");
        };
        if let Some(title) = heading.take() {
            write!(
                page,
                "\n## {title}\n\n| Call | Value | Code | Argument |\n|---|---|---|---|\n"
            )
            .unwrap();
        }
        writeln!(
            page,
            "| `{operation}` | {} | `{code}` | `{argument}` |",
            shown(value, repeat)
        )
        .unwrap();
        rows += 1;
    }
    write!(page, "\n{rows} rows.\n").unwrap();
    page
}

#[test]
fn the_bad_input_page_is_generated_from_the_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(PAGE);
    let expected = render();
    if std::env::var_os("OSS_BLESS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{PAGE} is not what tests/bad_inputs.tsv gives: run \
         `OSS_BLESS=1 cargo test --test docs_tables` and commit it"
    );
}

/// `OSS_CODE_X = N` of the header's enum.
fn header_codes() -> BTreeMap<String, u32> {
    HEADER
        .lines()
        .filter_map(|l| {
            let (name, value) = l.trim().trim_end_matches(',').split_once(" = ")?;
            name.starts_with("OSS_CODE_")
                .then(|| (name.to_owned(), value.parse().ok()))?
                .1
                .map(|v| (name.to_owned(), v))
        })
        .collect()
}

/// ``| `OSS_CODE_X` | N | meaning |`` rows of the C API's page.
fn documented_codes() -> BTreeMap<String, u32> {
    C_API
        .lines()
        .filter(|l| l.starts_with("| `OSS_CODE_"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let name = cells[1].trim_matches('`').to_owned();
            let value = cells[2].parse().unwrap_or_else(|_| panic!("{l}"));
            assert!(
                !cells[3].is_empty(),
                "{name} has no meaning in docs/c-api.md"
            );
            (name, value)
        })
        .collect()
}

#[test]
fn the_documented_error_table_lists_exactly_the_headers_codes() {
    let header = header_codes();
    assert!(header.len() > 25, "the header's codes were not found");
    assert_eq!(documented_codes(), header);
}

#[test]
fn every_code_of_the_bad_input_table_is_documented() {
    let documented = documented_codes();
    for line in TABLE
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let code = line.split('\t').nth(3).unwrap();
        assert!(
            documented.contains_key(code),
            "{code} is not in the table of docs/c-api.md"
        );
    }
}

/// The run of `-l<name>` words that starts at `-lgcc_s` in a line.
fn native_libraries(line: &str) -> Option<Vec<&str>> {
    let start = line.find("-lgcc_s")?;
    Some(
        line[start..]
            .split(|c: char| c.is_whitespace() || c == '`' || c == ')')
            .take_while(|w| w.starts_with("-l"))
            .collect(),
    )
}

#[test]
fn the_documented_native_libraries_are_the_recorded_ones() {
    let recorded = CMAKE_CONFIG
        .lines()
        .filter(|l| l.trim().starts_with("set(_oss_presign_native "))
        .find_map(native_libraries)
        .expect("cmake/oss_presignConfig.cmake records no native libraries");
    assert!(recorded.len() > 3, "{recorded:?}");
    let mut seen = 0;
    for line in C_API.lines() {
        if let Some(documented) = native_libraries(line) {
            assert_eq!(documented, recorded, "docs/c-api.md: {line}");
            seen += 1;
        }
    }
    assert!(
        seen >= 3,
        "docs/c-api.md names the native libraries {seen} times"
    );
}

/// The functions `include/oss_presign.h` declares: each `oss_name(` outside
/// comments and preprocessor lines.
fn header_functions() -> BTreeSet<String> {
    let ident = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    HEADER
        .lines()
        .filter(|l| !l.trim_start().starts_with(['*', '/', '#']))
        .flat_map(|l| l.match_indices('(').map(move |(at, _)| &l[..at]))
        .filter_map(|before| {
            let start = before.rfind(|c: char| !ident(c)).map_or(0, |i| i + 1);
            let name = &before[start..];
            name.starts_with("oss_").then(|| name.to_owned())
        })
        .collect()
}

/// The functions the table of `docs/c-api.md` names. A cell lists full
/// names and shorthands: `_free` after `oss_client_config_new` stands for
/// `oss_client_config_free`, the longest stem of the last full name that
/// gives a function of `known`.
fn documented_functions(known: &BTreeSet<String>) -> BTreeSet<String> {
    let start = C_API
        .find("| Area | Functions |")
        .expect("no table of functions");
    let mut found = BTreeSet::new();
    for row in C_API[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
    {
        let mut last = "";
        for name in row.split('`').skip(1).step_by(2) {
            if name.starts_with("oss_") {
                found.insert(name.to_owned());
                last = name;
            } else if name.starts_with('_') {
                let stems = last.match_indices('_').map(|(i, _)| &last[..i]).rev();
                if let Some(full) = stems
                    .map(|stem| format!("{stem}{name}"))
                    .find(|f| known.contains(f))
                {
                    found.insert(full);
                }
            }
        }
    }
    found
}

#[test]
fn the_documented_functions_are_the_headers() {
    let header = header_functions();
    assert!(header.len() > 50, "the header's functions were not found");
    let documented = documented_functions(&header);
    let missing: Vec<_> = header.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "docs/c-api.md's table of functions lacks {missing:?}"
    );
}

/// The value of the header's `#define NAME expr`, where `expr` is an
/// integer, another macro, a product of those, parentheses or a cast.
fn macro_value(name: &str) -> u64 {
    let prefix = format!("#define {name} ");
    let line = HEADER
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("the header defines no {name}"));
    line.replace("(uint64_t)", "")
        .replace(['(', ')'], "")
        .split('*')
        .map(str::trim)
        .map(|factor| factor.parse().unwrap_or_else(|_| macro_value(factor)))
        .product()
}

/// The first integer of a cell or phrase: `8192 bytes` gives 8192.
fn leading_number(text: &str) -> u64 {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number in {text:?}"))
}

#[test]
fn the_documented_limits_are_the_headers_macros() {
    let section = C_API
        .split_once("## Limits")
        .expect("docs/c-api.md has a Limits section")
        .1;
    let rows: Vec<(&str, u64)> = section
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| ") && l.contains("| `OSS_"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[2].trim_matches('`'), leading_number(cells[3]))
        })
        .collect();
    assert!(rows.len() >= 6, "the limits table has {} rows", rows.len());
    for (name, documented) in rows {
        assert_eq!(
            documented,
            macro_value(name),
            "docs/c-api.md limits: {name}"
        );
    }
    // Prose such as "`OSS_MAX_KEY_BYTES` (1023)".
    let mut prose = 0;
    for (at, _) in C_API.match_indices("`OSS_") {
        let rest = &C_API[at + 1..];
        let Some((name, after)) = rest.split_once('`') else {
            continue;
        };
        if let Some(value) = after.strip_prefix(" (") {
            if value.starts_with(|c: char| c.is_ascii_digit()) {
                assert_eq!(
                    leading_number(value),
                    macro_value(name),
                    "docs/c-api.md: {name}"
                );
                prose += 1;
            }
        }
    }
    assert!(
        prose >= 3,
        "docs/c-api.md names {prose} macros with their values"
    );
}
