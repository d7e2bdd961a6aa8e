//! Small string measures the scorer builds on: edit distances over characters and syllables.

/// Edit distance between two slices with unit costs for insertion, deletion, substitution and
/// transposition of two adjacent elements (optimal string alignment): `SOVEOY` → `SOVEYO` is
/// one edit, as a reader sees it.
pub(crate) fn levenshtein<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j - 1] + cost)
                .min(d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// `1 - distance / longer length`, in [0, 1]; 1.0 for two empty slices.
pub(crate) fn ratio<T: PartialEq>(a: &[T], b: &[T]) -> f32 {
    let n = a.len().max(b.len());
    if n == 0 {
        return 1.0;
    }
    1.0 - levenshtein(a, b) as f32 / n as f32
}

/// Character ratio of two strings.
pub(crate) fn str_ratio(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    ratio(&a, &b)
}

/// Weight of syllable position `i`: the first syllable counts one and a half times, as in
/// Japanese examination practice, where the beginning of a mark's sound dominates.
fn weight(i: usize) -> f32 {
    if i == 0 {
        1.5
    } else {
        1.0
    }
}

/// Similarity of two syllable sequences in [0, 1]: one minus a weighted edit distance, divided
/// by the weight of the longer sequence. Substitutions cost `cost(x, y)` (in [0, 1]) times the
/// larger weight; the first syllable weighs more ([`weight`]).
pub(crate) fn syllable_similarity(a: &[&str], b: &[&str], cost: impl Fn(&str, &str) -> f32) -> f32 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut prev: Vec<f32> = Vec::with_capacity(b.len() + 1);
    prev.push(0.0);
    for j in 0..b.len() {
        prev.push(prev[j] + weight(j));
    }
    let mut cur = vec![0.0f32; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = prev[0] + weight(i);
        for (j, y) in b.iter().enumerate() {
            let w = weight(i).max(weight(j));
            let c = if x == y { 0.0 } else { cost(x, y) };
            let sub = prev[j] + w * c;
            let del = prev[j + 1] + weight(i);
            let ins = cur[j] + weight(j);
            cur[j + 1] = sub.min(del).min(ins);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let total: f32 = (0..a.len().max(b.len())).map(weight).sum();
    (1.0 - prev[b.len()] / total).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levenshtein_counts_edits() {
        let a: Vec<char> = "starbucks".chars().collect();
        let b: Vec<char> = "starbuks".chars().collect();
        assert_eq!(levenshtein(&a, &b), 1);
        let (x, y): (Vec<char>, Vec<char>) =
            ("soveoy".chars().collect(), "soveyo".chars().collect());
        assert_eq!(levenshtein(&x, &y), 1, "a transposition is one edit");
        assert_eq!(levenshtein::<char>(&[], &b), 8);
        assert!((str_ratio("abcd", "abce") - 0.75).abs() < 1e-6);
    }

    fn unit(x: &str, y: &str) -> f32 {
        if x == y {
            0.0
        } else {
            1.0
        }
    }

    #[test]
    fn first_syllable_weighs_more() {
        let front = syllable_similarity(&["xa", "mi", "gua"], &["ha", "mi", "gua"], unit);
        let back = syllable_similarity(&["ha", "mi", "xua"], &["ha", "mi", "gua"], unit);
        assert!(front < back, "{front} vs {back}");
        assert_eq!(syllable_similarity(&["a", "b"], &["a", "b"], unit), 1.0);
        // One of two syllables replaced: 1 - 1 / 2.5.
        let s = syllable_similarity(&["fu", "tian"], &["fu", "gang"], unit);
        assert!((s - 0.6).abs() < 1e-6, "{s}");
    }
}
