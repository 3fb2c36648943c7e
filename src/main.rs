//! The `scorecard` command line: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use scorecard::BuildOptions;

/// Builds a council's monthly performance report site from YAML, CSV and Markdown.
#[derive(Parser)]
#[command(
    version,
    about,
    after_help = "Exit codes: 0 success; 1 the site has errors; 2 the command was used wrongly."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder, replacing it only if the build succeeds.
    #[command(
        after_help = "Exit codes: 0 built (warnings may be printed); 1 errors found, or warnings with --strict: nothing was written; 2 the command was used wrongly."
    )]
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// The output folder [default: SITE/public]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Load, validate and render the whole site in memory; write nothing.
    #[command(
        after_help = "Exit codes: 0 no errors (warnings may be printed); 1 errors found, or warnings with --strict; 2 the command was used wrongly."
    )]
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site folder, holding site.yaml
    #[arg(long, default_value = ".")]
    site: PathBuf,
    /// The address the site is published at (overrides base_url in site.yaml)
    #[arg(long)]
    base_url: Option<String>,
    /// Treat warnings as errors
    #[arg(long)]
    strict: bool,
}

impl SiteArgs {
    fn options(self, out: Option<PathBuf>) -> BuildOptions {
        let out = out.unwrap_or_else(|| self.site.join("public"));
        BuildOptions {
            site: self.site,
            out,
            base_url: self.base_url,
            strict: self.strict,
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build { site, out } => {
            let options = site.options(out);
            match scorecard::build(&options) {
                Ok(summary) => {
                    eprint!("{}", summary.warnings);
                    println!(
                        "Built {} editions: {} pages, {} charts, {} files in {:.2}s. Open {}",
                        summary.editions,
                        summary.pages,
                        summary.charts,
                        summary.files,
                        summary.seconds,
                        options.out.join("index.html").display()
                    );
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => {
                    eprint!("{diagnostics}");
                    eprintln!(
                        "Build failed: {}{}. Nothing was written.",
                        diagnostics.counts(),
                        strict_note(&diagnostics, options.strict)
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { site } => {
            let options = site.options(None);
            let diagnostics = scorecard::check(&options);
            eprint!("{diagnostics}");
            eprintln!(
                "{}{}.",
                diagnostics.counts(),
                strict_note(&diagnostics, options.strict)
            );
            if diagnostics.fail(options.strict) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Says why warnings alone failed the run.
fn strict_note(diagnostics: &scorecard::diagnostics::Diagnostics, strict: bool) -> &'static str {
    if strict && !diagnostics.has_errors() && !diagnostics.is_empty() {
        " (warnings are errors with --strict)"
    } else {
        ""
    }
}
