//! Files to send: uploaded bytes, a file on disk, or a file the server already has.

use std::cell::RefCell;
use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, ReadBuf};

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
pub struct InputFile(Source, Option<String>);

#[derive(Clone)]
enum Source {
    Reference(String),
    Memory { name: String, bytes: Arc<[u8]> },
    Path(PathBuf),
    Reader { name: String, len: u64, reader: SharedReader },
}

/// A reader to upload from, taken by the first attempt that sends it.
type SharedReader = Arc<Mutex<Option<Pin<Box<dyn AsyncRead + Send + Sync>>>>>;

impl PartialEq for Source {
    fn eq(&self, other: &Source) -> bool {
        match (self, other) {
            (Source::Reference(a), Source::Reference(b)) => a == b,
            (Source::Memory { name: a, bytes: x }, Source::Memory { name: b, bytes: y }) => a == b && x == y,
            (Source::Path(a), Source::Path(b)) => a == b,
            (Source::Reader { reader: a, .. }, Source::Reader { reader: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Source {}

/// What the transport uploads for one file: a name, a MIME type and a body.
pub(crate) struct Upload {
    pub(crate) name: String,
    pub(crate) mime: Option<String>,
    pub(crate) body: reqwest::Body,
    pub(crate) len: Option<u64>,
}

/// An `AsyncRead` as a stream of chunks (64 KiB at most), for a streamed request body.
struct Chunks<R> {
    reader: R,
    buffer: Box<[u8]>,
}

impl<R: AsyncRead + Unpin> futures_core::Stream for Chunks<R> {
    type Item = std::io::Result<Vec<u8>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let mut buf = ReadBuf::new(&mut this.buffer);
        match Pin::new(&mut this.reader).poll_read(cx, &mut buf) {
            Poll::Ready(Ok(())) if buf.filled().is_empty() => Poll::Ready(None),
            Poll::Ready(Ok(())) => Poll::Ready(Some(Ok(buf.filled().to_vec()))),
            Poll::Ready(Err(error)) => Poll::Ready(Some(Err(error))),
            Poll::Pending => Poll::Pending,
        }
    }
}

fn streamed<R: AsyncRead + Unpin + Send + Sync + 'static>(reader: R) -> reqwest::Body {
    reqwest::Body::wrap_stream(Chunks { reader, buffer: vec![0; 64 * 1024].into_boxed_slice() })
}

impl InputFile {
    /// A file the server already has, by its `file_id`, or one it fetches, by URL.
    pub fn reference(id_or_url: impl Into<String>) -> InputFile {
        InputFile(Source::Reference(id_or_url.into()), None)
    }

    /// Bytes to upload, under the file name `name`.
    pub fn memory(name: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> InputFile {
        InputFile(Source::Memory { name: name.into(), bytes: bytes.into() }, None)
    }

    /// A file on disk to upload. It is opened and streamed when the request is sent, and
    /// opened again for each retry: it is never held in memory.
    pub fn path(path: impl Into<PathBuf>) -> InputFile {
        InputFile(Source::Path(path.into()), None)
    }

    /// `len` bytes read from `reader` to upload under the file name `name`, streamed
    /// without being held in memory. A reader can be read once: a retry after the first
    /// attempt began sending it fails with [`crate::Error::File`].
    pub fn reader(
        name: impl Into<String>,
        len: u64,
        reader: impl AsyncRead + Send + Sync + 'static,
    ) -> InputFile {
        let reader: Pin<Box<dyn AsyncRead + Send + Sync>> = Box::pin(reader);
        InputFile(Source::Reader { name: name.into(), len, reader: Arc::new(Mutex::new(Some(reader))) }, None)
    }

    /// The same upload with the MIME type `mime` (`image/png`), sent as the part's
    /// `Content-Type`; without one, the server guesses.
    pub fn mime_type(mut self, mime: impl Into<String>) -> InputFile {
        self.1 = Some(mime.into());
        self
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

    /// What to upload for one attempt; `None` for references. A path is opened anew.
    pub(crate) async fn load(&self) -> Option<std::io::Result<Upload>> {
        let mime = self.1.clone();
        match &self.0 {
            Source::Reference(_) => None,
            Source::Memory { name, bytes } => {
                let len = Some(bytes.len() as u64);
                Some(Ok(Upload { name: name.clone(), mime, body: reqwest::Body::from(bytes.to_vec()), len }))
            }
            Source::Path(path) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "file".to_owned());
                let opened = async {
                    let file = tokio::fs::File::open(path).await?;
                    let len = file.metadata().await?.len();
                    Ok(Upload { name, mime, body: streamed(file), len: Some(len) })
                };
                Some(opened.await)
            }
            Source::Reader { name, len, reader } => {
                let taken = reader.lock().unwrap_or_else(PoisonError::into_inner).take();
                Some(match taken {
                    Some(reader) => {
                        Ok(Upload { name: name.clone(), mime, body: streamed(reader), len: Some(*len) })
                    }
                    None => Err(std::io::Error::other("the reader was consumed by an earlier attempt")),
                })
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
            Source::Reader { name, len, .. } => {
                f.debug_struct("InputFile::Reader").field("name", name).field("len", len).finish()
            }
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
        if let InputFile(Source::Reference(reference), _) = self {
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
