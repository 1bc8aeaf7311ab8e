//! Presign benchmarks (criterion).

use criterion::{Criterion, criterion_group, criterion_main};
use oss_presign::{Client, Credentials, GetOptions};
use std::hint::black_box;

fn short_key(c: &mut Criterion) {
    let client = Client::new(
        "oss-cn-hangzhou.aliyuncs.com",
        "cn-hangzhou",
        Credentials::new("LTAI5tExampleKeyId", "ExampleSecret").unwrap(),
    )
    .unwrap();
    let mut options = GetOptions::new();
    options.signing_time(1_704_164_645).unwrap();
    c.bench_function("rust/short_key", |b| {
        b.iter(|| client.presign_get(black_box("examplebucket"), black_box("a.jpg"), &options))
    });
}

criterion_group!(benches, short_key);
criterion_main!(benches);
