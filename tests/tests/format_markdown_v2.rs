//! Round trips of formatted text: seeded random texts and entity trees, rendered by
//! `Formatted::to_markdown_v2` (and `to_html`), parsed back by small independent parsers
//! of Telegram's MarkdownV2 and HTML ("Formatting options" of the Bot API page), give the
//! same text and the same entities. So nothing a caller supplies (text, a `pre` block's
//! language, a link's URL, the text of code) can close the construct it is in and add
//! live markup.
//!
//! What the markup cannot hold is left out of the comparison, as the renderer documents
//! it: entities nested in `code` or `pre` (MarkdownV2 writes no marks there), a `pre`
//! language that is empty, holds white space, `` ` `` or `\` (dropped), and the entities
//! the server finds by itself (mentions, commands, URLs, e-mails: no marks). Texts hold
//! no `\r` (Telegram drops it from any text), and block quotations are whole lines at
//! the top level, never on the line right after another (which would continue it), as
//! MarkdownV2 can write them.

use integration::rng::Rng;
use tgfamily::format::{Formatted, Span, Style, TextBuilder};

/// How many random trees each test renders.
const CASES: u64 = 3000;

/// Characters of the texts: every one MarkdownV2 or HTML gives a meaning, and others.
const ALPHABET: &[char] = &[
    'a', 'b', 'z', '0', '9', ' ', ' ', '\n', '_', '*', '[', ']', '(', ')', '~', '`', '>', '#', '+', '-', '=',
    '|', '{', '}', '.', '!', '\\', '<', '&', '"', '\'', ';', '/', ':', '?', 'é', '日', '🎉', '\t',
];

/// Pre languages, fine and hostile.
const LANGUAGES: &[&str] = &[
    "rust",
    "c++",
    "objective-c",
    "c#",
    "a.b",
    "",
    "a b",
    "a\nb",
    "x```",
    "`",
    "py\\",
    "\n*bold*",
    "ru)st",
    "```\n*live*",
    "go\t",
    "é",
];

fn text(rng: &mut Rng, at_most: usize) -> String {
    (0..rng.below(at_most + 1)).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect()
}

fn url(rng: &mut Rng) -> String {
    let mut url = format!("https://e.x/{}", text(rng, 6));
    if rng.chance(1, 4) {
        url = text(rng, 8);
    }
    if url.starts_with("tg://user?id=") {
        url.insert(0, 'x');
    }
    url
}

/// A style that may nest inside the entities `outer` (outermost first), if the pick fits.
fn style(rng: &mut Rng, outer: &[Style]) -> Option<Style> {
    let in_link = outer.iter().any(|s| matches!(s, Style::TextLink { .. } | Style::TextMention { .. }));
    let in_quote = outer.contains(&Style::Blockquote);
    let choices = [
        Style::Bold,
        Style::Italic,
        Style::Underline,
        Style::Strikethrough,
        Style::Spoiler,
        Style::Code,
        Style::TextLink { url: url(rng) },
        Style::TextMention { user_id: i64::try_from(rng.next_u64() >> 12).unwrap_or(1) - (1 << 50) },
        Style::Mention,
        Style::Url,
    ];
    let chosen = choices[rng.below(choices.len())].clone();
    let refused = (in_link && matches!(chosen, Style::TextLink { .. } | Style::TextMention { .. }))
        || (in_quote && chosen == Style::Code)
        || outer.iter().any(|s| std::mem::discriminant(s) == std::mem::discriminant(&chosen));
    (!refused).then_some(chosen)
}

/// Appends random content (text and entities) nested in `outer` to `builder`.
fn content(rng: &mut Rng, builder: TextBuilder, outer: &[Style], depth: usize) -> TextBuilder {
    let mut builder = builder;
    for _ in 0..1 + rng.below(3) {
        let nested = if depth < 3 && rng.chance(1, 2) { style(rng, outer) } else { None };
        builder = match nested {
            None => builder.plain(&text(rng, 5)),
            Some(style) => {
                let mut chain = outer.to_vec();
                chain.push(style.clone());
                builder.nest(style, |inner| content(rng, inner, &chain, depth + 1))
            }
        };
    }
    builder
}

