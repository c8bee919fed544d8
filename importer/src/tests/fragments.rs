//! Small pages of our own, imported and snapshotted: a method, objects, tagged and
//! untagged unions, entities and links in descriptions, the implied enums, the overlay.

use crate::import;
use crate::report::report;

/// A page in the shape of Telegram's, one of everything the importer reads.
const PAGE: &str = r##"<!DOCTYPE html><html><body><div id="dev_page_content">
<h3><a class="anchor" name="recent-changes" href="#recent-changes"><i class="anchor-icon"></i></a>Recent changes</h3>
<h4><a class="anchor" name="may-1-2030" href="#may-1-2030"></a>May 1, 2030</h4>
<p><strong>Bot API 99.1</strong></p>
<ul><li>Added the method <a href="#sendmessage">sendMessage</a>.</li></ul>
<h3><a class="anchor" name="making-requests" href="#making-requests"></a>Making requests</h3>
<ul>
<li>All methods in the Bot API are case-insensitive.</li>
</ul>
<h3><a class="anchor" name="getting-updates" href="#getting-updates"></a>Getting updates</h3>
<h4><a class="anchor" name="update" href="#update"></a>Update</h4>
<p>This <a href="#available-types">object</a> represents an incoming update.<br>At most <strong>one</strong> of the optional fields can be present.</p>
<table class="table">
<thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
<tr><td>update_id</td><td>Integer</td><td>The update&#39;s unique identifier</td></tr>
<tr><td>message</td><td><a href="#message">Message</a></td><td><em>Optional</em>. New incoming message of any kind - text, photo, sticker, etc.</td></tr>
<tr><td>edited_message</td><td><a href="#message">Message</a></td><td><em>Optional</em>. New version of a message</td></tr>
</tbody>
</table>
<h4><a class="anchor" name="getupdates" href="#getupdates"></a>getUpdates</h4>
<p>Use this method to receive incoming updates using long polling (<a href="https://en.wikipedia.org/wiki/Push_technology#Long_polling">wiki</a>). Returns an Array of <a href="#update">Update</a> objects.</p>
<table class="table">
<thead><tr><th>Parameter</th><th>Type</th><th>Required</th><th>Description</th></tr></thead>
<tbody>
<tr><td>offset</td><td>Integer</td><td>Optional</td><td>Identifier of the first update to be returned</td></tr>
<tr><td>allowed_updates</td><td>Array of String</td><td>Optional</td><td>A JSON-serialized list of the update types, e.g. [&quot;message&quot;]</td></tr>
</tbody>
</table>
<blockquote>
<p><strong>Notes</strong><br><strong>1.</strong> This method will not work if an outgoing webhook is set up.</p>
</blockquote>
<h3><a class="anchor" name="available-types" href="#available-types"></a>Available types</h3>
<h4><a class="anchor" name="message" href="#message"></a>Message</h4>
<p>This object represents a message.</p>
<table class="table">
<thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
<tr><td>message_id</td><td>Integer</td><td>Unique message identifier</td></tr>
<tr><td>date</td><td>Integer</td><td>Date the message was sent in Unix time. It is always a positive number</td></tr>
<tr><td>text</td><td>String</td><td><em>Optional</em>. The actual text &amp; its “quotes” <img class="emoji" src="x.png" alt="🎲" />, see <a href="#sendmessage">sendMessage</a> and <a href="https://core.telegram.org/api/entities">entities</a></td></tr>
<tr><td>photo</td><td>Array of Array of <a href="#photosize">PhotoSize</a></td><td><em>Optional</em>. Photo sizes</td></tr>
<tr><td>has_protected_content</td><td>True</td><td><em>Optional</em>. <em>True</em>, if the message can&#39;t be forwarded</td></tr>
</tbody>
</table>
<h4><a class="anchor" name="inaccessiblemessage" href="#inaccessiblemessage"></a>InaccessibleMessage</h4>
<p>This object describes a message that was deleted or is otherwise inaccessible to the bot.</p>
<table class="table">
<thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
<tr><td>message_id</td><td>Integer</td><td>Unique message identifier inside the chat</td></tr>
<tr><td>date</td><td>Integer</td><td>Always 0. The field can be used to differentiate regular and inaccessible messages.</td></tr>
</tbody>
</table>
<h4><a class="anchor" name="maybeinaccessiblemessage" href="#maybeinaccessiblemessage"></a>MaybeInaccessibleMessage</h4>
<p>This object describes a message that can be inaccessible to the bot. It can be one of</p>
<ul>
<li><a href="#message">Message</a></li>
<li><a href="#inaccessiblemessage">InaccessibleMessage</a></li>
</ul>
<h4><a class="anchor" name="photosize" href="#photosize"></a>PhotoSize</h4>
<p>This object represents one size of a photo.</p>
<table class="table">
<thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
<tr><td>width</td><td>Integer</td><td>Photo width</td></tr>
<tr><td>file_size</td><td>Float number</td><td><em>Optional</em>. File size in bytes</td></tr>
</tbody>
</table>
<h4><a class="anchor" name="reactiontype" href="#reactiontype"></a>ReactionType</h4>
<p>This object describes the type of a reaction. Currently, it can be one of</p>
<ul>
<li><a href="#reactiontypeemoji">ReactionTypeEmoji</a></li>
<li><a href="#reactiontypepaid">ReactionTypePaid</a></li>
</ul>
<h4><a class="anchor" name="reactiontypeemoji" href="#reactiontypeemoji"></a>ReactionTypeEmoji</h4>
<p>The reaction is based on an emoji.</p>
<table class="table">
<thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
<tr><td>type</td><td>String</td><td>Type of the reaction, always “emoji”</td></tr>
<tr><td>emoji</td><td>String</td><td>Reaction emoji</td></tr>
</tbody>
</table>
<h4><a class="anchor" name="reactiontypepaid" href="#reactiontypepaid"></a>ReactionTypePaid</h4>
<p>The reaction is paid.</p>
<table class="table">
<thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
<tr><td>type</td><td>String</td><td>Type of the reaction, always “paid”</td></tr>
</tbody>
</table>
<h4><a class="anchor" name="forumtopicclosed" href="#forumtopicclosed"></a>ForumTopicClosed</h4>
<p>This object represents a service message about a forum topic closed in the chat. Currently holds no information.</p>
<h4><a class="anchor" name="inputmedia" href="#inputmedia"></a>InputMedia</h4>
<p>This object represents the content of a media message to be sent. It should be one of</p>
<ul>
<li><a href="#inputmediaphoto">InputMediaPhoto</a></li>
<li><a href="#inputmediadocument">InputMediaDocument</a></li>
</ul>
<h4><a class="anchor" name="inputmediaphoto" href="#inputmediaphoto"></a>InputMediaPhoto</h4>
<p>Represents a photo to be sent.</p>
<table class="table">
<thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
<tr><td>type</td><td>String</td><td>Type of the result, must be <em>photo</em></td></tr>
<tr><td>media</td><td>String</td><td>File to send</td></tr>
<tr><td>parse_mode</td><td>String</td><td><em>Optional</em>. Mode for parsing entities in the photo caption. See <a href="#formatting-options">formatting options</a> for more details.</td></tr>
</tbody>
</table>
<h4><a class="anchor" name="inputmediadocument" href="#inputmediadocument"></a>InputMediaDocument</h4>
<p>Represents a general file to be sent.</p>
<table class="table">
<thead><tr><th>Field</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
<tr><td>type</td><td>String</td><td>Type of the result, must be <em>document</em></td></tr>
<tr><td>media</td><td>String</td><td>File to send</td></tr>
</tbody>
</table>
<h4><a class="anchor" name="inputfile" href="#inputfile"></a>InputFile</h4>
<p>This object represents the contents of a file to be uploaded.</p>
<h4><a class="anchor" name="formatting-options" href="#formatting-options"></a>Formatting options</h4>
<p>The Bot API supports basic formatting for messages.</p>
<h6><a class="anchor" name="markdownv2-style" href="#markdownv2-style"></a>MarkdownV2 style</h6>
<p>To use this mode, pass <em>MarkdownV2</em> in the <em>parse_mode</em> field. Use the following syntax in your message:</p>
<pre><code>*bold \*text*</code></pre>
<h6><a class="anchor" name="markdown-style" href="#markdown-style"></a>Markdown style</h6>
<p>This is a legacy mode, retained for backward compatibility. To use this mode, pass <em>Markdown</em> in the <em>parse_mode</em> field.</p>
<h3><a class="anchor" name="available-methods" href="#available-methods"></a>Available methods</h3>
<h4><a class="anchor" name="logout" href="#logout"></a>logOut</h4>
<p>Use this method to log out. Returns <em>True</em> on success. Requires no parameters.</p>
<h4><a class="anchor" name="sendmessage" href="#sendmessage"></a>sendMessage</h4>
<p>Use this method to send text messages. On success, the sent <a href="#message">Message</a> is returned.</p>
<table class="table">
<thead><tr><th>Parameter</th><th>Type</th><th>Required</th><th>Description</th></tr></thead>
<tbody>
<tr><td>chat_id</td><td>Integer or String</td><td>Yes</td><td>Unique identifier for the target chat or username of the target channel (in the format <code>@channelusername</code>)</td></tr>
<tr><td>text</td><td>String</td><td>Yes</td><td>Text of the message to be sent, 1-4096 characters after entities parsing</td></tr>
<tr><td>parse_mode</td><td>String</td><td>Optional</td><td>Mode for parsing entities in the message text. See <a href="#formatting-options">formatting options</a> for more details.</td></tr>
<tr><td>photo</td><td><a href="#inputfile">InputFile</a> or String</td><td>Optional</td><td>Photo to send</td></tr>
<tr><td>media</td><td>Array of <a href="#inputmediaphoto">InputMediaPhoto</a> and <a href="#inputmediadocument">InputMediaDocument</a></td><td>Optional</td><td>Media to attach</td></tr>
</tbody>
</table>
<p><strong>Note:</strong> This method may be slow.</p>
<h4><a class="anchor" name="editmessagetext" href="#editmessagetext"></a>editMessageText</h4>
<p>Use this method to edit text messages. On success, if the edited message is not an inline message, the edited <a href="#message">Message</a> is returned, otherwise <em>True</em> is returned.</p>
<table class="table">
<thead><tr><th>Parameter</th><th>Type</th><th>Required</th><th>Description</th></tr></thead>
<tbody>
<tr><td>text</td><td>String</td><td>Yes</td><td>New text of the message</td></tr>
</tbody>
</table>
<hr>
<p>And that&#39;s about all we&#39;ve got for now.</p>
</div></body></html>"##;

