//! The theme's Tera templates: the only user of the template engine.

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Theme;

pub struct Templates {
    tera: tera::Tera,
    theme: Theme,
}

impl Templates {
    /// Compiles every template of the theme, reporting each one that fails.
    pub fn new(theme: &Theme) -> Result<Templates, Diagnostics> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let sources = theme
            .templates
            .iter()
            .map(|(name, source, _)| (name.as_str(), source.as_str()));
        match tera.add_raw_templates(sources) {
            Ok(()) => Ok(Templates {
                tera,
                theme: theme.clone(),
            }),
            Err(e) => {
                let mut diagnostics = Diagnostics::new();
                for d in compile_errors(theme, &e) {
                    diagnostics.push(d);
                }
                Err(diagnostics)
            }
        }
    }

    /// Renders `name` with `view` as its context.
    pub fn render<V: Serialize>(&self, name: &str, view: &V) -> Result<String, Box<Diagnostic>> {
        let context = tera::Context::from_serialize(view)
            .map_err(|e| Box::new(diagnostic(&self.theme, &e, Some(name))))?;
        self.tera
            .render(name, &context)
            .map_err(|e| Box::new(diagnostic(&self.theme, &e, Some(name))))
    }
}

/// Turns a failed compile into diagnostics. Tera checks the references between
/// templates (includes, filters, blocks) after parsing and reports every problem it
/// finds as one text of rustc-like reports; each is split out here so that it names
/// its template file and line like any other problem.
fn compile_errors(theme: &Theme, error: &tera::Error) -> Vec<Diagnostic> {
    let tera::ErrorKind::Msg(text) = error.kind() else {
        return vec![diagnostic(theme, error, None)];
    };
    let mut found = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let place = lines
            .peek()
            .and_then(|l| l.trim_start().strip_prefix("--> "))
            .and_then(|at| {
                let mut parts = at.rsplitn(3, ':');
                let column = parts.next()?.parse::<usize>().ok()?;
                let line = parts.next()?.parse::<usize>().ok()?;
                Some((parts.next()?.to_string(), line, column))
            });
        let Some((template, line, column)) = place else {
            continue;
        };
        let (path, source) = source_of(theme, &template);
        found.push(
            Diagnostic::error(path, format!("template `{template}`: {message}"))
                .at(source, line, column)
                .with_hint(HINT),
        );
    }
    if found.is_empty() {
        found.push(diagnostic(theme, error, None));
    }
    found
}

const HINT: &str = "templates get formatted values; see the view fields in docs/themes.md";

/// The file a template was read from, for messages, and its source.
fn source_of<'t>(theme: &'t Theme, template: &str) -> (std::path::PathBuf, &'t str) {
    theme
        .templates
        .iter()
        .find(|(name, _, _)| name == template)
        .map(|(_, source, path)| (path.clone(), source.as_str()))
        .unwrap_or_else(|| (format!("templates/{template}").into(), ""))
}

/// Turns a Tera error into a diagnostic naming the template file and line.
fn diagnostic(theme: &Theme, error: &tera::Error, rendering: Option<&str>) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let template = match (report, error.kind()) {
        (Some(r), _) => r.filename().to_string(),
        (None, tera::ErrorKind::MissingParent { current, .. }) => current.clone(),
        _ => rendering.unwrap_or_default().to_string(),
    };
    let (path, source) = source_of(theme, &template);
    let message = match (report, error.kind()) {
        (Some(r), _) => r.message().to_string(),
        (None, tera::ErrorKind::MissingParent { parent, .. }) => {
            format!("extends `{parent}`, which is not a template of the theme")
        }
        _ => error.to_string(),
    };
    let mut d = Diagnostic::error(path, format!("template `{template}`: {message}"));
    if let Some(r) = report {
        let span = r.span();
        d = d.at(source, span.start_line, span.start_col + 1);
    } else if let tera::ErrorKind::MissingParent { parent, .. } = error.kind()
        && let Some(i) = source.lines().position(|l| l.contains(parent.as_str()))
    {
        d = d.at(source, i + 1, 1);
    }
    d.with_hint(HINT)
}
