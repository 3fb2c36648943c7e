//! Reads the commentary under `content/`: edition covers, section analysis and free pages.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use super::limits::{MARKDOWN_BYTES, MARKDOWN_DEPTH};
use super::{SiteFiles, Unread, is_reserved_on_windows, is_safe_slug, monthly, yaml};
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex};
use crate::model::fingerprint::{Fingerprint, Hasher};
use crate::model::shortcode::{self, Figure};
use crate::model::{
    Commentary, Edition, Indicator, Month, Page, Section, YtdMethod, control_name, is_date,
    is_stray_control,
};
use crate::routes;

const CONTENT_DIR: &str = "content";
const EDITIONS_DIR: &str = "content/editions";
const PAGES_DIR: &str = "content/pages";

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawCover {
    status: String,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    author: Option<String>,
    /// The date a published edition was last corrected, `YYYY-MM-DD`.
    #[serde(default)]
    updated: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAnalysis {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: String,
}

/// What the commentary is checked against.
pub(super) struct Known<'a> {
    pub sections: &'a [Section],
    pub unread: &'a Unread,
    pub months: &'a monthly::Months,
}

/// What reading each edition's Markdown file found, kept by `serve` from one load to
/// the next so that only the files that changed are parsed and checked again. Reading
/// a file depends on its text and on what it is checked against ([`Known`]), so an
/// entry is used only when both are as they were: the file is still read to tell.
#[derive(Debug, Default)]
pub struct Cache {
    files: HashMap<PathBuf, (Fingerprint, Arc<EditionFile>)>,
    /// What the last load found, by the fingerprint of every file under `content/`
    /// (paths and bytes, as the inputs were read) and of what they are checked
    /// against: a save that changed neither, such as a figure's, takes it whole
    /// rather than reading and putting together every edition again.
    loaded: Option<(Fingerprint, Arc<Commentaries>)>,
}

/// What loading the commentary found: the editions, the free pages, every file's
/// Markdown with its place, and the problems, none of them an error.
#[derive(Debug)]
struct Commentaries {
    editions: Vec<Edition>,
    pages: Vec<Page>,
    commentary: Vec<Commentary>,
    diagnostics: Diagnostics,
}

/// What one edition file gave: its part of the edition, its commentary with its
/// place, and the problems found in it.
#[derive(Debug, Clone)]
struct EditionFile {
    found: Found,
    /// The latest month a shortcode of what was found names.
    named: Option<Month>,
    commentary: Option<Commentary>,
    diagnostics: Diagnostics,
}

#[derive(Debug, Clone)]
enum Found {
    /// The cover's front matter and summary.
    Cover(RawCover, String),
    /// A section's analysis, by section id. Shared, so that the edition made of it
    /// on every reload takes the text without copying it out of the cache.
    Analysis(String, Arc<str>),
    /// Nothing usable: the problems say why.
    Nothing,
}

impl std::fmt::Debug for RawCover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawCover").finish_non_exhaustive()
    }
}

/// Reads the editions and the free pages, and every file's Markdown with its place.
/// With `cache`, an edition file whose text, and what it is checked against, are as
/// the cache saw them is taken from it rather than parsed again, and the cache is
/// brought up to date.
pub(super) fn load(
    files: &SiteFiles,
    known: &Known,
    cache: Option<&mut Cache>,
    diagnostics: &mut Diagnostics,
) -> (Vec<Edition>, Vec<Page>, Vec<Commentary>) {
    let Some(cache) = cache else {
        let mut commentary = Vec::new();
        let editions = editions(files, known, None, None, &mut commentary, diagnostics);
        let pages = pages(files, known, &mut commentary, diagnostics);
        return (editions, pages, commentary);
    };
    let checked_against = known_fingerprint(known);
    // The files are known by what the caller read of them; without that reading
    // (the inputs could not all be read), nothing is taken whole.
    let key = files.contents.map(|contents| {
        Hasher::new()
            .fingerprint(checked_against)
            .fingerprint(contents.fingerprint_under(CONTENT_DIR))
            .finish()
    });
    if let (Some(key), Some((seen, loaded))) = (key, &cache.loaded)
        && *seen == key
    {
        diagnostics.extend(loaded.diagnostics.clone());
        return (
            loaded.editions.clone(),
            loaded.pages.clone(),
            loaded.commentary.clone(),
        );
    }
    let mut found = Diagnostics::new();
    let mut commentary = Vec::new();
    let editions = editions(
        files,
        known,
        Some(cache),
        Some(checked_against),
        &mut commentary,
        &mut found,
    );
    let pages = pages(files, known, &mut commentary, &mut found);
    // Only a load without errors is kept: an error may be a file that could not be
    // read, which the key cannot tell apart.
    cache.loaded = key.filter(|_| !found.has_errors()).map(|key| {
        let loaded = Commentaries {
            editions: editions.clone(),
            pages: pages.clone(),
            commentary: commentary.clone(),
            diagnostics: found.clone(),
        };
        (key, Arc::new(loaded))
    });
    diagnostics.extend(found);
    (editions, pages, commentary)
}

