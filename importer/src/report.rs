//! The importer's report: what it wrote, and what it could not settle.

use std::fmt::Write as _;

use super::build::Import;

/// Counts of an import, and the unions left untagged.
pub fn report(import: &Import) -> String {
    let spec = &import.spec;
    let tagged = spec.unions.iter().filter(|u| u.tag.is_some()).count();
    let untagged: Vec<&str> =
        spec.unions.iter().filter(|u| u.tag.is_none()).map(|u| u.name.value.as_str()).collect();
    let params: usize = spec.methods.iter().map(|m| m.params.len()).sum();
    let fields: usize = spec.objects.iter().map(|o| o.fields.len()).sum();
    let mut text = format!(
        "{} methods ({params} params), {} objects ({fields} fields), {} unions ({tagged} tagged, {} untagged), {} enums, {} error codes\n",
        spec.methods.len(),
        spec.objects.len(),
        spec.unions.len(),
        untagged.len(),
        spec.enums.len(),
        spec.error_codes.len(),
    );
    if !untagged.is_empty() {
        let _ = writeln!(text, "untagged unions: {}", untagged.join(", "));
    }
    for warning in &import.warnings {
        let _ = writeln!(text, "warning: {}: {}", warning.item, warning.message);
    }
    text
}
