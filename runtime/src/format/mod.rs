//! Formatting message text: escaping for Telegram's MarkdownV2 and HTML, a builder of
//! text with entities (offsets and lengths in UTF-16 code units, as Telegram and Potato
//! count them), renderers to each platform's markup, and a reader of an entity's text.
//!
//! ```
//! use tgfamily::format::{Style, TextBuilder};
//!
//! let text = TextBuilder::new().plain("Hi ").bold("Zoë 🎉").plain(", see ").link("docs", "https://example.com").build();
//! assert_eq!(text.text(), "Hi Zoë 🎉, see docs");
//! assert_eq!(text.spans()[0].offset, 3);
//! assert_eq!(text.spans()[0].length, 6); // the emoji counts two
//! assert_eq!(text.to_markdown_v2(), "Hi *Zoë 🎉*, see [docs](https://example.com)");
//! assert_eq!(tgfamily::format::entity_text(text.text(), 3, 6), Some("Zoë 🎉"));
//! # let _ = Style::Bold;
//! ```

use std::fmt;

/// The characters MarkdownV2 reserves in ordinary text.
const MARKDOWN_V2_RESERVED: &str = "_*[]()~`>#+-=|{}.!\\";

/// Escapes `text` for Telegram's MarkdownV2, outside code and links: every reserved
/// character gets a backslash.
pub fn escape_markdown_v2(text: &str) -> String {
    escape_with(text, MARKDOWN_V2_RESERVED)
}

/// Escapes `text` for the inside of a MarkdownV2 `code` or `pre` entity: only `` ` `` and
/// `\` are escaped there.
pub fn escape_markdown_v2_code(text: &str) -> String {
    escape_with(text, "`\\")
}

/// Escapes a URL for the `(...)` part of a MarkdownV2 link: only `)` and `\`.
pub fn escape_markdown_v2_url(url: &str) -> String {
    escape_with(url, ")\\")
}

/// Escapes `text` for Telegram's HTML parse mode (`<`, `>`, `&`, and `"` for attributes).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
    out
}

/// Escapes `text` for [`Markup::Markdown`] (a backslash before a character displays it
/// literally): the characters its syntax uses are escaped.
pub fn escape_markdown(text: &str) -> String {
    escape_with(text, "\\*_`[]()")
}

fn escape_with(text: &str, reserved: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if reserved.contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The length of `text` in UTF-16 code units: the unit of entity offsets and lengths.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The part of `text` an entity at `offset` with `length` (UTF-16 code units) covers, as
/// a received message's entity gives them; `None` when it does not fall on character
/// boundaries of `text` (a hostile or corrupt entity) or is negative.
pub fn entity_text(text: &str, offset: i64, length: i64) -> Option<&str> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(usize::try_from(length).ok()?)?;
    let (mut units, mut from, mut to) = (0usize, None, None);
    for (index, c) in text.char_indices() {
        if units == start {
            from = Some(index);
        }
        if units == end {
            to = Some(index);
            break;
        }
        units += c.len_utf16();
    }
    if units == start && from.is_none() {
        from = Some(text.len());
    }
    if units == end && to.is_none() {
        to = Some(text.len());
    }
    text.get(from?..to?)
}

/// What an entity does to its text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Style {
    /// Bold.
    Bold,
    /// Italic.
    Italic,
    /// Underlined (Telegram).
    Underline,
    /// Struck through (Telegram).
    Strikethrough,
    /// Hidden until tapped (Telegram).
    Spoiler,
    /// Monowidth text.
    Code,
    /// A monowidth block, with the programming language when known.
    Pre {
        /// The language (`rust`).
        language: Option<String>,
    },
    /// Text that opens `url`.
    TextLink {
        /// The URL.
        url: String,
    },
    /// A mention of the user with this id, for users without a username.
    TextMention {
        /// The user id.
        user_id: i64,
    },
    /// A `@username` mention.
    Mention,
    /// A `/command`.
    BotCommand,
    /// A URL shown as it is.
    Url,
    /// An e-mail address.
    Email,
    /// A block quotation (Telegram).
    Blockquote,
}

