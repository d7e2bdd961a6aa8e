//! Filter `romaji`: kana to Hepburn morae and to a normalized romaji string.
//!
//! Katakana are read as hiragana first. Each kana (with a following small kana, if any) becomes
//! one [`Mora`]; [`romaji`] joins them and normalizes spellings that Japanese does not
//! distinguish, so that different romanizations of one word meet:
//!
//! | input | romaji | why |
//! |---|---|---|
//! | `とうきょう`, `トーキョー`, `tōkyō`, `toukyou`, `tohkyoh` | `tokyo` | long vowels (ō/ou/oo/oh, ー) collapse |
//! | `しんぶん`, `shimbun` | `shinbun` | n/m before b/p/m is `n` |
//! | `きって`, `kitte` | `kite` | doubled consonants (っ) are single |
//! | `つ`, `tu` | `tsu` | Hepburn |
//! | `し`, `si` | `shi` | Hepburn |
//! | `ち`, `ti` | `chi` | Hepburn |
//! | `ふ`, `hu` | `fu` | Hepburn |
//! | `じ`, `ぢ`, `zi`, `di` | `ji` | Hepburn, ぢ = じ |
//! | `づ`, `du` | `zu` | Hepburn, づ = ず |
//! | `を` | `o` | を = お |
//!
//! Latin text goes through [`normalize_latin`] (the same rules, applied to letters).

/// One mora of a kana reading, in Hepburn romaji (`ka`, `kya`, `shi`, `fa`), or one of the
/// special morae [`Mora::N`] (ん), [`Mora::Q`] (っ, a doubled consonant) and [`Mora::Long`] (ー).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mora {
    /// A consonant-vowel mora, in Hepburn (`ka`, `kya`, `tsu`, `a`).
    Syl(&'static str),
    /// ん: the moraic nasal.
    N,
    /// っ: a doubled consonant.
    Q,
    /// ー: a lengthened vowel.
    Long,
}

/// Hiragana U+3041..=U+3096 in code-point order, as Hepburn. Small vowels and small ya/yu/yo
/// are marked `~` (they only combine with the kana before them).
const HIRAGANA: [&str; 86] = [
    "~a", "a", "~i", "i", "~u", "u", "~e", "e", "~o", "o", // ぁ-お
    "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go", // か-ご
    "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", // さ-ぞ
    "ta", "da", "chi", "ji", "Q", "tsu", "zu", "te", "de", "to", "do", // た-ど
    "na", "ni", "nu", "ne", "no", // な-の
    "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo",
    "po", // は-ぽ
    "ma", "mi", "mu", "me", "mo", // ま-も
    "~ya", "ya", "~yu", "yu", "~yo", "yo", // ゃ-よ
    "ra", "ri", "ru", "re", "ro", // ら-ろ
    "~wa", "wa", "i", "e", "o", "N", // ゎ-ん (ゐ ゑ read as i e, を as o)
    "vu", "~ka", "~ke", // ゔ ゕ ゖ
];

/// Every mora spelling the combinations below can produce, so that [`Mora::Syl`] can hold a
/// `&'static str`.
const COMBINED: &[&str] = &[
    "kya", "kyu", "kyo", "gya", "gyu", "gyo", "sha", "shu", "sho", "ja", "ju", "jo", "cha", "chu",
    "cho", "nya", "nyu", "nyo", "hya", "hyu", "hyo", "bya", "byu", "byo", "pya", "pyu", "pyo",
    "mya", "myu", "myo", "rya", "ryu", "ryo", "fa", "fi", "fe", "fo", "fyu", "va", "vi", "ve",
    "vo", "wi", "we", "wo", "ti", "di", "tu", "du", "tsa", "tsi", "tse", "tso", "che", "she", "je",
    "ye", "kwa", "gwa", "dyu", "tyu",
];

/// The hiragana for `c`: katakana are shifted to hiragana (ヷ-ヺ to their closest kana); other
/// characters are returned unchanged.
pub fn to_hiragana(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        'ヽ' => 'ゝ',
        'ヾ' => 'ゞ',
        'ヷ' => 'わ',
        'ヸ' => 'い',
        'ヹ' => 'え',
        'ヺ' => 'お',
        _ => c,
    }
}

fn base(c: char) -> Option<&'static str> {
    let c = to_hiragana(c);
    let i = (c as u32).checked_sub(0x3041)? as usize;
    HIRAGANA.get(i).copied()
}

fn intern(s: &str) -> Option<&'static str> {
    COMBINED.iter().find(|x| **x == s).copied()
}

/// The morae of a kana string. Characters that are not kana are skipped; `ー` becomes
/// [`Mora::Long`]; the iteration marks ゝ/ゞ repeat the previous mora.
pub fn morae(kana: &str) -> Vec<Mora> {
    let mut out: Vec<Mora> = Vec::with_capacity(kana.len() / 3 + 1);
    let mut chars = kana.chars().peekable();
    while let Some(c) = chars.next() {
        if c == 'ー' || c == '〜' || c == '~' {
            out.push(Mora::Long);
            continue;
        }
        if c == 'ゝ' || c == 'ゞ' || c == 'ヽ' || c == 'ヾ' {
            if let Some(last @ Mora::Syl(_)) = out.last().copied() {
                out.push(last);
            }
            continue;
        }
        let Some(r) = base(c) else { continue };
        let mora = match r {
            "Q" => Mora::Q,
            "N" => Mora::N,
            _ => {
                // A leading small kana stands alone as its full-size mora.
                let r = r.trim_start_matches('~');
                let mut m = r;
                if let Some(&next) = chars.peek() {
                    if let Some(small) = base(next).and_then(|s| s.strip_prefix('~')) {
                        if let Some(combined) = combine(r, small) {
                            m = combined;
                            chars.next();
                        }
                    }
                }
                Mora::Syl(m)
            }
        };
        out.push(mora);
    }
    out
}

