//! The commit journal: the renames (staged file → output path) and removals that turn the old output into the
//! new one, written before any of them is made so that a build killed half-way through them is completed by the
//! next one.
//!
//! One line per step: `rename NUMBER PATH` or `remove PATH`, paths relative to the output; the last line is
//! `end`, so a journal cut short (it never is: it is renamed into place whole) would not be taken for a whole
//! one.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::error::SiteError;

/// The steps of one commit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Journal {
    /// (staged file number, output path), in the order they are made.
    pub renames: Vec<(usize, String)>,
    /// Output paths to remove, before the renames.
    pub removals: Vec<String>,
}

impl Journal {
    /// The temporary file the journal is written to before it is renamed into place.
    pub fn temporary(path: &Path) -> PathBuf {
        path.with_extension("new")
    }

    /// The journal's text.
    fn text(&self) -> String {
        let mut text = String::new();
        for path in &self.removals {
            text.push_str("remove ");
            text.push_str(path);
            text.push('\n');
        }
        for (number, path) in &self.renames {
            text.push_str(&format!("rename {number} {path}\n"));
        }
        text.push_str("end\n");
        text
    }

    /// Writes the journal to `path` whole: into a temporary file, then renamed into place.
    pub fn write(&self, path: &Path) -> Result<(), SiteError> {
        let temporary = Self::temporary(path);
        std::fs::write(&temporary, self.text()).map_err(|e| SiteError::io(&temporary, e))?;
        std::fs::rename(&temporary, path).map_err(|e| SiteError::io(path, e))
    }

    /// Reads the journal at `path`; `None` when there is none.
    pub fn read(path: &Path) -> Result<Option<Journal>, SiteError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(SiteError::io(path, e)),
        };
        let mut journal = Journal::default();
        let mut ended = false;
        for (i, line) in text.lines().enumerate() {
            let bad = || SiteError::at_line(path, i + 1, format!("not a journal line: {line:?}"));
            if ended {
                return Err(bad());
            }
            if line == "end" {
                ended = true;
            } else if let Some(path) = line.strip_prefix("remove ") {
                journal.removals.push(path.to_owned());
            } else if let Some(rest) = line.strip_prefix("rename ") {
                let (number, target) = rest.split_once(' ').ok_or_else(bad)?;
                let number = number.parse().map_err(|_| bad())?;
                journal.renames.push((number, target.to_owned()));
            } else {
                return Err(bad());
            }
        }
        if !ended {
            return Err(SiteError::at(path, "the journal is cut short"));
        }
        Ok(Some(journal))
    }

    /// Makes the journal's steps: removes each file to remove (and the directories that leaves empty), then
    /// renames each staged file from `staging` over its path in `output`, creating directories. A step already
    /// made (the file to remove or the staged file is gone) is skipped, so the journal can be replayed.
    pub fn replay(&self, staging: &Path, output: &Path) -> Result<(), SiteError> {
        for path in &self.removals {
            let target = output.join(path);
            match std::fs::remove_file(&target) {
                Ok(()) => remove_empty_parents(&target, output),
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                Err(e) => return Err(SiteError::io(&target, e)),
            }
        }
        for (number, path) in &self.renames {
            let staged = staging.join(number.to_string());
            let target = output.join(path);
            match std::fs::rename(&staged, &target) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::NotFound => {
                    if !staged.exists() {
                        continue; // moved by an earlier replay
                    }
                    if let Some(parent) = target.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, e))?;
                    }
                    std::fs::rename(&staged, &target).map_err(|e| SiteError::io(&target, e))?;
                }
                Err(e) => return Err(SiteError::io(&target, e)),
            }
        }
        Ok(())
    }
}

/// Removes the directories above the removed file `removed`, up to (not including) `root`, while they are
/// empty.
fn remove_empty_parents(removed: &Path, root: &Path) {
    let mut dir = removed.parent();
    while let Some(current) = dir {
        if current == root || !current.starts_with(root) || std::fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_reads_back_as_written_and_a_cut_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        let journal = Journal {
            renames: vec![(0, "a/index.html".into()), (7, "b c/x.txt".into())],
            removals: vec!["old/index.html".into()],
        };
        journal.write(&path).unwrap();
        assert_eq!(Journal::read(&path).unwrap(), Some(journal));
        std::fs::write(&path, "remove old/index.html\n").unwrap();
        assert!(Journal::read(&path).is_err());
        std::fs::remove_file(&path).unwrap();
        assert_eq!(Journal::read(&path).unwrap(), None);
    }

    #[test]
    fn a_replay_can_be_repeated_and_removes_emptied_directories() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, output) = (dir.path().join("staging"), dir.path().join("out"));
        std::fs::create_dir_all(output.join("old/deep")).unwrap();
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(output.join("old/deep/index.html"), "old").unwrap();
        std::fs::write(staging.join("0"), "new").unwrap();
        let journal = Journal {
            renames: vec![(0, "new/index.html".into())],
            removals: vec!["old/deep/index.html".into()],
        };
        journal.replay(&staging, &output).unwrap();
        journal.replay(&staging, &output).unwrap();
        assert_eq!(
            std::fs::read_to_string(output.join("new/index.html")).unwrap(),
            "new"
        );
        assert!(!output.join("old").exists());
        assert!(output.is_dir());
    }
}
