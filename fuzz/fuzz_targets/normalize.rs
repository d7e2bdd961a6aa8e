//! Arbitrary UTF-8 through the normalizer and the scorer. The input is split at its first NUL
//! into two marks (the whole input is compared with itself when there is none).
//!
//! Checked: keys, explanations and scores are computed without a panic, and the similarity lies
//! in [0, 1].
//! Replayed by `crates/core/tests/hostile.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use markwatch_core::normalize::Normalizer;
use markwatch_core::score::{explain, similarity, MarkProfile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\0').unwrap_or((text, text));
    let n = Normalizer::global();
    let _ = n.keys(a);
    let _ = n.explain(a);
    let pa = MarkProfile::new(n, a);
    let pb = MarkProfile::new(n, b);
    let s = similarity(&pa, &pb);
    assert!((0.0..=1.0).contains(&s), "similarity {s} out of [0, 1]");
    let _ = explain(&pa, &pb);
});
