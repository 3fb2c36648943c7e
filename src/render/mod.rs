//! Rendering: the model in, the site's files out as bytes, an edition at a time.
//!
//! Every page is rendered from the model alone, independently of the others, and no
//! page lists every page of every edition, so the work grows linearly with the site.
//! An edition's files are handed on as soon as they are made, keeping only what the
//! link check needs of them, so the memory a build holds does not grow with the
//! number of editions.

mod assets;
pub mod chart;
mod data;
pub(crate) mod links;
pub(crate) mod markdown;
mod narrative;
mod styles;
mod templates;
mod view;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use serde::Serialize;

use crate::compute::{EditionFigures, FigureKeys, FirstPublished};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Theme;
use crate::model::fingerprint::Fingerprint;
use crate::model::{Edition, Month, Section, Site};
use crate::routes::Route;
use templates::Templates;
use view::{BodyTop, SectionBody, Views};

/// One file of the output, with a relative `/`-separated path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The whole rendered site in memory, as `serve` keeps it.
#[derive(Debug, Default)]
pub struct Output {
    /// Sorted by path.
    pub files: Vec<OutputFile>,
    pub pages: usize,
    pub charts: usize,
    pub editions: usize,
    /// The editions, by month, whose files are not in `files` because they are the
    /// same as in the build before (see [`crate::render_site_reusing`]).
    pub reused: Vec<String>,
    /// No input has changed since the build before: `files` is empty and every
    /// edition is reused, as are the site's own files.
    pub unchanged: bool,
}

/// What rendering the site made, beside the files it handed on as it went: what the
/// summary counts, and what the link check needs of every file.
#[derive(Debug, Default)]
pub struct Rendering {
    pub pages: usize,
    pub charts: usize,
    pub editions: usize,
    /// How many editions were taken from the earlier build instead of rendered.
    pub reused_editions: usize,
    /// The paths of the site's own files (see `Renderer::site_files`); those of the
    /// editions are in `parts`.
    pub site_paths: Vec<String>,
    /// The link checker's scan of every page.
    pub(crate) scans: links::Scans,
    /// What is kept of each edition, in edition order, for a later build to reuse.
    pub parts: Vec<Arc<EditionPart>>,
    /// The editions, by month, used as they were kept ([`Earlier::Kept`]), whose
    /// files were not handed on.
    pub kept: Vec<String>,
}

impl Rendering {
    pub fn files(&self) -> usize {
        self.site_paths.len() + self.parts.iter().map(|p| p.paths.len()).sum::<usize>()
    }

    /// Every file's path, for the link check: the editions' and the site's own.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.parts
            .iter()
            .flat_map(|p| p.paths.iter())
            .chain(&self.site_paths)
            .map(String::as_str)
    }
}

/// How the link checker's scans are made.
#[derive(Debug, Clone, Copy)]
pub struct ScanOptions<'a> {
    /// The scans of an earlier build, reused for the pages that have not changed.
    pub(crate) earlier: &'a links::Scans,
    /// Whether to keep each page's digest, so that a later build can reuse its scan.
    pub keep: bool,
}

