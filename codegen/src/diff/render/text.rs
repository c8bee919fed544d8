//! The readable text report: one line per difference, signed `-` (only in A), `+` (only
//! in B) or `~` (changed), coloured with ANSI escapes when asked.

use std::fmt::Write;

use super::words::{self, Style};
use crate::diff::semver::{Impact, Semver};
use crate::diff::{Change, Code, CodeSection, Item, Report, Section, Side};

/// Names and values as they are.
struct Plain;

impl Style for Plain {
    fn code(&self, text: &str) -> String {
        text.to_owned()
    }
}

/// ANSI colouring, or none.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn sgr(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn bold(self, text: &str) -> String {
        self.sgr("1", text)
    }

    /// A line signed `-`, `+` or `~`, in red, green or yellow.
    fn signed(self, sign: char, text: &str) -> String {
        let code = match sign {
            '-' => "31",
            '+' => "32",
            _ => "33",
        };
        self.sgr(code, &format!("{sign} {text}"))
    }
}

/// The text report.
pub(super) fn render(report: &Report, colour: bool) -> String {
    let paint = Paint(colour);
    let mut out = String::new();
    let title = format!("{} → {}", side(&report.a), side(&report.b));
    let _ = writeln!(out, "{}", paint.bold(&title));
    if words::has_versions(report) {
        let _ = writeln!(out, "versions: {} → {}", words::version(&report.a), words::version(&report.b));
    }
    if report.is_empty() {
        out.push_str("no differences\n");
        return out;
    }
    if words::neighbours(report) {
        neighbours(&mut out, report, paint);
    } else {
        if !report.platform.is_empty() {
            let _ = writeln!(out, "\n{}", paint.bold("platform"));
            change_lines(&mut out, "  ", &report.platform, paint);
        }
        section(&mut out, "methods", &report.methods, report, paint);
        section(&mut out, "types", &report.types, report, paint);
        codes(&mut out, &report.error_codes, report, paint);
        family(&mut out, report, paint);
    }
    let semver = Semver::of_revisions(report);
    if let Some(semver) = &semver {
        rust_api(&mut out, semver, paint);
    }
    out.push('\n');
    for (name, counts) in words::groups(report) {
        let _ = writeln!(out, "{name}: {}", words::counts(&counts, report));
    }
    if let Some(semver) = &semver {
        let _ = writeln!(out, "Rust API: {}", words::semver_summary(semver));
    }
    out
}

/// Two platforms that share little: how little, the interface and platform differences,
/// then each group's unshared names on one line per side and the shared items that differ.
fn neighbours(out: &mut String, report: &Report, paint: Paint) {
    let _ = writeln!(out, "\n{}: {}", paint.bold("little in common"), words::overlap(report));
    let (interface, platform): (Vec<Change>, Vec<Change>) =
        report.platform.iter().cloned().partition(words::is_interface);
    for (name, changes) in [("interface", interface), ("platform", platform)] {
        if !changes.is_empty() {
            let _ = writeln!(out, "\n{}", paint.bold(name));
            change_lines(out, "  ", &changes, paint);
        }
    }
    let items = |items: &[Item]| items.iter().map(|item| item.name.clone()).collect::<Vec<_>>();
    let codes = |codes: &[Code]| codes.iter().map(|c| format!("{} {}", c.code, c.name)).collect::<Vec<_>>();
    let groups = [
        ("methods", [items(&report.methods.only_in_a), items(&report.methods.only_in_b)]),
        ("types", [items(&report.types.only_in_a), items(&report.types.only_in_b)]),
        ("error codes", [codes(&report.error_codes.only_in_a), codes(&report.error_codes.only_in_b)]),
    ];
    out.push('\n');
    let [a, b] = report.labels();
    for (what, sides) in groups {
        for ((sign, label), names) in [('-', a), ('+', b)].into_iter().zip(sides) {
            if !names.is_empty() {
                let heading = format!("{what} only in {label} ({}):", names.len());
                let _ = writeln!(
                    out,
                    "{}",
                    paint.signed(sign, &format!("{heading} {}", words::name_line(&names)))
                );
            }
        }
    }
    let changed = report.methods.changed.iter().chain(&report.types.changed);
    differ(
        out,
        "shared items",
        changed.map(|p| (words::pair(p, &Plain), p.changes.as_slice())).collect(),
        paint,
    );
    let codes =
        report.error_codes.changed.iter().map(|code| (code.code.to_string(), code.changes.as_slice()));
    differ(out, "error codes", codes.collect(), paint);
}