/// The Markdown `body` of `text`, a file's whole text, with its file and first line.
fn commentary(file: &Path, text: &str, body: &str) -> Commentary {
    let start = body.as_ptr() as usize - text.as_ptr() as usize;
    Commentary {
        file: file.to_path_buf(),
        first_line: LineIndex::new(text).line_at(start),
        text: Arc::from(body),
    }
}

/// The editions, from every edition file, each parsed unless `cache` has it for
/// `checked_against`, the fingerprint of `known`.
fn editions(
    files: &SiteFiles,
    known: &Known,
    cache: Option<&mut Cache>,
    checked_against: Option<Fingerprint>,
    sources: &mut Vec<Commentary>,
    diagnostics: &mut Diagnostics,
) -> Vec<Edition> {
    // Group the Markdown files by their edition folder.
    let mut folders: BTreeMap<Month, Vec<std::path::PathBuf>> = BTreeMap::new();
    for path in files.files_under(EDITIONS_DIR, "md", diagnostics) {
        let display = files.display(&path);
        let folder = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .unwrap_or("");
        match folder.parse::<Month>() {
            Ok(month)
                if path.parent().and_then(Path::parent) == Some(&files.path(EDITIONS_DIR)) =>
            {
                folders.entry(month).or_default().push(path)
            }
            _ => diagnostics.push(
                Diagnostic::error(
                    &display,
                    "commentary must be in a folder named after its edition's month",
                )
                .with_hint(
                    "put it in content/editions/YYYY-MM/, such as content/editions/2015-12/",
                ),
            ),
        }
    }
    // Every file is read, and parsed unless the cache has it, on every core; what
    // each gave is then taken in folder and file order, as if read one by one.
    let earlier = cache.as_deref();
    let all: Vec<(Month, &PathBuf)> = folders
        .iter()
        .flat_map(|(month, paths)| paths.iter().map(move |path| (*month, path)))
        .collect();
    let read: Vec<(Diagnostics, Option<Keyed>)> = all
        .par_iter()
        .map(|&(month, path)| {
            let mut problems = Diagnostics::new();
            let Some(text) = files.read(path, &mut problems) else {
                return (problems, None);
            };
            let key = checked_against.map(|known| {
                Hasher::new()
                    .fingerprint(known)
                    .bytes(text.as_bytes())
                    .finish()
            });
            if let (Some(key), Some(cache)) = (key, earlier)
                && let Some((seen, file)) = cache.files.get(path)
                && *seen == key
            {
                return (problems, Some((Some(key), Arc::clone(file))));
            }
            let file = Arc::new(edition_file(files, path, &text, month, known));
            (problems, Some((key, file)))
        })
        .collect();
    let mut read = all.iter().zip(read);
    if let Some(cache) = cache {
        // The cache keeps the files read this time, and forgets those gone.
        let mut kept = HashMap::with_capacity(all.len());
        let mut taken = Vec::with_capacity(all.len());
        for ((_, path), (problems, file)) in read.by_ref() {
            if let Some((Some(key), file)) = &file {
                kept.insert((*path).clone(), (*key, Arc::clone(file)));
            }
            taken.push((problems, file.map(|(_, file)| file)));
        }
        cache.files = kept;
        return assemble(files, known, &folders, taken, sources, diagnostics);
    }
    let taken = read
        .map(|(_, (problems, file))| (problems, file.map(|(_, file)| file)))
        .collect();
    assemble(files, known, &folders, taken, sources, diagnostics)
}

