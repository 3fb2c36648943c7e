//! Reading a site folder: the only code that reads input files.
//!
//! Each loader parses one kind of file into the model and reports every problem it
//! finds as a [`Diagnostic`] instead of stopping at the first.

mod breakdowns;
mod checks;
mod columns;
mod content;
pub mod inputs;
mod limits;
mod monthly;
mod sections;
mod settings;
mod theme;
mod wide;
mod workbook;
mod yaml;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex};
use crate::model::fingerprint::{Fingerprint, Hasher};
use crate::model::{Section, Site};

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
    site_reusing(root, None, diagnostics)
}

/// What a load may take from the loads before it: `serve` keeps one, so that only the
/// commentary files that changed are parsed and checked again, and the settings,
/// definitions and data are read again only when one of their files changed.
#[derive(Default)]
pub struct Cache {
    commentary: content::Cache,
    data: Option<(Fingerprint, Arc<Data>)>,
    /// What reading the data again may reuse, when one of its files changed.
    reading: Reading,
    /// The input files the caller read for the next load (see [`Cache::read_already`]).
    contents: Option<inputs::Contents>,
    /// The months of editions with no figure that the last load found, for the data
    /// it was loaded with (known by its allocation, held so that no other data can
    /// take its place) and the editions' months: a save of commentary alone need not
    /// look through every indicator's figures again.
    missing: Option<(std::sync::Weak<Data>, Vec<crate::model::Month>, Diagnostics)>,
}

impl Cache {
    /// Gives the next load the input files as the caller read them to fingerprint
    /// them, so that it takes their bytes from `contents` rather than opening each
    /// again. The load checks them as it checks what it reads from disk.
    pub fn read_already(&mut self, contents: inputs::Contents) {
        self.contents = Some(contents);
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("commentary", &self.commentary)
            .field("data", &self.data.as_ref().map(|(key, _)| key))
            .field(
                "definitions",
                &self.reading.definitions.as_ref().map(|(key, _)| key),
            )
            .field("rows", &self.reading.rows)
            .finish()
    }
}

/// What reading the settings, the definitions and the data may take from the reading
/// before it: a figure edited in one CSV file parses neither `site.yaml`, the section
/// files nor the other CSV files again. The rows of every file are still taken into
/// the series and checked, in order, as each depends on the definitions and on the
/// rows before it.
#[derive(Default)]
struct Reading {
    /// The settings and the definitions, by the fingerprint of their files.
    definitions: Option<(Fingerprint, Definitions)>,
    rows: monthly::Cache,
}

/// What reading the settings and the section files gave, before any data row, with
/// the problems found in them.
#[derive(Clone)]
struct Definitions {
    settings: Option<settings::Loaded>,
    sections: sections::Loaded,
    diagnostics: Diagnostics,
}

/// What reading the settings, the definitions and the data gave, with the problems
/// found in them: all that a load reads before the commentary.
struct Data {
    settings: Option<settings::Loaded>,
    /// The sections with their indicators' series, shared with each site loaded from
    /// them rather than copied.
    sections: Arc<Vec<Section>>,
    /// Where each indicator is defined, by id, for problems found later.
    places: HashMap<String, crate::diagnostics::Place>,
    unread: Unread,
    months: monthly::Months,
    diagnostics: Diagnostics,
}