/// The breaking and the additive changes, each group under its heading.
fn rust_api(out: &mut String, semver: &Semver, paint: Paint) {
    for (impact, name) in [(Impact::Breaking, "breaking"), (Impact::Additive, "additive")] {
        let entries: Vec<_> = semver.changes.iter().filter(|e| e.impact == impact).collect();
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", paint.bold(&format!("Rust API: {name} changes ({})", entries.len())));
        for entry in entries {
            let (sign, line) = words::entry(entry, &Plain);
            let _ = writeln!(out, "  {}", paint.signed(sign, &line));
        }
    }
}

/// Per method both platforms have, whether a family trait covers it on each side.
fn family(out: &mut String, report: &Report, paint: Paint) {
    // Nothing to say when no method of either side is a family method's.
    if !report.family.iter().any(|row| row.in_family()) {
        return;
    }
    let heading = "family traits (tgfamily::family), per method both have";
    let _ = writeln!(out, "\n{}", paint.bold(heading));
    for row in report.family.iter().filter(|row| row.in_family()) {
        let _ = writeln!(out, "  {}", crate::diff::family::words(row, report.labels(), str::to_owned));
    }
    let outside = crate::diff::family::outside(&report.family);
    if !outside.is_empty() {
        let _ = writeln!(out, "  no family trait ({}): {}", outside.len(), outside.join(", "));
    }
}

/// `potato`, or `spec/potato.yaml (potato)` when the source is not the platform's name.
fn side(side: &Side) -> String {
    if side.source == side.platform {
        side.platform.clone()
    } else {
        format!("{} ({})", side.source, side.platform)
    }
}

fn sign(change: &Change) -> char {
    match change {
        Change::Removed { .. } => '-',
        Change::Added { .. } => '+',
        Change::Property { .. } | Change::Changed { .. } => '~',
    }
}

fn section(out: &mut String, name: &str, section: &Section, report: &Report, paint: Paint) {
    let names = |items: &[Item]| -> Vec<String> {
        items.iter().map(|item| format!("{}{}", item.name, words::kind_suffix(item.kind))).collect()
    };
    only_in(out, name, report, [names(&section.only_in_a), names(&section.only_in_b)], paint);
    let changed = section.changed.iter().map(|pair| (words::pair(pair, &Plain), pair.changes.as_slice()));
    differ(out, name, changed.collect(), paint);
}

fn codes(out: &mut String, codes: &CodeSection, report: &Report, paint: Paint) {
    let names =
        |codes: &[Code]| -> Vec<String> { codes.iter().map(|c| format!("{} {}", c.code, c.name)).collect() };
    only_in(out, "error codes", report, [names(&codes.only_in_a), names(&codes.only_in_b)], paint);
    let changed = codes.changed.iter().map(|code| (code.code.to_string(), code.changes.as_slice()));
    differ(out, "error codes", changed.collect(), paint);
}

/// `<what> only in <platform> (n)` and its lines, for each side.
fn only_in(out: &mut String, what: &str, report: &Report, lines: [Vec<String>; 2], paint: Paint) {
    let [a, b] = report.labels();
    let sides = [('-', a), ('+', b)];
    for ((sign, platform), lines) in sides.into_iter().zip(lines) {
        if !lines.is_empty() {
            let _ =
                writeln!(out, "\n{}", paint.bold(&format!("{what} only in {platform} ({})", lines.len())));
            for line in lines {
                let _ = writeln!(out, "  {}", paint.signed(sign, &line));
            }
        }
    }
}

/// `<what> that differ (n)`, each item's heading and its changes.
fn differ(out: &mut String, what: &str, items: Vec<(String, &[Change])>, paint: Paint) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", paint.bold(&format!("{what} that differ ({})", items.len())));
    for (heading, changes) in items {
        let _ = writeln!(out, "  {}", paint.signed('~', &heading));
        change_lines(out, "      ", changes, paint);
    }
}

fn change_lines(out: &mut String, indent: &str, changes: &[Change], paint: Paint) {
    for change in changes {
        let _ = writeln!(out, "{indent}{}", paint.signed(sign(change), &words::change(change, &Plain)));
    }
}
