//! Reads the Bot API page with a real HTML parser into headed sections of simple, owned
//! blocks. This is the only module that sees HTML.

use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};

use super::text::{MarkKind, Rich, RichBuilder};

/// A section of the page: a level-3 or level-4 heading and the blocks under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// 3 for the page's chapters ("Available methods"), 4 for methods, types and topics.
    pub level: u8,
    /// The heading's text.
    pub name: String,
    /// The heading's anchor (`sendmessage`), the target of `#sendmessage` links.
    pub anchor: String,
    /// The text of the level-3 heading this section is in (its own name for level 3).
    pub group: String,
    /// The blocks up to the next level-3 or level-4 heading.
    pub blocks: Vec<Block>,
}

/// A block of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `<p>`.
    Paragraph(Rich),
    /// `<ul>` or `<ol>`: one rich text per item.
    List(Vec<Rich>),
    /// `<blockquote>`: the blocks inside.
    Quote(Vec<Block>),
    /// `<table>`.
    Table(Table),
    /// `<h5>` or `<h6>`: a heading inside a section.
    SubHeading(String),
}

impl Block {
    /// The block as readable text: list items as `- item` lines, quotes as their blocks,
    /// tables as nothing (their rows are fields and parameters).
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph(rich) => rich.text.clone(),
            Block::List(items) => {
                items.iter().map(|item| format!("- {}", item.text)).collect::<Vec<_>>().join("\n")
            }
            Block::Quote(blocks) => join_blocks(blocks.iter()),
            Block::Table(_) => String::new(),
            Block::SubHeading(text) => text.clone(),
        }
    }
}

/// The readable text of blocks, one paragraph each, empty ones left out.
pub fn join_blocks<'a>(blocks: impl Iterator<Item = &'a Block>) -> String {
    blocks.map(Block::plain_text).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// A table: its header cells and its rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header cells' texts.
    pub header: Vec<String>,
    /// The body rows.
    pub rows: Vec<Vec<Rich>>,
}

/// Parses the page and returns its sections in the page's order.
///
/// The content is the children of `#dev_page_content`; a `<hr>` ends the last section
/// (what follows it is the page's sign-off).
pub fn sections(page: &str) -> Result<Vec<Section>, String> {
    let document = Html::parse_document(page);
    let selector =
        Selector::parse("#dev_page_content").map_err(|e| format!("internal selector error: {e}"))?;
    let content = document
        .select(&selector)
        .next()
        .ok_or("the page has no `#dev_page_content` element: is this the Bot API page?")?;
    let mut sections: Vec<Section> = Vec::new();
    let mut group = String::new();
    let mut open = false;
    for element in content.child_elements() {
        let name = element.value().name();
        match name {
            "h3" | "h4" => {
                let heading = heading(element)?;
                if name == "h3" {
                    group.clone_from(&heading.0);
                }
                sections.push(Section {
                    level: if name == "h3" { 3 } else { 4 },
                    name: heading.0,
                    anchor: heading.1,
                    group: group.clone(),
                    blocks: Vec::new(),
                });
                open = true;
            }
            "hr" => open = false,
            _ => {
                if let (true, Some(section)) = (open, sections.last_mut()) {
                    if let Some(block) = block(element)? {
                        section.blocks.push(block);
                    }
                }
            }
        }
    }
    Ok(sections)
}

/// A heading's text and anchor name.
fn heading(element: ElementRef<'_>) -> Result<(String, String), String> {
    let text = rich(element).text;
    let anchor = element
        .child_elements()
        .find(|a| a.value().name() == "a" && a.value().attr("name").is_some())
        .and_then(|a| a.value().attr("name"))
        .ok_or_else(|| format!("heading `{text}`: expected an `<a name=…>` anchor in it"))?;
    Ok((text, anchor.to_owned()))
}