/// Loads the site as [`site`] does, taking from `cache` what an earlier load found in
/// each commentary file whose text, and what it is checked against, are unchanged,
/// and the settings, definitions and data when none of their files changed.
pub fn site_reusing(
    root: &Path,
    cache: Option<&mut Cache>,
    diagnostics: &mut Diagnostics,
) -> Loaded {
    let mut cache = cache;
    let contents = cache.as_mut().and_then(|cache| cache.contents.take());
    let files = SiteFiles {
        contents: contents.as_ref(),
        ..SiteFiles::new(root)
    };
    let (data, commentary_cache, missing_cache) = match cache {
        None => (Arc::new(read_data(&files, None, diagnostics)), None, None),
        Some(cache) => {
            let logo = cache.data.as_ref().and_then(|(_, data)| {
                let logo = data.settings.as_ref()?.settings.brand.logo.as_ref()?;
                Some(logo.source.clone())
            });
            let key = files_key(&files, "data", logo.as_deref());
            let data = match (&cache.data, key) {
                (Some((seen, data)), Some(key)) if *seen == key => Arc::clone(data),
                _ => {
                    let mut found = Diagnostics::new();
                    let data = read_data(&files, Some(&mut cache.reading), &mut found);
                    let data = Arc::new(Data {
                        diagnostics: found,
                        ..data
                    });
                    // Only a load without errors is kept: an error may be a file
                    // that could not be read, which the key cannot tell apart.
                    cache.data = match key {
                        Some(key) if !data.diagnostics.has_errors() => {
                            Some((key, Arc::clone(&data)))
                        }
                        _ => None,
                    };
                    data
                }
            };
            diagnostics.extend(data.diagnostics.clone());
            (data, Some(&mut cache.commentary), Some(&mut cache.missing))
        }
    };
    let known = content::Known {
        sections: &data.sections,
        unread: &data.unread,
        months: &data.months,
    };
    let (editions, pages, commentary) =
        content::load(&files, &known, commentary_cache, diagnostics);
    if data.months.complete {
        let months: Vec<crate::model::Month> = editions.iter().map(|e| e.month).collect();
        match missing_cache {
            Some(Some((seen, seen_months, found)))
                if std::sync::Weak::ptr_eq(seen, &Arc::downgrade(&data))
                    && *seen_months == months =>
            {
                diagnostics.extend(found.clone());
            }
            Some(missing) => {
                let mut found = Diagnostics::new();
                checks::missing_months(&data.sections, &editions, &data.places, &mut found);
                diagnostics.extend(found.clone());
                *missing = Some((Arc::downgrade(&data), months, found));
            }
            None => checks::missing_months(&data.sections, &editions, &data.places, diagnostics),
        }
    }
    let settings = data.settings.as_ref();
    let theme_name = settings.map_or("default", |s| s.settings.theme.as_str());
    let theme_at = settings.and_then(|s| s.theme_at.as_ref());
    let theme = theme::load(&files, theme_name, theme_at, diagnostics);
    let input = match (settings, &theme) {
        (Some(settings), Some(theme)) if !diagnostics.has_errors() => Some(Input {
            site: Site {
                settings: settings.settings.clone(),
                sections: Arc::clone(&data.sections),
                editions,
                pages,
                commentary,
            },
            theme: theme.clone(),
        }),
        _ => None,
    };
    Loaded { input, theme }
}

/// Reads the settings, the definitions and the data, in that order, adding what is
/// wrong with them to `diagnostics` (the returned `diagnostics` is empty). With
/// `reading`, the settings and definitions are taken from it when none of their files
/// changed, and each CSV file parsed before with the same text is not parsed again.
fn read_data(
    files: &SiteFiles,
    mut reading: Option<&mut Reading>,
    diagnostics: &mut Diagnostics,
) -> Data {
    // The fingerprint of the definitions' files, when they were read without errors:
    // the rows taken into them before may be taken from the reading before.
    let mut definitions_key = None;
    let Definitions {
        settings,
        sections: mut loaded,
        ..
    } = match reading.as_deref_mut() {
        None => read_definitions(files, diagnostics),
        Some(reading) => {
            let logo = reading.definitions.as_ref().and_then(|(_, definitions)| {
                let logo = definitions
                    .settings
                    .as_ref()?
                    .settings
                    .brand
                    .logo
                    .as_ref()?;
                Some(logo.source.clone())
            });
            let key = files_key(files, sections::SECTIONS_DIR, logo.as_deref());
            let definitions = match (&reading.definitions, key) {
                (Some((seen, definitions)), Some(key)) if *seen == key => definitions.clone(),
                _ => {
                    let mut found = Diagnostics::new();
                    let definitions = read_definitions(files, &mut found);
                    let definitions = Definitions {
                        diagnostics: found,
                        ..definitions
                    };
                    // As with the data: only a reading without errors is kept.
                    reading.definitions = match key {
                        Some(key) if !definitions.diagnostics.has_errors() => {
                            Some((key, definitions.clone()))
                        }
                        _ => None,
                    };
                    definitions
                }
            };
            diagnostics.extend(definitions.diagnostics.clone());
            definitions_key = key.filter(|_| !definitions.diagnostics.has_errors());
            definitions
        }
    };
    let breakdowns = rules(settings.as_ref()).breakdowns;
    let layouts = settings.as_ref().map_or(&[][..], |s| &s.layouts[..]);
    let months = monthly::load(
        files,
        &mut loaded.sections,
        &loaded.unread,
        layouts,
        &breakdowns,
        reading.map(|r| (&mut r.rows, definitions_key)),
        diagnostics,
    );
    breakdowns::finish(
        &mut loaded.sections,
        &months.totals,
        &loaded.places,
        diagnostics,
    );
    Data {
        settings,
        sections: Arc::new(loaded.sections),
        places: loaded.places,
        unread: loaded.unread,
        months,
        diagnostics: Diagnostics::new(),
    }
}

