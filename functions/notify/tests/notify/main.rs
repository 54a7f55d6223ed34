//! The notifications' tests, one binary: delivery through a real SMTP server (aiosmtpd) and a webhook receiver,
//! and the SES path against moto's server.

#![allow(clippy::unwrap_used)]

mod delivery;
mod ses;
mod support;
mod thread;
