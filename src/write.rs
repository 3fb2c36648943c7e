//! Writing the rendered site to disk, all or nothing, and only where it is safe.
//!
//! The output folder is checked before anything is rendered: scorecard replaces only a
//! folder that is missing, empty, or marked by [`MARKER`] as one of its own builds, and
//! never the site folder, a folder holding it or a folder it reads. The site is then
//! staged in a temporary folder beside the output, its files written as they are
//! rendered, and swapped in only once every file is written and the build has found no
//! error, so a failed build never leaves a half-written site, the previous output
//! stays as it was, and no staging copy is left behind. Copies a killed build left are
//! removed by the next one.

pub mod record;

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::{INPUT_DIRS, SETTINGS_FILE};
use crate::render::OutputFile;

/// The file every build writes at the top of its output. A folder holding it is one
/// scorecard made and may replace; any other non-empty folder is left alone.
pub const MARKER: &str = ".scorecard-build";

/// What the marker says to a person who finds it.
const MARKER_TEXT: &str = "This folder was made by `scorecard build`, which deletes and \
replaces it on the next build.\nDo not keep your own files in it.\n";

/// A checked place to build into: the output folder's canonical parent and its name.
#[derive(Debug, Clone)]
pub struct Destination {
    parent: PathBuf,
    name: OsString,
}

impl Destination {
    /// The output folder, with symlinks in its parent resolved.
    pub fn path(&self) -> PathBuf {
        self.parent.join(&self.name)
    }

    /// Checks that `out` may be replaced by a build of the site in `site`, before
    /// anything is rendered or staged. The diagnostic says why not and what to do.
    pub fn check(site: &Path, out: &Path) -> Result<Destination, Box<Diagnostic>> {
        let refuse = |message: String, hint: &str| {
            Box::new(Diagnostic::error(out, message).with_hint(hint.to_string()))
        };
        let resolved = resolve(out).map_err(|e| {
            refuse(
                format!("cannot use `{}` as the output folder: {e}", out.display()),
                "name a folder that can be created, such as `public` inside the site folder",
            )
        })?;
        let (Some(parent), Some(name)) = (resolved.parent(), resolved.file_name()) else {
            return Err(refuse(
                format!(
                    "`{}` is the top of the file system, which a build would replace",
                    out.display()
                ),
                "name a new folder for the built site, such as `public` inside the site folder",
            ));
        };
        // A site folder that cannot be read is reported by loading; only its place matters here.
        if let Ok(site) = fs::canonicalize(site) {
            if resolved == site {
                return Err(refuse(
                    format!(
                        "`{}` is the site folder itself: building there would delete site.yaml, data/ and content/",
                        out.display()
                    ),
                    "leave out `--out` to build into `public` inside the site folder, or name a new folder",
                ));
            }
            if site.starts_with(&resolved) {
                return Err(refuse(
                    format!(
                        "`{}` holds the site folder `{}`: building there would delete the site and everything beside it",
                        out.display(),
                        site.display()
                    ),
                    "leave out `--out` to build into `public` inside the site folder, or name a new folder",
                ));
            }
            for input in INPUT_DIRS.iter().chain([&SETTINGS_FILE]) {
                let input_path = site.join(input);
                let input_path = fs::canonicalize(&input_path).unwrap_or(input_path);
                if resolved.starts_with(&input_path) {
                    return Err(refuse(
                        format!(
                            "`{}` is inside `{input}`, which the build reads: the built files would be read back as input, or replace it",
                            out.display()
                        ),
                        "build outside the site's inputs: leave out `--out` to build into `public` inside the site folder",
                    ));
                }
            }
        }
        let destination = Destination {
            parent: parent.to_path_buf(),
            name: name.to_os_string(),
        };
        destination.check_replaceable().map_err(|message| {
            refuse(
                format!("`{}` {message}", out.display()),
                &format!(
                    "name a new or empty folder; scorecard replaces only a folder it built, which holds a `{MARKER}` file. If this is an older build, delete it yourself and build again"
                ),
            )
        })?;
        Ok(destination)
    }

