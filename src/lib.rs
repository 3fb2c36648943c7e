//! scorecard turns a council's performance data into its monthly performance report:
//! YAML indicator definitions, CSV monthly figures and Markdown commentary in, a
//! static HTML site with SVG trend charts out.
//!
//! # Bird's-eye view
//!
//! A build is a pipeline, and the source tree follows it:
//!
//! ```text
//! load ──► model ──► compute ─────────► render ──────────► write
//! (files)  (Site)    (EditionFigures,   (an edition's     (public/)
//!                     one per edition)   files at a time)
//! ```
//!
//! 1. [`load`] reads the site folder into a [`model::Site`], collecting every problem
//!    as a [`diagnostics::Diagnostic`] rather than stopping at the first.
//! 2. [`compute`] is a stage: for each edition, [`compute::EditionFigures::compute`]
//!    takes the data as it stood at that edition ([`model::Site::as_of`]) and works
//!    out once every figure any output shows: each indicator's value, previous month,
//!    year to date, direction of travel on the month and on the year, RAG rating and
//!    its reason, changes with their words (up, similar, down), 12-month figures,
//!    the months its tables and chart show (the site's monthly window) with the year to date and the
//!    target in force at each (docs/charts.md), each month's count, note and
//!    revision (against [`compute::FirstPublished`], what the earliest edition
//!    showing a month published, worked out once from the full site), outturns,
//!    the position against each of the site's benchmarks and lifecycle (an old or a new measure: `compute::Stage`),
//!    and the edition's counts and exceptions; for a measure broken down by team or
//!    locality, each member's figures by the same code (`compute::BreakdownFigures`),
//!    its corrections too.
//!    It also makes the words
//!    for a band, a rating and a direction, so they agree everywhere. Pure, no IO.
//! 3. [`render`] only reads and formats those figures: view structs with formatted
//!    values (one file per page kind in `render/view/`), Tera templates that only
//!    place them, charts behind [`render::chart`], report.json and report.csv, and
//!    the shortcodes in commentary. Every address comes from `routes`.
//!    [`render::site`] renders a few editions at a time, each by
//!    `render::Renderer::edition` (its snapshot, figures, pages, charts and data
//!    files), hands their files on and keeps only what the link check needs of them
//!    (paths, each page's ids and links: `render::links::Scans`); the site's own pages
//!    (`render::Renderer::site_files`) come last, but for the home page, made beside
//!    the editions from the newest edition's snapshot and figures, which that
//!    edition's own pages share. An edition's body (its overview and summary
//!    tables) is made once, for its own page, and turned into the template engine's
//!    values once (`render::templates::Shared`); its printable report and the home
//!    page share those values but for their links, made again from there
//!    (`Route::relink`). The printable report's sections are turned into those values
//!    section by section while the body is made (`render::Drawing`), and the report,
//!    the longest page, is started first among its edition's pages.
//!    The memory a build holds does not grow with the number of editions.
//! 4. [`write`](mod@write) writes each edition's files into a staging copy beside the
//!    output as they come, and swaps the copy in atomically once the whole site is
//!    rendered and checked, after checking, before anything is rendered, that the
//!    folder is one it may replace.
//!
//! A build keeps a record of its run in the output's marker ([`write::record`]): the
//! fingerprints of the program, the options and every input file ([`load::inputs`]),
//! of each edition's inputs ([`compute::edition_keys`]), and a stamp of the files it
//! wrote. The next build into the same folder first compares quick stamps: of the
//! program's and the inputs' metadata ([`load::inputs::stamp`], trusted only for
//! inputs that had settled) and of the output's folders; when both are as recorded,
//! it reads no input and writes nothing. Failing that it fingerprints the inputs'
//! contents and stamps every output file before loading anything: when nothing
//! changed and the output is as it was left, it writes nothing but the quick stamps
//! into the record. Otherwise [`render::site`] takes the files of each edition whose key is
//! unchanged from the previous output instead of rendering it, with the link scans of
//! its pages that the record keeps beside it (each page's ids and links), so that the
//! links of the whole site are checked as always without scanning those pages again.
//!
//! The commands `build`, `check` and `new` in `main.rs` are thin: they call
//! [`build`], [`check`] and [`new_site`] below and print what comes back. `serve` runs
//! the same pipeline through [`render_site_reusing`] after every save, and serves the
//! result from memory: a save that changed no input's content (by the same
//! fingerprint of the inputs `build` records) builds nothing; an edition whose key is
//! unchanged since the last successful build is neither rendered nor scanned, its
//! files and link scans kept from that build; and the pages of the editions rendered
//! again reuse the scans of pages whose bytes are unchanged (by a digest of each
//! page, not a copy). Within an edition rendered again, a section whose own key
//! ([`compute::section_keys`]: its commentary, and the figures of the indicators it
//! shows or quotes) is unchanged is not drawn again: its page, charts' data and part
//! of the printable report are kept from the build before (`render::Sections`, for
//! the newest editions and those just edited). A save opens only the inputs whose
//! metadata changed since the last (and had settled when read: the quick stamp's
//! rule), and the load takes every file's bytes from that reading
//! ([`load::inputs::Contents`]). Loading parses again only the
//! commentary files whose text, or what they are checked against, changed (and when
//! no file under `content/` changed, nor what it is checked against, takes the
//! commentary whole from the save before, as it takes the months of editions with
//! no figure when neither the data nor the editions' months changed); the
//! settings and definitions only when `site.yaml`, a section file or the logo
//! changed; and each CSV file only when its text did. When a data file changed, the
//! rows are taken into the series and checked again, in order, from the first file
//! that changed on: what the files before it gave (series, problems) is copied from
//! the save before, while the definitions are as they were ([`load::Cache`]). The
//! series are shared between the load's cache and the site, not copied; a save that
//! read no data takes each indicator's series as the edition keys last hashed them,
//! and one that did hashes again only the indicators whose figures or corrections
//! changed, compared bit for bit with those hashed (`compute::HashedSeries`), whose
//! fingerprints the section keys take too. The link check follows again only the links of pages whose
//! scan changed, and looks up where they arrive only for those pages while the
//! site's files and ids are unchanged (`render::links::Followed`). `check` keeps no
//! file once it is scanned.
//!
//! # Code map
//!
//! - `model/`: `Month`, `FinancialYear`, `Indicator` (polarity, unit, targets,
//!   series), `Section`, `Edition`, `Page`, `Settings`, `Brand` (with the WCAG
//!   contrast of a colour); `columns.rs` what the tables show (`SummaryColumn`, the
//!   monthly window, the site's `Words`, the change threshold, `LifecycleSettings`).
//!   An indicator's `id` keys its address and its data; its
//!   `reference` is what every output prints (`Indicator::number_in`), and a data row
//!   may name it by either (`Indicator::answers_to`). A qualitative indicator
//!   (`Kind::Qualitative`) has a `Judgement` a month in place of a value. `Unit`
//!   formats every figure and names the unit for panels and chart axes alike
//!   (`decimal.rs`: fixed decimals as `{:.N}` writes them, without its slow path).
//!   `SpcSettings` and `SpcChoice` say which indicators get SPC, and its rules.
//!   `breakdown.rs`: a `Dimension` (team, locality) and its `Member`s, and an
//!   indicator's `Breakdown`, whose each member is an `Indicator` with the measure's
//!   definition and the member's own series, so members are computed like measures;
//!   what the members make up of the total (`Breakdown::from_members`), which loading
//!   checks with and compute reports; a total no row gives is worked out for each
//!   edition in `Indicator::as_of` (`Indicator::derive_total`), after the members'
//!   corrections.
//! - `load/`: `mod.rs` (every read, refusing a symlink out of the site and skipping
//!   hidden and editor files), `settings.rs` (site.yaml), `sections.rs` (indicator YAML),
//!   `columns.rs` (site.yaml's `summary`, `monthly_window`, `words`,
//!   `change_threshold` and `lifecycle`), `monthly.rs` (CSV in long form, whose `value` cell
//!   reads the words a wide form's month cell does, `n/a` or "New measure from Aug 16",
//!   through the one `wide::words`; and every row into the series, a breakdown member's into the member's; a row outside a measure's
//!   `starts`/`ends` is a warning and left out), `breakdowns.rs` (`breakdowns:` and
//!   `breakdown_columns:`, and, once every row is read, the totals checked against
//!   their members, as first published and as each correcting edition sees them), `wide.rs` (wide form, one column per month, from CSV or a sheet, with the
//!   `data:` layouts), `workbook.rs` (an `.xlsx` sheet into cells, the only user of the
//!   workbook crate; the model never sees a spreadsheet), `content.rs` (Markdown and
//!   front matter), `theme.rs`,
//!   `checks.rs` (checks across files, such as an edition's month with no figure),
//!   `limits.rs` (the largest figure, Markdown size and depth, stray control
//!   characters: the limits that keep a build's worst case to seconds). Markdown
//!   nesting is measured by `render::markdown`, the one user of the Markdown parser.
//!   `yaml.rs` is the only user of the YAML crate. `load::fuzz` parses one file's
//!   text for the fuzz targets in `fuzz/`, its own workspace.
//! - `model/shortcode.rs`: the `{{ value 2.1 }}` figures written into commentary
//!   (of a qualitative measure, `value` and `previous` quote its judgement in words);
//!   `model/text.rs`: the control characters no published text may hold.
//! - `model/fingerprint.rs`: the 128-bit fingerprints the build record compares, the
//!   one user of the hash crate; `load/inputs.rs` fingerprints the input files and
//!   the program; `compute/edition_key.rs` each edition's inputs (each indicator's
//!   figures hashed once, up to each month, for all the editions) and each section's
//!   of an edition.
//! - `model/address.rs`: an indicator's anchor (`2.1` is `i-2-1`), in the model so
//!   that loading can refuse two ids that would share one.
//! - `compute/`: `edition.rs` (`EditionFigures`, the stage's output: every figure of
//!   one edition), `mod.rs` (`Figures`: one indicator in one month), `rag.rs` (where
//!   RAG is decided, and the words for each band and rating), `direction.rs`
//!   (direction of travel and its words), `aggregate.rs` (year to date, rolling and
//!   12-month figures), `benchmark.rs` (better or worse than each comparator),
//!   `exceptions.rs` (what an edition's exceptions page lists), `breakdown.rs` (each
//!   member's figures, the worst member and the months whose total disagrees), `spc.rs` (the XmR
//!   analysis: mean, limits, the Making Data Count rules, variation and assurance).
//! - `routes.rs`: the address scheme. `Route` names every page and file; its output
//!   path, its absolute address, the relative link to it from any other page (and a
//!   link made on one page, as another page would make it), and the section ids and
//!   page names a site may not use all come from there.
//! - `render/`: `view/` (view structs, one file per page kind: `edition.rs` for the
//!   edition and home pages, `columns.rs` for the cells of its summary tables, one
//!   match over the site's `SummaryColumn`s, `section.rs` (commentary passages go in the panels of
//!   the indicators their headings name), `print.rs`, `exceptions.rs`, `page.rs` for
//!   free pages and the 404 page, `feeds.rs` for the feed and sitemap, `spc.rs` for the
//!   SPC icons, the XmR chart and its words, shared by the other views; `breakdown.rs`
//!   for a measure's breakdown: its member table, its small multiples with their
//!   data by month (the members' corrections marked as the monthly table marks the
//!   measure's), the lines the panel's revisions note gives them, and the worst
//!   member in words for the overview, summary and exceptions; `mod.rs` for
//!   the layout and what they share), `markdown.rs` (Markdown and sanitising, and
//!   the split of a section's commentary into passages, which loading checks),
//!   `narrative.rs` (shortcodes expanded from the computed figures),
//!   `chart.rs` (plotters; `chart/canvas.rs` the drawing backend that writes a
//!   chart's SVG with each style said once; `chart/small_multiples.rs` a breakdown's
//!   small trends on one scale), `templates.rs` (Tera), `data.rs` (report.json and csv,
//!   each chart's csv), `styles.rs` (brand.css and each edition's print header).
//! - `render/links.rs`: the internal link and anchor checker, run by every check and
//!   build: each page is scanned as it is rendered (skipping what the chart module
//!   drew, which has no link), by byte searches where the HTML is plain
//!   (`links/plain.rs`) and by the HTML tokenizer where it is not, and the links
//!   across pages are checked once all are, each page's on any core; a broken link that the commentary made is
//!   reported once, at the Markdown line that made it (`model::Commentary` keeps each
//!   file's Markdown and place); `render/assets.rs`: fingerprinted stylesheets.
//! - `diagnostics.rs`: problems as values. Lines are found through a `LineIndex`
//!   built once per file, so reporting is linear in the input; a report puts causes
//!   first (a file that cannot be read, then definitions, data, commentary,
//!   templates, links: `Stage`), shows 20 of each kind per file and counts the rest,
//!   and prints quoted input escaped and cut, so that it cannot change the terminal.
//! - `write.rs`: the only code that writes files; it also decides which output folder
//!   a build may replace, and marks every output with [`write::MARKER`], which holds
//!   the build record (`write/record.rs`: reading it, the output's stamp, and the files
//!   of an unchanged edition read back for the next build).
//! - `timings.rs`: each phase's wall and CPU time for `--timings`; the phases are
//!   marked in [`build`] and `render_into` below, never in `compute` or `render`,
//!   which read no clock ([`render::site`] only says when its editions are done).
//! - `allocator.rs`: the global allocator the executables install (mimalloc: a build
//!   makes many small strings on several threads).
//! - `scaffold.rs`: the starter site `scorecard new` writes (files in `src/scaffold/`).
//! - `serve/`: `watch.rs` (file watching), `snapshot.rs` (the site in memory and the
//!   error page), `http.rs` (the local server and live-reload events).
//!
//! # Invariants
//!
//! - Only `load`, `write` and `serve` (which watches the inputs) touch the
//!   filesystem; `compute` and `render` do no IO, read no clock and use no
//!   randomness, so two builds of the same input are byte-identical.
//! - A figure is computed once per edition, by `compute`: render never works out a
//!   figure from the data, so every page, chart, CSV and JSON of an edition shows
//!   the same one. `tests/it/consistency.rs` checks it for every output.
//! - Templates never calculate: every number reaches them as formatted text.
//! - Every output path and link is made by `routes`; nothing else builds an address.
//! - No figure is infinite or beyond a million million: the loader refuses such
//!   figures, computed figures that overflow are no figure, and charts bound
//!   whatever they are given, so no input can make a build loop.
//! - Every page renders from the model alone; no page depends on another page.
//! - Each edition is computed from the data as it stood at its month
//!   ([`model::Site::as_of`], a snapshot of the figures alone, not of the commentary):
//!   a later month or correction never changes an old edition.
//! - A rebuild is byte-identical to a clean build: an edition's files are taken
//!   from the previous output only when its key (everything its pages read) is
//!   unchanged, the program is the same binary and every file of the output is as
//!   the last build left it; any doubt means the work is done again.
//!   `serve` reuses an edition on the same condition, from memory, and a section of
//!   an edition on the same condition for the section's own key.
//!   `tests/it/incremental.rs` checks both for each kind of edit. The one thing a
//!   build that finds nothing changed does not look for is a page of its own edited
//!   in place inside the output (it checks the output's folders, not each file:
//!   `write::record`); it writes nothing, and the next build with work to do
//!   replaces that page.
//! - A build holds the files of a few editions at a time, never the whole site: what
//!   outlives an edition's rendering is only what the link check, the sitemap and the
//!   feed need of it.
//! - A failed build writes nothing: the previous output is left untouched, and no
//!   staging copy is left beside it.
//! - A build replaces only a folder that is missing, empty or marked by
//!   [`write::MARKER`] as an earlier build; never the site folder, a folder holding it
//!   or one it reads. `check` and `serve` write nothing.
//! - `load` reads nothing outside the site folder: a symlink leading out of it is an
//!   error, checked on the resolved path at read time. Hidden and editor files are
//!   never read or published ([`load::is_hidden_or_backup`]).

