//! The intake API through its router, on a real SQLite store: every status code the API answers with.

mod daily_cap;
mod outage;
mod pages;
mod refusals;
mod repeats;
mod status;
mod submit;
mod thread;
mod verification;

use csirt_domain::state::CaseState;
use csirt_store::all_in_state;
use csirt_test_kit::app::TestApp;

/// How many reports the app's store holds.
async fn stored_count(app: &TestApp) -> usize {
    all_in_state(&*app.cases, CaseState::Received)
        .await
        .unwrap()
        .len()
}
