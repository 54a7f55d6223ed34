//! The pre-compressed copies of the output's text files: beside each HTML, CSS, JavaScript, SVG, XML, JSON or
//! plain-text file of at least [`MIN_SIZE`] bytes, `NAME.br` (Brotli) and `NAME.gz` (gzip) with the same
//! content, which `csirt serve` and nginx (`brotli_static`, `gzip_static`) send to browsers that accept them.
//!
//! The assets (a handful of files every page loads, cached for a year under their fingerprinted names) are
//! compressed as hard as the formats allow; the pages, thousands of them, at levels that keep a build fast
//! (BENCHMARKS.md). Both are deterministic: the same file always gives the same bytes, so an unchanged file's
//! copies compare equal and are not written again.

use std::io::Write;

use crate::assets::ASSETS_DIR;

/// Smaller files are not compressed: the saving would not pay for the request headers it adds.
pub const MIN_SIZE: usize = 1024;

/// The extensions of the files that are compressed (text; images other than SVG and fonts are compressed
/// already).
const TEXT_EXTENSIONS: [&str; 9] = [
    "html", "htm", "css", "js", "mjs", "svg", "xml", "json", "txt",
];

/// Brotli quality for the assets: the most compression there is (about 1 MB/s; the assets are a few files of a
/// few kilobytes).
const ASSET_BROTLI: i32 = 11;
/// gzip level for the assets.
const ASSET_GZIP: u32 = 9;
/// Brotli quality for the pages and the other text files: about 35 MB/s a core on advisory pages, 5 % smaller
/// than quality 4 on the shipped pages; quality 11 would make them 12 % smaller still, 30 times slower.
const PAGE_BROTLI: i32 = 5;
/// gzip level for the pages and the other text files (levels 6 to 9 give the same size within 0.1 % here).
const PAGE_GZIP: u32 = 6;
/// The smallest Brotli window (log2 of its size in bytes) used: below it, rust-brotli's quality 5 is many times
/// slower (2 MB/s at 2^16), and a window larger than the file only costs the time to set it up.
const MIN_WINDOW: u32 = 18;
/// The largest Brotli window: the format's usual maximum (4 MiB).
const MAX_WINDOW: u32 = 22;

/// The suffixes of the compressed copies, Brotli's first.
pub const SUFFIXES: [&str; 2] = [".br", ".gz"];

/// Whether the file at `path` (relative to the output) with `len` bytes gets compressed copies.
pub fn wanted(path: &str, len: usize) -> bool {
    len >= MIN_SIZE && is_text(path)
}

/// Whether `path` names a text file of a kind that is compressed.
pub fn is_text(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty()
            && TEXT_EXTENSIONS
                .iter()
                .any(|e| extension.eq_ignore_ascii_case(e))
    })
}

/// The paths of the compressed copies of `path`: `NAME.br`, `NAME.gz`.
pub fn siblings(path: &str) -> [String; 2] {
    SUFFIXES.map(|suffix| format!("{path}{suffix}"))
}

/// The compressed copies of the file at `path` holding `bytes`: (path, content) of `NAME.br` and `NAME.gz`.
pub fn compress(path: &str, bytes: &[u8]) -> std::io::Result<[(String, Vec<u8>); 2]> {
    let asset = path
        .strip_prefix(ASSETS_DIR)
        .is_some_and(|rest| rest.starts_with('/'));
    let (brotli_level, gzip_level) = if asset {
        (ASSET_BROTLI, ASSET_GZIP)
    } else {
        (PAGE_BROTLI, PAGE_GZIP)
    };
    let [br, gz] = siblings(path);
    Ok([
        (br, brotli(bytes, brotli_level)?),
        (gz, gzip(bytes, gzip_level)?),
    ])
}

/// `bytes` in Brotli at `quality`, with a window as large as the file (within [`MIN_WINDOW`] and
/// [`MAX_WINDOW`]).
fn brotli(bytes: &[u8], quality: i32) -> std::io::Result<Vec<u8>> {
    let window = usize::BITS - bytes.len().saturating_sub(1).leading_zeros();
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: window.clamp(MIN_WINDOW, MAX_WINDOW) as i32,
        size_hint: bytes.len(),
        mode: brotli::enc::backward_references::BrotliEncoderMode::BROTLI_MODE_TEXT,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// `bytes` in gzip at `level`, with no file name and no time in its header (the same bytes every time).
fn gzip(bytes: &[u8], level: u32) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(level),
    );
    encoder.write_all(bytes)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn page() -> Vec<u8> {
        "<p>Peringatan keamanan: perbarui peramban Anda.</p>\n"
            .repeat(100)
            .into_bytes()
    }

    #[test]
    fn the_copies_decompress_to_the_file_and_are_the_same_every_time() {
        for path in ["index.html", "assets/site.css"] {
            let bytes = page();
            let [(br_path, br), (gz_path, gz)] = compress(path, &bytes).unwrap();
            assert_eq!(
                (br_path, gz_path),
                (format!("{path}.br"), format!("{path}.gz"))
            );
            let mut unbrotli = Vec::new();
            brotli::Decompressor::new(&br[..], 4096)
                .read_to_end(&mut unbrotli)
                .unwrap();
            assert_eq!(unbrotli, bytes);
            let mut ungzip = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut ungzip)
                .unwrap();
            assert_eq!(ungzip, bytes);
            assert!(br.len() < bytes.len() / 10 && gz.len() < bytes.len() / 10);
            assert_eq!(
                compress(path, &bytes).unwrap(),
                [(format!("{path}.br"), br), (format!("{path}.gz"), gz)]
            );
        }
    }

    #[test]
    fn only_text_files_of_a_kilobyte_or_more_are_compressed() {
        assert!(wanted("index.html", MIN_SIZE));
        assert!(!wanted("index.html", MIN_SIZE - 1));
        for path in [
            "a/b.css",
            "x.JS",
            "f.svg",
            "atom.xml",
            ".well-known/security.txt",
            "d.json",
        ] {
            assert!(wanted(path, 5000), "{path}");
        }
        for path in [
            "logo.png",
            "font.woff2",
            "index.html.br",
            "index.html.gz",
            "README",
            ".txt",
        ] {
            assert!(!wanted(path, 5000), "{path}");
        }
    }
}
