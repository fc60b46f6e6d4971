//! The counting allocator counts what it should: a test binary of its own,
//! because the global allocator is per process.

use mailwire_benches::alloc_counter::{CountingAlloc, measure};
use std::hint::black_box;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

#[test]
fn counts_allocations_bytes_and_what_stays_live() {
    // Run on one thread: the test harness may run others, so each check is
    // made in a single test that allocates predictably.
    let (v, usage) = measure(|| black_box(Vec::<u8>::with_capacity(1000)));
    assert_eq!(usage.allocs, 1);
    assert_eq!(usage.bytes, 1000);
    assert_eq!(usage.live_delta, 1000);

    let ((), usage) = measure(|| drop(v));
    assert_eq!(usage.allocs, 0);
    assert_eq!(usage.live_delta, -1000);

    let (s, usage) = measure(|| {
        let mut s = Vec::<u8>::with_capacity(8);
        s.extend_from_slice(&[7; 64]);
        black_box(s)
    });
    assert_eq!(usage.allocs, 2, "the allocation and one growth");
    assert_eq!(usage.live_delta, s.capacity() as isize);

    let (n, usage) = measure(|| {
        black_box([1u8, 2, 3])
            .iter()
            .map(|&b| b as u32)
            .sum::<u32>()
    });
    assert_eq!(n, 6);
    assert_eq!(usage.allocs, 0);
    assert_eq!(usage.bytes, 0);
}
