//! One module per subcommand.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod breach;
pub mod case;
pub mod notify;
pub mod publish;
pub mod purge;
pub mod report;
pub mod serve;
pub mod site;
pub mod sop;
pub mod staff;
pub mod store;
