//! `scorecard serve`: builds the site in memory, serves it locally and reloads open pages after every save.
//!
//! The moving parts, each in its own module:
//!
//! - `watch` turns bursts of file-system events on the site's inputs into batches
//!   of changed paths (the only user of the file-watching crate).
//! - The rebuild thread here calls [`crate::render_site_reusing`], the function `build`
//!   and `check` use, keeping what one build can reuse in the next (a save that
//!   changed no input builds nothing, and an unchanged edition is neither rendered nor
//!   scanned), and turns each outcome into a `snapshot::Snapshot`: the whole site as
//!   bytes in memory, sharing the files of each edition it reused with the snapshot
//!   before as one group, or an error page built from the diagnostics.
//! - `http` answers requests from the current snapshot and tells open pages, over
//!   a WebSocket, when a newer one is ready (the only user of the HTTP crates).
//!
//! The snapshot is swapped in whole through a `tokio::sync::watch` channel, which is
//! a read-write lock around an `Arc` with change notification on top: a request sees
//! either the old site or the new one, never a mixture, and the reload message is sent
//! only once the new snapshot is in place, so a reloading page never lands on a
//! missing file. Nothing is written to disk.

mod http;
mod snapshot;
mod watch;

use std::any::Any;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::BuildOptions;
use crate::diagnostics::{Diagnostic, Diagnostics};
use snapshot::Snapshot;

/// How long the input must be quiet before a rebuild starts. Editors save in bursts
/// (write a temporary file, rename it, touch the folder) lasting a few milliseconds;
/// this gathers a burst into one rebuild while adding little to edit-to-reload. A
/// longer burst, such as a `git checkout`, may cause an extra rebuild, never a missed
/// one: the last change always starts a build after it.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding `site.yaml`).
    pub site: PathBuf,
    /// The address to listen on; loopback unless the user asks otherwise.
    pub interface: IpAddr,
    /// The port to listen on; 0 lets the system choose a free one.
    pub port: u16,
}

/// What one build during `serve` did, for the terminal.
#[derive(Debug)]
pub struct Rebuild {
    /// Counts builds from 1, the build at start.
    pub generation: u64,
    /// The inputs whose change caused this build, relative to the site folder; empty
    /// for the first build or when the watcher lost track and rebuilt everything.
    pub changed: Vec<PathBuf>,
    pub seconds: f64,
    /// The output is the same as the previous build's, so no page was reloaded.
    pub unchanged: bool,
    /// The number of files served and the warnings, or every problem found.
    pub outcome: Result<(usize, Diagnostics), Diagnostics>,
}

/// A bound listening socket, ready to build and serve a site.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    address: SocketAddr,
    site: PathBuf,
}

impl Server {
    /// Binds the address. The system queues connections from this moment, so a browser
    /// opened straight away waits for the first build instead of failing.
    pub fn bind(options: &ServeOptions) -> io::Result<Server> {
        let listener = TcpListener::bind((options.interface, options.port))?;
        let address = listener.local_addr()?;
        Ok(Server {
            listener,
            address,
            site: options.site.clone(),
        })
    }

    /// The address actually bound, with the port the system chose for port 0.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The site's address in a browser, which is also its base URL while serving.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Builds the site, then serves it until the process ends, rebuilding after every
    /// change to the inputs. `report` is called after each build, on a thread of its
    /// own, so that the caller decides what the terminal shows.
    pub fn run(self, mut report: impl FnMut(&Rebuild) + Send + 'static) -> io::Result<()> {
        let root = std::fs::canonicalize(&self.site)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", self.site.display())))?;
        let options = BuildOptions {
            site: root.clone(),
            out: root.join("public"),
            base_url: Some(self.url()),
            strict: false,
            timings: false,
        };
        // Watch before the first build, so that a save during it is not missed.
        let mut watcher = watch::InputWatcher::start(&root, DEBOUNCE)
            .map_err(|e| io::Error::other(format!("cannot watch {}: {e}", root.display())))?;
        let mut builder = Builder::new(options);
        let (first, rebuild) = builder.build(1, Vec::new(), None);
        report(&rebuild);
        let (sender, _) = tokio::sync::watch::channel(Arc::new(first));
        let sender = Arc::new(sender);

        let rebuilds = Arc::clone(&sender);
        std::thread::Builder::new()
            .name("scorecard rebuild".into())
            .spawn(move || {
                let mut generation = 1;
                while let Some(changed) = watcher.next_changes() {
                    generation += 1;
                    let previous = Arc::clone(&rebuilds.borrow());
                    let (snapshot, rebuild) = builder.build(generation, changed, Some(&previous));
                    if !rebuild.unchanged {
                        // This sends the reload message, now that the new site is in place.
                        rebuilds.send_replace(Arc::new(snapshot));
                    }
                    report(&rebuild);
                }
            })?;

        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let loopback_only = self.address.ip().is_loopback();
        runtime.block_on(http::serve(self.listener, sender, loopback_only))
    }
}