/// `kya` from `ki` + small `ya`, `fa` from `fu` + small `a`; None when they do not combine.
fn combine(big: &'static str, small: &str) -> Option<&'static str> {
    let onset = &big[..big.len() - 1];
    let vowel = &big[big.len() - 1..];
    let mut buf = String::with_capacity(4);
    if let Some(y) = small.strip_prefix('y') {
        if vowel != "i" || onset.is_empty() {
            return None;
        }
        match onset {
            "sh" | "ch" | "j" => buf.push_str(onset),
            _ => {
                buf.push_str(onset);
                buf.push('y');
            }
        }
        buf.push_str(y);
    } else if small == "wa" {
        if onset.is_empty() {
            return None;
        }
        buf.push_str(onset);
        buf.push_str("wa");
    } else {
        let onset = match big {
            "u" => "w",
            "i" => "y",
            "tsu" => "ts",
            "te" | "to" => "t",
            "de" | "do" => "d",
            "vu" => "v",
            "fu" => "f",
            _ => onset,
        };
        if onset.is_empty() {
            return None;
        }
        buf.push_str(onset);
        buf.push_str(small);
    }
    intern(&buf)
}

/// The normalized romaji of a kana string (see the module table).
pub fn romaji(kana: &str) -> String {
    let mut out = String::with_capacity(kana.len());
    let mut last_vowel: Option<char> = None;
    for m in morae(kana) {
        match m {
            Mora::Syl(s) => {
                let v = s.chars().last();
                let onsetless = s.len() == 1;
                // Long vowels: a repeated vowel, o+u and e+i collapse.
                if onsetless {
                    if let (Some(p), Some(v)) = (last_vowel, v) {
                        if p == v || (p == 'o' && v == 'u') || (p == 'e' && v == 'i') {
                            last_vowel = None;
                            continue;
                        }
                    }
                }
                out.push_str(s);
                last_vowel = v;
            }
            Mora::N => {
                out.push('n');
                last_vowel = None;
            }
            Mora::Q | Mora::Long => {}
        }
    }
    out
}

/// Latin text normalized like romaji: letters only, diacritics already removed by `clean`;
/// `oh`/`ou`/`oo` before a consonant or at the end become `o`, repeated vowels and doubled
/// consonants are single, `m` before b/p/m is `n`, and the Kunrei/Nihon-shiki spellings
/// `si ti tu hu zi di du` become Hepburn.
pub fn normalize_latin(text: &str) -> String {
    let b: Vec<u8> = text
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let mut out = String::with_capacity(b.len() + 4);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let after = b.get(i + 2).copied();
        let boundary = after.is_none_or(|a| !is_vowel(a) && a != b'y');
        if c == b'o' && matches!(next, Some(b'h') | Some(b'u') | Some(b'o')) && boundary {
            out.push('o');
            i += 2;
            continue;
        }
        if is_vowel(c) && next == Some(c) {
            i += 1;
            continue;
        }
        if !is_vowel(c) && next == Some(c) && c != b'n' {
            i += 1;
            continue;
        }
        if c == b'm' && matches!(next, Some(b'b') | Some(b'p') | Some(b'm')) {
            out.push('n');
            i += 1;
            continue;
        }
        match (c, next) {
            (b's', Some(b'i')) => out.push_str("sh"),
            (b't', Some(b'i')) => out.push_str("ch"),
            (b't', Some(b'u')) => out.push_str("ts"),
            (b'h', Some(b'u')) if !out.ends_with(['s', 'c']) => out.push('f'),
            (b'z', Some(b'i')) | (b'd', Some(b'i')) => out.push('j'),
            (b'd', Some(b'u')) => out.push('z'),
            _ => out.push(c as char),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kana_romaji_table() {
        for (kana, want) in [
            ("とうきょう", "tokyo"),
            ("トーキョー", "tokyo"),
            ("しんぶん", "shinbun"),
            ("きって", "kite"),
            ("ちゃ", "cha"),
            ("ファ", "fa"),
            ("ティ", "ti"),
            ("ぢ", "ji"),
            ("づ", "zu"),
            ("を", "o"),
            ("くまモン", "kumamon"),
            ("ヴァイオリン", "vaiorin"),
            ("プーアール", "puaru"),
        ] {
            assert_eq!(romaji(kana), want, "{kana}");
        }
    }

    #[test]
    fn latin_spellings_meet_hepburn() {
        for (latin, want) in [
            ("toukyou", "tokyo"),
            ("tohkyoh", "tokyo"),
            ("tookyoo", "tokyo"),
            ("shimbun", "shinbun"),
            ("kitte", "kite"),
            ("tu", "tsu"),
            ("si", "shi"),
            ("ti", "chi"),
            ("hu", "fu"),
            ("zi", "ji"),
            ("di", "ji"),
            ("fukuoka", "fukuoka"),
        ] {
            assert_eq!(normalize_latin(latin), want, "{latin}");
        }
    }
}
