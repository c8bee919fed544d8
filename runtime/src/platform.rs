//! What the transport needs to know about a platform and a method, written once.

use serde::Serialize;

/// The HTTP verb a method is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// Parameters travel in the query string.
    Get,
    /// Parameters travel in a JSON or multipart body.
    Post,
}

/// A platform: its URLs and its error codes. Each generated platform module has one
/// zero-sized type implementing this (`tgfamily::potato::Potato`, …), from its spec's
/// `platform` section.
pub trait Platform: Send + Sync + 'static {
    /// The platform's name (`potato`).
    const NAME: &'static str;
    /// The default base URL (`https://api.sydney.im:8443`).
    const BASE_URL: &'static str;
    /// The request URL template, with `{base}`, `{token}` and `{method}`.
    const URL_TEMPLATE: &'static str;
    /// The file download URL template, with `{base}`, `{token}` and `{path}`.
    const FILE_URL_TEMPLATE: Option<&'static str>;
    /// The platform's typed error codes.
    type ErrorCode: ErrorCodeKind;
    /// Where the token travels in a request: in the URL unless the platform says otherwise.
    const AUTH: Auth = Auth::Url;
}

/// Where a platform's token travels in a request (the spec's `auth`). Wherever it goes, it
/// is never shown: not in `Debug`, not in an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// In the request URL, at `{token}` of [`Platform::URL_TEMPLATE`].
    Url,
    /// In an `Authorization: Bearer <token>` header; the URL has no token.
    Bearer,
    /// As the request parameter of this name (in the JSON body, the multipart form or, for
    /// `GET`, the query string).
    Parameter(&'static str),
}

/// What the transport needs to know about an error code.
pub trait ErrorCodeKind:
    From<i64> + Copy + std::fmt::Debug + std::fmt::Display + Send + Sync + 'static
{
    /// The numeric code.
    fn code(&self) -> i64;
    /// Whether the server refused the request for rate: it was not carried out and may be
    /// sent again after a delay.
    fn is_rate_limit(&self) -> bool;
}

/// A method call of platform `P`: a generated method struct.
pub trait Request<P: Platform>: Serialize + Send + Sync {
    /// What the method returns on success (`getUpdates`: every update, decoded or kept
    /// raw).
    type Response: crate::client::FromAnswer;
    /// The method's name, as in the platform's documentation.
    const NAME: &'static str;
    /// The URL segment the method is served at.
    const PATH: &'static str;
    /// The HTTP verb.
    const VERB: Verb;

    /// Checks the documented rules of the parameters (`1-64 bytes`), nested objects
    /// included; the transport calls it before anything is sent. Generated methods check
    /// the rules their spec gives; the default, for requests written by hand, checks
    /// nothing.
    ///
    /// # Errors
    /// The first rule a parameter breaks.
    fn check(&self) -> crate::codec::rules::Checked {
        Ok(())
    }

    /// The chat this call sends messages to and how many, for the throttle; `None` for
    /// a call that sends no message. Generated from the spec's `throttle` section for
    /// the methods it names; the default, for requests written by hand, sends none.
    fn target(&self) -> Option<crate::client::throttle::Target> {
        None
    }
}

/// A platform with a test environment (the spec's `test_url_template`): its own
/// accounts and tokens, served at another URL. See `Client::test_environment`.
pub trait TestEnvironment: Platform {
    /// The request URL template of the test environment, with `{base}`, `{token}` and
    /// `{method}`.
    const TEST_URL_TEMPLATE: &'static str;
}

/// A platform whose files can be downloaded (the spec's `file_url_template` and
/// `file_method`): the method that answers a file's path, and where the answer has it.
/// See `Client::download_file_id_to`.
pub trait Downloads: Platform + Sized {
    /// What the file method answers (`File`).
    type File: Send + Sync;
    /// The method asking for a file's download path (`getFile`).
    type FileRequest: Request<Self, Response = Self::File>;
    /// That method for the file with `file_id`.
    fn file_request(file_id: &str) -> Self::FileRequest;
    /// The file's download path in an answer, when it has one.
    fn file_path(file: &Self::File) -> Option<&str>;
}

/// The result of a method that returns nothing useful: the call succeeded. Whatever the
/// server put in `result` (nothing, `null`, `true`) is accepted and ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Done;

impl<'de> serde::Deserialize<'de> for Done {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Done, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Done)
    }
}

/// A field an object carried that the spec does not know, kept as sent: for objects
/// whose fields are exclusive (an `Update` of a kind added after this library), it is the
/// object's `kind`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownField {
    /// The field's name.
    pub name: String,
    /// Its value, as sent.
    pub value: crate::Json,
}

/// An error code for the runtime's unit tests: the integer as sent, 1007 the rate limit.
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TestCode(pub i64);

#[cfg(test)]
impl From<i64> for TestCode {
    fn from(code: i64) -> TestCode {
        TestCode(code)
    }
}

#[cfg(test)]
impl std::fmt::Display for TestCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
impl ErrorCodeKind for TestCode {
    fn code(&self) -> i64 {
        self.0
    }
    fn is_rate_limit(&self) -> bool {
        self.0 == 1007
    }
}
