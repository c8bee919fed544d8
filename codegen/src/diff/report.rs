//! The report model: what differs between two APIs, grouped and sorted, ready to render.
//!
//! Every list is sorted (names alphabetically, error codes numerically) and every change
//! of one item is in a fixed order (see [`Change::rank`]), so that a report is the same
//! for the same two specs. The JSON format serialises this model as it is (see
//! `docs/diff.md`).

use serde::Serialize;

/// Everything that differs between side A and side B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The first API.
    pub a: Side,
    /// The second API.
    pub b: Side,
    /// Platform settings that differ (only [`Change::Property`]).
    pub platform: Vec<Change>,
    /// Methods.
    pub methods: Section,
    /// Objects, unions and enums (the unions made for inline `X or Y` expressions are not
    /// types of their own here: they are compared as the expressions they stand for).
    pub types: Section,
    /// Error codes.
    pub error_codes: CodeSection,
    /// How many methods and types the two sides share (lined up by name or link, changed
    /// or not): what tells a family member from an API that only lives beside it. Not in
    /// the JSON format, which lists every item.
    #[serde(skip)]
    pub shared: Shared,
    /// Between two platforms: per method both have, whether a family trait covers it on
    /// each side (empty for two revisions of one spec). Not a difference: it does not make
    /// the report non-empty.
    pub family: Vec<super::family::FamilyRow>,
}

/// How many items both sides have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shared {
    /// Methods both sides have.
    pub methods: usize,
    /// Types both sides have.
    pub types: usize,
}

impl Shared {
    /// The shared items as a share of the smaller side's items, in whole percent
    /// (rounded down; 100 when the smaller side has none).
    pub fn percent_of_smaller(&self, report: &Report) -> usize {
        let shared = self.methods + self.types;
        let a = report.methods.only_in_a.len() + report.types.only_in_a.len() + shared;
        let b = report.methods.only_in_b.len() + report.types.only_in_b.len() + shared;
        (shared * 100).checked_div(a.min(b)).unwrap_or(100)
    }
}

impl Report {
    /// Whether the two APIs are the same in every compared respect.
    pub fn is_empty(&self) -> bool {
        self.platform.is_empty()
            && self.methods.is_empty()
            && self.types.is_empty()
            && self.error_codes.is_empty()
    }

    /// Names where each side came from (a platform name, a path, `rev:path`), replacing
    /// the platform names [`crate::diff::diff`] puts there.
    pub fn with_sources(mut self, a: impl Into<String>, b: impl Into<String>) -> Report {
        self.a.source = a.into();
        self.b.source = b.into();
        self
    }

    /// The documents' versions and release dates of each side (`platform.version` and
    /// `platform.released` of the specs, which the API does not carry).
    pub fn with_versions(mut self, a: [Option<String>; 2], b: [Option<String>; 2]) -> Report {
        [self.a.version, self.a.released] = a;
        [self.b.version, self.b.released] = b;
        self
    }

    /// Short names of the sides for headings ("only in potato"): the platform names, or
    /// the sources when both sides are one platform, or `A` and `B` when those are the
    /// same too.
    pub fn labels(&self) -> [&str; 2] {
        if self.a.platform != self.b.platform {
            [&self.a.platform, &self.b.platform]
        } else if self.a.source != self.b.source {
            [&self.a.source, &self.b.source]
        } else {
            ["A", "B"]
        }
    }

    /// How many items differ, per group.
    pub fn summary(&self) -> Summary {
        Summary {
            platform: self.platform.len(),
            methods: self.methods.counts(),
            types: self.types.counts(),
            error_codes: Counts {
                only_in_a: self.error_codes.only_in_a.len(),
                only_in_b: self.error_codes.only_in_b.len(),
                changed: self.error_codes.changed.len(),
            },
        }
    }
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// The platform's name (`potato`).
    pub platform: String,
    /// The platform's human name (`Potato`).
    pub title: String,
    /// Where the spec came from; the platform name unless set by [`Report::with_sources`].
    pub source: String,
    /// The document's version the spec was made from (`10.2`), when the spec says.
    pub version: Option<String>,
    /// When that version was released, in the document's words, when the spec says.
    pub released: Option<String>,
}

/// Methods or types: those on one side only, and the pairs that differ.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Items only side A has, by name.
    pub only_in_a: Vec<Item>,
    /// Items only side B has, by name.
    pub only_in_b: Vec<Item>,
    /// Items both sides have that differ (or are named differently), by A's name.
    pub changed: Vec<Pair>,
}

impl Section {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.only_in_a.is_empty() && self.only_in_b.is_empty() && self.changed.is_empty()
    }

    fn counts(&self) -> Counts {
        Counts {
            only_in_a: self.only_in_a.len(),
            only_in_b: self.only_in_b.len(),
            changed: self.changed.len(),
        }
    }
}

/// A method or type on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: ItemKind,
}

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A method.
    Method,
    /// An object.
    Object,
    /// A one-of type.
    Union,
    /// An enumeration.
    Enum,
}