/// The block an element is, or `None` for what descriptions do not use (images, code
/// listings, scripts).
fn block(element: ElementRef<'_>) -> Result<Option<Block>, String> {
    Ok(match element.value().name() {
        "p" => Some(Block::Paragraph(rich(element))),
        "ul" | "ol" => Some(Block::List(
            element.child_elements().filter(|li| li.value().name() == "li").map(rich).collect(),
        )),
        "blockquote" => {
            let mut inner = Vec::new();
            for child in element.child_elements() {
                inner.extend(block(child)?);
            }
            Some(Block::Quote(inner))
        }
        "table" => Some(Block::Table(table(element)?)),
        "h5" | "h6" => Some(Block::SubHeading(rich(element).text)),
        _ => None,
    })
}

/// A table's header and rows.
fn table(element: ElementRef<'_>) -> Result<Table, String> {
    let th = Selector::parse("thead th").map_err(|e| format!("internal selector error: {e}"))?;
    let tr = Selector::parse("tbody tr").map_err(|e| format!("internal selector error: {e}"))?;
    let header: Vec<String> = element.select(&th).map(|cell| rich(cell).text).collect();
    let rows = element
        .select(&tr)
        .map(|row| row.child_elements().filter(|cell| cell.value().name() == "td").map(rich).collect())
        .collect();
    Ok(Table { header, rows })
}

/// The rich text of an element's content.
pub fn rich(element: ElementRef<'_>) -> Rich {
    let mut builder = RichBuilder::default();
    walk(element, &mut builder);
    builder.finish()
}

/// Appends the inline content of `element` to `builder`.
fn walk(element: ElementRef<'_>, builder: &mut RichBuilder) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => builder.text(text),
            Node::Element(_) => {
                let Some(child) = ElementRef::wrap(child) else { continue };
                let value = child.value();
                match value.name() {
                    "br" => builder.line_break(),
                    "img" => builder.text(value.attr("alt").unwrap_or_default()),
                    "a" => {
                        builder.open(MarkKind::Link(value.attr("href").unwrap_or_default().to_owned()));
                        walk(child, builder);
                        builder.close();
                    }
                    "em" => {
                        builder.open(MarkKind::Emphasis);
                        walk(child, builder);
                        builder.close();
                    }
                    "li" | "p" => {
                        builder.line_break();
                        walk(child, builder);
                    }
                    _ => walk(child, builder),
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_blocks_and_entities() {
        let page = r##"<html><body><div id="dev_page_content">
            <h3><a class="anchor" name="chapter" href="#chapter"></a>Chapter</h3>
            <p>Intro &amp; more</p>
            <h4><a class="anchor" name="thing" href="#thing"></a>Thing</h4>
            <p>A <a href="#other">link</a>, <em>em</em> &#39;quoted&#39;<br>next</p>
            <ul><li>one</li><li>two</li></ul>
            <blockquote><p>quoted note</p></blockquote>
            <table><thead><tr><th>Field</th><th>Type</th></tr></thead>
            <tbody><tr><td>a</td><td>Integer</td></tr></tbody></table>
            <hr><p>sign-off</p>
            </div></body></html>"##;
        let sections = sections(page).expect("the page parses");
        assert_eq!(sections.len(), 2);
        assert_eq!((sections[0].level, sections[0].name.as_str()), (3, "Chapter"));
        let thing = &sections[1];
        assert_eq!((thing.anchor.as_str(), thing.group.as_str()), ("thing", "Chapter"));
        assert_eq!(thing.blocks.len(), 4);
        let Block::Paragraph(p) = &thing.blocks[0] else { panic!("a paragraph") };
        assert_eq!(p.text, "A link, em 'quoted'\nnext");
        assert_eq!(p.marks[0].kind, MarkKind::Link("#other".into()));
        let Block::Table(table) = &thing.blocks[3] else { panic!("a table") };
        assert_eq!(table.header, ["Field", "Type"]);
        assert_eq!(table.rows[0][1].text, "Integer");
    }

    #[test]
    fn says_what_is_missing() {
        assert!(sections("<p>no content</p>").is_err_and(|e| e.contains("dev_page_content")));
        let page = r#"<div id="dev_page_content"><h4>Bare</h4></div>"#;
        assert!(sections(page).is_err_and(|e| e.contains("`Bare`")));
    }
}
