//! Checking objects, unions and enums.

use std::collections::HashMap;

use super::{Kind, Resolver};
use crate::diag::Pos;
use crate::ir::{self, Shape};
use crate::names;
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{self, ConstValue, EnumKind, Spanned};

impl<'s> Resolver<'s> {
    /// Checks and lowers every declared type, in the spec's order.
    pub(crate) fn types(&mut self, spec: &'s spec::Spec) -> Vec<ir::TypeDef> {
        let mut out = Vec::new();
        for object in &spec.objects {
            let mut fields = self.fields(&object.fields, &format!("object `{}`", object.name.value));
            self.storage(object, &mut fields);
            for example in &object.examples {
                self.json(example, "object example");
            }
            out.push(ir::TypeDef::Object(ir::Object {
                name: object.name.value.clone(),
                description: object.description.clone(),
                fields,
                links: self.links(&object.links),
                errata: object.errata.clone(),
                examples: object.examples.iter().map(|e| e.value.clone()).collect(),
            }));
        }
        for union in &spec.unions {
            let variants = match &union.tag {
                Some(tag) => self.tagged_variants(union, tag),
                None => {
                    let variants: Vec<(String, Pos)> =
                        union.variants.iter().map(|v| (v.value.clone(), Pos::at(v))).collect();
                    self.untagged_variants(&union.name.value, &variants)
                }
            };
            out.push(ir::TypeDef::Union(ir::Union {
                name: union.name.value.clone(),
                description: union.description.clone(),
                tag: union.tag.as_ref().map(|t| t.value.clone()),
                variants,
                synthesized: false,
                reads_as: union.reads_as.as_ref().map(|target| target.value.clone()),
                links: self.links(&union.links),
                errata: union.errata.clone(),
            }));
        }
        for enumeration in &spec.enums {
            out.push(ir::TypeDef::Enum(self.enumeration(enumeration)));
        }
        for union in &spec.unions {
            if let Some(target) = &union.reads_as {
                self.check_reads_as(union, target, &out);
            }
        }
        out
    }

    /// Checks a union's `reads_as`: it names one of the union's variants, an enum, and
    /// every value of every other variant (each an enum) is a wire form of one of its values.
    fn check_reads_as(&mut self, union: &spec::Union, target: &Spanned<String>, types: &[ir::TypeDef]) {
        let name = &union.name.value;
        let pos = Pos::at(target);
        let find_enum = |wanted: &str| {
            types.iter().find_map(|t| match t {
                ir::TypeDef::Enum(e) if e.name == wanted => Some(e),
                _ => None,
            })
        };
        if union.tag.is_some() {
            self.report
                .error(pos, format!("`reads_as` of `{name}`: only untagged unions of enums read as one"));
            return;
        }
        if !union.variants.iter().any(|v| v.value == target.value) {
            self.report.error(
                pos,
                format!("`reads_as` of `{name}` names `{}`, which is not one of its variants", target.value),
            );
            return;
        }
        let Some(into) = find_enum(&target.value) else {
            self.report
                .error(pos, format!("`reads_as` of `{name}` names `{}`, which is not an enum", target.value));
            return;
        };
        let forms: Vec<&ConstValue> = into.forms().collect();
        for variant in union.variants.iter().filter(|v| v.value != target.value) {
            let Some(source) = find_enum(&variant.value) else {
                self.report.error(
                    Pos::at(variant),
                    format!(
                        "`{name}` reads as `{}`, so its variant `{}` must be an enum",
                        target.value, variant.value
                    ),
                );
                continue;
            };
            let integers = |v: &ConstValue| matches!(v, ConstValue::Integer(_));
            if !(source.forms().all(integers) || source.forms().all(|v| !integers(v))) {
                self.report.error(
                    Pos::at(variant),
                    format!(
                        "`{name}` reads as `{}`, so its variant `{}` must have forms of one kind",
                        target.value, variant.value
                    ),
                );
                continue;
            }
            for value in source.values.iter().filter(|v| !forms.contains(&&v.value)) {
                self.report.error(
                    pos,
                    format!(
                        "`{name}` reads as `{}`, which has no value or `also` form {} (a value of `{}`)",
                        target.value, value.value, variant.value
                    ),
                );
            }
        }
    }

