//! The bindings generated from the fixture spec (every construct of the format) behave:
//! each kind of union decodes and writes back, enums keep unknown values, objects keep
//! unknown fields, rare parts and exclusive kinds work, and the client speaks the spec's
//! URL shape, verbs and encodings to a real server on 127.0.0.1.

use fake_server::{FakeServer, Reply};
use integration::constructs::{
    Anything, Bot, Envelope, EnvelopeKind, ErrorCode, Event, Level, Mode, Shape, Stamp, Thing,
};
use serde_json::{json, Value};
use tgfamily::{Client, InputFile};

fn decode<T: serde::de::DeserializeOwned>(json: &Value) -> T {
    serde_json::from_str(&json.to_string()).unwrap_or_else(|e| panic!("{json} does not decode: {e}"))
}

/// Decodes `json` and checks it writes back to the same JSON.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: Value) -> T {
    let value: T = decode(&json);
    assert_eq!(serde_json::to_value(&value).expect("serialises"), json);
    value
}

#[test]
fn an_integer_tagged_union_dispatches_and_keeps_unknown_tags() {
    assert!(
        matches!(round_trip::<Shape>(json!({"kind": 2, "side": 1.5})), Shape::Square(s) if s.side == 1.5)
    );
    assert!(matches!(round_trip::<Shape>(json!({"radius": 3.0, "kind": 1})), Shape::Circle(_)));
    let unknown = round_trip::<Shape>(json!({"kind": 9, "sides": 12}));
    assert_eq!(unknown, Shape::Unknown(json!({"kind": 9, "sides": 12}).into()));
}

