//! The inputs' fingerprint: every file a build may read, and the program itself, hashed without parsing anything, so that a build can tell that nothing changed.
//!
//! It covers `site.yaml` and every file under `content/`, `data/` and `themes/`
//! (a superset of what loading reads: all themes, not only the one in use), leaving
//! out hidden and editor files as loading does. A logo may be anywhere in the site
//! folder, so it is fingerprinted on its own ([`file`]). Whatever cannot be
//! fingerprinted with certainty, such as a symlink, gives no fingerprint, and the
//! build then does all its work.

use std::path::Path;

use rayon::prelude::*;

use super::{INPUT_DIRS, SETTINGS_FILE, is_hidden_or_backup};
use crate::model::fingerprint::{Fingerprint, Hasher};

/// The fingerprint of the site's input files: their paths, sizes and contents.
/// `None` when one cannot be read or is reached through a symlink.
pub fn fingerprint(site: &Path) -> Option<Fingerprint> {
    let mut files = Vec::new();
    if !std::fs::symlink_metadata(site.join(SETTINGS_FILE))
        .ok()?
        .is_file()
    {
        return None;
    }
    files.push(SETTINGS_FILE.to_string());
    for dir in INPUT_DIRS {
        let top = site.join(dir);
        match std::fs::symlink_metadata(&top) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => return None,
        }
        let mut entries = walkdir::WalkDir::new(&top).into_iter();
        while let Some(entry) = entries.next() {
            let entry = entry.ok()?;
            if entry.depth() > 0 && is_hidden_or_backup(entry.file_name()) {
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_symlink() {
                return None;
            }
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(site).ok()?;
                files.push(relative.to_str()?.replace('\\', "/"));
            }
        }
    }
    files.sort();
    let hashes: Vec<Option<Fingerprint>> = files
        .par_iter()
        .map(|relative| std::fs::read(site.join(relative)).ok())
        .map(|bytes| Some(Fingerprint::of(&bytes?)))
        .collect();
    let mut h = Hasher::new();
    h.number(files.len() as u64);
    for (relative, hash) in files.iter().zip(hashes) {
        h.bytes(relative.as_bytes()).fingerprint(hash?);
    }
    Some(h.finish())
}

/// The fingerprint of one file of the site, `relative` to it, such as the logo.
/// `None` when it cannot be read or leads out of the site folder.
pub fn file(site: &Path, relative: &str) -> Option<Fingerprint> {
    let root = std::fs::canonicalize(site).ok()?;
    let path = std::fs::canonicalize(site.join(relative)).ok()?;
    if !path.starts_with(&root) {
        return None;
    }
    Some(Fingerprint::of(&std::fs::read(path).ok()?))
}

/// The fingerprint of the running program: its version and its executable's bytes,
/// so that a new build of scorecard, even one with the same version number, never
/// takes pages an older one made for its own.
pub fn program() -> Option<Fingerprint> {
    let exe = std::env::current_exe().ok()?;
    let bytes = std::fs::read(exe).ok()?;
    Some(
        Hasher::new()
            .bytes(env!("CARGO_PKG_VERSION").as_bytes())
            .fingerprint(Fingerprint::of(&bytes))
            .finish(),
    )
}
