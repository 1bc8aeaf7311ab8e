//! Every relative link of the repository's Markdown leads somewhere: each
//! `[text](target)`, `![alt](target)` and `[label]: target` in a committed
//! `.md` file names a file or folder of the repository, and each `#anchor`
//! a heading of its page, by GitHub's rules for heading anchors. Links in
//! code blocks and code spans are not links and are skipped. External links
//! (`http`, `https`, `mailto`) are not fetched, only listed:
//! `cargo test --test doc_links -- --nocapture` prints them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// Repository-relative paths of the files a clone has: git's tracked files
/// plus new ones it does not ignore, or, without git, every file outside
/// `target/` and hidden folders.
fn repository_files(root: &Path) -> BTreeSet<String> {
    let git = Command::new("git")
        .current_dir(root)
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .output();
    match git {
        Ok(out) if out.status.success() => String::from_utf8(out.stdout)
            .expect("git ls-files gave non-UTF-8 paths")
            .split('\0')
            .filter(|p| !p.is_empty() && root.join(p).is_file())
            .map(str::to_owned)
            .collect(),
        _ => {
            let mut files = BTreeSet::new();
            walk(root, "", &mut files);
            files
        }
    }
}

fn walk(root: &Path, dir: &str, files: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if dir.is_empty() {
            name.clone()
        } else {
            format!("{dir}/{name}")
        };
        let kind = entry.file_type().unwrap();
        if kind.is_dir() && !name.starts_with('.') && name != "target" {
            walk(root, &path, files);
        } else if kind.is_file() {
            files.insert(path);
        }
    }
}

/// The page with fenced code blocks blanked out (newlines kept, so offsets
/// still give line numbers).
fn without_code_blocks(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut fence: Option<(char, usize)> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let run = |c: char| trimmed.chars().take_while(|&x| x == c).count();
        let opens = ['`', '~']
            .into_iter()
            .map(|c| (c, run(c)))
            .find(|&(_, n)| n >= 3 && indent < 4);
        match (fence, opens) {
            (None, Some(open)) => fence = Some(open),
            (Some((c, n)), Some((c2, n2)))
                if c == c2 && n2 >= n && trimmed[n2..].trim().is_empty() =>
            {
                fence = None
            }
            (None, None) => {
                out.push_str(line);
                continue;
            }
            _ => {}
        }
        out.push_str(if line.ends_with('\n') { "\n" } else { "" });
    }
    out
}

/// A run of N backticks opens a code span that the next run of exactly N
/// closes, within one paragraph; an unclosed run is plain text.
fn blank_code_spans(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let mut j = i + n;
        let mut close = None;
        while j < bytes.len() {
            if bytes[j..].starts_with(b"\n\n") {
                break;
            }
            if bytes[j] == b'`' {
                let m = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                for b in &mut out[i..end] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
                i = end;
            }
            None => i += n,
        }
    }
    // Only ASCII bytes were replaced, by ASCII spaces.
    String::from_utf8(out).unwrap()
}

/// GitHub's anchor for a heading's text: the rendered text (link targets
/// and HTML tags dropped), lower-cased, every character other than a
/// letter, a digit, `-`, `_` or a space removed, spaces turned into `-`.
fn slug(heading: &str) -> String {
    let mut text = String::new();
    let mut rest = heading;
    while let Some(start) = rest.find(['<', '(']) {
        let (before, from) = rest.split_at(start);
        text.push_str(before);
        let link_target = from.starts_with('(') && before.ends_with(']');
        let close = if link_target { ')' } else { '>' };
        match from.find(close) {
            Some(end) if link_target || from.starts_with('<') => rest = &from[end + 1..],
            _ => {
                text.push_str(&from[..1]);
                rest = &from[1..];
            }
        }
    }
    text.push_str(rest);
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a page: one per ATX heading (`# ...` to `###### ...`),
/// a repeated slug numbered `-1`, `-2`... as GitHub does, plus explicit
/// `id="..."` and `name="..."` of HTML anchors.
fn anchors(markdown: &str) -> BTreeSet<String> {
    let text = without_code_blocks(markdown);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut anchors = BTreeSet::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let level = trimmed.chars().take_while(|&c| c == '#').count();
        if line.len() - trimmed.len() < 4
            && (1..=6).contains(&level)
            && trimmed[level..].chars().next().is_none_or(|c| c == ' ')
        {
            let title = trimmed[level..].trim().trim_end_matches('#').trim();
            let base = slug(title);
            let count = seen.entry(base.clone()).or_insert(0);
            anchors.insert(match *count {
                0 => base,
                n => format!("{base}-{n}"),
            });
            *count += 1;
        }
    }
    for attribute in ["id=\"", "name=\""] {
        for (at, _) in text.match_indices(attribute) {
            let value = &text[at + attribute.len()..];
            if let Some(end) = value.find('"') {
                anchors.insert(value[..end].to_owned());
            }
        }
    }
    anchors
}

