//! A C-ABI entry point for checking, from a test, that a WASM build packages charts to
//! the same bytes as a native one. Built only with the `wasm-probe` feature, as a cdylib:
//! `cargo rustc -p binnacle-core --lib --crate-type cdylib --target wasm32-unknown-unknown
//! --no-default-features --features std,wasm-probe`.
//!
//! Input (little-endian): `u32` file count, then per file `u32` name length, name, `u32`
//! data length, data; then `i64` SOURCE_DATE_EPOCH (negative: none). Output at the
//! returned pointer: `u32` status (0 ok), `u32` length, then the archive or the error.

use alloc::vec::Vec;

use super::{package, PackageOptions};

fn take<'a>(buf: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if buf.len() < n {
        return None;
    }
    let (a, b) = buf.split_at(n);
    *buf = b;
    Some(a)
}

fn take_u32(buf: &mut &[u8]) -> Option<usize> {
    let b = take(buf, 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

fn run(mut input: &[u8]) -> Result<Vec<u8>, alloc::string::String> {
    let bad = || alloc::string::String::from("bad probe input");
    let n = take_u32(&mut input).ok_or_else(bad)?;
    let mut files = Vec::new();
    for _ in 0..n {
        let l = take_u32(&mut input).ok_or_else(bad)?;
        let name = take(&mut input, l).ok_or_else(bad)?;
        let l = take_u32(&mut input).ok_or_else(bad)?;
        let data = take(&mut input, l).ok_or_else(bad)?;
        files.push((
            alloc::string::String::from_utf8_lossy(name).into_owned(),
            data.to_vec(),
        ));
    }
    let e = take(&mut input, 8).ok_or_else(bad)?;
    let epoch = i64::from_le_bytes([e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7]]);
    let chart = crate::chart::load_files(files).map_err(|e| e.message)?;
    let opts = PackageOptions {
        source_date_epoch: (epoch >= 0).then_some(epoch),
        ..PackageOptions::default()
    };
    package(&chart, &opts).map(|(archive, _)| archive)
}

/// Allocates `len` bytes for the caller to fill (leaked until the process ends).
#[no_mangle]
pub extern "C" fn probe_alloc(len: usize) -> *mut u8 {
    let mut v = alloc::vec![0u8; len];
    let p = v.as_mut_ptr();
    core::mem::forget(v);
    p
}

/// Packages the chart encoded at `ptr`; see the module docs for both layouts.
///
/// # Safety
/// `ptr` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn probe_package(ptr: *const u8, len: usize) -> *const u8 {
    // SAFETY: the caller passes a buffer it got from `probe_alloc` and filled.
    let input = unsafe { core::slice::from_raw_parts(ptr, len) };
    let (status, body) = match run(input) {
        Ok(a) => (0u32, a),
        Err(e) => (1u32, e.into_bytes()),
    };
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(&status.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    let p = out.as_ptr();
    core::mem::forget(out);
    p
}
