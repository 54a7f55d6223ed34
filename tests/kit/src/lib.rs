//! The test kit: what the tests of every crate share. Dev-only; nothing here is part of the product.
//!
//! - [`paths`]: the workspace's own files (the shipped team file, templates, the fixture site);
//! - [`files`]: copying a tree into a temporary site, reading every file of a built one;
//! - [`aws`]: moto's server (started by `tests/run`) and clients, tables and buckets on it.

#![allow(clippy::unwrap_used)]

pub mod aws;
pub mod files;
pub mod paths;
