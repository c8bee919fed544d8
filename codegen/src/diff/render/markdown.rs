//! The Markdown report: a summary table, then one section per group with a list per
//! side and a heading per item that differs.

use std::fmt::Write;

use super::words::{self, Style};
use crate::diff::semver::{Impact, Semver};
use crate::diff::{Change, Code, CodeSection, Item, Report, Section, Side};

/// Names and values as code spans.
struct Markdown;

impl Style for Markdown {
    fn code(&self, text: &str) -> String {
        code(text)
    }
}

/// A code span holding `text`, with a fence longer than any run of backticks in it.
pub(crate) fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{text}{fence}")
    } else {
        format!("{fence} {text} {fence}")
    }
}

/// Per method both platforms have, whether a family trait covers it on each side.
fn family(out: &mut String, report: &Report) {
    // Nothing to say when no method of either side is a family method's.
    if !report.family.iter().any(|row| row.in_family()) {
        return;
    }
    out.push_str("\n## Family traits\n\nPer method both platforms have, whether a trait of `tgfamily::family` covers it on each side.\n\n");
    for row in report.family.iter().filter(|row| row.in_family()) {
        let _ = writeln!(out, "- {}", crate::diff::family::words(row, report.labels(), code));
    }
    let outside = crate::diff::family::outside(&report.family);
    if !outside.is_empty() {
        let names: Vec<String> = outside.iter().map(|name| code(name)).collect();
        let _ = writeln!(out, "- no family trait ({}): {}", outside.len(), names.join(", "));
    }
}

/// The Markdown report.
pub(super) fn render(report: &Report) -> String {
    let [a, b] = report.labels();
    let mut out = format!("# {a} → {b}\n\n");
    let _ = writeln!(out, "Comparing {} with {}.\n", side(&report.a), side(&report.b));
    if words::has_versions(report) {
        let _ = writeln!(out, "Versions: {} → {}.\n", words::version(&report.a), words::version(&report.b));
    }
    if report.is_empty() {
        out.push_str("No differences.\n");
        return out;
    }
    let _ = writeln!(out, "| | only in {a} | only in {b} | differ |\n| --- | ---: | ---: | ---: |");
    for (name, counts) in words::groups(report) {
        let _ =
            writeln!(out, "| {name} | {} | {} | {} |", counts.only_in_a, counts.only_in_b, counts.changed);
    }
    if words::neighbours(report) {
        neighbours(&mut out, report);
        return out;
    }
    if !report.platform.is_empty() {
        out.push_str("\n## Platform\n\n");
        changes(&mut out, &report.platform);
    }
    let semver = Semver::of_revisions(report);
    if let Some(semver) = &semver {
        let _ = writeln!(out, "\n**Rust API**: {}.", words::semver_summary(semver));
    }
    section(&mut out, "Methods", &report.methods, report);
    section(&mut out, "Types", &report.types, report);
    codes(&mut out, &report.error_codes, report);
    family(&mut out, report);
    if let Some(semver) = &semver {
        rust_api(&mut out, semver);
    }
    out
}

