//! The store's tests, one binary: the conformance suite run against both case stores (SQLite and DynamoDB on
//! moto's server), the evidence stores (a directory and S3), backups of the embedded store, opening one an earlier version
//! wrote, and a reporter's data redacted and erased.

#![allow(clippy::unwrap_used)]

mod backup;
mod conformance;
mod evidence;
mod expiry;
mod migration;
mod privacy;
mod support;
mod tampering;
