//! The site generator's tests, one binary: fixture sites built into a temporary directory with assertions on
//! the files they produce, and the deployments' security headers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod build;
mod deploy_headers;