/// A random formatted text: top-level runs of content, `pre` blocks and block quotations
/// (whole lines, with no line feed at their end).
fn formatted(rng: &mut Rng) -> Formatted {
    let mut builder = TextBuilder::new();
    let mut at_line_start = true;
    for _ in 0..1 + rng.below(4) {
        match rng.below(5) {
            0 => {
                let language = rng.chance(2, 3).then(|| LANGUAGES[rng.below(LANGUAGES.len())]);
                builder = builder.pre(&text(rng, 8), language);
                at_line_start = false;
            }
            1 if at_line_start => {
                // Ends with a letter: a quote's last line feed would be the markup's.
                builder = builder
                    .nest(Style::Blockquote, |quote| content(rng, quote, &[Style::Blockquote], 1).plain("q"));
                // A quote on the next line would continue this one: MarkdownV2 cannot
                // tell them apart.
                builder = builder.plain("\n");
                at_line_start = false;
            }
            _ => {
                builder = content(rng, builder, &[], 0);
                at_line_start = false;
                if rng.chance(1, 2) {
                    builder = builder.plain("\n");
                    at_line_start = true;
                }
            }
        }
    }
    builder.build()
}

/// A `pre` language as MarkdownV2 can write it (the renderer drops the others).
fn written_language(language: Option<&str>) -> Option<String> {
    language
        .filter(|l| {
            !l.is_empty() && !l.chars().any(|c| c.is_whitespace() || c.is_control() || "`\\".contains(c))
        })
        .map(str::to_owned)
}

fn is_code(style: &Style) -> bool {
    matches!(style, Style::Code | Style::Pre { .. })
}

fn found_by_server(style: &Style) -> bool {
    matches!(style, Style::Mention | Style::BotCommand | Style::Url | Style::Email)
}

/// The entities a parser should read back from `formatted`'s markup.
fn expected(formatted: &Formatted, markdown_v2: bool) -> Vec<Span> {
    let spans = formatted.spans();
    let mut kept = Vec::new();
    for (index, span) in spans.iter().enumerate() {
        let in_code = spans[..index].iter().any(|outer| {
            is_code(&outer.style)
                && outer.offset <= span.offset
                && span.offset + span.length <= outer.offset + outer.length
        });
        if found_by_server(&span.style) || (markdown_v2 && in_code) {
            continue;
        }
        let mut span = span.clone();
        if let Style::Pre { language } = &span.style {
            let language = if markdown_v2 {
                written_language(language.as_deref())
            } else {
                language.clone().filter(|l| !l.is_empty())
            };
            span.style = Style::Pre { language };
        }
        kept.push(span);
    }
    kept
}

/// Text and entities read from markup, the entities in the builder's order (by offset,
/// outer first).
#[derive(Debug, PartialEq)]
struct Parsed {
    text: String,
    spans: Vec<Span>,
}

/// An entity being read: its style (a link's is known at its end), where it started, and
/// its place in opening order.
struct Open {
    style: Style,
    offset: usize,
    order: usize,
}

#[derive(Default)]
struct Reader {
    text: String,
    units: usize,
    open: Vec<Open>,
    done: Vec<(usize, Span)>,
    opened: usize,
}

impl Reader {
    fn push(&mut self, c: char) {
        self.text.push(c);
        self.units += c.len_utf16();
    }

    fn begin(&mut self, style: Style) {
        self.open.push(Open { style, offset: self.units, order: self.opened });
        self.opened += 1;
    }

    fn end(&mut self, style: Option<Style>) -> Result<(), String> {
        let open = self.open.pop().ok_or("a closing mark with nothing open")?;
        let style = style.unwrap_or(open.style);
        self.done.push((open.order, Span { style, offset: open.offset, length: self.units - open.offset }));
        Ok(())
    }

