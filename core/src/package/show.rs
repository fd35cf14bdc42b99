//! `helm show chart|values|readme|crds|all` (`action.Show.Run`), for a loaded chart.

use alloc::string::String;
use alloc::vec::Vec;

use crate::chart::Chart;

/// What `helm show` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShowFormat {
    /// `show all`: chart, values, README and CRDs, separated by `---`.
    All,
    /// `show chart`: `Chart.yaml` as Helm re-serializes it.
    Chart,
    /// `show values`: `values.yaml` as written.
    Values,
    /// `show readme`: the first `README.md`/`README.txt`/`README` at the chart root.
    Readme,
    /// `show crds`: every `crds/*.{yaml,yml,json}` of the chart and its subcharts.
    Crds,
}

impl ShowFormat {
    /// The subcommand's name.
    pub fn parse(s: &str) -> Option<ShowFormat> {
        Some(match s {
            "all" => ShowFormat::All,
            "chart" => ShowFormat::Chart,
            "values" => ShowFormat::Values,
            "readme" => ShowFormat::Readme,
            "crds" => ShowFormat::Crds,
            _ => return None,
        })
    }
}

/// Helm's `readmeFileNames`, matched case-insensitively against the whole path.
const README_NAMES: [&str; 3] = ["readme.md", "readme.txt", "readme"];

/// Go's `filepath.Ext`.
fn ext(name: &str) -> &str {
    let base = &name[name.rfind('/').map_or(0, |i| i + 1)..];
    base.rfind('.').map_or("", |i| &base[i..])
}

/// Go's `strings.EqualFold` against an ASCII pattern: besides ASCII case, only `ſ` (s)
/// and the Kelvin sign (k) fold onto ASCII letters.
fn equal_fold_ascii(s: &str, pattern: &str) -> bool {
    let fold = |c: char| match c {
        '\u{17F}' => 's',
        '\u{212A}' => 'k',
        c => c.to_ascii_lowercase(),
    };
    let mut a = s.chars().map(fold);
    let mut b = pattern.chars().map(|c| c.to_ascii_lowercase());
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

fn has_manifest_extension(name: &str) -> bool {
    let e = ext(name);
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|x| equal_fold_ascii(e, x))
}

/// Helm's `Chart.CRDObjects`: the chart's own CRD files, then each subchart's.
pub fn crd_files(chart: &Chart) -> Vec<&crate::chart::File> {
    let mut out = Vec::new();
    // Explicit stack instead of recursion: subcharts come in order, depth first.
    let mut stack = alloc::vec![chart];
    while let Some(c) = stack.pop() {
        out.extend(
            c.files
                .iter()
                .filter(|f| f.name.starts_with("crds/") && has_manifest_extension(&f.name)),
        );
        stack.extend(c.dependencies.iter().rev());
    }
    out
}

/// The text `helm show <format>` prints for `chart` (bytes: files need not be UTF-8).
pub fn show(chart: &Chart, format: ShowFormat) -> Result<Vec<u8>, String> {
    use ShowFormat::*;
    let cf = super::chartfile::marshal_metadata(&chart.metadata)?;
    let mut out = Vec::new();
    if matches!(format, Chart | All) {
        out.extend_from_slice(cf.as_bytes());
        out.push(b'\n');
    }
    if matches!(format, Values | All) {
        if let Some(v) = &chart.raw_values {
            if format == All {
                out.extend_from_slice(b"---\n");
            }
            out.extend_from_slice(v);
            out.push(b'\n');
        }
    }
    if matches!(format, Readme | All) {
        let readme = chart
            .files
            .iter()
            .find(|f| README_NAMES.iter().any(|n| equal_fold_ascii(&f.name, n)));
        if let Some(f) = readme {
            if format == All {
                out.extend_from_slice(b"---\n");
            }
            out.extend_from_slice(&f.data);
            out.push(b'\n');
        }
    }
    if matches!(format, Crds | All) {
        for f in crd_files(chart) {
            if !f.data.starts_with(b"---") {
                out.extend_from_slice(b"---\n");
            }
            out.extend_from_slice(&f.data);
            out.push(b'\n');
        }
    }
    Ok(out)
}
