//! Console tests: steps.