    /// Places an object's fields: exclusive ones in the `kind` enum, and, when the object
    /// names its hot fields, the other optional ones in the rare part.
    fn storage(&mut self, object: &spec::Object, fields: &mut [ir::Field]) {
        let owner = &object.name.value;
        let find = |resolver: &mut Self, name: &Spanned<String>, what: &str| -> Option<usize> {
            let index = fields.iter().position(|f| f.name == name.value);
            match index {
                Some(i) if fields[i].required || fields[i].constant.is_some() => {
                    resolver.report.error(
                        Pos::at(name),
                        format!("{what} field `{}` of `{owner}` must be optional and not const", name.value),
                    );
                    None
                }
                None => {
                    resolver.report.error(Pos::at(name), format!("`{owner}` has no field `{}`", name.value));
                    None
                }
                found => found,
            }
        };
        let exclusive: Vec<usize> =
            object.exclusive.iter().filter_map(|name| find(self, name, "an exclusive")).collect();
        let hot: Option<Vec<usize>> = object
            .hot
            .as_ref()
            .map(|names| names.iter().filter_map(|name| find(self, name, "a hot")).collect());
        for index in &exclusive {
            fields[*index].storage = ir::Storage::Exclusive;
        }
        if let Some(hot) = hot {
            for (index, field) in fields.iter_mut().enumerate() {
                if field.storage == ir::Storage::Inline && !field.required && !hot.contains(&index) {
                    field.storage = ir::Storage::Rare;
                }
            }
        }
        let has = |storage| fields.iter().any(|f| f.storage == storage);
        let reserved = [
            ("kind", has(ir::Storage::Exclusive)),
            ("rare", has(ir::Storage::Rare)),
            ("unknown_fields", true),
        ];
        for reserved in reserved.iter().filter(|(_, used)| *used).map(|(name, _)| *name) {
            let clash = fields.iter().any(|f| f.rust_name == reserved && f.storage != ir::Storage::Constant);
            if clash {
                self.report.error(
                    Pos::at(&object.name),
                    format!("`{owner}` has a field whose Rust name is `{reserved}`, which generated objects use; set rust_name"),
                );
            }
        }
    }

    /// The unions made for inline `X or Y` expressions.
    pub(crate) fn synthesized_unions(&mut self) -> Vec<ir::TypeDef> {
        let synthesized = std::mem::take(&mut self.synthesized);
        let mut out = Vec::new();
        for (expr, (name, pos)) in synthesized {
            let TypeExpr::OneOf(alternatives) = &expr else { continue };
            if self.kinds.contains_key(name.as_str()) {
                self.report.error(
                    pos,
                    format!(
                        "the choice `{expr}` would be named `{name}`, which is also a type of this spec; \
                         name it by declaring an untagged union with these variants"
                    ),
                );
                continue;
            }
            let variants: Vec<(String, Pos)> = alternatives.iter().map(|a| (a.to_string(), pos)).collect();
            let variants = self.untagged_variants(&name, &variants);
            out.push(ir::TypeDef::Union(ir::Union {
                description: Some(format!(
                    "One of: {}.",
                    variants.iter().map(|v| v.ty.to_string()).collect::<Vec<_>>().join(", ")
                )),
                name,
                tag: None,
                variants,
                synthesized: true,
                reads_as: None,
                links: Default::default(),
                errata: Vec::new(),
            }));
        }
        out
    }

    fn tagged_variants(&mut self, union: &spec::Union, tag: &Spanned<String>) -> Vec<ir::Variant> {
        let mut variants = Vec::new();
        let mut fallback: Option<String> = None;
        let mut tag_kind: Option<(bool, Pos)> = None;
        for variant in &union.variants {
            let pos = Pos::at(variant);
            let Some(object) = self.spec.objects.iter().find(|o| o.name.value == variant.value) else {
                self.report.error(
                    pos,
                    format!(
                        "variant `{}` of the tagged union `{}` must be an object of this spec",
                        variant.value, union.name.value
                    ),
                );
                continue;
            };
            let tag_field = object.fields.iter().find(|f| f.name.value == tag.value);
            let Some(value) = tag_field.and_then(|f| f.constant.as_ref()) else {
                if tag_field.is_some() && fallback.is_none() {
                    // The one variant whose tag field has no fixed value takes every other value.
                    fallback = Some(variant.value.clone());
                    variants.push(ir::Variant {
                        rust_name: names::variant_name(&union.name.value, &variant.value),
                        ty: TypeExpr::Named(variant.value.clone()),
                        tag_value: None,
                        marker_field: None,
                        shape: Shape::Object,
                        boxed: false,
                    });
                    continue;
                }
                self.report.error(
                    pos,
                    format!(
                        "variant `{}` of `{}` lacks the tag: the object must declare the field `{}` with a const value \
                         (one variant may declare it without const, to take every other value)",
                        variant.value, union.name.value, tag.value
                    ),
                );
                continue;
            };
            let is_integer = matches!(value.value, ConstValue::Integer(_));
            match tag_kind {
                Some((integer, first)) if integer != is_integer => self.report.error(
                    Pos::at(value),
                    format!(
                        "tag of `{}` is an integer in some variants and a string in others (see line {})",
                        union.name.value, first.line
                    ),
                ),
                None => tag_kind = Some((is_integer, Pos::at(value))),
                _ => {}
            }
            variants.push(ir::Variant {
                rust_name: names::variant_name(&union.name.value, &variant.value),
                ty: TypeExpr::Named(variant.value.clone()),
                tag_value: Some(value.value.clone()),
                marker_field: None,
                shape: Shape::Object,
                boxed: false,
            });
        }
        self.mark_shared_tags(union, &mut variants);
        self.check_variant_names(&union.name.value, &variants, Pos::at(&union.name));
        variants
    }

