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

/// `case-sensitive` or `case-insensitive`.
pub(crate) fn method_case(platform: &Platform) -> &'static str {
    if platform.case_sensitive_methods {
        "case-sensitive"
    } else {
        "case-insensitive"
    }
}
