//! One module per subcommand.

pub mod sop;