/// Renders the whole site, an edition at a time, handing each edition's files to
/// `take` as soon as they are made and keeping only what the link check needs of
/// them, so that memory does not grow with the number of editions. `take` is called
/// from several threads at once, in no particular order; the site's own pages and
/// files (home, 404, free pages, feed, sitemap, robots, stylesheets and the theme's
/// static files) come last. Returns every problem found, in every edition.
///
/// `previous` may give, for an edition's index, what an earlier build made of it,
/// when the caller knows that nothing the edition's pages read has changed (see
/// [`crate::compute::edition_keys`]): its files, which are handed on instead of
/// rendering the edition again and only scanned for the link check, or what was kept
/// of it, whose files the caller still holds and which is used as it is, with neither
/// rendering nor scanning. Rendering itself does no IO.
///
/// With `sections`, the sections an earlier build drew of an edition rendered again
/// are kept where their keys are unchanged, and the sections drawn now are kept for
/// the next build.
///
/// `editions_rendered` is called once, when every edition is rendered and before the
/// site's own pages are, so that the caller can time the two apart: rendering reads
/// no clock itself.
pub fn site(
    site: &Site,
    theme: &Theme,
    scanning: ScanOptions,
    sections: Option<(&mut Sections, FigureKeys)>,
    previous: &(dyn Fn(usize) -> Option<Earlier> + Sync),
    take: &(dyn Fn(Vec<OutputFile>) + Sync),
    editions_rendered: &mut dyn FnMut(),
) -> Result<Rendering, Diagnostics> {
    let mut renderer = Renderer::new(site, theme)?;
    let (sections, figures) = sections.unzip();
    let earlier_sections = sections.as_deref();
    // What every section's key shares (the settings, theme and definitions) is
    // hashed once for the build, with the edition keys, not again for each edition
    // rendered.
    renderer.sections = earlier_sections.zip(figures).map(|(earlier, figures)| {
        let binary = Fingerprint::of(IN_PROCESS);
        let shared = figures
            .shared_key(binary)
            .unwrap_or_else(|| crate::compute::shared_key(site, theme, binary));
        (earlier, shared, figures)
    });
    if sections.is_some() {
        // Only the sections that [`Sections::keep`] will keep are held as they are
        // drawn: a build that renders every edition holds its files once, not twice.
        let rendering: HashSet<Month> = (0..site.editions.len())
            .filter(|&k| previous(k).is_none())
            .map(|k| site.editions[k].month)
            .collect();
        renderer.keeping = Sections::kept_months(site, &rendering);
    }
    let mut diagnostics = Diagnostics::new();
    let mut parts = Vec::with_capacity(site.editions.len());
    // A few editions at a time, one for each thread: enough to keep every core busy
    // while the pages of each are rendered in parallel, and few enough that the files
    // in memory are those of a few editions, however many the site has.
    let batch = rayon::current_num_threads().max(1);
    let indices: Vec<usize> = (0..site.editions.len()).collect();
    let mut reused_editions = 0;
    let mut kept = Vec::new();
    let one = |k: usize, earlier: Option<Earlier>, latest: Option<&Latest>| {
        let reused = match earlier {
            Some(Earlier::Kept(part)) => return Ok((part, Source::Kept)),
            Some(Earlier::Files(files, stored)) => renderer
                .edition_reused(k, &files, stored, scanning, latest)
                .map(|part| (files, part)),
            None => None,
        };
        let was_reused = reused.is_some();
        let (files, part) = match reused {
            Some(made) => made,
            None => renderer.edition(k, scanning, latest)?,
        };
        take(files);
        Ok((
            Arc::new(part),
            if was_reused {
                Source::Files
            } else {
                Source::Rendered
            },
        ))
    };
    let mut done = |k: usize, result: Result<(Arc<EditionPart>, Source), Diagnostics>| match result
    {
        Ok((part, source)) => {
            reused_editions += usize::from(source != Source::Rendered);
            if source == Source::Kept {
                kept.push(site.editions[k].month.to_string());
            }
            parts.push(part);
        }
        Err(errors) => diagnostics.extend(errors),
    };
    // The home page reads nothing of the editions' pages: it is made while they are,
    // by whichever core is free first, rather than after them on one core. It shows
    // the newest edition as it stood at its month, which that edition's own pages
    // show too: the newest edition's snapshot and figures are worked out once, and
    // its pages are made beside the home page, while the older editions are made.
    // Its body, which the home page waits for, is made while its sections are drawn,
    // when it is rendered again.
    let newest = site.editions.len().checked_sub(1);
    let older = &indices[..newest.unwrap_or(0)];
    let ((home, newest_done), ()) = rayon::join(
        || {
            let Some(k) = newest else {
                return (renderer.home(scanning, None), None);
            };
            let earlier = previous(k);
            let edition = &site.editions[k];
            let snapshot = site.as_of(edition.month);
            let figures = EditionFigures::compute(&snapshot, edition, &renderer.first);
            let views = Views {
                site,
                sections: &snapshot.sections,
                assets: &renderer.assets,
            };
            let rendered = earlier.is_none();
            let (cover, drawing) = rayon::join(
                || Cover::make(&views, &renderer.templates, edition, &figures),
                || rendered.then(|| renderer.draw(edition, &views, &figures)),
            );
            let latest = Latest {
                index: k,
                snapshot: &snapshot,
                figures: &figures,
                cover: &cover,
                drawing,
            };
            let (home, result) = rayon::join(
                || renderer.home(scanning, Some(&latest)),
                || one(k, earlier, Some(&latest)),
            );
            // What the pages were made from (the snapshot holds a copy of every
            // indicator's figures) is freed while the site's own files are made, below,
            // rather than before them on this core.
            let Latest { drawing, .. } = latest;
            drop(figures);
            (home, Some((k, result, (snapshot, cover, drawing))))
        },
        || {
            for chunk in older.chunks(batch) {
                let results: Vec<Result<(Arc<EditionPart>, Source), Diagnostics>> = chunk
                    .par_iter()
                    .map(|&k| one(k, previous(k), None))
                    .collect();
                for (&k, result) in chunk.iter().zip(results) {
                    done(k, result);
                }
            }
        },
    );
    let mut made_from = None;
    if let Some((k, result, newest)) = newest_done {
        done(k, result);
        made_from = Some(newest);
    }
    editions_rendered();
    let (site_files, ()) = rayon::join(
        || renderer.site_files(&parts, home, scanning),
        move || drop(made_from),
    );
    let (files, mut rendering) = match site_files {
        Ok(made) if !diagnostics.has_errors() => made,
        Ok(_) => return Err(diagnostics),
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(diagnostics);
        }
    };
    take(files);
    let drawn = std::mem::take(
        &mut *renderer
            .drawn
            .lock()
            .unwrap_or_else(PoisonError::into_inner),
    );
    drop(renderer);
    if let Some(sections) = sections {
        sections.keep(site, drawn);
    }
    rendering.editions = site.editions.len();
    rendering.reused_editions = reused_editions;
    for part in &parts {
        rendering.pages += part.pages;
        rendering.charts += part.charts;
        for (path, scanned) in &part.scans {
            rendering.scans.insert(path.clone(), scanned.clone());
        }
    }
    rendering.parts = parts;
    rendering.kept = kept;
    Ok(rendering)
}

