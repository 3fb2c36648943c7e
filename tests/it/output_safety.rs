//! `build --out` never deletes or replaces what scorecard did not make, and a build
//! never reads through a symlink out of the site folder. Each case needs a real
//! folder, file or symlink, so it is a test of its own rather than a bad-input row.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Run, TestSite};

/// The marker every build writes into its output.
const MARKER: &str = ".scorecard-build";

/// Every folder and file under `dir`, files with their bytes, links with their
/// targets: a listing that shows any change at all.
fn listing(dir: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let what = if e.path_is_symlink() {
                format!(
                    "link to {}",
                    std::fs::read_link(e.path()).unwrap().display()
                )
            } else if e.file_type().is_dir() {
                "folder".to_string()
            } else {
                format!("{:?}", std::fs::read(e.path()).unwrap())
            };
            (rel, what)
        })
        .collect()
}

/// Runs `scorecard build --site SITE --out OUT` in `cwd`.
fn build_in(cwd: &Path, site: &Path, out: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .current_dir(cwd)
        .arg("build")
        .arg("--site")
        .arg(site)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run scorecard");
    Run { output }
}

/// A small site in `<temp>/site`, so that the folder holding it is the test's own.
struct Nest {
    dir: tempfile::TempDir,
}

impl Nest {
    fn new() -> Nest {
        let dir = tempfile::tempdir().unwrap();
        let site = TestSite::fixture("small");
        copy(site.root(), &dir.path().join("site"));
        Nest { dir }
    }

    fn top(&self) -> &Path {
        self.dir.path()
    }

    fn site(&self) -> PathBuf {
        self.top().join("site")
    }

    /// Asserts that building into `out` from `cwd` is refused with a message
    /// containing `says`, touching nothing anywhere under the temporary folder.
    fn refused(&self, cwd: &Path, out: &Path, says: &str) {
        let before = listing(self.top());
        let run = build_in(cwd, &self.site(), out);
        let stderr = run.stderr();
        assert_eq!(
            run.code(),
            1,
            "--out {}: not refused\n{stderr}",
            out.display()
        );
        assert!(
            stderr.contains(says),
            "--out {}: the message does not say {says:?}\n{stderr}",
            out.display()
        );
        assert!(stderr.contains("hint:"), "no hint:\n{stderr}");
        assert_eq!(
            listing(self.top()),
            before,
            "--out {}: something was changed",
            out.display()
        );
    }
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn the_site_folder_is_refused_however_it_is_named() {
    let nest = Nest::new();
    let site = nest.site();
    let says = "is the site folder itself";
    nest.refused(nest.top(), &site, says);
    nest.refused(nest.top(), Path::new("site"), says);
    nest.refused(nest.top(), Path::new("site/"), says);
    nest.refused(nest.top(), Path::new("./site/content/.."), says);
    nest.refused(&site, Path::new("."), says);
    nest.refused(&site.join("data"), Path::new(".."), says);
    std::os::unix::fs::symlink(&site, nest.top().join("link")).unwrap();
    nest.refused(nest.top(), Path::new("link"), says);
}

#[test]
fn a_folder_holding_the_site_is_refused() {
    let nest = Nest::new();
    let says = "holds the site folder";
    nest.refused(nest.top(), nest.top(), says);
    nest.refused(&nest.site(), Path::new(".."), says);
    nest.refused(nest.top(), Path::new("/"), "the top of the file system");
}

#[test]
fn a_folder_the_site_reads_is_refused() {
    let nest = Nest::new();
    let site = nest.site();
    nest.refused(nest.top(), &site.join("content"), "inside `content`");
    nest.refused(nest.top(), &site.join("data/monthly"), "inside `data`");
    // Even a new folder there would be read back, or published, by the next build.
    nest.refused(nest.top(), &site.join("themes/public"), "inside `themes`");
    nest.refused(nest.top(), &site.join("site.yaml"), "inside `site.yaml`");
}

#[test]
fn a_file_or_a_folder_scorecard_did_not_build_is_refused() {
    let nest = Nest::new();
    std::fs::write(nest.top().join("notes.txt"), "mine").unwrap();
    nest.refused(nest.top(), &nest.top().join("notes.txt"), "is not a folder");
    std::fs::create_dir(nest.top().join("home")).unwrap();
    std::fs::write(nest.top().join("home/thesis.md"), "years of work").unwrap();
    nest.refused(
        nest.top(),
        &nest.top().join("home"),
        "files in it that scorecard did not build",
    );
}

#[test]
fn a_new_or_empty_folder_is_built_with_the_marker_and_rebuilt() {
    let nest = Nest::new();
    let out = nest.top().join("empty");
    std::fs::create_dir(&out).unwrap();
    build_in(nest.top(), &nest.site(), &out).success();
    assert!(out.join("index.html").is_file());
    assert!(out.join(MARKER).is_file());
    // A folder a build made is replaced by the next build.
    std::fs::write(out.join("stale.html"), "old").unwrap();
    build_in(nest.top(), &nest.site(), &out).success();
    assert!(!out.join("stale.html").exists());
    let fresh = nest.top().join("new/deeper/public");
    build_in(nest.top(), &nest.site(), &fresh).success();
    assert!(fresh.join(MARKER).is_file());
    // No staging or old copy is left beside either.
    let leftovers: Vec<_> = std::fs::read_dir(nest.top())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn copies_a_killed_build_left_are_removed_by_the_next_and_nothing_else() {
    let site = TestSite::fixture("small");
    site.build();
    let root = site.root();
    // As a build killed while staging, or between its two renames, leaves them.
    for (dir, marked) in [
        (".public.new-a1B2c3", true),
        (".public.old-d4E5f6", true),
        (".public.new-g7H8i9", false),
    ] {
        let dir = root.join(dir);
        std::fs::create_dir_all(dir.join("2015-12")).unwrap();
        if marked {
            std::fs::write(dir.join(MARKER), "").unwrap();
            std::fs::write(dir.join("2015-12/index.html"), "half").unwrap();
        } else {
            std::fs::remove_dir(dir.join("2015-12")).unwrap();
        }
    }
    // Not ours: a folder with our prefix but no marker, another output's copy, a link.
    std::fs::create_dir(root.join(".public.new-mine")).unwrap();
    std::fs::write(root.join(".public.new-mine/keep.txt"), "mine").unwrap();
    std::fs::create_dir(root.join(".other.old-x")).unwrap();
    std::fs::write(root.join(".other.old-x").join(MARKER), "").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join(MARKER), "").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), root.join(".public.old-link")).unwrap();

    let mut expected = listing(root);
    expected.retain(|path, _| {
        let top = path
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy());
        !matches!(
            top.as_deref(),
            Some(".public.new-a1B2c3" | ".public.old-d4E5f6" | ".public.new-g7H8i9")
        )
    });
    site.build();
    assert_eq!(listing(root), expected);
    assert!(elsewhere.path().join(MARKER).exists());
}
