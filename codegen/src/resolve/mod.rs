//! Checking a spec and lowering it into the IR.
//!
//! Every problem is reported with its position, and checking goes on after a problem so
//! that one run reports them all.

mod boxing;
mod fields;
mod interface;
mod runtime_data;
mod types;

use std::collections::{BTreeMap, HashMap};

use crate::diag::{Diagnostics, Pos, Reporter};
use crate::ir;
use crate::names;
use crate::spec::typeexpr::{TypeExpr, BUILTINS};
use crate::spec::{self, Spanned, Spec, Verb};

/// What kind of thing a spec type name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Union,
    IntegerEnum,
    StringEnum,
}

/// The state shared by the checks: the reporter and the table of type names.
pub(crate) struct Resolver<'s> {
    pub(crate) report: Reporter,
    pub(crate) kinds: HashMap<&'s str, Kind>,
    pub(crate) spec: &'s Spec,
    /// Unions made for inline `X or Y` expressions, by expression: name and first use.
    pub(crate) synthesized: BTreeMap<TypeExpr, (String, Pos)>,
}

/// Checks `spec` (read from `file`) and lowers it into the IR.
pub fn resolve(file: &str, spec: &Spec) -> Result<ir::Api, Diagnostics> {
    let mut resolver =
        Resolver { report: Reporter::new(file), kinds: HashMap::new(), spec, synthesized: BTreeMap::new() };
    let platform = resolver.platform(&spec.platform);
    resolver.collect_type_names();
    resolver.check_choice_names();
    let methods = resolver.methods(spec);
    let mut types = resolver.types(spec);
    let error_codes = resolver.error_codes(&spec.error_codes);
    types.extend(resolver.synthesized_unions());
    let auth = resolver.auth(spec);
    let (error_shape, error_strings) = resolver.error_strings(spec);
    let has_updates = resolver.updates(spec);
    let mut callbacks = resolver.callbacks(spec);
    resolver.callback_extras(spec, &types, &mut callbacks);
    let mut platform = platform;
    platform.runtime = resolver.runtime_data(&spec.platform, &methods, &types);
    let sections = spec.sections.clone();
    let mut api = ir::Api {
        platform,
        errata: spec.errata.clone(),
        sections,
        methods,
        types,
        error_codes,
        error_descriptions: spec.error_descriptions.clone(),
        auth,
        error_shape,
        error_strings,
        has_updates,
        callbacks,
    };
    boxing::box_fields(&mut api);
    resolver.report.finish()?;
    Ok(api)
}

/// Loads, checks and lowers the spec file at `path`.
pub fn load(path: &std::path::Path) -> Result<ir::Api, Diagnostics> {
    let spec = crate::spec::load::read(path)?;
    resolve(&path.display().to_string(), &spec)
}

impl<'s> Resolver<'s> {
    fn platform(&mut self, platform: &spec::Platform) -> ir::Platform {
        let name = &platform.name;
        if !(names::is_identifier(&name.value) && name.value.chars().all(|c| !c.is_ascii_uppercase())) {
            self.report.error(
                Pos::at(name),
                format!("platform name `{}` must be a lower-case Rust identifier", name.value),
            );
        }
        // `{token}` is checked with `auth` (it is in the URL only when the token is).
        self.check_template(&platform.url_template, &["{base}", "{method}"]);
        if let Some(template) = &platform.file_url_template {
            self.check_template(template, &["{base}", "{token}", "{path}"]);
        }
        if !platform.base_url.value.starts_with("http://") && !platform.base_url.value.starts_with("https://")
        {
            self.report.error(Pos::at(&platform.base_url), "base_url must start with http:// or https://");
        }
        let mut encodings = Vec::new();
        for encoding in &platform.encodings {
            let word = match encoding.value {
                spec::Encoding::Query => "query",
                spec::Encoding::Form => "form",
                spec::Encoding::Json => "json",
                spec::Encoding::Multipart => "multipart",
            };
            if encodings.contains(&word.to_owned()) {
                self.report.error(Pos::at(encoding), format!("encoding `{word}` is listed twice"));
            }
            encodings.push(word.to_owned());
        }
        ir::Platform {
            name: name.value.clone(),
            title: platform.title.clone(),
            description: platform.description.clone(),
            base_url: platform.base_url.value.trim_end_matches('/').to_owned(),
            url_template: platform.url_template.value.clone(),
            file_url_template: platform.file_url_template.as_ref().map(|t| t.value.clone()),
            case_sensitive_methods: platform.case_sensitive_methods,
            encodings,
            webhook_secret_header: platform.webhook_secret_header.clone(),
            runtime: ir::RuntimeData::default(),
        }
    }

