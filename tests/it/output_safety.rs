//! `build --out` never deletes or replaces what scorecard did not make, and a build
//! never reads through a symlink out of the site folder. Each case needs a real
//! folder, file or symlink, so it is a test of its own rather than a bad-input row.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Run, TestSite, copy_tree};

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
        copy_tree(site.root(), &dir.path().join("site"));
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

// Symlinks are made the Unix way; CI runs on Linux.
#[cfg(unix)]
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

// Symlinks are made the Unix way; CI runs on Linux.
#[cfg(unix)]
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
    // A build still running holds its staging copy's marker locked.
    std::fs::create_dir(root.join(".public.new-running")).unwrap();
    let running = std::fs::File::create(root.join(".public.new-running").join(MARKER)).unwrap();
    running.lock().unwrap();
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
    // A build that finds nothing changed may keep quick stamps in its own record
    // (see `write::record`): the marker is compared by kind alone.
    let mut found = listing(root);
    for files in [&mut found, &mut expected] {
        let marker = files.get_mut(&Path::new("public").join(MARKER));
        *marker.expect("the output has its marker") = "marker".into();
    }
    assert_eq!(found, expected);
    assert!(elsewhere.path().join(MARKER).exists());
    drop(running);
}

/// Asserts that a build of `site` fails with an error containing every one of `says`,
/// and that `check` reports the same.
fn fails_saying(site: &TestSite, says: &[&str]) {
    for command in ["check", "build"] {
        let run = site.run(command, &[]);
        let stderr = run.stderr();
        assert_eq!(run.code(), 1, "{command} did not fail\n{stderr}");
        for words in says {
            assert!(
                stderr.contains(words),
                "{command} does not say {words:?}\n{stderr}"
            );
        }
    }
    assert!(!site.out().exists(), "something was published");
}

// Symlinks are made the Unix way; CI runs on Linux.
#[cfg(unix)]
#[test]
fn a_logo_that_links_out_of_the_site_is_not_published() {
    for target in ["/etc/passwd", "/proc/self/environ"] {
        let site = TestSite::fixture("small");
        let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        site.write(
            "site.yaml",
            &format!("{settings}brand:\n  logo: logo.svg\n"),
        );
        std::os::unix::fs::symlink(target, site.root().join("logo.svg")).unwrap();
        fails_saying(
            &site,
            &[
                "site.yaml:5",
                &format!("`logo.svg` is a symlink to `{target}`, outside the site folder"),
            ],
        );
    }
}

// Symlinks are made the Unix way; CI runs on Linux.
#[cfg(unix)]
#[test]
fn folders_and_files_that_link_out_of_the_site_are_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOKEN=hunter2").unwrap();
    std::fs::write(
        outside.path().join("leak.md"),
        "---\ntitle: Leak\n---\nTOKEN=hunter2\n",
    )
    .unwrap();
    let cases: [(&str, &Path, &str); 4] = [
        (
            "themes/default/static",
            outside.path(),
            "themes/default/static",
        ),
        ("content/pages", outside.path(), "content/pages"),
        (
            "content/pages/leak.md",
            &outside.path().join("leak.md"),
            "content/pages/leak.md",
        ),
        ("themes/default", outside.path(), "themes/default"),
    ];
    for (link, target, named) in cases {
        let site = TestSite::fixture("small");
        let path = site.root().join(link);
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, &path).unwrap();
        fails_saying(
            &site,
            &[&format!(
                "`{named}` is a symlink to `{}`, outside the site folder",
                target.display()
            )],
        );
    }
}

// Symlinks are made the Unix way; CI runs on Linux.
#[cfg(unix)]
#[test]
fn a_symlink_that_stays_inside_the_site_is_followed() {
    let site = TestSite::fixture("small");
    site.write(
        "shared/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("shared/img/map.txt", "a map");
    let settings = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{settings}brand:\n  logo: logo.svg\n"),
    );
    std::os::unix::fs::symlink("shared/logo.svg", site.root().join("logo.svg")).unwrap();
    std::fs::create_dir_all(site.root().join("themes/default/static")).unwrap();
    std::os::unix::fs::symlink(
        site.root().join("shared/img"),
        site.root().join("themes/default/static/img"),
    )
    .unwrap();
    site.build();
    assert!(site.out().join("static/logo.svg").is_file());
    assert_eq!(site.output("static/img/map.txt"), "a map");
}

#[test]
fn hidden_and_editor_files_are_neither_read_nor_published() {
    let site = TestSite::fixture("small");
    let junk = [
        ".env",
        ".style.css.swp",
        "style.css~",
        "#style.css#",
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        "~$notes.docx",
        ".git/config",
        "style.css.bak",
    ];
    for name in junk {
        site.write(&format!("themes/default/static/{name}"), "TOKEN=hunter2");
    }
    site.write("themes/default/static/extra.txt", "kept");
    // An editor's copies of inputs would otherwise be read as a second copy.
    let csv = std::fs::read_to_string(site.root().join("data/monthly/2015-16.csv")).unwrap();
    let cover =
        std::fs::read_to_string(site.root().join("content/editions/2015-12/index.md")).unwrap();
    let about = std::fs::read_to_string(site.root().join("content/pages/about.md")).unwrap();
    site.write("data/monthly/._2015-16.csv", &csv);
    site.write("data/monthly/.#2015-16.csv", &csv);
    site.write("data/monthly/2015-16.csv.orig", &csv);
    site.write("content/editions/2015-12/.index.md", &cover);
    site.write("content/pages/.#about.md", &about);
    site.write("content/pages/.git/notes.md", &about);
    site.write("data/sections/.01-referrals.yaml", "id: [broken");
    site.build();
    let published = crate::tree(&site.out());
    assert!(published.contains_key(Path::new("static/extra.txt")));
    for (path, bytes) in &published {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("hunter2"), "{} holds junk", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(
            !name.starts_with('.') || name == MARKER,
            "{} was published",
            path.display()
        );
    }
}

/// The reserved names are the ones rendering really uses: every folder a build makes
/// that is not an edition, a section or a free page is reserved, so no id or page
/// name can take its address.
#[test]
fn every_folder_scorecard_names_itself_is_reserved() {
    use scorecard::routes;
    let site = TestSite::fixture("small");
    site.build();
    let out = site.out();
    let mut own = Vec::new();
    for entry in std::fs::read_dir(&out).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        if name.parse::<scorecard::model::Month>().is_ok() {
            for inner in std::fs::read_dir(entry.path())
                .unwrap()
                .filter_map(Result::ok)
            {
                let inner_name = inner.file_name().to_string_lossy().into_owned();
                let stem = inner_name.split('.').next().unwrap().to_string();
                if inner_name != "index.html" && stem != "referrals" {
                    own.push(stem);
                }
            }
        } else if name != "about" {
            own.push(name);
        }
    }
    own.sort();
    own.dedup();
    assert!(own.len() >= 4, "{own:?}");
    for name in own {
        assert!(
            routes::reserved(&name).is_some(),
            "`{name}` is made by every build but is not reserved by scorecard::routes"
        );
    }
}
