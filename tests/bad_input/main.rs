//! The bad-input corpus of tests/it/bad_input.rs, one named test per case.
//!
//! A data-driven harness (libtest-mimic, `harness = false`) rather than a macro writing
//! one `#[test]` per case: the corpus stays one `const CASES` array of plain values that
//! anyone can append to, and each case is still a test of its own that `cargo test`
//! lists, filters (`cargo test --test bad_input -- "settings: broken YAML"`), runs in
//! parallel and reports by name. Most cases build in this process, as the binary calls
//! the library; the few that build with the binary itself are listed as `[binary]`
//! (`cargo test --test bad_input -- binary` runs them alone).

// The integration tests' support (`TestSite`, `tree`), shared rather than copied. Their
// `#[test]` functions are compiled out here (this target is not built with `--test`),
// which leaves most of their helpers unused in this target.
#[allow(dead_code, unused_imports)]
#[path = "../it/main.rs"]
mod it;
use it::*;

// Loaded a second time, beside the unused copy inside `it`, because that copy is private
// to `it` and tests/it/main.rs stays as it is.
#[allow(clippy::duplicate_mod)]
#[path = "../it/bad_input.rs"]
mod bad_input;

fn main() {
    libtest_mimic::run(&libtest_mimic::Arguments::from_args(), bad_input::trials()).exit();
}
