//! Console tests: accounts.
