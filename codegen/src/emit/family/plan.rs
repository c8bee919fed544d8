//! What the family is, read from the specs: its catalogue of methods (named by the
//! reference platform), each platform's member of each method found through the specs'
//! `links` (or equal names, as `cargo xtask diff` lines them up), the parameters' forms,
//! the family objects they reach, and the read traits of what an update carries.

use super::forms::{build, family_name, forms, object_named, scalar, Form, REFERENCE};
use crate::emit::accessors::feed_update;
use crate::ir::{Api, Field, Method, Object, Storage, TypeDef, TypeExpr};

/// What a family method gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Nothing (the call succeeded).
    Nothing,
    /// The `message_id` of the object the method returns (the message sent).
    MessageId,
}

/// A method of the family, as the catalogue declares it.
#[derive(Debug)]
pub struct Entry {
    /// The trait's name.
    pub trait_name: &'static str,
    /// The trait function's name.
    pub function: &'static str,
    /// The method's name on the reference platform.
    pub anchor: &'static str,
    /// The family name of the received object the call is about; the platform's
    /// parameters `<subject>_<field>` (and required ones named like one of its fields) are
    /// filled from it.
    pub subject: &'static str,
    /// The parameters the family function takes, by wire name.
    pub params: &'static [&'static str],
    /// What the function returns.
    pub output: Output,
    /// The trait's doc comment.
    pub doc: &'static str,
}

/// The family's methods. Which calls the family offers is this list; everything else (each
/// platform's method, the parameters' types, how each is filled) is read from the specs.
pub const CATALOGUE: [Entry; 3] = [
    Entry {
        trait_name: "SendText",
        function: "send_text",
        anchor: "sendMessage",
        subject: "Chat",
        params: &["text"],
        output: Output::MessageId,
        doc: "Sends a text message to a chat the bot received; gives the sent message's `message_id`.",
    },
    Entry {
        trait_name: "EditText",
        function: "edit_text",
        anchor: "editMessageText",
        subject: "Chat",
        params: &["message_id", "text", "reply_markup"],
        output: Output::Nothing,
        doc: "Replaces the text of a message the bot sent to a chat, optionally with an inline keyboard.",
    },
    Entry {
        trait_name: "AnswerCallbackQuery",
        function: "answer_callback_query",
        anchor: "answerCallbackQuery",
        subject: "CallbackQuery",
        params: &["text"],
        output: Output::Nothing,
        doc: "Answers a callback query (a press on an inline keyboard's button), optionally with a notification text.",
    },
];

/// A parameter of a family function.
#[derive(Debug, Clone)]
pub struct Param {
    /// The wire name.
    pub name: String,
    /// The Rust name.
    pub rust_name: String,
    /// Its form.
    pub form: Form,
    /// Whether the family function requires it (some platform requires it).
    pub required: bool,
}

/// A family object: the fields the linked objects of every platform share.
#[derive(Debug)]
pub struct FamilyObject<'a> {
    /// The family name.
    pub name: String,
    /// The shared fields.
    pub fields: Vec<FamilyField>,
    /// Per platform: its object, or why it has none the family object converts into.
    pub members: Vec<(&'a Api, Result<&'a Object, String>)>,
}

/// A field of a family object.
#[derive(Debug, Clone)]
pub struct FamilyField {
    /// The wire name.
    pub name: String,
    /// The Rust name.
    pub rust_name: String,
    /// Its form.
    pub form: Form,
    /// Whether some platform requires it.
    pub required: bool,
    /// The reference platform's description (else the first platform's).
    pub description: Option<String>,
}

/// A family method and its members.
#[derive(Debug)]
pub struct Trait<'a> {
    /// The catalogue's entry.
    pub entry: &'static Entry,
    /// The function's parameters, in the entry's order.
    pub params: Vec<Param>,
    /// Per platform: its method (when it has one) and whether it implements the trait.
    pub members: Vec<Member<'a>>,
}

/// One platform's part in a family method.
#[derive(Debug)]
pub struct Member<'a> {
    /// The platform.
    pub api: &'a Api,
    /// Its method, lined up with the anchor.
    pub method: Option<&'a Method>,
    /// `Ok` when the platform implements the trait, else why not.
    pub implemented: Result<(), String>,
}

/// A scalar every platform's object has.
#[derive(Debug, Clone)]
pub struct Scalar {
    /// The wire name.
    pub name: String,
    /// The Rust name (the accessor).
    pub rust_name: String,
    /// Its form.
    pub form: Form,
    /// Whether some platform may leave it out.
    pub optional: bool,
}

