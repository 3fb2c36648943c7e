//! Reading a site folder: the only code that reads input files.
//!
//! Each loader parses one kind of file into the model and reports every problem it
//! finds as a [`Diagnostic`] instead of stopping at the first.

mod checks;
mod content;
mod limits;
mod monthly;
mod sections;
mod settings;
mod theme;
mod yaml;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, LineCounter};
use crate::model::Site;

pub use settings::base_url_problem;
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

/// What loading gives back: the site when it has no errors, and the theme whenever it
/// could be read, so that its templates are checked in the same run as the data.
#[derive(Debug)]
pub struct Loaded {
    pub input: Option<Input>,
    pub theme: Option<Theme>,
}

/// Loads and validates a site folder. Every problem, error or warning, is added to
/// `diagnostics`; `input` is `None` when there are errors.
pub fn site(root: &Path, diagnostics: &mut Diagnostics) -> Loaded {
    let files = SiteFiles { root };
    let settings = settings::load(&files, diagnostics);
    let fy_start = settings
        .as_ref()
        .map_or(4, |s| s.settings.financial_year_start);
    let sections::Loaded {
        mut sections,
        places,
        unread,
    } = sections::load(&files, fy_start, diagnostics);
    let months = monthly::load(&files, &mut sections, &unread, diagnostics);
    let known = content::Known {
        sections: &sections,
        unread: &unread,
        months: &months,
    };
    let (editions, pages) = content::load(&files, &known, diagnostics);
    if months.complete {
        checks::missing_months(&sections, &editions, &places, diagnostics);
    }
    let theme_name = settings
        .as_ref()
        .map_or("default", |s| s.settings.theme.as_str());
    let theme_at = settings.as_ref().and_then(|s| s.theme_at.as_ref());
    let theme = theme::load(&files, theme_name, theme_at, diagnostics);
    let input = match (settings, &theme) {
        (Some(settings), Some(theme)) if !diagnostics.has_errors() => Some(Input {
            site: Site {
                settings: settings.settings,
                sections,
                editions,
                pages,
            },
            theme: theme.clone(),
        }),
        _ => None,
    };
    Loaded { input, theme }
}

/// What is known of section files that could not be read, so that the rows and
/// commentary that refer to them are still checked without repeating their errors.
#[derive(Debug, Default)]
pub(crate) struct Unread {
    /// The files, named in hints.
    pub files: Vec<PathBuf>,
    /// Section and indicator ids read leniently from them.
    pub sections: HashSet<String>,
    pub indicators: HashSet<String>,
}

impl Unread {
    /// The end of a hint about an unknown id: it may be defined in a broken file.
    pub fn note(&self) -> String {
        if self.files.is_empty() {
            return String::new();
        }
        let files: Vec<String> = self.files.iter().map(|f| f.display().to_string()).collect();
        format!(
            "; or it is defined in {}, which could not be read (see its error)",
            files.join(", ")
        )
    }
}

/// Entry points that parse one file's text without touching the filesystem, for the
/// fuzz targets under `fuzz/`. Not part of the supported interface.
#[doc(hidden)]
pub mod fuzz {
    use std::sync::LazyLock;

    use crate::diagnostics::Diagnostics;
    use crate::model::Section;

    /// Sections with indicators 1.1 (count), 1.2 (percentage) and 1.3 (rate), so CSV
    /// rows reach every check.
    const SECTION: &str = "id: s\ntitle: S\norder: 1\nindicators:\n  - { id: \"1.1\", title: A, polarity: info, unit: count, ytd: sum }\n  - { id: \"1.2\", title: B, polarity: high, unit: percentage, ytd: ratio }\n  - { id: \"1.3\", title: C, polarity: low, unit: rate }\n";

    /// Reads `text` as a section file.
    pub fn section_yaml(text: &str) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        super::sections::parse_text(text, &mut diagnostics);
        diagnostics
    }

    /// The sections above, parsed once: they are the same for every input.
    static SECTIONS: LazyLock<Vec<Section>> = LazyLock::new(|| {
        let mut diagnostics = Diagnostics::new();
        let sections = super::sections::parse_text(SECTION, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics}");
        sections.into_iter().collect()
    });

    /// Reads `text` as a monthly CSV file.
    pub fn monthly_csv(text: &str) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        let mut sections = SECTIONS.clone();
        super::monthly::parse_text(text, &mut sections, &mut diagnostics);
        diagnostics
    }
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
                    let line = LineCounter::new(bytes).line_at(offset);
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
