//! Rendering: the model in, the site's files out as bytes in memory.
//!
//! Every page is rendered from the model alone, independently of the others, and no
//! page lists every page of every edition, so the work grows linearly with the site.

mod assets;
pub mod chart;
mod data;
pub mod links;
pub(crate) mod markdown;
mod narrative;
mod styles;
mod templates;
pub mod view;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Theme;
use crate::model::Site;
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

/// One page to render: which template, with which view.
enum Job<'a> {
    Landing,
    Edition(&'a crate::model::Edition),
    Section(
        &'a crate::model::Edition,
        &'a crate::model::Section,
        &'a SectionBody,
    ),
    Exceptions(&'a crate::model::Edition),
    Print(&'a crate::model::Edition, &'a [SectionBody]),
    Page(&'a crate::model::Page),
    NotFound,
}

pub fn site(site: &Site, theme: &Theme) -> Result<Output, Diagnostics> {
    let templates = Templates::new(theme)?;
    let (static_files, assets) = assets::place(&theme.static_files);
    // Each edition is rendered from the data as it stood at its month, so a correction
    // published later never changes what an old edition says.
    let snapshots: Vec<Site> = site.editions.iter().map(|e| site.as_of(e.month)).collect();
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
    // sections of all editions in parallel, before the pages.
    let mut sections: Vec<(&Views, &crate::model::Edition, &crate::model::Section)> = Vec::new();
    for (edition, views) in site.editions.iter().zip(&edition_views) {
        sections.extend(site.sections.iter().map(|s| (views, edition, s)));
    }
    let bodies: Vec<SectionBody> = sections
        .par_iter()
        .map(|(views, edition, section)| views.section_body(edition, section))
        .collect();
    let latest = edition_views.last().unwrap_or(&base);
    let mut jobs: Vec<(&Views, Job)> = vec![(latest, Job::Landing), (&base, Job::NotFound)];
    let per_edition = site.sections.len();
    for (k, (edition, views)) in site.editions.iter().zip(&edition_views).enumerate() {
        let bodies = &bodies[k * per_edition..(k + 1) * per_edition];
        jobs.push((views, Job::Edition(edition)));
        jobs.push((views, Job::Exceptions(edition)));
        jobs.push((views, Job::Print(edition, bodies)));
        for (section, body) in site.sections.iter().zip(bodies) {
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
    let feed = templates.render("atom.xml", &base.feed());
    let robots = templates.render("robots.txt", &base.robots());
    for (path, rendered) in [
        ("sitemap.xml", sitemap),
        (view::FEED_FILE, feed),
        ("robots.txt", robots),
    ] {
        match rendered {
            Ok(text) => output.files.push(OutputFile {
                path: path.into(),
                bytes: text.into_bytes(),
            }),
            Err(d) => diagnostics.push(*d),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    for (edition, snapshot) in site.editions.iter().zip(&snapshots) {
        let dir = edition.month.to_string();
        output.files.push(OutputFile {
            path: format!("{dir}/report.json"),
            bytes: data::json(snapshot, edition).into_bytes(),
        });
        output.files.push(OutputFile {
            path: format!("{dir}/report.csv"),
            bytes: data::csv(snapshot, edition).into_bytes(),
        });
        output.files.push(OutputFile {
            path: format!("{dir}/{}", styles::EDITION_CSS),
            bytes: styles::edition_css(
                &site.settings.title,
                &format!("As at month end: {}", edition.month.long_name()),
            )
            .into_bytes(),
        });
    }
    let brand = &site.settings.brand;
    output.files.push(OutputFile {
        path: styles::BRAND_CSS.into(),
        bytes: styles::css(brand).into_bytes(),
    });
    if let (Some(logo), Some(path)) = (&brand.logo, styles::logo_path(brand)) {
        output.files.push(OutputFile {
            path,
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
        Job::Landing => match views.landing() {
            Some(view) => page(templates, "landing.html", "index.html".into(), &view, 0),
            None => Err(Box::new(Diagnostic::error(
                "content/editions",
                "the site has no editions to show",
            ))),
        },
        Job::NotFound => page(
            templates,
            "404.html",
            "404.html".into(),
            &views.not_found(),
            0,
        ),
        Job::Edition(e) => page(
            templates,
            "edition.html",
            format!("{}/index.html", e.month),
            &views.edition(e),
            0,
        ),
        Job::Section(e, s, body) => {
            let view = views.section(e, s, body);
            let charts = view.section.panels.len();
            let mut rendered = page(
                templates,
                "section.html",
                format!("{}/{}/index.html", e.month, s.id),
                &view,
                charts,
            )?;
            rendered.data = view
                .section
                .panels
                .iter()
                .map(|p| OutputFile {
                    path: format!("{}/{}/{}.csv", e.month, s.id, p.anchor),
                    bytes: p.csv.clone().into_bytes(),
                })
                .collect();
            Ok(rendered)
        }
        // The printable report repeats the section pages' charts; they are counted
        // once, with their section.
        Job::Print(e, bodies) => page(
            templates,
            "print.html",
            format!("{}/{}/index.html", e.month, view::PRINT),
            &views.print(e, bodies),
            0,
        ),
        Job::Exceptions(e) => page(
            templates,
            "exceptions.html",
            format!("{}/exceptions/index.html", e.month),
            &views.exceptions(e),
            0,
        ),
        Job::Page(p) => page(
            templates,
            "page.html",
            format!("{}/index.html", p.slug),
            &views.free_page(p),
            0,
        ),
    }
}
