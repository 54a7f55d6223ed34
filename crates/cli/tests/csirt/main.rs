//! `csirt` run as staff run it, one test binary: the seed procedures end to end, recording and showing cases,
//! the SOP commands, staff accounts and the audit of the history, `csirt check`, `csirt store create` on moto,
//! `csirt serve`'s compressed files, cache lifetimes and security headers, `csirt notify` with a refused SMTP
//! login, and the exit codes scripts rely on.

#![allow(clippy::unwrap_used)]

mod breach_command;
mod case_command;
mod check_command;
mod exit_codes;
mod message_command;
mod notify_command;
mod privacy_command;
mod purge_command;
mod rfc2350_pdf;
mod seed_procedures;
mod seeds;
mod serve_assets;
mod serve_command;
mod sop_command;
mod staff_command;
mod step_done_command;
mod store_command;
