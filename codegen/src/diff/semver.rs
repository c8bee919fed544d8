//! What a report means for the Rust API generated from the specs: each change is
//! breaking, additive or neither, and the release needs the version bump of the worst.
//!
//! The rules (`docs/diff.md`): a removed method, type, member or error code, a new
//! required parameter or field, and a changed type, required flag, constant, tag, return
//! type, kind or name are breaking; a new method, type, optional parameter or field,
//! variant, enum value or error code is additive; descriptions, the document's types,
//! URLs, verbs, encodings and rate-limit flags change no Rust signature.

use serde::Serialize;

use super::{Change, Item, ItemKind, Member, Pair, Property, Report, Section};

/// What a change does to the Rust API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// No Rust signature changes (documentation, URLs, wire details).
    Other,
    /// Code that compiled still compiles.
    Additive,
    /// Code that compiled may not.
    Breaking,
}

/// The version bump a release with these changes needs (Semantic Versioning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Only changes that touch no Rust signature.
    Patch,
    /// Additions only.
    Minor,
    /// Something breaks.
    Major,
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// What it does to the Rust API.
    pub impact: Impact,
    /// The item it is about: a method or type name (`a → b` for a pair lined up by
    /// link), an error code, or `platform`.
    pub item: String,
    /// The change.
    #[serde(flatten)]
    pub what: What,
}

/// What changed about an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum What {
    /// The whole item is only on side A.
    Removed {
        /// `method`, `object`, `union`, `enum` or `error code`.
        kind: &'static str,
    },
    /// The whole item is only on side B.
    Added {
        /// `method`, `object`, `union`, `enum` or `error code`.
        kind: &'static str,
    },
    /// One change of an item both sides have.
    Changed {
        /// The change, as in the report.
        change: Change,
    },
}

/// Every change of a report, classified, in the report's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Semver {
    /// The bump the release needs.
    pub bump: Bump,
    /// How many changes are breaking.
    pub breaking: usize,
    /// How many are additive.
    pub additive: usize,
    /// How many touch no Rust signature.
    pub other: usize,
    /// The changes.
    pub changes: Vec<Entry>,
}

impl Semver {
    /// The classification of a report comparing two revisions of one platform's spec;
    /// `None` when the sides are different platforms (their bindings are different
    /// modules: no release goes from one to the other).
    pub fn of_revisions(report: &Report) -> Option<Semver> {
        (report.a.platform == report.b.platform).then(|| Semver::of(report))
    }

    /// Classifies every change of `report`.
    pub fn of(report: &Report) -> Semver {
        let mut changes = Vec::new();
        for change in &report.platform {
            changes.push(Entry {
                impact: impact(change),
                item: "platform".to_owned(),
                what: What::Changed { change: change.clone() },
            });
        }
        section(&mut changes, &report.methods);
        section(&mut changes, &report.types);
        let codes = &report.error_codes;
        let kind = "error code";
        for code in &codes.only_in_a {
            changes.push(Entry {
                impact: Impact::Breaking,
                item: code.code.to_string(),
                what: What::Removed { kind },
            });
        }
        for code in &codes.only_in_b {
            changes.push(Entry {
                impact: Impact::Additive,
                item: code.code.to_string(),
                what: What::Added { kind },
            });
        }
        for code in &codes.changed {
            for change in &code.changes {
                changes.push(Entry {
                    impact: impact(change),
                    item: code.code.to_string(),
                    what: What::Changed { change: change.clone() },
                });
            }
        }
        let count = |impact: Impact| changes.iter().filter(|e| e.impact == impact).count();
        let (breaking, additive, other) =
            (count(Impact::Breaking), count(Impact::Additive), count(Impact::Other));
        let bump = match changes.iter().map(|e| e.impact).max() {
            None => Bump::None,
            Some(Impact::Other) => Bump::Patch,
            Some(Impact::Additive) => Bump::Minor,
            Some(Impact::Breaking) => Bump::Major,
        };
        Semver { bump, breaking, additive, other, changes }
    }
}

fn section(changes: &mut Vec<Entry>, section: &Section) {
    for Item { name, kind } in &section.only_in_a {
        changes.push(Entry {
            impact: Impact::Breaking,
            item: name.clone(),
            what: What::Removed { kind: kind_word(*kind) },
        });
    }
    for Item { name, kind } in &section.only_in_b {
        changes.push(Entry {
            impact: Impact::Additive,
            item: name.clone(),
            what: What::Added { kind: kind_word(*kind) },
        });
    }
    for pair in &section.changed {
        for change in &pair.changes {
            changes.push(Entry {
                impact: impact(change),
                item: item(pair),
                what: What::Changed { change: change.clone() },
            });
        }
    }
}

fn item(pair: &Pair) -> String {
    if pair.a == pair.b {
        pair.a.clone()
    } else {
        format!("{} → {}", pair.a, pair.b)
    }
}

fn kind_word(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Method => "method",
        ItemKind::Object => "object",
        ItemKind::Union => "union",
        ItemKind::Enum => "enum",
    }
}

/// What one change of a method, type, error code or the platform does to the Rust API.
pub fn impact(change: &Change) -> Impact {
    match change {
        Change::Property { property, .. } | Change::Changed { property, .. } => property_impact(*property),
        Change::Removed { .. } => Impact::Breaking,
        Change::Added { member: Member::Parameter | Member::Field, summary, .. } => {
            // `<type>, required` is a new positional argument of `new`; a constant is not
            // a field of the Rust struct.
            let required = summary.contains(", required");
            let constant = summary.contains(", always ");
            if required && !constant {
                Impact::Breaking
            } else {
                Impact::Additive
            }
        }
        Change::Added { member: Member::Variant | Member::Value, .. } => Impact::Additive,
    }
}

fn property_impact(property: Property) -> Impact {
    match property {
        Property::Returns
        | Property::Kind
        | Property::Tag
        | Property::Type
        | Property::Required
        | Property::Const
        | Property::Name => Impact::Breaking,
        Property::BaseUrl
        | Property::UrlTemplate
        | Property::FileUrlTemplate
        | Property::CaseSensitiveMethods
        | Property::Encodings
        | Property::Auth
        | Property::ErrorShape
        | Property::Updates
        | Property::Callbacks
        | Property::Path
        | Property::Verb
        | Property::DocType
        | Property::Description
        | Property::RateLimit => Impact::Other,
    }
}