pub mod allocator;
pub mod compute;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod render;
pub mod routes;
mod scaffold;
pub mod serve;
pub mod timings;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::Instant;

use diagnostics::{Diagnostic, Diagnostics};
use model::fingerprint::Fingerprint;
use timings::{Stopwatch, Timings};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `site.yaml`).
    pub site: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Overrides `base_url` from the settings, for previews.
    pub base_url: Option<String>,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Time each phase of the build, for [`BuildSummary::timings`].
    pub timings: bool,
}

/// What a successful build did, for the summary line.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub editions: usize,
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
    pub seconds: f64,
    pub warnings: Diagnostics,
    /// Nothing had changed since the last build, whose output is intact: nothing was
    /// loaded, rendered or written.
    pub unchanged: bool,
    /// Editions whose files were taken unchanged from the previous output rather
    /// than rendered again.
    pub reused_editions: usize,
    /// Each phase's wall and CPU time, when [`BuildOptions::timings`] asked for them.
    pub timings: Timings,
}

/// What a build may reuse from the builds before it. `serve` keeps one across its
/// rebuilds; a one-off build starts from nothing. Reuse never changes the outcome, only
/// the time it takes.
#[derive(Debug, Default)]
pub struct Reuse {
    /// The link checker's scans of the pages, so that only changed pages are rescanned.
    link_scans: render::links::Scans,
    /// Where the links of those pages lead, so that only changed pages' are followed.
    followed: render::links::Followed,
    /// What loading found in each commentary file, so that only changed files are
    /// parsed and checked.
    loaded: load::Cache,
    /// The sections of the newest editions as drawn, so that an edition rendered again
    /// draws only the sections whose keys changed.
    sections: render::Sections,
    /// The input files as last read, so that a save reads again only those whose
    /// metadata changed.
    contents: Option<load::inputs::Contents>,
    /// Each indicator's figures as the edition keys hashed them, so that a save that
    /// read no data does not hash every series again.
    series: compute::HashedSeries,
    /// What the last successful build was made from and kept of its editions.
    last: Option<LastBuild>,
}