/// What an edition file gave, with the cache's key for it when there is a cache.
/// Shared with the cache, so that a file it keeps is copied once, into the site.
type Keyed = (Option<Fingerprint>, Arc<EditionFile>);

/// The fingerprint of what an edition file is checked against: the sections and
/// their indicators' ids, year-to-date methods and the months each has a figure for,
/// what is known of unreadable files, and the months with data.
fn known_fingerprint(known: &Known) -> Fingerprint {
    let mut h = Hasher::new();
    h.number(known.sections.len() as u64);
    for section in known.sections {
        h.bytes(section.id.as_bytes())
            .number(section.indicators.len() as u64);
        for indicator in &section.indicators {
            h.bytes(indicator.id.as_bytes()).debug(&indicator.ytd);
            // Each month as numbers: writing out the text of each of the site's
            // figures' months cost an allocation for every one on every save.
            for (month, observation) in &indicator.series {
                if observation.value.is_some() {
                    h.number(u64::from(month.month()))
                        .number(month.year() as u64);
                }
            }
            h.number(u64::MAX);
        }
    }
    let sorted = |set: &std::collections::HashSet<String>| {
        let mut items: Vec<&String> = set.iter().collect();
        items.sort();
        format!("{items:?}")
    };
    h.debug(&known.unread.files)
        .bytes(sorted(&known.unread.sections).as_bytes())
        .bytes(sorted(&known.unread.indicators).as_bytes())
        .debug(&known.months.complete)
        .debug(&known.months.with_data);
    h.finish()
}

/// Reads one edition file, `text` at `path`, of the edition of `month`.
fn edition_file(
    files: &SiteFiles,
    path: &Path,
    text: &str,
    month: Month,
    known: &Known,
) -> EditionFile {
    let sections = known.sections;
    let display = files.display(path);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let mut diagnostics = Diagnostics::new();
    let mut made = EditionFile {
        found: Found::Nothing,
        named: None,
        commentary: None,
        diagnostics: Diagnostics::new(),
    };
    if stem == "index" {
        if let Some((front, body)) = front_matter(text, &display, &mut diagnostics)
            && within_limits(text, body, &display, &mut diagnostics)
        {
            check_shortcodes(text, body, &display, month, known, &mut diagnostics);
            made.commentary = Some(commentary(&display, text, body));
            if let Some(raw) = yaml::parse::<RawCover>(front, &display, 1, &mut diagnostics) {
                if let Some(updated) = raw.updated.as_deref().filter(|d| !is_date(d)) {
                    diagnostics.push(
                        Diagnostic::error(&display, format!("`updated: {updated}` is not a date"))
                            .with_hint("write the date of the correction as YYYY-MM-DD, such as 2016-02-10"),
                    );
                }
                let summary = without_stray_controls(text, body, &display, &mut diagnostics);
                made.named = latest_named(summary.trim());
                made.found = Found::Cover(raw, summary);
            }
        }
    } else if sections.iter().any(|s| s.id == stem) || known.unread.sections.contains(stem) {
        let body = match text.starts_with("---") {
            true => match front_matter(text, &display, &mut diagnostics) {
                Some((front, body)) => {
                    yaml::parse::<Option<RawAnalysis>>(front, &display, 1, &mut diagnostics);
                    Some(body)
                }
                None => None,
            },
            false => Some(text),
        };
        if let Some(body) = body
            && within_limits(text, body, &display, &mut diagnostics)
        {
            check_shortcodes(text, body, &display, month, known, &mut diagnostics);
            check_passages(text, body, &display, stem, known, &mut diagnostics);
            made.commentary = Some(commentary(&display, text, body));
            let body = without_stray_controls(text, body, &display, &mut diagnostics);
            made.named = latest_named(body.trim());
            made.found = Found::Analysis(stem.to_string(), Arc::from(body.trim()));
        }
    } else {
        let ids: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();
        let hint = match ids.as_slice() {
            [] => "name the file after a section id; no section could be read".to_string(),
            ids => format!("name the file after a section id: {}", ids.join(", ")),
        };
        diagnostics.push(
            Diagnostic::error(
                &display,
                format!("commentary for an unknown section `{stem}`"),
            )
            .with_hint(format!("{hint}{}", known.unread.note())),
        );
    }
    made.diagnostics = diagnostics;
    made
}

