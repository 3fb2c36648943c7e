//! Reading a site folder: the only code that reads input files.
//!
//! Each loader parses one kind of file into the model and reports every problem it
//! finds as a [`Diagnostic`] instead of stopping at the first.

mod content;
mod monthly;
mod sections;
mod settings;
mod theme;
mod yaml;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;

pub use theme::Theme;

/// The name of the settings file at the top of a site folder.
pub const SETTINGS_FILE: &str = "site.yaml";

/// The folders of a site that a build reads, besides the settings file. `serve`
/// watches exactly these, so a new kind of input must be added here.
pub const INPUT_DIRS: &[&str] = &["content", "data", "themes"];

/// Everything a build needs from disk.
#[derive(Debug)]
pub struct Input {
    pub site: Site,
    pub theme: Theme,
}

/// Loads and validates a site folder. Returns `None` when errors leave nothing to
/// build; every problem, error or warning, is added to `diagnostics`.
pub fn site(root: &Path, diagnostics: &mut Diagnostics) -> Option<Input> {
    let files = SiteFiles { root };
    let settings = settings::load(&files, diagnostics);
    let fy_start = settings.as_ref().map_or(4, |s| s.financial_year_start);
    let mut sections = sections::load(&files, fy_start, diagnostics);
    monthly::load(&files, &mut sections, diagnostics);
    let (editions, pages) = content::load(&files, &sections, diagnostics);
    let theme_name = settings.as_ref().map_or("default", |s| s.theme.as_str());
    let theme = theme::load(&files, theme_name, diagnostics);
    let settings = settings?;
    if diagnostics.has_errors() {
        return None;
    }
    Some(Input {
        site: Site {
            settings,
            sections,
            editions,
            pages,
        },
        theme: theme?,
    })
}

/// Paths inside the site folder, and how they are named in messages.
struct SiteFiles<'a> {
    root: &'a Path,
}

impl SiteFiles<'_> {
    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// The path as a person should see it: relative to the site folder.
    fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    /// Reads a text file, reporting a missing or non-UTF-8 file as a diagnostic.
    fn read(&self, path: &Path, diagnostics: &mut Diagnostics) -> Option<String> {
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(mut text) => {
                    // A byte-order mark from Windows editors is not content.
                    if text.starts_with('\u{feff}') {
                        text.remove(0);
                    }
                    Some(text)
                }
                Err(e) => {
                    let offset = e.utf8_error().valid_up_to();
                    let bytes = e.as_bytes();
                    let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                    diagnostics.push(
                        Diagnostic::error(self.display(path), "the file is not valid UTF-8 text")
                            .at_line(line)
                            .with_hint("save it as UTF-8 (in Excel: \"CSV UTF-8\")"),
                    );
                    None
                }
            },
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    self.display(path),
                    format!("cannot read the file: {e}"),
                ));
                None
            }
        }
    }

    /// The files directly or indirectly under `dir` whose name ends with `extension`,
    /// sorted by path so that every build sees them in the same order.
    fn files_under(&self, dir: &str, extension: &str) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(self.path(dir))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == extension))
            .collect();
        files.sort();
        files
    }
}

/// Checks that an id can safely become part of a web address and a file path.
pub(crate) fn is_safe_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}
