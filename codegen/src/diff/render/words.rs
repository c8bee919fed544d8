//! The words the text and Markdown reports share: how a change reads.

use crate::diff::semver::{Bump, Entry, Semver, What};
use crate::diff::{Change, Counts, ItemKind, Member, Pair, Property, Report, Side};

/// How names and values are set in a format.
pub(super) trait Style {
    /// A name or a value of the spec (`sendMessage`, `Integer or String`).
    fn code(&self, text: &str) -> String;

    /// A property's value; `None` means absent.
    fn value(&self, property: Property, value: Option<&str>) -> String {
        match (value, property) {
            (None, _) => "(none)".to_owned(),
            (Some(text), Property::Description) => format!("\"{}\"", one_line(text)),
            // These values are the report's words, not the spec's.
            (
                Some(text),
                Property::Required
                | Property::Kind
                | Property::RateLimit
                | Property::CaseSensitiveMethods
                | Property::Auth
                | Property::ErrorShape
                | Property::Updates
                | Property::Callbacks,
            ) => text.to_owned(),
            (Some(text), _) => self.code(text),
        }
    }
}

/// How a change reads, without its sign: `verb: GET → POST`,
/// `parameter chat_id: Integer, required`, `parameter chat_id: type Integer → String`.
pub(super) fn change(change: &Change, style: &dyn Style) -> String {
    let arrow = |property: Property, a: &Option<String>, b: &Option<String>| {
        format!("{} → {}", style.value(property, a.as_deref()), style.value(property, b.as_deref()))
    };
    match change {
        Change::Property { property, a, b } => {
            format!("{}: {}", self::property(*property), arrow(*property, a, b))
        }
        Change::Removed { member, name, summary } | Change::Added { member, name, summary } => {
            format!("{} {}: {summary}", self::member(*member), style.code(name))
        }
        Change::Changed { member, name, property, a, b } => {
            // Required-ness reads by its values alone ("required → optional").
            let word = match property {
                Property::Required => String::new(),
                other => format!("{} ", self::property(*other)),
            };
            format!("{} {}: {word}{}", self::member(*member), style.code(name), arrow(*property, a, b))
        }
    }
}

/// How a pair reads: `delWebhook → deleteWebhook (lined up by link)`, or one name.
pub(super) fn pair(pair: &Pair, style: &dyn Style) -> String {
    if pair.a == pair.b {
        style.code(&pair.a)
    } else {
        format!("{} → {} (lined up by link)", style.code(&pair.a), style.code(&pair.b))
    }
}

/// `(object)`, `(union)`, `(enum)`; nothing for methods.
pub(super) fn kind_suffix(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Method => "",
        ItemKind::Object => " (object)",
        ItemKind::Union => " (union)",
        ItemKind::Enum => " (enum)",
    }
}

/// `3 only in potato, 170 only in telegram, 10 changed`.
pub(super) fn counts(counts: &Counts, report: &Report) -> String {
    let [a, b] = report.labels();
    format!("{} only in {a}, {} only in {b}, {} changed", counts.only_in_a, counts.only_in_b, counts.changed)
}

/// The report's groups with their names, for the summary lines.
pub(super) fn groups(report: &Report) -> [(&'static str, Counts); 3] {
    let summary = report.summary();
    [("methods", summary.methods), ("types", summary.types), ("error codes", summary.error_codes)]
}

fn member(member: Member) -> &'static str {
    match member {
        Member::Parameter => "parameter",
        Member::Field => "field",
        Member::Variant => "variant",
        Member::Value => "value",
    }
}

fn property(property: Property) -> &'static str {
    match property {
        Property::BaseUrl => "base URL",
        Property::UrlTemplate => "URL template",
        Property::FileUrlTemplate => "file URL template",
        Property::CaseSensitiveMethods => "method names",
        Property::Encodings => "encodings",
        Property::Auth => "token",
        Property::ErrorShape => "errors",
        Property::Updates => "updates",
        Property::Callbacks => "callbacks",
        Property::Path => "path",
        Property::Verb => "verb",
        Property::Returns => "returns",
        Property::Kind => "kind",
        Property::Tag => "tag",
        Property::Type => "type",
        Property::Required => "required",
        Property::DocType => "document's type",
        Property::Const => "const",
        Property::Name => "name",
        Property::Description => "description",
        Property::RateLimit => "rate limit",
    }
}

