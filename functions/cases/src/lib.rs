//! The case domain of a CSIRT: reports parsed from the intake form, tracking codes, the workflow of the five
//! seed procedures, SOP profiles and their clocks, and the case store with its SQLite and DynamoDB backends.
//!
//! Everything here is built by parsing: a value of a domain type has passed its checks, so code that holds one
//! never checks again.

pub mod backup;
pub mod case;
pub mod channel;
pub mod contact;
pub mod digest;
pub mod error_chain;
pub mod evidence;
pub mod field_error;
pub mod filing;
pub mod lang;
pub mod report;
pub mod setting;
pub mod sop;
pub mod state;
pub mod store;
pub mod taxonomy;
pub mod text;
pub mod tlp;
pub mod tracking;