/// One entity: a style over `length` UTF-16 code units from `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// What the entity does.
    pub style: Style,
    /// Where it starts, in UTF-16 code units.
    pub offset: usize,
    /// How long it is, in UTF-16 code units.
    pub length: usize,
}

/// A style a renderer cannot write in its platform's markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrepresentable {
    /// The markup's name (`Markdown without escapes`).
    pub markup: &'static str,
    /// Why.
    pub reason: String,
}

impl fmt::Display for Unrepresentable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write this text in {}: {}", self.markup, self.reason)
    }
}

impl std::error::Error for Unrepresentable {}

/// A markup language a platform parses text in (the spec's `markup`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Markup {
    /// MarkdownV2 (Telegram's `parse_mode` `MarkdownV2`): every reserved character
    /// escaped with a backslash.
    MarkdownV2,
    /// HTML (`parse_mode` `HTML`): `<b>`, `<a href>`, … with `&lt;` escapes.
    Html,
    /// Markdown with backslash escapes: `**bold**`, `*italic*`, `` `code` ``, code blocks,
    /// `[text](url)` (CloudChat's `Markdown` parse mode, after its "Markdown style").
    Markdown,
    /// Markdown with no escape at all: `**bold**`, `*italic*`, `` `code` ``, `<url>`,
    /// `[text](url)`, `[/command](cmd)` (Potato's `markdown: true`, after its "Rich Text
    /// Support"). Plain text holding `*`, `_`, `` ` ``, `[` or `<` cannot be written.
    MarkdownWithoutEscapes,
}

impl Markup {
    /// The markup's name, in errors.
    const fn name(self) -> &'static str {
        match self {
            Markup::MarkdownV2 => "MarkdownV2",
            Markup::Html => "HTML",
            Markup::Markdown => "Markdown",
            Markup::MarkdownWithoutEscapes => "Markdown without escapes",
        }
    }
}

/// Text and its entities, built by [`TextBuilder`]. Entities nest and never overlap
/// partially; they are sorted by offset, outer ones first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Formatted {
    text: String,
    spans: Vec<Span>,
}

impl Formatted {
    /// The plain text (the `text` parameter, when entities go separately).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The entities.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// The text and the entities.
    pub fn into_parts(self) -> (String, Vec<Span>) {
        (self.text, self.spans)
    }

    /// The text in Telegram's MarkdownV2 (with `parse_mode` `MarkdownV2`). Every piece is
    /// escaped by the grammar of its place: text with a backslash before each reserved
    /// character, the inside of `code` and `pre` before `` ` `` and `\`, a link's URL
    /// before `)` and `\`; nothing a caller gives can close its construct or add markup.
    /// What MarkdownV2 cannot write is left out rather than written wrong:
    /// - a `pre` block's language that is empty or holds white space, a control
    ///   character, `` ` `` or `\` (the language runs to the first white space or
    ///   backtick, unescaped): the block is written without a language;
    /// - the marks of entities nested in `code` or `pre` (Telegram parses no entity
    ///   there): their text stays, as code;
    /// - a block quotation is whole lines: one that does not start a line gets a line
    ///   feed before it, and one followed by more text on its last line a line feed after
    ///   it (a quotation's own lines are written as they are); two quotations on
    ///   consecutive lines read back as one.
    ///
    /// ```
    /// use tgfamily::format::TextBuilder;
    ///
    /// let text = TextBuilder::new().pre("x", Some("rust\n*live*")).link("go", "https://e.x/)*").build();
    /// assert_eq!(text.to_markdown_v2(), "```\nx\n```[go](https://e.x/\\)*)");
    /// ```
    pub fn to_markdown_v2(&self) -> String {
        self.write(&MarkdownV2).unwrap_or_default()
    }

    /// The text in Telegram's HTML (with `parse_mode` `HTML`): text, URLs and a `pre`
    /// block's language are escaped (`&lt;`, `&gt;`, `&amp;`, `&quot;`); an empty language
    /// is no language.
    pub fn to_html(&self) -> String {
        self.write(&Html).unwrap_or_default()
    }

