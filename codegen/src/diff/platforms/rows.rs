//! Lining up the items of several platforms into rows: two items share a row when the
//! pairwise line-up of their platforms pairs them (by name or link), transitively.

use std::collections::HashMap;

use crate::diff::lineup::{line_up, Items, Linked};

/// One row: each platform's items in it (usually none or one), in platform order.
pub(crate) struct Row<'a, T> {
    /// The row's name: the name most platforms use, the first platform's on a tie.
    pub(crate) name: &'a str,
    /// Per platform, the items in the row.
    pub(crate) cells: Vec<Vec<&'a T>>,
}

/// The rows of `sides`' items, sorted by name.
pub(crate) fn rows<'a, T: Linked>(sides: &[Items<'a, T>]) -> Vec<Row<'a, T>> {
    let nodes: Vec<(usize, &'a T)> = sides
        .iter()
        .enumerate()
        .flat_map(|(s, side)| side.items.iter().map(move |&item| (s, item)))
        .collect();
    let index: HashMap<(usize, &str), usize> =
        nodes.iter().enumerate().map(|(n, (s, item))| ((*s, item.name()), n)).collect();
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    for (i, a) in sides.iter().enumerate() {
        for (j, b) in sides.iter().enumerate().skip(i + 1) {
            for (x, y, _) in line_up(a, b).pairs {
                if let (Some(&x), Some(&y)) = (index.get(&(i, x.name())), index.get(&(j, y.name()))) {
                    let (x, y) = (root(&mut parent, x), root(&mut parent, y));
                    parent[y] = x;
                }
            }
        }
    }
    let mut groups: Vec<(usize, Vec<Vec<&'a T>>)> = Vec::new();
    for (n, (side, item)) in nodes.iter().enumerate() {
        let group = root(&mut parent, n);
        let at = match groups.iter().position(|(g, _)| *g == group) {
            Some(at) => at,
            None => {
                groups.push((group, vec![Vec::new(); sides.len()]));
                groups.len() - 1
            }
        };
        groups[at].1[*side].push(*item);
    }
    let mut rows: Vec<Row<'a, T>> =
        groups.into_iter().map(|(_, cells)| Row { name: name(&cells), cells }).collect();
    rows.sort_by(|x, y| x.name.cmp(y.name));
    rows
}

fn root(parent: &mut [usize], mut node: usize) -> usize {
    while parent[node] != node {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    node
}

/// The name most cells use; the first cell's on a tie.
fn name<'a, T: Linked>(cells: &[Vec<&'a T>]) -> &'a str {
    let names: Vec<&'a str> = cells.iter().flatten().map(|item| item.name()).collect();
    let uses = |name: &str| names.iter().filter(|n| **n == name).count();
    names.iter().copied().fold("", |best, name| if uses(name) > uses(best) { name } else { best })
}