/// The latest month a shortcode of `text`, as the edition keeps it, names.
fn latest_named(text: &str) -> Option<Month> {
    shortcode::scan(text)
        .into_iter()
        .filter_map(|code| code.ok()?.month)
        .max()
}

/// Puts the editions together from what each of their files gave (`read`, in the
/// order of `folders`' files), in month order.
fn assemble(
    files: &SiteFiles,
    known: &Known,
    folders: &BTreeMap<Month, Vec<PathBuf>>,
    read: Vec<(Diagnostics, Option<Arc<EditionFile>>)>,
    sources: &mut Vec<Commentary>,
    diagnostics: &mut Diagnostics,
) -> Vec<Edition> {
    let sections = known.sections;
    let mut read = read.into_iter();
    let mut editions = Vec::new();
    for (&month, paths) in folders {
        let mut cover = None;
        // A cover that exists but has errors is reported as such, not as missing.
        let mut cover_file = false;
        let mut analysis = Vec::new();
        let mut named = None;
        for path in paths {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            // A cover that cannot be read is reported as such, not also as missing.
            cover_file |= stem == "index";
            let Some((problems, file)) = read.next() else {
                break;
            };
            diagnostics.extend(problems);
            let Some(file) = file else {
                continue;
            };
            // The cache keeps the file's reading: its parts are shared or copied
            // out of it, and the texts, most of what it holds, are shared.
            diagnostics.extend(file.diagnostics.clone());
            sources.extend(file.commentary.iter().cloned());
            match &file.found {
                Found::Cover(raw, summary) => {
                    cover = Some((raw.clone(), summary.clone(), file.named))
                }
                Found::Analysis(id, body) => {
                    analysis.push((id.clone(), Arc::clone(body)));
                    named = named.max(file.named);
                }
                Found::Nothing => {}
            }
        }
        let folder = files.display(&files.path(EDITIONS_DIR).join(month.to_string()));
        let Some((raw, summary, named_in_summary)) = cover else {
            if cover_file {
                continue;
            }
            diagnostics.push(
                Diagnostic::error(
                    folder.join("index.md"),
                    format!("the {} edition has no cover", month.long_name()),
                )
                .with_hint("add index.md with front matter `status:` (and `created:`, `author:`)"),
            );
            continue;
        };
        if known.months.complete && !known.months.with_data.contains(&month) {
            diagnostics.push(
                Diagnostic::error(folder.join("index.md"), format!("the {} edition has no data at all for {month}", month.long_name()))
                    .with_hint("add that month's rows to a CSV file under data/monthly/, or check the folder name"),
            );
        }
        // Analysis follows the report's section order, not file-name order.
        analysis.sort_by_key(|(id, _)| sections.iter().position(|s| &s.id == id));
        editions.push(Edition {
            month,
            status: raw.status,
            created: raw.created,
            author: raw.author,
            updated: raw.updated,
            summary: summary.trim().to_string(),
            analysis,
            named: named.max(named_in_summary),
        });
    }
    if editions.is_empty() && diagnostics.error_count() == 0 {
        diagnostics.push(
            Diagnostic::error(EDITIONS_DIR, "the site has no editions")
                .with_hint("add content/editions/YYYY-MM/index.md for the month you are reporting"),
        );
    }
    editions
}

