//! The starter site that `scorecard new` writes: small, commented, and passing `check` as it is.
//!
//! The files live in `src/scaffold/` and are compiled into the binary, so a new site
//! always matches the version of scorecard that made it.

/// Each file of the starter site: its path in the new folder, and its contents.
pub const FILES: [(&str, &str); 7] = [
    ("site.yaml", include_str!("scaffold/site.yaml")),
    (
        "data/sections/01-contact-referral.yaml",
        include_str!("scaffold/contact-referral.yaml"),
    ),
    (
        "data/monthly/2025-26.csv",
        include_str!("scaffold/monthly.csv"),
    ),
    (
        "content/editions/2025-05/index.md",
        include_str!("scaffold/index.md"),
    ),
    (
        "content/editions/2025-05/contact-referral.md",
        include_str!("scaffold/analysis.md"),
    ),
    ("netlify.toml", include_str!("scaffold/netlify.toml")),
    (".gitignore", include_str!("scaffold/gitignore")),
];
