//! The porting report's family part: for each method both platforms have (lined up by
//! link or name), whether a family trait (`tgfamily::family`) covers it on each side, so
//! code written against the trait ports unchanged.

use serde::Serialize;

use super::lineup::{line_up, Items};
use crate::emit::family::Family;
use crate::ir::Api;

/// Whether a family trait covers a method on one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Coverage {
    /// The platform implements the trait with this method.
    Covered {
        /// The trait (`SendText`; `Bot` for `getUpdates`, which updates arrive by).
        family_trait: String,
    },
    /// The method lines up with a family method, but the platform does not implement
    /// the trait with it.
    Uncovered {
        /// The trait.
        family_trait: String,
        /// Why not.
        reason: String,
    },
    /// No family method lines up with it.
    Outside,
}

/// A method both sides have, and its coverage on each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyRow {
    /// The method on A.
    pub a: String,
    /// The method on B.
    pub b: String,
    /// Its coverage on A.
    pub on_a: Coverage,
    /// Its coverage on B.
    pub on_b: Coverage,
}

impl FamilyRow {
    /// Whether a family trait lines up with the method on either side.
    pub fn in_family(&self) -> bool {
        self.on_a != Coverage::Outside || self.on_b != Coverage::Outside
    }
}

/// The coverage of `method` on `api` within `family`.
fn coverage(family: &Family<'_>, api: &Api, method: &str) -> Coverage {
    match family.coverage(&api.platform.name, method) {
        None => Coverage::Outside,
        Some(Ok(name)) => Coverage::Covered { family_trait: name.to_owned() },
        Some(Err(reason)) => Coverage::Uncovered {
            family_trait: family.trait_of(&api.platform.name, method).unwrap_or("Bot").to_owned(),
            reason,
        },
    }
}

/// The rows of two platforms' method pairs, sorted by A's name; none when both sides are
/// one platform (two revisions: there is nothing to port).
pub fn rows(a: &Api, b: &Api) -> Vec<FamilyRow> {
    if a.platform.name == b.platform.name {
        return Vec::new();
    }
    let family = Family::of(&[a, b]);
    let lineup = line_up(&Items::methods(a), &Items::methods(b));
    let mut rows: Vec<FamilyRow> = lineup
        .pairs
        .iter()
        .map(|(x, y, _)| FamilyRow {
            a: x.name.clone(),
            b: y.name.clone(),
            on_a: coverage(&family, a, &x.name),
            on_b: coverage(&family, b, &y.name),
        })
        .collect();
    rows.sort_by(|x, y| x.a.cmp(&y.a));
    rows
}

/// A row in words: `sendTextMessage → sendMessage: SendText on both`, or which side lacks
/// the trait and why. `code` writes a name as code.
pub(crate) fn words(row: &FamilyRow, [a, b]: [&str; 2], code: impl Fn(&str) -> String) -> String {
    let names = if row.a == row.b { code(&row.a) } else { format!("{} → {}", code(&row.a), code(&row.b)) };
    let side = |label: &str, coverage: &Coverage| match coverage {
        Coverage::Covered { family_trait } => format!("{} on {label}", code(family_trait)),
        Coverage::Uncovered { family_trait, reason } => {
            format!("not {} on {label} ({reason})", code(family_trait))
        }
        Coverage::Outside => format!("no family trait on {label}"),
    };
    let text = match (&row.on_a, &row.on_b) {
        (Coverage::Covered { family_trait: x }, Coverage::Covered { family_trait: y }) if x == y => {
            format!("{} on both", code(x))
        }
        (on_a, on_b) => format!("{}; {}", side(a, on_a), side(b, on_b)),
    };
    format!("{names}: {text}")
}

/// The methods of the rows no family trait lines up with, as A names them.
pub(crate) fn outside(rows: &[FamilyRow]) -> Vec<&str> {
    rows.iter().filter(|row| !row.in_family()).map(|row| row.a.as_str()).collect()
}
