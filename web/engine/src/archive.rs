//! Writing a chart archive (`.tgz`): ustar entries under `<chart name>/`, gzip-compressed.
//!
//! Until the core's packaging (Helm's `helm package`) lands this writes the workspace's
//! files as they are, `.helmignore` applied, in Helm's walk order.

use binnacle_core::chart::ignore::IgnoreRules;
use miniz_oxide::deflate::compress_to_vec;

/// The modification time written into every entry: fixed, so archives are reproducible.
const MTIME: u64 = 0;

/// Packs `files` (chart-relative, in walk order) under `top/`.
pub fn write_tgz(top: &str, files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let rules = match files.iter().find(|(n, _)| n == ".helmignore") {
        Some((_, d)) => IgnoreRules::parse(d)?,
        None => IgnoreRules::empty(),
    };
    let mut tar = Vec::new();
    for (name, data) in files {
        if rules.ignore_file_in_walk(name) {
            continue;
        }
        let path = format!("{top}/{name}");
        tar.extend_from_slice(&header(&path, data.len() as u64)?);
        tar.extend_from_slice(data);
        tar.resize(tar.len().div_ceil(512) * 512, 0);
    }
    tar.resize(tar.len() + 1024, 0);
    Ok(gzip(&tar))
}

/// A ustar header; long paths are split between `prefix` and `name` as ustar allows.
fn header(path: &str, size: u64) -> Result<[u8; 512], String> {
    let mut h = [0u8; 512];
    let (prefix, name) = if path.len() <= 100 {
        ("", path)
    } else {
        let split = path
            .char_indices()
            .filter(|&(i, c)| c == '/' && i <= 155 && path.len() - i - 1 <= 100)
            .map(|(i, _)| i)
            .next()
            .ok_or_else(|| format!("path too long for a tar header: {path}"))?;
        (&path[..split], &path[split + 1..])
    };
    h[..name.len()].copy_from_slice(name.as_bytes());
    put_octal(&mut h[100..108], 0o644);
    put_octal(&mut h[108..116], 0);
    put_octal(&mut h[116..124], 0);
    if size >= 0o77777777777 {
        return Err(format!("file too large for a tar header: {path}"));
    }
    put_octal(&mut h[124..136], size);
    put_octal(&mut h[136..148], MTIME);
    h[148..156].fill(b' ');
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[345..345 + prefix.len()].copy_from_slice(prefix.as_bytes());
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    let chk = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(chk.as_bytes());
    Ok(h)
}

/// Zero-padded octal filling all but the last byte of `field`, then NUL.
fn put_octal(field: &mut [u8], v: u64) {
    let w = field.len() - 1;
    let s = format!("{v:0w$o}");
    field[..w].copy_from_slice(s.as_bytes());
    field[w] = 0;
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.extend_from_slice(&compress_to_vec(data, 9));
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        *slot = c;
    }
    let mut crc = !0u32;
    for &b in data {
        crc = table[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_load_back() {
        let long = format!("templates/{}/x.yaml", "d".repeat(120));
        let files = vec![
            (".helmignore".to_string(), b"*.bak\n".to_vec()),
            (
                "Chart.yaml".to_string(),
                b"apiVersion: v2\nname: demo\nversion: 0.1.0\n".to_vec(),
            ),
            ("notes.bak".to_string(), b"ignored".to_vec()),
            (long.clone(), b"a: 1\n".to_vec()),
        ];
        let tgz = write_tgz("demo", &files).unwrap();
        let back = binnacle_core::chart::archive::read_archive(&tgz).unwrap();
        let names: Vec<&str> = back.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, [".helmignore", "Chart.yaml", long.as_str()]);
        assert_eq!(back[2].data, b"a: 1\n");
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
