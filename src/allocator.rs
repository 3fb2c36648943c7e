//! The memory allocator of scorecard's executables, the one user of the allocator crate.
//!
//! A build makes and drops a great many small strings and vectors (formatted figures,
//! view fields, chart paths and markup), on several threads at once. mimalloc serves
//! them from per-thread pages and spends about a quarter less CPU on a full build than
//! the system allocator, for a somewhat higher peak memory. A Rust program chooses its
//! allocator once per executable, so the library only names it: `main.rs` and the
//! benchmark examples, which run the library in their own process, each install it
//! with `#[global_allocator]`.

/// The allocator to install with `#[global_allocator]`.
pub use mimalloc::MiMalloc as Allocator;
