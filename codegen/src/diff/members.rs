//! Parameters and fields: lined up by wire name, compared by type, required-ness,
//! constant value, the document's type where the spec refines it, and (when asked) the
//! description.

use super::exprs::Exprs;
use super::report::{Change, Member, Property};
use super::Options;
use crate::ir::Field;

/// The differences between A's `a` and B's `b` (a method's parameters or an object's
/// fields), unsorted.
pub(crate) fn compare(
    member: Member,
    a: &[Field],
    b: &[Field],
    exprs: &Exprs,
    options: Options,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for field in a {
        let Some(other) = b.iter().find(|f| f.name == field.name) else {
            let summary = summary(field, exprs.show_a(&field.ty));
            changes.push(Change::Removed { member, name: field.name.clone(), summary });
            continue;
        };
        let mut changed = |property, a: String, b: String| {
            changes.push(Change::Changed {
                member,
                name: field.name.clone(),
                property,
                a: Some(a),
                b: Some(b),
            });
        };
        if !exprs.same(&field.ty, &other.ty) {
            changed(Property::Type, exprs.show_a(&field.ty), exprs.show_b(&other.ty));
        }
        if field.required != other.required {
            changed(Property::Required, required(field).to_owned(), required(other).to_owned());
        }
        // The document's type shows a page change under a correction of the spec's type
        // (only where both sides correct it: otherwise the type itself changed).
        if field.doc_type.is_some() && other.doc_type.is_some() && field.doc_type != other.doc_type {
            changes.push(Change::Changed {
                member,
                name: field.name.clone(),
                property: Property::DocType,
                a: field.doc_type.clone(),
                b: other.doc_type.clone(),
            });
        }
        if options.descriptions && field.description != other.description {
            changes.push(Change::Changed {
                member,
                name: field.name.clone(),
                property: Property::Description,
                a: field.description.clone(),
                b: other.description.clone(),
            });
        }
        if field.constant != other.constant {
            changes.push(Change::Changed {
                member,
                name: field.name.clone(),
                property: Property::Const,
                a: field.constant.as_ref().map(ToString::to_string),
                b: other.constant.as_ref().map(ToString::to_string),
            });
        }
    }
    for field in b.iter().filter(|f| !a.iter().any(|other| other.name == f.name)) {
        let summary = summary(field, exprs.show_b(&field.ty));
        changes.push(Change::Added { member, name: field.name.clone(), summary });
    }
    changes
}

/// `Integer, required`, `String, optional`, `ReplyMarkupType, required, always 4`.
fn summary(field: &Field, ty: String) -> String {
    match &field.constant {
        Some(value) => format!("{ty}, {}, always {value}", required(field)),
        None => format!("{ty}, {}", required(field)),
    }
}

fn required(field: &Field) -> &'static str {
    if field.required {
        "required"
    } else {
        "optional"
    }
}