/// The last successful build a [`Reuse`] saw, whose files the caller still holds.
#[derive(Debug)]
struct LastBuild {
    /// The fingerprint of its inputs (see [`Reuse::inputs`]).
    inputs: Fingerprint,
    /// The logo it read, by its path in the site folder.
    logo: Option<String>,
    /// Each edition's key, and what was kept of it, by month.
    editions:
        std::collections::HashMap<model::Month, (Fingerprint, std::sync::Arc<render::EditionPart>)>,
    /// Its warnings, shown again when nothing has changed.
    warnings: Diagnostics,
    pages: usize,
    charts: usize,
}

/// What stands for the program in the edition keys a [`Reuse`] keeps: it lives in one
/// process, so the program cannot change under it.
const IN_PROCESS: &[u8] = b"scorecard, in this process";

impl Reuse {
    /// The fingerprint of everything a build with `options` reads: the options, every
    /// input file and the logo `logo`, wherever it is in the site folder. `None` when
    /// one of them cannot be read.
    /// The input files are read once, for the fingerprint, and given with it, so that
    /// the load need not open them again.
    fn inputs(
        options: &BuildOptions,
        logo: Option<&str>,
        earlier: Option<&load::inputs::Contents>,
    ) -> Option<(Fingerprint, load::inputs::Contents)> {
        let contents = load::inputs::Contents::read(&options.site, earlier)?;
        let run = run_fingerprint_of(options, Fingerprint::of(IN_PROCESS), contents.fingerprint());
        let mut h = model::fingerprint::Hasher::new();
        h.fingerprint(run);
        if let Some(logo) = logo {
            h.bytes(logo.as_bytes())
                .fingerprint(load::inputs::file(&options.site, logo)?);
        }
        Some((h.finish(), contents))
    }
}

