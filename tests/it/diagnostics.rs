//! Diagnostics that lead to the cause: found in linear time and capped, causes before
//! their consequences, knock-on errors left out, and input echoed so that it cannot
//! change the terminal.

use std::fmt::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Run, TestSite};

const CSV: &str = "data/monthly/2015-16.csv";
const SECTIONS: &str = "data/sections/01-referrals.yaml";
const COVER: &str = "content/editions/2015-12/index.md";
const ANALYSIS: &str = "content/editions/2015-12/referrals.md";

/// Appends `text` to a file of the site.
fn append(site: &TestSite, file: &str, text: &str) {
    let path = site.root().join(file);
    let mut all = std::fs::read_to_string(&path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

/// Runs `check` on the site, printing how long it took, and fails if it used more
/// than `limit` of processor time. Processor time, not time on the clock, so that the
/// check does not fail because other work shares the machine; it is read from
/// `/proc` where there is one, and is the time on the clock elsewhere.
fn timed_check(site: &TestSite, what: &str, limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .args(["check", "--site"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let read = |pipe: &mut dyn std::io::Read| {
        let mut bytes = Vec::new();
        pipe.read_to_end(&mut bytes).unwrap();
        bytes
    };
    let (out, err, cpu) = std::thread::scope(|scope| {
        let out = scope.spawn(|| read(&mut stdout));
        let err = scope.spawn(|| read(&mut stderr));
        let cpu = processor_time(child.id());
        (out.join().unwrap(), err.join().unwrap(), cpu)
    });
    let status = child.wait().unwrap();
    let wall = started.elapsed();
    let took = cpu.unwrap_or(wall);
    println!(
        "{what}: check took {:.2}s on the clock, {:.2}s of processor time",
        wall.as_secs_f64(),
        took.as_secs_f64()
    );
    assert!(took < limit, "{what}: check took {took:?}");
    Run {
        output: std::process::Output {
            status,
            stdout: out,
            stderr: err,
        },
    }
}

/// The processor time a child process used, read from `/proc` once it has ended and
/// before it is waited for; `None` where there is no `/proc`.
fn processor_time(pid: u32) -> Option<Duration> {
    let path = format!("/proc/{pid}/stat");
    loop {
        let stat = std::fs::read_to_string(&path).ok()?;
        // The fields after the command name, which is in parentheses: the state, then
        // ten more, then the user and system time in clock ticks of 1/100 s.
        let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split(' ').collect();
        if fields.first() == Some(&"Z") {
            let ticks: u64 =
                fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
            return Some(Duration::from_millis(ticks * 10));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Whether the report's lines are few and short: a bounded report, however many
/// problems there are.
fn assert_bounded(stderr: &str) {
    assert!(stderr.len() < 20_000, "{} bytes", stderr.len());
    assert!(stderr.lines().all(|l| l.chars().count() < 400), "{stderr}");
}

#[test]
fn twenty_five_thousand_bad_rows_are_reported_in_seconds_and_capped() {
    for rows in [25_000, 50_000] {
        let site = TestSite::fixture("small");
        append(&site, CSV, &"1.1,2015-13,5,,,,\n".repeat(rows));
        let run = timed_check(&site, &format!("{rows} bad rows"), Duration::from_secs(5));
        assert_eq!(run.code(), 1);
        let stderr = run.stderr();
        assert_bounded(&stderr);
        assert_eq!(
            stderr.matches("error: `2015-13` is not a month").count(),
            20
        );
        let more = format!(
            "note: and {} more errors like this in {CSV}",
            group(rows - 20)
        );
        assert!(stderr.contains(&more), "{stderr}");
        // The summary counts every one of them.
        assert!(
            stderr.ends_with(&format!("{} errors, 0 warnings.\n", group(rows))),
            "{stderr}"
        );
    }
}

/// `25000` as `25,000`, as scorecard writes every count.
fn group(n: usize) -> String {
    scorecard::model::Unit::Count.format(n as f64, 0)
}

#[test]
fn a_file_full_of_bad_shortcodes_is_reported_in_seconds_and_capped() {
    // As many as fit in the largest Markdown file scorecard reads (128 KB): before
    // lines were found by an index, 40,000 such shortcodes took 16 s.
    let site = TestSite::fixture("small");
    append(&site, ANALYSIS, &"{{ valeu 1.1 }}\n".repeat(8_000));
    let run = timed_check(&site, "8,000 shortcodes", Duration::from_secs(5));
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert_bounded(&stderr);
    assert!(stderr.contains("8,000 errors"), "{stderr}");
}

#[test]
fn thousands_of_rows_with_warnings_are_counted_and_capped() {
    // Every month after the fixture's that a site may hold (years up to 2200) for two
    // percentages, each over 100: 4,440 warnings.
    let site = TestSite::fixture("small");
    let mut csv = String::from("indicator,month,value\n");
    let mut n = 0;
    for id in ["1.2", "1.3"] {
        for year in 2016..=2200 {
            for month in 1..=12 {
                writeln!(csv, "{id},{year}-{month:02},150").unwrap();
                n += 1;
            }
        }
    }
    site.write("data/monthly/later.csv", &csv);
    let run = timed_check(&site, "4,440 rows with warnings", Duration::from_secs(5));
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let stderr = run.stderr();
    assert_bounded(&stderr);
    assert!(
        stderr.ends_with(&format!("0 errors, {} warnings.\n", group(n))),
        "{stderr}"
    );
}

#[test]
fn a_mistyped_month_comes_first_and_its_consequences_are_left_out() {
    let site = TestSite::fixture("small");
    let text = std::fs::read_to_string(site.root().join(CSV)).unwrap();
    site.write(CSV, &text.replace("1.2,2015-12", "1.2,2015-1"));
    // An unrelated mistake in the commentary, which sorts before data/ by path.
    append(&site, ANALYSIS, "\nAnd {{ value 7.7 }}.\n");
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(
        stderr.starts_with("error: `2015-1` is not a month"),
        "{stderr}"
    );
    assert!(stderr.contains("no indicator has the id `7.7`"), "{stderr}");
    // The figures the skipped row held are not reported missing as well.
    assert!(!stderr.contains("has no figure"), "{stderr}");
    assert!(stderr.ends_with("2 errors, 0 warnings.\n"), "{stderr}");
}

#[test]
fn a_section_file_that_is_not_utf8_is_the_only_problem_reported() {
    let site = TestSite::fixture("small");
    let mut bytes = std::fs::read(site.root().join(SECTIONS)).unwrap();
    bytes.extend_from_slice(b"# \xa3 per head\n");
    std::fs::write(site.root().join(SECTIONS), bytes).unwrap();
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(
        stderr.starts_with("error: the file is not valid UTF-8 text"),
        "{stderr}"
    );
    assert!(!stderr.contains("no indicator has the id"), "{stderr}");
    assert!(stderr.ends_with("1 error, 0 warnings.\n"), "{stderr}");
}

#[test]
fn a_cover_that_is_not_utf8_is_not_also_missing() {
    let site = TestSite::fixture("small");
    site.write(COVER, "");
    std::fs::write(
        site.root().join(COVER),
        b"---\nstatus: Final\n---\n\x93Quoted\x94\n",
    )
    .unwrap();
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
    assert!(!stderr.contains("has no cover"), "{stderr}");
    assert!(!stderr.contains("CSV UTF-8"), "{stderr}");
    assert!(stderr.ends_with("1 error, 0 warnings.\n"), "{stderr}");
}

#[test]
fn a_month_column_excel_reformatted_is_reported_once_with_the_count() {
    for (from, to) in [("2015-", "Sep-15 "), ("2015-", "01/09/")] {
        let site = TestSite::fixture("small");
        let text = std::fs::read_to_string(site.root().join(CSV)).unwrap();
        // Every month cell of the file, as Excel saves it once it has seen dates.
        let reformatted: String = text
            .lines()
            .map(|l| match l.split_once(',') {
                Some((id, rest)) if rest.starts_with(from) => {
                    let month = &rest[from.len()..from.len() + 2];
                    let cell = if to.starts_with("Sep") {
                        "Sep-15".to_string()
                    } else {
                        format!("01/{month}/2015")
                    };
                    format!("{id},{cell}{}\n", &rest[from.len() + 2..])
                }
                _ => format!("{l}\n"),
            })
            .collect();
        site.write(CSV, &reformatted);
        let run = site.run("check", &[]);
        assert_eq!(run.code(), 1);
        let stderr = run.stderr();
        assert_eq!(stderr.matches("is not a month").count(), 1, "{stderr}");
        assert!(
            stderr.contains("nor are the months of 8 more rows"),
            "{stderr}"
        );
        assert!(stderr.contains("Excel reformatted it"), "{stderr}");
        assert!(stderr.starts_with("error:"), "{stderr}");
    }
}

#[test]
fn terminal_escapes_and_invisible_characters_are_shown_escaped() {
    let site = TestSite::fixture("small");
    let text = std::fs::read_to_string(site.root().join(CSV)).unwrap();
    // A file holding control characters is refused whole, so the invisible
    // right-to-left mark, which is not one, is quoted from another file.
    site.write(
        CSV,
        &text.replacen(
            "1.1,2015-10,374",
            "1.1,2015-10,\u{1b}[2J\u{1b}]0;pwned\u{7}374",
            1,
        ),
    );
    site.write(
        "data/monthly/extra.csv",
        "indicator,month,value\n1.1\u{202e},2016-01,5\n",
    );
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(!stderr.contains('\u{202e}'), "{stderr:?}");
    assert!(
        stderr.contains(r"\u{1b}[2J\u{1b}]0;pwned\u{7}374"),
        "{stderr}"
    );
    assert!(stderr.contains(r"`1.1\u{202e}`"), "{stderr}");
}

#[test]
fn a_ten_megabyte_line_is_quoted_cut() {
    let site = TestSite::fixture("small");
    append(
        &site,
        CSV,
        &format!("1.1,2015-09,{},,,,\n", "9".repeat(10_000_000)),
    );
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert_bounded(&stderr);
    assert!(
        stderr.contains("in the value column is too large"),
        "{stderr}"
    );
}

#[test]
fn a_closed_stderr_ends_the_run_quietly_with_its_exit_code() {
    let site = TestSite::fixture("small");
    append(&site, CSV, &"1.1,2015-13,5,,,,\n".repeat(5_000));
    for command in ["check", "build"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard"))
            .args([command, "--site"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closing the reading ends is what `scorecard check 2>&1 | head -1` does.
        drop(child.stderr.take());
        drop(child.stdout.take());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "{command}: {status}");
    }
}

#[test]
fn a_shortcode_in_a_code_span_is_left_as_written() {
    let site = TestSite::fixture("small");
    append(
        &site,
        ANALYSIS,
        "\nWrite `{{ value 9.9 }}` to quote a figure, such as {{ value 1.1 }}.\n",
    );
    let run = site.run("build", &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let page = site.output("2015-12/referrals/index.html");
    assert!(page.contains("<code>{{ value 9.9 }}</code>"), "{page}");
    assert!(!page.contains("{{ value 1.1 }}"));
}

#[test]
fn one_edition_and_one_error_are_counted_in_the_singular() {
    let site = TestSite::fixture("small");
    let built = site.build();
    assert!(
        built.stdout().starts_with("Built 1 edition: "),
        "{}",
        built.stdout()
    );
    let text = std::fs::read_to_string(site.root().join(CSV)).unwrap();
    site.write(CSV, &text.replacen("2015-10", "2015-13", 1));
    assert!(
        site.run("check", &[])
            .stderr()
            .ends_with("\n1 error, 0 warnings.\n")
    );
}

#[test]
fn a_broken_link_in_a_cover_is_reported_once_at_its_markdown_line() {
    let site = TestSite::fixture("small");
    append(&site, COVER, "\nSee [the archive](archive/).\n");
    let run = site.run("check", &[]);
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    // The cover's summary shows on the edition's page and on the home page, where
    // its addresses are put under the edition's folder.
    assert_eq!(stderr.matches("error: broken link").count(), 1, "{stderr}");
    assert!(
        stderr.contains("--> content/editions/2015-12/index.md:10:5"),
        "{stderr}"
    );
    assert!(stderr.ends_with("1 error, 0 warnings.\n"), "{stderr}");
}
