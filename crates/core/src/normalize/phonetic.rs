//! Filter `phonetic`: one syllable alphabet shared by pinyin, kana (via Hepburn) and Latin
//! spellings, so that `マオタイ`, `茅台` (mao tai) and `Maotai` get the same key.
//!
//! A key is a list of syllables joined by `.`; a syllable is an optional onset class letter
//! followed by a rime (`mao.tai`, `te.su.la`, `lon.zin`, `n`).
//!
//! ## Onsets: equal in the key
//!
//! | class | pinyin | Japanese (Hepburn) | Latin |
//! |---|---|---|---|
//! | `b` `p` `m` `f` `h` `d` `t` `n` `g` `k` | same letter | same letter; `v` → `b` | same; `v` → `b`, `ph` → `f`, `c`(a/o/u) `q` `ck` → `k` |
//! | `l` | `l`, `r` | `r` | `l`, `r` |
//! | `s` | `s`, `sh`, `x` | `s`, `sh` | `s`, `sh`, `th`, `c`(e/i/y) |
//! | `z` | `z`, `zh`, `j` | `z`, `j` | `z`, `j` |
//! | `c` | `c`, `ch`, `q` | `ch`, `ts` | `ch`, `ts`, `tch` |
//! | (none) | `y`, `w`, none | `y`, `w`, none | `y`, `w`, none |
//!
//! `y` and `w` become the glides `i` and `u` of the rime (`ya` → `ia`, `wang` → `uan`).
//!
//! ## Rimes: equal in the key
//!
//! | rule | examples |
//! |---|---|
//! | `-ng` = `-n` (Chinese near-homophones en/eng, an/ang, in/ing) | `jing` → `zin`, `long` → `lon`, ロン → `lon` |
//! | the glide `i` disappears after `s` `z` `c` (xia = sha = シャ) | `xiang` → `san`, `qie` → `ce` |
//! | the apical vowel: `zi ci si` → `zu cu su`, `zhi chi shi ri` → `zi ci si li` | 斯 `si` → `su` = ス |
//! | long vowels collapse: repeated vowels, `ou` → `o`, `ei` → `e`, `uo` → `o`; `ー` and `っ` vanish | トーキョー, `tōkyō` → `kio.to` |
//! | ü is `iu` | `lü` → `liu`, `xue` → `sue` |
//! | pinyin `er` is two syllables `a.lu` (as Japanese writes it, アル) | 洱 `er` → `a.lu` |
//! | pinyin `wu`, `yi` lose their onset | 乌 `wu` → `u` |
//!
//! Japanese morae merge into syllables: `ん` is the coda `n` of the syllable before; a vowel
//! mora right after a one-vowel syllable joins it (マ+オ → `mao`, タ+イ → `tai`), unless `ー`
//! separates them (プーアール → `pu.a.lu`; after ー even the same vowel starts a syllable:
//! シーイン → `si.in`, where シイン is `sin`). An English word listed in
//! `data/ccbysa/loanwords.tsv` is read first as its katakana loanword (`white` → ホワイト →
//! `ho.ua.i.to`, see `loanwords.rs`).
//! Latin is read twice: as pinyin when the whole word
//! parses as pinyin syllables (none after the first starting with a, e or o, which pinyin
//! would mark with an apostrophe: xi'an; but `er`, whose apostrophe names drop: HAERBIN), and
//! as English/romaji, where a consonant with no vowel gets an
//! epenthetic `u` (`o` after t/d) as in katakana loanwords (TESLA → `te.su.la`), `r` after a
//! vowel and before a consonant is silent, so is `h` after a vowel and before no vowel (`Ohno`,
//! `Sarah`), `ee`/`ea` → `i`, `oo` → `u`, `m` before a
//! consonant other than b/p is a syllable (`farm` → `fa.mu`, ファーム). Words with those
//! digraphs are also read as romaji spells coinages, each vowel as written (`peabaen` →
//! `pea.baen` = ペアバエン).
//!
//! ## Close but not equal: left to [`distance`]
//!
//! Voicing (b/p, d/t, g/k, s/z), s/c/z, q ⇄ k (祁门 ⇄ Keemun ⇄ キーマン), h/f, l/n, m/n,
//! a missing onset, and the vowel pairs a/e, e/i, o/u, u/e, a/o cost less than a full change;
//! see [`distance`] for the weights.

/// Keys within this [`distance`] are "near": the same name in another script or a one-sound
/// knock-off (キーマン ⇄ 祁门 0.22, ザーサイ ⇄ 榨菜 0.05).
pub const NEAR: f32 = 0.25;

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// One syllable before rime normalization; vowels (with glides) inline, at most 6.
struct Raw {
    onset: Option<char>,
    v: [u8; 6],
    n: usize,
    coda: bool,
    /// True when no further vowel mora may join (after ー or a merge).
    locked: bool,
    /// True after ー: the vowel is already long, so the same vowel again is a new syllable
    /// (シーイン is `si.in`, not シン).
    lengthened: bool,
}

