//! Planning the upload of the built site to its bucket (behind CloudFront): only the files whose content
//! changed since the last upload are sent, with their content type, and objects whose file is gone are deleted.
//! What was uploaded is recorded beside the output (`public.uploaded.json`) as each object is sent, so a rebuild
//! after a case closes uploads four pages, not the site, and an interrupted upload resumes where it stopped.
//! [`s3::upload_site`] carries the plan out against S3.

pub mod s3;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use csirt_domain::digest::sha256_hex;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::error::StaffError;

/// What is in the bucket, as far as this output directory's uploads know: object key → SHA-256.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    bucket: String,
    objects: BTreeMap<String, String>,
}

/// A file to send.
#[derive(Debug)]
pub struct Upload {
    /// Its object key (the path under the output, with `/`).
    pub key: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// Its `Content-Type`.
    pub content_type: String,
    digest: String,
}

/// What an upload did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Uploaded {
    /// Files sent.
    pub sent: usize,
    /// Objects deleted.
    pub deleted: usize,
    /// Files already there with the same content.
    pub unchanged: usize,
}

/// The upload of an output directory to a bucket: what to send, what to delete, and the record of both.
#[derive(Debug)]
pub struct UploadPlan {
    manifest_path: PathBuf,
    manifest: Manifest,
    /// Files to send.
    pub send: Vec<Upload>,
    /// Object keys to delete.
    pub delete: Vec<String>,
    /// What was done so far.
    pub done: Uploaded,
}

fn manifest_file(output: &Path) -> PathBuf {
    output.with_extension("uploaded.json")
}

/// Whether the file at `path` is a compressed copy the build made of another (`NAME.br`, `NAME.gz` beside
/// `NAME`): for servers that send them as they are; CloudFront compresses by itself, so they are not uploaded.
fn is_compressed_copy(path: &Path) -> bool {
    let name = path.to_string_lossy();
    csirt_site::output::compress::SUFFIXES
        .iter()
        .filter_map(|suffix| name.strip_suffix(suffix))
        .any(|original| Path::new(original).is_file())
}

/// Every file under `output`, by object key, but the compressed copies ([`is_compressed_copy`]).
fn site_files(output: &Path) -> Result<Vec<(String, PathBuf)>, StaffError> {
    let mut files = Vec::new();
    for entry in WalkDir::new(output).sort_by_file_name() {
        let entry = entry.map_err(|e| StaffError::file(output, e))?;
        if !entry.file_type().is_file() || is_compressed_copy(entry.path()) {
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

/// The `Content-Type` of an object, from its name; text types in UTF-8.
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

impl UploadPlan {
    /// The plan for uploading `output` to `bucket`, from the record of earlier uploads to that bucket.
    pub fn of(output: &Path, bucket: &str) -> Result<UploadPlan, StaffError> {
        let manifest_path = manifest_file(output);
        let manifest: Manifest = std::fs::read_to_string(&manifest_path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .filter(|m: &Manifest| m.bucket == bucket)
            .unwrap_or_else(|| Manifest {
                bucket: bucket.to_owned(),
                objects: BTreeMap::new(),
            });
        let files = site_files(output)?;
        let mut done = Uploaded::default();
        let mut send = Vec::new();
        for (key, path) in &files {
            let bytes = std::fs::read(path).map_err(|e| StaffError::file(path, e))?;
            let digest = sha256_hex(&bytes);
            if manifest.objects.get(key) == Some(&digest) {
                done.unchanged += 1;
            } else {
                send.push(Upload {
                    content_type: content_type(key),
                    key: key.clone(),
                    bytes,
                    digest,
                });
            }
        }
        let present: BTreeSet<&str> = files.iter().map(|(k, _)| k.as_str()).collect();
        let delete = manifest
            .objects
            .keys()
            .filter(|key| !present.contains(key.as_str()))
            .cloned()
            .collect();
        Ok(UploadPlan {
            manifest_path,
            manifest,
            send,
            delete,
            done,
        })
    }

    /// Records that `upload` is in the bucket now.
    pub fn sent(&mut self, upload: &Upload) -> Result<(), StaffError> {
        self.manifest
            .objects
            .insert(upload.key.clone(), upload.digest.clone());
        self.done.sent += 1;
        self.save()
    }

    /// Records that the object `key` was deleted.
    pub fn deleted(&mut self, key: &str) -> Result<(), StaffError> {
        self.manifest.objects.remove(key);
        self.done.deleted += 1;
        self.save()
    }

    /// Writes the record (also when nothing changed, so the bucket it is for is known).
    pub fn save(&self) -> Result<(), StaffError> {
        let text = serde_json::to_string(&self.manifest)
            .map_err(|e| StaffError::file(&self.manifest_path, e))?;
        std::fs::write(&self.manifest_path, text)
            .map_err(|e| StaffError::file(&self.manifest_path, e))
    }
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

    #[test]
    fn the_builds_compressed_copies_are_not_uploaded() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("index.html", "halaman"),
            ("index.html.br", "br"),
            ("index.html.gz", "gz"),
            ("bukti.gz", "an archive of its own, beside nothing"),
        ] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let keys: Vec<String> = site_files(dir.path())
            .unwrap()
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        assert_eq!(keys, ["bukti.gz", "index.html"]);
    }
}