/// An overlay for [`PAGE`]: links, a field refinement, a const and a reordered union.
const OVERLAY: &str = r#"# a small overlay
error_codes:
  - { code: 429, name: TooManyRequests, description: "flood control", rate_limit: true }
methods:
  sendMessage:
    links: { potato: sendTextMessage }
    params:
      media:
        type: Array of InputMedia
        page: { type: "Array of InputMediaPhoto and InputMediaDocument" }
        errata:
          - { says: "an array of a choice", uses: "Array of InputMedia", why: "the format cannot write it" }
objects:
  InaccessibleMessage:
    fields:
      date:
        const: 0
        page: { description: "Always 0. The field can be used to differentiate regular and inaccessible messages." }
unions:
  MaybeInaccessibleMessage:
    variants: [InaccessibleMessage, Message]
    page: { variants: [Message, InaccessibleMessage] }
"#;

fn imported(overlay: Option<&str>) -> (String, String) {
    let (yaml, import) = import(PAGE, "page.html", overlay.map(|o| ("overlay.yaml", o)), None, &[])
        .unwrap_or_else(|e| panic!("the page imports: {e}"));
    (yaml, report(&import))
}

#[test]
fn imports_a_small_page() {
    let (yaml, report) = imported(None);
    insta::assert_snapshot!("small_page", yaml);
    insta::assert_snapshot!("small_page_report", report);
}