/// Loads, validates and renders the whole site into memory, as `serve` keeps it,
/// without writing anything, reusing what `reuse` holds from earlier builds and
/// keeping what this one can give the next. Returns the rendered output and the
/// warnings, or every problem found. With `options.strict`, warnings count as errors.
///
/// The output holds only the files made by this build: an edition whose key is the
/// same as in the last successful build with this `reuse` is neither rendered nor
/// scanned, and is named in [`render::Output::reused`]; its files are those the caller
/// was given then. When no input's content has changed since that build, nothing is
/// loaded or rendered and the output says [`render::Output::unchanged`].
pub fn render_site_reusing(
    options: &BuildOptions,
    reuse: &mut Reuse,
) -> Result<(render::Output, Diagnostics), Diagnostics> {
    let logo = reuse.last.as_ref().and_then(|last| last.logo.clone());
    let (inputs, contents) =
        Reuse::inputs(options, logo.as_deref(), reuse.contents.as_ref()).unzip();
    reuse.contents.clone_from(&contents);
    if let (Some(inputs), Some(last)) = (inputs, &reuse.last)
        && inputs == last.inputs
    {
        let mut reused: Vec<String> = last.editions.keys().map(|m| m.to_string()).collect();
        reused.sort();
        let output = render::Output {
            pages: last.pages,
            charts: last.charts,
            editions: last.editions.len(),
            reused,
            unchanged: true,
            ..render::Output::default()
        };
        return Ok((output, last.warnings.clone()));
    }
    if let Some(contents) = contents {
        reuse.loaded.read_already(contents);
    }
    let files = std::sync::Mutex::new(Vec::new());
    let take = |made: Vec<render::OutputFile>| {
        files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(made);
    };
    let Rendered {
        rendering,
        warnings: diagnostics,
        keys,
        logo: site_logo,
        ..
    } = render_into(
        options,
        Some(reuse),
        None,
        &take,
        &mut Stopwatch::new(false),
    )?;
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // The next build reuses the editions whose keys are the same as this one's.
    let editions = keys
        .into_iter()
        .zip(&rendering.parts)
        .map(|((month, key), part)| (month, (key, std::sync::Arc::clone(part))))
        .collect();
    reuse.last = Some(LastBuild {
        // An input that could not be fingerprinted: the next save builds again.
        inputs: inputs.unwrap_or_else(|| Fingerprint::of(&started_nanos())),
        logo: site_logo,
        editions,
        warnings: diagnostics.clone(),
        pages: rendering.pages,
        charts: rendering.charts,
    });
    let reused = rendering.kept.clone();
    let output = render::Output {
        files,
        pages: rendering.pages,
        charts: rendering.charts,
        editions: rendering.editions,
        reused,
        unchanged: false,
    };
    Ok((output, diagnostics))
}

