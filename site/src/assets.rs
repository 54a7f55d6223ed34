//! Fingerprinted static assets and how long each kind of file may be cached.
//!
//! Every file under `assets/` of the static files (`templates/static/assets/`) is published twice: under its
//! own name (`assets/site.css`, for the intake's fallback page, the staff console and HTML cached before a
//! change) and under a name carrying a short hash of its content (`assets/site.3f9a1c2b.css`). The templates
//! ask for the second through the Tera function `asset` (`{{ asset(path="site.css") }}` →
//! `/assets/site.3f9a1c2b.css`), so a fingerprinted file never changes under its name and can be cached for a
//! year; a changed file gets a new name, and the old one leaves the output with the next build. What an asset
//! refers to itself (a stylesheet's `url(...)`, of which the shipped one has none) keeps the plain names, which
//! stay valid.
//!
//! [`cache_control`] is the lifetime of each kind of path, as `csirt serve` sends it; the self-hosting nginx
//! configuration (`functions/deploy/selfhost`) maps paths to the same values, which a test holds it to.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use csirt_domain::digest::sha256_hex;
use tera::Value;
use walkdir::WalkDir;

use crate::error::SiteError;

/// The directory of the static files whose names are fingerprinted, relative to the static files' root and to
/// the output.
pub const ASSETS_DIR: &str = "assets";

/// Hex digits of the content's SHA-256 in a fingerprinted name.
pub const FINGERPRINT_LEN: usize = 8;

/// `Cache-Control` of a fingerprinted asset: its content never changes under its name.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of pages (HTML, and directory paths that are pages): cached, but asked for again each time
/// (a conditional request, answered 304 while unchanged).
pub const CACHE_REVALIDATE: &str = "no-cache";

/// `Cache-Control` of every other file (assets under their plain names, feeds, the sitemap, robots.txt,
/// security.txt): five minutes.
pub const CACHE_SHORT: &str = "public, max-age=300";

/// One file under `assets/`, with its content as read when the site was loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Its path in the output under its own name, e.g. `assets/site.css`.
    pub path: String,
    /// Its path in the output under its fingerprinted name, e.g. `assets/site.3f9a1c2b.css`.
    pub fingerprinted: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// The files under `assets/` of a site's static files, by their path relative to `assets/` (`site.css`,
/// `fonts/x.woff2`). Read once, when the site is loaded: the names the templates are given and the files the
/// build writes come from the same bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assets {
    files: BTreeMap<String, Asset>,
}

impl Assets {
    /// Reads every file under `static_dir/assets/` (none when there is no such directory).
    pub fn load(static_dir: &Path) -> Result<Assets, SiteError> {
        let dir = static_dir.join(ASSETS_DIR);
        let mut files = BTreeMap::new();
        if !dir.is_dir() {
            return Ok(Assets { files });
        }
        for entry in WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| SiteError::at(&dir, e.to_string()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(entry.path()).map_err(|e| SiteError::io(entry.path(), e))?;
            let path = format!("{ASSETS_DIR}/{name}");
            files.insert(
                name,
                Asset {
                    fingerprinted: fingerprinted_name(&path, &bytes),
                    path,
                    bytes,
                },
            );
        }
        Ok(Assets { files })
    }

    /// The asset `name` (relative to `assets/`, e.g. `site.css`).
    pub fn get(&self, name: &str) -> Option<&Asset> {
        self.files.get(name)
    }

    /// Every asset, by path.
    pub fn iter(&self) -> impl Iterator<Item = &Asset> {
        self.files.values()
    }

    /// The URL of the asset `name` under its fingerprinted name: `site.css` → `/assets/site.3f9a1c2b.css`.
    pub fn url(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(|asset| format!("/{}", asset.fingerprinted))
    }

    /// The Tera function `asset`: `asset(path="site.css")` is the asset's URL under its fingerprinted name; a
    /// path that is no file under `assets/` is an error naming it.
    pub fn tera_function(&self) -> impl tera::Function + use<> {
        let urls: HashMap<String, String> = self
            .files
            .keys()
            .filter_map(|name| Some((name.clone(), self.url(name)?)))
            .collect();
        move |args: &HashMap<String, Value>| -> tera::Result<Value> {
            let name = args.get("path").and_then(Value::as_str).ok_or_else(|| {
                tera::Error::msg(
                    "asset: give the file's path under assets/, e.g. asset(path=\"site.css\")",
                )
            })?;
            urls.get(name).map(|url| Value::String(url.clone())).ok_or_else(|| {
                tera::Error::msg(format!(
                    "asset: the static files have no {ASSETS_DIR}/{name} (the path is relative to {ASSETS_DIR}/)"
                ))
            })
        }
    }
}

/// The fingerprinted name of the file at `path` (relative to the output) holding `bytes`: the first
/// [`FINGERPRINT_LEN`] hex digits of its SHA-256 before its extension, `assets/site.css` →
/// `assets/site.3f9a1c2b.css` (after the name when it has no extension).
pub fn fingerprinted_name(path: &str, bytes: &[u8]) -> String {
    let hash = &sha256_hex(bytes)[..FINGERPRINT_LEN];
    let (dir, file) = match path.rsplit_once('/') {
        Some((dir, file)) => (format!("{dir}/"), file),
        None => (String::new(), path),
    };
    match file.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => format!("{dir}{stem}.{hash}.{extension}"),
        _ => format!("{dir}{file}.{hash}"),
    }
}

