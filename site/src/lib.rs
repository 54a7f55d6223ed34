//! The CSIRT's static-site generator: content (Markdown with TOML front matter, Bahasa Indonesia and English),
//! Tera templates, the SOP profile and the case export in; a complete static site out — the same input always
//! gives byte-identical output.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod documents;
pub mod error;
pub mod export;
pub mod headers;
pub mod management;
pub mod markdown;
pub mod page;
pub mod publish;
pub mod queue;
pub mod render;
pub mod site;

pub use build::{BuildKind, BuildReport, build, build_date, build_updating};
pub use error::{SiteError, SiteErrors};
pub use site::Site;
