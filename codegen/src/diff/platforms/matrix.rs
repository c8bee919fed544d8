//! The side-by-side tables: every method across the platforms, and every enum with its
//! values.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::rows::{rows, Row};
use super::{cell, header};
use crate::diff::lineup::{Items, Linked};
use crate::diff::render::code;
use crate::diff::types::enum_kind;
use crate::ir::{Api, ConstValue, Enum};

/// The method matrix: one row per method, a column per platform.
pub(super) fn methods(apis: &[&Api]) -> String {
    let rows = rows(&apis.iter().map(|api| Items::methods(api)).collect::<Vec<_>>());
    let everywhere = rows.iter().filter(|row| row.cells.iter().all(|cell| !cell.is_empty())).count();
    let counts: Vec<String> =
        apis.iter().map(|api| format!("{} {}", api.platform.name, api.methods.len())).collect();
    let mut out = String::from("## Methods\n\n");
    let _ = writeln!(
        out,
        "{} methods in all ({}), {everywhere} on every platform. ✓: present under the row's name; \
         a name: present under that name (lined up by a cross-platform link); —: absent.\n",
        rows.len(),
        counts.join(", ")
    );
    out.push_str(&header("method", apis));
    for row in &rows {
        let cells: Vec<String> = row.cells.iter().map(|methods| presence(row, methods)).collect();
        let _ = writeln!(out, "| {} | {} |", cell(&code(row.name)), cells.join(" | "));
    }
    out
}

/// `✓` when the platform uses the row's name, else the names it uses, or `—`.
fn presence<T: Linked>(row: &Row<'_, T>, items: &[&T]) -> String {
    match items {
        [item] if item.name() == row.name => "✓".to_owned(),
        items => listed(items.iter().map(|item| cell(&code(item.name())))),
    }
}

/// Every enum, a table each: its name and kind per platform, then a row per wire value.
pub(super) fn enums(apis: &[&Api]) -> String {
    let sides: Vec<Items<'_, Enum>> = apis.iter().map(|api| Items::enums(api)).collect();
    let mut out =
        String::from("## Enums\n\nEach enum's wire values; a cell is the value's name on that platform.\n");
    for row in rows(&sides) {
        let _ = writeln!(out, "\n### {}\n", row.name);
        out.push_str(&header("value", apis));
        let kinds = row.cells.iter().map(|enums| listed(enums.iter().map(|e| kind(e))));
        let _ = writeln!(out, "| *enum* | {} |", kinds.collect::<Vec<_>>().join(" | "));
        let values: BTreeSet<&ConstValue> =
            row.cells.iter().flatten().flat_map(|e| &e.values).map(|v| &v.value).collect();
        for value in values {
            let names = row.cells.iter().map(|enums| {
                let values = enums.iter().flat_map(|e| &e.values);
                listed(values.filter(|v| v.value == *value).map(|v| cell(&v.name)))
            });
            let _ = writeln!(
                out,
                "| {} | {} |",
                cell(&code(&value.to_string())),
                names.collect::<Vec<_>>().join(" | ")
            );
        }
    }
    out
}

/// `` `ChatType` (integer enum) ``.
fn kind(e: &Enum) -> String {
    format!("{} ({})", cell(&code(&e.name)), enum_kind(e.kind))
}

/// The entries joined with commas, or `—` when there are none.
fn listed(entries: impl Iterator<Item = String>) -> String {
    let entries: Vec<String> = entries.collect();
    if entries.is_empty() {
        "—".to_owned()
    } else {
        entries.join(", ")
    }
}