/// Where an edition's part came from in [`site`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Rendered,
    Files,
    Kept,
}

/// The newest edition as it stood at its month, with its figures and its body, worked
/// out once for the home page and the edition's own pages, which all show them.
struct Latest<'s> {
    /// The edition's index among the site's editions.
    index: usize,
    snapshot: &'s Site,
    figures: &'s EditionFigures<'s>,
    /// The cover and summary tables as the edition's page shows them.
    cover: &'s Result<Cover, Box<Diagnostic>>,
    /// Its sections, when the edition is rendered again.
    drawing: Option<Drawing>,
}

/// An edition's sections as its pages show them: each one's body, drawn now or kept
/// from an earlier build, and the printable report's values of them.
struct Drawing {
    /// Each section's key, when the build keeps sections ([`Sections`]).
    keys: Option<Vec<Fingerprint>>,
    /// The sections an earlier build drew with the same keys, in the edition's order.
    kept: Vec<Option<Arc<SectionMade>>>,
    bodies: Vec<SectionBody>,
    /// The bodies as the printable report shows them (its `sections`), as the template
    /// engine's values: made beside the bodies, section by section, rather than on
    /// the one core that renders the report, the longest page of an edition.
    print: Result<templates::Shared, Box<Diagnostic>>,
    /// Each section's of those values, in the edition's order (none when one of them
    /// could not be made), for [`Sections`] to keep.
    printed: Vec<templates::Shared>,
}

/// An edition's body (its cover and summary tables) and the template engine's values
/// of it, made once for the three pages that show it: the edition's page, its
/// printable report and, for the newest edition, the home page. The values were a
/// tenth of a build when each page made its own.
struct Cover {
    /// What of the body differs between the pages: the body itself is not held once
    /// its values are made.
    top: BodyTop,
    value: templates::Shared,
}

impl Cover {
    fn make(
        views: &Views,
        templates: &Templates,
        edition: &Edition,
        figures: &EditionFigures,
    ) -> Result<Cover, Box<Diagnostic>> {
        let body = views.edition_body(edition, figures);
        let value = templates.share(&body)?;
        Ok(Cover {
            top: body.into_top(),
            value,
        })
    }

    /// The body `made`, or the problem making it met as the report of a page that
    /// shows it.
    fn made(made: &Result<Cover, Box<Diagnostic>>) -> Result<&Cover, Diagnostics> {
        made.as_ref().map_err(|problem| {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push((**problem).clone());
            diagnostics
        })
    }

    /// The body's values as the page `here` shows them: each link made again from
    /// `here` (`Route::relink`), and everything else shared with the edition's page.
    fn seen_from(&self, here: &Route, base_url: &str) -> templates::Shared {
        let mut relinker = here.relinker(self.top.links_from(), base_url);
        self.value.relinked(
            &mut |link| relinker.relink(link),
            self.top.fields_seen_from(here, base_url),
        )
    }
}

/// What an earlier build made of an edition whose pages read nothing that has changed.
#[derive(Debug)]
pub enum Earlier {
    /// Its files, to be handed on again, with the link scans of its pages when the
    /// earlier build kept them: the pages are then not scanned again.
    Files(Vec<OutputFile>, Option<Vec<(String, links::Page)>>),
    /// What was kept of it; its files stay with the caller.
    Kept(Arc<EditionPart>),
}

/// What is kept of an edition once its files are handed on: its counts, its files'
/// paths and its pages' link scans, its pages for the sitemap and its feed entry.
/// Small, and independent of the other editions.
#[derive(Debug, Clone)]
pub struct EditionPart {
    pub pages: usize,
    pub charts: usize,
    /// Every file of the edition.
    pub paths: Vec<String>,
    /// The pages to list in the sitemap, in the order they are listed.
    pub sitemap: Vec<String>,
    pub(crate) scans: Vec<(String, links::Scanned)>,
    pub(crate) feed_entry: view::FeedEntry,
}

/// The sections of the newest editions, and of those just rendered, as an earlier
/// build drew them, kept by `serve`: each with its key
/// ([`crate::compute::section_keys`]), its part of the printable report, its page, its
/// charts' data files and its page's link scan. A section of an edition rendered again
/// whose key is unchanged is taken from here rather than drawn again.
#[derive(Debug, Default)]
pub struct Sections {
    made: HashMap<(Month, String), (Fingerprint, Arc<SectionMade>)>,
}

/// How many of the newest editions' sections [`Sections`] keeps whatever was rendered,
/// and how many editions a build may render for it to keep theirs too: the editions
/// a person edits while serving, without holding every chart of a large site twice.
const KEPT_EDITIONS: usize = 2;

impl Sections {
    /// Keeps the sections `drawn` by a build of `site`, and those kept before of the
    /// newest editions that the build did not render again.
    fn keep(&mut self, site: &Site, drawn: Vec<DrawnSection>) {
        let rendered: HashSet<Month> = drawn.iter().map(|((month, _), _)| *month).collect();
        let kept = Sections::kept_months(site, &rendered);
        self.made
            .retain(|(month, _), _| kept.contains(month) && !rendered.contains(month));
        self.made.extend(
            drawn
                .into_iter()
                .filter(|((month, _), _)| kept.contains(month)),
        );
    }
}

