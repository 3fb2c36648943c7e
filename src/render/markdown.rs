//! Commentary Markdown to safe HTML: the only users of pulldown-cmark and ammonia.

use std::borrow::Cow;
use std::sync::LazyLock;

use ammonia::{UrlRelative, UrlRelativeEvaluate};

use pulldown_cmark::{Alignment, CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The sanitiser, built once: it is immutable configuration, not state.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(cleaner);

fn cleaner() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    // Heading anchors and footnotes need ids and classes, and table alignment is a
    // class (see `align_with_classes`). No `style` attribute is kept, so the pages
    // satisfy a Content-Security-Policy without 'unsafe-inline'.
    builder
        .add_generic_attributes(["id", "class"])
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect());
    builder
}

/// Renders commentary Markdown to HTML with scripts, event handlers, `javascript:`
/// links and frames removed. Raw HTML in the Markdown is kept only where it is safe.
pub fn to_html(markdown: &str) -> String {
    CLEANER.clean(&unsanitised(markdown)).to_string()
}

/// Renders like [`to_html`] for commentary shown away from its own page, such as the
/// latest summary on the home page or a summary in the feed: every relative address
/// is put under `prefix` (`2015-12/`, or the edition's full address), so the links
/// still lead where they did on the edition's page.
pub fn to_html_under(markdown: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return to_html(markdown);
    }
    let mut builder = cleaner();
    builder.url_relative(UrlRelative::Custom(Box::new(UnderPrefix(prefix.into()))));
    builder.clean(&unsanitised(markdown)).to_string()
}

struct UnderPrefix(String);

impl<'a> UrlRelativeEvaluate<'a> for UnderPrefix {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        // A fragment stays on the page showing it; a path from the domain root is
        // the same wherever it is shown.
        if url.starts_with('#') || url.starts_with('/') {
            Some(Cow::Borrowed(url))
        } else {
            Some(Cow::Owned(format!("{}{url}", self.0)))
        }
    }
}

/// The address of every link and image in `markdown`, as the rendered page has it,
/// with the byte offset where the link is written: for pointing a broken link at the
/// line of the Markdown that made it.
pub fn link_destinations(markdown: &str) -> Vec<(String, usize)> {
    Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

/// The Markdown extensions commentary may use.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_SMART_PUNCTUATION);

fn unsanitised(markdown: &str) -> String {
    let options = OPTIONS;
    let mut unsafe_html = String::new();
    html::push_html(
        &mut unsafe_html,
        align_with_classes(Parser::new_ext(markdown, options)),
    );
    unsafe_html
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
    fn relative_links_move_under_a_prefix_and_others_do_not() {
        let text =
            "[a](referrals/#i-1-3) [b](../2015-11/) [c](#summary) [d](/x/) [e](https://e.example/)";
        let html = to_html_under(text, "2015-12/");
        assert!(html.contains("href=\"2015-12/referrals/#i-1-3\""), "{html}");
        assert!(html.contains("href=\"2015-12/../2015-11/\""), "{html}");
        assert!(html.contains("href=\"#summary\""), "{html}");
        assert!(html.contains("href=\"/x/\""), "{html}");
        assert!(html.contains("href=\"https://e.example/\""), "{html}");
        assert_eq!(to_html_under(text, ""), to_html(text));
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