    /// Variants that share a tag value are told apart by a required field only one has.
    fn mark_shared_tags(&mut self, union: &spec::Union, variants: &mut [ir::Variant]) {
        let fields_of = |name: &str| -> Vec<(String, bool)> {
            self.spec
                .objects
                .iter()
                .find(|o| o.name.value == name)
                .map(|o| o.fields.iter().map(|f| (f.name.value.clone(), f.required)).collect())
                .unwrap_or_default()
        };
        let snapshot: Vec<(Option<ConstValue>, String)> =
            variants.iter().map(|v| (v.tag_value.clone(), v.ty.to_string())).collect();
        for (index, variant) in variants.iter_mut().enumerate() {
            let siblings: Vec<&String> = snapshot
                .iter()
                .enumerate()
                .filter(|(i, (tag, _))| *i != index && *tag == variant.tag_value)
                .map(|(_, (_, name))| name)
                .collect();
            if siblings.is_empty() {
                continue;
            }
            let own = fields_of(&variant.ty.to_string());
            let sibling_fields: Vec<String> =
                siblings.iter().flat_map(|s| fields_of(s)).map(|(name, _)| name).collect();
            let marker = own.iter().find(|(name, required)| *required && !sibling_fields.contains(name));
            match marker {
                Some((name, _)) => variant.marker_field = Some(name.clone()),
                None => self.report.error(
                    Pos::at(&union.name),
                    format!(
                        "variants of `{}` share the tag value {}, and `{}` has no required field its twins lack to tell it apart",
                        union.name.value,
                        variant.tag_value.as_ref().map(ToString::to_string).unwrap_or_default(),
                        variant.ty
                    ),
                ),
            }
        }
    }

    pub(crate) fn untagged_variants(&mut self, union: &str, variants: &[(String, Pos)]) -> Vec<ir::Variant> {
        let mut out: Vec<ir::Variant> = Vec::new();
        for (text, pos) in variants {
            let pos = *pos;
            let Some(ty) = self.type_expr_at(text, pos) else { continue };
            let Some(shape) = self.shape(&ty, pos) else { continue };
            let clash = out.iter().find(|v| {
                shape != Shape::Object
                    && (v.shape == shape
                        || v.shape == Shape::Any
                        || shape == Shape::Any
                        || matches!(
                            (v.shape, shape),
                            (Shape::Integer, Shape::Number) | (Shape::Number, Shape::Integer)
                        ))
            });
            if let Some(clash) = clash {
                self.report.error(
                    pos,
                    format!(
                        "variants `{}` and `{ty}` of the untagged union `{union}` have the same JSON shape, so a value cannot be told apart",
                        clash.ty
                    ),
                );
            }
            out.push(ir::Variant {
                rust_name: variant_rust_name(union, &ty),
                ty,
                tag_value: None,
                marker_field: None,
                shape,
                boxed: false,
            });
        }
        self.check_variant_names(union, &out, variants.first().map(|(_, pos)| *pos).unwrap_or_default());
        out
    }

