//! Whatever the input, a URL is printable ASCII without spaces: safe to hand
//! to any HTTP stack, and free of NUL bytes (the C layer relies on that).

use oss_presign::{Client, ClientBuilder, Credentials, GetOptions};

/// xorshift64*: a small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A character from every region that matters: controls (NUL included),
    /// ASCII punctuation, Latin-1, combining marks, CJK, emoji.
    fn char(&mut self) -> char {
        let ranges: [(u32, u32); 7] = [
            (0x00, 0x1f),
            (0x20, 0x7f),
            (0x80, 0xff),
            (0x300, 0x36f),
            (0x4e00, 0x9fff),
            (0xfff0, 0xfffd),
            (0x1f300, 0x1faff),
        ];
        let (low, high) = ranges[self.below(ranges.len() as u64) as usize];
        char::from_u32(low + self.below(u64::from(high - low + 1)) as u32).unwrap_or('x')
    }

    fn text(&mut self, max_chars: u64) -> String {
        (0..1 + self.below(max_chars))
            .map(|_| self.char())
            .collect()
    }
}

fn clients() -> Vec<Client> {
    // Key ids are printable ASCII without '/' (anything else is refused);
    // tokens are free.
    let credentials = Credentials::new("ak+=%#?&~!*", "sk")
        .unwrap()
        .with_security_token("tok\u{0}+/= \u{5b50}")
        .unwrap();
    let mut out = vec![];
    for (path, cname) in [(false, false), (true, false), (false, true)] {
        let client = ClientBuilder::new("http://example.com:8080", "cn-hangzhou")
            .unwrap()
            .credentials(credentials.clone())
            .path_style(path)
            .custom_domain(cname)
            .build()
            .unwrap();
        out.push(client);
    }
    out
}

#[test]
fn urls_are_printable_ascii_for_any_key_query_and_credentials() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let clients = clients();
    let mut checked = 0;
    for _ in 0..3000 {
        let key = rng.text(60);
        let mut options = GetOptions::new();
        options.signing_time(1_704_164_645).unwrap();
        for _ in 0..rng.below(3) {
            let _ = options.add_query(&rng.text(8), &rng.text(20));
        }
        let _ = options.version_id(&rng.text(10));
        for client in &clients {
            let Ok(request) = client.presign_get("bucket", &key, &options) else {
                continue; // refused keys (leading '/', dot segments) are fine
            };
            let url = request.url();
            assert!(
                url.bytes().all(|b| (0x21..=0x7e).contains(&b)),
                "not printable ASCII for key {key:?}: {url}"
            );
            checked += 1;
        }
    }
    assert!(checked > 8000, "too few URLs checked: {checked}");
}
