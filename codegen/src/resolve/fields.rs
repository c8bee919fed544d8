//! Checking object fields and method parameters.

use std::collections::HashMap;

use super::{Kind, Resolver};
use crate::diag::Pos;
use crate::ir;
use crate::names;
use crate::spec::rules;
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{self, ConstValue};

impl Resolver<'_> {
    /// Checks a list of fields (of an object, or a method's parameters) named by `owner`.
    pub(crate) fn fields(&mut self, fields: &[spec::Field], owner: &str) -> Vec<ir::Field> {
        let mut wire_names: HashMap<&str, Pos> = HashMap::new();
        let mut rust_names: HashMap<String, Pos> = HashMap::new();
        let mut out = Vec::new();
        for field in fields {
            let pos = Pos::at(&field.name);
            let name = &field.name.value;
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                self.report.error(
                    pos,
                    format!("field name `{name}` in {owner} must be ASCII letters, digits and _"),
                );
            }
            let duplicate = wire_names.insert(name, pos);
            if let Some(first) = duplicate {
                self.report.error(
                    pos,
                    format!("field `{name}` appears twice in {owner} (first at line {})", first.line),
                );
            }
            let rust_name = match &field.rust_name {
                Some(rust) => {
                    if !names::is_identifier(&rust.value) {
                        self.report.error(
                            Pos::at(rust),
                            format!("rust_name `{}` is not a Rust identifier", rust.value),
                        );
                    }
                    rust.value.clone()
                }
                None => names::value_name(name),
            };
            if field.constant.is_none() && duplicate.is_none() {
                if let Some(first) = rust_names.insert(rust_name.clone(), pos) {
                    self.report.error(
                        pos,
                        format!(
                            "field `{name}` in {owner} has the Rust name `{rust_name}` of another field (line {}); \
                             set rust_name",
                            first.line
                        ),
                    );
                }
            }
            let Some(ty) = self.type_expr(&field.ty) else { continue };
            if let Some(constant) = &field.constant {
                self.check_const(&ty, &constant.value, Pos::at(constant));
            }
            let rules = match &field.constraints {
                Some(constraints) => rules::rules(&constraints.value, rules::Subject::of(&ty))
                    .unwrap_or_else(|problem| {
                        self.report.error(
                            Pos::at(constraints),
                            format!("constraint of `{name}` in {owner}: {problem}"),
                        );
                        Vec::new()
                    }),
                None => Vec::new(),
            };
            out.push(ir::Field {
                name: name.clone(),
                rust_name,
                ty,
                required: field.required,
                description: field.description.clone(),
                constraints: field.constraints.as_ref().map(|c| c.value.clone()),
                rules,
                doc_type: field.doc_type.clone(),
                boxed: field.boxed,
                constant: field.constant.as_ref().map(|c| c.value.clone()),
                storage: if field.constant.is_some() { ir::Storage::Constant } else { ir::Storage::Inline },
                errata: field.errata.clone(),
            });
        }
        out
    }

    /// Checks that a constant fits its field's type.
    fn check_const(&mut self, ty: &TypeExpr, value: &ConstValue, pos: Pos) {
        let fits = match (ty, value) {
            (TypeExpr::Integer, ConstValue::Integer(_)) | (TypeExpr::String, ConstValue::String(_)) => true,
            (TypeExpr::Named(name), value) => match (self.kinds.get(name.as_str()), value) {
                (Some(Kind::IntegerEnum), ConstValue::Integer(_))
                | (Some(Kind::StringEnum), ConstValue::String(_)) => {
                    let known = self.enum_values(name).any(|v| v == *value);
                    if !known {
                        self.report.error(pos, format!("const {value} is not a value of the enum `{name}`"));
                    }
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if !fits {
            self.report.error(pos, format!("const {value} does not fit the field's type `{ty}` (expected an Integer, a String or an enum of either)"));
        }
    }

    /// The values of the spec enum `name`.
    pub(crate) fn enum_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = ConstValue> + 'a {
        self.spec
            .enums
            .iter()
            .filter(move |e| e.name.value == name)
            .flat_map(|e| e.values.iter().map(|v| v.value.value.clone()))
    }
}
