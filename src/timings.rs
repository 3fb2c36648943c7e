//! How long each phase of a build took, in wall-clock and CPU time (`--timings`).
//!
//! CPU time is the whole process's, every thread's time on a core, read at each
//! phase's end from `/proc`: the standard library has no `getrusage`, and the crate
//! links no C library for it. Each thread's comes from `/proc/self/task/*/schedstat`,
//! in nanoseconds, and the process's is their sum: a build's threads (the one that
//! started it and one per core) live as long as it does. Where `schedstat` cannot be
//! read, the process's time comes from `/proc/self/stat`, in ticks of 1/100 s
//! (`USER_HZ`), and no busiest thread is known. The ratios are shown only for phases
//! of at least [`Phase::SHORTEST_FOR_CORES`]. Elsewhere than Linux the CPU time is
//! unknown and shown as such.
//!
//! On a machine other programs keep busy, CPU over wall time says as much about them
//! as about the build. So each phase also gives the CPU time of its busiest thread:
//! a phase whose CPU time is all on one thread ran on one core however quiet the
//! machine, and one whose CPU time is twice its busiest thread's spread over two,
//! however busy.

use std::time::{Duration, Instant};

/// The phases of one build or check, in the order they ran.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timings {
    pub phases: Vec<Phase>,
}

/// One phase of a build: its name, wall-clock time and the process's CPU time.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub name: &'static str,
    pub wall: Duration,
    /// `None` where the process's CPU time cannot be read.
    pub cpu: Option<Duration>,
    /// The CPU time of the thread that worked most in the phase, when known.
    pub busiest: Option<Duration>,
}

impl Phase {
    /// The phases shorter than this show no count of cores: a thread runs for a few
    /// milliseconds at a time, so a shorter phase's ratio says little.
    pub const SHORTEST_FOR_CORES: Duration = Duration::from_millis(10);

    /// How many cores the phase kept busy on average: CPU time over wall time, when
    /// both are known and the phase is long enough for the ratio to mean something.
    pub fn cores(&self) -> Option<f64> {
        let cpu = self.cpu?;
        (self.wall >= Self::SHORTEST_FOR_CORES).then(|| cpu.as_secs_f64() / self.wall.as_secs_f64())
    }

    /// Over how many threads' worth the work was spread: CPU time over the busiest
    /// thread's, which does not depend on what else the machine runs. Shown for the
    /// phases that [`Phase::cores`] is.
    pub fn spread(&self) -> Option<f64> {
        let busiest = self.busiest.filter(|b| !b.is_zero())?;
        self.cores()?;
        Some(self.cpu?.as_secs_f64() / busiest.as_secs_f64())
    }
}

impl Timings {
    /// All the phases together, as one phase named `total`.
    pub fn total(&self) -> Phase {
        Phase {
            name: "total",
            wall: self.phases.iter().map(|p| p.wall).sum(),
            cpu: self.phases.iter().map(|p| p.cpu).sum(),
            busiest: None,
        }
    }
}

/// Times the phases of a build one after another: each [`Stopwatch::lap`] ends the
/// phase that began when the one before it ended. Switched off, it reads no clock.
#[derive(Debug)]
pub(crate) struct Stopwatch {
    /// When the current phase began, and the process's and each thread's CPU time
    /// then; `None` when switched off.
    since: Option<(Instant, Option<Duration>, Threads)>,
    timings: Timings,
}

impl Stopwatch {
    /// A stopwatch whose first phase begins now, when `on`.
    pub(crate) fn new(on: bool) -> Stopwatch {
        Stopwatch {
            since: on.then(|| {
                let threads = threads_cpu();
                (Instant::now(), process_cpu(threads.as_ref()), threads)
            }),
            timings: Timings::default(),
        }
    }

