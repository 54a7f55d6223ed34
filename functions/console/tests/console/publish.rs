//! Console tests: publish.
