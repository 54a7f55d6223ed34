//! Driving the server in a test: starting the built `intake` binary, a load at it, and reading the store.
//! Each panics on failure, as a test should.

#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::time::Duration;

use csirt_bench::load::{Connection, Outcome, Plan, run_jobs};
use csirt_bench::server::Server;
use csirt_domain::case::Case;
use csirt_domain::state::CaseState;
use csirt_store::{CaseStore, all_in_state};

/// How long the server may take to listen.
pub const READY: Duration = Duration::from_secs(20);

/// Starts the built `intake` binary with `env` on top of the defaults (SQLite, rate limit off) and waits until
/// it listens.
pub fn start_server(env: &[(String, String)]) -> Server {
    let mut server = Server::start_with(&crate::binary::intake(), env).unwrap();
    server.wait_ready(READY).unwrap();
    server
}

/// Sends reports numbered `first..first + count` as `plan` says over `connections` keep-alive connections.
pub async fn load(
    addr: SocketAddr,
    connections: usize,
    plan: &Plan,
    first: u64,
    count: u64,
) -> Outcome {
    let mut open = Vec::with_capacity(connections);
    for _ in 0..connections {
        open.push(Connection::open(addr).await.unwrap());
    }
    let jobs = plan.jobs(first, count);
    run_jobs(open, jobs, plan).await.1
}

/// Every case in the store (the load's reports are all in state `received`).
pub async fn stored_cases(store: &dyn CaseStore) -> Vec<Case> {
    all_in_state(store, CaseState::Received).await.unwrap()
}

/// One line of figures for the test's output.
pub fn figures(name: &str, outcome: &Outcome) -> String {
    format!(
        "{name}: requests sent {}, answers by status {:?}, transport errors {}, wall {:.2} s",
        outcome.sent,
        outcome.statuses,
        outcome.transport_errors,
        outcome.wall.as_secs_f64()
    )
}
