//! A method section: description, "Parameter / Type / Required / Description" table,
//! return type and notes.

use super::build::{non_empty, spec_type, Index, Warning};
use super::html::{join_blocks, Block, Section, Table};
use super::returns;
use super::typeexpr::TypeExpr;
use codegen::spec::yaml::unplaced;
use codegen::spec::{Field, Links, Method};

/// The header of a method's parameter table.
const PARAMETER_HEADER: [&str; 4] = ["Parameter", "Type", "Required", "Description"];

/// Reads a method section.
pub fn method(section: &Section, index: &Index, warnings: &mut Vec<Warning>) -> Result<Method, String> {
    let name = &section.name;
    let tables: Vec<&Table> = section
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let table_at = section.blocks.iter().position(|b| matches!(b, Block::Table(_)));
    let before_table = &section.blocks[..table_at.unwrap_or(section.blocks.len())];
    let description_blocks: Vec<&Block> =
        before_table.iter().filter(|b| !matches!(b, Block::Quote(_))).collect();
    let description = join_blocks(description_blocks.iter().copied());
    let notes = notes(section, table_at);
    let params = match tables.as_slice() {
        [] if description.contains("Requires no parameters") => Vec::new(),
        [] => {
            return Err(format!(
                "method `{name}`: expected a Parameter/Type/Required/Description table or \"Requires no parameters\""
            ))
        }
        [table] => params(name, table, warnings)?,
        _ => return Err(format!("method `{name}`: expected one parameter table, found {}", tables.len())),
    };
    let paragraphs: Vec<_> = description_blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(rich) => Some(rich),
            _ => None,
        })
        .collect();
    let returns = returns::derive(&paragraphs, index).ok_or_else(|| {
        format!(
            "method `{name}`: expected a sentence saying what it returns (\"Returns …\", \"… is returned\")"
        )
    })?;
    let (returns_type, _) = spec_type(&returns.ty, &returns.ty.to_string(), name, warnings);
    Ok(Method {
        name: unplaced(name.clone()),
        doc_name: None,
        group: non_empty(section.group.clone()),
        description: non_empty(description),
        verb: None,
        path: None,
        params,
        returns: Some(unplaced(returns_type)),
        returns_description: non_empty(returns.sentence),
        notes,
        links: Links::new(),
        errata: Vec::new(),
        examples: Vec::new(),
    })
}

/// The page's notes: quotes anywhere, and what follows the table.
fn notes(section: &Section, table_at: Option<usize>) -> Vec<String> {
    let after_table = |at: usize| table_at.is_some_and(|t| at > t);
    section
        .blocks
        .iter()
        .enumerate()
        .filter(|&(at, block)| match block {
            Block::Quote(_) => true,
            Block::Table(_) => false,
            _ => after_table(at),
        })
        .map(|(_, block)| block.plain_text())
        .filter(|text| !text.is_empty())
        .collect()
}

/// The parameters of a method's table.
fn params(method: &str, table: &Table, warnings: &mut Vec<Warning>) -> Result<Vec<Field>, String> {
    if table.header != PARAMETER_HEADER {
        return Err(format!(
            "method `{method}`: expected a table headed {PARAMETER_HEADER:?}, found {:?}",
            table.header
        ));
    }
    let mut params = Vec::new();
    for row in &table.rows {
        let [name, ty, required, description] = row.as_slice() else {
            return Err(format!(
                "method `{method}`: expected 4 cells in every parameter row, found {}",
                row.len()
            ));
        };
        let item = format!("{method}.{}", name.text);
        let required = match required.text.as_str() {
            "Yes" => true,
            "Optional" => false,
            other => {
                return Err(format!("`{item}`: expected Required to be Yes or Optional, found `{other}`"))
            }
        };
        let page_words = ty.text.as_str();
        let ty = TypeExpr::parse(page_words).map_err(|e| format!("`{item}`: {e}"))?;
        let (spec_ty, doc_type) = spec_type(&ty, page_words, &item, warnings);
        let mut field = Field::new(&name.text, spec_ty, required, description.text.clone());
        field.doc_type = doc_type;
        params.push(field);
    }
    Ok(params)
}
