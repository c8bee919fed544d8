//! The differences between two APIs: two platforms, or two revisions of one spec.
//!
//! [`diff`] is a pure function of two resolved APIs; [`render`] turns its [`Report`] into
//! text, Markdown or JSON, and [`platforms`] writes the cross-platform overview
//! `docs/platforms.md`. Methods and types are lined up by name, and by the specs'
//! cross-platform links where names differ; type expressions are compared structurally.

mod errors;
mod exprs;
pub mod family;
mod lineup;
mod members;
mod methods;
pub mod platforms;
pub mod render;
mod report;
pub mod semver;
mod settings;
mod types;

use std::collections::HashMap;

pub use report::{
    Change, Code, CodeChange, CodeSection, Counts, Item, ItemKind, MatchedBy, Member, Pair, Property, Report,
    Section, Shared, Side, Summary,
};

use crate::ir::Api;
use exprs::Exprs;
use lineup::{line_up, Items, Lineup, Linked};

/// What a comparison looks at beyond the API itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Also compare the descriptions of methods, types, parameters and fields.
    pub descriptions: bool,
}

/// Everything that differs between `a` and `b`. Each side's source is its platform name
/// until set with [`Report::with_sources`].
pub fn diff(a: &Api, b: &Api) -> Report {
    diff_with(a, b, Options::default())
}

/// [`diff`], with `options`.
pub fn diff_with(a: &Api, b: &Api, options: Options) -> Report {
    let type_lineup = line_up(&Items::types(a), &Items::types(b));
    let renamed: HashMap<&str, &str> = type_lineup
        .pairs
        .iter()
        .filter(|(_, _, by)| *by == MatchedBy::Link)
        .map(|(x, y, _)| (x.name(), y.name()))
        .collect();
    let exprs = Exprs::new(a, b, renamed);
    let method_lineup = line_up(&Items::methods(a), &Items::methods(b));
    let shared = Shared { methods: method_lineup.pairs.len(), types: type_lineup.pairs.len() };
    Report {
        a: side(a),
        b: side(b),
        platform: settings::compare(&a.platform, &b.platform)
            .into_iter()
            .chain(settings::compare_interface(a, b))
            .collect(),
        methods: section(method_lineup, |_| ItemKind::Method, |x, y| methods::compare(x, y, &exprs, options)),
        types: section(type_lineup, types::item_kind, |x, y| types::compare(x, y, &exprs, options)),
        error_codes: errors::compare(&a.error_codes, &b.error_codes),
        shared,
        family: family::rows(a, b),
    }
}

fn side(api: &Api) -> Side {
    Side {
        platform: api.platform.name.clone(),
        title: api.platform.title.clone(),
        source: api.platform.name.clone(),
        version: None,
        released: None,
    }
}

/// The report section of lined-up items: a pair is listed when `compare` finds changes
/// or when it was lined up by a link (its names differ).
fn section<T: Linked>(
    lineup: Lineup<'_, T>,
    kind: impl Fn(&T) -> ItemKind,
    compare: impl Fn(&T, &T) -> Vec<Change>,
) -> Section {
    let items = |list: &[&T]| {
        let mut items: Vec<Item> =
            list.iter().map(|item| Item { name: item.name().to_owned(), kind: kind(item) }).collect();
        items.sort_by(|x, y| x.name.cmp(&y.name));
        items
    };
    let mut changed: Vec<Pair> = lineup
        .pairs
        .iter()
        .filter_map(|(a, b, matched_by)| {
            let mut changes = compare(a, b);
            changes.sort_by(|x, y| x.rank().cmp(&y.rank()));
            (*matched_by == MatchedBy::Link || !changes.is_empty()).then(|| Pair {
                a: a.name().to_owned(),
                b: b.name().to_owned(),
                kind: kind(a),
                matched_by: *matched_by,
                changes,
            })
        })
        .collect();
    changed.sort_by(|x, y| x.a.cmp(&y.a));
    Section { only_in_a: items(&lineup.only_a), only_in_b: items(&lineup.only_b), changed }
}
