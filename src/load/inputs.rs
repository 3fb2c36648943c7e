//! The inputs' fingerprint: every file a build may read, and the program itself, hashed without parsing anything, so that a build can tell that nothing changed.
//!
//! It covers `site.yaml` and every file under `content/`, `data/` and `themes/`
//! (a superset of what loading reads: all themes, not only the one in use), leaving
//! out hidden and editor files as loading does. A logo may be anywhere in the site
//! folder, so it is fingerprinted on its own ([`file()`]). Whatever cannot be
//! fingerprinted with certainty, such as a symlink, gives no fingerprint, and the
//! build then does all its work.
//!
//! Reading every input takes a large site's no-op rebuild past what a person notices,
//! so [`stamp`] gives a quicker stand-in: the metadata of the program and of every
//! input (size, modification and change times, inode), read without opening a file.
//! A build trusts it only for inputs that had settled when it was taken (see
//! [`SETTLED`]); otherwise the next build reads the contents as before.

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;

use super::{INPUT_DIRS, SETTINGS_FILE, is_hidden_or_backup};
use crate::model::fingerprint::{Fingerprint, Hasher};

/// The fingerprint of the site's input files: their paths, sizes and contents.
/// `None` when one cannot be read or is reached through a symlink.
pub fn fingerprint(site: &Path) -> Option<Fingerprint> {
    fingerprint_of(site, INPUT_DIRS)
}

/// The fingerprint of `site.yaml` and of the files under `dirs` (some of
/// [`INPUT_DIRS`]), as [`fingerprint`] takes them: what `serve`'s load keys its
/// settings, definitions and data by, with `&["data"]`.
pub fn fingerprint_of(site: &Path, dirs: &[&'static str]) -> Option<Fingerprint> {
    let files = names(site, dirs)?;
    // Each file is hashed as it is read and not kept, unlike [`Contents`].
    let hashes: Vec<Option<Fingerprint>> = files
        .par_iter()
        .map(|relative| std::fs::read(site.join(relative)).ok())
        .map(|bytes| Some(Fingerprint::of(&bytes?)))
        .collect();
    let hashes: Option<Vec<Fingerprint>> = hashes.into_iter().collect();
    Some(combine(files.iter().map(String::as_str).zip(hashes?)))
}

/// The fingerprint of files by their paths, relative to the site folder, and their
/// contents' fingerprints: one definition for [`fingerprint_of`] and [`Contents`], so
/// that the two give the same fingerprint of the same files.
fn combine<'a>(files: impl ExactSizeIterator<Item = (&'a str, Fingerprint)>) -> Fingerprint {
    let mut h = Hasher::new();
    h.number(files.len() as u64);
    for (relative, fingerprint) in files {
        h.bytes(relative.as_bytes()).fingerprint(fingerprint);
    }
    h.finish()
}

/// The paths, relative to the site folder and sorted, of `site.yaml` and of every
/// file under `dirs` that [`fingerprint_of`] reads. `None` where it gives none.
fn names(site: &Path, dirs: &[&'static str]) -> Option<Vec<String>> {
    let mut names = Vec::new();
    if !std::fs::symlink_metadata(site.join(SETTINGS_FILE))
        .ok()?
        .is_file()
    {
        return None;
    }
    names.push(SETTINGS_FILE.to_string());
    for (_, entries) in input_entries(site, dirs)? {
        for entry in entries.iter().filter(|e| e.file_type().is_file()) {
            let relative = entry.path().strip_prefix(site).ok()?;
            names.push(relative.to_str()?.replace('\\', "/"));
        }
    }
    names.sort();
    Some(names)
}

/// The bytes of the site's input files, read once for their fingerprint: `serve`
/// fingerprints every input before each build, and its load then takes a file's bytes
/// from here rather than opening the file again (each opening is also an event for
/// the watcher to sort out).
#[derive(Clone)]
pub struct Contents {
    /// The files, sorted by path.
    files: Vec<Content>,
}

/// One input file as [`Contents`] read it.
#[derive(Clone)]
struct Content {
    /// The path relative to the site folder, with `/` between its parts.
    relative: String,
    bytes: Arc<[u8]>,
    fingerprint: Fingerprint,
    /// The stamp of the file's metadata (see [`stamp`]) when it had settled before it
    /// was read, so that the next reading may take these bytes for a file whose stamp
    /// is unchanged; `None` when it must be read again.
    settled: Option<Fingerprint>,
}

impl std::fmt::Debug for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contents")
            .field("files", &self.files.len())
            .finish()
    }
}

