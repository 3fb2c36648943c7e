//! Rendering: the model in, the site's files out as bytes in memory.
//!
//! Every page is rendered from the model alone, independently of the others, and no
//! page lists every page of every edition, so the work grows linearly with the site.

mod assets;
pub mod chart;
mod data;
pub(crate) mod links;
pub(crate) mod markdown;
mod narrative;
mod styles;
mod templates;
mod view;

use rayon::prelude::*;
use serde::Serialize;

use crate::compute::{EditionFigures, FirstPublished};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Theme;
use crate::model::{Edition, Section, Site};
use crate::routes::Route;
use templates::Templates;
use view::{SectionBody, Views};

/// One file of the output, with a relative `/`-separated path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The whole rendered site, held in memory until it is written.
#[derive(Debug, Default)]
pub struct Output {
    /// Sorted by path.
    pub files: Vec<OutputFile>,
    pub pages: usize,
    pub charts: usize,
    pub editions: usize,
}

/// One page to render: which template, with which view. Pages of an edition carry
/// its computed figures.
enum Job<'a> {
    /// The home page, with the latest edition's figures when there is one.
    Landing(Option<&'a EditionFigures<'a>>),
    Edition(&'a Edition, &'a EditionFigures<'a>),
    Section(&'a Edition, &'a Section, &'a SectionBody),
    Exceptions(&'a Edition, &'a EditionFigures<'a>),
    Print(&'a Edition, &'a EditionFigures<'a>, &'a [SectionBody]),
    Page(&'a crate::model::Page),
    NotFound,
}

pub fn site(site: &Site, theme: &Theme) -> Result<Output, Diagnostics> {
    let templates = Templates::new(theme)?;
    let (static_files, assets) = assets::place(&theme.static_files);
    // Each edition is rendered from the data as it stood at its month, so a correction
    // published later never changes what an old edition says.
    let snapshots: Vec<Site> = site.editions.iter().map(|e| site.as_of(e.month)).collect();
    // The compute stage: every figure of every edition, worked out once from its
    // snapshot. Everything below only reads and formats these.
    let first = FirstPublished::of(site);
    let figures: Vec<EditionFigures> = snapshots
        .par_iter()
        .zip(site.editions.par_iter())
        .map(|(snapshot, edition)| EditionFigures::compute(snapshot, edition, &first))
        .collect();
    let base = Views {
        site,
        assets: &assets,
    };
    let edition_views: Vec<Views> = snapshots
        .iter()
        .map(|site| Views {
            site,
            assets: &assets,
        })
        .collect();
    // The sections' charts and tables are most of the work, and each appears on its
    // section's page and again in the printable report, so they are made once, all
    // sections of all editions in parallel, before the pages. Each section is taken
    // from its edition's snapshot, so that its indicators are as the edition saw them.
    let mut sections: Vec<(&Views, &Edition, &EditionFigures, &Section)> = Vec::new();
    for ((edition, views), figures) in site.editions.iter().zip(&edition_views).zip(&figures) {
        sections.extend(
            views
                .site
                .sections
                .iter()
                .map(|s| (views, edition, figures, s)),
        );
    }
    let bodies: Vec<SectionBody> = sections
        .par_iter()
        .map(|(views, edition, figures, section)| views.section_body(edition, figures, section))
        .collect();
    let latest = edition_views.last().unwrap_or(&base);
    let mut jobs: Vec<(&Views, Job)> = vec![
        (latest, Job::Landing(figures.last())),
        (&base, Job::NotFound),
    ];
    let per_edition = site.sections.len();
    for (k, ((edition, views), figures)) in site
        .editions
        .iter()
        .zip(&edition_views)
        .zip(&figures)
        .enumerate()
    {
        let bodies = &bodies[k * per_edition..(k + 1) * per_edition];
        jobs.push((views, Job::Edition(edition, figures)));
        jobs.push((views, Job::Exceptions(edition, figures)));
        jobs.push((views, Job::Print(edition, figures, bodies)));
        for (section, body) in views.site.sections.iter().zip(bodies) {
            jobs.push((views, Job::Section(edition, section, body)));
        }
    }
    jobs.extend(site.pages.iter().map(|p| (&base, Job::Page(p))));

    let mut output = Output {
        editions: site.editions.len(),
        ..Output::default()
    };
    let mut diagnostics = Diagnostics::new();
    // Pages are independent, so they render in parallel; `collect` keeps job order,
    // so the output stays byte-identical from build to build.
    let rendered: Vec<_> = jobs
        .par_iter()
        .map(|(views, job)| render_job(job, views, &templates))
        .collect();
    for result in rendered {
        match result {
            Ok(page) => {
                output.pages += 1;
                output.charts += page.charts;
                output.files.push(OutputFile {
                    path: page.path,
                    bytes: page.html.into_bytes(),
                });
                output.files.extend(page.data);
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    // The sitemap lists the pages just rendered, so it cannot name a page that is not
    // there; the 404 page is not one to index.
    let pages = output
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with("index.html"));
    let sitemap = templates.render("sitemap.xml", &base.sitemap(pages));
    let feed = templates.render("atom.xml", &base.feed(&figures));
    let robots = templates.render("robots.txt", &base.robots());
    for (route, rendered) in [
        (Route::Sitemap, sitemap),
        (Route::Feed, feed),
        (Route::Robots, robots),
    ] {
        match rendered {
            Ok(text) => output.files.push(OutputFile {
                path: route.file(),
                bytes: text.into_bytes(),
            }),
            Err(d) => diagnostics.push(*d),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    for (edition, figures) in site.editions.iter().zip(&figures) {
        let month = edition.month;
        output.files.push(OutputFile {
            path: Route::ReportJson(month).file(),
            bytes: data::json(&site.settings, edition, figures).into_bytes(),
        });
        output.files.push(OutputFile {
            path: Route::ReportCsv(month).file(),
            bytes: data::csv(&site.settings, figures).into_bytes(),
        });
        output.files.push(OutputFile {
            path: Route::EditionCss(month).file(),
            bytes: styles::edition_css(
                &site.settings.title,
                &format!("As at month end: {}", edition.month.long_name()),
            )
            .into_bytes(),
        });
    }
    let brand = &site.settings.brand;
    output.files.push(OutputFile {
        path: Route::BrandCss.file(),
        bytes: styles::css(brand).into_bytes(),
    });
    if let Some(logo) = &brand.logo {
        output.files.push(OutputFile {
            path: Route::Logo(logo.file_name.clone()).file(),
            bytes: logo.bytes.clone(),
        });
    }
    output.files.extend(static_files);
    output.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(output)
}

/// Compiles the theme's templates alone, reporting each one that fails: for a run whose
/// data has errors, so that template errors are reported in the same run.
pub fn check_templates(theme: &Theme) -> Diagnostics {
    Templates::new(theme).err().unwrap_or_default()
}

/// One rendered page and the data files that belong to it.
struct Rendered {
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
) -> Result<Rendered, Box<Diagnostic>> {
    fn page<V: Serialize>(
        templates: &Templates,
        name: &str,
        path: String,
        view: &V,
        charts: usize,
    ) -> Result<Rendered, Box<Diagnostic>> {
        Ok(Rendered {
            path,
            html: templates.render(name, view)?,
            charts,
            data: Vec::new(),
        })
    }
    match job {
        Job::Landing(figures) => match figures.and_then(|f| views.landing(f)) {
            Some(view) => page(templates, "landing.html", Route::Home.file(), &view, 0),
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
        Job::Edition(e, figures) => page(
            templates,
            "edition.html",
            Route::Edition(e.month).file(),
            &views.edition(e, figures),
            0,
        ),
        Job::Section(e, s, body) => {
            let view = views.section(e, s, body);
            let charts = view.section.panels.len();
            let mut rendered = page(
                templates,
                "section.html",
                Route::Section(e.month, s.id.clone()).file(),
                &view,
                charts,
            )?;
            rendered.data = view
                .section
                .panels
                .iter()
                .map(|p| OutputFile {
                    path: p.csv_path.clone(),
                    bytes: p.csv.clone().into_bytes(),
                })
                .collect();
            Ok(rendered)
        }
        // The printable report repeats the section pages' charts; they are counted
        // once, with their section.
        Job::Print(e, figures, bodies) => page(
            templates,
            "print.html",
            Route::Print(e.month).file(),
            &views.print(e, figures, bodies),
            0,
        ),
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