    /// The text in `markup`; a platform's module names the markup its spec gives
    /// (`tgfamily::potato::MARKUP`).
    ///
    /// # Errors
    /// A style or a character the markup cannot write: send [`Formatted::spans`] as
    /// entities instead.
    pub fn render(&self, markup: Markup) -> Result<String, Unrepresentable> {
        match markup {
            Markup::MarkdownV2 => self.write(&MarkdownV2),
            Markup::Html => self.write(&Html),
            Markup::Markdown => self.write(&EscapedMarkdown),
            Markup::MarkdownWithoutEscapes => self.write(&UnescapedMarkdown),
        }
    }

    /// Writes the text with `markup`: opening and closing marks around each entity.
    fn write(&self, markup: &dyn Grammar) -> Result<String, Unrepresentable> {
        let mut out = String::with_capacity(self.text.len() * 2);
        // The open entities, and whether their marks were written.
        let mut open: Vec<(&Span, bool)> = Vec::new();
        let mut next = 0;
        let mut units = 0;
        let mut chars = self.text.chars().peekable();
        loop {
            let following = chars.peek().copied();
            while let Some((span, written)) =
                open.last().filter(|(span, _)| span.offset + span.length == units)
            {
                if *written {
                    markup.close(&span.style, following, &mut out)?;
                }
                open.pop();
            }
            while let Some(span) = self.spans.get(next).filter(|span| span.offset == units) {
                let in_code = open.iter().any(|(span, _)| is_code(&span.style));
                let written = !in_code || markup.marks_inside_code();
                if written {
                    markup.open(&span.style, &mut out)?;
                }
                next += 1;
                if span.length == 0 {
                    if written {
                        markup.close(&span.style, following, &mut out)?;
                    }
                } else {
                    open.push((span, written));
                }
            }
            let Some(c) = chars.next() else { break };
            let open = open.iter().map(|(span, _)| *span);
            let inside = Inside {
                code: open.clone().any(|span| is_code(&span.style)),
                brackets: open.clone().any(|span| {
                    matches!(
                        span.style,
                        Style::TextLink { .. }
                            | Style::TextMention { .. }
                            | Style::BotCommand
                            | Style::Mention
                    )
                }),
            };
            markup.text(c, inside, &mut out)?;
            units += c.len_utf16();
            let quoted =
                open.clone().any(|span| span.style == Style::Blockquote && span.offset + span.length > units);
            if c == '\n' && quoted {
                markup.blockquote_line(&mut out);
            }
        }
        Ok(out)
    }
}

/// Whether `style` is a `code` or `pre` entity.
fn is_code(style: &Style) -> bool {
    matches!(style, Style::Code | Style::Pre { .. })
}

/// What the character being written is inside of.
#[derive(Clone, Copy)]
struct Inside {
    /// A `code` or `pre` entity.
    code: bool,
    /// An entity written as `[text](...)` by markdown without escapes.
    brackets: bool,
}

/// How one markup writes text and entity marks.
trait Grammar {
    fn open(&self, style: &Style, out: &mut String) -> Result<(), Unrepresentable>;
    /// Closes `style`; `next` is the text's next character, if any.
    fn close(&self, style: &Style, next: Option<char>, out: &mut String) -> Result<(), Unrepresentable>;
    /// Whether entities nested in code are written (their marks would be code's text).
    fn marks_inside_code(&self) -> bool {
        true
    }
    fn text(&self, c: char, inside: Inside, out: &mut String) -> Result<(), Unrepresentable>;
    /// The start of a new line inside a block quotation.
    fn blockquote_line(&self, _out: &mut String) {}
}

struct MarkdownV2;

