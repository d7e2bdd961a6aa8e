//! Filter `clean`: NFKC, width and case folding, token boundaries, script segments, and the
//! confusables skeleton.
//!
//! | input | cleaned | skeleton |
//! |---|---|---|
//! | `ＫＯＢＥ　Beef` | `kobe beef` | `kobe beef` |
//! | `Co., Ltd.` | `co ltd` | `co ltd` |
//! | `Tōkyō` | `tokyo` | `tokyo` |
//! | `ｶﾞﾝﾀﾞﾑ` (half-width) | `ガンダム` | (skeleton of ガンダム) |
//! | `ニ` / `二`, `エ` / `工`, `ロ` / `口`, `カ` / `力`, `ー` / `一`, `へ` / `ヘ`, `0` / `o`, `1` / `l` / `I` | unchanged | equal |
//!
//! | `無\u{200B}印良品`, `Ko\u{202E}be` (zero-width, bidi controls) | `無印良品`, `kobe` | likewise |
//!
//! Punctuation and spacing only separate tokens: every run of characters that are not letters,
//! digits, kana or CJK becomes one ASCII space; leading and trailing ones vanish. Invisible
//! format characters ([`is_invisible`]) are dropped without a boundary, so that a mark cannot
//! hide from matching behind them.

use unicode_normalization::UnicodeNormalization;

/// The script of one character, for segmenting a token into runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters (ASCII after cleaning).
    Latin,
    /// ASCII digits.
    Digit,
    /// Hiragana, katakana and the prolonged sound mark `ー`.
    Kana,
    /// CJK ideographs, `々` and `〆`.
    Cjk,
    /// Anything else that is a letter (Hangul, Cyrillic …).
    Other,
}

impl Script {
    /// The lower-case name used in explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Latin => "latin",
            Script::Digit => "digit",
            Script::Kana => "kana",
            Script::Cjk => "cjk",
            Script::Other => "other",
        }
    }
}

/// True if and only if `c` is a CJK ideograph (URO, extension A, compatibility, the
/// supplementary planes) or `々`, `〆`, `〇`.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
        || matches!(c, '々' | '〆' | '〇')
}

/// True if and only if `c` is hiragana, katakana or `ー`.
pub fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x309F | 0x30A0..=0x30FF | 0x31F0..=0x31FF) && c != '・'
}

/// The script of `c`, or None for a token boundary.
pub fn script(c: char) -> Option<Script> {
    if c.is_ascii_lowercase() || c.is_ascii_uppercase() {
        Some(Script::Latin)
    } else if c.is_ascii_digit() {
        Some(Script::Digit)
    } else if is_kana(c) {
        Some(Script::Kana)
    } else if is_cjk(c) {
        Some(Script::Cjk)
    } else if c.is_alphanumeric() {
        Some(Script::Other)
    } else {
        None
    }
}

/// The cleaned form of `text` (see the module table). Idempotent.
pub fn clean(text: &str) -> String {
    clean_impl(text, true)
}

