//! The build record: what the last build read and wrote, kept in the output's marker file, so the next build can skip what has not changed.
//!
//! The record follows the marker's text in [`super::MARKER`], after a line naming
//! its format. It holds fingerprints, and the path of the logo (the only input that
//! may sit outside the folders it fingerprints), but no content of the site, so the
//! marker says no more about the inputs than the site itself publishes. After it come
//! the link checker's scans of each edition's pages (the ids and link addresses the
//! published pages hold), read only by a build that takes editions from the output,
//! so that it need not scan their pages again. A build
//! trusts it only when the output is as that build left it: the record carries a
//! stamp of every file and folder of the output (path, size and modification time),
//! and any difference, or a record that cannot be read, means the whole build is
//! done again.
//!
//! Stamping tens of thousands of files takes longer than a rebuild that finds nothing
//! changed may, so the record also lists the output's folders and stamps them alone
//! ([`folders_intact`]), beside a quick stamp of the inputs' metadata
//! ([`crate::load::inputs::stamp`]). A folder's modification time changes whenever a
//! file or folder in it is added, removed or renamed, so the folders' stamp shows any
//! file put into the output, taken out of it or replaced by a save through a new file
//! (as most editors and tools save), but not a file of the build's own rewritten in
//! place. A build that finds nothing changed trusts the two quick stamps: it never
//! writes, so it cannot overwrite a file it did not create, and its only blind spot is
//! a page edited in place inside the output, which the next build that changes
//! anything replaces, as the full stamp guards every edition it takes from the output.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::MARKER;
use crate::model::fingerprint::{Fingerprint, Hasher};
use crate::render::links::Page;
use crate::render::{EditionPart, OutputFile};

/// The line between the marker's text and the record; a new format gets a new line,
/// so that an older record is not misread.
const SEPARATOR: &str = "\n--- scorecard build record, format 1 ---\n";

/// The line between the record and the link scans of each edition's pages, kept
/// apart so that a build that finds nothing changed reads the record alone.
const SCANS_SEPARATOR: &str = "\n--- link scans of each edition's pages ---\n";

/// The link checker's scans of each edition's pages, by month, as a build keeps them
/// for the next: an edition taken from the output need not be scanned again.
pub type Scans = HashMap<String, Vec<(String, Page)>>;

/// What a build read and wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The fingerprint of the program, the options that change the output, and the
    /// input files.
    pub run: String,
    /// The logo that was read, which may be anywhere in the site folder: its path
    /// relative to the site and its fingerprint.
    pub logo: Option<(String, String)>,
    /// The key of each edition, by month (see `compute::edition_keys`).
    pub editions: Vec<(String, String)>,
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
    /// The stamp of the output folder as the build left it, set when it is written.
    #[serde(default)]
    pub output: String,
    /// The quick stamp of the program, the inputs and the options, when the inputs
    /// had settled as the build began ([`crate::load::inputs::Stamp::settled`]), or
    /// empty.
    #[serde(default)]
    pub inputs_stamp: String,
    /// Every folder of the output, from it, the output itself first as `""`.
    #[serde(default)]
    pub folders: Vec<String>,
    /// The stamp of `folders` as the build left them (see [`folders_intact`]).
    #[serde(default)]
    pub folders_stamp: String,
}

/// The record of the output folder `out`, if it has one and the folder is as the
/// build that wrote the record left it.
pub fn read(out: &Path) -> Option<Record> {
    read_unchecked(out).filter(|record| intact(out, record))
}

/// The record of the output folder `out`, if it has one, without checking the folder.
pub fn read_unchecked(out: &Path) -> Option<Record> {
    let marker = out.join(MARKER);
    if !fs::symlink_metadata(&marker).ok()?.is_file() {
        return None;
    }
    // The link scans after the record are most of the marker at a large site (tens
    // of megabytes), and a build that finds nothing changed never needs them: the
    // marker is read only up to them.
    let mut text = String::new();
    let mut reader = std::io::BufReader::new(fs::File::open(&marker).ok()?);
    let scans_line = SCANS_SEPARATOR.trim_matches('\n');
    loop {
        let at = text.len();
        if std::io::BufRead::read_line(&mut reader, &mut text).ok()? == 0 {
            break;
        }
        if text[at..].trim_end_matches('\n') == scans_line {
            text.truncate(at);
            break;
        }
    }
    let (_, rest) = text.split_once(SEPARATOR)?;
    let json = rest
        .split_once(SCANS_SEPARATOR)
        .map_or(rest, |(json, _)| json);
    serde_json::from_str(json).ok()
}

/// The link scans kept in the marker of the output `out`, if it has them. Only to be
/// trusted for an output found intact against the record beside them.
pub fn read_scans(out: &Path) -> Option<Scans> {
    let marker = out.join(MARKER);
    if !fs::symlink_metadata(&marker).ok()?.is_file() {
        return None;
    }
    let text = fs::read_to_string(&marker).ok()?;
    let (_, json) = text.split_once(SCANS_SEPARATOR)?;
    serde_json::from_str::<Vec<(String, Vec<(String, Page)>)>>(json)
        .ok()
        .map(|scans| scans.into_iter().collect())
}

