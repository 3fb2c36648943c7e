//! `scorecard new DIR`: a starter site that builds and passes `check` as it is.

use std::process::Command;

use crate::Run;

fn scorecard(args: &[&std::ffi::OsStr]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .args(args)
        .output()
        .expect("run scorecard");
    Run { output }
}

#[test]
fn a_new_site_builds_and_passes_check_as_it_is() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("my-report");
    let run = scorecard(&["new".as_ref(), dir.as_os_str()]).success();
    assert!(
        run.stdout().contains("Created a site in"),
        "{}",
        run.stdout()
    );
    for file in [
        "site.yaml",
        "data/sections/01-contact-referral.yaml",
        "data/monthly/2025-26.csv",
        "content/editions/2025-05/index.md",
        "content/editions/2025-05/contact-referral.md",
        "netlify.toml",
        ".gitignore",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    // Commented, so a performance officer can follow it.
    let settings = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    assert!(settings.lines().filter(|l| l.contains('#')).count() >= 5);

    let site = ["--site".as_ref(), dir.as_os_str()];
    let check =
        scorecard(&[&["check".as_ref()], &site[..], &["--strict".as_ref()]].concat()).success();
    assert!(
        check.stderr().contains("0 errors, 0 warnings."),
        "{}",
        check.stderr()
    );
    let build = scorecard(&[&["build".as_ref()], &site[..]].concat()).success();
    assert!(
        build
            .stdout()
            .starts_with("Built 1 edition: 6 pages, 2 charts"),
        "{}",
        build.stdout()
    );
    let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(
        home.contains("Referrals fell to 398 in May, from 412 in April."),
        "{home}"
    );
    assert!(home.contains("86.7% of referrals went on to assessment (345 of 398)"));
    // Its netlify.toml parses and builds previews for their own address.
    let netlify: toml::Table =
        toml::from_str(&std::fs::read_to_string(dir.join("netlify.toml")).unwrap()).unwrap();
    let preview = netlify["context"]["deploy-preview"]["command"]
        .as_str()
        .unwrap();
    assert!(
        preview.ends_with("--base-url \"$DEPLOY_PRIME_URL\""),
        "{preview}"
    );
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.yaml"), "mine").unwrap();
    let run = scorecard(&["new".as_ref(), dir.path().as_os_str()]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("the folder is not empty"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.yaml")).unwrap(),
        "mine"
    );
    // An empty folder is fine.
    let empty = tempfile::tempdir().unwrap();
    scorecard(&["new".as_ref(), empty.path().as_os_str()]).success();
}
