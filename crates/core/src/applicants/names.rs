//! Applicant-name and address keys: the same party written in any script, width, case or legal
//! form meets itself.
//!
//! The name pipeline, one step per concern:
//!
//! | step | input → output |
//! |---|---|
//! | NFKC, lower case | `ＳＯＮＹ`, `㈱` → `sony`, `(株)` |
//! | legal forms in brackets | `(株)ソニー`, `(有)` → `ソニー` |
//! | fold (the normalizer's `fold` filter, per character) | `株式會社`, `廣州` → `株式会社`, `广州`; katakana → hiragana |
//! | punctuation and spaces split tokens | `Sony Co., Ltd.` → `sony co ltd` |
//! | Latin legal-form tokens dropped anywhere | `sony co ltd`, `sony corporation` → `sony` |
//! | CJK legal forms dropped anywhere | `株式会社X`, `X株式会社`, `X有限公司`, `X股份有限公司`, `X集团` → `X` |
//! | tokens joined without spaces | `toyota motor` → `toyotamotor` |
//!
//! The key never becomes empty: a name that is nothing but a legal form keeps its cleaned text.
//! The same steps classify the party ([`ApplicantKind`]): a legal form or an organisation word
//! makes a company; an IP-agency word makes an agency; anything else is an individual.
//!
//! Address keys drop every space and punctuation mark and the Japanese block words
//! (`1丁目2番3号` = `1-2-3`), after the same NFKC, case and fold steps.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::normalize::Normalizer;

/// What kind of party an applicant is, as read from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantKind {
    /// A natural person (no legal form or organisation word in the name).
    Individual,
    /// A company or other organisation.
    Company,
    /// A trademark or patent agency (a company whose name says it represents others).
    Agency,
}

impl ApplicantKind {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicantKind::Individual => "individual",
            ApplicantKind::Company => "company",
            ApplicantKind::Agency => "agency",
        }
    }

    /// The kind whose volume baseline applies: agencies are compared with companies.
    pub fn baseline_kind(self) -> ApplicantKind {
        match self {
            ApplicantKind::Individual => ApplicantKind::Individual,
            _ => ApplicantKind::Company,
        }
    }
}

/// The normalized key of one applicant name and the kind read from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameKey {
    /// The key: folded, legal forms removed, no spaces or punctuation.
    pub key: String,
    /// The kind read from the name.
    pub kind: ApplicantKind,
}

/// Legal forms written in brackets (after NFKC: `㈱` → `(株)`), removed before punctuation.
const BRACKETED: &[&str] = &[
    "(株)",
    "(有)",
    "(合)",
    "(同)",
    "(資)",
    "(名)",
    "(社)",
    "(財)",
    "（株）",
    "（有）",
];

/// CJK legal forms, removed wherever they occur (longest first after folding).
const CJK_LEGAL: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限責任公司",
    "有限公司",
    "株式会社",
    "株式會社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "特定非営利活動法人",
    "集团",
    "集團",
    "公司",
];

/// Latin legal-form tokens, removed wherever they occur.
const LATIN_LEGAL: &[&str] = &[
    "co",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "company",
    "llc",
    "llp",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "sa",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "pte",
    "pty",
    "kk",
    "gk",
    "group",
];

/// Words that make a name an organisation even without a legal form.
const ORG_WORDS: &[&str] = &[
    "会社",
    "商事",
    "商会",
    "商行",
    "商店",
    "工厂",
    "工場",
    "厂",
    "事務所",
    "事务所",
    "协会",
    "協会",
    "組合",
    "合作社",
    "法人",
    "研究所",
    "大学",
    "中心",
    "经营部",
    "本舗",
    "trading",
    "foods",
    "industries",
    "industry",
    "holdings",
    "enterprise",
    "enterprises",
    "association",
    "university",
    "institute",
    "office",
];

/// Words that make a name a trademark or patent agency (CN Art. 19(4)).
const AGENCY_WORDS: &[&str] = &[
    "商标代理",
    "商標代理",
    "知识产权代理",
    "知識産権代理",
    "知识产权服务",
    "专利代理",
    "專利代理",
    "商标事务所",
    "特許事務所",
    "商標事務所",
    "特許業務法人",
    "国際特許",
    "patentandtrademark",
    "trademarkagency",
    "trademarkagent",
    "patentagency",
    "ipagency",
    "intellectualpropertyagency",
    "lawfirm",
];

/// The compiled name tables (legal forms folded like names are).
#[derive(Debug)]
pub(crate) struct NameTables {
    cjk_legal: Vec<String>,
    org_words: Vec<String>,
    agency_words: Vec<String>,
}

impl NameTables {
    pub(crate) fn new() -> NameTables {
        let fold_all = |words: &[&str]| -> Vec<String> {
            let mut out: Vec<String> = words.iter().map(|w| fold_text(w)).collect();
            out.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
            out.dedup();
            out
        };
        NameTables {
            cjk_legal: fold_all(CJK_LEGAL),
            org_words: fold_all(ORG_WORDS),
            agency_words: fold_all(AGENCY_WORDS),
        }
    }

