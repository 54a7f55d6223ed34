//! The report intake function: one axum router that takes a report with its evidence, answers with a tracking
//! code once the report is stored, and tells the reporter the status. The `intake` binary runs it under the
//! Lambda runtime when `AWS_LAMBDA_RUNTIME_API` is set, or as a local server otherwise.

pub mod client;
pub mod daily_cap;
pub mod guard;
pub mod logging;
pub mod pages;
pub mod reply;
pub mod routes;
pub mod settings;
pub mod state;

pub use routes::router;
pub use settings::Settings;
pub use state::AppState;