/// The time now as bytes: a fingerprint nothing else can have.
fn started_nanos() -> [u8; 16] {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
        .to_le_bytes()
}

/// What a build that keeps a record knows before it loads the site.
struct Recording<'a> {
    /// The fingerprint of the program, which every edition's key includes.
    program: Fingerprint,
    /// The fingerprint of the run (see [`run_fingerprint`]).
    run: Fingerprint,
    /// The quick stamp of the run, taken before its fingerprint.
    stamp: Option<QuickStamp>,
    /// The previous build, when its output is intact.
    previous: Option<Previous<'a>>,
}

/// The quick stamp of a run: of the program, the inputs' metadata and the options.
struct QuickStamp {
    fingerprint: String,
    /// Whether every input had settled (see [`load::inputs::SETTLED`]).
    settled: bool,
    /// The logo it stamped, as the earlier record named it.
    logo: Option<String>,
}

/// The previous build a build may take unchanged editions from.
struct Previous<'a> {
    /// The output folder, checked intact against `record`.
    out: &'a Path,
    record: &'a write::record::Record,
}

/// A rendered site, with the record a build keeps of it.
struct Rendered {
    rendering: render::Rendering,
    warnings: Diagnostics,
    /// The record for the next build, when this one may be trusted to be repeated:
    /// the program and every input were fingerprinted and there were no warnings.
    record: Option<write::record::Record>,
    /// Editions whose files were taken from the previous output.
    reused_editions: usize,
    /// Each edition's month and key, when they were worked out.
    keys: Vec<(model::Month, Fingerprint)>,
    /// The logo that was read, by its path in the site folder.
    logo: Option<String>,
}

