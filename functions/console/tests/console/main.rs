//! The staff console over HTTP, as a browser meets it: a console on a SQLite store in a temporary directory,
//! accounts made through the staff library, requests sent to the router.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod accounts;
mod assignees;
mod case_page;
mod documents;
mod escalations;
mod lambda;
mod passkeys;
mod privacy;
mod publish;
mod queue;
mod queue_sheet;
mod reports;
mod sign_in;
mod steps;
mod thread;
