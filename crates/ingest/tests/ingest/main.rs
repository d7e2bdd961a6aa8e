//! Integration tests of the readers, one module per topic.

mod common;
mod csv;
mod eval;
mod hostile;
mod jsonl;
mod limits;
mod roundtrip;
mod xml;

/// A counting allocator, so that the limits tests can check peak heap use.
mod alloc {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;

    pub struct Counting;

    static LIVE: AtomicU64 = AtomicU64::new(0);
    static PEAK: AtomicU64 = AtomicU64::new(0);
    /// Peak measurements do not overlap one another.
    static SCOPE: Mutex<()> = Mutex::new(());

    // SAFETY: every call is forwarded unchanged to the system allocator; the counters are
    // only statistics.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let size = layout.size() as u64;
            let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(live, Ordering::Relaxed);
            // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as is.
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size() as u64, Ordering::Relaxed);
            // SAFETY: `ptr` was allocated by `System` with `layout` (see `alloc`).
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    /// Measures the peak growth of live heap bytes from `start` to `peak_growth`. Other tests
    /// running at the same time count too, which only makes the bound stricter.
    pub struct PeakScope {
        base: u64,
        _guard: std::sync::MutexGuard<'static, ()>,
    }

    impl PeakScope {
        pub fn start() -> PeakScope {
            let guard = SCOPE.lock().unwrap_or_else(|e| e.into_inner());
            let base = LIVE.load(Ordering::Relaxed);
            PEAK.store(base, Ordering::Relaxed);
            PeakScope {
                base,
                _guard: guard,
            }
        }

        pub fn peak_growth(&self) -> u64 {
            PEAK.load(Ordering::Relaxed).saturating_sub(self.base)
        }
    }
}
