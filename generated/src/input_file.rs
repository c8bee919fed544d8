//! Files to send: uploaded bytes, a file on disk, or a file the server already has.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A file parameter: either a reference the server resolves (`file_id` or URL), sent as a
/// string, or content to upload, sent as a part of a multipart request.
///
/// `Debug` never shows file content.
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

impl Serialize for InputFile {
    /// A reference is its string; an upload is written as `attach://<file name>` (in a
    /// multipart request the transport sends the content as a part instead).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Source::Reference(reference) => serializer.serialize_str(reference),
            Source::Memory { name, .. } => serializer.serialize_str(&format!("attach://{name}")),
            Source::Path(path) => {
                let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
                serializer.serialize_str(&format!("attach://{name}"))
            }
        }
    }
}

impl<'de> Deserialize<'de> for InputFile {
    /// A file parameter read back (a request example, a webhook reply) is a reference.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(InputFile::reference)
    }
}
