//! The names the site's addresses are made of that ids and page names must not take.
//!
//! Loading refuses an id or a page name that would clash with them; rendering takes
//! indicator anchors from here, so the two always agree.

/// Names scorecard gives its own pages and folders, with what each is. A section id
/// or a free page named like one would take its address.
pub const RESERVED: [(&str, &str); 5] = [
    ("exceptions", "each edition's exceptions page"),
    ("print", "each edition's printable report"),
    ("report", "each edition's report.json and report.csv"),
    (
        "static",
        "the folder of the theme's static files and the logo",
    ),
    ("assets", "the folder of the site's stylesheets"),
];

/// What the reserved `name` is, if it is one.
pub fn reserved(name: &str) -> Option<&'static str> {
    RESERVED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, what)| *what)
}

/// The reserved names, for a hint.
pub fn reserved_names() -> String {
    RESERVED.map(|(name, _)| name).join(", ")
}

/// The address of an indicator, `2.1` becoming `i-2-1`: its fragment id on a page and
/// the name of its chart's CSV file. Ids that differ only in punctuation or letter
/// case (`2.1` and `2-1`, `M2` and `m2`) share one, so loading refuses such a pair.
pub fn indicator_anchor(id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("i-{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_differ_in_punctuation_or_case_share_an_anchor() {
        assert_eq!(indicator_anchor("6.2a"), "i-6-2a");
        assert_eq!(indicator_anchor("2.1"), indicator_anchor("2-1"));
        assert_eq!(indicator_anchor("M2"), indicator_anchor("m2"));
        assert_eq!(reserved("print"), Some("each edition's printable report"));
        assert_eq!(reserved("about"), None);
    }
}
