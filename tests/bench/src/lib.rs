//! What the benchmarks of `csirt-bench` share: what Linux's `/proc` tells about a child process.

pub mod procfs;
