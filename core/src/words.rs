//! Byte searches a machine word at a time: eight bytes are tested with a few integer
//! operations instead of a loop, which is what scanning long runs of plain text (template
//! text, YAML and JSON strings, indented output) comes down to.

/// The byte `0x01` in every lane.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
/// The top bit of every lane.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// `b` in every lane.
#[inline]
pub(crate) const fn splat(b: u8) -> u64 {
    LO * b as u64
}

/// The eight bytes at `i` as a little-endian word (the first byte lowest), if there are
/// eight.
#[inline]
pub(crate) fn word_at(b: &[u8], i: usize) -> Option<u64> {
    let chunk = b.get(i..i + 8)?;
    let mut w = [0u8; 8];
    w.copy_from_slice(chunk);
    Some(u64::from_le_bytes(w))
}

/// Bit 7 of each byte of `x` that is zero (exact: no borrow runs from one byte to the next).
#[inline]
pub(crate) fn zero_bytes(x: u64) -> u64 {
    !(((x & !HI) + !HI) | x) & HI
}

/// The first `needle` in `b` at or after `from`.
#[inline]
pub(crate) fn find_byte(b: &[u8], mut from: usize, needle: u8) -> Option<usize> {
    while let Some(w) = word_at(b, from) {
        let hits = zero_bytes(w ^ splat(needle));
        if hits != 0 {
            return Some(from + (hits.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    b.get(from..)?
        .iter()
        .position(|&c| c == needle)
        .map(|p| from + p)
}

/// The first place at or after `from` where `b` holds `first` then `second`.
#[inline]
pub(crate) fn find_pair(b: &[u8], mut from: usize, first: u8, second: u8) -> Option<usize> {
    loop {
        let i = find_byte(b, from, first)?;
        if b.get(i + 1) == Some(&second) {
            return Some(i);
        }
        from = i + 1;
    }
}

/// How many bytes of `b` equal `needle`. Counted in runs of 255 into byte-sized sums,
/// which compilers turn into wide compares; a plain `filter().count()` counts into a
/// machine word per byte and ran at two cycles a byte (`nindent` of a 70 KB dashboard).
pub fn count_byte(b: &[u8], needle: u8) -> usize {
    b.chunks(255)
        .map(|run| {
            run.iter()
                .fold(0u8, |n, &c| n.wrapping_add((c == needle) as u8)) as usize
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pair is found at its first place, not inside a run or split across a word.
    #[test]
    fn find_pair_finds_the_first_pair() {
        for len in 0..40 {
            for at in 0..len {
                let mut b = alloc::vec![b'x'; len];
                b[at] = b'{';
                if at + 1 < len {
                    b[at + 1] = b'{';
                }
                let want = (at + 1 < len).then_some(at);
                assert_eq!(find_pair(&b, 0, b'{', b'{'), want, "{len} {at}");
                assert_eq!(find_pair(&b, at + 1, b'{', b'{'), None, "{len} {at}");
            }
        }
        assert_eq!(find_pair(b"a*b**/", 0, b'*', b'/'), Some(4));
    }

    /// Zero lanes are found exactly, whatever their neighbours.
    #[test]
    fn zero_bytes_marks_exactly_the_zero_lanes() {
        for fill in [0u8, 1, 0x7f, 0x80, 0xff] {
            for pos in 0..8 {
                for b in 0..=255u8 {
                    let mut w = [fill; 8];
                    w[pos] = b;
                    let want = w
                        .iter()
                        .enumerate()
                        .fold(0u64, |m, (i, &c)| m | (((c == 0) as u64) << (8 * i + 7)));
                    assert_eq!(zero_bytes(u64::from_le_bytes(w)), want, "{w:?}");
                }
            }
        }
    }

    /// The search finds every occurrence, at every offset within a word.
    #[test]
    fn find_byte_finds_each_occurrence() {
        for len in 0..40usize {
            for at in 0..len {
                let mut b = alloc::vec![b'x'; len];
                b[at] = b'\n';
                if at + 3 < len {
                    b[at + 3] = b'\n';
                }
                assert_eq!(find_byte(&b, 0, b'\n'), Some(at), "len {len} at {at}");
                let next = (at + 3 < len).then_some(at + 3);
                assert_eq!(find_byte(&b, at + 1, b'\n'), next);
            }
            assert_eq!(find_byte(&alloc::vec![0x8a; len], 0, b'\n'), None);
        }
    }

    /// Counts agree with a plain count at every length around the run and word sizes.
    #[test]
    fn count_byte_matches_plain_count() {
        for len in [0usize, 1, 7, 8, 9, 254, 255, 256, 510, 511, 1000, 70_000] {
            let b: alloc::vec::Vec<u8> = (0..len)
                .map(|i| {
                    if i % 3 == 0 {
                        b'\n'
                    } else {
                        b'a' + (i % 26) as u8
                    }
                })
                .collect();
            let plain = b.iter().filter(|&&c| c == b'\n').count();
            assert_eq!(count_byte(&b, b'\n'), plain, "len {len}");
            let all = alloc::vec![b'\n'; len];
            assert_eq!(count_byte(&all, b'\n'), len, "all, len {len}");
        }
    }
}
