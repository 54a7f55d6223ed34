//! Console tests: documents.