impl Raw {
    fn new(onset: Option<char>, vowels: &str) -> Raw {
        let mut r = Raw {
            onset,
            v: [0; 6],
            n: 0,
            coda: false,
            locked: false,
            lengthened: false,
        };
        for b in vowels.bytes() {
            if b == b'v' {
                r.push(b'i');
                r.push(b'u');
            } else {
                r.push(b);
            }
        }
        r
    }

    fn push(&mut self, b: u8) {
        if self.n < self.v.len() {
            self.v[self.n] = b;
            self.n += 1;
        }
    }

    fn vowels(&self) -> &[u8] {
        &self.v[..self.n]
    }

    fn key(&self) -> String {
        let mut out = String::with_capacity(self.n + 2);
        self.write_key(&mut out);
        out
    }

    fn write_key(&self, out: &mut String) {
        let mut buf = [0u8; 6];
        let mut len = 0;
        for &c in self.vowels() {
            if len == 0 || buf[len - 1] != c {
                buf[len] = c;
                len += 1;
            }
        }
        for (from, to) in [
            (&b"iou"[..], &b"iu"[..]),
            (b"uei", b"ui"),
            (b"ou", b"o"),
            (b"ei", b"e"),
            (b"uo", b"o"),
        ] {
            while let Some(at) = buf[..len].windows(from.len()).position(|w| w == from) {
                let tail = at + from.len();
                let mut out = [0u8; 6];
                out[..at].copy_from_slice(&buf[..at]);
                out[at..at + to.len()].copy_from_slice(to);
                let rest = len - tail;
                out[at + to.len()..at + to.len() + rest].copy_from_slice(&buf[tail..len]);
                len = at + to.len() + rest;
                buf = out;
            }
        }
        let mut start = 0;
        if matches!(self.onset, Some('s' | 'z' | 'c')) && len > 1 && buf[0] == b'i' {
            start = 1;
        }
        if let Some(o) = self.onset {
            out.push(o);
        }
        out.extend(buf[start..len].iter().map(|&b| b as char));
        if self.coda {
            out.push('n');
        }
    }
}

/// Appends the syllables of one toneless pinyin syllable to `out` (`mao` → `mao`; `er` →
/// `a`, `lu`).
/// `ü` may be written `ü`, `v` or `u:`. Appends nothing for a string that is not pinyin.
pub fn pinyin_syllable(p: &str, out: &mut Vec<String>) {
    let p = p.trim();
    if p == "er" {
        out.push("a".into());
        out.push("lu".into());
        return;
    }
    if let Some(raw) = parse_pinyin(p) {
        out.push(raw.key());
    }
}

fn is_final(f: &str) -> bool {
    matches!(
        f,
        "iang"
            | "iong"
            | "uang"
            | "ueng"
            | "ang"
            | "eng"
            | "ing"
            | "ong"
            | "ian"
            | "iao"
            | "uai"
            | "uan"
            | "van"
            | "ai"
            | "ao"
            | "an"
            | "ei"
            | "en"
            | "er"
            | "ia"
            | "ie"
            | "in"
            | "iu"
            | "ou"
            | "ua"
            | "ui"
            | "un"
            | "uo"
            | "ue"
            | "ve"
            | "vn"
            | "a"
            | "e"
            | "i"
            | "o"
            | "u"
            | "v"
    )
}

