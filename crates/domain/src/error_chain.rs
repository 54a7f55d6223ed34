//! An error with its causes as one line.

use std::error::Error;

/// The error and its causes, each by its own message (`a: b: c`), never their `Debug` form, which for the AWS
/// SDK shows the raw request or response.
pub fn error_chain(err: &(dyn Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
