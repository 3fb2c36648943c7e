//! The one place that parses YAML, so the YAML crate stays behind this module.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics};

pub use serde_saphyr::Spanned;

/// Parses `text` strictly: `yes` and `no` are strings, duplicate keys are errors.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    line_offset: usize,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    match serde_saphyr::from_str_with_options::<T>(text, options) {
        Ok(value) => Some(value),
        Err(e) => {
            let message = plain_message(&e);
            let mut d = Diagnostic::error(file, message);
            if let Some(loc) = e.location() {
                let line = loc.line() as usize;
                let column = loc.column() as usize;
                // The snippet comes from the text we parsed; the reported line is moved
                // by the offset of that text in its file (front matter starts on line 2).
                d = d.at(text, line, column);
                d.line = Some(line + line_offset);
            }
            diagnostics.push(d.with_hint("see docs/format.md for the fields this file takes"));
            None
        }
    }
}

/// The error message without the location suffix the crate adds: ours is shown apart.
fn plain_message(e: &serde_saphyr::Error) -> String {
    let options = serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    };
    let text = e.render_with_options(options);
    let text = text.lines().next().unwrap_or_default().to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The one-based line of a spanned value.
pub fn line_of<T>(spanned: &Spanned<T>) -> usize {
    spanned.referenced.line() as usize
}