fn parse_pinyin(p: &str) -> Option<Raw> {
    let owned;
    let p = if p.contains(['ü', ':']) {
        owned = p.replace("u:", "v").replace('ü', "v");
        owned.as_str()
    } else {
        p
    };
    let b = p.as_bytes();
    let init_len = match (b.first(), b.get(1)) {
        (Some(b'z' | b'c' | b's'), Some(b'h')) => 2,
        (Some(c), _) if b"bpmfdtnlgkhjqxrzcsyw".contains(c) => 1,
        _ => 0,
    };
    let (init, fin) = if init_len > 0 && p.len() > init_len {
        (&p[..init_len], &p[init_len..])
    } else {
        ("", p)
    };
    // `er` stands alone: no syllable puts an initial before it (`ner` is not pinyin).
    if !is_final(fin)
        || (init.is_empty() && fin.starts_with(['i', 'u', 'v']))
        || (!init.is_empty() && fin == "er")
    {
        return None;
    }
    // `ue` is üe written without the umlaut, as pinyin does after j, q, x and y (xue, yue)
    // and romanizations often do after l and n (lue for lüe); nowhere else.
    let fin = match (init, fin) {
        ("j" | "q" | "x" | "y", "ue") => "ue",
        ("l" | "n", "ue") => "ve",
        (_, "ue") => return None,
        _ => fin,
    };
    // The final as written, with y/w turned into glides and ü spelled v.
    let mut buf = [0u8; 8];
    let mut len = 0;
    let mut put = |b: &[u8]| {
        let end = (len + b.len()).min(buf.len());
        buf[len..end].copy_from_slice(&b[..end - len]);
        len = end;
    };
    match init {
        "y" => match fin {
            "i" | "in" | "ing" => put(fin.as_bytes()),
            "u" | "ue" | "uan" | "un" => {
                put(b"v");
                put(&fin.as_bytes()[1..]);
            }
            _ if fin.starts_with(['i', 'v']) => return None,
            _ => {
                put(b"i");
                put(fin.as_bytes());
            }
        },
        "w" => match fin {
            "u" => put(b"u"),
            _ if fin.starts_with('u') => return None,
            _ => {
                put(b"u");
                put(fin.as_bytes());
            }
        },
        "j" | "q" | "x" => {
            if !fin.starts_with(['i', 'v', 'u']) {
                return None;
            }
            if let Some(rest) = fin.strip_prefix('u') {
                put(b"v");
                put(rest.as_bytes());
            } else {
                put(fin.as_bytes());
            }
        }
        "g" | "k" | "h" | "f" | "zh" | "ch" | "sh" | "r" | "z" | "c" | "s"
            if fin.starts_with(['i', 'v']) && fin != "i" =>
        {
            return None;
        }
        "z" | "c" | "s" if fin == "i" => put(b"u"),
        _ => put(fin.as_bytes()),
    }
    let fin = std::str::from_utf8(&buf[..len]).unwrap_or("");
    let onset = match init {
        "zh" | "z" | "j" => Some('z'),
        "ch" | "c" | "q" => Some('c'),
        "sh" | "s" | "x" => Some('s'),
        "r" | "l" => Some('l'),
        "" | "y" | "w" => None,
        i => i.chars().next(),
    };
    let (vowels, coda) = if let Some(v) = fin.strip_suffix("ng") {
        (v, true)
    } else if let Some(v) = fin.strip_suffix('n') {
        (v, true)
    } else {
        (fin, false)
    };
    let mut raw = Raw::new(onset, vowels);
    raw.coda = coda;
    Some(raw)
}

/// The phonetic key (syllables joined by `.`) of a space-separated toneless pinyin reading;
/// the same as `join(&from_pinyin(reading))`, without the intermediate list.
pub fn pinyin_key(reading: &str) -> String {
    let mut out = String::with_capacity(reading.len() + 4);
    for s in reading.split_whitespace() {
        if s == "er" {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str("a.lu");
        } else if let Some(raw) = parse_pinyin(s) {
            if !out.is_empty() {
                out.push('.');
            }
            raw.write_key(&mut out);
        }
    }
    out
}

/// The phonetic key (syllables joined by `.`) of a kana string.
pub fn kana_key(kana: &str) -> String {
    let syl = kana_syllables(kana);
    let mut out = String::with_capacity(syl.len() * 4);
    for (i, r) in syl.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        r.write_key(&mut out);
    }
    out
}

/// The phonetic syllables of a space-separated toneless pinyin reading.
pub fn from_pinyin(reading: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(reading.len() / 3 + 1);
    for s in reading.split_whitespace() {
        pinyin_syllable(s, &mut out);
    }
    out
}

/// The phonetic syllables of a kana string (hiragana or katakana).
pub fn from_kana(kana: &str) -> Vec<String> {
    kana_syllables(kana).iter().map(Raw::key).collect()
}

fn kana_syllables(kana: &str) -> Vec<Raw> {
    use super::romaji::{morae, Mora};
    let mut syl: Vec<Raw> = Vec::new();
    for m in morae(kana) {
        match m {
            Mora::Syl(s) => {
                let (onset, vowels) = hepburn_parts(s);
                if onset.is_none() && vowels.len() == 1 {
                    if let Some(prev) = syl.last_mut() {
                        let v = vowels.as_bytes()[0];
                        let long = match prev.vowels().last() {
                            Some(&p) => {
                                p == v || (p == b'o' && v == b'u') || (p == b'e' && v == b'i')
                            }
                            None => false,
                        };
                        if long && !prev.coda && !prev.lengthened {
                            prev.locked = true;
                            continue;
                        }
                        if !prev.locked && !prev.coda && prev.n == 1 {
                            prev.push(v);
                            prev.locked = true;
                            continue;
                        }
                    }
                }
                syl.push(Raw::new(onset, vowels));
            }
            Mora::N => match syl.last_mut() {
                Some(prev) if !prev.coda => {
                    prev.coda = true;
                    prev.locked = true;
                }
                _ => {
                    let mut r = Raw::new(None, "");
                    r.coda = true;
                    syl.push(r);
                }
            },
            Mora::Q => {}
            Mora::Long => {
                if let Some(prev) = syl.last_mut() {
                    prev.locked = true;
                    prev.lengthened = true;
                }
            }
        }
    }
    syl
}