/// Two platforms that share little: how little, the interface and platform differences,
/// each group's unshared names in one list item per side, and the shared items that differ.
fn neighbours(out: &mut String, report: &Report) {
    let _ = writeln!(out, "\n**Little in common**: {}.", words::overlap(report));
    let (interface, platform): (Vec<Change>, Vec<Change>) =
        report.platform.iter().cloned().partition(words::is_interface);
    for (name, list) in [("Interface", interface), ("Platform", platform)] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n## {name}\n");
            changes(out, &list);
        }
    }
    let items = |items: &[Item]| items.iter().map(|item| code(&item.name)).collect::<Vec<_>>();
    let codes =
        |codes: &[Code]| codes.iter().map(|c| format!("{} {}", c.code, code(&c.name))).collect::<Vec<_>>();
    let groups = [
        ("Methods", [items(&report.methods.only_in_a), items(&report.methods.only_in_b)]),
        ("Types", [items(&report.types.only_in_a), items(&report.types.only_in_b)]),
        ("Error codes", [codes(&report.error_codes.only_in_a), codes(&report.error_codes.only_in_b)]),
    ];
    out.push_str("\n## Not shared\n\n");
    for (what, sides) in groups {
        for (label, names) in report.labels().into_iter().zip(sides) {
            if !names.is_empty() {
                let _ =
                    writeln!(out, "- {what} only in {label} ({}): {}", names.len(), words::name_line(&names));
            }
        }
    }
    let changed = report.methods.changed.iter().chain(&report.types.changed);
    differ(out, changed.map(|p| (words::pair(p, &Markdown), p.changes.as_slice())).collect());
    differ(
        out,
        report.error_codes.changed.iter().map(|c| (c.code.to_string(), c.changes.as_slice())).collect(),
    );
}

/// `## Rust API`: the breaking and the additive changes.
fn rust_api(out: &mut String, semver: &Semver) {
    if semver.breaking + semver.additive == 0 {
        return;
    }
    out.push_str("\n## Rust API\n");
    for (impact, name) in [(Impact::Breaking, "Breaking"), (Impact::Additive, "Additive")] {
        let entries: Vec<_> = semver.changes.iter().filter(|e| e.impact == impact).collect();
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {name} ({})\n", entries.len());
        for entry in entries {
            let (sign, line) = words::entry(entry, &Markdown);
            let verb = match sign {
                '-' => "removed: ",
                '+' => "added: ",
                _ => "",
            };
            let _ = writeln!(out, "- {verb}{line}");
        }
    }
}

/// `` `spec/potato.yaml` (Potato) ``.
fn side(side: &Side) -> String {
    format!("{} ({})", code(&side.source), side.title)
}

fn section(out: &mut String, name: &str, section: &Section, report: &Report) {
    if section.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {name}");
    let names = |items: &[Item]| {
        items.iter().map(|i| format!("{}{}", code(&i.name), words::kind_suffix(i.kind))).collect()
    };
    only_in(out, report, [names(&section.only_in_a), names(&section.only_in_b)]);
    differ(out, section.changed.iter().map(|p| (words::pair(p, &Markdown), p.changes.as_slice())).collect());
}

fn codes(out: &mut String, codes: &CodeSection, report: &Report) {
    if codes.is_empty() {
        return;
    }
    out.push_str("\n## Error codes\n");
    let names = |codes: &[Code]| codes.iter().map(|c| format!("{} {}", c.code, code(&c.name))).collect();
    only_in(out, report, [names(&codes.only_in_a), names(&codes.only_in_b)]);
    differ(out, codes.changed.iter().map(|c| (c.code.to_string(), c.changes.as_slice())).collect());
}

/// `### Only in <platform> (n)` and its list, for each side.
fn only_in(out: &mut String, report: &Report, lines: [Vec<String>; 2]) {
    for (platform, lines) in report.labels().into_iter().zip(lines) {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n### Only in {platform} ({})\n", lines.len());
            for line in lines {
                let _ = writeln!(out, "- {line}");
            }
        }
    }
}

/// `### That differ (n)`, a heading per item and its changes.
fn differ(out: &mut String, items: Vec<(String, &[Change])>) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### That differ ({})", items.len());
    for (heading, list) in items {
        let _ = writeln!(out, "\n#### {heading}\n");
        if list.is_empty() {
            out.push_str("- only the name\n");
        }
        changes(out, list);
    }
}

fn changes(out: &mut String, changes: &[Change]) {
    for change in changes {
        let verb = match change {
            Change::Removed { .. } => "removed ",
            Change::Added { .. } => "added ",
            Change::Property { .. } | Change::Changed { .. } => "",
        };
        let _ = writeln!(out, "- {verb}{}", words::change(change, &Markdown));
    }
}