impl MarkdownV2 {
    /// A `pre` block's language as MarkdownV2 can write it: the language runs unescaped
    /// to the first white space or backtick, so one holding those (or a control
    /// character, or `\`, or nothing) is not written.
    fn language(language: Option<&str>) -> Option<&str> {
        language.filter(|language| {
            !language.is_empty()
                && !language.chars().any(|c| c.is_whitespace() || c.is_control() || c == '`' || c == '\\')
        })
    }

    /// Appends `mark`; a `\r` (which Telegram ignores) keeps an underscore mark apart from
    /// an underscore before it (`___` is ambiguous), as the page advises.
    fn mark(out: &mut String, mark: &str) {
        if mark.starts_with('_') && out.ends_with('_') {
            out.push('\r');
        }
        out.push_str(mark);
    }
}

impl Grammar for MarkdownV2 {
    fn open(&self, style: &Style, out: &mut String) -> Result<(), Unrepresentable> {
        let mark = match style {
            Style::Bold => "*",
            Style::Italic => "_",
            Style::Underline => "__",
            Style::Strikethrough => "~",
            Style::Spoiler => "||",
            Style::Code => "`",
            Style::Pre { language } => {
                out.push_str("```");
                out.push_str(MarkdownV2::language(language.as_deref()).unwrap_or_default());
                "\n"
            }
            Style::TextLink { .. } | Style::TextMention { .. } => "[",
            Style::Blockquote => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                ">"
            }
            Style::Mention | Style::BotCommand | Style::Url | Style::Email => "",
        };
        MarkdownV2::mark(out, mark);
        Ok(())
    }

    fn close(&self, style: &Style, next: Option<char>, out: &mut String) -> Result<(), Unrepresentable> {
        match style {
            Style::Bold => out.push('*'),
            Style::Italic => MarkdownV2::mark(out, "_"),
            Style::Underline => MarkdownV2::mark(out, "__"),
            Style::Strikethrough => out.push('~'),
            Style::Spoiler => out.push_str("||"),
            Style::Code => out.push('`'),
            Style::Pre { .. } => out.push_str("\n```"),
            Style::TextLink { url } => {
                out.push_str("](");
                out.push_str(&escape_markdown_v2_url(url));
                out.push(')');
            }
            Style::TextMention { user_id } => out.push_str(&format!("](tg://user?id={user_id})")),
            // The quotation ends with its line: the text's own line feed, or one added.
            Style::Blockquote if next.is_some_and(|next| next != '\n') => out.push('\n'),
            Style::Blockquote => {}
            Style::Mention | Style::BotCommand | Style::Url | Style::Email => {}
        }
        Ok(())
    }

    fn marks_inside_code(&self) -> bool {
        false
    }

    fn text(&self, c: char, inside: Inside, out: &mut String) -> Result<(), Unrepresentable> {
        let reserved = if inside.code { "`\\" } else { MARKDOWN_V2_RESERVED };
        if reserved.contains(c) {
            out.push('\\');
        }
        out.push(c);
        Ok(())
    }

    fn blockquote_line(&self, out: &mut String) {
        out.push('>');
    }
}

struct Html;

impl Grammar for Html {
    fn open(&self, style: &Style, out: &mut String) -> Result<(), Unrepresentable> {
        match style {
            Style::Bold => out.push_str("<b>"),
            Style::Italic => out.push_str("<i>"),
            Style::Underline => out.push_str("<u>"),
            Style::Strikethrough => out.push_str("<s>"),
            Style::Spoiler => out.push_str("<tg-spoiler>"),
            Style::Code => out.push_str("<code>"),
            Style::Pre { language: Some(language) } if !language.is_empty() => {
                out.push_str(&format!("<pre><code class=\"language-{}\">", escape_html(language)))
            }
            Style::Pre { .. } => out.push_str("<pre>"),
            Style::TextLink { url } => out.push_str(&format!("<a href=\"{}\">", escape_html(url))),
            Style::TextMention { user_id } => out.push_str(&format!("<a href=\"tg://user?id={user_id}\">")),
            Style::Blockquote => out.push_str("<blockquote>"),
            Style::Mention | Style::BotCommand | Style::Url | Style::Email => {}
        }
        Ok(())
    }

