//! A method's return type, read from the sentence of its description that says what it
//! returns ("Returns True on success.", "On success, the sent Message is returned.").

use super::build::Index;
use super::text::{MarkKind, Rich};
use super::typeexpr::TypeExpr;

/// The builtin types the page writes in emphasis (`<em>True</em>`, `<em>Int</em>`).
const EMPHASISED_BUILTINS: [&str; 6] = ["True", "Boolean", "Integer", "Int", "Float", "String"];

/// A method's result as the page gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returns {
    /// The type; `X or Y` when the sentence names several.
    pub ty: TypeExpr,
    /// The sentence it was read from.
    pub sentence: String,
}

/// The first sentence of `paragraphs` that speaks of returning and names a type: links to
/// type sections and emphasised builtins, each an `Array of` when the sentence says so
/// just before it (in either case: Bot API 10.1 writes "an array of MessageId"). Several
/// types make a choice, in the sentence's order.
pub fn derive(paragraphs: &[&Rich], index: &Index) -> Option<Returns> {
    for rich in paragraphs {
        for sentence in rich.sentences() {
            let text = &rich.text[sentence.clone()];
            if !text.to_lowercase().contains("return") {
                continue;
            }
            let mut types: Vec<TypeExpr> = Vec::new();
            for mark in rich.marks_in(&sentence) {
                let Some(mut ty) = mentioned_type(rich, mark.range.clone(), &mark.kind, index) else {
                    continue;
                };
                let lower = rich.text[sentence.start..mark.range.start].to_lowercase();
                let mut before = lower.as_str();
                while let Some(rest) = before.strip_suffix("array of ") {
                    ty = TypeExpr::Array(Box::new(ty));
                    before = rest;
                }
                if !types.contains(&ty) {
                    types.push(ty);
                }
            }
            let ty = match types.len() {
                0 => continue,
                1 => types.remove(0),
                _ => TypeExpr::OneOf(types),
            };
            return Some(Returns { ty, sentence: text.to_owned() });
        }
    }
    None
}

/// The type a mark names: a link to a type section, or an emphasised builtin.
fn mentioned_type(
    rich: &Rich,
    range: std::ops::Range<usize>,
    kind: &MarkKind,
    index: &Index,
) -> Option<TypeExpr> {
    match kind {
        MarkKind::Link(href) => index.type_of_link(href).map(TypeExpr::named),
        MarkKind::Emphasis => {
            let word = &rich.text[range];
            if EMPHASISED_BUILTINS.contains(&word) {
                TypeExpr::parse(word).ok()
            } else {
                None
            }
        }
    }
}
