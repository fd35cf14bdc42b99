//! The global allocator: mimalloc, through its plain entry points wherever the alignment
//! asked for is one every mimalloc block has anyway.
//!
//! The `mimalloc` crate sends every request through `mi_malloc_aligned`, which in mimalloc
//! v3 falls back to a generic over-allocating path whenever the current page's next free
//! block is not already aligned; profiles of chart renders showed most small allocations
//! taking it. Block sizes are multiples of 8, so any alignment up to 8 needs nothing extra.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;

use libmimalloc_sys as ffi;

/// mimalloc with its plain fast paths for ordinary layouts.
pub struct Alloc;

/// The alignment every mimalloc block has.
const BLOCK_ALIGN: usize = 8;

/// Whether the plain entry points satisfy the layout's alignment.
#[inline]
fn plain(layout: Layout) -> bool {
    layout.align() <= BLOCK_ALIGN
}

// SAFETY: every path hands the request to mimalloc, which returns blocks of at least the
// requested size; plain calls are used only where the block alignment already satisfies
// the layout, and frees go to `mi_free`, which accepts blocks from either kind of call.
unsafe impl GlobalAlloc for Alloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout) {
            ffi::mi_malloc(layout.size()) as *mut u8
        } else {
            ffi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout) {
            ffi::mi_zalloc(layout.size()) as *mut u8
        } else {
            ffi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        ffi::mi_free(ptr as *mut c_void);
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout) {
            ffi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
        } else {
            ffi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every small size and alignment come back aligned as asked, and survive a
    /// reallocation with their contents.
    #[test]
    fn layouts_are_honoured() {
        for align in [1usize, 2, 4, 8, 16, 32, 64] {
            for size in [1usize, 3, 7, 8, 12, 16, 24, 40, 100, 1000, 5000, 70_000] {
                let layout = Layout::from_size_align(size.max(align), align).unwrap();
                unsafe {
                    let p = Alloc.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    p.write_bytes(0xAB, layout.size());
                    let q = Alloc.realloc(p, layout, layout.size() * 3);
                    assert_eq!(q as usize % align, 0, "realloc size {size} align {align}");
                    assert_eq!(*q.add(layout.size() - 1), 0xAB);
                    Alloc.dealloc(
                        q,
                        Layout::from_size_align(layout.size() * 3, align).unwrap(),
                    );
                    let z = Alloc.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..layout.size()).all(|i| *z.add(i) == 0));
                    Alloc.dealloc(z, layout);
                }
            }
        }
    }
}
