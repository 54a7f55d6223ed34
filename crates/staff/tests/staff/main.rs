//! The staff library's tests, one binary: the case documents and the management reports, over cases built and
//! moved through the real domain API.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod documents;
mod management;
