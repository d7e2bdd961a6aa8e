//! The goods relation: how close the goods and services of two marks are.
//!
//! Japanese and Chinese examination both judge similarity of goods through similar groups
//! (Japan: 類似群コード, China: 类似群), not Nice classes alone. markwatch uses the finest
//! evidence both sides carry:
//!
//! | relation | when |
//! |---|---|
//! | [`GoodsRelation::All`] | the target designates no classes (a watched name protected for all goods) |
//! | [`GoodsRelation::Strong`] | a shared Japanese similar-group code, a shared Chinese similar group, or — when neither side carries group codes for that class — a shared Nice class |
//! | [`GoodsRelation::Medium`] | classes related in trade (table [`RELATED_CLASSES`]), or a shared class whose group codes differ |
//! | [`GoodsRelation::Weak`] | nothing of the above |
//!
//! A filing without classes is treated as covering all goods too (nothing narrows it).
//!
//! The factor a screening score is multiplied by ([`GoodsMatch::factor`]) is the relation's,
//! except that unrelated goods count less against a geographical indication
//! ([`GI_UNRELATED_FACTOR`]).

use std::fmt::Write as _;

use serde::Serialize;

use crate::{GoodsClass, NiceClass};

/// How close two sets of goods are. Ordered from closest to farthest, `All` first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoodsRelation {
    /// One side covers all goods.
    All,
    /// Same goods in the examiners' sense.
    Strong,
    /// Related goods (complementary, same trade channels).
    Medium,
    /// Unrelated goods.
    Weak,
}

impl GoodsRelation {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            GoodsRelation::All => "all",
            GoodsRelation::Strong => "strong",
            GoodsRelation::Medium => "medium",
            GoodsRelation::Weak => "weak",
        }
    }

    /// The factor a screening score is multiplied by: 1.0 for `All` and `Strong`, 0.9 for
    /// `Medium`, 0.85 for `Weak`. Unrelated goods lower a finding without removing a close
    /// copy (mark similarity about 0.83 or more at the default threshold), since bad-faith
    /// filers copy well-known marks and place names into any class.
    pub fn factor(self) -> f32 {
        match self {
            GoodsRelation::All | GoodsRelation::Strong => 1.0,
            GoodsRelation::Medium => 0.9,
            GoodsRelation::Weak => 0.85,
        }
    }
}

/// What [`GoodsRelation::Weak`] counts for against a geographical indication instead of
/// 0.85: a GI protects the name for its product (CN Art. 16 and JP Art. 4(1)(xvi) turn on
/// goods misleading as to origin or quality, JP Art. 4(1)(xvii) on wines and spirits), so a
/// mark naming the GI's region for unrelated goods (a 松坂屋 store against 松阪牛 beef) is no
/// GI conflict, while a brand or a place name is copied into any class.
pub const GI_UNRELATED_FACTOR: f32 = 0.6;

impl GoodsMatch {
    /// The goods factor against a target: [`GoodsRelation::factor`], with unrelated goods at
    /// [`GI_UNRELATED_FACTOR`] when the target is a geographical indication (`gi`).
    pub fn factor(&self, gi: bool) -> f32 {
        match self.relation {
            GoodsRelation::Weak if gi => GI_UNRELATED_FACTOR,
            r => r.factor(),
        }
    }

    /// The goods leaf's detail in an explanation: `relation: why`, and the GI rule when it
    /// applied.
    pub fn detail(&self, gi: bool) -> String {
        let mut d = format!("{}: {}", self.relation.as_str(), self.explanation);
        if gi && self.relation == GoodsRelation::Weak {
            d.push_str("; a geographical indication protects its own goods");
        }
        d
    }
}

/// Pairs of Nice classes related in trade, each listed once (smaller first).
///
/// Foods and drinks 29–33 among themselves; restaurants and catering (43) with foods and
/// drinks 29–33; cosmetics (3) with pharmaceuticals (5); software goods (9) with software
/// services (42); clothing (25) with leather goods (18) and jewellery (14); beers (32) with
/// wines and spirits (33) already fall under the foods group; leather goods (18) with
/// jewellery (14). Retail services (35) relate to nothing by class alone (they are judged by
/// the goods sold, which classes do not show).
pub const RELATED_CLASSES: &[(u8, u8)] = &[
    (29, 30),
    (29, 31),
    (29, 32),
    (29, 33),
    (30, 31),
    (30, 32),
    (30, 33),
    (31, 32),
    (31, 33),
    (32, 33),
    (29, 43),
    (30, 43),
    (31, 43),
    (32, 43),
    (33, 43),
    (3, 5),
    (9, 42),
    (14, 25),
    (18, 25),
    (14, 18),
];

/// True if and only if classes `a` and `b` are listed as related in [`RELATED_CLASSES`].
pub fn classes_related(a: NiceClass, b: NiceClass) -> bool {
    let (x, y) = if a.get() <= b.get() {
        (a.get(), b.get())
    } else {
        (b.get(), a.get())
    };
    RELATED_CLASSES
        .iter()
        .any(|&(p, q)| (p.min(q), p.max(q)) == (x, y))
}

/// The relation between two sets of goods with the evidence that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoodsMatch {
    /// The relation.
    pub relation: GoodsRelation,
    /// Why, in one line (`class 30 shared`, `JP similar group 32F01 shared`).
    pub explanation: String,
}