    /// Whether the output is missing, an empty folder or a folder a build made:
    /// checked before rendering and again just before the swap.
    fn check_replaceable(&self) -> Result<(), String> {
        let out = self.path();
        let metadata = match fs::symlink_metadata(&out) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(format!("cannot be read: {e}")),
        };
        if !metadata.is_dir() {
            return Err(
                "is not a folder (it is a file or a link): a build would replace it".into(),
            );
        }
        if is_ours(&out) {
            return Ok(());
        }
        match fs::read_dir(&out).map(|mut entries| entries.next().is_none()) {
            Ok(true) => Ok(()),
            Ok(false) => Err(format!(
                "is a folder with files in it that scorecard did not build (it has no `{MARKER}` file): a build would delete them"
            )),
            Err(e) => Err(format!("cannot be read: {e}")),
        }
    }

    /// Replaces the output folder with exactly `files` and the marker, in one step:
    /// what a build does by staging, for the tests of the swap.
    #[cfg(test)]
    pub fn write(&self, files: &[OutputFile]) -> io::Result<()> {
        let staging = self.stage()?;
        staging.add(files)?;
        staging.publish()
    }

    /// Starts a copy of the output beside it, holding only the marker, for a build to
    /// add its files to as it makes them and then [`Staging::publish`]. Dropped
    /// without publishing, the copy is removed and the output is left as it was.
    pub fn stage(&self) -> io::Result<Staging> {
        fs::create_dir_all(&self.parent)?;
        self.remove_leftovers();
        self.check_replaceable()
            .map_err(|message| io::Error::other(format!("the output folder {message}")))?;
        let name = self.name.to_string_lossy();
        // Same parent, so the final rename never crosses a filesystem. The staging
        // folder is removed when `dir` is dropped, on every path but success.
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(&self.parent)?;
        // The marker goes in first, so that a staging copy a killed build leaves is
        // recognisably ours from its first file. It stays locked while this build
        // runs, so that another build started meanwhile does not take the copy for
        // a killed build's and remove it; the system releases the lock if the build
        // is killed. A filesystem without locks only loses that protection.
        let mut marker = fs::File::create_new(dir.path().join(MARKER))?;
        let _ = marker.lock();
        marker.write_all(MARKER_TEXT.as_bytes())?;
        Ok(Staging {
            destination: self.clone(),
            dir,
            marker,
        })
    }

    /// Removes the staging and old copies a killed build left beside the output: only
    /// folders named with this output's own prefixes that are marked as ours, or empty.
    /// A build that finds nothing changed, and so stages nothing, still calls it.
    pub fn remove_leftovers(&self) {
        let name = self.name.to_string_lossy();
        let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            if !prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
                continue;
            }
            let path = entry.path();
            // `symlink_metadata`: a link with our name is not followed, nor removed.
            let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            let empty = || fs::read_dir(&path).is_ok_and(|mut e| e.next().is_none());
            if is_dir && ((is_ours(&path) && !in_use(&path)) || empty()) {
                let _ = fs::remove_dir_all(&path);
            }
        }
    }
}

/// A build's copy of the output, beside it, that files are added to as they are
/// made. Removed when dropped, unless published.
#[derive(Debug)]
pub struct Staging {
    destination: Destination,
    dir: tempfile::TempDir,
    /// Held open, and locked, until the copy is published or removed.
    marker: fs::File,
}

impl Staging {
    /// Writes `files` into the copy. Several threads may add files at once.
    pub fn add(&self, files: &[OutputFile]) -> io::Result<()> {
        for file in files {
            let relative = Path::new(&file.path);
            // Paths come from validated ids, but the writer is the last line of defence.
            if file.path == MARKER
                || relative
                    .components()
                    .any(|c| !matches!(c, Component::Normal(_)))
            {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("unsafe output path `{}`", file.path),
                ));
            }
            let path = self.dir.path().join(relative);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            fs::write(&path, &file.bytes)?;
        }
        Ok(())
    }

    /// Keeps `record` in the copy's marker, with the stamp of the files added so far,
    /// for the next build to compare with: call it once every file is added. The
    /// stamp is taken of the staged files, which publishing moves without changing;
    /// a copy that cannot be stamped keeps no record, and the next build does all
    /// its work.
    pub fn keep_record(&mut self, record: &mut record::Record, scans: &str) -> io::Result<()> {
        let dir = self.dir.path();
        if let Some((stamp, folders)) = record::stamp(dir) {
            record.output = stamp.to_string();
            record.folders_stamp = record::folders_stamp(dir, &folders)
                .map(|s| s.to_string())
                .unwrap_or_default();
            record.folders = folders;
            self.marker.write_all(record::text(record).as_bytes())?;
            self.marker.write_all(scans.as_bytes())?;
        }
        Ok(())
    }

    /// Replaces the output folder with the copy, after checking again that the
    /// folder is one a build may replace: it may have changed while the site was
    /// rendered.
    pub fn publish(self) -> io::Result<()> {
        let Staging {
            destination,
            dir: staging,
            marker: _marker,
        } = self;
        destination
            .check_replaceable()
            .map_err(|message| io::Error::other(format!("the output folder {message}")))?;
        let name = destination.name.to_string_lossy();
        let parent = &destination.parent;
        let out = destination.path();
        if fs::symlink_metadata(&out).is_ok() {
            // `rename` cannot replace a non-empty folder: move the old one aside first,
            // and put it back if the swap fails.
            let old = tempfile::Builder::new()
                .prefix(&format!(".{name}.old-"))
                .tempdir_in(parent)?
                .keep();
            fs::remove_dir(&old)?;
            fs::rename(&out, &old)?;
            if let Err(e) = fs::rename(staging.path(), &out) {
                let _ = fs::rename(&old, &out);
                return Err(e);
            }
            let _ = staging.keep();
            // The new site is in place; an old copy that cannot be removed now is
            // removed by the next build.
            let _ = remove_tree(&old);
        } else {
            fs::rename(staging.path(), &out)?;
            let _ = staging.keep();
        }
        Ok(())
    }
}