    /// Opens `style`, or closes it when it is the innermost open entity.
    fn toggle(&mut self, style: Style) -> Result<(), String> {
        if self.open.last().is_some_and(|open| open.style == style) {
            self.end(None)
        } else if self.open.iter().any(|open| open.style == style) {
            Err(format!("{style:?} closed across another entity"))
        } else {
            self.begin(style);
            Ok(())
        }
    }

    fn innermost(&self) -> Option<&Style> {
        self.open.last().map(|open| &open.style)
    }

    fn finish(mut self) -> Result<Parsed, String> {
        if self.innermost() == Some(&Style::Blockquote) {
            self.end(None)?;
        }
        if !self.open.is_empty() {
            return Err(format!("unclosed: {:?}", self.open.iter().map(|o| &o.style).collect::<Vec<_>>()));
        }
        self.done.sort_by_key(|(order, span)| (span.offset, *order));
        Ok(Parsed { text: self.text, spans: self.done.into_iter().map(|(_, span)| span).collect() })
    }
}

const RESERVED: &str = "_*[]()~`>#+-=|{}.!\\";

/// A link's style from its URL: `tg://user?id=` names a user.
fn link(url: String) -> Style {
    match url.strip_prefix("tg://user?id=").and_then(|id| id.parse().ok()) {
        Some(user_id) => Style::TextMention { user_id },
        None => Style::TextLink { url },
    }
}

/// Reads MarkdownV2 as the Bot API page describes it; an error for anything it refuses
/// (a reserved character unescaped, marks that do not nest).
fn parse_markdown_v2(markup: &str) -> Result<Parsed, String> {
    let chars: Vec<char> = markup.chars().collect();
    let mut reader = Reader::default();
    let mut at = 0;
    let peek = |at: usize| chars.get(at).copied();
    while let Some(c) = peek(at) {
        at += 1;
        if c == '\r' {
            // Ignored, but it parts marks (`_\r__` is italic's end, then underline).
            continue;
        }
        if let Some(Style::Code | Style::Pre { .. }) = reader.innermost() {
            let pre = matches!(reader.innermost(), Some(Style::Pre { .. }));
            match c {
                '\\' => match peek(at) {
                    Some(escaped @ ('`' | '\\')) => {
                        reader.push(escaped);
                        at += 1;
                    }
                    other => return Err(format!("`\\{other:?}` in code")),
                },
                '`' if !pre => reader.end(None)?,
                '`' if peek(at) == Some('`') && peek(at + 1) == Some('`') => {
                    at += 2;
                    // The line feed before the closing mark is the markup's.
                    if reader.text.pop() != Some('\n') {
                        return Err("a pre block not closed on its own line".to_owned());
                    }
                    reader.units -= 1;
                    reader.end(None)?;
                }
                '`' => return Err("a bare backtick in a pre block".to_owned()),
                other => reader.push(other),
            }
            continue;
        }
        match c {
            '\\' => match peek(at) {
                Some(escaped) if RESERVED.contains(escaped) => {
                    reader.push(escaped);
                    at += 1;
                }
                other => return Err(format!("`\\` before {other:?}")),
            },
            '*' => reader.toggle(Style::Bold)?,
            '_' if peek(at) == Some('_') => {
                at += 1;
                reader.toggle(Style::Underline)?;
            }
            '_' => reader.toggle(Style::Italic)?,
            '~' => reader.toggle(Style::Strikethrough)?,
            '|' if peek(at) == Some('|') => {
                at += 1;
                reader.toggle(Style::Spoiler)?;
            }
            '`' if peek(at) == Some('`') && peek(at + 1) == Some('`') => {
                at += 2;
                let mut language = String::new();
                while let Some(l) = peek(at).filter(|l| !l.is_whitespace() && *l != '`') {
                    language.push(l);
                    at += 1;
                }
                if peek(at) == Some('\n') {
                    at += 1;
                }
                reader.begin(Style::Pre { language: (!language.is_empty()).then_some(language) });
            }
            '`' => reader.begin(Style::Code),
            '[' => reader.begin(Style::TextLink { url: String::new() }),
            ']' => {
                if !matches!(reader.innermost(), Some(Style::TextLink { .. })) || peek(at) != Some('(') {
                    return Err("`]` not closing a link".to_owned());
                }
                at += 1;
                let mut url = String::new();
                loop {
                    match peek(at) {
                        Some('\\') => match peek(at + 1) {
                            Some(escaped @ (')' | '\\')) => {
                                url.push(escaped);
                                at += 2;
                            }
                            other => return Err(format!("`\\{other:?}` in a URL")),
                        },
                        Some(')') => {
                            at += 1;
                            break;
                        }
                        Some(u) => {
                            url.push(u);
                            at += 1;
                        }
                        None => return Err("an unclosed URL".to_owned()),
                    }
                }
                reader.end(Some(link(url)))?;
            }
            '>' if at == 1 || chars.get(at - 2) == Some(&'\n') => {
                if reader.open.iter().any(|open| open.style == Style::Blockquote) {
                    return Err("a quote in a quote".to_owned());
                }
                reader.begin(Style::Blockquote);
            }
            '\n' if reader.open.iter().any(|open| open.style == Style::Blockquote) => {
                if peek(at) == Some('>') {
                    at += 1;
                } else {
                    if reader.innermost() != Some(&Style::Blockquote) {
                        return Err("a quote ends inside an entity".to_owned());
                    }
                    reader.end(None)?;
                }
                reader.push('\n');
            }
            reserved if RESERVED.contains(reserved) => return Err(format!("`{reserved}` unescaped")),
            other => reader.push(other),
        }
    }
    reader.finish()
}

