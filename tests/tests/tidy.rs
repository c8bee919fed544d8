//! The house's invariants, checked on the source tree (the way rust-analyzer's tidy
//! tests guard its own): the runtime names no platform and no method of any spec, and
//! every file under `generated/src` is generated.

use std::path::{Path, PathBuf};

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_path_buf()
}

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("listing {}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What the runtime must not name: each spec's platform name and title, and the names of
/// its methods that are written in camelCase (`sendMessage`; a one-word name such as
/// `close` is an ordinary word).
fn forbidden_names() -> Vec<String> {
    let mut names = Vec::new();
    for path in std::fs::read_dir(root().join("spec")).expect("spec/").map(|e| e.expect("an entry").path()) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if !name.ends_with(".yaml") || name.ends_with(".overlay.yaml") {
            continue;
        }
        let api = codegen::resolve::load(&path).unwrap_or_else(|e| panic!("{e}"));
        names.push(api.platform.name.clone());
        names.extend(api.platform.title.split_whitespace().map(str::to_ascii_lowercase));
        names.extend(
            api.methods.iter().map(|m| m.name.clone()).filter(|n| n.chars().any(|c| c.is_ascii_uppercase())),
        );
    }
    // Words of titles that are no platform's own ("Telegram Gateway API": "API").
    names.retain(|n| !matches!(n.as_str(), "api" | "bot"));
    names.sort();
    names.dedup();
    names
}

/// The code of a line: without its `//` comment (doc comments and examples included).
fn code_of(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") {
        return "";
    }
    // A `//` inside a string ("https://…") is not a comment; a crude split is enough for
    // the runtime's own code, and errs towards reading more.
    line
}

/// Each `(line number, name)` of `text` whose code names one of `names` as a whole word:
/// a platform's name in any case (`Potato`, `POTATO`), a method's as written (`sendMessage`,
/// not the trait item `GetUpdates`).
fn named_in(text: &str, names: &[String]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        for name in names {
            let method = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && name.chars().any(|c| c.is_ascii_uppercase());
            let (code, lower) = if method {
                (code_of(line).to_owned(), name.clone())
            } else {
                (code_of(line).to_ascii_lowercase(), name.to_ascii_lowercase())
            };
            let mut start = 0;
            while let Some(at) = code[start..].find(&lower) {
                let begin = start + at;
                let end = begin + lower.len();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                if !word(code[..begin].chars().next_back()) && !word(code[end..].chars().next()) {
                    found.push((number + 1, name.clone()));
                }
                start = end;
            }
        }
    }
    found
}

#[test]
fn the_runtime_names_no_platform_and_no_method() {
    let names = forbidden_names();
    assert!(names.iter().any(|n| n == "telegram") && names.iter().any(|n| n == "sendMessage"), "{names:?}");
    let runtime = root().join("runtime/src");
    let mut violations = Vec::new();
    for file in rust_files(&runtime) {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (line, name) in named_in(&text, &names) {
            violations.push(format!(
                "{}:{line}: names `{name}`",
                file.strip_prefix(root()).unwrap_or(&file).display()
            ));
        }
    }
    assert!(
        violations.is_empty(),
        "the runtime names platforms or methods (they belong in the spec or the generated code):\n{}",
        violations.join("\n")
    );
}

#[test]
fn a_planted_platform_or_method_name_is_found() {
    let names = forbidden_names();
    let planted = "fn ok() {}\n    if platform == \"potato\" { x }\n/// Potato in a doc comment is fine\nlet m = \"sendMessage\";\nlet potatoes = 1;\n";
    let found = named_in(planted, &names);
    assert_eq!(found, [(2, "potato".to_owned()), (4, "sendMessage".to_owned())]);
    assert_eq!(named_in("Client::<Telegram>::new(t)", &names), [(1, "telegram".to_owned())], "any case");
    assert_eq!(named_in("type GetUpdates: Request<Self>;", &names), [], "a method's name as written");
}

#[test]
fn every_file_under_generated_src_is_generated() {
    let files = rust_files(&root().join("generated/src"));
    assert!(files.iter().any(|f| f.ends_with("lib.rs")), "lib.rs is among them");
    let hand_written: Vec<String> = files
        .iter()
        .filter(|f| !std::fs::read_to_string(f).is_ok_and(|t| t.starts_with("// @generated")))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        hand_written.is_empty(),
        "files under generated/src without the @generated header: {hand_written:?}"
    );
    let manifest =
        std::fs::read_to_string(root().join("generated/Cargo.toml")).expect("generated/Cargo.toml");
    assert!(manifest.starts_with("# @generated"), "generated/Cargo.toml is generated too");
}

#[test]
fn docs_rs_documents_every_feature() {
    let manifest =
        std::fs::read_to_string(root().join("generated/Cargo.toml")).expect("generated/Cargo.toml");
    let section = |name: &str| -> Vec<String> {
        let start = manifest.find(&format!("\n[{name}]\n")).unwrap_or_else(|| panic!("no [{name}]"));
        manifest[start + name.len() + 4..]
            .lines()
            .take_while(|line| !line.starts_with('['))
            .map(str::to_owned)
            .collect()
    };
    let features: Vec<String> = section("features")
        .iter()
        .filter(|line| !line.starts_with('#') && line.contains(" = "))
        .filter_map(|line| line.split(" = ").next().map(str::to_owned))
        .collect();
    let docs_rs = section("package.metadata.docs.rs").join("\n");
    let missing: Vec<&String> = features
        .iter()
        .filter(|f| !matches!(f.as_str(), "default" | "rustls" | "native-tls"))
        .filter(|f| !docs_rs.contains(&format!("\"{f}\"")))
        .collect();
    assert!(features.len() > 8, "{features:?}");
    assert!(missing.is_empty(), "features docs.rs does not build with: {missing:?}");
}
