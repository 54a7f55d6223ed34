//! What every console request works with: the staff desk (team file, case and evidence stores) and the
//! compiled pages.

use std::path::PathBuf;
use std::sync::Arc;

use csirt_staff::Desk;

use crate::pages::Pages;

/// Where `csirt publish` from the console writes: the team file and the site's output directory (local serve),
/// with the bucket to upload to when there is one.
#[derive(Debug, Clone)]
pub struct Publishing {
    /// The team file the site is built from.
    pub config: PathBuf,
    /// The built site's directory.
    pub output: PathBuf,
}

/// The console's shared state.
#[derive(Clone)]
pub struct ConsoleState {
    /// The team's procedure and stores.
    pub desk: Desk,
    /// The page templates.
    pub pages: Arc<Pages>,
    /// Where the site is rebuilt after a publication, when this console can build it.
    pub publishing: Option<Publishing>,
    /// Whether the client's address comes from CloudFront's `CloudFront-Viewer-Address` (behind CloudFront).
    pub trust_cloudfront: bool,
}

impl ConsoleState {
    /// A console on `desk`, its pages compiled.
    pub fn new(desk: Desk) -> Result<ConsoleState, tera::Error> {
        Ok(ConsoleState {
            desk,
            pages: Arc::new(Pages::new()?),
            publishing: None,
            trust_cloudfront: false,
        })
    }

    /// The same console, rebuilding the site with `publishing` after a publication.
    pub fn with_publishing(mut self, publishing: Publishing) -> ConsoleState {
        self.publishing = Some(publishing);
        self
    }
}