    fn close(&self, style: &Style, _next: Option<char>, out: &mut String) -> Result<(), Unrepresentable> {
        out.push_str(match style {
            Style::Bold => "</b>",
            Style::Italic => "</i>",
            Style::Underline => "</u>",
            Style::Strikethrough => "</s>",
            Style::Spoiler => "</tg-spoiler>",
            Style::Code => "</code>",
            Style::Pre { language: Some(language) } if !language.is_empty() => "</code></pre>",
            Style::Pre { .. } => "</pre>",
            Style::TextLink { .. } | Style::TextMention { .. } => "</a>",
            Style::Blockquote => "</blockquote>",
            Style::Mention | Style::BotCommand | Style::Url | Style::Email => "",
        });
        Ok(())
    }

    fn text(&self, c: char, _inside: Inside, out: &mut String) -> Result<(), Unrepresentable> {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            other => out.push(other),
        }
        Ok(())
    }
}

struct UnescapedMarkdown;

impl UnescapedMarkdown {
    const NAME: &'static str = Markup::MarkdownWithoutEscapes.name();

    fn unsupported(style: &Style) -> Unrepresentable {
        Unrepresentable { markup: Self::NAME, reason: format!("it has no {style:?} entity") }
    }
}

impl Grammar for UnescapedMarkdown {
    fn open(&self, style: &Style, out: &mut String) -> Result<(), Unrepresentable> {
        out.push_str(match style {
            Style::Bold => "**",
            Style::Italic => "*",
            Style::Code => "`",
            Style::TextLink { .. } | Style::TextMention { .. } | Style::BotCommand | Style::Mention => "[",
            Style::Url | Style::Email => "<",
            other => return Err(UnescapedMarkdown::unsupported(other)),
        });
        Ok(())
    }

    fn close(&self, style: &Style, _next: Option<char>, out: &mut String) -> Result<(), Unrepresentable> {
        match style {
            Style::Bold => out.push_str("**"),
            Style::Italic => out.push('*'),
            Style::Code => out.push('`'),
            Style::TextLink { url } if !url.contains(')') => out.push_str(&format!("]({url})")),
            Style::TextLink { .. } => {
                return Err(Unrepresentable {
                    markup: UnescapedMarkdown::NAME,
                    reason: "a link URL holding `)`".to_owned(),
                })
            }
            Style::TextMention { user_id } => out.push_str(&format!("](@ {user_id})")),
            Style::BotCommand => out.push_str("](cmd)"),
            Style::Mention => out.push_str("](@)"),
            Style::Url | Style::Email => out.push('>'),
            other => return Err(UnescapedMarkdown::unsupported(other)),
        }
        Ok(())
    }

    fn text(&self, c: char, inside: Inside, out: &mut String) -> Result<(), Unrepresentable> {
        // Inside `[...]` (its own example is `[/new_bot](cmd)`) only `]` ends the text.
        let reserved = match (inside.code, inside.brackets) {
            (true, _) => "`",
            (false, true) => "]",
            (false, false) => "*_`[]<>",
        };
        if reserved.contains(c) {
            return Err(Unrepresentable {
                markup: UnescapedMarkdown::NAME,
                reason: format!("the document gives no escape for `{c}`"),
            });
        }
        out.push(c);
        Ok(())
    }
}

struct EscapedMarkdown;

impl Grammar for EscapedMarkdown {
    fn open(&self, style: &Style, out: &mut String) -> Result<(), Unrepresentable> {
        out.push_str(match style {
            Style::Bold => "**",
            Style::Italic => "*",
            Style::Code => "`",
            Style::Pre { .. } => "```\n",
            Style::TextLink { .. } => "[",
            Style::Url | Style::Email | Style::Mention | Style::BotCommand => "",
            other => {
                return Err(Unrepresentable {
                    markup: Markup::Markdown.name(),
                    reason: format!("its Markdown style has no {other:?}"),
                })
            }
        });
        Ok(())
    }

