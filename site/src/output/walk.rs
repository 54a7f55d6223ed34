//! Listing the files of an output directory, to find those a build no longer produces.

use std::path::Path;

use crate::error::SiteError;

/// Every file under `root` (not directories; symbolic links count as files), as paths relative to it with `/`
/// separators.
pub(super) fn files(root: &Path) -> Result<Vec<String>, SiteError> {
    let mut found = Vec::new();
    let mut pending = vec![(root.to_owned(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| SiteError::io(&dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| SiteError::io(&dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let kind = entry
                .file_type()
                .map_err(|e| SiteError::io(&entry.path(), e))?;
            if kind.is_dir() {
                pending.push((entry.path(), relative));
            } else {
                found.push(relative);
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_at_every_depth() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/index.html"), "").unwrap();
        std::fs::write(dir.path().join("robots.txt"), "").unwrap();
        std::fs::create_dir(dir.path().join("empty")).unwrap();
        let mut files = files(dir.path()).unwrap();
        files.sort();
        assert_eq!(files, ["a/b/index.html", "robots.txt"]);
    }
}
