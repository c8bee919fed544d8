//! Platform settings: URLs, encodings and method-name case.

use super::report::{Change, Property};
use crate::ir::Platform;

/// A setting: the property it is, and how to read it (`None`: not set).
type Setting = (Property, fn(&Platform) -> Option<String>);

/// The settings of `a` and `b` that differ, in a fixed order.
pub(crate) fn compare(a: &Platform, b: &Platform) -> Vec<Change> {
    let settings: [Setting; 5] = [
        (Property::BaseUrl, |p| Some(p.base_url.clone())),
        (Property::UrlTemplate, |p| Some(p.url_template.clone())),
        (Property::FileUrlTemplate, |p| p.file_url_template.clone()),
        (Property::CaseSensitiveMethods, |p| Some(method_case(p).to_owned())),
        (Property::Encodings, |p| Some(p.encodings.join(", "))),
    ];
    settings
        .into_iter()
        .filter_map(|(property, value)| {
            let (a, b) = (value(a), value(b));
            (a != b).then(|| Change::property(property, a, b))
        })
        .collect()
}

/// The interface choices of `a` and `b` that differ (`auth`, `error_shape`, `updates`,
/// `callbacks`).
pub(crate) fn compare_interface(a: &crate::ir::Api, b: &crate::ir::Api) -> Vec<Change> {
    use crate::ir::{Api, ErrorShape, TokenPlace};
    type Choice = (Property, fn(&Api) -> String);
    let choices: [Choice; 4] = [
        (Property::Auth, |api| match api.auth.token {
            TokenPlace::Url => "in the URL".to_owned(),
            TokenPlace::Bearer => "bearer header".to_owned(),
            TokenPlace::Parameter => {
                format!("parameter {}", api.auth.parameter.as_deref().unwrap_or_default())
            }
        }),
        (Property::ErrorShape, |api| {
            match api.error_shape {
                ErrorShape::Integer => "integer codes",
                ErrorShape::String => "string codes",
                ErrorShape::Both => "integer and string codes",
            }
            .to_owned()
        }),
        (Property::Updates, |api| if api.has_updates { "yes" } else { "none" }.to_owned()),
        (Property::Callbacks, callbacks),
    ];
    choices
        .into_iter()
        .filter_map(|(property, value)| {
            let (a, b) = (value(a), value(b));
            (a != b).then(|| Change::property(property, Some(a), Some(b)))
        })
        .collect()
}

/// The callbacks' names and how each arrives: `DeliveryReport (signed POST)`, or `none`.
fn callbacks(api: &crate::ir::Api) -> String {
    use crate::ir::CallbackTransport;
    if api.callbacks.is_empty() {
        return "none".to_owned();
    }
    let each = api.callbacks.iter().map(|callback| {
        let protection = match (&callback.signature, &callback.encryption) {
            (Some(_), _) => "signed ",
            (None, Some(_)) => "encrypted ",
            (None, None) => "",
        };
        let transport = match callback.transport {
            CallbackTransport::PostJson => "POST",
            CallbackTransport::GetQuery => "GET",
        };
        format!("{} ({protection}{transport})", callback.name)
    });
    each.collect::<Vec<_>>().join(", ")
}

/// `case-sensitive` or `case-insensitive`.
pub(crate) fn method_case(platform: &Platform) -> &'static str {
    if platform.case_sensitive_methods {
        "case-sensitive"
    } else {
        "case-insensitive"
    }
}
