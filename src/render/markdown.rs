//! Commentary Markdown to safe HTML: the only users of pulldown-cmark and ammonia.

use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

/// The sanitiser, built once: it is immutable configuration, not state.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    // Heading anchors and footnotes need ids and classes; table alignment needs a
    // `style` that is filtered below to `text-align` alone.
    builder
        .add_generic_attributes(["id", "class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .attribute_filter(|_element, attribute, value| {
            if attribute == "style" {
                let ok = matches!(
                    value.trim(),
                    "text-align: left" | "text-align: center" | "text-align: right"
                );
                return ok.then(|| value.into());
            }
            Some(value.into())
        })
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
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    CLEANER.clean(&unsafe_html).to_string()
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
}