/// `(line, target)` of every link of a page.
fn links(markdown: &str) -> Vec<(usize, String)> {
    let text = blank_code_spans(&without_code_blocks(markdown));
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut found = Vec::new();
    for (at, _) in text.match_indices("](") {
        let rest = &text[at + 2..];
        let target = if let Some(angled) = rest.strip_prefix('<') {
            angled.split('>').next().unwrap_or("")
        } else {
            // Balanced parentheses belong to the target; a title follows a space.
            let mut depth = 0;
            let end = rest
                .char_indices()
                .find(|&(_, c)| match c {
                    '(' => {
                        depth += 1;
                        false
                    }
                    ')' if depth == 0 => true,
                    ')' => {
                        depth -= 1;
                        false
                    }
                    c => c.is_whitespace(),
                })
                .map_or(rest.len(), |(i, _)| i);
            &rest[..end]
        };
        found.push((line_of(at), target.to_owned()));
    }
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(definition) = trimmed
            .strip_prefix('[')
            .and_then(|l| l.split_once("]:"))
            .filter(|(label, _)| !label.is_empty() && !label.starts_with('^'))
        {
            let target = definition.1.split_whitespace().next().unwrap_or("");
            found.push((index + 1, target.trim_matches(['<', '>']).to_owned()));
        }
        for (at, _) in line.match_indices("<http") {
            let url = line[at + 1..].split('>').next().unwrap_or("");
            found.push((index + 1, url.to_owned()));
        }
    }
    found
}

/// `%XX` escapes of a link's path decoded (GitHub accepts `a%20b.md`).
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `dir` joined with a relative path, `.` and `..` resolved; `None` when it
/// leaves the repository.
fn joined(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// What is wrong with one link of `page`, if anything.
fn problem(
    page: &str,
    target: &str,
    files: &BTreeSet<String>,
    anchors_of: &dyn Fn(&str) -> BTreeSet<String>,
) -> Option<String> {
    if target.is_empty() {
        return Some("empty link".to_owned());
    }
    if let Some((scheme, _)) = target.split_once(':') {
        if scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return match scheme {
                "http" | "https" | "mailto" => None,
                _ => Some(format!("a {scheme}: link; use a relative path or https")),
            };
        }
    }
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    if path.starts_with('/') {
        return Some("an absolute path; use one relative to the page".to_owned());
    }
    let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
    let resolved = if path.is_empty() {
        page.to_owned()
    } else {
        match joined(dir, &percent_decoded(path)) {
            Some(resolved) => resolved,
            None => return Some("leads out of the repository".to_owned()),
        }
    };
    let is_file = files.contains(&resolved);
    let folder = format!("{}/", resolved.trim_end_matches('/'));
    let is_folder = resolved.is_empty() || files.iter().any(|f| f.starts_with(&folder));
    if !is_file && !is_folder {
        return Some(format!("no file or folder {resolved}"));
    }
    let anchor = anchor?;
    if is_file && resolved.ends_with(".md") {
        return (!anchors_of(&resolved).contains(anchor))
            .then(|| format!("{resolved} has no heading with the anchor #{anchor}"));
    }
    // GitHub's line anchors of a source file: #L10, #L10-L20.
    let line_anchor = anchor.split('-').all(|l| {
        l.strip_prefix('L')
            .is_some_and(|n| n.parse::<u32>().is_ok())
    });
    (!(is_file && line_anchor)).then(|| format!("#{anchor} is no anchor {resolved} can have"))
}

/// The broken links of the given pages (`path -> text`), and the external ones.
fn check(
    pages: &BTreeMap<String, String>,
    files: &BTreeSet<String>,
) -> (Vec<String>, BTreeSet<String>) {
    let anchors_of = |path: &str| {
        pages
            .get(path)
            .map(|text| anchors(text))
            .unwrap_or_default()
    };
    let mut broken = Vec::new();
    let mut external = BTreeSet::new();
    for (page, text) in pages {
        for (line, target) in links(text) {
            if target.starts_with("http://") || target.starts_with("https://") {
                external.insert(target.clone());
            }
            if let Some(why) = problem(page, &target, files, &anchors_of) {
                broken.push(format!("{page}:{line}: ({target}): {why}"));
            }
        }
    }
    (broken, external)
}

