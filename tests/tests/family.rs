//! The shape the platforms share: named choices and their conversions.

use tgfamily::{cloudchat, telegram};

/// Integers across each type's range, including both ends.
fn samples<T: Copy>(min: T, max: T, middle: &[T]) -> Vec<T> {
    let mut out = vec![min, max];
    out.extend_from_slice(middle);
    out
}

#[test]
fn chat_ids_convert_from_every_integer_type_without_loss() {
    for value in samples(i32::MIN, i32::MAX, &[-1, 0, 1, 20216742]) {
        assert_eq!(telegram::ChatId::from(value), telegram::ChatId::Integer(i64::from(value)));
        assert_eq!(cloudchat::ChatId::from(value), cloudchat::ChatId::Integer(i64::from(value)));
    }
    for value in samples(u32::MIN, u32::MAX, &[1, 3_000_000_000]) {
        assert_eq!(telegram::ChatId::from(value), telegram::ChatId::Integer(i64::from(value)));
    }
    let wide = i64::MAX as u64;
    for value in samples(u64::MIN, wide, &[1, 1 << 40]) {
        let id = telegram::ChatId::try_from(value).expect("fits in i64");
        assert_eq!(id, telegram::ChatId::Integer(value as i64));
    }
    for value in [wide + 1, u64::MAX] {
        assert!(telegram::ChatId::try_from(value).is_err(), "{value} does not fit in i64");
    }
    assert!(telegram::ChatId::try_from(usize::MAX).is_err() == (usize::MAX as u128 > i64::MAX as u128));
}

#[test]
fn chat_ids_convert_from_every_string_form() {
    let owned = String::from("@channel");
    let expected = telegram::ChatId::String(owned.clone());
    assert_eq!(telegram::ChatId::from(&owned), expected);
    assert_eq!(telegram::ChatId::from(owned.as_str()), expected);
    assert_eq!(telegram::ChatId::from(owned.clone()), expected);
    assert_eq!(serde_json::to_string(&expected).expect("serialises"), "\"@channel\"");
    let id: telegram::ChatId = serde_json::from_str("-1001234567890").expect("decodes");
    assert_eq!(id, telegram::ChatId::from(-1001234567890_i64));
}

#[test]
fn edits_return_the_named_choice() {
    let edited: telegram::EditResult = serde_json::from_str("true").expect("decodes");
    assert_eq!(edited, telegram::EditResult::True(true));
    let edited: cloudchat::EditResult = serde_json::from_str("true").expect("decodes");
    assert_eq!(edited, cloudchat::EditResult::True(true));
}
