//! Code shared by the benchmark examples `serve_bench` and `site_bench`.

pub mod reload;

/// The benchmarks run the library in this process, so they install the allocator the
/// `scorecard` executable does: otherwise they would time a different program.
#[global_allocator]
static ALLOCATOR: scorecard::allocator::Allocator = scorecard::allocator::Allocator;
