//! The notifications' tests, one binary: delivery through a real SMTP server (aiosmtpd) and a webhook receiver,
//! and the SES path against moto's server; the daily limit of e-mails to one reporter address; a refused SMTP
//! login recorded without its credentials.

#![allow(clippy::unwrap_used)]

mod credentials;
mod deadlines;
mod delivery;
mod limits;
mod ses;
mod support;
mod thread;
