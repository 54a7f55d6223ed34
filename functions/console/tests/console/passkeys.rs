//! Console tests: passkeys.
