//! The domain of a CSIRT's report handling, free of I/O: reports parsed from the intake form, tracking codes,
//! cases with their states, changes and events, the SOP profiles and their clocks, the RSIT taxonomy and TLP,
//! the team file, and the publication contract (what the public site may show of closed cases).
//!
//! Everything here is built by parsing: a value of a domain type has passed its checks, so code that holds one
//! never checks again. Storage lives in `csirt-store`, the procedure's operations in `csirt-staff`.

pub mod account;
pub mod case;
pub mod channel;
pub mod contact;
pub mod digest;
pub mod error_chain;
pub mod evidence;
pub mod field_error;
pub mod lang;
pub mod layout;
pub mod local_time;
pub mod publication;
pub mod register;
pub mod report;
pub mod setting;
pub mod sop;
pub mod state;
pub mod taxonomy;
pub mod team;
pub mod text;
pub mod tlp;
pub mod tracking;
