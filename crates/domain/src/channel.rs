//! How a report reached the team.

use serde::{Deserialize, Serialize};

/// The channel a report came in by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The form on the team's website.
    WebForm,
    /// The intake API, used by scripts and monitoring tools.
    Api,
    /// E-mail, recorded by staff.
    Email,
    /// A letter (*surat*), recorded by staff.
    Letter,
    /// A telephone call, recorded by staff.
    Phone,
}