/// Reads Telegram's HTML as the renderer writes it (the tags of the page, the four named
/// character references); an error for a bare `<`, `>` or `&` or a tag out of place.
fn parse_html(markup: &str) -> Result<Parsed, String> {
    fn unescape(text: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(['&', '<', '>']) {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let (named, c) = [("&lt;", '<'), ("&gt;", '>'), ("&amp;", '&'), ("&quot;", '"')]
                .into_iter()
                .find(|(named, _)| rest.starts_with(named))
                .ok_or_else(|| format!("bare {:?}", &rest[..1]))?;
            out.push(c);
            rest = &rest[named.len()..];
        }
        out.push_str(rest);
        Ok(out)
    }
    let mut reader = Reader::default();
    let mut rest = markup;
    while !rest.is_empty() {
        let Some(tag_at) = rest.find('<') else {
            unescape(rest)?.chars().for_each(|c| reader.push(c));
            break;
        };
        unescape(&rest[..tag_at])?.chars().for_each(|c| reader.push(c));
        let end = rest[tag_at..].find('>').ok_or("an unclosed tag")? + tag_at;
        let tag = &rest[tag_at + 1..end];
        rest = &rest[end + 1..];
        let attribute = |prefix: &str| -> Result<Option<String>, String> {
            tag.strip_prefix(prefix).and_then(|v| v.strip_suffix('"')).map(unescape).transpose()
        };
        let simple = [
            ("b", Style::Bold),
            ("i", Style::Italic),
            ("u", Style::Underline),
            ("s", Style::Strikethrough),
            ("tg-spoiler", Style::Spoiler),
            ("code", Style::Code),
            ("pre", Style::Pre { language: None }),
            ("blockquote", Style::Blockquote),
        ];
        if let Some((_, style)) = simple.iter().find(|(name, _)| *name == tag) {
            reader.begin(style.clone());
        } else if let Some(name) = tag.strip_prefix('/') {
            let closes = match (name, reader.innermost()) {
                ("a", Some(Style::TextLink { .. } | Style::TextMention { .. })) => true,
                ("code", Some(Style::Pre { language: Some(_) })) => {
                    // `</code></pre>` closes a pre with a language once.
                    rest = rest.strip_prefix("</pre>").ok_or("`</code>` of a pre without `</pre>`")?;
                    true
                }
                (name, Some(style)) => simple.iter().any(|(n, s)| *n == name && s == style),
                (_, None) => false,
            };
            if !closes {
                return Err(format!("`</{name}>` out of place"));
            }
            reader.end(None)?;
        } else if let Some(language) = attribute("code class=\"language-")? {
            if reader.innermost() != Some(&Style::Pre { language: None }) {
                return Err("a code with a class outside a pre".to_owned());
            }
            reader.open.last_mut().ok_or("a pre")?.style = Style::Pre { language: Some(language) };
        } else if let Some(url) = attribute("a href=\"")? {
            reader.begin(link(url));
        } else {
            return Err(format!("unknown tag <{tag}>"));
        }
    }
    reader.finish()
}