    fn close(&self, style: &Style, _next: Option<char>, out: &mut String) -> Result<(), Unrepresentable> {
        match style {
            Style::Bold => out.push_str("**"),
            Style::Italic => out.push('*'),
            Style::Code => out.push('`'),
            Style::Pre { .. } => out.push_str("\n```"),
            Style::TextLink { url } => {
                out.push_str("](");
                out.push_str(&escape_with(url, "\\()"));
                out.push(')');
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&self, c: char, inside: Inside, out: &mut String) -> Result<(), Unrepresentable> {
        if !inside.code && "\\*_`[]()".contains(c) {
            out.push('\\');
        }
        if inside.code && c == '`' {
            return Err(Unrepresentable {
                markup: Markup::Markdown.name(),
                reason: "a backtick inside code".to_owned(),
            });
        }
        out.push(c);
        Ok(())
    }
}

/// Builds text and its entities piece by piece, counting offsets in UTF-16 code units.
///
/// ```
/// use tgfamily::format::{Style, TextBuilder};
///
/// let text = TextBuilder::new()
///     .nest(Style::Bold, |b| b.plain("all bold, ").italic("part italic"))
///     .build();
/// assert_eq!(text.to_html(), "<b>all bold, <i>part italic</i></b>");
/// ```
#[derive(Debug, Clone, Default)]
pub struct TextBuilder {
    text: String,
    units: usize,
    spans: Vec<Span>,
}

impl TextBuilder {
    /// An empty text.
    pub fn new() -> TextBuilder {
        TextBuilder::default()
    }

    /// Appends `text` without an entity.
    pub fn plain(mut self, text: &str) -> TextBuilder {
        self.text.push_str(text);
        self.units += utf16_len(text);
        self
    }

    /// Appends `text` as one entity of `style`.
    pub fn styled(self, style: Style, text: &str) -> TextBuilder {
        self.nest(style, |b| b.plain(text))
    }

    /// Appends what `inner` builds, all of it inside an entity of `style` (entities nest).
    pub fn nest(mut self, style: Style, inner: impl FnOnce(TextBuilder) -> TextBuilder) -> TextBuilder {
        let offset = self.units;
        let at = self.spans.len();
        self.spans.push(Span { style, offset, length: 0 });
        let mut built = inner(self);
        built.spans[at].length = built.units - offset;
        built
    }

    /// Appends bold `text`.
    pub fn bold(self, text: &str) -> TextBuilder {
        self.styled(Style::Bold, text)
    }

    /// Appends italic `text`.
    pub fn italic(self, text: &str) -> TextBuilder {
        self.styled(Style::Italic, text)
    }

    /// Appends monowidth `text`.
    pub fn code(self, text: &str) -> TextBuilder {
        self.styled(Style::Code, text)
    }

    /// Appends a monowidth block in `language`.
    pub fn pre(self, text: &str, language: Option<&str>) -> TextBuilder {
        self.styled(Style::Pre { language: language.map(str::to_owned) }, text)
    }

    /// Appends `text` linking to `url`.
    pub fn link(self, text: &str, url: &str) -> TextBuilder {
        self.styled(Style::TextLink { url: url.to_owned() }, text)
    }

    /// Appends `text` mentioning the user `user_id`.
    pub fn mention_user(self, text: &str, user_id: i64) -> TextBuilder {
        self.styled(Style::TextMention { user_id }, text)
    }

    /// The text and entities. Entities of no length are dropped (platforms refuse them).
    pub fn build(mut self) -> Formatted {
        self.spans.retain(|span| span.length > 0);
        // Stable: of entities starting together, the outer (built first) stays first.
        self.spans.sort_by_key(|span| span.offset);
        Formatted { text: self.text, spans: self.spans }
    }
}

impl Style {
    /// The style's entity type name, as the Bot APIs with string entity types spell it
    /// (`bold`, `text_link`, `bot_command`).
    pub fn name(&self) -> &'static str {
        match self {
            Style::Bold => "bold",
            Style::Italic => "italic",
            Style::Underline => "underline",
            Style::Strikethrough => "strikethrough",
            Style::Spoiler => "spoiler",
            Style::Code => "code",
            Style::Pre { .. } => "pre",
            Style::TextLink { .. } => "text_link",
            Style::TextMention { .. } => "text_mention",
            Style::Mention => "mention",
            Style::BotCommand => "bot_command",
            Style::Url => "url",
            Style::Email => "email",
            Style::Blockquote => "blockquote",
        }
    }

    /// The URL a `TextLink` opens.
    pub fn url(&self) -> Option<&str> {
        match self {
            Style::TextLink { url } => Some(url),
            _ => None,
        }
    }

    /// The language of a `Pre` block, when given.
    pub fn language(&self) -> Option<&str> {
        match self {
            Style::Pre { language } => language.as_deref(),
            _ => None,
        }
    }

    /// The user a `TextMention` names.
    pub fn user_id(&self) -> Option<i64> {
        match self {
            Style::TextMention { user_id } => Some(*user_id),
            _ => None,
        }
    }
}

impl Span {
    /// Where the entity starts, as the wire's integer (UTF-16 code units).
    pub fn offset_i64(&self) -> i64 {
        i64::try_from(self.offset).unwrap_or(i64::MAX)
    }