#[test]
fn merges_the_overlay() {
    let (yaml, report) = imported(Some(OVERLAY));
    insta::assert_snapshot!("small_page_with_overlay", yaml);
    insta::assert_snapshot!("small_page_with_overlay_report", report);
}

#[test]
fn imports_deterministically() {
    assert_eq!(imported(Some(OVERLAY)), imported(Some(OVERLAY)));
}

#[test]
fn an_overlay_naming_what_is_not_there_is_an_error() {
    let overlay = "methods:\n  sendTextMessage: { links: { potato: x } }\n  sendMessage:\n    params:\n      caption: { type: String }\nobjects:\n  Chat: {}\n";
    let error = import(PAGE, "page.html", Some(("overlay.yaml", overlay)), None, &[])
        .map(|_| ())
        .expect_err("rejected");
    insta::assert_snapshot!("overlay_errors", error);
}

#[test]
fn errors_name_the_section_and_what_was_expected() {
    let cases = [
        ("no table", PAGE.replace("Requires no parameters.", "")),
        ("required column", PAGE.replace("<td>Yes</td><td>New text", "<td>Maybe</td><td>New text")),
        ("field type", PAGE.replace("<td>Integer</td><td>Photo width", "<td>a number</td><td>Photo width")),
        ("no return", PAGE.replace("Returns <em>True</em> on success. ", "")),
        ("no version", PAGE.replace("Bot API 99.1", "Bot API")),
    ];
    let errors: Vec<String> = cases
        .iter()
        .map(|(case, page)| {
            let error = import(page, "page.html", None, None, &[]).map(|_| ()).expect_err(case);
            format!("{case}: {error}")
        })
        .collect();
    insta::assert_snapshot!("errors", errors.join("\n"));
}