/// A method or type both sides have, and how it differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    /// Its name on side A.
    pub a: String,
    /// Its name on side B.
    pub b: String,
    /// What it is on side A (a change of kind is a [`Property::Kind`] change).
    pub kind: ItemKind,
    /// How the two were lined up.
    pub matched_by: MatchedBy,
    /// The differences, in [`Change::rank`] order; empty for a pair lined up by a link
    /// that differs only in name.
    pub changes: Vec<Change>,
}

/// How two items were lined up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// They have the same name.
    Name,
    /// A cross-platform link (`links:` in either spec) says they are the same.
    Link,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A property of the item itself differs.
    Property {
        /// Which property.
        property: Property,
        /// Its value on side A (`None`: absent).
        a: Option<String>,
        /// Its value on side B (`None`: absent).
        b: Option<String>,
    },
    /// A member only side A has.
    Removed {
        /// What kind of member.
        member: Member,
        /// The member's name (a variant's type, an enum value as JSON).
        name: String,
        /// What it is on side A, in words (see `docs/diff.md`).
        summary: String,
    },
    /// A member only side B has.
    Added {
        /// What kind of member.
        member: Member,
        /// The member's name (a variant's type, an enum value as JSON).
        name: String,
        /// What it is on side B, in words (see `docs/diff.md`).
        summary: String,
    },
    /// A member both sides have, with a property that differs.
    Changed {
        /// What kind of member.
        member: Member,
        /// The member's name.
        name: String,
        /// Which property.
        property: Property,
        /// Its value on side A (`None`: absent).
        a: Option<String>,
        /// Its value on side B (`None`: absent).
        b: Option<String>,
    },
}

impl Change {
    /// A change of the item's own `property`.
    pub fn property(property: Property, a: Option<String>, b: Option<String>) -> Change {
        Change::Property { property, a, b }
    }

    /// The order of changes within an item: its own properties (in the order compared),
    /// then removed, added and changed members, each by member name.
    pub fn rank(&self) -> (u8, &str) {
        match self {
            Change::Property { .. } => (0, ""),
            Change::Removed { name, .. } => (1, name),
            Change::Added { name, .. } => (2, name),
            Change::Changed { name, .. } => (3, name),
        }
    }
}

/// What kind of member a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Member {
    /// A method's parameter.
    Parameter,
    /// An object's field.
    Field,
    /// A union's variant.
    Variant,
    /// An enum's value.
    Value,
}

/// A property that can differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Property {
    /// The platform's default base URL.
    BaseUrl,
    /// The request URL template.
    UrlTemplate,
    /// The file download URL template.
    FileUrlTemplate,
    /// Whether method names are case sensitive.
    CaseSensitiveMethods,
    /// The accepted request encodings.
    Encodings,
    /// Where the token travels (`auth`).
    Auth,
    /// How failed calls name their error (`error_shape`).
    ErrorShape,
    /// Whether the platform has updates.
    Updates,
    /// The payloads the platform sends outside the update stream (`callbacks`).
    Callbacks,
    /// A method's URL segment.
    Path,
    /// A method's HTTP verb.
    Verb,
    /// A method's return type.
    Returns,
    /// What a type is: `object`, `union`, `integer enum` or `string enum`.
    Kind,
    /// A union's tag field, or a variant's tag value.
    Tag,
    /// A parameter's or field's type.
    Type,
    /// Whether a parameter or field is required.
    Required,
    /// The type the document gives a parameter or field, where the spec refines it
    /// (`doc_type`): a change of the document under a correction.
    DocType,
    /// A field's constant value.
    Const,
    /// An enum value's or error code's name.
    Name,
    /// A description: an error code's (always compared), or, when asked for, a method's,
    /// type's, parameter's or field's.
    Description,
    /// Whether an error code is a rate limit.
    RateLimit,
}

/// Error codes on one side only, and the codes that differ.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CodeSection {
    /// Codes only side A has.
    pub only_in_a: Vec<Code>,
    /// Codes only side B has.
    pub only_in_b: Vec<Code>,
    /// Codes both have that differ.
    pub changed: Vec<CodeChange>,
}

impl CodeSection {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.only_in_a.is_empty() && self.only_in_b.is_empty() && self.changed.is_empty()
    }
}

/// An error code on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Code {
    /// The number.
    pub code: i64,
    /// Its name.
    pub name: String,
    /// What it means.
    pub description: Option<String>,
}

/// An error code both sides have, and how it differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeChange {
    /// The number.
    pub code: i64,
    /// The differences (only [`Change::Property`]: name, description, rate limit).
    pub changes: Vec<Change>,
}

/// How many items differ, per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Platform settings that differ.
    pub platform: usize,
    /// Methods.
    pub methods: Counts,
    /// Types.
    pub types: Counts,
    /// Error codes.
    pub error_codes: Counts,
}

/// Counts of one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Only on side A.
    pub only_in_a: usize,
    /// Only on side B.
    pub only_in_b: usize,
    /// On both sides, differing.
    pub changed: usize,
}