/// Relates the goods of a filing to those of a target (earlier mark or watched name).
///
/// The closest evidence wins: see the module table. Symmetric in the sense that swapping
/// sides gives the same relation, except that an empty `target` means "all goods" while an
/// empty `filing` means "goods unknown" (also `All`).
pub fn relate(filing: &[GoodsClass], target: &[GoodsClass]) -> GoodsMatch {
    if target.is_empty() {
        return GoodsMatch {
            relation: GoodsRelation::All,
            explanation: "the target is protected for all goods and services".into(),
        };
    }
    if filing.is_empty() {
        return GoodsMatch {
            relation: GoodsRelation::All,
            explanation: "the filing designates no classes".into(),
        };
    }
    let mut shared_class_groups_differ = None;
    for f in filing {
        for t in target.iter().filter(|t| t.class == f.class) {
            if let Some(g) = f.jp_groups.iter().find(|g| t.jp_groups.contains(g)) {
                return strong(format!("class {}: JP similar group {g} shared", f.class));
            }
            if let Some(g) = f.cn_groups.iter().find(|g| t.cn_groups.contains(g)) {
                return strong(format!("class {}: CN similar group {g} shared", f.class));
            }
            let comparable = (!f.jp_groups.is_empty() && !t.jp_groups.is_empty())
                || (!f.cn_groups.is_empty() && !t.cn_groups.is_empty());
            if !comparable {
                return strong(format!("class {} shared", f.class));
            }
            shared_class_groups_differ.get_or_insert(f.class);
        }
    }
    if let Some(c) = shared_class_groups_differ {
        return GoodsMatch {
            relation: GoodsRelation::Medium,
            explanation: format!("class {c} shared, but no similar group in common"),
        };
    }
    for f in filing {
        for t in target {
            if classes_related(f.class, t.class) {
                return GoodsMatch {
                    relation: GoodsRelation::Medium,
                    explanation: format!("class {} related to class {}", f.class, t.class),
                };
            }
        }
    }
    let mut explanation = String::from("classes ");
    join_classes(&mut explanation, filing);
    explanation.push_str(" unrelated to ");
    join_classes(&mut explanation, target);
    GoodsMatch {
        relation: GoodsRelation::Weak,
        explanation,
    }
}

/// [`relate`] for bare class lists (watch-list entries carry no group codes).
pub fn relate_classes(filing: &[GoodsClass], target: &[NiceClass]) -> GoodsMatch {
    let target: Vec<GoodsClass> = target.iter().copied().map(GoodsClass::bare).collect();
    relate(filing, &target)
}

fn strong(explanation: String) -> GoodsMatch {
    GoodsMatch {
        relation: GoodsRelation::Strong,
        explanation,
    }
}

fn join_classes(out: &mut String, classes: &[GoodsClass]) {
    for (i, c) in classes.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        let _ = write!(out, "{}", c.class);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(n: u32) -> GoodsClass {
        GoodsClass::bare(NiceClass::new(n).unwrap())
    }

    fn grouped(n: u32, jp: &[&str], cn: &[&str]) -> GoodsClass {
        GoodsClass {
            class: NiceClass::new(n).unwrap(),
            goods: None,
            jp_groups: jp.iter().map(|s| s.to_string()).collect(),
            cn_groups: cn.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn empty_target_covers_all_goods() {
        assert_eq!(relate(&[class(28)], &[]).relation, GoodsRelation::All);
    }

    #[test]
    fn same_class_or_group_is_strong() {
        assert_eq!(
            relate(&[class(30)], &[class(30)]).relation,
            GoodsRelation::Strong
        );
        let m = relate(
            &[grouped(30, &["29A01"], &[])],
            &[grouped(30, &["29A01", "29B01"], &[])],
        );
        assert_eq!(m.relation, GoodsRelation::Strong);
        assert!(m.explanation.contains("29A01"));
        let m = relate(
            &[grouped(30, &[], &["3002"])],
            &[grouped(30, &[], &["3002"])],
        );
        assert!(m.explanation.contains("CN similar group 3002"));
    }

    #[test]
    fn same_class_different_groups_is_medium() {
        let m = relate(
            &[grouped(30, &["29A01"], &[])],
            &[grouped(30, &["30A01"], &[])],
        );
        assert_eq!(m.relation, GoodsRelation::Medium);
    }

    #[test]
    fn related_classes_are_medium_and_others_weak() {
        assert_eq!(
            relate(&[class(43)], &[class(30)]).relation,
            GoodsRelation::Medium
        );
        assert_eq!(
            relate(&[class(29)], &[class(33)]).relation,
            GoodsRelation::Medium
        );
        assert_eq!(
            relate(&[class(5)], &[class(3)]).relation,
            GoodsRelation::Medium
        );
        let m = relate(&[class(12)], &[class(29), class(30)]);
        assert_eq!(m.relation, GoodsRelation::Weak);
        assert_eq!(m.explanation, "classes 12 unrelated to 29;30");
    }

    #[test]
    fn relation_does_not_depend_on_side_for_classes() {
        for a in 1..=45 {
            for b in [3, 9, 25, 30, 43] {
                let x = relate(&[class(a)], &[class(b)]).relation;
                let y = relate(&[class(b)], &[class(a)]).relation;
                assert_eq!(x, y, "{a} vs {b}");
            }
        }
    }
}
