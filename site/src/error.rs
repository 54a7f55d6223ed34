//! Build errors: each names the file (and the line, where there is one) it is about.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem that stops a build or that `csirt check` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteError {
    /// The file the problem is in.
    pub file: PathBuf,
    /// The line, when known (1-based).
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl SiteError {
    /// A problem in `file`.
    pub fn at(file: &Path, message: impl Into<String>) -> Self {
        SiteError {
            file: file.to_owned(),
            line: None,
            message: message.into(),
        }
    }

    /// A problem on `line` of `file`.
    pub fn at_line(file: &Path, line: usize, message: impl Into<String>) -> Self {
        SiteError {
            file: file.to_owned(),
            line: Some(line),
            message: message.into(),
        }
    }

    /// A file that could not be read or written.
    pub fn io(file: &Path, error: std::io::Error) -> Self {
        Self::at(file, error.to_string())
    }
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for SiteError {}

/// Several problems at once, as `csirt check` lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteErrors(pub Vec<SiteError>);

impl fmt::Display for SiteErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SiteErrors {}

impl From<SiteError> for SiteErrors {
    fn from(error: SiteError) -> Self {
        SiteErrors(vec![error])
    }
}
