//! Stylesheets written from the model: the brand from site.yaml, and each edition's
//! running header for printing.
//!
//! They are files of their own, not inline `<style>`, so that the site can be served
//! with a Content-Security-Policy that forbids inline styles.

use crate::model::Brand;

/// How much darker the header's bottom border and hovered links are than the brand.
const DARKER: f64 = 0.35;

/// The stylesheet's text. With no brand settings it holds only its comment, so that
/// every page can link it and the theme's own values apply.
pub fn css(brand: &Brand) -> String {
    let mut css = String::from(
        "/* Written by scorecard from `brand` in site.yaml: change the settings, not this\n   \
         file. It loads after style.css and overrides its custom properties. */\n",
    );
    let mut properties = Vec::new();
    if let Some(colour) = brand.colour {
        properties.push(format!("--brand: {colour};"));
        properties.push(format!("--brand-dark: {};", colour.darken(DARKER)));
        properties.push(format!("--link: {colour};"));
    }
    if let Some(font) = &brand.font {
        properties.push(format!("--font: {font};"));
    }
    if !properties.is_empty() {
        css.push_str(":root {\n");
        for p in properties {
            css.push_str("  ");
            css.push_str(&p);
            css.push('\n');
        }
        css.push_str("}\n");
    }
    css
}

/// The running header of an edition's printed pages: the report, the edition and the
/// page number on every A4 page, as a committee paper has them.
pub fn edition_css(report: &str, edition: &str) -> String {
    format!(
        "@charset \"utf-8\";\n\
         /* Written by scorecard: the running header when this edition is printed. */\n\
         @page {{\n  \
         @top-left {{ content: {}; }}\n  \
         @top-right {{ content: {} \", page \" counter(page) \" of \" counter(pages); }}\n\
         }}\n",
        css_string(report),
        css_string(edition)
    )
}

/// Quotes text as a CSS string, so no title can end the string or the rule.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // A line break cannot stand in a CSS string; the header is one line.
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_settings_given_are_written() {
        assert!(!css(&Brand::default()).contains(":root"));
        let brand = Brand {
            colour: Some("#005eb8".parse().unwrap()),
            font: Some("Arial, sans-serif".into()),
            logo: None,
        };
        let text = css(&brand);
        assert!(text.contains("  --brand: #005eb8;\n"));
        assert!(text.contains("  --brand-dark: #003d78;\n"));
        assert!(text.contains("  --font: Arial, sans-serif;\n"));
    }

    #[test]
    fn header_text_cannot_escape_its_string() {
        let css = edition_css("A \"quoted\" report\\", "December 2015");
        assert!(css.contains(r#"@top-left { content: "A \"quoted\" report\\"; }"#));
        assert!(css.contains(r#"@top-right { content: "December 2015" ", page ""#));
    }
}
