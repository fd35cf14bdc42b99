//! `binnacle package` and `binnacle verify`, with Helm's flags and messages.
//!
//! Archives are reproducible (see `COMPATIBILITY.md`): every entry's mtime is
//! `SOURCE_DATE_EPOCH`, else 1970-01-01T00:00:00Z, whatever the files' mtimes are.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use clap::Args;

use binnacle::load::read_chart_dir;
use binnacle::sign;
use binnacle_core::chart::{self, ChartApi};
use binnacle_core::package::{self as pkg, PackageOptions};

use super::Globals;

/// `binnacle package [CHART_PATH] [...]`
#[derive(Args, Debug)]
#[command(disable_version_flag = true)]
pub struct PackageArgs {
    /// Chart directories to package.
    #[arg(value_name = "CHART_PATH")]
    pub paths: Vec<String>,
    /// Location to write the chart.
    #[arg(short = 'd', long, default_value = ".")]
    pub destination: String,
    /// Set the version on the chart to this semver version.
    #[arg(long)]
    pub version: Option<String>,
    /// Set the appVersion on the chart to this version.
    #[arg(long)]
    pub app_version: Option<String>,
    /// Use a PGP private key to sign this package.
    #[arg(long)]
    pub sign: bool,
    /// Name of the key to use when signing. Used if --sign is true.
    #[arg(long, default_value = "")]
    pub key: String,
    /// Location of a public keyring.
    #[arg(long)]
    pub keyring: Option<String>,
    /// Location of a file which contains the passphrase for the signing key. Use "-" in
    /// order to read from stdin.
    #[arg(long)]
    pub passphrase_file: Option<String>,
    /// Update dependencies from "Chart.yaml" to dir "charts/" before packaging (not
    /// supported: Binnacle does not download charts).
    #[arg(short = 'u', long)]
    pub dependency_update: bool,
    #[command(flatten)]
    pub registry: super::RegistryArgs,
}

/// `binnacle verify PATH`
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The chart archive.
    #[arg(value_name = "PATH")]
    pub path: String,
    /// Keyring containing public keys.
    #[arg(long)]
    pub keyring: Option<String>,
}

/// `--keyring` as given (even empty, as Helm takes it), else Helm's default.
pub fn keyring_or_default(flag: &Option<String>) -> PathBuf {
    flag.as_deref()
        .map(PathBuf::from)
        .unwrap_or_else(default_keyring)
}

/// Helm's `defaultKeyring`: `$GNUPGHOME/pubring.gpg`, else `~/.gnupg/pubring.gpg`.
pub fn default_keyring() -> PathBuf {
    if let Some(h) = std::env::var_os("GNUPGHOME") {
        return PathBuf::from(h).join("pubring.gpg");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(".gnupg").join("pubring.gpg")
}

/// `SOURCE_DATE_EPOCH` from the environment (see [`parse_source_date_epoch`]).
pub fn source_date_epoch() -> Result<Option<i64>> {
    let v = std::env::var_os("SOURCE_DATE_EPOCH").map(|v| v.to_string_lossy().into_owned());
    parse_source_date_epoch(v.as_deref())
}

/// `SOURCE_DATE_EPOCH` as Helm's `ParseSourceDateEpoch` reads it (Helm after v4.2.3):
/// unset or empty is `None`; otherwise a non-negative base-10 integer.
pub fn parse_source_date_epoch(v: Option<&str>) -> Result<Option<i64>> {
    let Some(v) = v.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let q = binnacle_core::gofmt::strconv::quote(v);
    let n: i64 = v.parse().map_err(|e: std::num::ParseIntError| {
        let why = match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                "value out of range"
            }
            _ => "invalid syntax",
        };
        anyhow!("invalid SOURCE_DATE_EPOCH {q}: strconv.ParseInt: parsing {q}: {why}")
    })?;
    if n < 0 {
        bail!("invalid SOURCE_DATE_EPOCH {q}: negative value");
    }
    Ok(Some(n))
}

/// Reads the passphrase as Helm does: the first line of the file (or of stdin for `-`),
/// else a prompt on the terminal.
fn passphrase_fetcher(file: Option<String>) -> impl FnMut(&str) -> Result<String, String> {
    let mut cached: Option<String> = None;
    move |name: &str| {
        if let Some(p) = &cached {
            return Ok(p.clone());
        }
        let line = match file.as_deref() {
            Some("-") => {
                let mut s = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut s)
                    .map_err(|e| e.to_string())?;
                s
            }
            Some(f) => {
                let data = std::fs::read(f).map_err(|e| format!("open {f}: {e}"))?;
                String::from_utf8_lossy(&data).into_owned()
            }
            None => {
                print!(
                    "Password for key {} >  ",
                    binnacle_core::gofmt::strconv::quote(name)
                );
                let _ = std::io::stdout().flush();
                let mut s = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut s)
                    .map_err(|e| e.to_string())?;
                println!();
                s
            }
        };
        let p = line.split('\n').next().unwrap_or("").trim_end_matches('\r');
        cached = Some(p.to_string());
        Ok(p.to_string())
    }
}

