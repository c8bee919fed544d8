//! `cargo xtask codegen [--check]`: spec files in, generated files out (or a diff).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::emit::{self, GeneratedFile};

/// Where the generated crate's sources go, relative to the workspace root.
const GENERATED_SRC: &str = "generated/src";
/// The generator's fixture spec (every construct of the format) and where its bindings
/// go, to be compiled with warnings denied by the integration tests.
const FIXTURE_SPEC: &str = "codegen/tests/fixtures/constructs.yaml";
const FIXTURE_SRC: &str = "tests/src/fixtures";

/// The usage text (`--help`).
pub const USAGE: &str = "usage: cargo xtask codegen [--check]\n\
    writes the generated bindings, docs/platforms.md and the example tests from spec/*.yaml\n\
    --check    write nothing; print a diff and exit 1 when a generated file is stale";

/// Runs `cargo xtask codegen [--check]` in the workspace at `root`.
pub fn run(root: &Path, args: &[String]) -> Result<ExitCode, String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err(USAGE.to_owned()),
    };
    let files = generate_all(root)?;
    let stale: Vec<String> = files
        .iter()
        .filter_map(|file| ensure_file_contents(root, file, check).transpose())
        .collect::<Result<_, _>>()?;
    let orphans = orphaned_files(root, &files)?;
    if check {
        for diff in &stale {
            print!("{diff}");
        }
        for orphan in &orphans {
            println!("{orphan}: generated file no spec produces any more");
        }
        if stale.is_empty() && orphans.is_empty() {
            println!("codegen --check: {} generated files are up to date", files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "codegen --check: {} file(s) differ from what the specs generate; run `cargo xtask codegen`",
            stale.len() + orphans.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    for orphan in &orphans {
        std::fs::remove_file(root.join(orphan)).map_err(|e| format!("cannot remove {orphan}: {e}"))?;
    }
    println!(
        "codegen: {} files generated ({} rewritten, {} removed)",
        files.len(),
        stale.len(),
        orphans.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Every file the bundled specs generate.
pub fn generate_all(root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let specs = spec_files(root)?;
    let mut apis = Vec::new();
    let mut problems = Vec::new();
    for path in &specs {
        let relative = relative(root, path);
        match codegen::spec::load::read(path).and_then(|spec| codegen::resolve::resolve(&relative, &spec)) {
            Ok(api) => apis.push((relative, api)),
            Err(diagnostics) => problems.push(diagnostics.to_string()),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let mut files = Vec::new();
    for (spec_file, api) in &apis {
        files.extend(emit::platform_files(api, spec_file, GENERATED_SRC)?);
        if emit::has_examples(api) {
            let tests = format!("tests/tests/examples_{}.rs", api.platform.name);
            files.push(emit::examples_file(api, spec_file, &tests)?);
        }
    }
    let all: Vec<&codegen::ir::Api> = apis.iter().map(|(_, api)| api).collect();
    files.push(emit::crate_root::lib_file(&all)?);
    files.push(emit::crate_root::manifest_file(&all));
    files.push(emit::family::family_file(&all)?);
    let overview = codegen::diff::platforms::markdown(&all, "spec/*.yaml");
    files.push(GeneratedFile { path: codegen::diff::platforms::PATH.to_owned(), contents: overview });
    let fixture = codegen::resolve::load(&root.join(FIXTURE_SPEC)).map_err(|d| d.to_string())?;
    files.extend(emit::platform_files(&fixture, FIXTURE_SPEC, FIXTURE_SRC)?);
    Ok(files)
}

/// `spec/*.yaml`, without overlays, sorted.
fn spec_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join("spec");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            name.ends_with(".yaml") && !name.ends_with(".overlay.yaml")
        })
        .collect();
    specs.sort();
    Ok(specs)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string().replace('\\', "/")
}

/// Writes `file` when it differs from what is on disk; with `check`, writes nothing and
/// returns the unified diff instead. `None` when the file is up to date, `Some` (the diff
/// with `check`, the path without) when it is not. A diff is only computed when it is
/// printed: on a 60,000-line file it costs more than generating the file.
fn ensure_file_contents(root: &Path, file: &GeneratedFile, check: bool) -> Result<Option<String>, String> {
    let path = root.join(&file.path);
    let current = std::fs::read_to_string(&path).unwrap_or_default().replace("\r\n", "\n");
    if current == file.contents {
        return Ok(None);
    }
    if check {
        return Ok(Some(unified_diff(&file.path, &current, &file.contents)));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Some(file.path.clone()))
}

/// How long one file's diff may take before the differ settles for a coarser (still
/// correct) diff.
const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_secs(1);

/// The unified diff of a stale file, `current` being what is on disk.
fn unified_diff(path: &str, current: &str, generated: &str) -> String {
    similar::TextDiff::configure()
        .deadline(std::time::Instant::now() + DIFF_DEADLINE)
        .diff_lines(current, generated)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Generated files (by their header) in the generated module folders that no spec made.
fn orphaned_files(root: &Path, files: &[GeneratedFile]) -> Result<Vec<String>, String> {
    let mut orphans = Vec::new();
    let mut dirs: Vec<PathBuf> = vec![root.join("tests/tests"), root.join(GENERATED_SRC)];
    for parent in [GENERATED_SRC, FIXTURE_SRC] {
        if let Ok(entries) = std::fs::read_dir(root.join(parent)) {
            dirs.extend(entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()));
        }
    }
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            let name = relative(root, &path);
            let generated =
                std::fs::read_to_string(&path).map(|text| text.starts_with("// @generated")).unwrap_or(false);
            if generated && !files.iter().any(|f| f.path == name) {
                orphans.push(name);
            }
        }
    }
    orphans.sort();
    Ok(orphans)
}