    /// The JSON shape of a variant type; untagged unions cannot nest.
    fn shape(&mut self, ty: &TypeExpr, pos: Pos) -> Option<Shape> {
        Some(match ty {
            TypeExpr::Integer => Shape::Integer,
            TypeExpr::Float => Shape::Number,
            TypeExpr::String | TypeExpr::InputFile => Shape::String,
            TypeExpr::Boolean | TypeExpr::True => Shape::Boolean,
            TypeExpr::Json => Shape::Any,
            TypeExpr::Array(_) => Shape::Array,
            TypeExpr::OneOf(_) => {
                self.report.error(pos, "a union variant cannot itself be a choice");
                return None;
            }
            TypeExpr::Named(name) => match self.kinds.get(name.as_str()) {
                Some(Kind::Object) => Shape::Object,
                Some(Kind::IntegerEnum) => Shape::Integer,
                Some(Kind::StringEnum) => Shape::String,
                Some(Kind::Union) => {
                    let tagged = self.spec.unions.iter().any(|u| u.name.value == *name && u.tag.is_some());
                    if !tagged {
                        self.report.error(
                            pos,
                            format!("untagged union `{name}` cannot be a variant of another untagged union"),
                        );
                        return None;
                    }
                    Shape::Object
                }
                None => return None,
            },
        })
    }

    fn check_variant_names(&mut self, union: &str, variants: &[ir::Variant], pos: Pos) {
        let mut seen: HashMap<&str, ()> = HashMap::new();
        for variant in variants {
            if variant.rust_name == "Unknown" {
                self.report.error(
                    pos,
                    format!("`{union}` cannot have a variant named Unknown: it is kept for unknown values"),
                );
            }
            if seen.insert(&variant.rust_name, ()).is_some() {
                self.report.error(pos, format!("`{union}` has two variants named `{}`", variant.rust_name));
            }
        }
    }

    fn enumeration(&mut self, enumeration: &spec::Enum) -> ir::Enum {
        let name = &enumeration.name.value;
        let kind = enumeration.kind.value;
        let mut by_value: HashMap<ConstValue, Pos> = HashMap::new();
        let mut by_name: HashMap<String, Pos> = HashMap::new();
        let mut values = Vec::new();
        if enumeration.values.is_empty() {
            self.report.error(Pos::at(&enumeration.name), format!("enum `{name}` has no values"));
        }
        for value in &enumeration.values {
            let pos = Pos::at(&value.value);
            let fits = matches!(
                (kind, &value.value.value),
                (EnumKind::Integer, ConstValue::Integer(_)) | (EnumKind::String, ConstValue::String(_))
            );
            if !fits {
                let expected = if kind == EnumKind::Integer { "an integer" } else { "a string" };
                self.report.error(pos, format!("value {} of `{name}` must be {expected}", value.value.value));
            }
            if let Some(first) = by_value.insert(value.value.value.clone(), pos) {
                self.report.error(
                    pos,
                    format!(
                        "value {} appears twice in `{name}` (first at line {})",
                        value.value.value, first.line
                    ),
                );
            }
            for form in &value.also {
                let form_pos = Pos::at(form);
                if let Some(first) = by_value.insert(form.value.clone(), form_pos) {
                    self.report.error(
                        form_pos,
                        format!(
                            "wire form {} of `{name}` is already a value or form (line {})",
                            form.value, first.line
                        ),
                    );
                }
            }
            let documented = match (&value.name, &value.value.value) {
                (Some(given), _) => given.value.clone(),
                (None, ConstValue::String(text)) => text.clone(),
                (None, ConstValue::Integer(_)) => {
                    self.report
                        .error(pos, format!("integer value {} of `{name}` needs a name", value.value.value));
                    continue;
                }
            };
            let rust_name = names::type_name(&documented);
            let name_pos = value.name.as_ref().map(Pos::at).unwrap_or(pos);
            if !names::is_identifier(&rust_name) || rust_name == "Unknown" || rust_name == "Other" {
                self.report.error(
                    name_pos,
                    format!("value name `{documented}` of `{name}` does not make a Rust variant name (Unknown and Other are kept for unknown values)"),
                );
            } else if let Some(first) = by_name.insert(rust_name.clone(), name_pos) {
                self.report.error(
                    name_pos,
                    format!("value name `{documented}` of `{name}` gives the variant `{rust_name}` of another value (line {})", first.line),
                );
            }
            values.push(ir::EnumValue {
                value: value.value.value.clone(),
                also: value.also.iter().map(|form| form.value.clone()).collect(),
                name: documented,
                rust_name,
                description: value.description.clone(),
                errata: value.errata.clone(),
            });
        }
        ir::Enum {
            name: name.clone(),
            kind,
            description: enumeration.description.clone(),
            values,
            links: self.links(&enumeration.links),
            errata: enumeration.errata.clone(),
        }
    }
}

/// The variant name of a type in an untagged union.
fn variant_rust_name(union: &str, ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Named(name) => names::variant_name(union, name),
        TypeExpr::Array(element) => format!("{}List", variant_rust_name(union, element)),
        other => other.to_string(),
    }
}