/// The marker's text for the link scans of each edition's pages: `parts` are what
/// was kept of each edition, in the order of `record`'s editions.
pub fn scans_text(record: &Record, parts: &[Arc<EditionPart>]) -> String {
    let months: Vec<&str> = record.editions.iter().map(|(m, _)| m.as_str()).collect();
    // Each edition is serialised on any core, and the texts are joined as
    // serialising the whole list would (`[a,b,…]`, no spaces): the same bytes in a
    // fraction of the time at a large site, whose scans are megabytes.
    let editions: Vec<String> = months
        .par_iter()
        .zip(parts)
        .map(|(month, part)| {
            let pages: Vec<(&str, &Page)> = part
                .scans
                .iter()
                .map(|(path, scanned)| (path.as_str(), scanned.page()))
                .collect();
            // Serialising strings and numbers cannot fail.
            serde_json::to_string(&(month, pages)).unwrap_or_default()
        })
        .collect();
    format!("{SCANS_SEPARATOR}[{}]\n", editions.join(","))
}

/// The link scans part of the marker text `text`, or nothing.
pub(super) fn scans_part(text: &str) -> &str {
    text.find(SCANS_SEPARATOR).map_or("", |at| &text[at..])
}

/// Whether every file and folder of `out` is as the build that wrote `record` left
/// it, by the full stamp.
pub fn intact(out: &Path, record: &Record) -> bool {
    stamp(out).is_some_and(|(stamp, _)| stamp.to_string() == record.output)
}

/// Whether the folders of `out` are as the build that wrote `record` left them: the
/// quick check of a build that finds its inputs unchanged (see the module's note for
/// what it can miss).
pub fn folders_intact(out: &Path, record: &Record) -> bool {
    !record.folders_stamp.is_empty()
        && folders_stamp(out, &record.folders)
            .is_some_and(|s| s.to_string() == record.folders_stamp)
}

/// The stamp of each of `folders`, inside `out`: its path, inode and modification
/// time, which moving the output into place does not change.
pub fn folders_stamp(out: &Path, folders: &[String]) -> Option<Fingerprint> {
    let mut h = Hasher::new();
    h.number(folders.len() as u64);
    for folder in folders {
        let metadata = fs::symlink_metadata(out.join(folder)).ok()?;
        if !metadata.is_dir() {
            return None;
        }
        let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        h.bytes(folder.as_bytes())
            .number(inode(&metadata))
            .number(modified.as_secs())
            .number(u64::from(modified.subsec_nanos()));
    }
    Some(h.finish())
}

#[cfg(unix)]
fn inode(metadata: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(metadata)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// The marker's record text for `record`.
pub(super) fn text(record: &Record) -> String {
    // Serialising plain strings and numbers cannot fail.
    let json = serde_json::to_string(record).unwrap_or_default();
    format!("{SEPARATOR}{json}\n")
}

/// A stamp of everything in the output folder `dir` but the marker: each file's and
/// folder's path, kind, size and modification time. A file written or replaced, added
/// or removed changes it. `None` when the folder cannot be read whole. The top-level
/// folders (one per edition) are stamped in parallel: a large site has tens of
/// thousands of files. Also returns every folder's path from `dir`, `dir` itself
/// first as `""`, in a fixed order.
pub fn stamp(dir: &Path) -> Option<(Fingerprint, Vec<String>)> {
    let mut top: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        if entry.file_name() != MARKER {
            top.push(entry.path());
        }
    }
    top.sort();
    let parts: Vec<Option<(Fingerprint, Vec<String>)>> =
        top.par_iter().map(|p| stamp_of(dir, p)).collect();
    let mut h = Hasher::new();
    h.number(parts.len() as u64);
    let mut folders = vec![String::new()];
    for part in parts {
        let (fingerprint, more) = part?;
        h.fingerprint(fingerprint);
        folders.extend(more);
    }
    Some((h.finish(), folders))
}

/// The stamp of `path`, inside the output `dir`, and of everything under it, and the
/// folders among them.
fn stamp_of(dir: &Path, path: &Path) -> Option<(Fingerprint, Vec<String>)> {
    let mut h = Hasher::new();
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
        let entry = entry.ok()?;
        let metadata = entry.metadata().ok()?;
        let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        let relative = entry.path().strip_prefix(dir).ok()?;
        if metadata.is_dir() {
            folders.push(relative.to_str()?.to_string());
        }
        h.bytes(relative.as_os_str().as_encoded_bytes())
            .number(u64::from(metadata.is_dir()) + 2 * u64::from(metadata.is_symlink()))
            .number(metadata.len())
            .number(modified.as_secs())
            .number(u64::from(modified.subsec_nanos()));
    }
    Some((h.finish(), folders))
}

/// Every file under `folder` of the output `out`, with its path from `out`: the
/// files of an unchanged edition, to be published again.
pub fn files_under(out: &Path, folder: &str) -> io::Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out.join(folder)).sort_by_file_name() {
        let entry = entry?;
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            return Err(io::Error::other(format!(
                "`{}` is not a file",
                entry.path().display()
            )));
        }
        let relative = entry
            .path()
            .strip_prefix(out)
            .map_err(io::Error::other)?
            .to_str()
            .ok_or_else(|| io::Error::other("a path that is not UTF-8"))?
            .replace('\\', "/");
        files.push(OutputFile {
            bytes: fs::read(entry.path())?,
            path: relative,
        });
    }
    Ok(files)
}
