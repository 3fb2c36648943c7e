//! Rendering: the model in, the site's files out as bytes in memory.
//!
//! Every page is rendered from the model alone, independently of the others, and no
//! page lists every page of every edition, so the work grows linearly with the site.

pub mod chart;
mod data;
mod markdown;
mod narrative;
mod templates;
pub mod view;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Theme;
use crate::model::Site;
use templates::Templates;
use view::Views;

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
    Section(&'a crate::model::Edition, &'a crate::model::Section),
    Exceptions(&'a crate::model::Edition),
    Page(&'a crate::model::Page),
    NotFound,
}

pub fn site(site: &Site, theme: &Theme) -> Result<Output, Diagnostics> {
    let templates = Templates::new(theme)?;
    let views = Views { site };
    let mut jobs = vec![Job::Landing, Job::NotFound];
    for edition in &site.editions {
        jobs.push(Job::Edition(edition));
        jobs.push(Job::Exceptions(edition));
        for section in &site.sections {
            jobs.push(Job::Section(edition, section));
        }
    }
    jobs.extend(site.pages.iter().map(Job::Page));

    let mut output = Output {
        editions: site.editions.len(),
        ..Output::default()
    };
    let mut diagnostics = Diagnostics::new();
    for job in &jobs {
        match render_job(job, &views, &templates) {
            Ok((path, html, charts)) => {
                output.pages += 1;
                output.charts += charts;
                output.files.push(OutputFile {
                    path,
                    bytes: html.into_bytes(),
                });
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    for edition in &site.editions {
        let dir = edition.month.to_string();
        output.files.push(OutputFile {
            path: format!("{dir}/report.json"),
            bytes: data::json(site, edition).into_bytes(),
        });
        output.files.push(OutputFile {
            path: format!("{dir}/report.csv"),
            bytes: data::csv(site, edition).into_bytes(),
        });
    }
    for (path, bytes) in &theme.static_files {
        output.files.push(OutputFile {
            path: format!("static/{path}"),
            bytes: bytes.clone(),
        });
    }
    output.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(output)
}

/// Compiles the theme's templates alone, reporting each one that fails: for a run whose
/// data has errors, so that template errors are reported in the same run.
pub fn check_templates(theme: &Theme) -> Diagnostics {
    Templates::new(theme).err().unwrap_or_default()
}

/// Renders one page, returning its output path, its HTML and how many charts it has.
fn render_job(
    job: &Job,
    views: &Views,
    templates: &Templates,
) -> Result<(String, String, usize), Box<Diagnostic>> {
    fn page<V: Serialize>(
        templates: &Templates,
        name: &str,
        path: String,
        view: &V,
        charts: usize,
    ) -> Result<(String, String, usize), Box<Diagnostic>> {
        Ok((path, templates.render(name, view)?, charts))
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
        Job::Section(e, s) => {
            let view = views.section(e, s);
            let charts = view.panels.len();
            page(
                templates,
                "section.html",
                format!("{}/{}/index.html", e.month, s.id),
                &view,
                charts,
            )
        }
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