/// A section drawn or kept by a build: its edition's month and its id, its key, and
/// what was made of it.
type DrawnSection = ((Month, String), (Fingerprint, Arc<SectionMade>));

impl Sections {
    /// The editions whose sections are kept after a build of `site` that rendered
    /// the editions of `rendered`: the newest, and those rendered if they are few.
    fn kept_months(site: &Site, rendered: &HashSet<Month>) -> HashSet<Month> {
        let mut kept: HashSet<Month> = site
            .editions
            .iter()
            .rev()
            .take(KEPT_EDITIONS)
            .map(|e| e.month)
            .collect();
        if rendered.len() <= KEPT_EDITIONS {
            kept.extend(rendered);
        }
        kept
    }
}

/// One section of an edition as drawn: its body and the printable report's values of
/// it, its page and data files, its page's scan and its number of charts.
#[derive(Debug)]
pub struct SectionMade {
    body: SectionBody,
    /// The body as the printable report shows it, as the template engine's values.
    printed: templates::Shared,
    files: Vec<OutputFile>,
    scanned: links::Scanned,
    charts: usize,
}

/// What stands for the program in the section keys: [`Sections`] lives in one
/// process, so the program cannot change under it.
const IN_PROCESS: &[u8] = b"scorecard sections, in this process";

/// What rendering needs, made once for the whole site: the compiled templates and
/// the fingerprinted static files.
pub struct Renderer<'a> {
    site: &'a Site,
    templates: Templates,
    /// Output paths of the theme's static files, by their path under `static/`.
    assets: BTreeMap<String, String>,
    static_files: Vec<OutputFile>,
    /// What the earliest edition showing each month published, for marking revised
    /// figures: worked out once, from the whole site.
    first: FirstPublished,
    /// The sections an earlier build drew, the fingerprint of what every section's
    /// key shares ([`crate::compute::shared_key`]) and the indicators' figures as the
    /// edition keys hashed them.
    sections: Option<(&'a Sections, Fingerprint, FigureKeys)>,
    /// The sections drawn or kept by this build, when `sections` is set.
    drawn: Mutex<Vec<DrawnSection>>,
    /// The editions whose sections this build hands to [`Sections`].
    keeping: HashSet<Month>,
}

