//! Downloading files as streams: to any `AsyncWrite` or to a path, chunk by chunk, so
//! memory stays bounded whatever the file's size, and without the caller ever holding the
//! download URL (it contains the token).
//!
//! ```no_run
//! # async fn demo(bot: tgfamily::telegram::Bot) -> Result<(), tgfamily::telegram::Error> {
//! // By file_id: getFile, then the download, straight to disk.
//! let bytes = bot.client().download_file_id_to_path("AgACAgIAAx…", "photo.jpg").await?;
//! println!("{bytes} bytes");
//! # Ok(())
//! # }
//! ```

use std::path::Path;

use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::client::error::Error;
use crate::client::Client;
use crate::platform::{Downloads, Platform, Request};

/// The name errors of a download give as the "part".
const DOWNLOAD: &str = "download";
/// How much of a refused download's body is read, to decode the platform's error.
const MAX_ERROR_BODY: usize = 64 * 1024;

impl<P: Platform> Client<P> {
    /// Downloads the file the server calls `file_path` (a `getFile` answer's
    /// `file_path`) into `writer`, chunk by chunk; returns how many bytes were written.
    /// The time limit is the client's, for the whole download.
    pub async fn download_to<W: AsyncWrite + Unpin>(
        &self,
        file_path: &str,
        writer: &mut W,
    ) -> Result<u64, Error<P::ErrorCode>> {
        let url = self.file_url(file_path).ok_or_else(|| Error::Encode {
            method: DOWNLOAD,
            message: format!("{} has no file download URL", P::NAME),
        })?;
        let transport = |error: reqwest::Error| {
            if error.is_timeout() {
                Error::Timeout { method: DOWNLOAD }
            } else {
                Error::Transport {
                    method: DOWNLOAD,
                    before_sending: error.is_connect(),
                    source: error.without_url(),
                }
            }
        };
        let mut response = self.http().get(url).timeout(self.timeout()).send().await.map_err(transport)?;
        let status = response.status().as_u16();
        if status != 200 {
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(transport)? {
                body.extend_from_slice(&chunk[..chunk.len().min(MAX_ERROR_BODY - body.len())]);
                if body.len() >= MAX_ERROR_BODY {
                    break;
                }
            }
            return match crate::client::decode::<P::ErrorCode, crate::Done>(
                DOWNLOAD,
                status,
                &body,
                self.token(),
            ) {
                Err(error) => Err(error),
                Ok(_) => Err(Error::Decode {
                    method: DOWNLOAD,
                    status,
                    message: "the download was refused".to_owned(),
                    excerpt: String::new(),
                }),
            };
        }
        let write =
            |source: std::io::Error| Error::File { method: DOWNLOAD, part: file_path.to_owned(), source };
        let mut written = 0u64;
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            writer.write_all(&chunk).await.map_err(write)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(write)?;
        Ok(written)
    }

    /// Downloads the file the server calls `file_path` to the file at `path` (created or
    /// truncated); returns how many bytes were written.
    pub async fn download_to_path(
        &self,
        file_path: &str,
        path: impl AsRef<Path>,
    ) -> Result<u64, Error<P::ErrorCode>> {
        let mut file = tokio::fs::File::create(path.as_ref()).await.map_err(|source| Error::File {
            method: DOWNLOAD,
            part: file_path.to_owned(),
            source,
        })?;
        self.download_to(file_path, &mut file).await
    }
}

impl<P: Downloads> Client<P> {
    /// Downloads the file with `file_id` into `writer`: asks the platform's file method
    /// (`getFile`) for its path, then streams it; returns how many bytes were written.
    pub async fn download_file_id_to<W: AsyncWrite + Unpin>(
        &self,
        file_id: &str,
        writer: &mut W,
    ) -> Result<u64, Error<P::ErrorCode>> {
        let file = self.execute(&P::file_request(file_id)).await?;
        self.download_file_to(&file, writer).await
    }

    /// Downloads the file with `file_id` to the file at `path`.
    pub async fn download_file_id_to_path(
        &self,
        file_id: &str,
        path: impl AsRef<Path>,
    ) -> Result<u64, Error<P::ErrorCode>> {
        let file = self.execute(&P::file_request(file_id)).await?;
        let file_path = P::file_path(&file).ok_or_else(no_path::<P>)?;
        self.download_to_path(file_path, path).await
    }

    /// Downloads a file method's answer (a `File`) into `writer`.
    pub async fn download_file_to<W: AsyncWrite + Unpin>(
        &self,
        file: &P::File,
        writer: &mut W,
    ) -> Result<u64, Error<P::ErrorCode>> {
        let file_path = P::file_path(file).ok_or_else(no_path::<P>)?;
        self.download_to(file_path, writer).await
    }
}

/// The error for a file method's answer without a path.
fn no_path<P: Downloads>() -> Error<P::ErrorCode> {
    Error::Decode {
        method: <P::FileRequest as Request<P>>::NAME,
        status: 200,
        message: "the answer has no file path (the file is not available for download)".to_owned(),
        excerpt: String::new(),
    }
}