    /// The process-wide tables.
    pub(crate) fn global() -> &'static NameTables {
        static T: std::sync::OnceLock<NameTables> = std::sync::OnceLock::new();
        T.get_or_init(NameTables::new)
    }

    /// The key and kind of `name` (see the module table).
    pub(crate) fn key(&self, name: &str) -> NameKey {
        let mut text: String = name.nfkc().flat_map(char::to_lowercase).collect();
        let mut company = false;
        for b in BRACKETED {
            if text.contains(b) {
                text = text.replace(b, " ");
                company = true;
            }
        }
        // Tokens of folded letters and digits; everything else separates.
        let folded = fold_text(&text);
        let mut tokens: Vec<String> = Vec::new();
        for raw in folded.split(|c: char| !c.is_alphanumeric()) {
            if raw.is_empty() {
                continue;
            }
            if raw.is_ascii() && LATIN_LEGAL.contains(&raw) {
                company = true;
                continue;
            }
            tokens.push(raw.to_string());
        }
        let joined: String = tokens.concat();
        let mut key = joined.clone();
        for form in &self.cjk_legal {
            if key.contains(form.as_str()) {
                key = key.replace(form.as_str(), "");
                company = true;
            }
        }
        let agency = self
            .agency_words
            .iter()
            .any(|w| joined.contains(w.as_str()));
        if !company {
            company = self.org_words.iter().any(|w| {
                if w.is_ascii() {
                    tokens.iter().any(|t| t == w)
                } else {
                    joined.contains(w.as_str())
                }
            });
        }
        if key.is_empty() {
            key = if joined.is_empty() {
                text.split_whitespace().collect()
            } else {
                joined
            };
        }
        let kind = if agency {
            ApplicantKind::Agency
        } else if company {
            ApplicantKind::Company
        } else {
            ApplicantKind::Individual
        };
        NameKey { key, kind }
    }
}

/// The key and kind of an applicant name (module table). `株式会社X`, `X株式会社`,
/// `X Co., Ltd.` and `Ｘ　ＣＯ．，ＬＴＤ．` all give the key of `X`.
///
/// ```
/// use markwatch_core::applicants::{name_key, ApplicantKind};
/// assert_eq!(name_key("株式会社松阪商事").key, name_key("松阪商事株式会社").key);
/// assert_eq!(name_key("广州示例有限公司").key, name_key("廣州示例有限公司").key);
/// assert_eq!(name_key("Sony Co., Ltd.").key, "sony");
/// assert_eq!(name_key("王小明").kind, ApplicantKind::Individual);
/// assert_eq!(name_key("上海某某商标代理有限公司").kind, ApplicantKind::Agency);
/// ```
pub fn name_key(name: &str) -> NameKey {
    NameTables::global().key(name)
}

/// The key of a postal address: NFKC, lower case, folded, without spaces, punctuation or the
/// Japanese block words 丁目/番地/番/号 (`東京都港区1丁目2番3号` = `東京都港区 1-2-3`).
pub fn address_key(address: &str) -> String {
    let text: String = address.nfkc().flat_map(char::to_lowercase).collect();
    let mut text = fold_text(&text);
    for w in ["丁目", "番地", "番", "号", "號"] {
        text = text.replace(fold_text(w).as_str(), " ");
    }
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The key of a mark for grouping filings into mark families: NFKC, lower case, folded, only
/// letters and digits. `TOYOTA` = `Toyota` = `ＴＯＹＯＴＡ`; `松阪` = `松阪`; `松坂` differs.
pub fn mark_family_key(mark: &str) -> String {
    let text: String = mark.nfkc().flat_map(char::to_lowercase).collect();
    fold_text(&text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The key of a mark as written: NFKC, lower case, only letters and digits, no variant
/// folding (`松阪` ≠ `松坂`). Near-miss variants are told apart by this key.
pub(crate) fn literal_key(mark: &str) -> String {
    mark.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Folds every character with the normalizer's `fold` filter (CJK variants to one form) and
/// katakana to hiragana; other characters are unchanged.
pub(crate) fn fold_text(text: &str) -> String {
    let n = Normalizer::global();
    text.chars()
        .map(|c| n.fold_char(katakana_to_hiragana(c)))
        .collect()
}

fn katakana_to_hiragana(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_forms_and_width() {
        assert_eq!(name_key("㈱ソニー").key, name_key("ソニー株式会社").key);
        assert_eq!(name_key("ＳＯＮＹ　ＣＯ．，ＬＴＤ．").key, "sony");
        assert_eq!(name_key("ソニー").kind, ApplicantKind::Individual);
        assert_eq!(name_key("㈱ソニー").kind, ApplicantKind::Company);
    }

    #[test]
    fn legal_form_only_keeps_text() {
        assert!(!name_key("株式会社").key.is_empty());
        assert!(!name_key("Co., Ltd.").key.is_empty());
    }

    #[test]
    fn address_block_words() {
        assert_eq!(
            address_key("東京都港区1丁目2番3号"),
            address_key("東京都 港区 1-2-3")
        );
    }
}
