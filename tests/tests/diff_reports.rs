//! `cargo xtask diff` reports: snapshots of the three formats for fixture pairs that cover
//! every kind of difference, text snapshots for every pair of bundled specs, and the
//! properties a report must have (a spec equals itself; links line up names both ways).

use std::path::Path;

use codegen::diff::render::{render, Format};
use codegen::diff::{diff, MatchedBy, Report};
use codegen::ir::Api;

const TEXT: Format = Format::Text { colour: false };
const SPECS: [&str; 3] = ["spec/cloudchat.yaml", "spec/potato.yaml", "spec/telegram.yaml"];

/// The spec at `relative` (to the workspace root), checked.
fn load(relative: &str) -> Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(relative);
    codegen::resolve::load(&path).unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
}

/// The report of `a` against `b`, named by their relative paths.
fn report(a: &str, b: &str) -> Report {
    diff(&load(a), &load(b)).with_sources(a, b)
}

/// Snapshots the fixture pair `tests/fixtures/diff/<case>/{a,b}.yaml` in every format.
fn fixture(case: &str) {
    let report =
        report(&format!("tests/fixtures/diff/{case}/a.yaml"), &format!("tests/fixtures/diff/{case}/b.yaml"));
    assert!(!report.is_empty());
    for (format, name) in [(TEXT, "text"), (Format::Markdown, "markdown"), (Format::Json, "json")] {
        insta::assert_snapshot!(format!("fixture_{case}_{name}"), render(&report, format));
    }
}

#[test]
fn fixture_methods() {
    fixture("methods");
}

#[test]
fn fixture_types() {
    fixture("types");
}

#[test]
fn fixture_errors() {
    fixture("errors");
}

#[test]
fn potato_cloudchat() {
    insta::assert_snapshot!(render(&report("spec/potato.yaml", "spec/cloudchat.yaml"), TEXT));
}

#[test]
fn potato_telegram() {
    insta::assert_snapshot!(render(&report("spec/potato.yaml", "spec/telegram.yaml"), TEXT));
}

#[test]
fn cloudchat_telegram() {
    insta::assert_snapshot!(render(&report("spec/cloudchat.yaml", "spec/telegram.yaml"), TEXT));
}

/// The Gateway API shares almost nothing with a Bot API: the report says so in a summary
/// and lists the unshared names on one line per group and side, in both readable formats.
#[test]
fn gateway_telegram() {
    let report = report("spec/telegram-gateway.yaml", "spec/telegram.yaml");
    insta::assert_snapshot!("gateway_telegram", render(&report, TEXT));
    insta::assert_snapshot!("gateway_telegram_markdown", render(&report, Format::Markdown));
}

/// Only platforms that share little get the short report; the Bot API pairs list every
/// item, and the JSON format always does.
#[test]
fn only_neighbours_get_the_short_report() {
    let spec = |name: &str| format!("spec/{name}.yaml");
    for (a, b) in
        [("telegram-gateway", "telegram"), ("telegram-gateway", "potato"), ("cloudchat", "telegram-gateway")]
    {
        let report = report(&spec(a), &spec(b));
        let text = render(&report, TEXT);
        assert!(text.contains("little in common: "), "{a} → {b}:\n{text}");
        assert!(text.lines().count() < 40, "{a} → {b} is {} lines", text.lines().count());
        let json: serde_json::Value = serde_json::from_str(&render(&report, Format::Json)).expect("JSON");
        let listed = |group: &str, side: &str| json[group][side].as_array().map_or(0, Vec::len);
        let unshared = report.methods.only_in_a.len() + report.methods.only_in_b.len();
        assert_eq!(listed("methods", "only_in_a") + listed("methods", "only_in_b"), unshared);
    }
    for (a, b) in [("potato", "cloudchat"), ("potato", "telegram"), ("cloudchat", "telegram")] {
        let text = render(&report(&spec(a), &spec(b)), TEXT);
        assert!(!text.contains("little in common"), "{a} → {b} shares much");
    }
}

