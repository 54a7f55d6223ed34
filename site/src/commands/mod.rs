//! One module per subcommand.

pub mod serve;
pub mod site;
pub mod sop;
