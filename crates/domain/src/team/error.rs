//! Why the team file cannot be used: the file, and what is wrong in it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A team file that cannot be read or used, named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamFileError {
    /// The team file (or the profile file it names).
    pub file: PathBuf,
    /// What is wrong.
    pub message: String,
}

impl TeamFileError {
    /// A problem in `file`.
    pub fn at(file: &Path, message: impl Into<String>) -> Self {
        TeamFileError {
            file: file.to_owned(),
            message: message.into(),
        }
    }

    /// A file that could not be read.
    pub fn io(file: &Path, error: std::io::Error) -> Self {
        Self::at(file, error.to_string())
    }
}

impl fmt::Display for TeamFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for TeamFileError {}