#[test]
fn every_spec_equals_itself() {
    for spec in SPECS {
        let report = report(spec, spec);
        assert!(report.is_empty(), "{spec} differs from itself:\n{}", render(&report, TEXT));
        assert!(render(&report, TEXT).ends_with("no differences\n"));
        let json: serde_json::Value = serde_json::from_str(&render(&report, Format::Json)).expect("JSON");
        assert_eq!(json["equal"], true);
    }
}

#[test]
fn links_line_up_names_both_ways() {
    // Potato's sendTextMessage links to Telegram's sendMessage, and Telegram's
    // getChatMemberCount links back to Potato's getChatMembersCount: either side's link
    // lines the pair up, whichever side is A.
    for (a, b) in [(SPECS[1], SPECS[2]), (SPECS[2], SPECS[1])] {
        let report = report(a, b);
        let linked: Vec<(&str, &str)> = report
            .methods
            .changed
            .iter()
            .filter(|pair| pair.matched_by == MatchedBy::Link)
            .map(|pair| {
                if a == SPECS[1] {
                    (pair.a.as_str(), pair.b.as_str())
                } else {
                    (pair.b.as_str(), pair.a.as_str())
                }
            })
            .collect();
        for expected in [
            ("delWebhook", "deleteWebhook"),
            ("getChatMembersCount", "getChatMemberCount"),
            ("kickChatMember", "banChatMember"),
            ("sendTextMessage", "sendMessage"),
        ] {
            assert!(linked.contains(&expected), "{a} → {b}: {expected:?} not lined up by link: {linked:?}");
        }
    }
}

#[test]
fn swapping_the_sides_swaps_the_report() {
    for a in SPECS {
        for b in SPECS {
            let (forward, backward) = (report(a, b).summary(), report(b, a).summary());
            for (x, y) in [
                (forward.methods, backward.methods),
                (forward.types, backward.types),
                (forward.error_codes, backward.error_codes),
            ] {
                assert_eq!(
                    (x.only_in_a, x.only_in_b, x.changed),
                    (y.only_in_b, y.only_in_a, y.changed),
                    "{a} {b}"
                );
            }
        }
    }
}

#[test]
fn text_is_coloured_only_when_asked() {
    let report = report("tests/fixtures/diff/methods/a.yaml", "tests/fixtures/diff/methods/b.yaml");
    let coloured = render(&report, Format::Text { colour: true });
    assert!(coloured.contains("\x1b[32m+ parameter parse_mode"), "{coloured}");
    assert!(!render(&report, TEXT).contains('\x1b'));
}

#[test]
fn the_platforms_overview_is_read_from_the_specs() {
    let apis: Vec<Api> = SPECS.iter().map(|spec| load(spec)).collect();
    let overview = codegen::diff::platforms::markdown(&apis.iter().collect::<Vec<_>>(), "spec/*.yaml");
    for line in [
        "| method | cloudchat | potato | telegram |",
        "| `deleteWebhook` | ✓ | `delWebhook` | ✓ |",
        "| `kickChatMember` | ✓ | ✓ | `banChatMember` |",
        "| `getGroups` | — | ✓ | — |",
        "| *enum* | `ChatType` (integer enum) | `ChatType` (integer enum) | `ChatType` (string enum) |",
        "| `2` | UserToUser | PeerChat | — |",
        "| request URL | `{base}/{token}/{method}` | `{base}/{token}/{method}` | `{base}/bot{token}/{method}` |",
        "| `chat_type` parameter | `ChatType`, required: 4 methods | `ChatType`, required: 25 methods | — |",
    ] {
        assert!(overview.lines().any(|l| l == line), "missing `{line}` in:\n{overview}");
    }
}

/// The semver fixture's side A.
const SEMVER_A: &str = "tests/fixtures/diff/semver/a.yaml";

