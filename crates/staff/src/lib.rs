//! The team's side of the procedure, as a library: recording reports that came by e-mail, letter or telephone,
//! every step of the SOP on a case, the queue and the case file, the documents the SOP names, management
//! reports, and the publication export the site is built from. `csirt` (the command) and the staff web console
//! are two faces of it: every rule is here or in the domain, and every failure is a typed [`StaffError`] whose
//! [`ErrorKind`] tells a script or a page what happened.

pub mod accounts;
pub mod activity_report;
pub mod advisories;
pub mod audit;
pub mod breach;
pub mod case_access;
pub mod cases;
pub mod credentials;
pub mod desk;
pub mod documents;
pub mod error;
pub mod issue;
pub mod issued;
pub mod management;
pub mod privacy;
pub mod publication;
pub mod publish;
pub mod queue;
pub mod record;
pub mod retention;
pub mod signing;
pub mod step_done;
pub mod step_form;
pub mod steps;
pub mod thread;

pub use desk::Desk;
pub use error::{ErrorKind, StaffError};