/// The received objects of an update, as read traits: `Update`, its `message()`, the
/// message's `chat`.
#[derive(Debug)]
pub struct Reads<'a> {
    /// Family names: update, message, chat.
    pub names: [String; 3],
    /// Per read trait, the scalars all platforms share.
    pub scalars: [Vec<Scalar>; 3],
    /// Whether every platform's message has its chat (else `chat()` is an `Option`).
    pub chat_required: bool,
    /// Per platform: its three objects, or why it has not all of them.
    pub members: Vec<(&'a Api, Result<[&'a Object; 3], String>)>,
}

/// The family of `apis`: the platforms with an update feed.
#[derive(Debug)]
pub struct Family<'a> {
    /// The platforms, in the given order.
    pub apis: Vec<&'a Api>,
    /// The read traits.
    pub reads: Reads<'a>,
    /// The family objects, in the order the parameters reach them.
    pub objects: Vec<FamilyObject<'a>>,
    /// The family methods.
    pub traits: Vec<Trait<'a>>,
}

/// The member of `entry` on `api`, by link, then by name.
fn member_method<'a>(api: &'a Api, entry: &Entry) -> Option<&'a Method> {
    let linked = api.methods.iter().find(|m| m.links.get(REFERENCE).is_some_and(|n| n == entry.anchor));
    linked.or_else(|| api.methods.iter().find(|m| m.name == entry.anchor))
}

impl<'a> Family<'a> {
    /// The family of the platforms among `apis` that have an update feed.
    pub fn of(apis: &[&'a Api]) -> Family<'a> {
        let apis: Vec<&'a Api> = apis.iter().copied().filter(|api| feed_update(api).is_some()).collect();
        let reads = reads(&apis);
        let mut traits = Vec::new();
        let mut object_names = Vec::new();
        for entry in &CATALOGUE {
            let methods: Vec<(&'a Api, Option<&'a Method>)> =
                apis.iter().map(|api| (*api, member_method(api, entry))).collect();
            let params = family_params(entry, &methods);
            for param in &params {
                param.form.objects(&mut object_names);
            }
            traits.push((entry, params, methods));
        }
        let objects = family_objects(&apis, object_names);
        let traits = traits
            .into_iter()
            .map(|(entry, params, methods)| {
                let members = methods
                    .into_iter()
                    .map(|(api, method)| {
                        let implemented = match method {
                            None => Err(format!(
                                "{} has no method lined up with {REFERENCE}'s `{}`",
                                api.platform.name, entry.anchor
                            )),
                            Some(method) => {
                                super::methods::check(api, method, entry, &params, &objects, &reads)
                            }
                        };
                        Member { api, method, implemented }
                    })
                    .collect();
                Trait { entry, params, members }
            })
            .collect();
        Family { apis, reads, objects, traits }
    }

    /// Whether `api` has all three read objects (and so implements `family::Bot`).
    pub fn reads_of(&self, api: &Api) -> Option<&[&'a Object; 3]> {
        self.reads.members.iter().find(|(a, _)| a.platform.name == api.platform.name)?.1.as_ref().ok()
    }

    /// The family object named `name`.
    pub fn object(&self, name: &str) -> Option<&FamilyObject<'a>> {
        self.objects.iter().find(|o| o.name == name)
    }

    /// The family traits covering `method` of `platform`: `Ok(trait)` when the platform
    /// implements it with this method, `Err(reason)` when the method is a family method's
    /// member that does not; `None` when no family method lines up with it.
    pub fn coverage(&self, platform: &str, method: &str) -> Option<Result<&'static str, String>> {
        let api = self.apis.iter().find(|api| api.platform.name == platform)?;
        if api.method("getUpdates").is_some_and(|m| m.name == method) {
            let read = self.reads.members.iter().find(|(a, _)| a.platform.name == platform);
            return read.map(|(_, objects)| objects.as_ref().map(|_| "Bot").map_err(String::clone));
        }
        self.traits.iter().find_map(|t| {
            let member = t.members.iter().find(|m| m.api.platform.name == platform)?;
            member.method.filter(|m| m.name == method)?;
            Some(member.implemented.clone().map(|()| t.entry.trait_name))
        })
    }

