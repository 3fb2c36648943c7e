//! The `scorecard` command line: parses arguments and calls the library.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use scorecard::BuildOptions;
use scorecard::diagnostics::count_of;
use scorecard::serve::{Rebuild, ServeOptions, Server};

/// The allocator the library is tuned for (see [`scorecard::allocator`]).
#[global_allocator]
static ALLOCATOR: scorecard::allocator::Allocator = scorecard::allocator::Allocator;

/// Prints a line to standard output. A closed pipe (`scorecard build | head`) is the
/// reader's way of saying it has seen enough, not a failure: the rest is dropped and
/// the command ends with its usual exit code rather than a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// [`say!`] for standard error, where the diagnostics go.
macro_rules! say_err {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// [`say_err!`] without the line break, for text that ends in its own.
macro_rules! put_err {
    ($($arg:tt)*) => {{
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

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
        /// The output folder [default: SITE/public]. It must be new, empty or an earlier
        /// build (holding a .scorecard-build file), and not the site or a folder it reads
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Load, validate and render the whole site in memory, and check every internal
    /// link and anchor; write nothing.
    #[command(
        after_help = "Exit codes: 0 no errors (warnings may be printed); 1 errors found, or warnings with --strict; 2 the command was used wrongly."
    )]
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Create a small, commented site to start from, in a new or empty folder.
    New {
        /// The folder to create
        dir: PathBuf,
    },
    /// Build the site in memory and serve it on this computer, rebuilding it and
    /// reloading open pages after every save.
    Serve(ServeArgs),
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
    /// After the summary, print each phase's wall time, CPU time and cores used
    #[arg(long)]
    timings: bool,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// The site folder, holding site.yaml
    #[arg(long, default_value = ".")]
    site: PathBuf,
    /// The port to listen on (0 lets the system pick a free one)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; any other than 127.0.0.1 or ::1 shows the draft
    /// report to other computers on the network
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    interface: IpAddr,
    /// Open the site in the default web browser
    #[arg(long)]
    open: bool,
}

impl SiteArgs {
    fn options(self, out: Option<PathBuf>) -> BuildOptions {
        let out = out.unwrap_or_else(|| self.site.join("public"));
        BuildOptions {
            site: self.site,
            out,
            base_url: self.base_url,
            strict: self.strict,
            timings: self.timings,
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build { site, out } => {
            let options = site.options(out);
            match scorecard::build(&options) {
                Ok(summary) if summary.unchanged => {
                    say!(
                        "Nothing changed since the last build, so nothing was written: {}, {}, {}, {} are up to date ({:.2}s). Open {}",
                        count_of(summary.editions, "edition"),
                        count_of(summary.pages, "page"),
                        count_of(summary.charts, "chart"),
                        count_of(summary.files, "file"),
                        summary.seconds,
                        options.out.join("index.html").display()
                    );
                    print_timings(&summary.timings);
                    ExitCode::SUCCESS
                }
                Ok(summary) => {
                    put_err!("{}", summary.warnings);
                    let reused = match summary.reused_editions {
                        0 => String::new(),
                        n => format!(
                            " ({} unchanged, taken from the last build)",
                            count_of(n, "edition")
                        ),
                    };
                    say!(
                        "Built {}{reused}: {}, {}, {} in {:.2}s into {}. Preview it with \
                         `scorecard serve --site {}`, or open {}",
                        count_of(summary.editions, "edition"),
                        count_of(summary.pages, "page"),
                        count_of(summary.charts, "chart"),
                        count_of(summary.files, "file"),
                        summary.seconds,
                        options.out.display(),
                        options.site.display(),
                        options.out.join("index.html").display()
                    );
                    print_timings(&summary.timings);
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => {
                    put_err!("{diagnostics}");
                    say_err!(
                        "Build failed: {}{}. Nothing was written.",
                        diagnostics.counts(),
                        strict_note(&diagnostics, options.strict)
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::New { dir } => match scorecard::new_site(&dir) {
            Ok(files) => {
                say!(
                    "Created a site in {} ({}).",
                    dir.display(),
                    count_of(files.len(), "file")
                );
                say!(
                    "Next: scorecard build --site {} and open {}",
                    dir.display(),
                    dir.join("public").join("index.html").display()
                );
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                put_err!("{diagnostics}");
                ExitCode::from(1)
            }
        },
        Command::Check { site } => {
            let options = site.options(None);
            let (diagnostics, timings) = scorecard::check_timed(&options);
            put_err!("{diagnostics}");
            say_err!(
                "{}{}.",
                diagnostics.counts(),
                strict_note(&diagnostics, options.strict)
            );
            print_timings(&timings);
            if diagnostics.fail(options.strict) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Serve(args) => serve(args),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let options = ServeOptions {
        site: args.site,
        interface: args.interface,
        port: args.port,
    };
    if !options.interface.is_loopback() {
        say_err!(
            "warning: listening on {}: other computers on the network can see the draft report",
            options.interface
        );
    }
    let server = match Server::bind(&options) {
        Ok(server) => server,
        Err(e) => {
            say_err!(
                "error: cannot listen on port {} of {}: {e}",
                options.port,
                options.interface
            );
            say_err!("  = hint: choose another port with --port, or 0 for any free one");
            return ExitCode::from(1);
        }
    };
    let url = server.url();
    say!(
        "Serving {} at {url} (press Ctrl+C to stop)",
        options.site.display()
    );
    if args.open
        && let Err(e) = opener::open_browser(&url)
    {
        say_err!("warning: cannot open a web browser: {e}");
    }
    match server.run(print_rebuild) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say_err!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// One line per build while serving, with the problems above it when it failed.
fn print_rebuild(rebuild: &Rebuild) {
    let cause = match rebuild.changed.as_slice() {
        [] => String::new(),
        [one] => format!(" after a change to {}", one.display()),
        many => format!(" after changes to {}", count_of(many.len(), "file")),
    };
    let ms = rebuild.seconds * 1000.0;
    match &rebuild.outcome {
        Ok((files, warnings)) => {
            put_err!("{warnings}");
            let verb = if rebuild.generation == 1 {
                "Built"
            } else {
                "Rebuilt"
            };
            let unchanged = if rebuild.unchanged {
                " (unchanged)"
            } else {
                ""
            };
            say!(
                "{verb} {} in {ms:.0} ms{cause}{unchanged}.",
                count_of(*files, "file")
            );
        }
        Err(diagnostics) => {
            put_err!("{diagnostics}");
            say_err!(
                "Build failed{cause}: {}. The browser shows them until they are fixed.",
                diagnostics.counts()
            );
        }
    }
}

/// Says why warnings alone failed the run.
/// Prints a line for each phase of a build or check, and their total, when it was
/// timed: `--timings`. The columns are fixed-width so that the lines read as a table
/// and a program can take the last three fields of each.
fn print_timings(timings: &scorecard::timings::Timings) {
    if timings.phases.is_empty() {
        return;
    }
    say!(
        "timings: wall, CPU of the whole process, cores = CPU ÷ wall, spread = CPU ÷ the busiest thread's CPU (both for phases of {} ms or more):",
        scorecard::timings::Phase::SHORTEST_FOR_CORES.as_millis()
    );
    say!(
        "  {:<12} {:>9} {:>9} {:>6} {:>6}",
        "phase",
        "wall s",
        "CPU s",
        "cores",
        "spread"
    );
    for phase in timings.phases.iter().chain([&timings.total()]) {
        let cpu = phase
            .cpu
            .map_or_else(|| "n/a".to_string(), |c| format!("{:.3}", c.as_secs_f64()));
        let ratio = |known: bool, ratio: Option<f64>| match (known, ratio) {
            (false, _) => "n/a".to_string(),
            (true, None) => "-".to_string(),
            (true, Some(ratio)) => format!("{ratio:.2}"),
        };
        say!(
            "  {:<12} {:>9.3} {:>9} {:>6} {:>6}",
            phase.name,
            phase.wall.as_secs_f64(),
            cpu,
            ratio(phase.cpu.is_some(), phase.cores()),
            ratio(phase.cpu.is_some(), phase.spread()),
        );
    }
}

fn strict_note(diagnostics: &scorecard::diagnostics::Diagnostics, strict: bool) -> &'static str {
    if strict && !diagnostics.has_errors() && !diagnostics.is_empty() {
        " (warnings are errors with --strict)"
    } else {
        ""
    }
}
