//! The CSIRT's static-site generator: content (Markdown with TOML front matter, Bahasa Indonesia and English),
//! Tera templates, the team file with its SOP profile, and the publication export of closed cases in; a complete
//! static site out — the same input always gives byte-identical output. It reads files only: no store, no
//! network.

pub mod assets;
pub mod build;
pub mod check;
pub mod content;
pub mod error;
pub mod headers;
pub mod markdown;
pub mod output;
pub mod page;
pub mod rebuild;
pub mod render;
pub mod restricted;
pub mod site;
pub mod stamp;
pub mod templates;

pub use build::{BuildKind, BuildReport, build, build_date, build_updating, build_with};
pub use error::{SiteError, SiteErrors};
pub use site::Site;
