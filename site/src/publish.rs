//! Publishing the built site to an S3 bucket (behind CloudFront): only the files whose content changed since
//! the last upload are sent, with their content type, and objects whose file is gone are deleted. What was
//! uploaded is recorded beside the output (`public.uploaded.json`), so a rebuild after a case closes uploads
//! four pages, not the site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;
use csirt_cases::digest::sha256_hex;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::error::SiteError;

/// What was uploaded where, by object key: the SHA-256 of each file's content.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// The bucket the files went to: another bucket starts from nothing.
    bucket: String,
    /// Object key → SHA-256 (hex) of the content uploaded.
    objects: BTreeMap<String, String>,
}

/// What an upload did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Uploaded {
    /// Files sent (new or changed).
    pub sent: usize,
    /// Objects deleted (their file is gone).
    pub deleted: usize,
    /// Files left alone (unchanged since the last upload).
    pub unchanged: usize,
}

/// Where the record of the last upload of `output` is kept.
fn manifest_file(output: &Path) -> PathBuf {
    output.with_extension("uploaded.json")
}

/// Every file of the built site: its object key (the path with `/` separators) and path.
fn site_files(output: &Path) -> Result<Vec<(String, PathBuf)>, SiteError> {
    let mut files = Vec::new();
    for entry in WalkDir::new(output).sort_by_file_name() {
        let entry = entry.map_err(|e| SiteError::at(output, e.to_string()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(output).unwrap_or(entry.path());
        let key = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push((key, entry.into_path()));
    }
    Ok(files)
}

/// The content type of an object, from its name; text types in UTF-8.
fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    if mime.type_() == mime_guess::mime::TEXT
        || key.ends_with(".xml")
        || key.ends_with(".json")
        || key.ends_with(".js")
    {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_owned()
    }
}

/// Uploads the site built in `output` to `bucket`: what changed since the last upload to that bucket, then
/// deletes what is gone. The record is updated after each file, so an interrupted upload resumes.
pub async fn upload_site(
    client: &Client,
    bucket: &str,
    output: &Path,
    progress: &dyn Fn(usize, usize),
) -> Result<Uploaded, SiteError> {
    let manifest_path = manifest_file(output);
    let mut manifest: Manifest = std::fs::read_to_string(&manifest_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .filter(|m: &Manifest| m.bucket == bucket)
        .unwrap_or_else(|| Manifest {
            bucket: bucket.to_owned(),
            objects: BTreeMap::new(),
        });
    let files = site_files(output)?;
    let mut result = Uploaded::default();
    let mut changed = Vec::new();
    for (key, path) in &files {
        let bytes = std::fs::read(path).map_err(|e| SiteError::io(path, e))?;
        let digest = sha256_hex(&bytes);
        if manifest.objects.get(key) == Some(&digest) {
            result.unchanged += 1;
        } else {
            changed.push((key, bytes, digest));
        }
    }
    let total = changed.len();
    for (key, bytes, digest) in changed {
        client
            .put_object()
            .bucket(bucket)
            .key(key)
            .content_type(content_type(key))
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(|e| s3_error(output, &format!("uploading {key} to s3://{bucket}"), &e))?;
        manifest.objects.insert(key.clone(), digest);
        result.sent += 1;
        progress(result.sent, total);
        save(&manifest_path, &manifest)?;
    }
    let present: std::collections::BTreeSet<&str> = files.iter().map(|(k, _)| k.as_str()).collect();
    let gone: Vec<String> = manifest
        .objects
        .keys()
        .filter(|key| !present.contains(key.as_str()))
        .cloned()
        .collect();
    for key in gone {
        client
            .delete_object()
            .bucket(bucket)
            .key(&key)
            .send()
            .await
            .map_err(|e| s3_error(output, &format!("deleting {key} from s3://{bucket}"), &e))?;
        manifest.objects.remove(&key);
        result.deleted += 1;
        save(&manifest_path, &manifest)?;
    }
    save(&manifest_path, &manifest)?;
    Ok(result)
}

/// A failed S3 request: what was being done and the error with its causes.
fn s3_error(output: &Path, doing: &str, error: &(dyn std::error::Error + 'static)) -> SiteError {
    SiteError::at(
        output,
        format!("{doing}: {}", csirt_cases::error_chain::error_chain(error)),
    )
}

/// Writes the record of what is uploaded.
fn save(path: &Path, manifest: &Manifest) -> Result<(), SiteError> {
    let text = serde_json::to_string(manifest).map_err(|e| SiteError::at(path, e.to_string()))?;
    std::fs::write(path, text).map_err(|e| SiteError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_come_from_names() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/site.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/report-form.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("peringatan/atom.xml"),
            "text/xml; charset=utf-8"
        );
        assert_eq!(content_type("assets/favicon.svg"), "image/svg+xml");
        assert_eq!(
            content_type(".well-known/security.txt"),
            "text/plain; charset=utf-8"
        );
    }
}
