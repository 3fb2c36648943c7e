//! Writing the rendered site to disk, all or nothing.
//!
//! The site is staged in a temporary folder beside the output and swapped in only
//! once every file is written, so a failed build never leaves a half-written site
//! and the previous output stays as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path};

use crate::render::OutputFile;

/// Replaces the folder `out` with exactly `files`.
pub fn site(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    // Same parent, so the final rename never crosses a filesystem.
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)?;
    for file in files {
        let relative = Path::new(&file.path);
        // Paths come from validated ids, but the writer is the last line of defence.
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe output path `{}`", file.path),
            ));
        }
        let path = staging.path().join(relative);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&path, &file.bytes)?;
    }
    let staged = staging.keep();
    if out.exists() {
        // `rename` cannot replace a non-empty folder: move the old one aside first,
        // and put it back if the swap fails.
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)?
            .keep();
        fs::remove_dir(&old)?;
        fs::rename(out, &old)?;
        if let Err(e) = fs::rename(&staged, out) {
            let _ = fs::rename(&old, out);
            let _ = fs::remove_dir_all(&staged);
            return Err(e);
        }
        fs::remove_dir_all(&old)?;
    } else if let Err(e) = fs::rename(&staged, out) {
        let _ = fs::remove_dir_all(&staged);
        return Err(e);
    }
    Ok(())
}

/// Writes a new site's `files` into `dir`, which must be missing or empty: an
/// existing file is never overwritten.
pub fn new_site(dir: &Path, files: &[(&str, &str)]) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the folder is not empty",
        ));
    }
    for (relative, contents) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        // `create_new` fails rather than replace a file that appeared meanwhile.
        fs::File::options()
            .write(true)
            .create_new(true)
            .open(&path)?
            .write_all(contents.as_bytes())?;
    }
    Ok(())
}
