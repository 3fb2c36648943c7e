//! Fingerprinted stylesheets and scripts: a content hash in the file name, so they can be cached for a year.
//!
//! A theme's `.css` and `.js` files are written to `assets/` as `style.<hash>.css`; any
//! change to a file changes its name, so browsers and the CDN may keep a copy for good
//! (see the `/assets/*` headers in netlify.toml). Other static files (images, fonts)
//! keep their names under `static/` and are revalidated on each visit. A stylesheet
//! refers to them as `../static/...`. This is the only user of the hashing crate.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::OutputFile;
use crate::routes::Route;

/// Hex digits of the SHA-256 kept in a name: enough that two versions of a file
/// never share one.
const HASH_LEN: usize = 10;

/// The theme's static files laid out for the output, and for each one its output
/// path relative to the site root, keyed by its path under the theme's `static/`.
pub fn place(static_files: &[(String, Vec<u8>)]) -> (Vec<OutputFile>, BTreeMap<String, String>) {
    let mut files = Vec::new();
    let mut paths = BTreeMap::new();
    for (path, bytes) in static_files {
        let output = match fingerprinted_name(path, bytes) {
            Some(name) => Route::Fingerprinted(name),
            None => Route::Static(path.clone()),
        }
        .file();
        paths.insert(path.clone(), output.clone());
        files.push(OutputFile {
            path: output,
            bytes: bytes.clone(),
        });
    }
    (files, paths)
}

/// `css/site.css` becomes `css/site.0123456789.css`; other kinds of file are not
/// fingerprinted.
fn fingerprinted_name(path: &str, bytes: &[u8]) -> Option<String> {
    let (stem, extension) = path.rsplit_once('.')?;
    if !matches!(extension, "css" | "js") || stem.ends_with('/') || stem.is_empty() {
        return None;
    }
    let hash: String = digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(HASH_LEN)
        .collect();
    Some(format!("{stem}.{hash}.{extension}"))
}

/// The SHA-256 digest of `bytes`: a file's fingerprint, and how the link checker knows
/// a page it scanned before.
pub(super) fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_are_named_by_their_content_and_images_are_not() {
        let (files, paths) = place(&[
            ("style.css".into(), b"body{}".to_vec()),
            ("img/logo.svg".into(), b"<svg/>".to_vec()),
        ]);
        let style = &paths["style.css"];
        assert!(style.starts_with("assets/style.") && style.ends_with(".css"));
        assert_eq!(style.len(), "assets/style..css".len() + HASH_LEN);
        assert_eq!(paths["img/logo.svg"], "static/img/logo.svg");
        assert_eq!(files.len(), 2);
        let (_, changed) = place(&[("style.css".into(), b"body{ }".to_vec())]);
        assert_ne!(changed["style.css"], *style);
        let (_, same) = place(&[("style.css".into(), b"body{}".to_vec())]);
        assert_eq!(same["style.css"], *style);
    }
}