    fn check_template(&mut self, template: &Spanned<String>, placeholders: &[&str]) {
        for placeholder in placeholders {
            if !template.value.contains(placeholder) {
                self.report.error(
                    Pos::at(template),
                    format!("URL template `{}` must contain {placeholder}", template.value),
                );
            }
        }
    }

    /// Records every type name, reporting duplicates and invalid names.
    fn collect_type_names(&mut self) {
        let spec = self.spec;
        let mut seen: HashMap<&str, Pos> = HashMap::new();
        let mut declare = |resolver: &mut Self, name: &'s Spanned<String>, kind: Kind| {
            let pos = Pos::at(name);
            if BUILTINS.contains(&name.value.as_str()) {
                resolver
                    .report
                    .error(pos, format!("`{}` is a built-in type and cannot be defined", name.value));
            } else if !crate::spec::typeexpr::is_type_name(&name.value) || names::is_keyword(&name.value) {
                resolver.report.error(
                    pos,
                    format!(
                        "type name `{}` must be ASCII letters and digits starting upper-case",
                        name.value
                    ),
                );
            } else if let Some(first) = seen.get(name.value.as_str()) {
                resolver.report.error(
                    pos,
                    format!("type `{}` is defined twice (first at line {})", name.value, first.line),
                );
            } else {
                seen.insert(&name.value, pos);
                resolver.kinds.insert(&name.value, kind);
            }
        };
        for object in &spec.objects {
            declare(self, &object.name, Kind::Object);
        }
        for union in &spec.unions {
            declare(self, &union.name, Kind::Union);
        }
        for enumeration in &spec.enums {
            let kind = match enumeration.kind.value {
                spec::EnumKind::Integer => Kind::IntegerEnum,
                spec::EnumKind::String => Kind::StringEnum,
            };
            declare(self, &enumeration.name, kind);
        }
    }

    /// Parses a type expression and checks that every name in it is defined. Inline
    /// `X or Y` expressions are replaced by the union that stands for them.
    pub(crate) fn type_expr(&mut self, text: &Spanned<String>) -> Option<TypeExpr> {
        self.type_expr_at(&text.value, Pos::at(text))
    }

    /// [`Self::type_expr`] for text at `pos`.
    pub(crate) fn type_expr_at(&mut self, text: &str, pos: Pos) -> Option<TypeExpr> {
        let expr = match TypeExpr::parse(text) {
            Ok(expr) => expr,
            Err(message) => {
                self.report.error(pos, message);
                return None;
            }
        };
        let mut ok = true;
        for name in expr.names() {
            if !self.kinds.contains_key(name) {
                self.report.error(
                    pos,
                    format!("unknown type `{name}`: not a built-in type nor defined in this spec"),
                );
                ok = false;
            }
        }
        ok.then(|| self.name_choices(expr, pos))
    }

    fn name_choices(&mut self, expr: TypeExpr, pos: Pos) -> TypeExpr {
        match expr {
            TypeExpr::Array(element) => TypeExpr::Array(Box::new(self.name_choices(*element, pos))),
            TypeExpr::OneOf(alternatives) => {
                let alternatives: Vec<TypeExpr> =
                    alternatives.into_iter().map(|a| self.name_choices(a, pos)).collect();
                let key = TypeExpr::OneOf(alternatives);
                if let Some(declared) = self.declared_union_for(&key) {
                    return TypeExpr::Named(declared);
                }
                let (name, _) = self
                    .synthesized
                    .entry(key.clone())
                    .or_insert_with(|| (synthesized_name(&key), pos))
                    .clone();
                TypeExpr::Named(name)
            }
            other => other,
        }
    }

    /// A declared untagged union whose variants are exactly these alternatives.
    fn declared_union_for(&self, key: &TypeExpr) -> Option<String> {
        let TypeExpr::OneOf(alternatives) = key else { return None };
        self.spec.unions.iter().find_map(|union| {
            let variants: Option<Vec<TypeExpr>> =
                union.variants.iter().map(|v| TypeExpr::parse(&v.value).ok()).collect();
            let variants = variants?;
            (union.tag.is_none()
                && variants.len() == alternatives.len()
                && variants.iter().all(|v| alternatives.contains(v)))
            .then(|| union.name.value.clone())
        })
    }

    /// A choice (`X or Y`) has one name: two untagged unions of the same variants would
    /// leave it open which one an inline `X or Y` stands for.
    fn check_choice_names(&mut self) {
        let spec = self.spec;
        let mut seen: Vec<(Vec<TypeExpr>, &Spanned<String>)> = Vec::new();
        for union in spec.unions.iter().filter(|u| u.tag.is_none()) {
            let Some(mut variants) =
                union.variants.iter().map(|v| TypeExpr::parse(&v.value).ok()).collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            variants.sort();
            match seen.iter().find(|(other, _)| *other == variants) {
                Some((_, first)) => self.report.error(
                    Pos::at(&union.name),
                    format!(
                        "untagged unions `{}` (line {}) and `{}` have the same variants, so `{}` would have two names",
                        first.value,
                        Pos::at(*first).line,
                        union.name.value,
                        TypeExpr::OneOf(variants.clone())
                    ),
                ),
                None => seen.push((variants, &union.name)),
            }
        }
    }

    fn methods(&mut self, spec: &'s Spec) -> Vec<ir::Method> {
        let default_verb = spec.platform.default_verb.unwrap_or(Verb::Post);
        let mut seen: HashMap<&str, Pos> = HashMap::new();
        let mut out = Vec::new();
        for method in &spec.methods {
            let pos = Pos::at(&method.name);
            let name = &method.name.value;
            let valid = names::is_identifier(name) && name.starts_with(|c: char| c.is_ascii_alphabetic());
            if !valid {
                self.report.error(pos, format!("method name `{name}` must be a Rust identifier"));
            } else if let Some(first) = seen.get(name.as_str()) {
                self.report
                    .error(pos, format!("method `{name}` is defined twice (first at line {})", first.line));
            } else {
                seen.insert(name, pos);
            }
            let type_name = names::type_name(name);
            if self.kinds.contains_key(type_name.as_str()) {
                self.report.error(
                    pos,
                    format!("method `{name}` would be the struct `{type_name}`, which is also a type of this spec"),
                );
            }
            let verb = method.verb.unwrap_or(default_verb);
            let params = self.fields(&method.params, &format!("method `{name}`"));
            if verb == Verb::Get {
                for param in params.iter().filter(|p| p.ty == TypeExpr::InputFile) {
                    self.report.error(
                        pos,
                        format!("method `{name}` is GET but parameter `{}` uploads a file", param.name),
                    );
                }
            }
            let path = match &method.path {
                Some(path) if path.value.is_empty() || path.value.contains(['/', '?', '#', ' ']) => {
                    self.report
                        .error(Pos::at(path), "path must be one URL segment without /, ?, # or spaces");
                    path.value.clone()
                }
                Some(path) => path.value.clone(),
                None => name.clone(),
            };
            let returns = method.returns.as_ref().and_then(|r| self.type_expr(r));
            let examples = self.method_examples(method, &params);
            let links = self.links(&method.links);
            out.push(ir::Method {
                name: name.clone(),
                fn_name: names::value_name(name),
                type_name,
                path,
                verb,
                group: method.group.clone(),
                description: method.description.clone(),
                params,
                returns,
                returns_description: method.returns_description.clone(),
                notes: method.notes.clone(),
                links,
                errata: method.errata.clone(),
                examples,
            });
        }
        out
    }

    fn method_examples(&mut self, method: &spec::Method, params: &[ir::Field]) -> Vec<ir::MethodExample> {
        let mut out = Vec::new();
        for example in &method.examples {
            let mut ignored = Vec::new();
            for field in &example.ignored_fields {
                if params.iter().any(|p| p.name == field.value) {
                    self.report.error(
                        Pos::at(field),
                        format!(
                            "`{}` is a parameter of `{}`, so it cannot be ignored",
                            field.value, method.name.value
                        ),
                    );
                }
                ignored.push(field.value.clone());
            }
            if let Some(request) = &example.request {
                if let Some(serde_json::Value::Object(map)) = self.json(request, "request example") {
                    for key in map.keys() {
                        if !params.iter().any(|p| &p.name == key) && !ignored.contains(key) {
                            self.report.error(
                                Pos::at(request),
                                format!(
                                    "the request example sends `{key}`, which is not a parameter of `{}` \
                                     (add the parameter, or list it in ignored_fields with an erratum)",
                                    method.name.value
                                ),
                            );
                        }
                    }
                } else if !request.value.trim().is_empty() {
                    self.report.error(Pos::at(request), "a request example must be a JSON object");
                }
            }
            if let Some(response) = &example.response {
                match self.json(response, "response example") {
                    Some(serde_json::Value::Object(map)) if map.contains_key("ok") => {}
                    Some(_) => self.report.error(
                        Pos::at(response),
                        "a response example must be the whole envelope: a JSON object with `ok`",
                    ),
                    None => {}
                }
            }
            out.push(ir::MethodExample {
                request: example.request.as_ref().map(|r| r.value.clone()),
                response: example.response.as_ref().map(|r| r.value.clone()),
                ignored_fields: ignored,
            });
        }
        out
    }

    /// Parses JSON example text, reporting where it is broken.
    pub(crate) fn json(&mut self, text: &Spanned<String>, what: &str) -> Option<serde_json::Value> {
        match serde_json::from_str(&text.value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.report.error(
                    Pos::at(text),
                    format!("{what} is not valid JSON: {error} (line {} of the example)", error.line()),
                );
                None
            }
        }
    }

    pub(crate) fn links(&mut self, links: &spec::Links) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (platform, name) in links {
            if !names::is_identifier(platform) || platform.chars().any(|c| c.is_ascii_uppercase()) {
                self.report.error(
                    Pos::at(name),
                    format!("link platform `{platform}` must be a lower-case platform name"),
                );
            }
            if platform == &self.spec.platform.name.value {
                self.report.error(Pos::at(name), "a link must name another platform");
            }
            out.insert(platform.clone(), name.value.clone());
        }
        out
    }

    fn error_codes(&mut self, codes: &[spec::ErrorCode]) -> Vec<ir::ErrorCode> {
        let mut by_code: HashMap<i64, Pos> = HashMap::new();
        let mut by_name: HashMap<&str, Pos> = HashMap::new();
        let mut out = Vec::new();
        for code in codes {
            let pos = Pos::at(&code.code);
            if let Some(first) = by_code.insert(code.code.value, pos) {
                self.report.error(
                    pos,
                    format!("error code {} is listed twice (first at line {})", code.code.value, first.line),
                );
            }
            let name = &code.name.value;
            if !names::is_identifier(name)
                || !name.starts_with(|c: char| c.is_ascii_uppercase())
                || name == "Unknown"
            {
                self.report.error(
                    Pos::at(&code.name),
                    format!(
                        "error code name `{name}` must be an UpperCamelCase identifier other than `Unknown`"
                    ),
                );
            } else if let Some(first) = by_name.insert(name, Pos::at(&code.name)) {
                self.report.error(
                    Pos::at(&code.name),
                    format!("error code name `{name}` is used twice (first at line {})", first.line),
                );
            }
            out.push(ir::ErrorCode {
                code: code.code.value,
                rust_name: name.clone(),
                description: code.description.clone(),
                rate_limit: code.rate_limit,
                errata: code.errata.clone(),
            });
        }
        out
    }
}

/// The name of the union standing for an inline choice: `IntegerOrString`.
fn synthesized_name(expr: &TypeExpr) -> String {
    match expr {
        TypeExpr::OneOf(alternatives) => {
            alternatives.iter().map(synthesized_name).collect::<Vec<_>>().join("Or")
        }
        TypeExpr::Array(element) => format!("ArrayOf{}", synthesized_name(element)),
        other => other.to_string(),
    }
}