    /// The family trait whose member on `platform` is `method`.
    pub fn trait_of(&self, platform: &str, method: &str) -> Option<&'static str> {
        self.traits.iter().find_map(|t| {
            let member = t.members.iter().find(|m| m.api.platform.name == platform)?;
            member.method.filter(|m| m.name == method).map(|_| t.entry.trait_name)
        })
    }

    /// Whether every family object `form` names converts into `api`'s.
    pub fn converts(&self, api: &Api, form: &Form) -> bool {
        converts(&self.objects, api, form)
    }
}

/// Whether every family object `form` names converts into `api`'s, among `objects`.
pub fn converts(objects: &[FamilyObject<'_>], api: &Api, form: &Form) -> bool {
    let mut names = Vec::new();
    form.objects(&mut names);
    names.iter().all(|name| {
        objects.iter().find(|o| &o.name == name).is_some_and(|object| {
            object.members.iter().any(|(a, result)| a.platform.name == api.platform.name && result.is_ok())
        })
    })
}

/// The family function's parameters: each of the entry's, with the form every platform
/// having it can build (the first platform's first form, when they share none).
fn family_params(entry: &Entry, methods: &[(&Api, Option<&Method>)]) -> Vec<Param> {
    entry
        .params
        .iter()
        .filter_map(|name| {
            let fields: Vec<(&Api, &Field)> = methods
                .iter()
                .filter_map(|(api, method)| {
                    Some((*api, method.as_ref()?.params.iter().find(|p| p.name == *name)?))
                })
                .collect();
            let (first_api, first) = fields.first()?;
            let form = shared_form(fields.iter().map(|(api, field)| (*api, &field.ty)))
                .or_else(|| forms(first_api, &first.ty).into_iter().next())?;
            Some(Param {
                name: (*name).to_owned(),
                rust_name: first.rust_name.clone(),
                form,
                required: fields.iter().any(|(_, f)| f.required),
            })
        })
        .collect()
}

/// The first form (in the first type's order) that every type can be built from.
fn shared_form<'t>(types: impl Iterator<Item = (&'t Api, &'t TypeExpr)>) -> Option<Form> {
    let mut shared: Option<Vec<Form>> = None;
    for (api, ty) in types {
        let these = forms(api, ty);
        shared = Some(match shared {
            None => these,
            Some(before) => before.into_iter().filter(|form| these.contains(form)).collect(),
        });
    }
    shared?.into_iter().next()
}

/// The family objects named `names` and those their fields reach.
fn family_objects<'a>(apis: &[&'a Api], mut names: Vec<String>) -> Vec<FamilyObject<'a>> {
    let mut objects = Vec::new();
    let mut at = 0;
    while at < names.len() {
        let name = names[at].clone();
        at += 1;
        let found: Vec<(&'a Api, Option<&'a Object>)> =
            apis.iter().map(|api| (*api, object_named(api, &name))).collect();
        let present: Vec<(&'a Api, &'a Object)> =
            found.iter().filter_map(|(a, o)| Some((*a, (*o)?))).collect();
        let fields = shared_fields(&present);
        for field in &fields {
            field.form.objects(&mut names);
        }
        let members = found
            .into_iter()
            .map(|(api, object)| {
                let result = match object {
                    None => Err(format!(
                        "{} has no object lined up with {REFERENCE}'s `{name}`",
                        api.platform.name
                    )),
                    Some(object) => match object.fields.iter().find(|f| {
                        f.required && f.constant.is_none() && !fields.iter().any(|s| s.name == f.name)
                    }) {
                        Some(missing) => Err(format!(
                            "{}'s `{}` requires `{}`, which the other platforms' do not share",
                            api.platform.name, object.name, missing.name
                        )),
                        None => Ok(object),
                    },
                };
                (api, result)
            })
            .collect();
        objects.push(FamilyObject { name, fields, members });
    }
    // An object converts only where each field builds, its objects included: repeat until
    // no member drops out.
    loop {
        let mut dropped = None;
        'find: for (at, object) in objects.iter().enumerate() {
            for (member, (api, result)) in object.members.iter().enumerate() {
                let Ok(platform_object) = result else { continue };
                for field in &object.fields {
                    let Some(target) = platform_object.fields.iter().find(|f| f.name == field.name) else {
                        continue;
                    };
                    let builds = build(api, &field.form, &target.ty, &quote::quote!(value), 8).is_some();
                    if !builds || !converts(&objects, api, &field.form) {
                        let reason = format!(
                            "{}'s `{}.{}` is not built from the family's form of it",
                            api.platform.name, platform_object.name, field.name
                        );
                        dropped = Some((at, member, reason));
                        break 'find;
                    }
                }
            }
        }
        match dropped {
            Some((at, member, reason)) => objects[at].members[member].1 = Err(reason),
            None => break,
        }
    }
    objects
}

