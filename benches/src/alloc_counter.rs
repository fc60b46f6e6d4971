//! A counting global allocator for the footprint measurements.
//!
//! This is the only `unsafe` code of the project: the
//! protocol crates forbid it; here `GlobalAlloc` cannot be implemented
//! without it. Every method forwards to [`std::alloc::System`] unchanged and
//! only adds to relaxed atomic counters, so the safety contract is exactly
//! the system allocator's.
//!
//! Install it in a binary or test with
//! `#[global_allocator] static A: CountingAlloc = CountingAlloc;`; the
//! counters then see every heap allocation of that process. Measure with
//! [`measure`] on one thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::Relaxed};

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static ALLOC_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

/// Forwards to the system allocator and counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAlloc;

// SAFETY: each method calls the same method of `System` with the caller's
// arguments, unchanged, and returns its result; the counters are atomics and
// never allocate.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        ALLOC_BYTES.fetch_add(layout.size(), Relaxed);
        LIVE_BYTES.fetch_add(layout.size() as isize, Relaxed);
        // SAFETY: forwarded unchanged (see above).
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        ALLOC_BYTES.fetch_add(layout.size(), Relaxed);
        LIVE_BYTES.fetch_add(layout.size() as isize, Relaxed);
        // SAFETY: forwarded unchanged (see above).
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Relaxed);
        // SAFETY: forwarded unchanged (see above).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A realloc is counted as one allocation of the new size: it may
        // move, and so copy, the whole block.
        ALLOCS.fetch_add(1, Relaxed);
        ALLOC_BYTES.fetch_add(new_size, Relaxed);
        LIVE_BYTES.fetch_add(new_size as isize - layout.size() as isize, Relaxed);
        // SAFETY: forwarded unchanged (see above).
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// What the counters saw while a closure ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Allocations (`alloc`, `alloc_zeroed`, `realloc`).
    pub allocs: usize,
    /// Bytes requested by those allocations.
    pub bytes: usize,
    /// Change of live heap bytes from before to after (what is still held).
    pub live_delta: isize,
}

/// A snapshot of the counters.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    allocs: usize,
    bytes: usize,
    live: isize,
}

impl Snapshot {
    /// The counters now.
    pub fn now() -> Self {
        Snapshot {
            allocs: ALLOCS.load(Relaxed),
            bytes: ALLOC_BYTES.load(Relaxed),
            live: LIVE_BYTES.load(Relaxed),
        }
    }

    /// What happened between `self` and now.
    pub fn since(self) -> Usage {
        let now = Snapshot::now();
        Usage {
            allocs: now.allocs - self.allocs,
            bytes: now.bytes - self.bytes,
            live_delta: now.live - self.live,
        }
    }
}

/// Runs `f` and returns its result with the heap usage it caused. Only
/// meaningful when [`CountingAlloc`] is the global allocator and no other
/// thread allocates meanwhile.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    let before = Snapshot::now();
    let out = f();
    (out, before.since())
}