/// Side B of the semver fixture: side A with `from` replaced by `to`.
fn semver_pair(from: &str, to: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(SEMVER_A);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.contains(from), "the fixture has `{from}`");
    let changed = text.replacen(from, to, 1);
    let spec = codegen::spec::load::parse("b.yaml", &changed).unwrap_or_else(|d| panic!("{d}"));
    let b = codegen::resolve::resolve("b.yaml", &spec).unwrap_or_else(|d| panic!("{d}"));
    let options = codegen::diff::Options { descriptions: true };
    codegen::diff::diff_with(&load(SEMVER_A), &b, options).with_sources(SEMVER_A, "b.yaml")
}

#[test]
fn each_kind_of_change_is_classified_for_the_rust_api() {
    use codegen::diff::semver::{Bump, Impact, Semver};
    let text_param = "      - { name: text, type: String, required: true }\n";
    let cases = [
        ("a new required parameter", text_param, &*format!("{text_param}      - {{ name: reply_to, type: Integer, required: true }}\n"), Impact::Breaking, Bump::Major),
        ("a type change", "{ name: chat_id, type: Integer, required: true, description: The chat }", "{ name: chat_id, type: Integer or String, required: true, description: The chat }", Impact::Breaking, Bump::Major),
        ("a removed method", "  - name: leaveChat\n    params:\n      - { name: chat_id, type: Integer, required: true }\n    returns: \"True\"\n", "", Impact::Breaking, Bump::Major),
        ("an optional field made required", "{ name: text, type: String }", "{ name: text, type: String, required: true }", Impact::Breaking, Bump::Major),
        ("a new method", "methods:\n", "methods:\n  - name: getMe\n    returns: \"True\"\n", Impact::Additive, Bump::Minor),
        ("a new optional field", "      - { name: text, type: String }\n", "      - { name: text, type: String }\n      - { name: caption, type: String }\n", Impact::Additive, Bump::Minor),
        ("a new optional parameter", text_param, &*format!("{text_param}      - {{ name: silent, type: Boolean }}\n"), Impact::Additive, Bump::Minor),
        ("an enum value", "      - { value: html }\n", "      - { value: html }\n      - { value: markdown }\n", Impact::Additive, Bump::Minor),
        ("a description", "Sends a text.", "Sends a text message.", Impact::Other, Bump::Patch),
        ("the document's type under a refinement", "doc_type: String", "doc_type: Str", Impact::Other, Bump::Patch),
    ];
    for (case, from, to, impact, bump) in cases {
        let report = semver_pair(from, to);
        let semver = Semver::of(&report);
        let impacts: Vec<Impact> = semver.changes.iter().map(|e| e.impact).collect();
        assert_eq!(impacts, vec![impact], "{case}: {:#?}", semver.changes);
        assert_eq!(semver.bump, bump, "{case}");
    }
    let unchanged = semver_pair("Gamma", "Gamma");
    assert_eq!(Semver::of(&unchanged).bump, Bump::None);
}

#[test]
fn the_report_names_versions_and_the_bump() {
    let report = semver_pair(
        "version: \"1.0\"\n  released: \"May 1, 2030\"",
        "version: \"1.1\"\n  released: \"June 2, 2030\"",
    )
    .with_versions(
        [Some("1.0".into()), Some("May 1, 2030".into())],
        [Some("1.1".into()), Some("June 2, 2030".into())],
    );
    let text = render(&report, TEXT);
    assert!(text.contains("versions: 1.0 (May 1, 2030) → 1.1 (June 2, 2030)"), "{text}");
    let report = semver_pair("      - { value: html }\n", "")
        .with_versions([Some("1.0".into()), None], [Some("1.1".into()), None]);
    insta::assert_snapshot!("semver_text", render(&report, TEXT));
    insta::assert_snapshot!("semver_markdown", render(&report, Format::Markdown));
    insta::assert_snapshot!("semver_json", render(&report, Format::Json));
}