/// Whether a field of a sent object can be set by the family: stored, not a constant.
fn settable(field: &Field) -> bool {
    matches!(field.storage, Storage::Inline | Storage::Rare) && field.constant.is_none()
}

/// The fields every object has, settable, with a form all can be built from; in the
/// reference platform's order (else the first's).
fn shared_fields(objects: &[(&Api, &Object)]) -> Vec<FamilyField> {
    let lead = objects.iter().find(|(api, _)| api.platform.name == REFERENCE).or_else(|| objects.first());
    let Some((_, lead)) = lead else { return Vec::new() };
    lead.fields
        .iter()
        .filter(|f| settable(f))
        .filter_map(|field| {
            let all: Vec<(&Api, &Field)> = objects
                .iter()
                .map(|(api, object)| {
                    Some((*api, object.fields.iter().find(|f| f.name == field.name && settable(f))?))
                })
                .collect::<Option<_>>()?;
            let form = shared_form(all.iter().map(|(api, f)| (*api, &f.ty)))?;
            Some(FamilyField {
                name: field.name.clone(),
                rust_name: field.rust_name.clone(),
                form,
                required: all.iter().any(|(_, f)| f.required),
                description: field.description.clone(),
            })
        })
        .collect()
}

/// The three received objects of `api`: the feed's update, its `message` kind's type, and
/// that message's `chat` field's type.
fn read_objects(api: &Api) -> Result<[&Object; 3], String> {
    let name = &api.platform.name;
    let update = feed_update(api).ok_or_else(|| format!("{name} has no update feed"))?;
    let object_of = |ty: &TypeExpr| match ty {
        TypeExpr::Named(n) => match api.type_def(n) {
            Some(TypeDef::Object(object)) => Some(object),
            _ => None,
        },
        _ => None,
    };
    let message = update
        .fields
        .iter()
        .find(|f| f.name == "message" && f.storage == Storage::Exclusive)
        .and_then(|f| object_of(&f.ty))
        .ok_or_else(|| format!("{name}'s `{}` has no `message` kind of an object", update.name))?;
    let chat = message
        .fields
        .iter()
        .find(|f| f.name == "chat")
        .and_then(|f| object_of(&f.ty))
        .ok_or_else(|| format!("{name}'s `{}` has no `chat` object", message.name))?;
    Ok([update, message, chat])
}

/// The read traits of `apis`.
fn reads<'a>(apis: &[&'a Api]) -> Reads<'a> {
    let members: Vec<(&'a Api, Result<[&'a Object; 3], String>)> =
        apis.iter().map(|api| (*api, read_objects(api))).collect();
    let complete: Vec<(&'a Api, [&'a Object; 3])> =
        members.iter().filter_map(|(api, objects)| Some((*api, *objects.as_ref().ok()?))).collect();
    let lead = complete.iter().find(|(api, _)| api.platform.name == REFERENCE).or_else(|| complete.first());
    let names = match lead {
        Some((api, objects)) => objects.map(|o| family_name(api, &o.name).to_owned()),
        None => ["Update", "Message", "Chat"].map(str::to_owned),
    };
    let scalars = [0, 1, 2].map(|at| {
        let objects: Vec<&Object> = complete.iter().map(|(_, objects)| objects[at]).collect();
        shared_scalars(&objects)
    });
    let chat_required = complete.iter().all(|(_, objects)| {
        objects[1].fields.iter().any(|f| f.name == "chat" && f.required && f.storage == Storage::Inline)
    });
    Reads { names, scalars, chat_required, members }
}

/// The scalar fields (integer, number, string, boolean) every object stores with one
/// type, in the first object's order.
fn shared_scalars(objects: &[&Object]) -> Vec<Scalar> {
    let stored = |f: &Field| matches!(f.storage, Storage::Inline | Storage::Rare) && !f.boxed;
    let Some(first) = objects.first() else { return Vec::new() };
    first
        .fields
        .iter()
        .filter(|f| stored(f))
        .filter_map(|field| {
            let form = scalar(&field.ty)?;
            let all: Vec<&Field> = objects
                .iter()
                .map(|o| o.fields.iter().find(|f| f.name == field.name && f.ty == field.ty && stored(f)))
                .collect::<Option<_>>()?;
            let optional = all.iter().any(|f| !f.required || f.storage == Storage::Rare);
            Some(Scalar { name: field.name.clone(), rust_name: field.rust_name.clone(), form, optional })
        })
        .collect()
}
