//! Files: copying a directory tree into a temporary site, and reading every file of a built one.

use std::path::{Path, PathBuf};

use crate::paths::workspace_root;

/// Copies the tree `from` into `to`, creating directories as needed.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, as text (lossy), by path.
pub fn every_file(dir: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
            (e.into_path(), text)
        })
        .collect()
}

/// A copy of the shipped site (`content/` with the team file, and `templates/`) in a temporary directory.
pub fn shipped_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = workspace_root();
    copy_tree(&root.join("content"), &dir.path().join("content"));
    copy_tree(&root.join("templates"), &dir.path().join("templates"));
    dir
}