#[test]
fn a_string_tagged_union_tells_twins_apart_wherever_the_tag_is() {
    assert!(matches!(round_trip::<Event>(json!({"type": "click", "x": 4})), Event::Click(c) if c.x == 4));
    assert!(matches!(round_trip::<Event>(json!({"x": 4, "type": "click"})), Event::Click(_)));
    assert!(matches!(round_trip::<Event>(json!({"type": "key", "key": "a"})), Event::Key(k) if k.key == "a"));
    assert!(
        matches!(round_trip::<Event>(json!({"code": 13, "type": "key"})), Event::KeyCode(k) if k.code == 13)
    );
    assert!(matches!(round_trip::<Event>(json!({"type": "scroll"})), Event::Unknown(_)));
    // Escaped keys and values cannot be borrowed from the input; they decode all the same.
    let escaped: Event =
        serde_json::from_str(r#"{"\u0078": 2, "\u0074ype": "cl\u0069ck"}"#).expect("decodes");
    assert!(matches!(escaped, Event::Click(c) if c.x == 2));
}

#[test]
fn a_variant_without_a_fixed_tag_takes_every_other_value() {
    assert!(matches!(round_trip::<Stamp>(json!({"at": 0})), Stamp::Inaccessible(_)));
    assert!(matches!(round_trip::<Stamp>(json!({"at": 1700000000})), Stamp::Plain(p) if p.at == 1700000000));
}

#[test]
fn an_untagged_union_dispatches_on_the_json_shape() {
    assert_eq!(round_trip::<Anything>(json!(5)), Anything::Integer(5));
    assert_eq!(round_trip::<Anything>(json!("five")), Anything::String("five".into()));
    assert_eq!(round_trip::<Anything>(json!(true)), Anything::Boolean(true));
    assert_eq!(round_trip::<Anything>(json!([1, 2])), Anything::IntegerList(vec![1, 2]));
    assert!(matches!(round_trip::<Anything>(json!({"at": 3})), Anything::Plain(_)));
    assert!(serde_json::from_str::<Anything>("1.5").is_err(), "no variant takes a float");
}

#[test]
fn enums_keep_values_they_do_not_know() {
    assert_eq!(round_trip::<Level>(json!(2)), Level::High);
    assert_eq!(round_trip::<Level>(json!(7)), Level::Unknown(7));
    assert_eq!(round_trip::<Mode>(json!("slow_and_steady")), Mode::SlowAndSteady);
    assert_eq!(round_trip::<Mode>(json!("turbo")), Mode::Other("turbo".into()));
    assert_eq!(ErrorCode::from(420), ErrorCode::Flood);
    assert!(ErrorCode::Flood.is_rate_limit() && !ErrorCode::BadRequest.is_rate_limit());
    assert_eq!(ErrorCode::from(999), ErrorCode::Unknown(999));
}

#[test]
fn objects_keep_unknown_fields_rare_fields_and_recursion() {
    let thing: Thing = round_trip(json!({
        "id": 1, "type": "thing", "note": "rare", "brand_new": {"a": 1},
        "parent": {"id": 0, "type": "root"}, "children": [{"id": 2, "type": "leaf"}],
        "grid": [[1.5, 2.5]], "flag": true, "level": 1, "event": {"type": "click", "x": 1}
    }));
    assert_eq!(thing.kind, "thing");
    assert_eq!(thing.rare().remark.as_deref(), Some("rare"));
    assert_eq!(thing.remark().map(String::as_str), Some("rare"), "a rare field's accessor");
    assert_eq!(thing.parent.as_ref().map(|p| p.id), Some(0));
    assert_eq!(thing.unknown_fields.as_ref().and_then(|u| u.get("brand_new")), Some(&json!({"a": 1}).into()));
    let plain: Thing = decode(&json!({"id": 3, "type": "x"}));
    assert!(plain.rare.is_none() && plain.rare().remark.is_none() && plain.unknown_fields.is_none());
    let missing = serde_json::from_str::<Thing>(r#"{"type": "x"}"#).expect_err("id is required");
    assert!(missing.to_string().contains("missing field `id`"), "{missing}");
}

#[test]
fn exclusive_fields_are_one_kind_and_new_kinds_are_kept() {
    let envelope: Envelope = round_trip(json!({"seq": 1, "shape": {"kind": 1, "radius": 2.0}}));
    assert!(matches!(envelope.kind, Some(EnvelopeKind::Shape(Shape::Circle(_)))));
    let envelope: Envelope = round_trip(json!({"seq": 2, "hologram": {"depth": 3}}));
    match envelope.kind {
        Some(EnvelopeKind::Unknown(field)) => {
            assert_eq!(field.name, "hologram");
            assert_eq!(field.value, json!({"depth": 3}).into());
        }
        other => panic!("expected an unknown kind, got {other:?}"),
    }
    // Envelope is only received: no setters, its public fields are assigned.
    let mut built = Envelope::new(3);
    built.kind = Some(EnvelopeKind::Thing(Box::new(Thing::new(1, "t"))));
    assert_eq!(
        serde_json::to_value(&built).expect("serialises"),
        json!({"seq": 3, "thing": {"id": 1, "type": "t"}})
    );
}

#[tokio::test]
async fn the_client_speaks_the_specs_url_shape_verbs_and_encodings() {
    let server = FakeServer::start().await;
    server.reply("getThing", Reply::ok(json!({"id": 7, "type": "thing"})));
    server.reply("setDesc", Reply::ok(Value::Bool(true)));
    let bot = Bot::with_client(Client::new("42:secret").with_base_url(server.base_url()));
    let thing = bot.get_thing(7).for_("me").await.expect("getThing");
    assert_eq!(thing.id, 7);
    bot.set_description("@channel".to_owned(), "hello").await.expect("setDescription");
    bot.upload_picture(InputFile::memory("p.png", vec![1u8, 2, 3])).mode(Mode::Fast).await.expect("upload");
    let requests = server.requests();
    assert_eq!(requests[0].verb, "GET");
    assert_eq!(requests[0].path, "/bot42:secret/getThing");
    assert_eq!(requests[0].query, "for=me&id=7");
    assert_eq!(requests[1].path, "/bot42:secret/setDesc");
    assert_eq!(requests[1].json(), Some(json!({"chat_id": "@channel", "text": "hello"})));
    let parts = requests[2].parts();
    assert_eq!(parts.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["picture", "mode"]);
    assert_eq!(parts[0].body, vec![1u8, 2, 3]);
    assert_eq!(parts[1].body, b"fast");
}

#[test]
fn an_untagged_union_with_reads_as_reads_either_form_as_one_value_and_keeps_the_form() {
    use integration::constructs::{Form, FormName, FormSent};
    let cases = [
        (json!(1), Form::One),
        (json!(2), Form::Two),
        (json!("one"), Form::One),
        (json!("uno"), Form::One),
        (json!(7), Form::Unknown(7)),
        (json!("siete"), Form::Other("siete".to_owned())),
    ];
    for (sent, expected) in cases {
        let value = round_trip::<FormSent>(sent.clone());
        assert_eq!(value.form(), expected, "{sent}");
    }
    assert!(matches!(decode::<FormSent>(&json!("uno")), FormSent::FormName(FormName::Uno)));
}
