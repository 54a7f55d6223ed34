//! The workspace's own files, wherever a test runs from.

use std::path::{Path, PathBuf};

/// The workspace's root directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The shipped team file, `content/config.toml`.
pub fn team_file() -> PathBuf {
    workspace_root().join("content/config.toml")
}

/// The shipped templates, `templates/`.
pub fn templates() -> PathBuf {
    workspace_root().join("templates")
}

/// The fixture site's content (Contoh-CSIRT), `site/tests/fixtures/basic/content`.
pub fn fixture_content() -> PathBuf {
    workspace_root().join("site/tests/fixtures/basic/content")
}