/// Go's `filepath.Join(dir, name)` for the message Helm prints.
fn join_display(dir: &str, name: &str) -> PathBuf {
    let mut p = PathBuf::from(dir);
    p.push(name);
    p
}

/// Loads a chart directory for packaging, as Helm's `loader.LoadDir` (which refuses
/// archives and chart API v3).
fn load_dir(path: &Path) -> Result<chart::Chart> {
    let api = binnacle::pipeline::detect_dir_chart_api(path).map_err(anyhow::Error::msg)?;
    if api == ChartApi::V3 {
        bail!("invalid chart apiVersion");
    }
    let files = read_chart_dir(path).map_err(anyhow::Error::msg)?;
    chart::load_files(files).map_err(|e| anyhow!(e.message))
}

/// Runs `binnacle package`.
pub fn run(a: PackageArgs, g: &Globals) -> Result<()> {
    let _ = g;
    if a.paths.is_empty() {
        bail!("need at least one argument, the path to the chart");
    }
    if a.sign && a.key.is_empty() {
        bail!("--key is required for signing a package");
    }
    if a.sign && a.keyring.as_ref().is_some_and(|k| k.is_empty()) {
        bail!("--keyring is required for signing a package");
    }
    a.registry.check()?;
    if a.dependency_update {
        bail!("--dependency-update is not supported: binnacle does not download charts; run `helm dependency update` first");
    }
    let keyring = keyring_or_default(&a.keyring);
    let epoch = source_date_epoch()?;
    let opts = PackageOptions {
        version: a.version.clone(),
        app_version: a.app_version.clone(),
        source_date_epoch: epoch,
    };
    let mut passphrase = passphrase_fetcher(a.passphrase_file.clone());
    let mut stdout = std::io::stdout().lock();
    for p in &a.paths {
        let path = Path::new(p);
        std::fs::metadata(path)
            .map_err(|e| anyhow!("stat {p}: {}", binnacle::pipeline::io_text(&e)))?;
        let chart = load_dir(path)?;
        let packaged = pkg::package_chart(&chart, &opts).map_err(anyhow::Error::msg)?;
        let dest = if a.destination == "." {
            std::env::current_dir()?.display().to_string()
        } else {
            a.destination.clone()
        };
        let out = join_display(&dest, &packaged.file_name);
        match std::fs::metadata(&dest) {
            Ok(m) if !m.is_dir() => bail!("failed to save: is not a directory: {dest}"),
            Ok(_) => {}
            Err(_) => std::fs::create_dir_all(&dest)?,
        }
        std::fs::write(&out, &packaged.archive)
            .map_err(|e| anyhow!("failed to save: open {}: {e}", out.display()))?;
        if a.sign {
            let prov = sign::sign_archive(
                &packaged.archive,
                &packaged.file_name,
                &keyring,
                &a.key,
                &mut passphrase,
            )
            .map_err(anyhow::Error::msg)?;
            std::fs::write(format!("{}.prov", out.display()), prov)?;
        }
        writeln!(
            stdout,
            "Successfully packaged chart and saved it to: {}",
            out.display()
        )?;
        writeln!(stdout, "Digest: sha256:{}", packaged.sha256)?;
    }
    Ok(())
}

/// Runs `binnacle verify`.
pub fn verify(a: VerifyArgs, g: &Globals) -> Result<()> {
    let _ = g;
    let keyring = keyring_or_default(&a.keyring);
    let v = sign::verify_chart(Path::new(&a.path), None, &keyring).map_err(anyhow::Error::msg)?;
    print!("{}", sign::report(&v));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_source_date_epoch as parse;

    /// Messages of Helm's `ParseSourceDateEpoch` (strconv.ParseInt's wording inside).
    #[test]
    fn source_date_epoch() {
        assert_eq!(parse(None).unwrap(), None);
        assert_eq!(parse(Some("")).unwrap(), None);
        assert_eq!(parse(Some("1700000000")).unwrap(), Some(1_700_000_000));
        assert_eq!(parse(Some("+5")).unwrap(), Some(5));
        let err = |s| parse(Some(s)).unwrap_err().to_string();
        assert_eq!(
            err("-1"),
            "invalid SOURCE_DATE_EPOCH \"-1\": negative value"
        );
        assert_eq!(
            err("1.5"),
            "invalid SOURCE_DATE_EPOCH \"1.5\": strconv.ParseInt: parsing \"1.5\": invalid syntax"
        );
        assert_eq!(
            err("99999999999999999999"),
            "invalid SOURCE_DATE_EPOCH \"99999999999999999999\": strconv.ParseInt: parsing \"99999999999999999999\": value out of range"
        );
    }
}