fn clean_impl(text: &str, lowercase: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc().filter(|&c| !is_invisible(c)) {
        let lower = if lowercase {
            Some(c.to_lowercase())
        } else {
            None
        };
        let upper = if lowercase {
            None
        } else {
            Some(std::iter::once(c))
        };
        for c in lower
            .into_iter()
            .flatten()
            .chain(upper.into_iter().flatten())
        {
            if script(c).is_none() {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            if !c.is_ascii() && is_latin_with_mark(c) {
                // Latin letters with diacritics lose them: ō → o, é → e.
                out.extend(std::iter::once(c).nfd().filter(char::is_ascii_alphanumeric));
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// True if and only if `c` is an invisible format character: zero-width space and joiners,
/// directional marks, embeddings, overrides and isolates, word joiners, the byte-order mark,
/// the soft hyphen, variation selectors (including ideographic variation selectors) and tags.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
}

fn is_latin_with_mark(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
        && std::iter::once(c).nfd().any(|d| d.is_ascii_alphabetic())
}

/// The confusables skeleton (Unicode TR39) of `text`, cleaned: look-alikes such as `0`/`O`/`o`,
/// `1`/`l`/`I`, `ニ`/`二`, `エ`/`工`, `ー`/`一` get the same characters. The skeleton is taken
/// before case folding (so that `I` and `l` meet) and lower-cased after.
///
/// A CJK ideograph whose skeleton is more than one character keeps its own: TR39 spells some
/// ideographs with several look-alike pieces (長 → `ᄐーᄂᄌ`), which would make 長岡 and 長浜
/// share four characters of five. Look-alike ideographs are the visual key's to judge.
pub fn skeleton(text: &str) -> String {
    let cased = clean_impl(text, false);
    let mut out = String::with_capacity(cased.len());
    let mut rest = cased.as_str();
    while let Some(at) = rest.find(is_cjk) {
        push_skeleton(&rest[..at], &mut out);
        let c = rest[at..].chars().next().expect("found a character");
        let mut buf = [0u8; 4];
        let mut sk = unicode_security::skeleton(c.encode_utf8(&mut buf));
        match (sk.next(), sk.next()) {
            (Some(one), None) => out.push(one),
            _ => out.push(c),
        }
        rest = &rest[at + c.len_utf8()..];
    }
    push_skeleton(rest, &mut out);
    out
}

/// Appends the lower-cased skeleton of `text` to `out`.
fn push_skeleton(text: &str, out: &mut String) {
    out.extend(unicode_security::skeleton(text).flat_map(char::to_lowercase));
}

/// Splits a cleaned text into words: its space-separated tokens, each cut where Latin letters
/// and digits meet other scripts (`mentos薄荷糖` is `mentos` and `薄荷糖`, as a filing would
/// have spaced it), in order.
pub fn words(cleaned: &str) -> impl Iterator<Item = &str> {
    cleaned.split(' ').flat_map(|token| {
        let mut rest = token;
        std::iter::from_fn(move || {
            let latin = rest.chars().next()?.is_ascii_alphanumeric();
            let end = rest
                .find(|c: char| c.is_ascii_alphanumeric() != latin)
                .unwrap_or(rest.len());
            let (word, after) = rest.split_at(end);
            rest = after;
            Some(word)
        })
    })
}

/// Splits a token (no spaces) into maximal runs of one script, in order.
pub fn runs(token: &str) -> Vec<(Script, &str)> {
    let mut out: Vec<(Script, &str)> = Vec::with_capacity(2);
    let mut start = 0;
    let mut cur: Option<Script> = None;
    for (i, c) in token.char_indices() {
        let s = script(c).unwrap_or(Script::Other);
        // `ー` after CJK (a rare typo for 一) stays kana; 〇 reads as CJK.
        if cur != Some(s) {
            if let Some(prev) = cur {
                out.push((prev, &token[start..i]));
            }
            start = i;
            cur = Some(s);
        }
    }
    if let Some(prev) = cur {
        out.push((prev, &token[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_table() {
        for (input, want) in [
            ("ＫＯＢＥ　Beef", "kobe beef"),
            ("Co., Ltd.", "co ltd"),
            ("Tōkyō", "tokyo"),
            ("ｶﾞﾝﾀﾞﾑ", "ガンダム"),
            ("  京都・抹茶！ ", "京都 抹茶"),
            ("無\u{200B}印良品", "無印良品"),
            ("\u{FEFF}Ko\u{202E}be\u{200D} Beef", "kobe beef"),
            ("葛\u{E0100}飾", "葛飾"),
        ] {
            assert_eq!(clean(input), want, "{input}");
            assert_eq!(clean(want), want, "idempotent on {want}");
        }
    }

    #[test]
    fn skeleton_meets_lookalikes() {
        for (a, b) in [
            ("ニ", "二"),
            ("エ", "工"),
            ("ロ", "口"),
            ("カ", "力"),
            ("ー", "一"),
            ("へ", "ヘ"),
            ("0", "o"),
            ("1", "l"),
            ("I", "l"),
            ("O", "0"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} {b}");
        }
    }

    #[test]
    fn words_are_cut_where_latin_meets_other_scripts() {
        for (cleaned, want) in [
            ("mentos薄荷糖", &["mentos", "薄荷糖"][..]),
            ("kobe beef", &["kobe", "beef"]),
            ("神戸beef 2", &["神戸", "beef", "2"]),
            ("ガンダム", &["ガンダム"]),
            ("", &[]),
        ] {
            assert_eq!(words(cleaned).collect::<Vec<_>>(), want, "{cleaned}");
        }
    }

    #[test]
    fn ideographs_keep_one_character_in_the_skeleton() {
        // TR39 spells 長 with four pieces; it stays itself, so 長岡 and 長浜 share one
        // character of two, not four of five.
        assert_eq!(skeleton("長岡"), "長岡");
        assert_eq!(skeleton("長浜"), "長浜");
        // One-character skeletons still apply, ideographs among other scripts too.
        assert_eq!(skeleton("力"), skeleton("カ"));
        assert_eq!(skeleton("エ長O"), format!("{}長o", skeleton("工")));
    }

    #[test]
    fn runs_split_by_script() {
        let r: Vec<_> = runs("キーマン紅茶kao1")
            .into_iter()
            .map(|(s, t)| (s.as_str(), t))
            .collect();
        assert_eq!(
            r,
            vec![
                ("kana", "キーマン"),
                ("cjk", "紅茶"),
                ("latin", "kao"),
                ("digit", "1")
            ]
        );
    }
}
