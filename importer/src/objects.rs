//! Type sections: objects ("Field / Type / Description" tables) and unions (a list of
//! the types it "can be one of").

use super::build::{description, non_empty, spec_type, Index, Warning};
use super::html::{join_blocks, Block, Section, Table};
use super::text::{MarkKind, Rich};
use super::typeexpr::TypeExpr;
use codegen::spec::yaml::unplaced;
use codegen::spec::{Field, Links, Object, Spanned, Union};

/// The header of an object's field table.
const FIELD_HEADER: [&str; 3] = ["Field", "Type", "Description"];

/// The prefix of an optional field's description.
const OPTIONAL: &str = "Optional.";

/// Reads a type section with no table and a list of links to types as a union; `None`
/// when the section is not one.
pub fn union(section: &Section, index: &Index) -> Result<Option<Union>, String> {
    if section.blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Ok(None);
    }
    let Some((at, names)) = section.blocks.iter().enumerate().find_map(|(at, block)| match block {
        Block::List(items) => type_list(items, index).map(|names| (at, names)),
        _ => None,
    }) else {
        return Ok(None);
    };
    let intro = match at.checked_sub(1).map(|i| &section.blocks[i]) {
        Some(Block::Paragraph(rich)) => rich.text.as_str(),
        _ => "",
    };
    let mut variants = extra_alternatives(intro).map_err(|e| format!("union `{}`: {e}", section.name))?;
    variants.extend(names);
    Ok(Some(Union {
        name: unplaced(section.name.clone()),
        description: non_empty(join_blocks(section.blocks.iter())),
        tag: None,
        variants: variants.into_iter().map(unplaced).collect(),
        reads_as: None,
        links: Links::new(),
        errata: Vec::new(),
    }))
}

/// The type names of a list whose every item is one link to a type section.
fn type_list(items: &[Rich], index: &Index) -> Option<Vec<String>> {
    let names: Option<Vec<String>> = items
        .iter()
        .map(|item| match item.marks.as_slice() {
            [mark] if mark.range == (0..item.text.len()) => match &mark.kind {
                MarkKind::Link(href) => index.type_of_link(href).map(str::to_owned),
                MarkKind::Emphasis => None,
            },
            _ => None,
        })
        .collect();
    names.filter(|n| !n.is_empty())
}

/// Alternatives the introduction names before the list: "it can be either a String for
/// plain text, an Array of RichText, or any of the following types".
fn extra_alternatives(intro: &str) -> Result<Vec<String>, String> {
    let Some(start) = intro.find("either ").map(|i| i + "either ".len()) else {
        return Ok(Vec::new());
    };
    let Some(length) = intro[start..].find("any of the following") else {
        return Ok(Vec::new());
    };
    let mut alternatives = Vec::new();
    for part in intro[start..start + length].split(", ") {
        let part = part.trim().trim_start_matches("or ").trim();
        if part.is_empty() || part == "or" {
            continue;
        }
        let mut words = part.split(' ').skip_while(|w| matches!(*w, "a" | "an")).peekable();
        let mut type_words = Vec::new();
        while words.peek() == Some(&"Array") {
            type_words.extend(words.next());
            type_words.extend(words.next_if_eq(&"of"));
        }
        type_words.extend(words.next());
        let ty = TypeExpr::parse(&type_words.join(" "))
            .map_err(|e| format!("in the alternatives before the list, `{part}`: {e}"))?;
        alternatives.push(ty.to_string());
    }
    Ok(alternatives)
}

/// Reads a type section as an object: its field table, or no fields.
pub fn object(section: &Section, warnings: &mut Vec<Warning>) -> Result<Object, String> {
    let name = &section.name;
    let tables: Vec<&Table> = section
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let description = join_blocks(section.blocks.iter());
    let mut fields = match tables.as_slice() {
        [] => {
            if !description.to_lowercase().contains("holds no information") {
                warnings.push(Warning::new(
                    name,
                    "has neither a field table nor a list of types: an object with no fields",
                ));
            }
            Vec::new()
        }
        [table] => fields(name, table, warnings)?,
        _ => return Err(format!("type `{name}`: expected one field table, found {}", tables.len())),
    };
    upload_fields(&mut fields);
    let exclusive = exclusive_fields(&description, &fields);
    Ok(Object {
        name: unplaced(name.clone()),
        description: non_empty(description),
        fields,
        exclusive,
        hot: None,
        links: Links::new(),
        errata: Vec::new(),
        examples: Vec::new(),
    })
}

/// The fields of an object's table; an "Optional." description is an optional field.
fn fields(object: &str, table: &Table, warnings: &mut Vec<Warning>) -> Result<Vec<Field>, String> {
    if table.header != FIELD_HEADER {
        return Err(format!(
            "type `{object}`: expected a table headed {FIELD_HEADER:?}, found {:?}",
            table.header
        ));
    }
    let mut fields = Vec::new();
    for row in &table.rows {
        let [name, ty, description] = row.as_slice() else {
            return Err(format!("type `{object}`: expected 3 cells in every field row, found {}", row.len()));
        };
        let item = format!("{object}.{}", name.text);
        let page_words = ty.text.as_str();
        let ty = TypeExpr::parse(page_words).map_err(|e| format!("`{item}`: {e}"))?;
        let (spec_ty, doc_type) = spec_type(&ty, page_words, &item, warnings);
        let (required, text) = match description.text.strip_prefix(OPTIONAL) {
            Some(rest) => (false, rest.trim_start()),
            None => (true, description.text.as_str()),
        };
        let mut field = Field::new(&name.text, spec_ty, required, text.to_owned());
        field.doc_type = doc_type;
        fields.push(field);
    }
    Ok(fields)
}

/// Fields the page types `String` whose description says they take
/// “attach://<file_attach_name>” become `InputFile`: the library then names the upload
/// and sends it as a part of the multipart request. The page's type stays as `doc_type`.
fn upload_fields(fields: &mut [Field]) {
    for field in fields
        .iter_mut()
        .filter(|f| f.ty.value == "String" && description(f).contains("attach://<file_attach_name>"))
    {
        field.doc_type = Some(std::mem::replace(&mut field.ty.value, "InputFile".to_owned()));
    }
}

/// The optional fields of an object whose description says at most one of them is
/// present ("At most one of the optional parameters can be present in any given update.").
fn exclusive_fields(description: &str, fields: &[Field]) -> Vec<Spanned<String>> {
    if !description.contains("At most one of the optional") {
        return Vec::new();
    }
    fields.iter().filter(|f| !f.required).map(|f| f.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::extra_alternatives;

    #[test]
    fn reads_alternatives_before_the_list() {
        let intro = "Currently, it can be either a String for plain text, an Array of RichText, or any of the following types:";
        assert_eq!(extra_alternatives(intro), Ok(vec!["String".to_owned(), "Array of RichText".to_owned()]));
        assert_eq!(extra_alternatives("It can be one of"), Ok(Vec::new()));
    }
}
