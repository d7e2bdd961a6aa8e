//! Small string measures the scorer builds on: edit distances over characters and syllables.

/// Edit distance between two slices with unit costs for insertion, deletion, substitution and
/// transposition of two adjacent elements (optimal string alignment): `SOVEOY` → `SOVEYO` is
/// one edit, as a reader sees it.
pub(crate) fn levenshtein<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    osa_halves::<T, 2>(a, b) / 2
}

/// Optimal string alignment distance in half edits: insertion, deletion and substitution cost
/// 2, a transposition of two adjacent elements costs `SWAP` (a constant, so that the unit-cost
/// distance the scorer runs for every candidate compiles as before).
fn osa_halves<T: PartialEq, const SWAP: usize>(a: &[T], b: &[T]) -> usize {
    if a.is_empty() {
        return 2 * b.len();
    }
    if b.is_empty() {
        return 2 * a.len();
    }
    // Three rolling rows (the transposition looks two rows back); on the stack for marks of
    // usual length, since the scorer runs this for every candidate.
    let w = b.len() + 1;
    let mut stack = [0usize; 3 * STACK_ROW];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if w <= STACK_ROW {
        &mut stack[..3 * w]
    } else {
        heap.resize(3 * w, 0);
        &mut heap
    };
    let (mut r2, rest) = rows.split_at_mut(w);
    let (mut r1, mut r0) = rest.split_at_mut(w);
    for (j, cell) in r1.iter_mut().enumerate() {
        *cell = 2 * j;
    }
    for i in 1..=a.len() {
        // r2: row i - 2, r1: row i - 1, r0: row i.
        r0[0] = 2 * i;
        for j in 1..=b.len() {
            let cost = 2 * usize::from(a[i - 1] != b[j - 1]);
            let mut v = (r1[j - 1] + cost).min(r1[j] + 2).min(r0[j - 1] + 2);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(r2[j - 2] + SWAP);
            }
            r0[j] = v;
        }
        std::mem::swap(&mut r2, &mut r1);
        std::mem::swap(&mut r1, &mut r0);
    }
    r1[b.len()]
}

/// True if and only if the shorter of `a` and `b` is the longer with one contiguous run of
/// elements removed (风闻记 / 风闻喜记, `Mikuo` / `Mikuno`); false for equal lengths.
pub(crate) fn one_run_apart<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (s, l) = if a.len() < b.len() { (a, b) } else { (b, a) };
    if s.len() == l.len() || s.is_empty() {
        return false;
    }
    let prefix = s.iter().zip(l).take_while(|(x, y)| x == y).count();
    let suffix = s
        .iter()
        .rev()
        .zip(l.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    prefix + suffix >= s.len()
}

/// Row length the edit distances keep on the stack.
const STACK_ROW: usize = 48;

/// `1 - distance / longer length`, in [0, 1], a transposition of two adjacent elements
/// costing `SWAP` half edits ([`osa_halves`]); 1.0 for two empty slices.
fn ratio_with_swap<T: PartialEq, const SWAP: usize>(a: &[T], b: &[T]) -> f32 {
    let n = a.len().max(b.len());
    if n == 0 {
        return 1.0;
    }
    1.0 - osa_halves::<T, SWAP>(a, b) as f32 / (2 * n) as f32
}