    /// How long the entity is, as the wire's integer (UTF-16 code units).
    pub fn length_i64(&self) -> i64 {
        i64::try_from(self.length).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts whose UTF-16 length differs from their char and byte counts.
    const SAMPLES: &[&str] = &[
        "plain",
        "🎉",
        "👩‍👩‍👧", // a ZWJ sequence: 5 code points, 8 units
        "日本語のテキスト",
        "e\u{301}\u{302}", // combining marks: one glyph, three code points
        "a*b_c[d]e(f)g~h`i>j#k+l-m=n|o{p}q.r!s\\t",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "",
    ];

    #[test]
    fn utf16_lengths_count_code_units() {
        assert_eq!(utf16_len("🎉"), 2);
        assert_eq!(utf16_len("👩‍👩‍👧"), 8);
        assert_eq!(utf16_len("日本語"), 3);
        assert_eq!(utf16_len("e\u{301}"), 2);
        for text in SAMPLES {
            assert_eq!(utf16_len(text), text.encode_utf16().count());
        }
    }

    #[test]
    fn every_entity_of_a_built_text_reads_back_its_piece() {
        for (i, first) in SAMPLES.iter().enumerate() {
            for second in &SAMPLES[i..] {
                let built = TextBuilder::new()
                    .plain(first)
                    .bold(second)
                    .nest(Style::Italic, |b| b.plain(first).code(second))
                    .build();
                let expected_bold: Vec<&str> = [*second].into_iter().filter(|s| !s.is_empty()).collect();
                let bold: Vec<&str> = built
                    .spans()
                    .iter()
                    .filter(|s| s.style == Style::Bold)
                    .map(|s| entity_text(built.text(), to(s.offset), to(s.length)).expect("on boundaries"))
                    .collect();
                assert_eq!(bold, expected_bold);
                if let Some(italic) = built.spans().iter().find(|s| s.style == Style::Italic) {
                    assert_eq!(
                        entity_text(built.text(), to(italic.offset), to(italic.length)),
                        Some(format!("{first}{second}").as_str())
                    );
                }
            }
        }
    }

    fn to(units: usize) -> i64 {
        i64::try_from(units).expect("small")
    }

    #[test]
    fn an_entity_off_the_boundaries_reads_nothing() {
        assert_eq!(entity_text("a🎉b", 2, 1), None, "inside the surrogate pair");
        assert_eq!(entity_text("a🎉b", 1, 2), Some("🎉"));
        assert_eq!(entity_text("a🎉b", 3, 1), Some("b"));
        assert_eq!(entity_text("a🎉b", 4, 0), Some(""));
        assert_eq!(entity_text("a🎉b", 3, 2), None, "past the end");
        assert_eq!(entity_text("a🎉b", -1, 1), None);
        assert_eq!(entity_text("a🎉b", i64::MAX, i64::MAX), None);
    }

    /// Undoes MarkdownV2 escaping: the inverse the escaping must have.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                out.extend(chars.next());
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn escaping_leaves_no_reserved_character_bare_and_round_trips() {
        for text in SAMPLES {
            let escaped = escape_markdown_v2(text);
            assert_eq!(unescape(&escaped), *text);
            let mut chars = escaped.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    assert!(chars.next().is_some_and(|n| MARKDOWN_V2_RESERVED.contains(n)));
                } else {
                    assert!(!MARKDOWN_V2_RESERVED.contains(c), "{c} bare in {escaped}");
                }
            }
            assert_eq!(unescape(&escape_markdown(text)), *text);
        }
        assert_eq!(escape_markdown_v2_code("a`b\\c*"), "a\\`b\\\\c*");
        assert_eq!(escape_markdown_v2_url("https://x.y/(a)"), "https://x.y/(a\\)");
        assert_eq!(escape_html("<b>&\"</b>"), "&lt;b&gt;&amp;&quot;&lt;/b&gt;");
    }

