//! The build stamp, kept beside the output (in the build's own directory, see [`crate::output::build_dir`]): a
//! fingerprint of every input but the case export, the content files the pages showing case data need, and a
//! fingerprint of each numbered Hall of Fame page. When the next build finds the same input fingerprint, only the
//! export can have changed, and only the Hall of Fame pages whose fingerprint changed need rendering.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use walkdir::WalkDir;

use crate::error::SiteError;
use crate::site::SitePaths;

/// The stamp file's layout; a stamp written in another layout never matches.
const STAMP_FORMAT: u32 = 4;

/// What a build leaves for the next one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamp {
    /// The fingerprint of the inputs but the export ([`input_stamp`]).
    pub inputs: String,
    /// The content files (relative to the content directory) an export-only rebuild reads.
    pub sources: Vec<PathBuf>,
    /// The fingerprint of each numbered Hall of Fame page, page 1 first.
    pub hall_of_fame: Vec<u64>,
}

impl Stamp {
    /// Where the stamp of `output` is kept.
    pub fn file(output: &Path) -> PathBuf {
        crate::output::build_dir(output).join("stamp")
    }

    /// The stamp's text: the input fingerprint, then a line for each source and each page fingerprint.
    fn text(&self) -> String {
        let mut text = format!("{}\n", self.inputs);
        for source in &self.sources {
            text.push_str("source ");
            text.push_str(&source.to_string_lossy());
            text.push('\n');
        }
        for fingerprint in &self.hall_of_fame {
            text.push_str(&format!("page {fingerprint:016x}\n"));
        }
        text
    }

    /// Reads the stamp of `output`; `None` when there is none or it cannot be read.
    pub fn read(output: &Path) -> Option<Stamp> {
        let text = std::fs::read_to_string(Self::file(output)).ok()?;
        let mut lines = text.lines();
        let mut stamp = Stamp {
            inputs: lines.next()?.to_owned(),
            ..Stamp::default()
        };
        for line in lines {
            if let Some(source) = line.strip_prefix("source ") {
                stamp.sources.push(PathBuf::from(source));
            } else if let Some(page) = line.strip_prefix("page ") {
                stamp.hall_of_fame.push(u64::from_str_radix(page, 16).ok()?);
            } else {
                return None;
            }
        }
        Some(stamp)
    }

    /// Writes the stamp of `output`, atomically.
    pub fn write(&self, output: &Path) -> Result<(), SiteError> {
        crate::build::replace_file(&Self::file(output), self.text().as_bytes())
    }

    /// Removes the stamp of `output`, so that the next build is a full one (before a build changes the output,
    /// which a stamp no longer describes until it is written again).
    pub fn remove(output: &Path) -> Result<(), SiteError> {
        let file = Self::file(output);
        match std::fs::remove_file(&file) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(SiteError::io(&file, e)),
        }
    }
}

/// A fingerprint of everything a build reads except the case export: content, templates and static files
/// (path, size, modification time), the generator's version and the build date. Equal fingerprints mean that
/// only the export can have changed since the build that wrote the stamp.
pub fn input_stamp(
    paths: &SitePaths,
    export: Option<&Path>,
    today: NaiveDate,
) -> Result<String, SiteError> {
    use rayon::prelude::*;
    use std::hash::{Hash, Hasher};
    let export = export.and_then(|e| e.canonicalize().ok());
    let is_export = |path: &Path| {
        export.as_ref().is_some_and(|export| {
            path.file_name() == export.file_name()
                && path.canonicalize().ok().as_ref() == Some(export)
        })
    };
    let mut files = Vec::new();
    for dir in [&paths.content, &paths.templates, &paths.static_files] {
        for entry in WalkDir::new(dir) {
            let entry = entry.map_err(|e| SiteError::at(dir, e.to_string()))?;
            if entry.file_type().is_file() && !is_export(entry.path()) {
                files.push(entry.into_path());
            }
        }
    }
    // Each file is fingerprinted on its own, in parallel, and the fingerprints are summed: the stamp does not
    // depend on the order the directories list their files in, so nothing needs sorting.
    let fingerprints: Vec<u64> = files
        .par_iter()
        .with_min_len(64)
        .map(|path| {
            let metadata = std::fs::symlink_metadata(path).map_err(|e| SiteError::io(path, e))?;
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            path.hash(&mut hasher);
            metadata.len().hash(&mut hasher);
            metadata.modified().ok().hash(&mut hasher);
            Ok(hasher.finish())
        })
        .collect::<Result<_, SiteError>>()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    STAMP_FORMAT.hash(&mut hasher);
    today.hash(&mut hasher);
    fingerprints.len().hash(&mut hasher);
    fingerprints
        .iter()
        .fold(0u64, |sum, f| sum.wrapping_add(*f))
        .hash(&mut hasher);
    Ok(format!("{:016x}", hasher.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        assert_eq!(Stamp::read(&output), None);
        let stamp = Stamp {
            inputs: "00ff".into(),
            sources: vec!["hall-of-fame.md".into(), "peringatan/_index.md".into()],
            hall_of_fame: vec![1, u64::MAX],
        };
        stamp.write(&output).unwrap();
        assert_eq!(Stamp::read(&output), Some(stamp));
        Stamp::remove(&output).unwrap();
        assert_eq!(Stamp::read(&output), None);
    }
}