/// One page to render: which template, with which view. Pages of an edition carry
/// its computed figures.
enum Job<'a> {
    /// The home page, with the latest edition's body when there is one.
    Landing(Option<&'a Cover>),
    /// An edition's page, with its body.
    Edition(&'a Edition, &'a Cover),
    Section(&'a Edition, &'a Section, &'a SectionBody),
    Exceptions(&'a Edition, &'a EditionFigures<'a>),
    /// The printable report, with the edition's body, its sections' bodies and their
    /// values as the report shows them ([`Drawing::print`]).
    Print(
        &'a Edition,
        &'a Cover,
        &'a [SectionBody],
        &'a templates::Shared,
    ),
    Page(&'a crate::model::Page),
    NotFound,
}

impl<'a> Renderer<'a> {
    /// Compiles the theme's templates and places its static files.
    pub fn new(site: &'a Site, theme: &Theme) -> Result<Renderer<'a>, Diagnostics> {
        let templates = Templates::new(theme)?;
        let (static_files, assets) = assets::place(&theme.static_files);
        Ok(Renderer {
            site,
            templates,
            assets,
            static_files,
            first: FirstPublished::of(site),
            sections: None,
            drawn: Mutex::new(Vec::new()),
            keeping: HashSet::new(),
        })
    }

    /// Renders the edition at `index` of the site's editions: its edition, section,
    /// exceptions and printable pages with each chart's CSV, its report.json and
    /// report.csv and its print stylesheet. Returns the files, and what is kept of
    /// them once they are written.
    /// `latest`, when it is of this edition, gives its snapshot, figures and body,
    /// and its sections when they were drawn.
    fn edition(
        &self,
        index: usize,
        scanning: ScanOptions,
        latest: Option<&Latest>,
    ) -> Result<(Vec<OutputFile>, EditionPart), Diagnostics> {
        let site = self.site;
        let edition = &site.editions[index];
        let (own_snapshot, own_figures);
        // The edition is rendered from the data as it stood at its month, so a
        // correction published later never changes what an old edition says. The
        // compute stage works out every figure of the edition once from its snapshot;
        // everything below only reads and formats these.
        let given = latest.filter(|l| l.index == index);
        let (snapshot, figures) = match given {
            Some(latest) => (latest.snapshot, latest.figures),
            None => {
                own_snapshot = site.as_of(edition.month);
                own_figures = EditionFigures::compute(&own_snapshot, edition, &self.first);
                (&own_snapshot, &own_figures)
            }
        };
        let views = Views {
            site,
            sections: &snapshot.sections,
            assets: &self.assets,
        };
        let month = edition.month;
        // The sections' charts and tables are most of the work, and each appears on
        // its section's page and again in the printable report, so they are made once,
        // in parallel, before the pages; so is the edition's cover and summary tables,
        // which its page, its printable report and the home page all show.
        let given_drawing = given.and_then(|l| l.drawing.as_ref());
        let given_cover = given.map(|l| l.cover);
        let (own_drawing, own_cover) = rayon::join(
            || {
                given_drawing
                    .is_none()
                    .then(|| self.draw(edition, &views, figures))
            },
            || {
                given_cover
                    .is_none()
                    .then(|| Cover::make(&views, &self.templates, edition, figures))
            },
        );
        let cover = match given_cover.or(own_cover.as_ref()) {
            Some(made) => Cover::made(made)?,
            None => unreachable!("the cover is made when it is not given"),
        };
        let Some(drawing) = given_drawing.or(own_drawing.as_ref()) else {
            unreachable!("the sections are drawn when they are not given")
        };
        let print = drawing.print.as_ref().map_err(|problem| {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push((**problem).clone());
            diagnostics
        })?;
        let Drawing {
            keys, kept, bodies, ..
        } = drawing;
        let mut jobs = vec![
            Job::Edition(edition, cover),
            Job::Exceptions(edition, figures),
            Job::Print(edition, cover, bodies, print),
        ];
        jobs.extend(
            snapshot
                .sections
                .iter()
                .zip(bodies)
                .zip(kept)
                .filter(|(_, kept)| kept.is_none())
                .map(|((section, body), _)| Job::Section(edition, section, body)),
        );
        // The data files need no page: they are made beside the pages.
        let (made, data) = rayon::join(
            || self.pages(&jobs, &views, scanning),
            || {
                [
                    OutputFile {
                        path: Route::ReportJson(month).file(),
                        bytes: data::json(&site.settings, edition, figures).into_bytes(),
                    },
                    OutputFile {
                        path: Route::ReportCsv(month).file(),
                        bytes: data::csv(&site.settings, figures).into_bytes(),
                    },
                ]
            },
        );
        let mut made = made?;
        if let Some(keys) = keys {
            self.keep_sections(month, &snapshot.sections, drawing, keys, &mut made);
        }
        made.files.extend(data);
        made.files.push(OutputFile {
            path: Route::EditionCss(month).file(),
            bytes: styles::edition_css(
                &site.settings.title,
                &format!("As at month end: {}", month.long_name()),
            )
            .into_bytes(),
        });
        let part = EditionPart {
            pages: made.pages,
            charts: made.charts,
            paths: made.files.iter().map(|f| f.path.clone()).collect(),
            sitemap: made.sitemap,
            scans: made.scans,
            feed_entry: views.feed_entry(edition, figures),
        };
        Ok((made.files, part))
    }

    /// Draws the sections of `edition`, shown by `views` with its `figures`: each
    /// section whose key is the same as when an earlier build drew it is taken from
    /// there, and each is made into the printable report's values of it.
    fn draw(&self, edition: &Edition, views: &Views, figures: &EditionFigures) -> Drawing {
        let month = edition.month;
        let keys = self.sections.as_ref().map(|(_, shared, figures)| {
            crate::compute::section_keys(self.site, *shared, edition, figures)
        });
        let kept: Vec<Option<Arc<SectionMade>>> = views
            .sections
            .iter()
            .enumerate()
            .map(|(k, section)| {
                let ((earlier, _, _), keys) = (self.sections.as_ref()?, keys.as_ref()?);
                let (key, made) = earlier.made.get(&(month, section.id.clone()))?;
                (*key == keys[k]).then(|| Arc::clone(made))
            })
            .collect();
        let (bodies, print): (Vec<SectionBody>, Vec<_>) = views
            .sections
            .par_iter()
            .zip(&kept)
            .map(|(section, kept)| match kept {
                Some(made) => (made.body.clone(), Ok(made.printed.clone())),
                None => {
                    let body = views.section_body(edition, figures, section);
                    let print = self.templates.share(&views.print_section(edition, &body));
                    (body, print)
                }
            })
            .unzip();
        let (print, printed) = match print.into_iter().collect::<Result<Vec<_>, _>>() {
            Ok(printed) => (Ok(templates::Shared::list(printed.clone())), printed),
            Err(problem) => (Err(problem), Vec::new()),
        };
        Drawing {
            keys,
            kept,
            bodies,
            print,
            printed,
        }
    }

    /// Adds the sections kept from an earlier build (in `drawing`) to the pages `made`
    /// of the edition of `month`, in the order the edition renders them, and hands
    /// every section of it, kept or just drawn, with its key (of `keys`) to
    /// [`Sections`].
    fn keep_sections(
        &self,
        month: Month,
        sections: &[Section],
        drawing: &Drawing,
        keys: &[Fingerprint],
        made: &mut Made,
    ) {
        let Drawing {
            kept,
            bodies,
            printed,
            ..
        } = drawing;
        let at: HashMap<&str, usize> = made
            .files
            .iter()
            .enumerate()
            .map(|(k, f)| (f.path.as_str(), k))
            .collect();
        let scans: HashMap<&str, &links::Scanned> =
            made.scans.iter().map(|(p, s)| (p.as_str(), s)).collect();
        let mut all: Vec<DrawnSection> = Vec::with_capacity(sections.len());
        // Only the sections of the editions [`Sections`] will keep are held.
        let keeping = self.keeping.contains(&month);
        for (at_section, (((section, body), key), kept)) in
            sections.iter().zip(bodies).zip(keys).zip(kept).enumerate()
        {
            if !keeping {
                break;
            }
            let page = Route::Section(month, section.id.clone()).file();
            let section_made = match kept {
                Some(kept) => Arc::clone(kept),
                None => {
                    let paths = std::iter::once(page.as_str())
                        .chain(body.panels.iter().map(|p| p.csv_path.as_str()));
                    let (Some(files), Some(scanned), Some(printed)) = (
                        paths
                            .map(|path| at.get(path).map(|&k| made.files[k].clone()))
                            .collect::<Option<Vec<_>>>(),
                        scans.get(page.as_str()),
                        printed.get(at_section),
                    ) else {
                        continue;
                    };
                    Arc::new(SectionMade {
                        body: body.clone(),
                        printed: printed.clone(),
                        files,
                        scanned: (*scanned).clone(),
                        charts: body.chart_svgs().count(),
                    })
                }
            };
            all.push(((month, section.id.clone()), (*key, section_made)));
        }
        let reused: Vec<&Arc<SectionMade>> = kept.iter().flatten().collect();
        if !reused.is_empty() {
            for section in &reused {
                made.pages += 1;
                made.charts += section.charts;
                made.files.extend(section.files.iter().cloned());
                let page = &section.files[0].path;
                made.scans.push((page.clone(), section.scanned.clone()));
            }
            // The sitemap lists the pages in the order the edition renders them.
            made.sitemap = [
                Route::Edition(month),
                Route::Exceptions(month),
                Route::Print(month),
            ]
            .into_iter()
            .chain(sections.iter().map(|s| Route::Section(month, s.id.clone())))
            .map(|route| route.file())
            .collect();
        }
        self.drawn
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(all);
    }

    /// What is kept of the edition at `index` whose `files` an earlier build made,
    /// as [`Renderer::edition`] would keep it: the files are counted and their pages
    /// scanned for the link check, and the feed entry is made from the edition's
    /// figures. `None` when the files are not the pages this edition has (such as a
    /// section added since), so that the caller renders it instead. `stored` are the
    /// scans the earlier build made of these pages, if it kept them: used instead of
    /// scanning when they are of exactly these pages. `latest`, when it is of this
    /// edition, gives its snapshot and figures.
    fn edition_reused(
        &self,
        index: usize,
        files: &[OutputFile],
        stored: Option<Vec<(String, links::Page)>>,
        scanning: ScanOptions,
        latest: Option<&Latest>,
    ) -> Option<EditionPart> {
        let site = self.site;
        let edition = &site.editions[index];
        let month = edition.month;
        let given = latest.filter(|l| l.index == index);
        let own_snapshot;
        let snapshot = match given {
            Some(latest) => latest.snapshot,
            None => {
                own_snapshot = site.as_of(month);
                &own_snapshot
            }
        };
        // The pages in the order `edition` renders them, which the sitemap keeps.
        let sitemap: Vec<String> = [
            Route::Edition(month),
            Route::Exceptions(month),
            Route::Print(month),
        ]
        .into_iter()
        .chain(
            snapshot
                .sections
                .iter()
                .map(|section| Route::Section(month, section.id.clone())),
        )
        .map(|route| route.file())
        .collect();
        let pages: Vec<&OutputFile> = files.iter().filter(|f| f.path.ends_with(".html")).collect();
        let listed: BTreeSet<&str> = sitemap.iter().map(String::as_str).collect();
        let found: BTreeSet<&str> = pages.iter().map(|f| f.path.as_str()).collect();
        if listed != found || pages.len() != sitemap.len() {
            return None;
        }
        // A chart's data is a CSV file in its section's folder; the edition's own
        // report.csv is one level up.
        let charts = files
            .iter()
            .filter(|f| f.path.ends_with(".csv") && f.path.matches('/').count() == 2)
            .count();
        let stored = stored.filter(|stored| {
            stored.len() == pages.len()
                && stored
                    .iter()
                    .map(|(path, _)| path.as_str())
                    .collect::<BTreeSet<_>>()
                    == found
        });
        // The pages are scanned whole: which parts of them are charts is not known
        // here, and a whole scan finds the same ids and links.
        let scans = match stored {
            Some(stored) => stored
                .into_iter()
                .map(|(path, page)| (path, links::Scanned::kept(page)))
                .collect(),
            None => pages
                .par_iter()
                .map(|f| {
                    let html = std::str::from_utf8(&f.bytes).ok()?;
                    Some((
                        f.path.clone(),
                        scanning.earlier.scan(&f.path, html, &[], scanning.keep),
                    ))
                })
                .collect::<Option<Vec<_>>>()?,
        };
        let own_figures;
        let figures = match given {
            Some(latest) => latest.figures,
            None => {
                own_figures = EditionFigures::compute(snapshot, edition, &self.first);
                &own_figures
            }
        };
        let views = Views {
            site,
            sections: &snapshot.sections,
            assets: &self.assets,
        };
        Some(EditionPart {
            pages: pages.len(),
            charts,
            paths: files.iter().map(|f| f.path.clone()).collect(),
            sitemap,
            scans,
            feed_entry: views.feed_entry(edition, figures),
        })
    }

    /// Renders the home page, which shows the latest edition, `latest`, as it stood
    /// at its month. It reads nothing of the other editions' pages, so [`site`] makes
    /// it while they are made: its figures and its one page kept a core alone for
    /// tens of milliseconds when it came after them.
    fn home(&self, scanning: ScanOptions, latest: Option<&Latest>) -> Result<Made, Diagnostics> {
        let site = self.site;
        let views = Views {
            site,
            sections: latest.map_or(&site.sections, |latest| &latest.snapshot.sections),
            assets: &self.assets,
        };
        // A problem making the body is reported here whether or not the edition is
        // rendered again; a report the edition's pages make too is shown once.
        let cover = latest.map(|l| Cover::made(l.cover)).transpose()?;
        self.pages(&[Job::Landing(cover)], &views, scanning)
    }

    /// Renders the files that belong to no one edition: the 404 page, the free pages,
    /// the feed and sitemap (from what is kept of each edition, `parts`, in edition
    /// order, and the home page, `home`, made by [`Renderer::home`]), robots.txt, the
    /// brand stylesheet and logo, and the theme's static files. Returns them with the
    /// home page's, and the rendering of the site so far: their counts, paths and
    /// scans.
    fn site_files(
        &self,
        parts: &[Arc<EditionPart>],
        home: Result<Made, Diagnostics>,
        scanning: ScanOptions,
    ) -> Result<(Vec<OutputFile>, Rendering), Diagnostics> {
        let site = self.site;
        let base = Views {
            site,
            sections: &site.sections,
            assets: &self.assets,
        };
        let mut made = home;
        let mut jobs = vec![Job::NotFound];
        jobs.extend(site.pages.iter().map(Job::Page));
        let others = self.pages(&jobs, &base, scanning);
        let mut diagnostics = Diagnostics::new();
        let mut pages = match (&mut made, others) {
            (Ok(made), Ok(others)) => {
                made.absorb(others);
                std::mem::take(made)
            }
            (Ok(_), Err(errors)) => {
                diagnostics.extend(errors);
                Made::default()
            }
            (Err(errors), others) => {
                diagnostics.extend(std::mem::take(errors));
                if let Err(more) = others {
                    diagnostics.extend(more);
                }
                Made::default()
            }
        };
        // The sitemap lists the pages rendered, so it cannot name a page that is not
        // there; the 404 page is not one to index.
        let sitemap = base.sitemap(
            pages
                .sitemap
                .iter()
                .take(1)
                .chain(parts.iter().flat_map(|p| &p.sitemap))
                .chain(pages.sitemap.iter().skip(1))
                .map(String::as_str),
        );
        let feed = base.feed(parts.iter().map(|p| p.feed_entry.clone()));
        for (route, rendered) in [
            (
                Route::Sitemap,
                self.templates.render("sitemap.xml", &sitemap),
            ),
            (Route::Feed, self.templates.render("atom.xml", &feed)),
            (
                Route::Robots,
                self.templates.render("robots.txt", &base.robots()),
            ),
        ] {
            match rendered {
                Ok(text) => pages.files.push(OutputFile {
                    path: route.file(),
                    bytes: text.into_bytes(),
                }),
                Err(d) => diagnostics.push(*d),
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let brand = &site.settings.brand;
        pages.files.push(OutputFile {
            path: Route::BrandCss.file(),
            bytes: styles::css(brand).into_bytes(),
        });
        if let Some(logo) = &brand.logo {
            pages.files.push(OutputFile {
                path: Route::Logo(logo.file_name.clone()).file(),
                bytes: logo.bytes.clone(),
            });
        }
        // A theme's static HTML file is a page like any other to the link check.
        for file in &self.static_files {
            if file.path.ends_with(".html") {
                let html = String::from_utf8_lossy(&file.bytes);
                let scanned = scanning.earlier.scan(&file.path, &html, &[], scanning.keep);
                pages.scans.push((file.path.clone(), scanned));
            }
        }
        pages.files.extend(self.static_files.iter().cloned());
        let mut rendering = Rendering {
            pages: pages.pages,
            charts: pages.charts,
            site_paths: pages.files.iter().map(|f| f.path.clone()).collect(),
            ..Rendering::default()
        };
        for (path, scanned) in pages.scans {
            rendering.scans.insert(path, scanned);
        }
        Ok((pages.files, rendering))
    }

    /// Renders `jobs` in parallel with `views`, and scans each page for the link
    /// check. Returns every problem, or the pages in job order.
    fn pages(
        &self,
        jobs: &[Job],
        views: &Views,
        scanning: ScanOptions,
    ) -> Result<Made, Diagnostics> {
        // The printable report is the longest page of an edition by far: it is started
        // first, so that the other pages are made beside it rather than it last, alone.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&k| !matches!(jobs[k], Job::Print(..)));
        let render = |job: &Job| {
            let page = render_job(job, views, &self.templates)?;
            let charts: Vec<&str> = match job {
                Job::Section(_, _, body) => body.chart_svgs().collect(),
                Job::Print(_, _, bodies, _) => bodies.iter().flat_map(|b| b.chart_svgs()).collect(),
                _ => Vec::new(),
            };
            let scanned = scanning
                .earlier
                .scan(&page.path, &page.html, &charts, scanning.keep);
            Ok::<_, Box<Diagnostic>>((page, scanned))
        };
        let mut rendered: Vec<_> = order.par_iter().map(|&k| (k, render(&jobs[k]))).collect();
        rendered.sort_by_key(|(k, _)| *k);
        let mut made = Made::default();
        let mut diagnostics = Diagnostics::new();
        for (_, result) in rendered {
            match result {
                Ok((page, scanned)) => {
                    made.pages += 1;
                    made.charts += page.charts;
                    if page.path.ends_with("index.html") {
                        made.sitemap.push(page.path.clone());
                    }
                    made.scans.push((page.path.clone(), scanned));
                    made.files.push(OutputFile {
                        path: page.path,
                        bytes: page.html.into_bytes(),
                    });
                    made.files.extend(page.data);
                }
                Err(d) => diagnostics.push(*d),
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(made)
    }
}

/// Pages rendered together: their files, and what is kept of them.
#[derive(Default)]
struct Made {
    files: Vec<OutputFile>,
    pages: usize,
    charts: usize,
    /// The pages' paths ending in `index.html`, in job order.
    sitemap: Vec<String>,
    scans: Vec<(String, links::Scanned)>,
}

impl Made {
    fn absorb(&mut self, other: Made) {
        self.files.extend(other.files);
        self.pages += other.pages;
        self.charts += other.charts;
        self.sitemap.extend(other.sitemap);
        self.scans.extend(other.scans);
    }
}

/// Compiles the theme's templates alone, reporting each one that fails: for a run whose
/// data has errors, so that template errors are reported in the same run.
pub fn check_templates(theme: &Theme) -> Diagnostics {
    Templates::new(theme).err().unwrap_or_default()
}

/// One rendered page and the data files that belong to it.
struct RenderedPage {
    path: String,
    html: String,
    charts: usize,
    /// The CSV file of each chart, written beside the page.
    data: Vec<OutputFile>,
}

/// Renders one page with its output path, how many charts it has and its data files.
fn render_job(
    job: &Job,
    views: &Views,
    templates: &Templates,
) -> Result<RenderedPage, Box<Diagnostic>> {
    fn page<V: Serialize>(
        templates: &Templates,
        name: &str,
        path: String,
        view: &V,
        charts: usize,
    ) -> Result<RenderedPage, Box<Diagnostic>> {
        Ok(RenderedPage {
            path,
            html: templates.render(name, view)?,
            charts,
            data: Vec::new(),
        })
    }
    /// A page showing an edition's body, `cover`, as its context's `edition`.
    fn shown<V: Serialize>(
        templates: &Templates,
        name: &str,
        path: String,
        view: &V,
        cover: &templates::Shared,
    ) -> Result<RenderedPage, Box<Diagnostic>> {
        Ok(RenderedPage {
            path,
            html: templates.render_sharing(name, view, &[("edition", cover)])?,
            charts: 0,
            data: Vec::new(),
        })
    }
    let base_url = &views.site.settings.base_url;
    match job {
        Job::Landing(cover) => match cover.zip(views.landing()) {
            Some((cover, view)) => shown(
                templates,
                "landing.html",
                Route::Home.file(),
                &view,
                &cover.seen_from(&Route::Home, base_url),
            ),
            None => Err(Box::new(Diagnostic::error(
                "content/editions",
                "the site has no editions to show",
            ))),
        },
        Job::NotFound => page(
            templates,
            "404.html",
            Route::NotFound.file(),
            &views.not_found(),
            0,
        ),
        Job::Edition(e, cover) => shown(
            templates,
            "edition.html",
            Route::Edition(e.month).file(),
            &views.edition(e),
            &cover.value,
        ),
        Job::Section(e, s, body) => {
            let view = views.section(e, s, body);
            let charts = view.section.chart_svgs().count();
            let mut rendered = page(
                templates,
                "section.html",
                Route::Section(e.month, s.id.clone()).file(),
                &view,
                charts,
            )?;
            // Each chart's data, and each breakdown's beside its measure's.
            rendered.data = view
                .section
                .panels
                .iter()
                .flat_map(|p| {
                    std::iter::once((&p.csv_path, &p.csv))
                        .chain(p.breakdown.iter().map(|b| (&b.csv_path, &b.csv)))
                })
                .map(|(path, csv)| OutputFile {
                    path: path.clone(),
                    bytes: csv.clone().into_bytes(),
                })
                .collect();
            Ok(rendered)
        }
        // The printable report repeats the section pages' charts; they are counted
        // once, with their section.
        Job::Print(e, cover, _, sections) => Ok(RenderedPage {
            path: Route::Print(e.month).file(),
            html: templates.render_sharing(
                "print.html",
                &views.print(e),
                &[
                    (
                        "edition",
                        &cover.seen_from(&Route::Print(e.month), base_url),
                    ),
                    ("sections", sections),
                ],
            )?,
            charts: 0,
            data: Vec::new(),
        }),
        Job::Exceptions(e, figures) => page(
            templates,
            "exceptions.html",
            Route::Exceptions(e.month).file(),
            &views.exceptions(e, figures),
            0,
        ),
        Job::Page(p) => page(
            templates,
            "page.html",
            Route::Page(p.slug.clone()).file(),
            &views.free_page(p),
            0,
        ),
    }
}
