//! Console tests: queue.
