//! A setting read from the environment that cannot be used: the variable and what is wrong with it. The intake
//! function, the notifier and the staff command all report their settings this way.

/// A setting that cannot be used, named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct SettingsError {
    /// The environment variable.
    pub variable: &'static str,
    /// What is wrong with it.
    pub message: String,
}

impl SettingsError {
    /// `variable` cannot be used, because `message`.
    pub fn new(variable: &'static str, message: impl Into<String>) -> Self {
        SettingsError {
            variable,
            message: message.into(),
        }
    }
}