/// Renders and parses back the case of `seed`; the formatted text, for the tally.
fn check(
    seed: u64,
    render: fn(&Formatted) -> String,
    parse: fn(&str) -> Result<Parsed, String>,
    v2: bool,
) -> Formatted {
    let mut rng = Rng::new(seed);
    let formatted = formatted(&mut rng);
    let markup = render(&formatted);
    let parsed = parse(&markup);
    let want = Parsed { text: formatted.text().to_owned(), spans: expected(&formatted, v2) };
    assert_eq!(parsed.as_ref(), Ok(&want), "seed {seed}: {formatted:?}\nmarkup {markup:?}");
    formatted
}

/// How many cases held each hostile piece: the generator must reach them all.
fn tally(cases: &[Formatted]) -> [usize; 5] {
    let any = |test: &dyn Fn(&Formatted) -> bool| cases.iter().filter(|f| test(f)).count();
    [
        any(&|f| {
            f.spans().iter().any(|s| s.style.language().is_some_and(|l| written_language(Some(l)).is_none()))
        }),
        any(&|f| {
            expected(f, true).len() + f.spans().iter().filter(|s| found_by_server(&s.style)).count()
                < f.spans().len()
        }),
        any(&|f| f.spans().iter().any(|s| s.style.url().is_some_and(|u| u.contains([')', '\\'])))),
        any(&|f| f.spans().iter().any(|s| s.style == Style::Blockquote)),
        any(&|f| f.text().contains("\n>") || f.text().contains("```")),
    ]
}

/// Every case rendered by `render` reads back by `parse`, and the cases reached every
/// hostile piece: languages, entities in code, URLs with `)` or `\`, quotes, text like
/// marks.
fn round_trips(render: fn(&Formatted) -> String, parse: fn(&str) -> Result<Parsed, String>, v2: bool) {
    let cases: Vec<Formatted> = (0..CASES).map(|seed| check(seed, render, parse, v2)).collect();
    let counts = tally(&cases);
    assert!(counts.iter().all(|count| *count >= 20), "{counts:?} of {CASES}");
}

#[test]
fn markdown_v2_reads_back_as_the_text_and_entities_it_was_made_from() {
    round_trips(Formatted::to_markdown_v2, parse_markdown_v2, true);
}

#[test]
fn html_reads_back_as_the_text_and_entities_it_was_made_from() {
    round_trips(Formatted::to_html, parse_html, false);
}

#[test]
fn caller_supplied_parts_cannot_add_markup() {
    let hostile = TextBuilder::new()
        .pre("x", Some("rust\n*live*"))
        .plain("\n")
        .pre("y", Some("a```*b*"))
        .plain(" ")
        .link("go", "https://e.x/)*live*[")
        .plain(" ")
        .code("`*live*`")
        .build();
    for (render, parse, v2) in [
        (Formatted::to_markdown_v2 as fn(&Formatted) -> String, parse_markdown_v2 as fn(&str) -> _, true),
        (Formatted::to_html, parse_html, false),
    ] {
        let markup = render(&hostile);
        let parsed = parse(&markup).expect("well-formed markup");
        assert_eq!(
            parsed,
            Parsed { text: hostile.text().to_owned(), spans: expected(&hostile, v2) },
            "{markup:?}"
        );
    }
}