/// [`ratio_with_swap`] of the characters of two strings.
fn str_ratio_with_swap<const SWAP: usize>(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    // One byte per character: no need to decode (romaji, pinyin and Latin keys).
    if a.is_ascii() && b.is_ascii() {
        return ratio_with_swap::<u8, SWAP>(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    ratio_with_swap::<char, SWAP>(&a, &b)
}

/// Character ratio of two strings in which two adjacent characters swapped count half an edit
/// (`kokior` / `kokiro` 0.92, `kokior` / `kukior` 0.83): a reader takes a word with two
/// letters transposed for the word far more often than one with a letter replaced (the
/// transposed-letter effect of reading research; katakana words are misread the same way,
/// シミュレーション as シュミレーション). It ranks marks of equal score, not the score itself.
pub(crate) fn str_closeness(a: &str, b: &str) -> f32 {
    str_ratio_with_swap::<1>(a, b)
}

/// Character ratio of two strings.
pub(crate) fn str_ratio(a: &str, b: &str) -> f32 {
    str_ratio_with_swap::<2>(a, b)
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
///
/// Returns 0 as soon as the similarity is sure to stay below `floor` (every alignment passes
/// through each row of the table, and costs are not negative, so the least cost in a row
/// bounds the distance from below); with `floor` 0 the result is always exact.
pub(crate) fn syllable_similarity(
    a: &[&str],
    b: &[&str],
    cost: impl Fn(&str, &str) -> f32,
    floor: f32,
) -> f32 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let w = b.len() + 1;
    let mut stack = [0.0f32; 2 * STACK_ROW];
    let mut heap = Vec::new();
    let rows: &mut [f32] = if w <= STACK_ROW {
        &mut stack[..2 * w]
    } else {
        heap.resize(2 * w, 0.0);
        &mut heap
    };
    let (mut prev, mut cur) = rows.split_at_mut(w);
    let total: f32 = (0..a.len().max(b.len())).map(weight).sum();
    let max_cost = (1.0 - floor) * total;
    for j in 0..b.len() {
        prev[j + 1] = prev[j] + weight(j);
    }
    for (i, x) in a.iter().enumerate() {
        cur[0] = prev[0] + weight(i);
        let mut row_min = cur[0];
        for (j, y) in b.iter().enumerate() {
            let w = weight(i).max(weight(j));
            let c = if x == y { 0.0 } else { cost(x, y) };
            let sub = prev[j] + w * c;
            let del = prev[j + 1] + weight(i);
            let ins = cur[j] + weight(j);
            cur[j + 1] = sub.min(del).min(ins);
            row_min = row_min.min(cur[j + 1]);
        }
        if floor > 0.0 && row_min > max_cost {
            return 0.0;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
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

    #[test]
    fn closeness_counts_a_swap_as_half_an_edit() {
        let cases: &[(&str, &str, f32)] = &[
            ("kokior", "kokiro", 1.0 - 0.5 / 6.0), // swapped neighbours
            ("kokior", "kukior", 1.0 - 1.0 / 6.0), // a letter replaced
            ("kokior", "okior", 1.0 - 1.0 / 6.0),  // a letter dropped
            ("kokior", "kokior", 1.0),
            ("シミュレーション", "シュミレーション", 1.0 - 0.5 / 8.0),
            ("", "ab", 0.0),
        ];
        for &(a, b, want) in cases {
            let got = str_closeness(a, b);
            assert!((got - want).abs() < 1e-6, "{a} / {b}: {got}, want {want}");
            assert_eq!(got, str_closeness(b, a), "{a} / {b} symmetric");
        }
    }

    #[test]
    fn one_run_apart_needs_one_contiguous_insertion() {
        let cases: &[(&str, &str, bool)] = &[
            ("风闻记", "风闻喜记", true),    // one character inside
            ("风闻", "风闻记", true),        // at the end
            ("闻记", "风闻记", true),        // at the start
            ("风记", "风闻喜记", true),      // a run of two
            ("风闻记", "风喜闻喜记", false), // two places
            ("风闻记", "风闻喜", false),     // a replacement
            ("风闻记", "风闻记", false),     // equal lengths
            ("", "风", false),
            ("mie", "mirex", false),
        ];
        for &(a, b, want) in cases {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            assert_eq!(one_run_apart(&x, &y), want, "{a} / {b}");
            assert_eq!(one_run_apart(&y, &x), want, "{b} / {a} (symmetric)");
        }
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
        let front = syllable_similarity(&["xa", "mi", "gua"], &["ha", "mi", "gua"], unit, 0.0);
        let back = syllable_similarity(&["ha", "mi", "xua"], &["ha", "mi", "gua"], unit, 0.0);
        assert!(front < back, "{front} vs {back}");
        assert_eq!(
            syllable_similarity(&["a", "b"], &["a", "b"], unit, 0.0),
            1.0
        );
        // One of two syllables replaced: 1 - 1 / 2.5.
        let s = syllable_similarity(&["fu", "tian"], &["fu", "gang"], unit, 0.0);
        assert!((s - 0.6).abs() < 1e-6, "{s}");
    }
}
