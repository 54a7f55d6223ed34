//! What the benchmarks and the reliability tests of `csirt-bench` share: the server under test (a built
//! `intake` binary as a child process), the load generator, and what Linux's `/proc` tells about a process.

pub mod load;
pub mod procfs;
pub mod server;