fn pages(
    files: &SiteFiles,
    known: &Known,
    sources: &mut Vec<Commentary>,
    diagnostics: &mut Diagnostics,
) -> Vec<Page> {
    let mut pages = Vec::new();
    for path in files.files_under(PAGES_DIR, "md", diagnostics) {
        let display = files.display(&path);
        let slug = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if is_reserved_on_windows(&slug) {
            diagnostics.push(
                Diagnostic::error(
                    &display,
                    format!("page name `{slug}` is a name Windows reserves for a device"),
                )
                .with_hint(
                    "the built page could not be copied to or opened on Windows; rename the file",
                ),
            );
            continue;
        }
        if !is_safe_slug(&slug) {
            diagnostics.push(
                Diagnostic::error(
                    &display,
                    format!("page name `{slug}` cannot be used in a web address"),
                )
                .with_hint(
                    "name page files with lower-case letters, digits and `-`, such as about.md",
                ),
            );
            continue;
        }
        if let Some(clash) = address_clash(&slug, known) {
            diagnostics.push(
                Diagnostic::error(
                    &display,
                    format!("the page `{slug}` would take the address of {clash}"),
                )
                .with_hint(format!(
                    "rename the file; page names must not be a month (YYYY-MM), a section id, or one of {}",
                    routes::reserved_names().join(", ")
                )),
            );
            continue;
        }
        let Some(text) = files.read(&path, diagnostics) else {
            continue;
        };
        let Some((front, body)) = front_matter(&text, &display, diagnostics) else {
            continue;
        };
        if !within_limits(&text, body, &display, diagnostics) {
            continue;
        }
        if let Some(raw) = yaml::parse::<RawPage>(front, &display, 1, diagnostics) {
            sources.push(commentary(&display, &text, body));
            let body = without_stray_controls(&text, body, &display, diagnostics);
            pages.push(Page {
                slug,
                title: raw.title,
                body: body.trim().to_string(),
            });
        }
    }
    pages
}

/// What a free page named `slug`, published at `/<slug>/`, would replace or be
/// mistaken for: an edition's page, a section, or a page or folder scorecard makes.
fn address_clash(slug: &str, known: &Known) -> Option<String> {
    if let Ok(month) = slug.parse::<Month>() {
        return Some(format!(
            "the {} edition's report, `{month}/`",
            month.long_name()
        ));
    }
    if known.sections.iter().any(|s| s.id == slug) || known.unread.sections.contains(slug) {
        return Some(format!("the section `{slug}`"));
    }
    routes::reserved(slug).map(str::to_string)
}

/// Checks that a Markdown file is no larger and its `body` (a slice of the file's
/// `text`) nests no deeper than the limits that keep rendering it quick, reporting the
/// file or the line where it first goes too deep. Returns whether it is within them.
fn within_limits(text: &str, body: &str, file: &Path, diagnostics: &mut Diagnostics) -> bool {
    if text.len() > MARKDOWN_BYTES {
        diagnostics.push(
            Diagnostic::error(
                file,
                format!(
                    "the file is {} KB; a Markdown file may be at most {} KB",
                    text.len().div_ceil(1024),
                    MARKDOWN_BYTES / 1024
                ),
            )
            .with_hint("split the commentary into shorter files or pages, or link to a large table as a download"),
        );
        return false;
    }
    let Some(at) = crate::render::markdown::too_deep(body, MARKDOWN_DEPTH) else {
        return true;
    };
    let start = body.as_ptr() as usize - text.as_ptr() as usize;
    let line = LineIndex::new(text).line_at(start + at);
    diagnostics.push(
        Diagnostic::error(
            file,
            format!("the Markdown nests more than {MARKDOWN_DEPTH} deep here"),
        )
        .at(text, line, 1)
        .with_hint(format!(
            "quotes, lists, emphasis and HTML elements inside one another may go {MARKDOWN_DEPTH} deep; flatten them, or check for a `>`, `-` or `<div>` repeated by mistake"
        )),
    );
    false
}

/// The Markdown `body` (a slice of the file's `text`) without its stray control
/// characters, with a warning for each line that held one. In commentary they are
/// removed rather than refused: they are invisible, come from pasting from a word
/// processor, and the text reads the same without them.
fn without_stray_controls(
    text: &str,
    body: &str,
    file: &Path,
    diagnostics: &mut Diagnostics,
) -> String {
    let stray = super::limits::stray_controls(body, false);
    if stray.is_empty() {
        return body.to_string();
    }
    let start = body.as_ptr() as usize - text.as_ptr() as usize;
    let offset = LineIndex::new(text).line_at(start) - 1;
    for (line, column, c) in stray {
        diagnostics.push(
            Diagnostic::warning(file, format!("{} was removed from the commentary", control_name(c)))
                .at(text, line + offset, column)
                .with_hint("delete it from the file: it is invisible, and usually comes from pasting from a word processor"),
        );
    }
    body.chars().filter(|&c| !is_stray_control(c)).collect()
}