/// Onset class and vowels (with glide) of a Hepburn mora: `kya` → (k, "ia"), `shi` → (s, "i").
fn hepburn_parts(s: &str) -> (Option<char>, &'static str) {
    let v = s.chars().last().unwrap_or('a');
    let cons = &s[..s.len() - 1];
    let (onset, glide) = match cons {
        "" => (None, None),
        "sh" => (Some('s'), None),
        "j" => (Some('z'), None),
        "ch" | "ts" => (Some('c'), None),
        "r" => (Some('l'), None),
        "v" => (Some('b'), None),
        "y" => (None, Some('i')),
        "w" => (None, Some('u')),
        "kw" => (Some('k'), Some('u')),
        "gw" => (Some('g'), Some('u')),
        c if c.len() == 2 && c.ends_with('y') => (c.chars().next().map(class_of_latin), Some('i')),
        c => (c.chars().next().map(class_of_latin), None),
    };
    let vowels = match (glide, v) {
        (None, 'a') => "a",
        (None, 'i') => "i",
        (None, 'u') => "u",
        (None, 'e') => "e",
        (None, 'o') => "o",
        (Some('i'), 'a') => "ia",
        (Some('i'), 'u') => "iu",
        (Some('i'), 'e') => "ie",
        (Some('i'), 'o') => "io",
        (Some('u'), 'a') => "ua",
        (Some('u'), 'i') => "ui",
        (Some('u'), 'e') => "ue",
        (Some('u'), 'o') => "uo",
        _ => "a",
    };
    (onset, vowels)
}

fn class_of_latin(c: char) -> char {
    match c {
        'r' => 'l',
        'j' => 'z',
        'v' => 'b',
        'q' => 'k',
        c => c,
    }
}