    /// Ends the current phase, naming it, and begins the next.
    pub(crate) fn lap(&mut self, name: &'static str) {
        let Some((began, cpu_then, threads_then)) = self.since.take() else {
            return;
        };
        let threads_now = threads_cpu();
        let (now, cpu_now) = (Instant::now(), process_cpu(threads_now.as_ref()));
        // A thread begun during the phase counts from nothing; one that ended during
        // it is missing from the busiest, though not from the process's CPU time.
        let busiest = threads_now.as_ref().map(|now| {
            now.iter()
                .map(|(thread, cpu)| {
                    let then = threads_then
                        .as_ref()
                        .and_then(|then| then.iter().find(|(t, _)| t == thread))
                        .map_or(Duration::ZERO, |(_, cpu)| *cpu);
                    cpu.saturating_sub(then)
                })
                .max()
                .unwrap_or_default()
        });
        self.timings.phases.push(Phase {
            name,
            wall: now - began,
            cpu: cpu_now
                .zip(cpu_then)
                .map(|(now, then)| now.saturating_sub(then)),
            busiest,
        });
        self.since = Some((now, cpu_now, threads_now));
    }

    /// The phases timed so far.
    pub(crate) fn finish(self) -> Timings {
        self.timings
    }
}

/// The kernel's clock ticks per second for process times (`USER_HZ`).
const TICKS_PER_SECOND: u64 = 100;

/// The CPU time of every thread of this process so far: the sum of `threads`, or
/// failing them the user and system time in `/proc/self/stat`.
fn process_cpu(threads: Option<&Vec<(String, Duration)>>) -> Option<Duration> {
    if let Some(threads) = threads {
        return Some(threads.iter().map(|(_, cpu)| *cpu).sum());
    }
    if !cfg!(target_os = "linux") {
        return None;
    }
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    cpu_of_stat(&stat)
}

/// Each thread of this process, by its id, with its time on a core so far.
type Threads = Option<Vec<(String, Duration)>>;

/// The time on a core of each thread of this process so far, in nanoseconds from
/// its `schedstat`; `None` if one cannot be read.
fn threads_cpu() -> Threads {
    if !cfg!(target_os = "linux") {
        return None;
    }
    std::fs::read_dir("/proc/self/task")
        .ok()?
        .map(|thread| {
            let thread = thread.ok()?;
            let stat = std::fs::read_to_string(thread.path().join("schedstat")).ok()?;
            let nanoseconds = stat.split_whitespace().next()?.parse().ok()?;
            Some((
                thread.file_name().to_string_lossy().into_owned(),
                Duration::from_nanos(nanoseconds),
            ))
        })
        .collect()
}

/// The user and system time in a `/proc/<pid>/stat` line: its 14th and 15th fields.
/// The 2nd, the command name in brackets, may hold spaces and brackets, so fields
/// are counted from the last closing bracket, after which the 3rd field begins.
fn cpu_of_stat(stat: &str) -> Option<Duration> {
    let (_, after_name) = stat.rsplit_once(')')?;
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    let ticks = user + system;
    Some(Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_user_and_system_ticks_after_the_command_name() {
        let stat = "4242 (a (b) c) R 1 4242 4242 0 -1 4194304 100 0 0 0 123 45 0 0 20 0 3 0";
        assert_eq!(cpu_of_stat(stat), Some(Duration::from_millis(1680)));
        assert_eq!(cpu_of_stat("4242 (x) R 1"), None);
    }

    #[test]
    fn a_switched_off_stopwatch_times_nothing() {
        let mut watch = Stopwatch::new(false);
        watch.lap("load");
        assert!(watch.finish().phases.is_empty());
    }

    #[test]
    fn laps_follow_one_another_and_short_phases_count_no_cores() {
        let mut watch = Stopwatch::new(true);
        watch.lap("load");
        watch.lap("render");
        let timings = watch.finish();
        let names: Vec<_> = timings.phases.iter().map(|p| p.name).collect();
        assert_eq!(names, ["load", "render"]);
        assert_eq!(timings.phases[0].cores(), None);
        assert_eq!(timings.total().name, "total");
    }
}
