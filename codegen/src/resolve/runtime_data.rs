//! The platform data the runtime is handed (test environment, downloads, markup,
//! entities, rate limits, throttle targets, sign-in links), checked against the
//! spec's methods and types.

use crate::diag::Pos;
use crate::ir::{self, TypeDef};
use crate::spec::typeexpr::TypeExpr;
use crate::spec::{self, Spanned};

use super::Resolver;

impl Resolver<'_> {
    /// The runtime data of `platform`, for an API whose methods and types are resolved.
    pub(crate) fn runtime_data(
        &mut self,
        platform: &spec::Platform,
        methods: &[ir::Method],
        types: &[TypeDef],
    ) -> ir::RuntimeData {
        if let Some(template) = &platform.test_url_template {
            self.check_template(template, &["{base}", "{method}"]);
        }
        ir::RuntimeData {
            test_url_template: platform.test_url_template.as_ref().map(|t| t.value.clone()),
            file_method: platform
                .file_method
                .as_ref()
                .and_then(|f| self.file_method(platform, f, methods, types)),
            markup: platform.markup.as_ref().map(|m| m.value),
            entity: platform.entity.as_ref().and_then(|e| self.entity(e, types)),
            rate_limits: platform.rate_limits.as_ref().and_then(|r| self.rate_limits(r)),
            throttle: platform.throttle.as_ref().map(|t| self.throttle(t, methods, types)),
        }
    }

    fn file_method(
        &mut self,
        platform: &spec::Platform,
        file: &spec::FileMethod,
        methods: &[ir::Method],
        types: &[TypeDef],
    ) -> Option<ir::FileMethod> {
        if platform.file_url_template.is_none() {
            self.report.error(Pos::at(&file.method), "file_method needs a file_url_template");
        }
        let Some(method) = methods.iter().find(|m| m.name == file.method.value) else {
            self.report.error(
                Pos::at(&file.method),
                format!("file_method `{}` is no method of this spec", file.method.value),
            );
            return None;
        };
        let required: Vec<&ir::Field> = method.params.iter().filter(|p| p.required).collect();
        if !matches!(required.as_slice(), [only] if only.ty == TypeExpr::String) {
            self.report.error(
                Pos::at(&file.method),
                format!(
                    "file_method `{}` must take one required String parameter, the file's id",
                    method.name
                ),
            );
            return None;
        }
        let Some(TypeExpr::Named(answer)) = &method.returns else {
            self.report
                .error(Pos::at(&file.method), format!("file_method `{}` must return an object", method.name));
            return None;
        };
        let path =
            object(types, answer).and_then(|o| o.fields.iter().find(|f| f.name == file.path_field.value));
        match path {
            Some(field) if field.ty == TypeExpr::String && field.storage == ir::Storage::Inline => {
                Some(ir::FileMethod {
                    type_name: method.type_name.clone(),
                    answer: answer.clone(),
                    path_field: field.rust_name.clone(),
                    path_required: field.required,
                })
            }
            _ => {
                self.report.error(
                    Pos::at(&file.path_field),
                    format!("path_field `{}` must be a String field of `{answer}`", file.path_field.value),
                );
                None
            }
        }
    }

    fn entity(&mut self, entity: &Spanned<String>, types: &[TypeDef]) -> Option<ir::Entity> {
        let Some(object) = object(types, &entity.value) else {
            self.report
                .error(Pos::at(entity), format!("entity `{}` is no object of this spec", entity.value));
            return None;
        };
        let field =
            |name: &str| object.fields.iter().find(|f| f.name == name && f.storage == ir::Storage::Inline);
        let typed = |name: &str, ty: TypeExpr| field(name).filter(|f| f.ty == ty && f.required).is_some();
        let string_enum = |ty: &TypeExpr| {
            match ty {
            TypeExpr::String => true,
            TypeExpr::Named(name) => types
                .iter()
                .any(|t| matches!(t, TypeDef::Enum(e) if &e.name == name && e.kind == crate::spec::EnumKind::String)),
            _ => false,
        }
        };
        let kind = field("type").filter(|f| f.required && string_enum(&f.ty)).is_some();
        if !(kind && typed("offset", TypeExpr::Integer) && typed("length", TypeExpr::Integer)) {
            self.report.error(
                Pos::at(entity),
                format!(
                    "entity `{}` must have the required fields type (a String or string enum), offset and length (Integer)",
                    entity.value
                ),
            );
            return None;
        }
        let optional = |name: &str, ty: TypeExpr| {
            field(name).filter(|f| f.ty == ty && !f.required).map(|f| f.rust_name.clone())
        };
        let user = field("user").filter(|f| !f.required).and_then(|f| match &f.ty {
            TypeExpr::Named(user) => {
                let user_object = self::object(types, user)?;
                let id = user_object
                    .fields
                    .iter()
                    .find(|f| f.name == "id" && f.ty == TypeExpr::Integer && f.required)?;
                let defaults: Option<Vec<ir::UserArgument>> = user_object
                    .fields
                    .iter()
                    .filter(|f| f.required && f.storage != ir::Storage::Constant)
                    .map(|f| match &f.ty {
                        _ if f.rust_name == id.rust_name => Some(ir::UserArgument::Id),
                        ty @ (TypeExpr::String | TypeExpr::Boolean | TypeExpr::Integer | TypeExpr::Float) => {
                            Some(ir::UserArgument::Default(ty.clone()))
                        }
                        _ => None,
                    })
                    .collect();
                let defaults = defaults?;
                Some(ir::EntityUser { field: f.rust_name.clone(), object: user.clone(), arguments: defaults })
            }
            _ => None,
        });
        Some(ir::Entity {
            object: object.name.clone(),
            url: optional("url", TypeExpr::String),
            language: optional("language", TypeExpr::String),
            user,
        })
    }

    fn rate_limits(&mut self, limits: &spec::RateLimits) -> Option<ir::RateLimits> {
        let mut rate = |spanned: &Spanned<[u32; 2]>| {
            let [count, seconds] = spanned.value;
            if count == 0 || seconds == 0 {
                self.report.error(Pos::at(spanned), "a rate is [count, seconds], both above 0");
            }
            (count, seconds)
        };
        Some(ir::RateLimits {
            private_chat: rate(&limits.private_chat),
            group_chat: rate(&limits.group_chat),
            overall: rate(&limits.overall),
            source: limits.source.clone(),
        })
    }

    fn throttle(
        &mut self,
        throttle: &spec::Throttle,
        methods: &[ir::Method],
        types: &[TypeDef],
    ) -> ir::Throttle {
        let mut targets = Vec::new();
        for method in methods {
            if !throttle.sends.iter().any(|prefix| method.name.starts_with(prefix.value.as_str())) {
                continue;
            }
            let Some(chat) = method.params.iter().find(|p| p.name == throttle.chat.value) else { continue };
            let Some(chat_form) = chat_form(&chat.ty, types) else {
                self.report.error(
                    Pos::at(&throttle.chat),
                    format!(
                        "`{}` of `{}` must be an Integer, a String or a union of them",
                        chat.name, method.name
                    ),
                );
                continue;
            };
            let kind = throttle.kind.as_ref().and_then(|kind| {
                let param = method.params.iter().find(|p| p.name == kind.parameter.value)?;
                let found = match &param.ty {
                    TypeExpr::Named(name) => types.iter().find_map(|t| match t {
                        TypeDef::Enum(e) if &e.name == name && e.kind == crate::spec::EnumKind::Integer => {
                            Some(e)
                        }
                        _ => None,
                    }),
                    _ => None,
                };
                let Some(found) = found else {
                    self.report.error(
                        Pos::at(&kind.parameter),
                        format!("`{}` of `{}` must be an integer enum", param.name, method.name),
                    );
                    return None;
                };
                let mut private = Vec::new();
                for value in &kind.private {
                    let variant = found
                        .values
                        .iter()
                        .find(|v| v.value == crate::spec::ConstValue::Integer(value.value));
                    match variant {
                        Some(variant) => private.push(variant.rust_name.clone()),
                        None => self.report.error(
                            Pos::at(value),
                            format!("{} is no value of `{}`", value.value, found.name),
                        ),
                    }
                }
                Some(ir::TargetKind {
                    parameter: param.rust_name.clone(),
                    required: param.required,
                    enum_name: found.name.clone(),
                    private,
                })
            });
            let count = throttle.counts.iter().find(|c| c.method.value == method.name).and_then(|count| {
                let list = method.params.iter().find(|p| p.name == count.list.value);
                match list {
                    Some(list) if matches!(list.ty, TypeExpr::Array(_)) => {
                        Some((list.rust_name.clone(), list.required))
                    }
                    _ => {
                        self.report.error(
                            Pos::at(&count.list),
                            format!("`{}` is no list parameter of `{}`", count.list.value, method.name),
                        );
                        None
                    }
                }
            });
            targets.push(ir::Target {
                method: method.name.clone(),
                chat: chat.rust_name.clone(),
                chat_required: chat.required,
                chat_form,
                kind,
                count,
            });
        }
        for count in &throttle.counts {
            if !targets.iter().any(|t| t.method == count.method.value) {
                self.report.error(
                    Pos::at(&count.method),
                    format!("`{}` is no method of this spec that sends messages", count.method.value),
                );
            }
        }
        ir::Throttle {
            sends: throttle.sends.iter().map(|s| s.value.clone()).collect(),
            chat: throttle.chat.value.clone(),
            kind: throttle
                .kind
                .as_ref()
                .map(|k| (k.parameter.value.clone(), k.private.iter().map(|v| v.value).collect())),
            counts: throttle.counts.iter().map(|c| (c.method.value.clone(), c.list.value.clone())).collect(),
            targets,
        }
    }
}

