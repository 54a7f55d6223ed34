//! The test kit: what the tests of every crate share. Dev-only; nothing here is part of the product.
//!
//! - [`paths`]: the workspace's own files (the shipped team file, templates, the fixture site);
//! - [`files`]: copying a tree into a temporary site, reading every file of a built one;
//! - [`aws`]: moto's server (started by `tests/run`) and clients, tables and buckets on it;
//! - [`reports`]: reports as the form sends them (fields, JSON, multipart bodies, evidence) and parsed;
//! - [`cases`]: cases received and moved through the domain's own API;
//! - [`app`]: the intake application in-process on real stores, and its answers;
//! - [`seed`]: a copy of the shipped site set to one seed SOP profile, with its store and intake;
//! - [`runtime_api`]: a Lambda package's `bootstrap` run under an emulated Lambda Runtime API.
//! - [`smtp`]: an SMTP server that refuses every login and repeats the credentials in its refusal;
//! - [`nu_checker`]: the W3C Nu HTML Checker over pages, for tests that hold them to the HTML standard.

#![allow(clippy::unwrap_used)]

pub mod app;
pub mod aws;
pub mod cases;
pub mod files;
pub mod nu_checker;
pub mod paths;
pub mod reports;
pub mod runtime_api;
pub mod seed;
pub mod smtp;
