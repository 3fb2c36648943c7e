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
                diagnostics.push(diagnostic(theme, &e, None));
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

/// Turns a Tera error into a diagnostic naming the template file and line.
fn diagnostic(theme: &Theme, error: &tera::Error, rendering: Option<&str>) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let template = report
        .map(|r| r.filename().to_string())
        .or(rendering.map(str::to_string))
        .unwrap_or_default();
    let (path, source) = theme
        .templates
        .iter()
        .find(|(name, _, _)| *name == template)
        .map(|(_, source, path)| (path.clone(), source.as_str()))
        .unwrap_or_else(|| (format!("templates/{template}").into(), ""));
    let message = match report {
        Some(r) => r.message().to_string(),
        None => error.to_string(),
    };
    let mut d = Diagnostic::error(path, format!("template `{template}`: {message}"));
    if let Some(r) = report {
        let span = r.span();
        d = d.at(source, span.start_line, span.start_col + 1);
    }
    d.with_hint("templates get formatted values; see the view fields in docs/themes.md")
}