/// Runs the library's build for serve and wraps the outcome as a snapshot.
struct Builder {
    options: BuildOptions,
    /// Tells this server's builds apart from those of an earlier run, so a page left
    /// open across a restart reloads too.
    instance: String,
    /// The problems of the latest build as printed, when it failed.
    latest_error: Option<String>,
    /// What the next build can take from the builds before it.
    reuse: crate::Reuse,
}

impl Builder {
    fn new(options: BuildOptions) -> Builder {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Builder {
            options,
            instance: format!("{started:x}"),
            latest_error: None,
            reuse: crate::Reuse::default(),
        }
    }

    /// Builds the site, reusing the editions that have not changed from `previous`,
    /// the snapshot being served. The rebuild is marked unchanged when the outcome is
    /// the same as last time, byte for byte (a save without changes, or the second of
    /// two events one save can cause), so that no page reloads for nothing; a save
    /// that changed no input's content costs no more than reading the inputs.
    fn build(
        &mut self,
        generation: u64,
        changed: Vec<PathBuf>,
        previous: Option<&Snapshot>,
    ) -> (Snapshot, Rebuild) {
        let started = Instant::now();
        let version = format!("{}-{generation}", self.instance);
        // A bug that panics on some input must not stop the rebuilds: the page would
        // then be stuck on the last build whatever the user saves.
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            crate::render_site_reusing(&self.options, &mut self.reuse)
        }))
        .unwrap_or_else(|panic| {
            // What a build that panicked part way left in `reuse` is not to be trusted.
            self.reuse = crate::Reuse::default();
            Err(crashed(&self.options.site, &*panic))
        });
        let latest_error = result.as_ref().err().map(ToString::to_string);
        let showing_site = previous.is_some_and(|p| p.error_page.is_none());
        let (snapshot, outcome, unchanged) = match result {
            Ok((output, warnings)) => {
                let no_input_changed = output.unchanged;
                let snapshot = match previous {
                    // The files of the last successful build, which a failed build's
                    // snapshot keeps too.
                    Some(previous) if no_input_changed => Snapshot::unchanged(version, previous),
                    _ => Snapshot::site(version, output, previous),
                };
                let unchanged = showing_site
                    && (no_input_changed || previous.is_some_and(|p| snapshot.same_files(p)));
                let files = snapshot.files.len();
                (snapshot, Ok((files, warnings)), unchanged)
            }
            Err(diagnostics) => {
                let unchanged = self.latest_error.is_some() && self.latest_error == latest_error;
                (
                    Snapshot::failed(version, &diagnostics, previous),
                    Err(diagnostics),
                    unchanged,
                )
            }
        };
        self.latest_error = latest_error;
        let rebuild = Rebuild {
            generation,
            changed,
            seconds: started.elapsed().as_secs_f64(),
            unchanged,
            outcome,
        };
        (snapshot, rebuild)
    }
}

/// The diagnostic for a build that panicked, which is a bug in scorecard, not in the
/// input.
fn crashed(site: &Path, panic: &(dyn Any + Send)) -> Diagnostics {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(
        Diagnostic::error(
            site,
            format!("scorecard crashed building the site: {message}"),
        )
        .with_hint("this is a bug in scorecard; saving again retries the build"),
    );
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_the_page_can_show() {
        let payload: Box<dyn Any + Send> = Box::new(String::from("index out of bounds"));
        let diagnostics = crashed(Path::new("/sites/report"), &*payload);
        let text = diagnostics.to_string();
        assert!(diagnostics.has_errors());
        assert!(
            text.contains("crashed building the site: index out of bounds"),
            "{text}"
        );
        assert!(text.contains("--> /sites/report"), "{text}");
    }
}