#[test]
fn an_entry_whose_page_text_changed_fails_the_import_with_both_texts() {
    let page = PAGE.replace("Always 0. The field can be used", "Always 0 for now. The field can be used");
    let error = import(&page, "page.html", Some(("overlay.yaml", OVERLAY)), None, &[])
        .map(|_| ())
        .expect_err("stale entry");
    assert!(error.contains("objects.InaccessibleMessage.fields.date"), "{error}");
    assert!(error.contains("recorded: \"Always 0. The field can be used"), "{error}");
    assert!(error.contains("page now: \"Always 0 for now. The field can be used"), "{error}");
    insta::assert_snapshot!("overlay_stale_entry", error);
}

#[test]
fn an_entry_marked_any_page_applies_to_any_text() {
    let page = PAGE.replace("Always 0. The field can be used", "Always 0 for now. The field can be used");
    let overlay = "objects:\n  InaccessibleMessage:\n    fields:\n      date: { const: 0, any_page: true }\n";
    let (yaml, _) = import(&page, "page.html", Some(("overlay.yaml", overlay)), None, &[]).expect("imports");
    assert!(yaml.contains("const: 0"), "{yaml}");
}

#[test]
fn an_entry_replacing_page_text_must_record_it() {
    let overlay = "methods:\n  sendMessage:\n    params:\n      text: { required: false }\nunions:\n  MaybeInaccessibleMessage: { tag: date }\n";
    let error = import(PAGE, "page.html", Some(("overlay.yaml", overlay)), None, &[])
        .map(|_| ())
        .expect_err("unrecorded");
    insta::assert_snapshot!("overlay_unrecorded_entries", error);
}

#[test]
fn the_overlay_corrects_a_wire_name_with_an_erratum() {
    let overlay = "methods:\n  sendMessage:\n    params:\n      photo: { wire_name: picture, why: \"the server reads `picture`\" }\n";
    let (yaml, _) = import(PAGE, "page.html", Some(("overlay.yaml", overlay)), None, &[]).expect("imports");
    let at = yaml.find("- name: picture").unwrap_or_else(|| panic!("renamed: {yaml}"));
    let entry: String = yaml[at..].lines().take(8).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("overlay_wire_name", entry);
    let without_why = "methods:\n  sendMessage:\n    params:\n      photo: { wire_name: picture }\n";
    let error = import(PAGE, "page.html", Some(("overlay.yaml", without_why)), None, &[])
        .map(|_| ())
        .expect_err("needs why");
    assert!(error.contains("`wire_name` needs a `why`"), "{error}");
}

#[test]
fn an_untagged_union_is_warned_with_the_sentence_read() {
    let page = PAGE.replace("Type of the reaction, always “paid”", "Type of the reaction, which is “paid”");
    let (_, import) = import(&page, "page.html", None, None, &[]).expect("imports");
    let warning = import.warnings.iter().find(|w| w.item == "ReactionType").expect("ReactionType is warned");
    assert_eq!(
        warning.message,
        "untagged: no fixed value in `ReactionTypePaid.type` reads “Type of the reaction, which is “paid””"
            .to_owned()
            + " (accepted wordings: docs/telegram-import.md)"
    );
}