/// The object named `name`.
fn object<'t>(types: &'t [TypeDef], name: &str) -> Option<&'t ir::Object> {
    types.iter().find_map(|t| match t {
        TypeDef::Object(o) if o.name == name => Some(o),
        _ => None,
    })
}

/// How a chat parameter is written: an integer, a string, or a union of the two.
fn chat_form(ty: &TypeExpr, types: &[TypeDef]) -> Option<ir::ChatForm> {
    match ty {
        TypeExpr::Integer => Some(ir::ChatForm::Integer),
        TypeExpr::String => Some(ir::ChatForm::String),
        TypeExpr::Named(name) => types.iter().find_map(|t| match t {
            TypeDef::Union(u) if &u.name == name && u.tag.is_none() => {
                let variant =
                    |ty: TypeExpr| u.variants.iter().find(|v| v.ty == ty).map(|v| v.rust_name.clone());
                let (integer, string) = (variant(TypeExpr::Integer)?, variant(TypeExpr::String)?);
                (u.variants.len() == 2).then(|| ir::ChatForm::Union { name: name.clone(), integer, string })
            }
            _ => None,
        }),
        _ => None,
    }
}

impl Resolver<'_> {
    /// Each callback's `issued_at` (a required Integer field of its payload) and
    /// `sign_in_link` (a template with `{bot_id}`, `{callback_url}` and `{scope}`).
    pub(crate) fn callback_extras(
        &mut self,
        spec: &spec::Spec,
        types: &[TypeDef],
        callbacks: &mut [ir::Callback],
    ) {
        for (callback, out) in spec.callbacks.iter().zip(callbacks.iter_mut()) {
            if let Some(issued_at) = &callback.issued_at {
                let field = object(types, &callback.payload.value)
                    .and_then(|o| o.fields.iter().find(|f| f.name == issued_at.value))
                    .filter(|f| f.ty == TypeExpr::Integer && f.required && f.storage == ir::Storage::Inline);
                match field {
                    Some(field) => out.issued_at = Some(field.rust_name.clone()),
                    None => self.report.error(
                        Pos::at(issued_at),
                        format!(
                            "issued_at `{}` must be a required Integer field of `{}`",
                            issued_at.value, callback.payload.value
                        ),
                    ),
                }
            }
            if let Some(link) = &callback.sign_in_link {
                self.check_template(&link.template, &["{bot_id}", "{callback_url}", "{scope}"]);
                if let Some(stray) = link.required.iter().find(|r| !link.scopes.contains(r)) {
                    self.report.error(
                        Pos::at(&link.template),
                        format!("required scope `{stray}` is not among the scopes"),
                    );
                }
                out.sign_in_link =
                    Some((link.template.value.clone(), link.scopes.clone(), link.required.clone()));
            }
        }
    }
}