/// Loads, validates, renders and link-checks the site, handing its files to `take`
/// an edition at a time as they are made (see [`render::site`]). Returns what was
/// rendered and the warnings, or every problem found. With `reuse`, the link
/// checker's scans of an earlier build are reused and this build's are kept in it.
/// With `recording`, each edition whose key is unchanged since the previous build is
/// taken from its output, and the record of this build is made. `watch` times its
/// phases: load, keys, editions, site files and link check.
fn render_into(
    options: &BuildOptions,
    mut reuse: Option<&mut Reuse>,
    recording: Option<&Recording>,
    take: &(dyn Fn(Vec<render::OutputFile>) + Sync),
    watch: &mut Stopwatch,
) -> Result<Rendered, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let loaded = load::site_reusing(
        &options.site,
        reuse.as_mut().map(|r| &mut r.loaded),
        &mut diagnostics,
    );
    if let Some(base) = &options.base_url
        && let Some(problem) = load::base_url_problem(base)
    {
        diagnostics.push(
            Diagnostic::error("--base-url", format!("the address {problem}"))
                .with_hint("such as https://preview.example.gov.uk/ or /reports/"),
        );
    }
    watch.lap("load");
    let input = match loaded.input {
        Some(input) if !diagnostics.has_errors() => input,
        _ => {
            // The data has errors, but template errors are worth knowing in the same run.
            if let Some(theme) = &loaded.theme {
                diagnostics.extend(render::check_templates(theme));
            }
            diagnostics.sort();
            return Err(diagnostics);
        }
    };
    let mut site = input.site;
    if let Some(base) = &options.base_url {
        site.settings.base_url = if base.ends_with('/') {
            base.clone()
        } else {
            format!("{base}/")
        };
    }
    let none = render::links::Scans::default();
    let keep = reuse.is_some();
    // What a serving build keeps from the last one: the link scans of its pages, the
    // sections it drew, and its editions with their keys.
    let (earlier_scans, sections, kept, hashed) = match reuse.as_deref_mut() {
        Some(r) => (
            &r.link_scans,
            Some(&mut r.sections),
            r.last.as_ref(),
            Some(&mut r.series),
        ),
        None => (&none, None, None, None),
    };
    let scanning = render::ScanOptions {
        earlier: earlier_scans,
        keep,
    };
    // Each edition's key, when the build keeps a record, and whether the previous
    // build made its files from the same key.
    let program = match (recording, keep) {
        (Some(r), _) => Some(r.program),
        (None, true) => Some(Fingerprint::of(IN_PROCESS)),
        (None, false) => None,
    };
    let previous = recording.and_then(|r| r.previous.as_ref());
    // The link scans the previous build kept of its editions (megabytes of JSON at a
    // large site, parsed on one core) are read while the keys are worked out on the
    // others, and dropped below if no edition turns out to be unchanged.
    let mut hashed = hashed;
    let (keys, stored) = rayon::join(
        || {
            program.map(|program| {
                compute::edition_keys(&site, &input.theme, program, hashed.as_deref_mut())
            })
        },
        || previous.and_then(|Previous { out, .. }| write::record::read_scans(out)),
    );
    let unchanged: Vec<bool> = match (&keys, previous) {
        (Some(keys), Some(Previous { record, .. })) => site
            .editions
            .iter()
            .zip(keys)
            .map(|(edition, key)| {
                let (month, key) = (edition.month.to_string(), key.to_string());
                record
                    .editions
                    .iter()
                    .any(|(m, k)| *m == month && *k == key)
            })
            .collect(),
        _ => vec![false; site.editions.len()],
    };
    let stored = stored
        .filter(|_| unchanged.contains(&true))
        .unwrap_or_default();
    watch.lap("keys");
    // The files of an unchanged edition, as the previous build wrote them; if they
    // cannot be read, the edition is rendered after all.
    let earlier = |k: usize| {
        if let (Some(kept), Some(keys)) = (kept, &keys) {
            let (key, part) = kept.editions.get(&site.editions[k].month)?;
            return (*key == keys[k]).then(|| render::Earlier::Kept(std::sync::Arc::clone(part)));
        }
        let Previous { out, .. } = previous?;
        if !unchanged[k] {
            return None;
        }
        let month = site.editions[k].month.to_string();
        let files = write::record::files_under(out, &month).ok()?;
        Some(render::Earlier::Files(files, stored.get(&month).cloned()))
    };
    let mut editions_rendered = || watch.lap("editions");
    // The sections' keys take the indicators' figures as the edition keys hashed them.
    let sections = sections.zip(hashed.map(|hashed| hashed.figures()));
    let rendered = render::site(
        &site,
        &input.theme,
        scanning,
        sections,
        &earlier,
        take,
        &mut editions_rendered,
    );
    watch.lap("site files");
    let mut rendering = match rendered {
        Ok(rendering) => rendering,
        Err(errors) => {
            diagnostics.extend(errors);
            diagnostics.sort();
            return Err(diagnostics);
        }
    };
    // A broken link is found here, before the build publishes anything.
    let paths = rendering.paths().collect();
    let mut followed = render::links::Followed::default();
    diagnostics.extend(render::links::check_scanned(
        &paths,
        &rendering.scans,
        &site.settings.base_url,
        &site.commentary,
        reuse.as_mut().map_or(&mut followed, |r| &mut r.followed),
    ));
    watch.lap("link check");
    if let Some(reuse) = reuse {
        reuse.link_scans = std::mem::take(&mut rendering.scans);
    }
    diagnostics.sort();
    if diagnostics.fail(options.strict) {
        return Err(diagnostics);
    }
    // A build with warnings keeps no record, so the next one shows them again.
    let record = match (&keys, recording) {
        (Some(keys), Some(Recording { run, stamp, .. })) if diagnostics.is_empty() => {
            let logo = site.settings.brand.logo.as_ref().map(|logo| {
                let fingerprint = Fingerprint::of(&logo.bytes);
                (logo.source.clone(), fingerprint.to_string())
            });
            // The quick stamp stands for this run only if it covered the logo this
            // run read, and every input had settled.
            let inputs_stamp = stamp
                .as_ref()
                .filter(|s| s.settled && s.logo.as_ref() == logo.as_ref().map(|(l, _)| l))
                .map(|s| s.fingerprint.clone())
                .unwrap_or_default();
            Some(write::record::Record {
                run: run.to_string(),
                logo,
                editions: site
                    .editions
                    .iter()
                    .zip(keys)
                    .map(|(e, k)| (e.month.to_string(), k.to_string()))
                    .collect(),
                pages: rendering.pages,
                charts: rendering.charts,
                files: rendering.files(),
                output: String::new(),
                inputs_stamp,
                folders: Vec::new(),
                folders_stamp: String::new(),
            })
        }
        _ => None,
    };
    let keys = keys.map_or_else(Vec::new, |keys| {
        site.editions.iter().map(|e| e.month).zip(keys).collect()
    });
    Ok(Rendered {
        reused_editions: rendering.reused_editions,
        rendering,
        warnings: diagnostics,
        record,
        keys,
        logo: site.settings.brand.logo.as_ref().map(|l| l.source.clone()),
    })
}

