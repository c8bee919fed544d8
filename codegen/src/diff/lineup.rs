//! Lining up the items of two APIs: by cross-platform link, then by name.
//!
//! A link counts in both directions: A's item linking to B's platform, or B's item linking
//! to A's platform. Links are tried first (A's, then B's), then equal names; an item is
//! paired at most once, and a link naming an item the other side lacks is ignored.

use std::collections::{BTreeMap, HashMap};

use super::report::MatchedBy;
use crate::ir::{Api, Enum, Method, TypeDef};

/// An item with a name and links to the same item on other platforms.
pub(crate) trait Linked {
    /// The item's name.
    fn name(&self) -> &str;
    /// Platform name to the item's name there.
    fn links(&self) -> &BTreeMap<String, String>;
}

impl Linked for Method {
    fn name(&self) -> &str {
        &self.name
    }

    fn links(&self) -> &BTreeMap<String, String> {
        &self.links
    }
}

impl Linked for TypeDef {
    fn name(&self) -> &str {
        TypeDef::name(self)
    }

    fn links(&self) -> &BTreeMap<String, String> {
        TypeDef::links(self)
    }
}

impl Linked for Enum {
    fn name(&self) -> &str {
        &self.name
    }

    fn links(&self) -> &BTreeMap<String, String> {
        &self.links
    }
}

/// One side's items and the platform they belong to.
pub(crate) struct Items<'a, T> {
    /// The platform's name, which the other side's links are keyed by.
    pub(crate) platform: &'a str,
    /// The items.
    pub(crate) items: Vec<&'a T>,
}

impl<'a> Items<'a, Method> {
    /// `api`'s methods.
    pub(crate) fn methods(api: &'a Api) -> Self {
        Items { platform: &api.platform.name, items: api.methods.iter().collect() }
    }
}

impl<'a> Items<'a, TypeDef> {
    /// `api`'s types, without the unions made for inline `X or Y` expressions.
    pub(crate) fn types(api: &'a Api) -> Self {
        let declared = |t: &&TypeDef| !matches!(t, TypeDef::Union(u) if u.synthesized);
        Items { platform: &api.platform.name, items: api.types.iter().filter(declared).collect() }
    }
}

impl<'a> Items<'a, Enum> {
    /// `api`'s enums.
    pub(crate) fn enums(api: &'a Api) -> Self {
        let enums = api.types.iter().filter_map(|t| match t {
            TypeDef::Enum(e) => Some(e),
            _ => None,
        });
        Items { platform: &api.platform.name, items: enums.collect() }
    }
}

/// The items of two sides, lined up.
pub(crate) struct Lineup<'a, T> {
    /// Items both sides have, in A's order.
    pub(crate) pairs: Vec<(&'a T, &'a T, MatchedBy)>,
    /// Items only A has, in A's order.
    pub(crate) only_a: Vec<&'a T>,
    /// Items only B has, in B's order.
    pub(crate) only_b: Vec<&'a T>,
}

/// Lines up `a`'s items with `b`'s.
pub(crate) fn line_up<'a, T: Linked>(a: &Items<'a, T>, b: &Items<'a, T>) -> Lineup<'a, T> {
    let index = |items: &[&'a T]| -> HashMap<&'a str, usize> {
        items.iter().enumerate().map(|(i, item)| (item.name(), i)).collect()
    };
    let (a_index, b_index) = (index(&a.items), index(&b.items));
    let linked = |from: &Items<'a, T>, to: &Items<'a, T>, to_index: &HashMap<&str, usize>| {
        from.items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| Some((i, *to_index.get(item.links().get(to.platform)?.as_str())?)))
            .collect::<Vec<_>>()
    };
    let a_links = linked(a, b, &b_index);
    let b_links = linked(b, a, &a_index).into_iter().map(|(j, i)| (i, j));
    let same_name = a.items.iter().enumerate().filter_map(|(i, item)| Some((i, *b_index.get(item.name())?)));

    let mut partner: Vec<Option<usize>> = vec![None; a.items.len()];
    let mut taken = vec![false; b.items.len()];
    for (i, j) in a_links.into_iter().chain(b_links).chain(same_name) {
        if partner[i].is_none() && !taken[j] {
            partner[i] = Some(j);
            taken[j] = true;
        }
    }

    let mut lineup = Lineup { pairs: Vec::new(), only_a: Vec::new(), only_b: Vec::new() };
    for (&item, partner) in a.items.iter().zip(&partner) {
        match partner {
            Some(j) => {
                let other = b.items[*j];
                let by = if item.name() == other.name() { MatchedBy::Name } else { MatchedBy::Link };
                lineup.pairs.push((item, other, by));
            }
            None => lineup.only_a.push(item),
        }
    }
    lineup.only_b = b.items.iter().zip(&taken).filter(|(_, taken)| !**taken).map(|(item, _)| *item).collect();
    lineup
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Thing {
        name: &'static str,
        links: BTreeMap<String, String>,
    }

    impl Linked for Thing {
        fn name(&self) -> &str {
            self.name
        }

        fn links(&self) -> &BTreeMap<String, String> {
            &self.links
        }
    }

    fn thing(name: &'static str, links: &[(&str, &str)]) -> Thing {
        Thing { name, links: links.iter().map(|(p, n)| (p.to_string(), n.to_string())).collect() }
    }

    #[test]
    fn links_count_both_ways_and_before_names() {
        let a = [thing("del", &[("y", "delete")]), thing("send", &[]), thing("kick", &[]), thing("a", &[])];
        let b =
            [thing("delete", &[]), thing("sendText", &[("x", "send")]), thing("kick", &[]), thing("b", &[])];
        let a = Items { platform: "x", items: a.iter().collect() };
        let b = Items { platform: "y", items: b.iter().collect() };
        let lineup = line_up(&a, &b);
        let pairs: Vec<_> = lineup.pairs.iter().map(|(a, b, by)| (a.name, b.name, *by)).collect();
        assert_eq!(
            pairs,
            [
                ("del", "delete", MatchedBy::Link),
                ("send", "sendText", MatchedBy::Link),
                ("kick", "kick", MatchedBy::Name)
            ]
        );
        assert_eq!(lineup.only_a.iter().map(|t| t.name).collect::<Vec<_>>(), ["a"]);
        assert_eq!(lineup.only_b.iter().map(|t| t.name).collect::<Vec<_>>(), ["b"]);
    }

    #[test]
    fn a_link_to_a_missing_item_falls_back_to_names() {
        let a = [thing("same", &[("y", "gone")])];
        let b = [thing("same", &[])];
        let lineup = line_up(
            &Items { platform: "x", items: a.iter().collect() },
            &Items { platform: "y", items: b.iter().collect() },
        );
        assert_eq!(lineup.pairs.len(), 1);
        assert_eq!(lineup.pairs[0].2, MatchedBy::Name);
    }
}
