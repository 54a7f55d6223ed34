//! The staff library's tests, one binary: accounts, roles and sign-in on both stores, the case documents and the
//! management reports, over cases built and moved through the real domain API.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod documents;
mod management;