/// Removes the folder `dir` and everything in it, the entries at its top (one folder
/// an edition) on every core: removing a large site's tens of thousands of files one
/// by one kept a core waiting on the other. Symbolic links are removed, never
/// followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// Rewrites the record in the marker of the output `out`, a folder a build made, in
/// place, keeping the link scans after it: a build that found nothing changed keeps the quick stamps it could not
/// trust before. Rewriting a file in place leaves the folder's stamp as it was; a
/// marker left half-written is a record that cannot be read, and the next build
/// does all its work.
pub fn update_record(out: &Path, record: &record::Record) -> io::Result<()> {
    let marker = out.join(MARKER);
    if !fs::symlink_metadata(&marker)?.is_file() {
        return Err(io::Error::other("the marker is not a file"));
    }
    // The link scans stay as they were: the files they were made of are unchanged.
    let earlier = fs::read_to_string(&marker)?;
    let scans = record::scans_part(&earlier);
    let mut file = fs::File::options()
        .write(true)
        .truncate(true)
        .open(&marker)?;
    file.write_all(format!("{MARKER_TEXT}{}{scans}", record::text(record)).as_bytes())
}

/// Whether `dir` holds the marker of a scorecard build (a file, not a link).
fn is_ours(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Whether a build that is still running holds the marker in `dir` locked.
fn in_use(dir: &Path) -> bool {
    fs::File::open(dir.join(MARKER))
        .is_ok_and(|f| matches!(f.try_lock(), Err(fs::TryLockError::WouldBlock)))
}

/// `path` made absolute, with every symlink and `.` or `..` resolved, for the part that
/// exists; the rest, which a build would create, is appended with `.` and `..` applied.
/// Each step is resolved before the next, as the system does, so `link/..` is the
/// folder above the link's target.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for component in std::path::absolute(path)?.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if exists {
                    match fs::canonicalize(&resolved) {
                        Ok(p) => resolved = p,
                        Err(e) if e.kind() == io::ErrorKind::NotFound => exists = false,
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }
    Ok(resolved)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: b"x".to_vec(),
        }
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[cfg(unix)]
    #[test]
    fn paths_resolve_through_dots_links_and_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let top = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir(top.join("site")).unwrap();
        std::os::unix::fs::symlink(top.join("site"), top.join("link")).unwrap();
        let resolve = |p: &str| resolve(&top.join(p)).unwrap();
        assert_eq!(resolve("site/."), top.join("site"));
        assert_eq!(resolve("site/../site/"), top.join("site"));
        assert_eq!(resolve("link"), top.join("site"));
        assert_eq!(resolve("link/.."), top);
        assert_eq!(resolve("new/deeper/../public"), top.join("new/public"));
        assert_eq!(resolve("new/.."), top);
    }

    #[test]
    fn a_failed_write_leaves_the_old_output_and_no_staging_copy() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir(&site).unwrap();
        let out = dir.path().join("public");
        let destination = Destination::check(&site, &out).unwrap();
        destination.write(&[file("index.html")]).unwrap();
        assert_eq!(names(dir.path()), ["public", "site"]);
        assert_eq!(names(&out), [MARKER, "index.html"]);
        for unsafe_path in ["../escape.html", MARKER] {
            let failed = destination.write(&[file("a.html"), file(unsafe_path)]);
            assert!(failed.is_err(), "{unsafe_path}");
            assert_eq!(names(dir.path()), ["public", "site"]);
            assert_eq!(names(&out), [MARKER, "index.html"]);
        }
    }

    #[test]
    fn a_folder_that_changes_during_the_build_is_checked_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let destination = Destination::check(dir.path(), &dir.path().join("site/..")).err();
        assert!(destination.is_some(), "the site's own folder was accepted");
        let destination = Destination::check(&dir.path().join("site"), &out).unwrap();
        fs::create_dir(&out).unwrap();
        fs::write(out.join("mine.txt"), "mine").unwrap();
        assert!(destination.write(&[file("index.html")]).is_err());
        assert_eq!(fs::read_to_string(out.join("mine.txt")).unwrap(), "mine");
        assert_eq!(names(dir.path()), ["public"]);
    }
}
