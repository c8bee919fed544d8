//! Type expressions in the documents' own words: `Integer`, `Array of X`, `X or Y`, names.

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeExpr {
    /// `Integer`: a 64-bit integer.
    Integer,
    /// `Float`: a JSON number.
    Float,
    /// `String`.
    String,
    /// `Boolean`.
    Boolean,
    /// `True`: a boolean that is always true.
    True,
    /// `InputFile`: a file to upload, or the id or URL of one.
    InputFile,
    /// `Json`: any JSON value.
    Json,
    /// `Array of X`.
    Array(Box<TypeExpr>),
    /// `X or Y` (or `X, Y or Z`): one of the alternatives.
    OneOf(Vec<TypeExpr>),
    /// A type defined in the spec.
    Named(String),
}

/// The names of the built-in types, which a spec cannot define again.
pub const BUILTINS: [&str; 7] = ["Integer", "Float", "String", "Boolean", "True", "InputFile", "Json"];

impl TypeExpr {
    /// Parses a type expression; the error says what was expected.
    pub fn parse(text: &str) -> Result<TypeExpr, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("expected a type expression, found nothing".to_owned());
        }
        let alternatives = split_alternatives(text);
        if alternatives.len() > 1 {
            let mut parsed = Vec::new();
            for alternative in alternatives {
                let expr = TypeExpr::parse(alternative)?;
                if matches!(expr, TypeExpr::OneOf(_)) {
                    return Err(format!("`{alternative}` cannot itself be a choice"));
                }
                if !parsed.contains(&expr) {
                    parsed.push(expr);
                }
            }
            return Ok(collapse(parsed));
        }
        if let Some(element) = text.strip_prefix("Array of ") {
            return Ok(TypeExpr::Array(Box::new(TypeExpr::parse(element)?)));
        }
        Ok(match text {
            "Integer" => TypeExpr::Integer,
            "Float" => TypeExpr::Float,
            "String" => TypeExpr::String,
            "Boolean" => TypeExpr::Boolean,
            "True" => TypeExpr::True,
            "InputFile" => TypeExpr::InputFile,
            "Json" => TypeExpr::Json,
            name if is_type_name(name) => TypeExpr::Named(name.to_owned()),
            other => {
                return Err(format!(
                    "expected a type (Integer, Float, String, Boolean, True, InputFile, Json, \
                     `Array of X`, `X or Y`, or a type name), found `{other}`"
                ))
            }
        })
    }

    /// Every type name this expression refers to.
    pub fn names(&self) -> Vec<&str> {
        match self {
            TypeExpr::Named(name) => vec![name.as_str()],
            TypeExpr::Array(element) => element.names(),
            TypeExpr::OneOf(alternatives) => alternatives.iter().flat_map(TypeExpr::names).collect(),
            _ => Vec::new(),
        }
    }
}

impl std::fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeExpr::Integer => f.write_str("Integer"),
            TypeExpr::Float => f.write_str("Float"),
            TypeExpr::String => f.write_str("String"),
            TypeExpr::Boolean => f.write_str("Boolean"),
            TypeExpr::True => f.write_str("True"),
            TypeExpr::InputFile => f.write_str("InputFile"),
            TypeExpr::Json => f.write_str("Json"),
            TypeExpr::Array(element) => write!(f, "Array of {element}"),
            TypeExpr::OneOf(alternatives) => {
                for (index, alternative) in alternatives.iter().enumerate() {
                    match index {
                        0 => {}
                        i if i + 1 == alternatives.len() => f.write_str(" or ")?,
                        _ => f.write_str(", ")?,
                    }
                    write!(f, "{alternative}")?;
                }
                Ok(())
            }
            TypeExpr::Named(name) => f.write_str(name),
        }
    }
}

/// `InputFile or String` is `InputFile`: an input file can already be an id or URL.
fn collapse(mut alternatives: Vec<TypeExpr>) -> TypeExpr {
    if alternatives.contains(&TypeExpr::InputFile) {
        alternatives.retain(|a| *a != TypeExpr::String);
    }
    if alternatives.len() == 1 {
        alternatives.remove(0)
    } else {
        TypeExpr::OneOf(alternatives)
    }
}

/// Splits `A, B or C` into its alternatives; `Array of X or Y` binds as `Array of (X or Y)`
/// only when written so by the document, which it never is: `or` binds loosest.
fn split_alternatives(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for piece in text.split(" or ") {
        parts.extend(piece.split(", ").map(str::trim));
    }
    parts
}

/// Whether `name` can name a spec type: ASCII letters and digits, starting upper-case.
pub fn is_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::TypeExpr::{self, *};

    #[test]
    fn parses_the_documents_words() {
        assert_eq!(TypeExpr::parse("Integer"), Ok(Integer));
        assert_eq!(
            TypeExpr::parse("Array of Array of PhotoSize"),
            Ok(Array(Box::new(Array(Box::new(Named("PhotoSize".into()))))))
        );
        assert_eq!(TypeExpr::parse("Integer or String"), Ok(OneOf(vec![Integer, String])));
        assert_eq!(TypeExpr::parse("InputFile or String"), Ok(InputFile));
        assert_eq!(TypeExpr::parse("A, B or C").map(|t| t.to_string()), Ok("A, B or C".to_owned()));
        assert!(TypeExpr::parse("Array of").is_err());
        assert!(TypeExpr::parse("int").is_err());
        assert!(TypeExpr::parse("").is_err());
    }
}
