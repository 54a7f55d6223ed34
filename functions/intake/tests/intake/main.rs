//! The intake's tests, one binary: the API through its router on SQLite, the whole path on DynamoDB and S3
//! (moto's server), the router as Lambda runs it and the Lambda package through the Runtime API, messages after
//! a report is stored, the OpenAPI document, and the binary started as an operator starts it. The log test (`logs.rs`) is a binary of its own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api;
mod aws;
mod lambda;
mod notify;
mod openapi;
mod runtime_api;
mod startup;
mod support;