/// Checks every shortcode in `body` (a slice of the file's `text`) against the data,
/// so that a figure quoted in the narrative always exists.
fn check_shortcodes(
    text: &str,
    body: &str,
    file: &Path,
    edition: Month,
    known: &Known,
    diagnostics: &mut Diagnostics,
) {
    // The body is a slice of the text: its offset gives the line it starts on.
    let lines = LineIndex::new(text);
    let start = body.as_ptr() as usize - text.as_ptr() as usize;
    let offset = lines.line_at(start) - 1;
    for found in shortcode::scan(body) {
        let (line, column, message, hint) = match found {
            Err(e) => (
                e.line,
                e.column,
                e.message,
                "see \"Figures in the commentary\" in docs/format.md".to_string(),
            ),
            Ok(code) => {
                let month = code.month.unwrap_or(edition);
                let indicator = known
                    .sections
                    .iter()
                    .flat_map(|s| &s.indicators)
                    .find(|i| i.id == code.indicator);
                let problem = match indicator {
                    None if known.unread.indicators.contains(&code.indicator) => None,
                    None => Some((
                        format!("no indicator has the id `{}`", code.indicator),
                        format!("use an id from data/sections/{}", known.unread.note()),
                    )),
                    Some(_) if month > edition => Some((
                        format!(
                            "the {} edition cannot quote {month}, a later month",
                            edition.long_name()
                        ),
                        "an edition shows only what was known at its month end".to_string(),
                    )),
                    Some(i)
                        if let Some((dimension, name)) = &code.member
                            && let Some(problem) =
                                member_problem(i, code.figure, dimension, name) =>
                    {
                        Some(problem)
                    }
                    Some(i) if i.is_qualitative() && !code.figure.quotes_a_judgement() => Some((
                        format!(
                            "indicator {} is qualitative, judged in words, so `{}` has nothing to show",
                            i.id,
                            code.figure.name()
                        ),
                        format!(
                            "quote its judgement with {{{{ value {id} }}}}, or the month before's with {{{{ previous {id} }}}}",
                            id = i.id
                        ),
                    )),
                    // When a CSV file could not be read, the judgement may be in it.
                    Some(i)
                        if i.is_qualitative()
                            && known.months.complete
                            && i.judgement(month).is_none() =>
                    {
                        Some((
                            format!("indicator {} has no judgement for {month}", i.id),
                            format!(
                                "add a judgement for {} and {month} under data/monthly/, or quote another month",
                                i.id
                            ),
                        ))
                    }
                    Some(i) if i.is_qualitative() => None,
                    Some(i) if code.figure == Figure::Ytd && i.ytd == YtdMethod::None => Some((
                        format!("indicator {} has no year to date (its `ytd` is none)", i.id),
                        "set `ytd:` for the indicator, or quote its value".to_string(),
                    )),
                    // When a CSV file could not be read, the figure may be in it.
                    Some(i)
                        if known.months.complete
                            && code.figure != Figure::Ytd
                            && match &code.member {
                                Some((d, name)) => i
                                    .member_named(d, name)
                                    .is_none_or(|m| m.value(month).is_none()),
                                None => i.value(month).is_none(),
                            } =>
                    {
                        let whose = match &code.member {
                            Some((d, name)) => format!("indicator {}, {d} {name},", i.id),
                            None => format!("indicator {}", i.id),
                        };
                        Some((
                            format!("{whose} has no figure for {month}"),
                            format!(
                                "add a row for {} and {month} under data/monthly/, or quote another month",
                                i.id
                            ),
                        ))
                    }
                    Some(_) => None,
                };
                match problem {
                    Some((message, hint)) => (code.line, code.column, message, hint),
                    None => continue,
                }
            }
        };
        let line = line + offset;
        diagnostics.push(
            Diagnostic::error(file, message)
                .at_index(&lines, line, column)
                .with_hint(hint),
        );
    }
}

