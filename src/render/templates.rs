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
        tera.set_escape_fn(escape);
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

    /// `view` as the template engine's values, made once for several pages' contexts.
    pub fn share<V: Serialize>(&self, view: &V) -> Result<Shared, Box<Diagnostic>> {
        tera::Value::try_from_serializable(view)
            .map(Shared)
            .map_err(|e| Box::new(diagnostic(&self.theme, &e, None)))
    }

    /// Renders `name` with `view` as its context, and each of `shared` in it as its key.
    pub fn render_sharing<V: Serialize>(
        &self,
        name: &str,
        view: &V,
        shared: &[(&'static str, &Shared)],
    ) -> Result<String, Box<Diagnostic>> {
        let mut context = tera::Context::from_serialize(view)
            .map_err(|e| Box::new(diagnostic(&self.theme, &e, Some(name))))?;
        for (key, value) in shared {
            context.insert_value(*key, value.0.clone());
        }
        self.tera
            .render(name, &context)
            .map_err(|e| Box::new(diagnostic(&self.theme, &e, Some(name))))
    }
}

/// A view as the template engine's values, made once ([`Templates::share`]) and placed
/// in the contexts of several pages ([`Templates::render_sharing`]): turning a large
/// view into values was a tenth of a build when each page did it again. Its parts
/// are shared between the pages' values, not copied.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared(tera::Value);

impl Shared {
    /// The list of `items`, as a view's list of them would be: so that the items of a
    /// long list can be made on several cores.
    pub fn list(items: Vec<Shared>) -> Shared {
        Shared(tera::Value::from(
            items.into_iter().map(|item| item.0).collect::<Vec<_>>(),
        ))
    }

    /// The value with each text under the key `href`, at any depth, replaced by what
    /// `relink` makes of it, and then each of `fields`, at the top, set to its text.
    /// Whatever holds no such link is shared with this value, not copied.
    pub fn relinked(
        &self,
        relink: &mut dyn FnMut(&str) -> String,
        fields: Vec<(&'static str, String)>,
    ) -> Shared {
        let value = relinked(&self.0, relink).unwrap_or_else(|| self.0.clone());
        if fields.is_empty() {
            return Shared(value);
        }
        let mut map = value.as_map().cloned().unwrap_or_default();
        for (key, text) in fields {
            map.insert(tera::value::Key::Str(key), tera::Value::from(text));
        }
        Shared(tera::Value::from(map))
    }
}

/// [`Shared::relinked`] of one value: `None` when it holds no link, so that it is
/// shared as it is.
fn relinked(value: &tera::Value, relink: &mut dyn FnMut(&str) -> String) -> Option<tera::Value> {
    if let Some(map) = value.as_map() {
        let mut changed = Vec::new();
        for (key, item) in map {
            let new = match (key.as_str(), item.as_str()) {
                (Some("href"), Some(link)) => Some(tera::Value::from(relink(link))),
                _ => relinked(item, relink),
            };
            if let Some(new) = new {
                changed.push((key.clone(), new));
            }
        }
        if changed.is_empty() {
            return None;
        }
        let mut map = map.clone();
        for (key, new) in changed {
            map.insert(key, new);
        }
        return Some(tera::Value::from(map));
    }
    let items = value.as_array()?;
    let mut changed: Vec<(usize, tera::Value)> = Vec::new();
    for (k, item) in items.iter().enumerate() {
        if let Some(new) = relinked(item, relink) {
            changed.push((k, new));
        }
    }
    if changed.is_empty() {
        return None;
    }
    let mut items = items.to_vec();
    for (k, new) in changed {
        items[k] = new;
    }
    Some(tera::Value::from(items))
}

/// Escapes text for HTML and XML alike with Tera's own HTML escaper, after replacing
/// each character that XML 1.0 forbids or HTML reports as a parse error (control
/// characters other than tab, line feed and carriage return, and the noncharacters
/// U+FFFE and U+FFFF) with U+FFFD, so that feed.xml and sitemap.xml are well-formed
/// whatever the text holds. The loader refuses such characters, so this is the last
/// line of defence.
fn escape(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if text.chars().all(is_markup_char) {
        return tera::escape_html(text, out);
    }
    let text: String = text
        .chars()
        .map(|c| if is_markup_char(c) { c } else { '\u{FFFD}' })
        .collect();
    tera::escape_html(&text, out)
}

/// Whether a character may stand in HTML and XML text.
pub(crate) fn is_markup_char(c: char) -> bool {
    !crate::model::is_stray_control(c)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Text with a character of every class that has broken a feed or a page.
    pub(crate) const EVERY_CLASS: [&str; 8] = [
        "plain words, 46.6% (Dec)",
        "\u{0}\u{1}\u{7}\u{8}\t\u{b}\u{c}\u{e}\u{1b}\u{1f}\u{7f}\u{80}\u{85}\u{9f}",
        "\"'`\\ & &amp; &#0; ]]> <![CDATA[",
        "</style></title><script>alert(1)</script>",
        "line\nbreak\r\nand\rreturn",
        "\u{2028}\u{2029}\u{feff}\u{200b}\u{202e}\u{fffe}\u{ffff}\u{fffd}",
        "Café naïve Ŵales 日本 \u{1F600}\u{10FFFF}",
        "{{ x }} {% if %} \\u0000",
    ];

    #[test]
    fn a_shared_value_relinked_has_every_href_made_again_and_the_fields_set() {
        let value = |json: serde_json::Value| Shared(tera::Value::from_serializable(&json));
        let cells = |href: &str| {
            serde_json::json!([
                [{"kind": "text", "value": "1", "label": "No."}],
                [{"kind": "heading", "href": href, "title": "Delays"}],
            ])
        };
        let made = value(serde_json::json!({
            "page": "index.html",
            "month": "2015-12",
            "sections": [{"href": "s/index.html", "label": "S"}],
            "summary": {"groups": [{"href": "s/index.html", "rows": [
                {"href": "s/index.html#i-1", "number": "1", "cells": cells("s/index.html#i-1")},
            ]}]},
        }));
        let expected = value(serde_json::json!({
            "page": "",
            "month": "2015-12",
            "sections": [{"href": "../s/index.html", "label": "S"}],
            "summary": {"groups": [{"href": "../s/index.html", "rows": [
                {"href": "../s/index.html#i-1", "number": "1", "cells": cells("../s/index.html#i-1")},
            ]}]},
        }));
        let relinked = made.relinked(
            &mut |link| format!("../{link}"),
            vec![("page", String::new())],
        );
        assert_eq!(relinked, expected);
        assert_eq!(made.relinked(&mut |link| link.into(), Vec::new()), made);
    }

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        escape(text, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_kind_of_character_reads_back_from_xml() {
        use quick_xml::events::Event;
        for text in EVERY_CLASS {
            let xml = format!("<e a=\"{0}\">{0}</e>", escaped(text));
            let mut reader = quick_xml::Reader::from_str(&xml);
            let expected: String = text
                .chars()
                .map(|c| if is_markup_char(c) { c } else { '\u{FFFD}' })
                .collect();
            let mut read = String::new();
            let mut attribute = None;
            loop {
                match reader.read_event() {
                    Ok(Event::Start(e)) => {
                        let a = e.try_get_attribute("a").unwrap().unwrap();
                        attribute = Some(a.unescape_value().unwrap().to_string());
                    }
                    Ok(Event::Text(t)) => read.push_str(&t.decode().unwrap()),
                    Ok(Event::GeneralRef(r)) => {
                        let name = r.decode().unwrap();
                        let c = match name.as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => {
                                let code = other.strip_prefix('#').unwrap();
                                let code = match code.strip_prefix('x') {
                                    Some(hex) => u32::from_str_radix(hex, 16),
                                    None => code.parse(),
                                };
                                char::from_u32(code.unwrap()).unwrap()
                            }
                        };
                        read.push(c);
                    }
                    Ok(Event::End(_)) => {}
                    Ok(Event::Eof) => break,
                    other => panic!("{other:?} in {xml:?}"),
                }
            }
            // XML reads a carriage return as a line feed; nothing else may change.
            let normal = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(normal(&read), normal(&expected), "{xml:?}");
            assert_eq!(
                attribute.as_deref().map(normal),
                Some(normal(&expected)),
                "{xml:?}"
            );
            assert!(xml.chars().all(is_markup_char), "{xml:?}");
        }
    }
}