/// What the settings say about reading the section files and the data.
fn rules(settings: Option<&settings::Loaded>) -> sections::Rules {
    sections::Rules {
        fy_start: settings.map_or(4, |s| s.settings.financial_year_start),
        benchmark_keys: settings
            .map_or_else(crate::model::BenchmarkColumn::defaults, |s| {
                s.settings.benchmarks.clone()
            })
            .into_iter()
            .map(|c| c.key)
            .collect(),
        breakdowns: settings
            .map(|s| s.settings.breakdowns.clone())
            .unwrap_or_default(),
    }
}

/// Reads the settings and the section files, adding what is wrong with them to
/// `diagnostics` (the returned `diagnostics` is empty).
fn read_definitions(files: &SiteFiles, diagnostics: &mut Diagnostics) -> Definitions {
    let settings = settings::load(files, diagnostics);
    let sections = sections::load(files, &rules(settings.as_ref()), diagnostics);
    Definitions {
        settings,
        sections,
        diagnostics: Diagnostics::new(),
    }
}

/// The fingerprint of `site.yaml`, of everything under the folder `dir` and of the
/// logo `logo` that the settings named: what the settings and definitions (with the
/// sections' folder) or the data (with `data/`) are read from. The files are taken as
/// the build record fingerprints them ([`inputs::fingerprint_of`]), the logo by
/// [`inputs::file`]. `None` when a symlink or an unreadable file is among them, or the
/// logo lies outside the site folder: then they are read again, and checked as every
/// load checks them.
fn files_key(files: &SiteFiles, dir: &'static str, logo: Option<&str>) -> Option<Fingerprint> {
    let mut h = Hasher::new();
    h.fingerprint(match files.contents {
        Some(contents) => contents.fingerprint_under(dir),
        None => inputs::fingerprint_of(files.root, &[dir])?,
    });
    if let Some(logo) = logo {
        h.bytes(logo.as_bytes())
            .fingerprint(inputs::file(files.root, logo)?);
    }
    Some(h.finish())
}

/// What is known of section files that could not be read, so that the rows and
/// commentary that refer to them are still checked without repeating their errors.
#[derive(Debug, Default, Clone)]
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

/// Paths inside the site folder, and how they are named in messages. Every read goes
/// through here, so that nothing outside the site folder is read through a symlink.
struct SiteFiles<'a> {
    root: &'a Path,
    /// The site folder with symlinks resolved, which every file read must lie in;
    /// `None` when the folder cannot be found, which reading `site.yaml` reports.
    canonical: Option<PathBuf>,
    /// The input files as the caller already read them, taken in place of reading
    /// them again (see [`Cache::read_already`]).
    contents: Option<&'a inputs::Contents>,
}