/// `text` on one line: line breaks become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `10.1 (June 11, 2026)`, or `(no version)` when the spec does not say.
pub(super) fn version(side: &Side) -> String {
    match (&side.version, &side.released) {
        (Some(version), Some(released)) => format!("{version} ({released})"),
        (Some(version), None) => version.clone(),
        (None, Some(released)) => format!("({released})"),
        (None, None) => "(no version)".to_owned(),
    }
}

/// Whether either side says which version of its document it is.
pub(super) fn has_versions(report: &Report) -> bool {
    [&report.a, &report.b].iter().any(|s| s.version.is_some() || s.released.is_some())
}

/// `2 breaking, 5 additive, 1 other: the release needs a major version (0.y.z: a minor)`.
pub(super) fn semver_summary(semver: &Semver) -> String {
    let needs = match semver.bump {
        Bump::None => "no release needed",
        Bump::Patch => "the release needs a patch version",
        Bump::Minor => "the release needs a minor version (0.y.z: a patch)",
        Bump::Major => "the release needs a major version (0.y.z: a minor)",
    };
    format!("{} breaking, {} additive, {} other: {needs}", semver.breaking, semver.additive, semver.other)
}

/// How a classified change reads, with its sign: `- method leaveGroup`,
/// `~ sendMessage: parameter chat_id: type Integer → String`.
pub(super) fn entry(entry: &Entry, style: &dyn Style) -> (char, String) {
    match &entry.what {
        What::Removed { kind } => ('-', format!("{kind} {}", style.code(&entry.item))),
        What::Added { kind } => ('+', format!("{kind} {}", style.code(&entry.item))),
        What::Changed { change: c } => {
            let sign = match c {
                Change::Removed { .. } => '-',
                Change::Added { .. } => '+',
                Change::Property { .. } | Change::Changed { .. } => '~',
            };
            (sign, format!("{}: {}", style.code(&entry.item), change(c, style)))
        }
    }
}

/// Below this share of the smaller API's methods and types in common, two platforms are
/// neighbours rather than family members (the Gateway API beside a Bot API): the report
/// says how little they share and lists what they do not on one line per group.
const NEIGHBOURS_BELOW_PERCENT: usize = 25;

/// The longest list of names a neighbours' report prints for one group and side.
const NAMES_PER_LINE: usize = 12;

/// Whether `report` compares two platforms that share little (never two revisions).
pub(super) fn neighbours(report: &Report) -> bool {
    report.a.platform != report.b.platform
        && report.shared.percent_of_smaller(report) < NEIGHBOURS_BELOW_PERCENT
}

/// `gateway shares 0 of its 4 methods and 0 of its 5 types with telegram (0 %); telegram
/// has 185 methods and 414 types`: the smaller API first.
pub(super) fn overlap(report: &Report) -> String {
    let [a, b] = report.labels();
    let shared = report.shared;
    let a_side =
        (a, report.methods.only_in_a.len() + shared.methods, report.types.only_in_a.len() + shared.types);
    let b_side =
        (b, report.methods.only_in_b.len() + shared.methods, report.types.only_in_b.len() + shared.types);
    let (small, large) =
        if a_side.1 + a_side.2 <= b_side.1 + b_side.2 { (a_side, b_side) } else { (b_side, a_side) };
    format!(
        "{} shares {} of its {} methods and {} of its {} types with {} ({} %); {} has {} methods and {} types",
        small.0,
        shared.methods,
        small.1,
        shared.types,
        small.2,
        large.0,
        shared.percent_of_smaller(report),
        large.0,
        large.1,
        large.2
    )
}

/// Names on one line: all of them up to [`NAMES_PER_LINE`], else that many and how many
/// more (the JSON format lists every one).
pub(super) fn name_line(names: &[String]) -> String {
    if names.len() <= NAMES_PER_LINE {
        return names.join(", ");
    }
    format!(
        "{}, … and {} more (`--format json` lists all)",
        names[..NAMES_PER_LINE].join(", "),
        names.len() - NAMES_PER_LINE
    )
}

/// Whether a platform change is one of the interface choices (token, errors, updates,
/// callbacks) rather than a URL or encoding setting.
pub(super) fn is_interface(change: &Change) -> bool {
    matches!(
        change,
        Change::Property {
            property: Property::Auth | Property::ErrorShape | Property::Updates | Property::Callbacks,
            ..
        }
    )
}
