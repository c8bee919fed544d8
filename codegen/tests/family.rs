//! The family traits generated from two fixture platforms (`tests/fixtures/family`): the
//! emitted module is pinned by a snapshot, and the rules are checked one by one on the
//! plan: methods lined up by link and by name, parameters filled from the received chat,
//! keyboards built through a row wrapper and a union, a platform left out with its reason.

use std::path::Path;

use codegen::emit::family::{family_tokens, Family};
use codegen::ir::Api;

fn load(name: &str) -> Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/family").join(name);
    codegen::resolve::load(&path).unwrap_or_else(|e| panic!("the fixture {name} is valid:\n{e}"))
}

fn apis() -> (Api, Api) {
    (load("telegram.yaml"), load("rowed.yaml"))
}

#[test]
fn the_family_module_is_pinned() {
    let (reference, rowed) = apis();
    let family = Family::of(&[&rowed, &reference]);
    let text = codegen::emit::format_file(family_tokens(&family), "tests/fixtures/family/*.yaml")
        .expect("the family module parses");
    insta::assert_snapshot!("family_module", text);
}

#[test]
fn methods_line_up_by_link_and_by_name() {
    let (reference, rowed) = apis();
    let family = Family::of(&[&rowed, &reference]);
    assert_eq!(family.coverage("rowed", "sendText"), Some(Ok("SendText")));
    assert_eq!(family.coverage("telegram", "sendMessage"), Some(Ok("SendText")));
    assert_eq!(family.coverage("rowed", "editMessageText"), Some(Ok("EditText")));
    assert_eq!(family.coverage("rowed", "getUpdates"), Some(Ok("Bot")));
    assert_eq!(family.coverage("telegram", "sendMessage"), Some(Ok("SendText")));
    assert_eq!(family.coverage("rowed", "noSuchMethod"), None);
}

#[test]
fn a_required_parameter_the_family_cannot_fill_leaves_the_platform_out() {
    let (reference, rowed) = apis();
    let family = Family::of(&[&rowed, &reference]);
    assert_eq!(family.coverage("telegram", "answerCallbackQuery"), Some(Ok("AnswerCallbackQuery")));
    let reason =
        family.coverage("rowed", "answerCallbackQuery").expect("a family member").expect_err("left out");
    assert!(reason.contains("`query_token`"), "{reason}");
}

#[test]
fn shared_fields_make_the_family_objects() {
    let (reference, rowed) = apis();
    let family = Family::of(&[&rowed, &reference]);
    let button = family.object("InlineKeyboardButton").expect("a family button");
    let names: Vec<&str> = button.fields.iter().map(|f| f.name.as_str()).collect();
    // `pay` is the reference's only: not the family's.
    assert_eq!(names, ["text", "callback_data"]);
    let keyboard = family.object("InlineKeyboardMarkup").expect("a family keyboard");
    assert_eq!(keyboard.fields.len(), 1);
    assert!(keyboard.members.iter().all(|(_, member)| member.is_ok()), "both convert");
}

#[test]
fn a_platform_alone_still_gets_its_traits() {
    let (_, rowed) = apis();
    let family = Family::of(&[&rowed]);
    assert_eq!(family.coverage("rowed", "sendText"), Some(Ok("SendText")));
}