impl Contents {
    /// Reads `site.yaml` and every file under the input folders, the files
    /// [`fingerprint`] covers, taking from `earlier` the bytes of each file whose
    /// metadata is as it was when `earlier` read it, long enough after its last change
    /// (as the quick stamp trusts them, see [`SETTLED`]): a save then opens only the
    /// files it changed. `None` where [`fingerprint`] gives none.
    pub fn read(site: &Path, earlier: Option<&Contents>) -> Option<Contents> {
        let names = names(site, INPUT_DIRS)?;
        let files: Vec<Option<Content>> = names
            .into_par_iter()
            .map(|relative| {
                let path = site.join(&relative);
                let started = SystemTime::now().duration_since(UNIX_EPOCH).ok()?;
                let metadata = std::fs::symlink_metadata(&path).ok()?;
                if !metadata.is_file() {
                    return None;
                }
                let mut h = Hasher::new();
                let changed = metadata_stamp(&mut h, &metadata);
                let stamp = h.finish();
                if let Some(earlier) = earlier.and_then(|e| e.file(&relative))
                    && changed.is_some()
                    && earlier.settled == Some(stamp)
                {
                    return Some(earlier.clone());
                }
                let bytes = std::fs::read(&path).ok()?;
                // A file changed within `SETTLED` of being read could change again
                // without its stamp showing it: it is read again next time.
                let settled = changed
                    .filter(|&c| c.saturating_add(SETTLED) < started)
                    .map(|_| stamp);
                Some(Content {
                    fingerprint: Fingerprint::of(&bytes),
                    bytes: bytes.into(),
                    relative,
                    settled,
                })
            })
            .collect();
        Some(Contents {
            files: files.into_iter().collect::<Option<_>>()?,
        })
    }

    fn file(&self, relative: &str) -> Option<&Content> {
        let i = self
            .files
            .binary_search_by(|f| f.relative.as_str().cmp(relative))
            .ok()?;
        Some(&self.files[i])
    }

    /// The fingerprint of every file read: their paths, sizes and contents.
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint_where(|_| true)
    }

    /// The fingerprint of `site.yaml` and of the files read under `dir`, as
    /// [`fingerprint_of`] gives it for that folder alone.
    pub fn fingerprint_under(&self, dir: &str) -> Fingerprint {
        self.fingerprint_where(|relative| {
            relative == SETTINGS_FILE
                || relative
                    .strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    fn fingerprint_where(&self, wanted: impl Fn(&str) -> bool) -> Fingerprint {
        let files: Vec<_> = self.files.iter().filter(|f| wanted(&f.relative)).collect();
        combine(files.iter().map(|f| (f.relative.as_str(), f.fingerprint)))
    }

    /// The bytes of the file at `relative` (with `/` between its parts), if it was
    /// read.
    pub fn bytes(&self, relative: &str) -> Option<&[u8]> {
        Some(&self.file(relative)?.bytes)
    }
}

/// The entries of each of the input folders `dirs` that exists, in name order, the
/// folder itself first, leaving out hidden and editor files: what the fingerprint reads
/// and the quick stamp stats, so that the two always cover the same files. `None` when
/// an input is not a folder, an entry cannot be read, or one is a symlink.
fn input_entries(
    site: &Path,
    dirs: &[&'static str],
) -> Option<Vec<(&'static str, Vec<walkdir::DirEntry>)>> {
    let mut found = Vec::new();
    for &dir in dirs {
        let top = site.join(dir);
        match std::fs::symlink_metadata(&top) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => return None,
        }
        let mut kept = Vec::new();
        let mut entries = walkdir::WalkDir::new(&top).sort_by_file_name().into_iter();
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
            kept.push(entry);
        }
        found.push((dir, kept));
    }
    Some(found)
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
/// takes pages an older one made for its own. Read once a process: the running code
/// cannot change under it, and a long-lived process (a test harness building many
/// sites) would otherwise read its executable, over 100 MB in a debug build, for
/// every build.
pub fn program() -> Option<Fingerprint> {
    static PROGRAM: OnceLock<Option<Fingerprint>> = OnceLock::new();
    *PROGRAM.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let executable = Fingerprint::of_reader(std::fs::File::open(exe).ok()?).ok()?;
        Some(
            Hasher::new()
                .bytes(env!("CARGO_PKG_VERSION").as_bytes())
                .fingerprint(executable)
                .finish(),
        )
    })
}

