//! What in an object key tends to hurt users outside this library.
//!
//! Presigning accepts every key OSS stores and a percent-encoded URL carries
//! intact: control characters, `//` and a trailing `/`, space or `.` are all
//! sent unchanged once encoded, and existing objects must stay reachable. It
//! refuses only what no HTTP stack sends as signed (`.` and `..` segments,
//! which clients collapse, and a leading `/`). This lint is a separate
//! question for code that chooses new keys: which of them will surprise
//! someone later. See docs/beyond.md, "Key lint", for the evidence.

/// What [`lint_key`] found, as a set of flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct KeyLint(u32);

impl KeyLint {
    /// Control characters (U+0000-U+001F, U+007F-U+009F): XML 1.0 cannot
    /// carry most of them, so listings must be URL-encoded to show them;
    /// terminals and logs mangle them.
    pub const CONTROL_CHARACTERS: KeyLint = KeyLint(1);
    /// An empty path segment (`a//b`, `a/b//`; one trailing `/`, a folder
    /// marker, is fine): folder views show a folder without a name, and
    /// path-joining code collapses `//` into `/`, naming another object.
    pub const EMPTY_SEGMENT: KeyLint = KeyLint(2);
    /// A segment ending in a space or a dot (`a. /b`, `report.`): Windows
    /// cannot create such a file or folder, so a download saved under the
    /// key's name fails or is renamed.
    pub const TRAILING_SPACE_OR_DOT: KeyLint = KeyLint(4);
    /// A segment starting or ending with white space, or white space that is
    /// not U+0020 (tabs, no-break and other Unicode spaces): invisible, and
    /// trimmed or changed when copied by hand.
    pub const UNUSUAL_WHITE_SPACE: KeyLint = KeyLint(8);
    /// Characters that look like others or like nothing: zero-width and
    /// invisible formatting characters (U+200B-U+200F, U+2060, U+FEFF),
    /// fullwidth ASCII (U+FF01-U+FF5E).
    pub const LOOKALIKE_CHARACTERS: KeyLint = KeyLint(16);
    /// Combining marks (U+0300-U+036F and the other combining blocks): the
    /// same visible name can be stored precomposed (NFC, as Windows and
    /// Linux write it) or decomposed (NFD, as older macOS file systems
    /// write it), which are different keys.
    pub const COMBINING_MARKS: KeyLint = KeyLint(32);

    /// No finding.
    pub const NONE: KeyLint = KeyLint(0);

    /// The flags as a number (the C ABI's `oss_key_lint` bits).
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Whether every flag of `other` is set.
    pub fn contains(self, other: KeyLint) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether nothing was found.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for KeyLint {
    type Output = KeyLint;
    fn bitor(self, other: KeyLint) -> KeyLint {
        KeyLint(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for KeyLint {
    fn bitor_assign(&mut self, other: KeyLint) {
        self.0 |= other.0;
    }
}

/// Lints an object key (whether or not presigning accepts it).
///
/// ```
/// use oss_presign::{KeyLint, lint_key};
/// assert!(lint_key("photos/2024/beach.jpg").is_empty());
/// assert!(lint_key("photos//beach.jpg").contains(KeyLint::EMPTY_SEGMENT));
/// assert!(lint_key("draft.").contains(KeyLint::TRAILING_SPACE_OR_DOT));
/// assert!(lint_key("cafe\u{301}.txt").contains(KeyLint::COMBINING_MARKS));
/// ```
pub fn lint_key(key: &str) -> KeyLint {
    let mut found = KeyLint::NONE;
    for c in key.chars() {
        found |= match c {
            // Tabs, line breaks and U+0085 are both.
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' if c.is_whitespace() => {
                KeyLint::CONTROL_CHARACTERS | KeyLint::UNUSUAL_WHITE_SPACE
            }
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => KeyLint::CONTROL_CHARACTERS,
            '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{ff01}'..='\u{ff5e}' => {
                KeyLint::LOOKALIKE_CHARACTERS
            }
            '\u{300}'..='\u{36f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}' => KeyLint::COMBINING_MARKS,
            c if c.is_whitespace() && c != ' ' => KeyLint::UNUSUAL_WHITE_SPACE,
            _ => KeyLint::NONE,
        };
    }
    let segments: Vec<&str> = key.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        // A trailing '/' (a folder marker) is normal: only inner empties count.
        if segment.is_empty() && i != last && (i != 0 || key.len() > 1) {
            found |= KeyLint::EMPTY_SEGMENT;
        }
        if segment.ends_with(' ') || segment.ends_with('.') && *segment != "." && *segment != ".." {
            found |= KeyLint::TRAILING_SPACE_OR_DOT;
        }
        if segment.starts_with(char::is_whitespace) || segment.ends_with(char::is_whitespace) {
            found |= KeyLint::UNUSUAL_WHITE_SPACE;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_keys_have_no_findings() {
        for key in [
            "a",
            "photos/2024/beach.jpg",
            "folder/",
            "相册/夏天 1.jpg",
            "report 2024 (final).pdf",
            ".hidden",
            "a.b.c",
            "🚀/x",
            "caf\u{e9}.txt",
        ] {
            assert_eq!(lint_key(key), KeyLint::NONE, "{key:?}");
        }
    }

    #[test]
    fn each_finding() {
        let cases: &[(&str, KeyLint)] = &[
            ("a\u{1}b", KeyLint::CONTROL_CHARACTERS),
            // Control characters that are white space are both.
            (
                "a\u{85}b",
                KeyLint(KeyLint::CONTROL_CHARACTERS.0 | KeyLint::UNUSUAL_WHITE_SPACE.0),
            ),
            (
                "a\tb",
                KeyLint(KeyLint::CONTROL_CHARACTERS.0 | KeyLint::UNUSUAL_WHITE_SPACE.0),
            ),
            ("a//b", KeyLint::EMPTY_SEGMENT),
            ("/", KeyLint::NONE),
            ("a/b//", KeyLint::EMPTY_SEGMENT),
            ("draft.", KeyLint::TRAILING_SPACE_OR_DOT),
            ("dir./x", KeyLint::TRAILING_SPACE_OR_DOT),
            (
                "name /x",
                KeyLint(KeyLint::TRAILING_SPACE_OR_DOT.0 | KeyLint::UNUSUAL_WHITE_SPACE.0),
            ),
            (" lead", KeyLint::UNUSUAL_WHITE_SPACE),
            ("a\u{a0}b", KeyLint::UNUSUAL_WHITE_SPACE),
            ("a\u{3000}b", KeyLint::UNUSUAL_WHITE_SPACE),
            ("a\u{200b}b", KeyLint::LOOKALIKE_CHARACTERS),
            ("\u{ff21}BC", KeyLint::LOOKALIKE_CHARACTERS),
            ("cafe\u{301}", KeyLint::COMBINING_MARKS),
        ];
        for &(key, expected) in cases {
            assert_eq!(lint_key(key), expected, "{key:?}");
        }
        let all = lint_key("a\u{1}//b./\u{200b}e\u{301}\u{a0}");
        assert_eq!(all.bits(), 63);
        assert!(all.contains(KeyLint::EMPTY_SEGMENT | KeyLint::COMBINING_MARKS));
    }
}
