//! The staff web console: the team's queue, each case with its evidence, history and SOP clock, every step of
//! the procedure as a form, documents, publishing, management reports and accounts, in server-rendered HTML that
//! works without JavaScript. It is a face of the staff library and adds no rule of its own: who may take a step is
//! [`csirt_staff::accounts::authorize`], what a step needs is [`csirt_staff::step_form`], and every change is
//! written by the library as the signed-in account.
//!
//! `csirt serve` mounts [`router`] under `/staff/` beside the site and the intake; the `console` binary runs it
//! as its own AWS Lambda function behind the same CloudFront distribution.

pub mod pages;
pub mod reply;
pub mod routes;
pub mod session;
pub mod state;

pub use routes::router;
pub use state::ConsoleState;