/// The phonetic readings of one Latin word (lower-case ASCII letters): the pinyin reading
/// first when the whole word parses as pinyin, then the English/romaji reading, then the same
/// with a post-vocalic `r` pronounced (`lemiar` → `le.mia`, `le.mia.lu`), then the romaji
/// reading of a coinage, every vowel letter read as written (`peabaen` → `pea.baen` =
/// ペアバエン beside English `pi.baen`); deduplicated.
pub fn from_latin(word: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::with_capacity(2);
    if let Some(p) = pinyin_of_latin(word) {
        out.push(p);
    }
    for e in latin_as_spoken(word) {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// The readings of a Latin word other than pinyin (see [`from_latin`]): English/romaji, with
/// a post-vocalic `r` pronounced, and every vowel letter read as written; deduplicated.
pub fn latin_as_spoken(word: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::with_capacity(2);
    for (silent_r, digraphs) in [(true, true), (false, true), (false, false)] {
        let e = english(word, silent_r, digraphs);
        if !e.is_empty() && !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// The pinyin reading of a Latin word (lower-case letters) as phonetic syllables, when the
/// whole word parses as pinyin (longest syllables first, with backtracking): the first
/// reading of [`from_latin`] then.
pub fn pinyin_of_latin(word: &str) -> Option<Vec<String>> {
    fn go(w: &str, out: &mut Vec<String>) -> bool {
        if w.is_empty() {
            return true;
        }
        let max = w.len().min(6);
        for len in (1..=max).rev() {
            if !w.is_char_boundary(len) {
                continue;
            }
            let s = &w[..len];
            // Pinyin writes an apostrophe before a syllable starting with a, e or o (xi'an);
            // without one, such a split is not a pinyin reading. `er` (儿, 尔) is the
            // exception: names drop its apostrophe (HAERBIN 哈尔滨, LUERDAO 鹿儿岛), and few
            // English words split around it into pinyin.
            if !out.is_empty() && s.starts_with(['a', 'e', 'o']) && s != "er" {
                continue;
            }
            // The interjections n, ng, m (嗯, 呣) are not in names: as syllables they would
            // split English words (tan-n-er).
            if matches!(s, "n" | "ng" | "m") {
                continue;
            }
            if s == "er" || parse_pinyin(s).is_some() {
                let n = out.len();
                pinyin_syllable(s, out);
                if go(&w[len..], out) {
                    return true;
                }
                out.truncate(n);
            }
        }
        false
    }
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut out = Vec::new();
    go(word, &mut out).then_some(out)
}

/// The English/romaji reading of a Latin word (see the module docs). With `silent_r` false,
/// a post-vocalic `r` is read as a syllable of its own, as romanized coinages spell it
/// (`Yastakor` = ヤスタコル → `ia.su.ta.ko.lu`). With `digraphs` false, `ee`, `ea` and `oo`
/// are two vowels, as romaji reads them, not English `i` and `u`.
fn english(word: &str, silent_r: bool, digraphs: bool) -> Vec<String> {
    // Map letters to consonant classes and vowels; `#` marks a consonant to drop.
    #[derive(Clone, Copy, PartialEq)]
    enum U {
        C(char),
        V(char),
        Glide(char),
    }
    let b: Vec<u8> = word.bytes().filter(u8::is_ascii_lowercase).collect();
    let mut units: Vec<U> = Vec::with_capacity(b.len());
    let vowel_at = |i: usize| b.get(i).is_some_and(|c| b"aeiouy".contains(c));
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let two = |x: u8| next == Some(x);
        match c {
            b'a' | b'e' | b'i' | b'o' | b'u' => match (c, next) {
                (b'e', Some(b'e')) | (b'e', Some(b'a')) if digraphs => {
                    units.push(U::V('i'));
                    i += 2;
                    continue;
                }
                (b'o', Some(b'o')) if digraphs => {
                    units.push(U::V('u'));
                    i += 2;
                    continue;
                }
                _ => units.push(U::V(c as char)),
            },
            b'y' => {
                if vowel_at(i + 1) && next != Some(b'y') {
                    units.push(U::Glide('i'));
                } else {
                    units.push(U::V('i'));
                }
            }
            b'w' => units.push(U::Glide('u')),
            b's' if two(b'h') => {
                units.push(U::C('s'));
                i += 1;
            }
            b'c' if two(b'h') => {
                units.push(U::C('c'));
                i += 1;
            }
            b't' if two(b's') || two(b'h') => {
                units.push(U::C(if two(b's') { 'c' } else { 's' }));
                i += 1;
            }
            b't' if two(b'c') && b.get(i + 2) == Some(&b'h') => {
                units.push(U::C('c'));
                i += 2;
            }
            b'p' if two(b'h') => {
                units.push(U::C('f'));
                i += 1;
            }
            b'c' if two(b'k') => {
                units.push(U::C('k'));
                i += 1;
            }
            b'g' if two(b'h') => {
                i += 1;
            }
            b'q' if two(b'u') => {
                units.push(U::C('k'));
                units.push(U::Glide('u'));
                i += 1;
            }
            b'c' => units.push(U::C(if matches!(next, Some(b'e' | b'i' | b'y')) {
                's'
            } else {
                'k'
            })),
            b'x' => {
                units.push(U::C('k'));
                units.push(U::C('s'));
            }
            _ => units.push(U::C(c as char)),
        }
        i += 1;
    }
    // Doubled consonants are single.
    units.dedup_by(|a, b| matches!((a, b), (U::C(x), U::C(y)) if x == y));
    let mut out: Vec<String> = Vec::new();
    let mut j = 0;
    let n = units.len();
    while j < n {
        match units[j] {
            U::C(c) => {
                let followed_by_vowel = matches!(units.get(j + 1), Some(U::V(_) | U::Glide(_)));
                let after_vowel = j > 0 && matches!(units[j - 1], U::V(_));
                if !followed_by_vowel {
                    if after_vowel && c == 'r' && silent_r {
                        // Silent post-vocalic r: `starbucks` → su.ta.bu.ku.su.
                        j += 1;
                        continue;
                    }
                    if after_vowel && c == 'h' {
                        // h after a vowel and before no vowel lengthens it, in English
                        // (`Sarah`, `John`) and in romaji (`Ohno`, `TOHKOH` とうこう).
                        j += 1;
                        continue;
                    }
                    // `n` closes the syllable before (ン); so does `m` before a labial
                    // (`compact` コンパクト), while a final or other `m` is a syllable of
                    // its own, as katakana loanwords write it (`farm` ファーム, `samsung`
                    // サムスン).
                    let labial_next = matches!(units.get(j + 1), Some(U::C('b' | 'p')));
                    if after_vowel && (c == 'n' || (c == 'm' && labial_next)) {
                        if let Some(last) = out.last_mut() {
                            last.push('n');
                        }
                        j += 1;
                        // `ng` coda.
                        if matches!(units.get(j), Some(U::C('g')))
                            && !matches!(units.get(j + 1), Some(U::V(_) | U::Glide(_)))
                        {
                            j += 1;
                        }
                        continue;
                    }
                    let v = if c == 't' || c == 'd' { "o" } else { "u" };
                    out.push(Raw::new(Some(class_of_latin(c)), v).key());
                    j += 1;
                    continue;
                }
                j += 1;
                let vowels = latin_rime(&units, &mut j, |u| match u {
                    U::V(v) => Some((*v, false)),
                    U::Glide(v) => Some((*v, true)),
                    U::C(_) => None,
                });
                out.push(Raw::new(Some(class_of_latin(c)), &vowels).key());
            }
            U::V(_) | U::Glide(_) => {
                let vowels = latin_rime(&units, &mut j, |u| match u {
                    U::V(v) => Some((*v, false)),
                    U::Glide(v) => Some((*v, true)),
                    U::C(_) => None,
                });
                out.push(Raw::new(None, &vowels).key());
            }
        }
    }
    out
}

/// The rime of a Latin syllable from `units[*j..]` (`f` gives a unit's vowel and whether it is
/// a glide): up to two vowels, as kana merges two vowel morae (マ+オ → `mao`). A glide after
/// a vowel starts the next syllable (`niyavel` ニヤヴェル → `ni.ia…`), and a third vowel
/// lengthening the second is dropped, as kana drops it (`loei` ロエイ → `loe`).
fn latin_rime<T>(units: &[T], j: &mut usize, f: impl Fn(&T) -> Option<(char, bool)>) -> String {
    let mut vowels = String::new();
    while let Some((v, glide)) = units.get(*j).and_then(&f) {
        if glide && !vowels.is_empty() {
            break;
        }
        if vowels.len() >= 2 {
            let last = vowels.as_bytes()[1];
            let long = !glide
                && (last == v as u8 || (last == b'o' && v == 'u') || (last == b'e' && v == 'i'));
            if long {
                *j += 1;
            }
            break;
        }
        vowels.push(v);
        *j += 1;
    }
    vowels
}

/// Joins syllables into a key (`mao.tai`).
pub fn join(syllables: &[String]) -> String {
    syllables.join(".")
}

fn split(s: &str) -> (Option<char>, &str) {
    // Keys are ASCII but for rare letters: no decoding needed then.
    if let Some(&b) = s.as_bytes().first() {
        if b.is_ascii() {
            let c = char::from(b);
            return if is_vowel(c) || (c == 'n' && s.len() == 1) {
                (None, s)
            } else {
                (Some(c), &s[1..])
            };
        }
    }
    match s.chars().next() {
        // Slice after the whole first character: keys built from Latin letters outside ASCII
        // (`ŋ`, found by the normalizer fuzz target) must not split a UTF-8 sequence.
        Some(c) if !(is_vowel(c) || (c == 'n' && s.len() == 1)) => (Some(c), &s[c.len_utf8()..]),
        _ => (None, s),
    }
}

fn onset_cost(a: Option<char>, b: Option<char>) -> f32 {
    match (a, b) {
        (x, y) if x == y => 0.0,
        (None, _) | (_, None) => 0.6,
        (Some(x), Some(y)) => {
            // The pair in alphabetical order, so that each unordered pair is one pattern.
            match if x < y { (x, y) } else { (y, x) } {
                ('c', 's') | ('c', 'z') | ('s', 'z') => 0.3,
                ('b', 'p') | ('d', 't') | ('g', 'k') | ('c', 'k') => 0.4,
                ('f', 'h')
                | ('f', 'p')
                | ('b', 'f')
                | ('l', 'n')
                | ('m', 'n')
                | ('h', 'k')
                | ('b', 'm')
                | ('d', 'z')
                | ('c', 't') => 0.5,
                _ => 1.0,
            }
        }
    }
}

fn rime_cost(a: &str, b: &str) -> f32 {
    if a == b {
        return 0.0;
    }
    let (va, ca) = a.strip_suffix('n').map_or((a, false), |v| (v, true));
    let (vb, cb) = b.strip_suffix('n').map_or((b, false), |v| (v, true));
    let coda = if ca == cb { 0.0 } else { 0.3 };
    let vowel = if va == vb {
        0.0
    } else if va.chars().last() == vb.chars().last() {
        0.4
    } else {
        let x = va.chars().last().unwrap_or(' ');
        let y = vb.chars().last().unwrap_or(' ');
        match if x < y { (x, y) } else { (y, x) } {
            ('a', 'e') | ('e', 'i') | ('o', 'u') | ('e', 'u') | ('a', 'o') => 0.5,
            _ => 1.0,
        }
    };
    f32::min(1.0, vowel + coda)
}

/// The cost of replacing syllable `a` by `b`, in [0, 1]: half onset, half rime.
///
/// Before `i` and `u`, t/c and d/z cost like s/c: Japanese writes the foreign syllables
/// `ti`, `tu`, `di`, `du` as ティ, トゥ, ディ, ドゥ or, in the older native spelling, as
/// チ, ツ, ジ, ズ (`ci`, `cu`, `zi`, `zu`), so モティドル and モチドル are one word. Before
/// `u`, h/f costs like s/c: Japanese writes the syllable hu as フ (`fu`).
pub fn syllable_cost(a: &str, b: &str) -> f32 {
    if a == b {
        return 0.0;
    }
    let (oa, ra) = split(a);
    let (ob, rb) = split(b);
    let mut onset = onset_cost(oa, ob);
    // The pairs of `loan_spelling_partner`, tested by onset and rime: looking the syllable
    // up in the table here costs 3% of this hot function (callgrind).
    if onset > LOAN_SPELLING_ONSET
        && matches!(
            (oa, ob),
            (Some('t'), Some('c'))
                | (Some('c'), Some('t'))
                | (Some('d'), Some('z'))
                | (Some('z'), Some('d'))
        )
        && (ra == "i" || ra == "u")
        && ra == rb
    {
        onset = LOAN_SPELLING_ONSET;
    }
    // Japanese has no `hu`: フ (`fu`) writes it, so Chinese hu, hui, huo come as フ, フイ, フォ
    // (辉山 hui shan is フイシャン): before `u`, h/f costs like s/c too.
    if matches!((oa, ob), (Some('f'), Some('h')) | (Some('h'), Some('f')))
        && ra.starts_with('u')
        && rb.starts_with('u')
    {
        onset = onset.min(LOAN_SPELLING_ONSET);
    }
    0.5 * onset + 0.5 * rime_cost(ra, rb)
}

/// Onset cost of a loan-sound spelling and its native replacement (ティ/チ, ドゥ/ズ): the
/// cost of s/c.
const LOAN_SPELLING_ONSET: f32 = 0.3;

/// The other spelling of a syllable Japanese writes two ways (see [`syllable_cost`]): the
/// loan-sound `ti`, `tu`, `di`, `du` (ティ, トゥ, ディ, ドゥ) and the native `ci`, `cu`, `zi`,
/// `zu` (チ, ツ, ジ, ズ), each the other's partner.
pub fn loan_spelling_partner(syllable: &str) -> Option<&'static str> {
    Some(match syllable {
        "ti" => "ci",
        "ci" => "ti",
        "tu" => "cu",
        "cu" => "tu",
        "di" => "zi",
        "zi" => "di",
        "du" => "zu",
        "zu" => "du",
        _ => return None,
    })
}

/// Weighted syllable edit distance between two keys, in [0, 1]: 0 for equal keys, 1 for
/// nothing in common. Inserting or deleting a syllable costs its weight, replacing one costs
/// [`syllable_cost`] times the larger weight; the first syllable weighs 2, the others 1; the
/// sum is divided by the larger total weight. Keys within [`NEAR`] are near.
pub fn distance(a: &str, b: &str) -> f32 {
    if a == b {
        return 0.0;
    }
    let xa: Vec<&str> = a.split('.').filter(|s| !s.is_empty()).collect();
    let xb: Vec<&str> = b.split('.').filter(|s| !s.is_empty()).collect();
    if xa.is_empty() || xb.is_empty() {
        return if xa.len() == xb.len() { 0.0 } else { 1.0 };
    }
    let w = |i: usize| if i == 0 { 2.0f32 } else { 1.0 };
    let mut prev: Vec<f32> = Vec::with_capacity(xb.len() + 1);
    prev.push(0.0);
    for j in 0..xb.len() {
        prev.push(prev[j] + w(j));
    }
    let mut cur = vec![0.0f32; xb.len() + 1];
    for (i, sa) in xa.iter().enumerate() {
        cur[0] = prev[0] + w(i);
        for (j, sb) in xb.iter().enumerate() {
            let sub = prev[j] + syllable_cost(sa, sb) * w(i).max(w(j));
            let del = prev[j + 1] + w(i);
            let ins = cur[j] + w(j);
            cur[j + 1] = sub.min(del).min(ins);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let total_a: f32 = (0..xa.len()).map(w).sum();
    let total_b: f32 = (0..xb.len()).map(w).sum();
    (prev[xb.len()] / total_a.max(total_b)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kana(s: &str) -> String {
        join(&from_kana(s))
    }
    fn py(s: &str) -> String {
        join(&from_pinyin(s))
    }
    fn latin(s: &str) -> Vec<String> {
        from_latin(s).iter().map(|k| join(k)).collect()
    }

    #[test]
    fn loan_sound_spellings_cost_like_s_and_c() {
        let sc = syllable_cost("si", "ci");
        for (a, b, want) in [
            ("ti", "ci", sc),   // ティ / チ
            ("tu", "cu", sc),   // トゥ / ツ
            ("di", "zi", sc),   // ディ / ジ
            ("du", "zu", sc),   // ドゥ / ズ
            ("ta", "ca", 0.25), // other vowels: the plain t/c onset cost
            ("ti", "cu", 0.5 * 0.5 + 0.5 * 1.0),
        ] {
            // The cost rule and the partner table name the same pairs.
            assert_eq!(want == sc, loan_spelling_partner(a) == Some(b), "{a}/{b}");
            assert!((syllable_cost(a, b) - want).abs() < 1e-6, "{a}/{b}");
            assert_eq!(
                syllable_cost(a, b),
                syllable_cost(b, a),
                "{a}/{b} symmetric"
            );
        }
    }

    #[test]
    fn post_vocalic_r_is_read_both_ways() {
        let r = latin("yastakor");
        assert_eq!(r[0], "ia.su.ta.ko", "English: silent r first");
        assert!(r.contains(&kana("ヤスタコル")), "{r:?}");
        // Without a post-vocalic r (or an English vowel digraph) there is one reading only.
        assert_eq!(latin("tesla").len(), 1);
        // English `ee` first, the romaji reading after it.
        assert_eq!(latin("keemun"), vec!["ki.mun", "ke.mun"]);
    }

    #[test]
    fn h_after_a_vowel_before_no_vowel_is_silent() {
        // Romaji writes a long o as `oh` (TOHKOH とうこう), English drops such an h (Sarah).
        assert_eq!(latin("tohkoh"), vec![kana("トウコウ")]);
        assert_eq!(latin("sarah"), vec![kana("サラ")]);
        // Before a vowel it is a consonant.
        assert_eq!(latin("ohara")[0], kana("オハラ"));
    }

    #[test]
    fn syllables_by_script() {
        assert_eq!(kana("マオタイ"), "mao.tai");
        assert_eq!(py("mao tai"), "mao.tai");
        assert_eq!(kana("ロンジン"), "lon.zin");
        assert_eq!(py("long jing"), "lon.zin");
        assert_eq!(kana("プーアール"), "pu.a.lu");
        assert_eq!(py("pu er"), "pu.a.lu");
        // After ー the same vowel again is a syllable of its own; without ー it lengthens.
        assert_eq!(kana("シーイン"), "si.in");
        assert_eq!(py("xi yin"), "si.in");
        assert_eq!(kana("シイン"), "sin");
        // Chinese hui is フイ in katakana: near, as s/c.
        assert!(syllable_cost("fui", "hui") <= 0.15);
        assert!(syllable_cost("fa", "ha") > 0.15);
        assert_eq!(kana("ウーロン"), "u.lon");
        assert_eq!(py("wu long"), "u.lon");
        assert_eq!(kana("テスラ"), "te.su.la");
        assert_eq!(py("te si la"), "te.su.la");
        assert_eq!(latin("tesla"), vec!["te.su.la"]);
        assert_eq!(kana("きょうと"), "kio.to");
        assert!(latin("kyoto").contains(&"kio.to".to_string()));
        assert!(latin("starbucks").contains(&kana("スターバックス").replace("ba", "bu")));
    }

    #[test]
    fn pinyin_words_parse() {
        assert_eq!(latin("maotai")[0], "mao.tai");
        assert_eq!(latin("qimen")[0], "ci.men");
        assert_eq!(latin("shaolin")[0], "sao.lin");
        assert!(pinyin_of_latin("tesla").is_none());
        // üe written ue after j, q, x, y (and l, n); not pinyin after other initials.
        assert_eq!(latin("xuemazhongjia")[0], py("xue ma zhong jia"));
        assert_eq!(latin("yuelan")[0], py("yue lan"));
        assert_eq!(latin("lue")[0], py("lüe"));
        assert!(pinyin_of_latin("kue").is_none());
        // `er` needs no apostrophe after another syllable; other a/e/o syllables do.
        assert_eq!(latin("luerdao")[0], py("lu er dao"));
        assert_eq!(latin("haerbin")[0], py("ha er bin"));
        for word in ["tanner", "paper", "later", "dinner", "banner"] {
            assert!(pinyin_of_latin(word).is_none(), "{word}");
        }
    }

    /// Latin words as katakana loanwords write them: `(Latin, kana)` with the same key.
    #[test]
    fn latin_reads_as_katakana_writes() {
        for (word, kana_form) in [
            ("niyavel", "ニヤヴェル"), // a glide after a vowel starts the next syllable
            ("cusekium", "クセキウム"), // final m is a syllable of its own
            ("farm", "ファーム"),
            ("samsung", "サムスン"), // so is m before a consonant other than b, p
            ("compact", "コンパクト"), // m before p closes the syllable (ン)
            ("gacloeis", "ガクロエイス"), // a third vowel lengthening the second is dropped
            ("hayashi", "ハヤシ"),
            ("peabaen", "ペアバエン"), // a coinage's vowels read as written (romaji)
            ("crepeaon", "クレペアオン"),
            ("zoearan", "ゾエアラン"),
        ] {
            assert!(
                latin(word).contains(&kana(kana_form)),
                "{word}: {:?} vs {}",
                latin(word),
                kana(kana_form)
            );
        }
    }

    #[test]
    fn distance_bounds_and_near_pairs() {
        assert_eq!(distance("mao.tai", "mao.tai"), 0.0);
        assert!(distance("a", "ki.mun") > 0.6);
        let d = distance(&kana("キーマン"), &py("qi men"));
        assert!(d <= NEAR, "{d}");
        let d = distance(&kana("ザーサイ"), &py("zha cai"));
        assert!(d <= NEAR, "{d}");
        let d = distance(&latin("keemun")[0], &py("qi men"));
        assert!(d <= NEAR, "{d}");
        assert!(distance("mao.tai", "ki.mun") > 0.6);
        for (a, b) in [("a", "b.c.d"), ("ka", "ka.ka.ka.ka"), ("zu", "su")] {
            let d = distance(a, b);
            assert!((0.0..=1.0).contains(&d));
            assert_eq!(d, distance(b, a));
        }
    }
}
