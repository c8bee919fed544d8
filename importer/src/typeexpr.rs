//! Type expressions in the page's words ("Array of PhotoSize", "Integer or String",
//! "Float number") and their spelling in the spec format.

use std::fmt;

/// The names the spec format has built in.
pub const BUILTINS: [&str; 7] = ["Integer", "Float", "String", "Boolean", "True", "InputFile", "Json"];

/// A type as the page gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A builtin (`Integer`, `String`, …) or a type of the page.
    Named(String),
    /// `Array of X`.
    Array(Box<TypeExpr>),
    /// `X or Y`, `X, Y and Z`: one of the alternatives.
    OneOf(Vec<TypeExpr>),
}

impl TypeExpr {
    /// A named type.
    pub fn named(name: &str) -> TypeExpr {
        TypeExpr::Named(name.to_owned())
    }

    /// Parses the page's words. A leading `Array of` applies to every alternative when
    /// only the first is written with it ("Array of A, B and C" is an array of A, B or C).
    pub fn parse(words: &str) -> Result<TypeExpr, String> {
        let words = words.trim();
        let mut depth = 0;
        let mut rest = words;
        while let Some(inner) = rest.strip_prefix("Array of ") {
            depth += 1;
            rest = inner;
        }
        let parts = split_alternatives(rest);
        let distributes = parts.iter().skip(1).all(|p| !p.starts_with("Array of "));
        let mut expr = if parts.len() == 1 {
            atom(rest)?
        } else if distributes {
            TypeExpr::OneOf(parts.into_iter().map(atom).collect::<Result<_, _>>()?)
        } else {
            let mut alternatives = Vec::new();
            for (index, part) in split_alternatives(words).into_iter().enumerate() {
                let alternative = TypeExpr::parse(part)?;
                if index > 0 && matches!(alternative, TypeExpr::OneOf(_)) {
                    return Err(format!("`{words}`: cannot tell which alternatives `{part}` has"));
                }
                alternatives.push(alternative);
            }
            return Ok(TypeExpr::OneOf(alternatives));
        };
        for _ in 0..depth {
            expr = TypeExpr::Array(Box::new(expr));
        }
        Ok(expr)
    }

    /// The spelling in the spec format, or `None` when the format cannot write it (an
    /// array of a choice: the format's `or` binds looser than `Array of`).
    pub fn spec_words(&self) -> Option<String> {
        match self {
            TypeExpr::Array(element) if element.has_choice() => None,
            _ => Some(self.to_string()),
        }
    }

    /// Whether a choice appears anywhere in the expression.
    fn has_choice(&self) -> bool {
        match self {
            TypeExpr::Named(_) => false,
            TypeExpr::Array(element) => element.has_choice(),
            TypeExpr::OneOf(_) => true,
        }
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Named(name) => f.write_str(name),
            TypeExpr::Array(element) => write!(f, "Array of {element}"),
            TypeExpr::OneOf(alternatives) => {
                for (index, alternative) in alternatives.iter().enumerate() {
                    if index > 0 {
                        f.write_str(if index + 1 == alternatives.len() { " or " } else { ", " })?;
                    }
                    write!(f, "{alternative}")?;
                }
                Ok(())
            }
        }
    }
}

/// Splits `A, B or C` / `A, B and C` into its parts.
fn split_alternatives(words: &str) -> Vec<&str> {
    let mut parts = vec![words];
    for separator in [" or ", " and ", ", "] {
        parts = parts.into_iter().flat_map(|p| p.split(separator)).map(str::trim).collect();
    }
    parts
}

/// One type name, with the page's variant spellings made the format's.
fn atom(word: &str) -> Result<TypeExpr, String> {
    let name = match word.trim() {
        "Int" => "Integer",
        "Float number" => "Float",
        other => other,
    };
    let mut chars = name.chars();
    let is_name =
        chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric());
    if is_name {
        Ok(TypeExpr::named(name))
    } else {
        Err(format!("expected a type name (Integer, String, Array of X, X or Y, a type), found `{word}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(page: &str) -> Option<String> {
        TypeExpr::parse(page).ok().and_then(|t| t.spec_words())
    }

    #[test]
    fn reads_the_pages_words() {
        assert_eq!(words("Integer").as_deref(), Some("Integer"));
        assert_eq!(words("Int").as_deref(), Some("Integer"));
        assert_eq!(words("Float number").as_deref(), Some("Float"));
        assert_eq!(words("Array of Array of PhotoSize").as_deref(), Some("Array of Array of PhotoSize"));
        assert_eq!(words("Integer or String").as_deref(), Some("Integer or String"));
        assert_eq!(words("A or B or C").as_deref(), Some("A, B or C"));
        assert_eq!(words("Integer or Array of String").as_deref(), Some("Integer or Array of String"));
    }

    #[test]
    fn an_array_of_a_choice_has_no_spec_words() {
        let expr = TypeExpr::parse("Array of A, B and C").expect("parses");
        assert_eq!(expr.to_string(), "Array of A, B or C");
        assert_eq!(expr.spec_words(), None);
    }

    #[test]
    fn rejects_what_is_not_a_type() {
        assert!(TypeExpr::parse("a number").is_err());
        assert!(TypeExpr::parse("").is_err());
    }
}