    #[test]
    fn renders_nested_styles_in_each_markup() {
        let text = TextBuilder::new()
            .plain("1.5 ")
            .nest(Style::Bold, |b| b.plain("x ").italic("y"))
            .plain(" ")
            .code("a`b")
            .plain(" ")
            .link("go", "https://e.x/(1)")
            .build();
        assert_eq!(text.to_markdown_v2(), "1\\.5 *x _y_* `a\\`b` [go](https://e.x/(1\\))");
        assert_eq!(
            text.to_html(),
            "1.5 <b>x <i>y</i></b> <code>a`b</code> <a href=\"https://e.x/(1)\">go</a>"
        );
        assert!(text.render(Markup::Markdown).is_err(), "a backtick inside code");
        assert!(
            text.render(Markup::MarkdownWithoutEscapes).is_err(),
            "a backtick inside code, a `)` in a URL"
        );
    }

    #[test]
    fn markdown_without_escapes_follows_its_rules() {
        let text = TextBuilder::new()
            .bold("big")
            .plain(" ")
            .italic("slanted")
            .plain(" ")
            .styled(Style::BotCommand, "/new_bot")
            .plain(" ")
            .styled(Style::Mention, "@username")
            .plain(" ")
            .mention_user("@username", 100500)
            .plain(" ")
            .styled(Style::Url, "https://www.google.com/")
            .plain(" ")
            .link("Tap here", "https://www.google.com/")
            .build();
        assert_eq!(
            text.render(Markup::MarkdownWithoutEscapes).expect("representable"),
            "**big** *slanted* [/new_bot](cmd) [@username](@) [@username](@ 100500) \
             <https://www.google.com/> [Tap here](https://www.google.com/)"
        );
        let starred = TextBuilder::new().plain("2*3").build();
        assert!(starred.render(Markup::MarkdownWithoutEscapes).is_err(), "no escape for `*`");
        assert!(TextBuilder::new()
            .styled(Style::Spoiler, "x")
            .build()
            .render(Markup::MarkdownWithoutEscapes)
            .is_err());
    }

    #[test]
    fn markdown_follows_its_rules() {
        let text = TextBuilder::new()
            .bold("b")
            .plain(" ")
            .nest(Style::Bold, |b| b.italic("bi"))
            .plain(" *literal* ")
            .pre("let x = 1;", None)
            .build();
        assert_eq!(
            text.render(Markup::Markdown).expect("representable"),
            "**b** ***bi*** \\*literal\\* ```\nlet x = 1;\n```"
        );
    }

    #[test]
    fn a_blockquote_marks_every_line() {
        let text = TextBuilder::new().styled(Style::Blockquote, "one\ntwo").plain("after").build();
        assert_eq!(text.to_markdown_v2(), ">one\n>two\nafter");
        assert_eq!(text.to_html(), "<blockquote>one\ntwo</blockquote>after");
    }
}
