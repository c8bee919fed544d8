//! Files to send: uploaded bytes, a file on disk, or a file the server already has.

use std::cell::RefCell;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A file parameter: either a reference the server resolves (`file_id` or URL), sent as a
/// string, or content to upload, sent as a part of a multipart request.
///
/// `Debug` never shows file content.
///
/// ```
/// use tgfamily::InputFile;
///
/// let known = InputFile::reference("AgADBAADr6cxG"); // a file_id the server gave
/// let bytes = InputFile::memory("cat.png", vec![0x89, b'P', b'N', b'G']);
/// let on_disk = InputFile::path("photos/cat.png"); // read when the request is sent
/// assert_eq!(known.as_reference(), Some("AgADBAADr6cxG"));
/// assert!(bytes.is_upload() && on_disk.is_upload());
/// assert!(!format!("{bytes:?}").contains("PNG"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct InputFile(Source);

#[derive(Clone, PartialEq, Eq)]
enum Source {
    Reference(String),
    Memory { name: String, bytes: Arc<[u8]> },
    Path(PathBuf),
}

impl InputFile {
    /// A file the server already has, by its `file_id`, or one it fetches, by URL.
    pub fn reference(id_or_url: impl Into<String>) -> InputFile {
        InputFile(Source::Reference(id_or_url.into()))
    }

    /// Bytes to upload, under the file name `name`.
    pub fn memory(name: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> InputFile {
        InputFile(Source::Memory { name: name.into(), bytes: bytes.into() })
    }

    /// A file on disk to upload; it is read when the request is sent.
    pub fn path(path: impl Into<PathBuf>) -> InputFile {
        InputFile(Source::Path(path.into()))
    }

    /// The `file_id` or URL, when this is a reference.
    pub fn as_reference(&self) -> Option<&str> {
        match &self.0 {
            Source::Reference(reference) => Some(reference),
            _ => None,
        }
    }

    /// Whether sending this file needs a multipart upload.
    pub fn is_upload(&self) -> bool {
        !matches!(self.0, Source::Reference(_))
    }

    /// The file name and content to upload; `None` for references.
    pub(crate) async fn load(&self) -> Option<std::io::Result<(String, Vec<u8>)>> {
        match &self.0 {
            Source::Reference(_) => None,
            Source::Memory { name, bytes } => Some(Ok((name.clone(), bytes.to_vec()))),
            Source::Path(path) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "file".to_owned());
                Some(tokio::fs::read(path).await.map(|bytes| (name, bytes)))
            }
        }
    }
}

impl fmt::Debug for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Reference(reference) => f.debug_tuple("InputFile::Reference").field(reference).finish(),
            Source::Memory { name, bytes } => {
                f.debug_struct("InputFile::Memory").field("name", name).field("len", &bytes.len()).finish()
            }
            Source::Path(path) => f.debug_tuple("InputFile::Path").field(path).finish(),
        }
    }
}

impl From<String> for InputFile {
    fn from(id_or_url: String) -> InputFile {
        InputFile::reference(id_or_url)
    }
}

impl From<&str> for InputFile {
    fn from(id_or_url: &str) -> InputFile {
        InputFile::reference(id_or_url)
    }
}

thread_local! {
    /// The uploads met while serialising one request, when the transport is collecting.
    static UPLOADS: RefCell<Option<Vec<InputFile>>> = const { RefCell::new(None) };
}

/// Runs `serialize` and returns its result with the uploads it met, each with the part
/// name the library gave it (`file0`, `file1`, …), which the serialised request refers to
/// as `attach://<name>`.
pub(crate) fn collect_uploads<T>(serialize: impl FnOnce() -> T) -> (T, Vec<(String, InputFile)>) {
    UPLOADS.with(|uploads| *uploads.borrow_mut() = Some(Vec::new()));
    let result = serialize();
    let uploads = UPLOADS.with(|uploads| uploads.borrow_mut().take()).unwrap_or_default();
    let named = uploads.into_iter().enumerate().map(|(index, file)| (format!("file{index}"), file)).collect();
    (result, named)
}

impl Serialize for InputFile {
    /// A reference is its string. An upload is `attach://<name>`, where the name is given
    /// by the library: the transport sends the content as the multipart part of that name
    /// (or, for a file that is a parameter itself, as the part named after the parameter).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Source::Reference(reference) = &self.0 {
            return serializer.serialize_str(reference);
        }
        let index = UPLOADS.with(|uploads| {
            uploads.borrow_mut().as_mut().map(|list| {
                list.push(self.clone());
                list.len() - 1
            })
        });
        match index {
            Some(index) => serializer.serialize_str(&format!("attach://file{index}")),
            None => Err(serde::ser::Error::custom("a file upload can only be sent by the transport")),
        }
    }
}

impl<'de> Deserialize<'de> for InputFile {
    /// A file parameter read back (a request example, a webhook reply) is a reference.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(InputFile::reference)
    }
}
