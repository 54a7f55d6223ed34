//! Files for the site's tests: copying a directory tree into a temporary site.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;

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
