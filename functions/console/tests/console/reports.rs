//! Console tests: reports.