/// The fingerprint of one build's run: the program, the options that change the
/// output, and every input file. `None` when one of them cannot be fingerprinted.
fn run_fingerprint(options: &BuildOptions, program: Fingerprint) -> Option<Fingerprint> {
    let inputs = load::inputs::fingerprint(&options.site)?;
    Some(run_fingerprint_of(options, program, inputs))
}

/// [`run_fingerprint`], given the fingerprint of the input files.
fn run_fingerprint_of(
    options: &BuildOptions,
    program: Fingerprint,
    inputs: Fingerprint,
) -> Fingerprint {
    model::fingerprint::Hasher::new()
        .fingerprint(program)
        .debug(&options.base_url)
        .debug(&options.strict)
        .fingerprint(inputs)
        .finish()
}

/// Builds the site into `options.out`. On any error nothing is published. An output
/// folder that a build must not replace is refused before anything is rendered. The
/// files are written into a staging copy beside the output as each edition is
/// rendered, and the copy replaces the output only when the whole site is written and
/// checked.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let started = Instant::now();
    let mut watch = Stopwatch::new(options.timings);
    let destination = write::Destination::check(&options.site, &options.out).map_err(|d| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(*d);
        diagnostics
    })?;
    let cannot_write = |e: std::io::Error, diagnostics: Diagnostics| {
        let mut diagnostics = diagnostics;
        diagnostics.push(Diagnostic::error(
            &options.out,
            format!("cannot write the site: {e}"),
        ));
        diagnostics
    };
    // The inputs are stamped, then fingerprinted, before anything is read, so that a
    // file changed while the site builds makes the next build do its work again.
    let out = destination.path();
    let earlier = write::record::read_unchecked(&out);
    let logo = earlier
        .as_ref()
        .and_then(|r| r.logo.as_ref())
        .map(|(source, _)| source.clone());
    // Both stamps are a few thousand metadata reads: on two threads, a large site
    // finds nothing changed in half the time. With no earlier build there is no
    // folder to check and nothing can be unchanged, so the program's fingerprint,
    // needed next, is read meanwhile (it is kept for the process).
    let (stamp, folders_intact) = rayon::join(
        || load::inputs::stamp(&options.site, logo.as_deref()),
        || match &earlier {
            Some(record) => write::record::folders_intact(&out, record),
            None => {
                load::inputs::program();
                false
            }
        },
    );
    let stamp = stamp.map(|s| QuickStamp {
        fingerprint: model::fingerprint::Hasher::new()
            .fingerprint(s.fingerprint)
            .debug(&options.base_url)
            .debug(&options.strict)
            .finish()
            .to_string(),
        settled: s.settled,
        logo: s.logo,
    });
    let unchanged = |record: &write::record::Record, mut watch: Stopwatch| BuildSummary {
        editions: record.editions.len(),
        pages: record.pages,
        charts: record.charts,
        files: record.files,
        seconds: started.elapsed().as_secs_f64(),
        warnings: Diagnostics::new(),
        unchanged: true,
        reused_editions: record.editions.len(),
        timings: {
            watch.lap("stamp");
            watch.finish()
        },
    };
    // The quick way to nothing changed: the inputs' metadata and the output's folders
    // as the last build left them (see `write::record` for what this trusts).
    if let (Some(record), Some(stamp)) = (&earlier, &stamp)
        && !record.inputs_stamp.is_empty()
        && record.inputs_stamp == stamp.fingerprint
        && folders_intact
    {
        destination.remove_leftovers();
        return Ok(unchanged(record, watch));
    }
    // The program's fingerprint is read on one core (the executable, megabytes) while
    // the output's files are stamped on the other.
    let ((program, run), record) = rayon::join(
        || {
            let program = load::inputs::program();
            (program, program.and_then(|p| run_fingerprint(options, p)))
        },
        || earlier.filter(|record| write::record::intact(&out, record)),
    );
    destination.remove_leftovers();
    if let (Some(run), Some(record)) = (run, &record)
        && record.run == run.to_string()
        && record.logo.as_ref().is_none_or(|(source, fingerprint)| {
            load::inputs::file(&options.site, source).is_some_and(|f| f.to_string() == *fingerprint)
        })
    {
        // The inputs had not settled when the record was made, or the output's
        // folders were touched and put back: now that the full check found them
        // unchanged, the record takes the quick stamps for the next build. If it
        // cannot be rewritten, the next build checks in full again.
        if let Some(stamp) = stamp.as_ref().filter(|s| s.settled && s.logo == logo)
            && let Some(folders) = write::record::folders_stamp(&out, &record.folders)
            && !record.folders.is_empty()
        {
            let mut record = record.clone();
            record.inputs_stamp.clone_from(&stamp.fingerprint);
            record.folders_stamp = folders.to_string();
            let _ = write::update_record(&out, &record);
        }
        return Ok(unchanged(record, watch));
    }
    let recording = match (program, run) {
        (Some(program), Some(run)) => Some(Recording {
            program,
            run,
            stamp,
            previous: record.as_ref().map(|record| Previous { out: &out, record }),
        }),
        _ => None,
    };
    let mut staging = destination
        .stage()
        .map_err(|e| cannot_write(e, Diagnostics::new()))?;
    watch.lap("stamp");
    // The first error writing a file; once there is one, nothing more is written.
    let failed = std::sync::Mutex::new(None);
    let first_failure = || {
        failed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    let take = |files: Vec<render::OutputFile>| {
        if first_failure().is_some() {
            return;
        }
        if let Err(e) = staging.add(&files) {
            first_failure().get_or_insert(e);
        }
    };
    let Rendered {
        rendering,
        warnings,
        record,
        reused_editions,
        ..
    } = render_into(options, None, recording.as_ref(), &take, &mut watch)?;
    let failed = failed
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(e) = failed {
        return Err(cannot_write(e, warnings));
    }
    if let Some(mut record) = record {
        // The link scans of every edition, so that the next build need not scan the
        // editions it takes from this output.
        let scans = write::record::scans_text(&record, &rendering.parts);
        if let Err(e) = staging.keep_record(&mut record, &scans) {
            return Err(cannot_write(e, warnings));
        }
    }
    watch.lap("record");
    if let Err(e) = staging.publish() {
        return Err(cannot_write(e, warnings));
    }
    watch.lap("swap");
    Ok(BuildSummary {
        editions: rendering.editions,
        pages: rendering.pages,
        charts: rendering.charts,
        files: rendering.files(),
        seconds: started.elapsed().as_secs_f64(),
        warnings,
        unchanged: false,
        reused_editions,
        timings: watch.finish(),
    })
}

