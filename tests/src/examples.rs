//! Checks of the documents' examples against the generated types, called by the
//! generated `tests/tests/examples_<platform>.rs`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tgfamily::{Platform, Request};

/// The request example `json` decodes into the method struct `M`, and `M` serialises back
/// to the same JSON value, but for `ignored` keys the spec does not model.
///
/// # Panics
/// When the example and the struct disagree: that is the test failing.
pub fn check_request<M: Serialize + DeserializeOwned>(json: &str, ignored: &[&str]) {
    let mut expected: Value = serde_json::from_str(json).expect("the example is JSON");
    if let Value::Object(map) = &mut expected {
        for key in ignored {
            assert!(map.remove(*key).is_some(), "ignored field `{key}` is not in the example");
        }
    }
    let request: M = serde_json::from_str(&expected.to_string())
        .unwrap_or_else(|e| panic!("the request example does not decode into the method struct: {e}"));
    let written = serde_json::to_value(&request).expect("the method struct serialises");
    assert_eq!(written, expected, "the method struct does not serialise back to the example");
}

/// The response example `json` (a whole envelope) decodes through the transport's decoder
/// into `M`'s response type.
///
/// # Panics
/// When it does not: that is the test failing.
pub fn check_response<P: Platform, M: Request<P>>(json: &str) {
    let decoded = tgfamily::transport::decode::<P::ErrorCode, M::Response>(M::NAME, 200, json.as_bytes(), "");
    if let Err(error) = decoded {
        panic!("the response example of {} does not decode: {error}", M::NAME);
    }
}

/// The object example `json` decodes into `T`, and `T` serialises back to the same JSON.
///
/// # Panics
/// When they disagree: that is the test failing.
pub fn check_object<T: Serialize + DeserializeOwned>(json: &str) {
    let expected: Value = serde_json::from_str(json).expect("the example is JSON");
    let object: T =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("the object example does not decode: {e}"));
    let written = serde_json::to_value(&object).expect("the object serialises");
    assert_eq!(written, expected, "the object does not serialise back to the example");
}
