//! Snapshots of the generator: its output for the fixture spec that uses every construct
//! of the format, and its error report for broken specs (each file has several problems,
//! all reported in one run, each with file:line:col).

use std::path::Path;

use codegen::emit;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

#[test]
fn every_construct_generates_the_pinned_code() {
    let path = fixtures().join("constructs.yaml");
    let api = codegen::resolve::load(&path).unwrap_or_else(|e| panic!("the fixture spec is valid:\n{e}"));
    let files = emit::platform_files(&api, "constructs.yaml", "out").expect("the fixture generates");
    for file in files {
        let name = file.path.trim_start_matches("out/constructs/").replace(".rs", "");
        insta::assert_snapshot!(format!("constructs_{name}"), file.contents);
    }
}

#[test]
fn broken_specs_report_every_problem_with_its_position() {
    let dir = fixtures().join("broken");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("the broken fixtures exist")
        .filter_map(|entry| entry.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "at least ten broken specs, found {}", names.len());
    for name in names {
        let text = std::fs::read_to_string(dir.join(&name)).expect("readable");
        let file = format!("broken/{name}");
        let report = match codegen::spec::load::parse(&file, &text)
            .and_then(|spec| codegen::resolve::resolve(&file, &spec))
        {
            Ok(_) => panic!("{name} should not load"),
            Err(diagnostics) => diagnostics.to_string(),
        };
        for line in report.lines().filter(|l| l.starts_with("error: ")) {
            let position = line.trim_start_matches("error: ").split(": ").next().unwrap_or_default();
            let parts: Vec<&str> = position.split(':').collect();
            assert!(
                parts.len() == 3 && parts[0] == file && parts[1].parse::<u64>().is_ok_and(|l| l > 0),
                "{name}: a problem without file:line:col: {line}"
            );
        }
        insta::assert_snapshot!(format!("broken_{}", name.trim_end_matches(".yaml")), report);
    }
}
