//! Fixture sites built into a temporary directory, with assertions on the files they produce.

mod advisory_cases;
mod assets;
mod csaf;
mod failures;
mod hall_of_fame;
mod incremental;
mod integrity;
mod output;
mod pages;
mod profiles;
mod restricted;
mod shipped;
mod trust;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use csirt_site::{Site, build};
use csirt_test_kit::files::copy_tree;

/// A copy of `tests/fixtures/<name>` and the repository's templates in a temporary directory.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(name: &str) -> Self {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &manifest.join("tests/fixtures").join(name).join("content"),
            &dir.path().join("content"),
        );
        copy_tree(
            &manifest.join("../templates"),
            &dir.path().join("templates"),
        );
        Fixture { dir }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("content/config.toml")
    }

    /// A copy of the repository's own `content/` and templates: the site as shipped.
    fn shipped() -> Self {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&manifest.join("../content"), &dir.path().join("content"));
        copy_tree(
            &manifest.join("../templates"),
            &dir.path().join("templates"),
        );
        Fixture { dir }
    }

    fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.dir.path().join(relative), text).unwrap();
    }

    fn build_into(&self, output: &str) -> Result<PathBuf, String> {
        let out = self.dir.path().join(output);
        let site = Site::load(&self.config()).map_err(|e| e.to_string())?;
        build(&site, &out, date(), &|_, _| {}).map_err(|e| e.to_string())?;
        Ok(out)
    }

    fn build(&self) -> PathBuf {
        self.build_into("public")
            .unwrap_or_else(|e| panic!("build failed:\n{e}"))
    }
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn read(root: &Path, relative: &str) -> String {
    std::fs::read_to_string(root.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The files of `after` that `before` lacks or holds with other bytes, in path order.
fn changed_files(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect()
}

/// Every file under `root` with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}