/// How long before a stamp every input must have last changed for the stamp to be
/// trusted. A file's times come from a clock that ticks in steps (milliseconds on
/// Linux, a second or two on some filesystems), so a file written again within the
/// same step as the stamp, at the same size, would keep every time the stamp saw: an
/// input that changed this recently is read whole by the next build instead, as Git
/// treats a "racily clean" file.
pub const SETTLED: Duration = Duration::from_secs(2);

/// A quick stamp of the program and the inputs, from their metadata alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub fingerprint: Fingerprint,
    /// Whether every stamped file last changed at least [`SETTLED`] before the stamp
    /// was taken, so that any later change shows in it.
    pub settled: bool,
    /// The logo stamped, relative to the site, as the caller named it.
    pub logo: Option<String>,
}

/// The stamp of the running program, of `site.yaml` and of every file under the
/// input folders (the files [`fingerprint`] reads), and of the `logo` if named:
/// each file's path, device, inode, size, modification and change times. Writing a
/// file changes its change time, which no program can set back, so a file changed
/// and given back its old modification time still changes the stamp. `None` where
/// [`fingerprint`] gives none, and on systems without change times.
pub fn stamp(site: &Path, logo: Option<&str>) -> Option<Stamp> {
    let limit = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()?
        .checked_sub(SETTLED)?;
    let mut h = Hasher::new();
    let mut settled = true;
    let exe = std::env::current_exe().ok()?;
    let mut add = |h: &mut Hasher, name: &str, metadata: &std::fs::Metadata| {
        let changed = metadata_stamp(h.bytes(name.as_bytes()), metadata)?;
        settled &= changed < limit;
        Some(())
    };
    add(&mut h, "", &std::fs::metadata(&exe).ok()?)?;
    let settings = std::fs::symlink_metadata(site.join(SETTINGS_FILE)).ok()?;
    if !settings.is_file() {
        return None;
    }
    add(&mut h, SETTINGS_FILE, &settings)?;
    for (dir, entries) in input_entries(site, INPUT_DIRS)? {
        h.bytes(dir.as_bytes());
        for entry in entries {
            let relative = entry.path().strip_prefix(site).ok()?.to_str()?;
            if entry.file_type().is_file() {
                add(&mut h, relative, &entry.metadata().ok()?)?;
            } else {
                // A folder's own times change when an editor's hidden file comes
                // and goes; its name is enough, as what it holds is stamped.
                h.bytes(relative.as_bytes());
            }
        }
    }
    if let Some(logo) = logo {
        let root = std::fs::canonicalize(site).ok()?;
        let path = std::fs::canonicalize(site.join(logo)).ok()?;
        if !path.starts_with(&root) {
            return None;
        }
        add(&mut h, logo, &std::fs::metadata(path).ok()?)?;
    }
    Some(Stamp {
        fingerprint: h.finish(),
        settled,
        logo: logo.map(str::to_string),
    })
}

/// Adds a file's metadata to `h` and returns when it last changed, the later of its
/// modification and change times, since the epoch.
#[cfg(unix)]
fn metadata_stamp(h: &mut Hasher, metadata: &std::fs::Metadata) -> Option<Duration> {
    use std::os::unix::fs::MetadataExt;
    let time = |secs: i64, nanos: i64| {
        Some(Duration::new(
            u64::try_from(secs).ok()?,
            u32::try_from(nanos).ok()?,
        ))
    };
    let modified = time(metadata.mtime(), metadata.mtime_nsec())?;
    let changed = time(metadata.ctime(), metadata.ctime_nsec())?;
    h.number(metadata.dev())
        .number(metadata.ino())
        .number(u64::from(metadata.mode()))
        .number(metadata.size())
        .number(modified.as_secs())
        .number(u64::from(modified.subsec_nanos()))
        .number(changed.as_secs())
        .number(u64::from(changed.subsec_nanos()));
    Some(modified.max(changed))
}

/// Without change times a stamp could miss a file given back its modification time:
/// no stamp, and every build reads the inputs.
#[cfg(not(unix))]
fn metadata_stamp(_: &mut Hasher, _: &std::fs::Metadata) -> Option<Duration> {
    None
}