#[test]
fn every_relative_link_of_the_markdown_resolves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = repository_files(root);
    let pages: BTreeMap<String, String> = files
        .iter()
        .filter(|f| f.ends_with(".md"))
        .map(|f| (f.clone(), std::fs::read_to_string(root.join(f)).unwrap()))
        .collect();
    assert!(
        pages.contains_key("README.md") && pages.keys().any(|p| p.starts_with("docs/")),
        "the Markdown pages were not found: {:?}",
        pages.keys()
    );
    let (broken, external) = check(&pages, &files);
    println!("{} external links, not fetched:", external.len());
    for url in &external {
        println!("  {url}");
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// The checker on pages written for it: it must report what is broken and
/// only that.
fn broken_in(pages: &[(&str, &str)], other_files: &[&str]) -> Vec<String> {
    let pages: BTreeMap<String, String> = pages
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let files = pages
        .keys()
        .cloned()
        .chain(other_files.iter().map(|f| f.to_string()))
        .collect();
    check(&pages, &files).0
}

#[test]
fn a_missing_file_or_heading_is_reported() {
    let readme = "# Title\n\nSee [the API](docs/api.md#errors), [gone](docs/gone.md),\n\
                  [here](#title), [nowhere](#nowhere) and [a folder](src/).\n";
    let api = "# API\n\n## Errors\n";
    let broken = broken_in(
        &[("README.md", readme), ("docs/api.md", api)],
        &["src/lib.rs"],
    );
    assert_eq!(
        broken,
        [
            "README.md:3: (docs/gone.md): no file or folder docs/gone.md",
            "README.md:4: (#nowhere): README.md has no heading with the anchor #nowhere",
        ]
    );
}

#[test]
fn links_resolve_relative_to_their_page() {
    let page = "[up](../README.md#top) [sibling](other.md) [escaped](../README.md/../docs/other.md)\n\
                [out](../../x.md) [root](/README.md) [local](file:///etc/passwd)\n";
    let broken = broken_in(
        &[
            ("docs/page.md", page),
            ("docs/other.md", ""),
            ("README.md", "# Top\n"),
        ],
        &[],
    );
    assert_eq!(broken.len(), 3, "{broken:?}");
    assert!(broken[0].contains("(../../x.md): leads out"), "{broken:?}");
    assert!(broken[1].contains("an absolute path"), "{broken:?}");
    assert!(broken[2].contains("a file: link"), "{broken:?}");
}

#[test]
fn code_is_not_checked_but_everything_else_is() {
    let page = "```md\n[in a fence](nope.md)\n```\n\n~~~~\n```\n[still fenced](nope.md)\n~~~~\n\n\
                Text `[in a span](nope.md)` and ``a `tick` [x](nope.md)``.\n\n\
                ![image](missing.png) [ref]: also-missing.md\n\n[label]: defined-missing.md\n\
                <https://example.com/> [title](ok.md \"A title\") [angle](<ok.md>)\n";
    let broken = broken_in(&[("page.md", page), ("ok.md", "")], &[]);
    assert_eq!(
        broken,
        [
            "page.md:12: (missing.png): no file or folder missing.png",
            "page.md:14: (defined-missing.md): no file or folder defined-missing.md",
        ]
    );
}

#[test]
fn anchors_follow_githubs_slugs() {
    let page = "# oss-presign\n\
                ## iOS (Objective-C and Swift)\n\
                ### Ownership, threads, errors\n\
                ## The C++ example (`examples/cpp/`)\n\
                ## Loading: `RegisterNatives` and the version handshake\n\
                ## See [the API](api.md) now\n\
                ## Limits\n### Limits\n#### Limits ##\n\
                ## 安装 oss_presign_v2\n\
                #NotAHeading\n    ## indented code\n";
    let expected = [
        "oss-presign",
        "ios-objective-c-and-swift",
        "ownership-threads-errors",
        "the-c-example-examplescpp",
        "loading-registernatives-and-the-version-handshake",
        "see-the-api-now",
        "limits",
        "limits-1",
        "limits-2",
        "安装-oss_presign_v2",
    ];
    assert_eq!(anchors(page), expected.map(str::to_owned).into());
}

#[test]
fn external_links_are_listed_not_checked() {
    let page = "[a](https://example.com/x#frag) <https://example.org> [m](mailto:a@example.com)\n";
    let pages = BTreeMap::from([("p.md".to_owned(), page.to_owned())]);
    let (broken, external) = check(&pages, &BTreeSet::from(["p.md".to_owned()]));
    assert!(broken.is_empty(), "{broken:?}");
    assert_eq!(
        external,
        BTreeSet::from([
            "https://example.com/x#frag".to_owned(),
            "https://example.org".to_owned()
        ])
    );
}