/// Whether the URL path `path` names a fingerprinted asset: under `/assets/`, with [`FINGERPRINT_LEN`]
/// lower-case hex digits between the file's name and its extension (`/assets/site.3f9a1c2b.css`).
pub fn is_fingerprinted(path: &str) -> bool {
    let Some(file) = path
        .strip_prefix('/')
        .and_then(|p| p.strip_prefix(ASSETS_DIR))
        .and_then(|p| p.strip_prefix('/'))
    else {
        return false;
    };
    let name = file.rsplit('/').next().unwrap_or(file);
    let mut parts = name.rsplit('.');
    let (Some(extension), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !stem.is_empty()
        && !extension.is_empty()
        && extension.bytes().all(|b| b.is_ascii_alphanumeric())
        && hash.len() == FINGERPRINT_LEN
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The `Cache-Control` of the site's file at the URL path `path`: [`CACHE_IMMUTABLE`] for a fingerprinted
/// asset, [`CACHE_REVALIDATE`] for a page (a path ending in `/` or `.html`, or whose last segment has no
/// extension: a directory, which is redirected to its `/` form), [`CACHE_SHORT`] for anything else.
pub fn cache_control(path: &str) -> &'static str {
    let last = path.rsplit('/').next().unwrap_or(path);
    if is_fingerprinted(path) {
        CACHE_IMMUTABLE
    } else if last.is_empty() || last.ends_with(".html") || !last.contains('.') {
        CACHE_REVALIDATE
    } else {
        CACHE_SHORT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_goes_before_the_extension() {
        let hash = &sha256_hex(b"body{}")[..8];
        assert_eq!(
            fingerprinted_name("assets/site.css", b"body{}"),
            format!("assets/site.{hash}.css")
        );
        assert_eq!(
            fingerprinted_name("assets/fonts/a.b.woff2", b"body{}"),
            format!("assets/fonts/a.b.{hash}.woff2")
        );
        assert_eq!(
            fingerprinted_name("assets/LICENSE", b"body{}"),
            format!("assets/LICENSE.{hash}")
        );
        assert_eq!(
            fingerprinted_name("assets/.hidden", b"body{}"),
            format!("assets/.hidden.{hash}")
        );
        assert!(is_fingerprinted(&format!("/assets/site.{hash}.css")));
        assert!(is_fingerprinted(&format!("/assets/fonts/a.b.{hash}.woff2")));
    }

    #[test]
    fn only_fingerprinted_assets_are_immutable_and_pages_are_revalidated() {
        for (path, wanted) in [
            ("/assets/site.3f9a1c2b.css", CACHE_IMMUTABLE),
            ("/assets/report-form.0123abcd.js", CACHE_IMMUTABLE),
            ("/assets/site.css", CACHE_SHORT),
            ("/assets/site.3F9A1C2B.css", CACHE_SHORT),
            ("/assets/site.3f9a1c2.css", CACHE_SHORT),
            ("/assets/3f9a1c2b.css", CACHE_SHORT),
            ("/other/site.3f9a1c2b.css", CACHE_SHORT),
            ("/", CACHE_REVALIDATE),
            ("/lapor/", CACHE_REVALIDATE),
            ("/lapor", CACHE_REVALIDATE),
            ("/404.html", CACHE_REVALIDATE),
            ("/en/report/index.html", CACHE_REVALIDATE),
            ("/sitemap.xml", CACHE_SHORT),
            ("/peringatan/atom.xml", CACHE_SHORT),
            ("/.well-known/security.txt", CACHE_SHORT),
            ("/index.html.br", CACHE_SHORT),
        ] {
            assert_eq!(cache_control(path), wanted, "{path}");
        }
    }

    #[test]
    fn the_tera_function_gives_fingerprinted_urls_and_refuses_unknown_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("assets")).unwrap();
        std::fs::write(dir.path().join("assets/site.css"), "body{}").unwrap();
        std::fs::write(dir.path().join("robots.txt"), "").unwrap();
        let assets = Assets::load(dir.path()).unwrap();
        assert_eq!(assets.iter().count(), 1, "only what is under assets/");
        let hash = &sha256_hex(b"body{}")[..8];
        let mut tera = tera::Tera::default();
        tera.register_function("asset", assets.tera_function());
        tera.add_raw_template("ok", "{{ asset(path=\"site.css\") }}")
            .unwrap();
        tera.add_raw_template("missing", "{{ asset(path=\"x.css\") }}")
            .unwrap();
        assert_eq!(
            tera.render("ok", &tera::Context::new()).unwrap(),
            format!("/assets/site.{hash}.css")
        );
        let error = tera.render("missing", &tera::Context::new()).unwrap_err();
        assert!(
            crate::templates::tera_message(&error).contains("no assets/x.css"),
            "{error:?}"
        );
        assert_eq!(
            Assets::load(&dir.path().join("none")).unwrap(),
            Assets::default()
        );
    }
}
