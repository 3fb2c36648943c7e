//! Commentary Markdown to safe HTML: the only users of pulldown-cmark and ammonia.

use std::sync::LazyLock;

use pulldown_cmark::{Alignment, CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The sanitiser, built once: it is immutable configuration, not state.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    // Heading anchors and footnotes need ids and classes, and table alignment is a
    // class (see `align_with_classes`). No `style` attribute is kept, so the pages
    // satisfy a Content-Security-Policy without 'unsafe-inline'.
    builder
        .add_generic_attributes(["id", "class"])
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect());
    builder
});

/// Renders commentary Markdown to HTML with scripts, event handlers, `javascript:`
/// links and frames removed. Raw HTML in the Markdown is kept only where it is safe.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut unsafe_html = String::new();
    html::push_html(
        &mut unsafe_html,
        align_with_classes(Parser::new_ext(markdown, options)),
    );
    CLEANER.clean(&unsafe_html).to_string()
}

/// Writes table cells with an `align-left`, `align-center` or `align-right` class
/// where pulldown-cmark would write an inline `style`, which a strict
/// Content-Security-Policy blocks.
fn align_with_classes<'a>(events: Parser<'a>) -> impl Iterator<Item = Event<'a>> {
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    events.map(move |event| match event {
        Event::Start(Tag::Table(a)) => {
            alignments = a.clone();
            Event::Start(Tag::Table(a))
        }
        Event::Start(Tag::TableHead) => {
            in_head = true;
            column = 0;
            event
        }
        Event::End(TagEnd::TableHead) => {
            in_head = false;
            event
        }
        Event::Start(Tag::TableRow) => {
            column = 0;
            event
        }
        Event::Start(Tag::TableCell) => {
            let class = match alignments.get(column) {
                Some(Alignment::Left) => " class=\"align-left\"",
                Some(Alignment::Center) => " class=\"align-center\"",
                Some(Alignment::Right) => " class=\"align-right\"",
                _ => "",
            };
            column += 1;
            let cell = if in_head { "th" } else { "td" };
            Event::Html(CowStr::from(format!("<{cell}{class}>")))
        }
        Event::End(TagEnd::TableCell) => {
            Event::Html(CowStr::from(if in_head { "</th>" } else { "</td>" }))
        }
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_sanitises() {
        let html = to_html(
            "## Key points\n\n1. Contacts rose\n\n<script>alert(1)</script>[x](javascript:alert(1))",
        );
        assert!(html.contains("<h2>Key points</h2>"));
        assert!(html.contains("<li>Contacts rose</li>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn table_alignment_is_a_class_and_no_style_survives() {
        let html =
            to_html("| Month | Value |\n|:--|--:|\n| Dec | 485 |\n\n<p style=\"color:red\">x</p>");
        assert!(
            html.contains("<th class=\"align-left\">Month</th>"),
            "{html}"
        );
        assert!(
            html.contains("<th class=\"align-right\">Value</th>"),
            "{html}"
        );
        assert!(
            html.contains("<td class=\"align-right\">485</td>"),
            "{html}"
        );
        assert!(!html.contains("style"), "{html}");
    }
}
