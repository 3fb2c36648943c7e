//! Watching the site's inputs for changes: the only user of the file-watching crate.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, ModifyKind};
use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

use crate::load::{INPUT_DIRS, SETTINGS_FILE};

/// Watches the settings file and the input folders of one site, and nothing else:
/// not the output folder, and not whatever else lives beside the inputs (such as a
/// `target/` folder thousands of files deep).
pub(super) struct InputWatcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    batches: Receiver<DebounceEventResult>,
    root: PathBuf,
    /// The input folders currently watched, recursively.
    watched: Vec<PathBuf>,
    /// Whether the site folder itself was moved or deleted: the system drops or
    /// misdirects the watches, so they are set up again once it is back.
    lost: bool,
}

/// How often a site folder that was moved away is looked for again.
const LOOK_AGAIN: Duration = Duration::from_millis(250);

impl InputWatcher {
    /// Starts watching the site folder `root`, which must be absolute (events name
    /// paths the way the watch was set up, and they are matched against `root`).
    pub fn start(root: &Path, debounce: Duration) -> notify::Result<InputWatcher> {
        let (sender, batches) = mpsc::channel();
        let mut debouncer = new_debouncer(debounce, None, sender)?;
        // The site folder itself is watched without its subfolders: that sees the
        // settings file even when an editor saves it by renaming a new file over it
        // (a watch on the file alone would follow the old one away), and it sees input
        // folders being created or removed.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = InputWatcher {
            debouncer,
            batches,
            root: root.to_path_buf(),
            watched: Vec::new(),
            lost: false,
        };
        watcher.watch_input_folders()?;
        Ok(watcher)
    }

    /// Watches every input folder that exists and forgets those that went away.
    fn watch_input_folders(&mut self) -> notify::Result<()> {
        for dir in INPUT_DIRS {
            let path = self.root.join(dir);
            let watched = self.watched.contains(&path);
            if path.is_dir() && !watched {
                self.debouncer.watch(&path, RecursiveMode::Recursive)?;
                self.watched.push(path);
            } else if !path.is_dir() && watched {
                // The folder is gone, and the system dropped its watch with it.
                let _ = self.debouncer.unwatch(&path);
                self.watched.retain(|p| p != &path);
            }
        }
        Ok(())
    }

    /// Waits for the next change to the inputs and returns the changed paths, relative
    /// to the site folder (empty when the watcher lost track and everything must be
    /// rebuilt). Every batch already waiting is taken too, so that when saves come
    /// faster than builds the next build starts from the latest state instead of
    /// working through a backlog. Returns `None` once the watcher has stopped.
    pub fn next_changes(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let mut changes = Changes::default();
            if self.lost {
                // No event says that a moved folder came back: look for it.
                match self.batches.recv_timeout(LOOK_AGAIN) {
                    Ok(batch) => self.sort(batch, &mut changes),
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                }
                if self.root.is_dir() && self.watch_again().is_ok() {
                    return Some(Vec::new());
                }
                continue;
            }
            let first = self.batches.recv().ok()?;
            self.sort(first, &mut changes);
            while let Ok(more) = self.batches.try_recv() {
                self.sort(more, &mut changes);
            }
            if changes.lost {
                // Rebuild now, which says the site is missing if it is, and watch again
                // once the folder is back.
                self.lost = true;
                return Some(Vec::new());
            }
            if !changes.any {
                continue;
            }
            // A folder that was just created must be watched before the build reads
            // it, or saves inside it would go unseen. If that fails the build still
            // runs; there is no better moment to report it than the next change.
            let _ = self.watch_input_folders();
            return Some(if changes.everything {
                Vec::new()
            } else {
                changes.paths
            });
        }
    }

    /// Drops every watch and sets them up again, for a site folder that was moved
    /// away and back: the old watches follow the folder, not its path.
    fn watch_again(&mut self) -> notify::Result<()> {
        let _ = self.debouncer.unwatch(&self.root);
        for dir in std::mem::take(&mut self.watched) {
            let _ = self.debouncer.unwatch(&dir);
        }
        self.debouncer
            .watch(&self.root, RecursiveMode::NonRecursive)?;
        self.watch_input_folders()?;
        self.lost = false;
        Ok(())
    }

    fn sort(&self, batch: DebounceEventResult, changes: &mut Changes) {
        match batch {
            Ok(events) => {
                for event in events {
                    self.sort_event(&event, changes);
                }
            }
            // Errors include an overflowing event queue: events were lost, so assume
            // anything may have changed.
            Err(_) => {
                changes.any = true;
                changes.everything = true;
            }
        }
    }

    fn sort_event(&self, event: &DebouncedEvent, changes: &mut Changes) {
        if event.need_rescan() {
            changes.any = true;
            changes.everything = true;
            return;
        }
        // The site folder itself moved or went away.
        if matches!(
            event.kind,
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
        ) && event.paths.iter().any(|p| p == &self.root)
        {
            changes.lost = true;
        }
        match event.kind {
            // Builds open and read every input: those events must not cause another
            // build, or serve would rebuild forever. Closing a file written to is the
            // one access that is a change.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return,
            _ => {}
        }
        for path in &event.paths {
            if let Some(rel) = self.input_path(path)
                && !changes.paths.contains(&rel)
            {
                changes.any = true;
                changes.paths.push(rel);
            }
        }
    }

    /// The path relative to the site folder, if it is an input a build reads.
    fn input_path(&self, path: &Path) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let first = match rel.components().next()? {
            Component::Normal(name) => name,
            _ => return None,
        };
        let is_input = first == OsStr::new(SETTINGS_FILE)
            || INPUT_DIRS.iter().any(|dir| first == OsStr::new(dir));
        let name = rel.file_name()?.to_string_lossy();
        (is_input && !is_editor_temporary(&name)).then(|| rel.to_path_buf())
    }
}

/// What a group of events amounts to.
#[derive(Default)]
struct Changes {
    any: bool,
    /// The site folder itself was moved or removed.
    lost: bool,
    everything: bool,
    paths: Vec<PathBuf>,
}

/// Files that editors write beside the one being edited while saving: swap, backup,
/// autosave and lock files. Builds never read them (none has an input's extension),
/// so they need no rebuild. Vim also probes a folder by creating a file called `4913`.
fn is_editor_temporary(name: &str) -> bool {
    name.starts_with(".#")
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporaries_are_not_inputs() {
        for name in [
            ".index.md.swp",
            "index.md~",
            "#index.md#",
            "4913",
            ".#index.md",
        ] {
            assert!(is_editor_temporary(name), "{name}");
        }
        for name in ["index.md", "2015-16.csv", "site.yaml", "01-referrals.yaml"] {
            assert!(!is_editor_temporary(name), "{name}");
        }
    }

    #[test]
    fn only_the_settings_file_and_input_folders_are_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let watcher = InputWatcher::start(&root, Duration::from_millis(10)).unwrap();
        let input = |rel: &str| watcher.input_path(&root.join(rel));
        assert_eq!(input("site.yaml"), Some(PathBuf::from("site.yaml")));
        assert_eq!(
            input("content/editions/2015-12/index.md"),
            Some(PathBuf::from("content/editions/2015-12/index.md"))
        );
        assert!(input("data/monthly/2015-16.csv").is_some());
        assert!(input("themes/default/templates/base.html").is_some());
        assert_eq!(input("public/index.html"), None);
        assert_eq!(input("target/debug/scorecard"), None);
        assert_eq!(input("README.md"), None);
        assert_eq!(input("content/editions/.index.md.swp"), None);
        assert_eq!(watcher.input_path(Path::new("/elsewhere/site.yaml")), None);
    }
}