impl SiteFiles<'_> {
    fn new(root: &Path) -> SiteFiles<'_> {
        SiteFiles {
            root,
            canonical: std::fs::canonicalize(root).ok(),
            contents: None,
        }
    }

    /// A file's bytes as the caller already read them, if it did. Those files were
    /// found by a walk of the input folders that refuses any symlink on the way, so
    /// they lie in the site folder and need no check that they lead out of it.
    fn already_read(&self, path: &Path) -> Option<Vec<u8>> {
        self.contents.and_then(|contents| {
            let relative = path.strip_prefix(self.root).ok()?.to_str()?;
            // The contents name files with `/` between their parts, as Windows paths
            // are written with `\\`; elsewhere `\\` may be part of a file's name.
            match cfg!(windows) {
                true => contents.bytes(&relative.replace('\\', "/")),
                false if relative.contains('\\') => None,
                false => contents.bytes(relative),
            }
            .map(<[u8]>::to_vec)
        })
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// The path as a person should see it: relative to the site folder.
    fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    /// Reads a text file, reporting a missing or non-UTF-8 file as a diagnostic.
    fn read(&self, path: &Path, diagnostics: &mut Diagnostics) -> Option<String> {
        let bytes = self.read_bytes(path, diagnostics)?;
        // UTF-16, as Windows tools save "Unicode" text, is not valid UTF-8 with its
        // byte-order mark, and without one its English text passes for UTF-8 with a
        // zero byte after each letter: either way it is not what we read.
        if is_utf16(&bytes) {
            diagnostics.push(
                Diagnostic::error(self.display(path), "the file is UTF-16 text, not UTF-8")
                    .unreadable()
                    .with_hint(utf8_hint(path)),
            );
            return None;
        }
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                // A byte-order mark from Windows editors is not content.
                if text.starts_with('\u{feff}') {
                    text.remove(0);
                }
                // Old Mac editors end lines with a carriage return alone. Each becomes
                // a line feed, byte for byte, so offsets and line numbers still agree
                // with the file, and the parsers see the lines they expect.
                if text.contains('\r') {
                    text = lone_carriage_returns_to_line_feeds(&text);
                }
                Some(text)
            }
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let lines = LineIndex::new(bytes);
                let line = lines.line_at(offset);
                let column = lines.line(line).chars().count() + 1;
                let mut d =
                    Diagnostic::error(self.display(path), "the file is not valid UTF-8 text")
                        .at_index(&lines, line, column)
                        .unreadable()
                        .with_hint(utf8_hint(path));
                // The line is quoted up to the first byte that is not UTF-8.
                d.source_line = Some(lines.line(line).to_string());
                diagnostics.push(d);
                None
            }
        }
    }

    /// An error when `path`, under the site folder, leads out of it through a symlink,
    /// naming the link and where it points. A file outside the site folder could be
    /// anything on the machine (`/etc/passwd`, `/proc/self/environ`), and a build
    /// publishes what it reads, so such a link is refused rather than followed.
    fn leads_out(&self, path: &Path) -> Option<Diagnostic> {
        let root = self.canonical.as_ref()?;
        let target = std::fs::canonicalize(path).ok()?;
        if target.starts_with(root) {
            return None;
        }
        // Name the first link on the way down that leads out, not the file under it.
        let relative = path.strip_prefix(self.root).unwrap_or(path);
        let mut link = self.root.to_path_buf();
        for component in relative.components() {
            link.push(component);
            let is_link = std::fs::symlink_metadata(&link).is_ok_and(|m| m.is_symlink());
            if is_link && std::fs::canonicalize(&link).is_ok_and(|t| !t.starts_with(root)) {
                break;
            }
        }
        let points_to = std::fs::read_link(&link).unwrap_or(target);
        Some(
            Diagnostic::error(
                self.display(&link),
                format!(
                    "`{}` is a symlink to `{}`, outside the site folder: scorecard does not read or publish files outside the site",
                    self.display(&link).display(),
                    points_to.display()
                ),
            )
            .unreadable()
            .with_hint("copy the file or folder into the site folder in place of the link"),
        )
    }

    /// Reads a file that [`SiteFiles::read`] could not, as far as it can be read,
    /// replacing what is not UTF-8: only to learn the ids it defines, so that what
    /// refers to them is not reported as well.
    fn read_leniently(&self, path: &Path) -> Option<String> {
        // Nothing is read through a link out of the site, not even leniently.
        if self.leads_out(path).is_some() {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        if is_utf16(&bytes) {
            let units = bytes.chunks_exact(2).map(|pair| {
                match bytes.starts_with(&[0xfe, 0xff]) || (pair[0] == 0 && pair[1] != 0) {
                    true => u16::from_be_bytes([pair[0], pair[1]]),
                    false => u16::from_le_bytes([pair[0], pair[1]]),
                }
            });
            return Some(
                char::decode_utf16(units)
                    .map(|c| c.unwrap_or('\u{fffd}'))
                    .collect(),
            );
        }
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Reads a file's bytes, refusing one reached through a symlink out of the site.
    fn read_bytes(&self, path: &Path, diagnostics: &mut Diagnostics) -> Option<Vec<u8>> {
        if let Some(bytes) = self.already_read(path) {
            return Some(bytes);
        }
        if let Some(d) = self.leads_out(path) {
            diagnostics.push(d);
            return None;
        }
        match std::fs::read(path) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(self.display(path), format!("cannot read the file: {e}"))
                        .unreadable(),
                );
                None
            }
        }
    }

    /// Every file under the folder `dir` that a build may read, sorted by path so that
    /// every build sees them in the same order. Hidden and editor files are left out
    /// ([`is_hidden_or_backup`]). Symlinks are followed only while they stay inside the
    /// site folder: a link to a folder outside it is reported and not entered, and a
    /// link to a file outside it is listed, so that reading it reports it and the
    /// caller treats it as a file that could not be read.
    fn walk(&self, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
        if let Some(d) = self.leads_out(dir) {
            diagnostics.push(d);
            return Vec::new();
        }
        let mut files = Vec::new();
        let mut entries = walkdir::WalkDir::new(dir).follow_links(true).into_iter();
        while let Some(entry) = entries.next() {
            let Ok(entry) = entry else { continue };
            let is_dir = entry.file_type().is_dir();
            if entry.depth() > 0 && is_hidden_or_backup(entry.file_name()) {
                if is_dir {
                    entries.skip_current_dir();
                }
                continue;
            }
            if is_dir {
                if entry.depth() > 0
                    && entry.path_is_symlink()
                    && let Some(d) = self.leads_out(entry.path())
                {
                    diagnostics.push(d);
                    entries.skip_current_dir();
                }
            } else if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
        files.sort();
        files
    }

    /// The files under the site's folder `dir` whose name ends with `extension`, as
    /// [`SiteFiles::walk`] finds them.
    fn files_under(
        &self,
        dir: &str,
        extension: &str,
        diagnostics: &mut Diagnostics,
    ) -> Vec<PathBuf> {
        let mut files = self.walk(&self.path(dir), diagnostics);
        files.retain(|p| p.extension().is_some_and(|e| e == extension));
        files
    }
}