/// Writes a small, commented starter site into `dir`, which must be missing or
/// empty. Returns the paths written, relative to `dir`.
pub fn new_site(dir: &Path) -> Result<Vec<&'static str>, Diagnostics> {
    match write::new_site(dir, &scaffold::FILES) {
        Ok(()) => Ok(scaffold::FILES.iter().map(|(path, _)| *path).collect()),
        Err(e) => {
            let mut diagnostics = Diagnostics::new();
            let mut d = Diagnostic::error(dir, format!("cannot create the site: {e}"));
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                d = d.with_hint("name a new folder: `scorecard new` never overwrites files");
            }
            diagnostics.push(d);
            Err(diagnostics)
        }
    }
}

/// Checks the site as a build would, writing nothing and keeping no file once it is
/// checked. Returns every problem found.
pub fn check(options: &BuildOptions) -> Diagnostics {
    check_timed(options).0
}

/// [`check`], with the time each phase took when [`BuildOptions::timings`] asks.
pub fn check_timed(options: &BuildOptions) -> (Diagnostics, Timings) {
    let mut watch = Stopwatch::new(options.timings);
    let diagnostics = match render_into(options, None, None, &|_| {}, &mut watch) {
        Ok(Rendered { warnings, .. }) => warnings,
        Err(diagnostics) => diagnostics,
    };
    (diagnostics, watch.finish())
}
