//! How `csirt` fails: an exit code a script can rely on, and the message (as JSON with `--json`).
//!
//! | code | meaning |
//! |---|---|
//! | 0 | done |
//! | 1 | anything else |
//! | 2 | usage error: an option or value that cannot be used; nothing was written |
//! | 3 | refused by the procedure: the case's state, or a rule of the SOP |
//! | 4 | no such case or document |
//! | 5 | store or service unavailable; nothing was written |

use std::process::ExitCode;

use csirt_domain::field_error::FieldError;
use csirt_staff::{ErrorKind, StaffError};
use serde::Serialize;

/// The exit codes, as `csirt --help` lists them.
pub const EXIT_CODES: &str = "Exit codes: 0 done; 1 anything else; 2 usage error (nothing written); \
3 refused by the procedure (the case's state or a rule of the SOP); 4 no such case or document; \
5 store or service unavailable (nothing written). With --json a failure is printed to standard output as \
{\"error\": {\"kind\": …, \"message\": …}}.";

/// Why a command failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// Exit 1.
    Failed,
    /// Exit 2.
    Usage,
    /// Exit 3.
    Refused,
    /// Exit 4.
    NotFound,
    /// Exit 5.
    Unavailable,
}

impl FailureKind {
    /// The process's exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            FailureKind::Failed => 1,
            FailureKind::Usage => 2,
            FailureKind::Refused => 3,
            FailureKind::NotFound => 4,
            FailureKind::Unavailable => 5,
        }
    }
}

/// A failed command: its kind and what to tell the user.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// What kind of failure.
    pub kind: FailureKind,
    /// The message, naming what it is about.
    pub message: String,
    /// What a script needs besides the message (the chains `csirt audit verify` found broken, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

impl Failure {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            kind: FailureKind::Usage,
            message: message.into(),
            details: None,
        }
    }

    /// A store or service that could not be reached (exit 5).
    pub fn unavailable(message: impl Into<String>) -> Self {
        Failure {
            kind: FailureKind::Unavailable,
            message: message.into(),
            details: None,
        }
    }

    /// Prints the failure (JSON on standard output when `json`, else a line on standard error) and gives the
    /// exit code.
    pub fn report(&self, json: bool) -> ExitCode {
        if json {
            let body = serde_json::json!({ "error": self });
            println!(
                "{}",
                serde_json::to_string_pretty(&body).unwrap_or_default()
            );
        } else {
            eprintln!("error: {}", self.message);
        }
        ExitCode::from(self.kind.exit_code())
    }
}

/// Anything else (exit 1).
impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure {
            kind: FailureKind::Failed,
            message,
            details: None,
        }
    }
}

impl From<StaffError> for Failure {
    fn from(error: StaffError) -> Self {
        let kind = match error.kind() {
            ErrorKind::Invalid => FailureKind::Usage,
            ErrorKind::Refused => FailureKind::Refused,
            ErrorKind::NotFound => FailureKind::NotFound,
            ErrorKind::Unavailable => FailureKind::Unavailable,
            ErrorKind::Failed => FailureKind::Failed,
        };
        Failure {
            kind,
            message: error.to_string(),
            details: None,
        }
    }
}

impl From<csirt_store::StoreError> for Failure {
    fn from(error: csirt_store::StoreError) -> Self {
        StaffError::from(error).into()
    }
}

/// Parses an option's text with a domain parser; a refusal is a usage failure naming the option.
pub fn parse_option<T>(
    option: &str,
    raw: &str,
    parse: fn(&str) -> Result<T, FieldError>,
) -> Result<T, Failure> {
    parse(raw).map_err(|e| Failure::usage(format!("{option}: {}", e.message.en)))
}

/// Like [`parse_option`] for an option that may be absent.
pub fn parse_optional<T>(
    option: &str,
    raw: Option<&str>,
    parse: fn(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, Failure> {
    raw.map(|raw| parse_option(option, raw, parse)).transpose()
}