/// What is wrong with a shortcode's `dimension=name` for indicator `i`: the indicator
/// is not broken down by that dimension, or it has no such member.
fn member_problem(
    i: &Indicator,
    figure: Figure,
    dimension: &str,
    name: &str,
) -> Option<(String, String)> {
    let Some(b) = &i.breakdown else {
        return Some((
            format!(
                "indicator {} is not broken down, so `{dimension}={name}` names nothing",
                i.id
            ),
            "leave the member out, or add `breakdown:` to the indicator's definition".to_string(),
        ));
    };
    // Dimensions are matched ignoring capitals, as data files' headings are.
    if !b.dimension.key.eq_ignore_ascii_case(dimension) {
        return Some((
            format!(
                "indicator {} is broken down by {}, not {dimension}",
                i.id, b.dimension.key
            ),
            format!("write {}=<member>", b.dimension.key),
        ));
    }
    if b.dimension.member(name).is_none() {
        return Some((
            format!("`{name}` is not a member of the dimension `{dimension}`"),
            format!(
                "the members of `{dimension}` are {} (a member is named by its key, or by a label without spaces)",
                b.dimension.keys()
            ),
        ));
    }
    (figure == Figure::Rag && !b.member_targets).then(|| {
        (
            format!(
                "the members of {} are not rated, so `rag` has nothing to show for `{dimension}={name}`",
                i.id
            ),
            format!(
                "add `member_targets: true` to the indicator's breakdown: `breakdown: {{ by: {}, member_targets: true }}`",
                b.dimension.key
            ),
        )
    })
}

/// Checks that every passage of a section's commentary `body` (a slice of the file's
/// `text`) is attached to indicators of that section, so that none is lost from the
/// page or shown beside another section's measure.
fn check_passages(
    text: &str,
    body: &str,
    file: &Path,
    section: &str,
    known: &Known,
    diagnostics: &mut Diagnostics,
) {
    let split = crate::render::markdown::split_passages(body);
    if split.passages.is_empty() {
        return;
    }
    let lines = LineIndex::new(text);
    let start = body.as_ptr() as usize - text.as_ptr() as usize;
    let own: Vec<&str> = known
        .sections
        .iter()
        .filter(|s| s.id == section)
        .flat_map(|s| s.indicators.iter().map(|i| i.id.as_str()))
        .collect();
    for passage in &split.passages {
        let line = lines.line_at(start + passage.marker_at);
        let line_start = text[..start + passage.marker_at]
            .rfind('\n')
            .map_or(0, |k| k + 1);
        let column = text[line_start..start + passage.marker_at].chars().count() + 1;
        let problem = |message: String, hint: String| {
            Diagnostic::error(file, message)
                .at_index(&lines, line, column)
                .with_hint(hint)
        };
        if passage.ids.is_empty() {
            diagnostics.push(problem(
                "the braces ending this heading name no indicator".into(),
                "write the ids of the indicators the passage discusses, such as `### Referrals {2.2 2.3}`, or remove the braces".into(),
            ));
        }
        for id in &passage.ids {
            if own.contains(id) {
                continue;
            }
            let elsewhere = known
                .sections
                .iter()
                .find(|s| s.indicators.iter().any(|i| i.id == *id));
            let message = match elsewhere {
                Some(s) => format!(
                    "the passage is attached to indicator {id}, which is in the section `{}`, not `{section}`",
                    s.id
                ),
                None if known.unread.indicators.contains(*id) => continue,
                None => format!("the passage is attached to `{id}`, but no indicator has that id"),
            };
            let hint = match own.as_slice() {
                [] => "a heading ending in `{ids}` attaches its passage to those indicators; see \"Commentary beside its indicators\" in docs/format.md".to_string(),
                ids => format!(
                    "attach it to indicators of this section: {}; see \"Commentary beside its indicators\" in docs/format.md",
                    ids.join(", ")
                ),
            };
            diagnostics.push(problem(message, hint));
        }
    }
}

/// Splits `---` front matter from the Markdown body.
fn front_matter<'t>(
    text: &'t str,
    file: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(&'t str, &'t str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"));
    let Some(rest) = rest else {
        diagnostics.push(
            Diagnostic::error(file, "the file does not start with front matter")
                .at(text, 1, 1)
                .with_hint(
                    "start the file with a line `---`, the settings, and another line `---`",
                ),
        );
        return None;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    diagnostics.push(
        Diagnostic::error(file, "the front matter is not closed")
            .at(text, 1, 1)
            .with_hint("end the front matter with a line `---`"),
    );
    None
}