/// Whether a file or folder is hidden or an editor's or system's leftover, which a
/// build neither reads nor publishes: `.env`, `.git`, `.style.css.swp`, `style.css~`,
/// `#notes.md#`, `~$report.docx`, `.DS_Store`, `Thumbs.db`, `desktop.ini`.
pub fn is_hidden_or_backup(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with("~$")
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"]
            .iter()
            .any(|e| lower.ends_with(e))
        || ["thumbs.db", "ehthumbs.db", "desktop.ini"].contains(&lower.as_str())
}

/// Replaces each carriage return not followed by a line feed with a line feed.
fn lone_carriage_returns_to_line_feeds(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '\r' if bytes.get(i + 1) != Some(&b'\n') => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

/// What to do about a file that is not UTF-8, in the words of the program that
/// probably saved it: Excel for CSV, a text editor for the rest.
fn utf8_hint(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => "save it as UTF-8 (in Excel: Save As, \"CSV UTF-8\")",
        _ => "save it as UTF-8 (in the editor's Save As, choose the encoding \"UTF-8\")",
    }
}

/// Whether bytes look like UTF-16: a UTF-16 byte-order mark, or, in the first
/// hundred pairs of bytes, a zero byte in the same half of most pairs, as ASCII text
/// saved as UTF-16 has and UTF-8 text never does.
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return true;
    }
    let pairs: Vec<&[u8]> = bytes.chunks_exact(2).take(100).collect();
    if pairs.len() < 2 {
        return false;
    }
    let zero_first = pairs.iter().filter(|p| p[0] == 0 && p[1] != 0).count();
    let zero_second = pairs.iter().filter(|p| p[1] == 0 && p[0] != 0).count();
    zero_first.max(zero_second) * 2 > pairs.len()
}

/// Whether a name is one Windows keeps for a device (`con`, `aux`, `nul`, `prn`,
/// `com1` to `com9`, `lpt1` to `lpt9`), with or without an extension: a folder or
/// file of the built site so named cannot be created, copied or opened there.
pub(crate) fn is_reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "aux" | "nul" | "prn")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && matches!(stem.as_bytes()[3], b'1'..=b'9'))
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
