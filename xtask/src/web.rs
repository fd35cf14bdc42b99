//! `cargo xtask serve` and `cargo xtask e2e`: the playground (issue 5).
//!
//! The build: the engine (`web/engine`) and the page (`web`) for wasm32-unknown-unknown,
//! wasm-bindgen (pinned 0.2.130, installed when missing), wasm-opt from npm's binaryen, and
//! esbuild for the editor bundle; everything lands in `web/dist/`, which `index.html` at the
//! repository root loads. The server is a small std `TcpListener`: `/` is `index.html`,
//! `/web/dist/…` the build, nothing else.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{cargo, root, run, shared, target_dir};

const WASM_BINDGEN_VERSION: &str = "0.2.130";
const TARGET: &str = "wasm32-unknown-unknown";
/// The engine renders with deep recursion (see `core/src/limits.rs`): give it 16 MiB of stack.
const WASM_RUSTFLAGS: &str = "-C link-arg=-zstack-size=16777216";
const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Builds the playground and serves it on http://127.0.0.1:8080.
pub fn serve(args: &[String]) -> Result<(), String> {
    let mut addr = DEFAULT_ADDR.to_string();
    let mut skip_build = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--addr" => addr = it.next().ok_or("--addr needs HOST:PORT")?.clone(),
            "--no-build" => skip_build = true,
            other => return Err(format!("xtask serve: unknown argument {other:?}")),
        }
    }
    if !skip_build {
        build()?;
    }
    let listener = TcpListener::bind(&addr)
        .map_err(|e| format!("xtask serve: cannot listen on {addr}: {e}"))?;
    eprintln!("xtask serve: the playground is at http://{addr}/ (Ctrl-C to stop)");
    serve_on(listener, root());
    Ok(())
}

/// Browser tests of the playground, and the keystroke-to-output measurement.
pub fn e2e(args: &[String]) -> Result<(), String> {
    let update_bench = args.iter().any(|a| a == "--update-bench");
    build()?;
    let mut c = cargo();
    c.args(["build", "--release", "-p", "binnacle"]);
    run(c)?;
    let chromium = ensure_chromium()?;
    let browser_dir = root().join("e2e/browser");
    npm_install(&browser_dir)?;

    let out = root().join("target/e2e");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let corpus = corpus_dir()?;
    let binnacle = target_dir().join("release/binnacle");
    // A corpus chart packed as an archive, and what `binnacle template` prints for it.
    let tgz = pack(&corpus.join("ingress-nginx/chart"), "ingress-nginx", &out)?;
    let expected = out.join("ingress-nginx.expected.yaml");
    template_to(&binnacle, &tgz, &expected)?;
    // A corpus chart directory, opened with the folder picker.
    let dir = corpus.join("alertmanager/chart");
    let dir_expected = out.join("alertmanager.expected.yaml");
    template_to(&binnacle, &dir, &dir_expected)?;
    // The largest corpus chart, for the keystroke-to-output measurement.
    let big = pack(&corpus.join("datadog/chart"), "datadog", &out)?;

    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("xtask e2e: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let site = root();
    std::thread::spawn(move || serve_on(listener, site));

    let mut node = Command::new("node");
    node.current_dir(&browser_dir)
        .arg("playground.test.mjs")
        .env("BASE_URL", format!("http://{addr}/"))
        .env("CHROMIUM", &chromium)
        .env("OUT_DIR", &out)
        .env("CORPUS_TGZ", &tgz)
        .env("CORPUS_EXPECTED", &expected)
        .env("CORPUS_DIR", &dir)
        .env("CORPUS_DIR_EXPECTED", &dir_expected)
        .env("LARGE_TGZ", &big);
    run(node)?;
    if update_bench {
        update_benchmarks(&out.join("bench.json"))?;
    }
    Ok(())
}

/// The corpus: `../shared/corpus` beside the clone, or beside one of its parents (a git
/// worktree lives deeper), or `$BINNACLE_CORPUS`.
fn corpus_dir() -> Result<PathBuf, String> {
    if let Some(d) = std::env::var_os("BINNACLE_CORPUS") {
        return Ok(PathBuf::from(d));
    }
    let first = shared().join("corpus");
    std::iter::once(first.clone())
        .chain(root().ancestors().skip(1).map(|a| a.join("shared/corpus")))
        .find(|d| d.is_dir())
        .ok_or_else(|| {
            format!(
                "xtask e2e: no corpus at {} (set BINNACLE_CORPUS)",
                first.display()
            )
        })
}

/// Builds `web/dist/`: both WASM modules, their bindings, the editor bundle, the worker.
pub fn build() -> Result<(), String> {
    let t = Instant::now();
    let web = root().join("web");
    let dist = web.join("dist");
    npm_install(&web)?;
    let bindgen = ensure_wasm_bindgen()?;
    // The engine is built for speed (keystroke-to-output time), the page for size.
    for (package, out_dir, name, opt) in [
        ("binnacle-web-engine", dist.join("engine"), "engine", "3"),
        ("binnacle-web", dist.clone(), "app", "z"),
    ] {
        let mut c = cargo();
        c.args([
            "build",
            "-p",
            package,
            "--target",
            TARGET,
            "--profile",
            "wasm",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            WASM_RUSTFLAGS,
        )
        .env("CARGO_PROFILE_WASM_OPT_LEVEL", opt)
        // wasm-bindgen reads the target-features section; wasm-opt strips names after.
        .env("CARGO_PROFILE_WASM_STRIP", "false");
        run(c)?;
        let wasm = target_dir()
            .join(TARGET)
            .join("wasm")
            .join(format!("{}.wasm", package.replace('-', "_")));
        let mut b = Command::new(&bindgen);
        b.args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            name,
            "--out-dir",
        ])
        .arg(&out_dir)
        .arg(&wasm);
        run(b)?;
        wasm_opt(&web, &out_dir.join(format!("{name}_bg.wasm")), opt)?;
    }
    let mut esb = Command::new(web.join("node_modules/.bin/esbuild"));
    esb.current_dir(&web).args([
        "js/main.js",
        "--bundle",
        "--format=iife",
        "--minify",
        "--target=es2020",
        "--log-level=warning",
        "--outfile=dist/bundle.js",
    ]);
    run(esb)?;
    for (from, to) in [("js/worker.js", "worker.js"), ("style.css", "style.css")] {
        std::fs::copy(web.join(from), dist.join(to)).map_err(|e| format!("copying {from}: {e}"))?;
    }
    for f in ["app_bg.wasm", "engine/engine_bg.wasm", "bundle.js"] {
        let size = std::fs::metadata(dist.join(f))
            .map(|m| m.len())
            .unwrap_or(0);
        eprintln!("xtask: web/dist/{f}: {} KB", size / 1024);
    }
    eprintln!(
        "xtask: playground built in {:.1}s",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// wasm-bindgen's CLI at the pinned version: `~/.cargo/bin` first, installed when missing.
fn ensure_wasm_bindgen() -> Result<PathBuf, String> {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home.join(".cargo"))
        .join("bin/wasm-bindgen");
    let version_of = |p: &Path| -> Option<String> {
        let out = Command::new(p).arg("--version").output().ok()?;
        Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let want = format!("wasm-bindgen {WASM_BINDGEN_VERSION}");
    if version_of(&cargo_bin).as_deref() == Some(want.as_str()) {
        return Ok(cargo_bin);
    }
    eprintln!("xtask: installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (a few minutes, once)");
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    // Its lockfile asks for a crate version the registry lacks, so no --locked.
    c.args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        WASM_BINDGEN_VERSION,
    ]);
    run(c)?;
    match version_of(&cargo_bin) {
        Some(v) if v == want => Ok(cargo_bin),
        other => Err(format!(
            "xtask: wasm-bindgen is {other:?} after installing, not {want}"
        )),
    }
}

/// `npm install` in `dir` when its `node_modules` is missing or older than the lockfile.
fn npm_install(dir: &Path) -> Result<(), String> {
    let modules = dir.join("node_modules");
    let lock = dir.join("package-lock.json");
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (mtime(&modules.join(".package-lock.json")), mtime(&lock)) {
        (Some(m), Some(l)) => m >= l,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    if Command::new("npm").arg("--version").output().is_err() {
        return Err(
            "xtask: npm is needed for the playground (Debian: apt-get install -y nodejs npm)"
                .into(),
        );
    }
    let mut c = Command::new("npm");
    c.current_dir(dir)
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"]);
    run(c)
}

/// npm's wasm-opt (binaryen 132; Debian's is too old for wasm-bindgen 0.2.130's output).
fn wasm_opt(web: &Path, wasm: &Path, level: &str) -> Result<(), String> {
    let tool = web.join("node_modules/.bin/wasm-opt");
    let mut c = Command::new(&tool);
    c.args([
        format!("-O{level}").as_str(),
        "--strip-debug",
        "--strip-producers",
    ]);
    for f in [
        "bulk-memory",
        "mutable-globals",
        "nontrapping-float-to-int",
        "sign-ext",
        "reference-types",
        "multivalue",
    ] {
        c.arg(format!("--enable-{f}"));
    }
    c.arg(wasm).arg("-o").arg(wasm);
    run(c)
}

/// The Chromium the tests drive: Debian's, installed when missing.
fn ensure_chromium() -> Result<PathBuf, String> {
    let path = PathBuf::from("/usr/bin/chromium");
    if path.exists() {
        return Ok(path);
    }
    eprintln!("xtask: installing Chromium from Debian (apt-get)");
    let sudo = !is_root();
    let apt = |args: &[&str]| -> Result<(), String> {
        let mut c = if sudo {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        } else {
            Command::new("apt-get")
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(c)
    };
    apt(&["update", "-q"])?;
    apt(&["install", "-y", "-q", "chromium"])?;
    if path.exists() {
        Ok(path)
    } else {
        Err("xtask: /usr/bin/chromium is still missing after apt-get install chromium".into())
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Packs a chart directory as `<name>.tgz` (entries under `<name>/`) in `out`.
fn pack(chart: &Path, name: &str, out: &Path) -> Result<PathBuf, String> {
    let stage = out.join("stage");
    let _ = std::fs::remove_dir_all(&stage);
    std::fs::create_dir_all(&stage).map_err(|e| e.to_string())?;
    let mut cp = Command::new("cp");
    cp.arg("-r").arg(chart).arg(stage.join(name));
    run(cp)?;
    let tgz = out.join(format!("{name}.tgz"));
    let mut tar = Command::new("tar");
    tar.current_dir(&stage)
        .args([
            "--sort=name",
            "--owner=0",
            "--group=0",
            "--mtime=@0",
            "-czf",
        ])
        .arg(&tgz)
        .arg(name);
    run(tar)?;
    let _ = std::fs::remove_dir_all(&stage);
    Ok(tgz)
}

/// `binnacle template release-name <chart>` into `dest`.
fn template_to(binnacle: &Path, chart: &Path, dest: &Path) -> Result<(), String> {
    let out = Command::new(binnacle)
        .arg("template")
        .arg(chart)
        .output()
        .map_err(|e| format!("running {}: {e}", binnacle.display()))?;
    if !out.status.success() {
        return Err(format!(
            "binnacle template {} failed: {}",
            chart.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    std::fs::write(dest, &out.stdout).map_err(|e| format!("{}: {e}", dest.display()))
}

/// Rewrites BENCHMARKS.md's `## Playground` table from the browser run's measurements.
fn update_benchmarks(bench: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(bench).map_err(|e| format!("{}: {e}", bench.display()))?;
    let md = root().join("BENCHMARKS.md");
    let doc = std::fs::read_to_string(&md).map_err(|e| format!("{}: {e}", md.display()))?;
    let table = bench_table(&text)?;
    let start = "<!-- playground-bench:start -->";
    let end = "<!-- playground-bench:end -->";
    let (Some(a), Some(b)) = (doc.find(start), doc.find(end)) else {
        return Err("BENCHMARKS.md has no playground-bench markers".into());
    };
    let updated = format!("{}{start}\n{table}{}", &doc[..a], &doc[b..]);
    std::fs::write(&md, updated).map_err(|e| e.to_string())?;
    eprintln!("xtask: BENCHMARKS.md updated");
    Ok(())
}

/// The measurements as a Markdown table (`bench.json` is a flat list of rows).
fn bench_table(json: &str) -> Result<String, String> {
    // bench.json: [{"what": "...", "value": "...", "notes": "..."}] written by the test; a
    // tiny reader keeps xtask free of dependencies.
    let mut out = String::from("| what | value | notes |\n|---|---|---|\n");
    for row in json.split('{').skip(1) {
        let field = |k: &str| -> String {
            let key = format!("\"{k}\":");
            row.find(&key)
                .map(|i| {
                    let rest = row[i + key.len()..].trim_start();
                    let rest = rest.strip_prefix('"').unwrap_or(rest);
                    rest.split('"').next().unwrap_or("").to_string()
                })
                .unwrap_or_default()
        };
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            field("what"),
            field("value"),
            field("notes")
        ));
    }
    Ok(out)
}

/// Serves `site` until the process ends: `/` is `index.html`, `/web/dist/…` the build.
fn serve_on(listener: TcpListener, site: PathBuf) {
    for stream in listener.incoming().flatten() {
        let site = site.clone();
        std::thread::spawn(move || {
            let _ = respond(stream, &site);
        });
    }
}

fn respond(mut stream: TcpStream, site: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read (and ignore) the headers; requests have no bodies here.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = match resolve(site, path) {
        Some(f) if method == "GET" || method == "HEAD" => f,
        _ => {
            let body = b"not found\n";
            write!(
                stream,
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            return stream.write_all(body);
        }
    };
    let mut body = Vec::new();
    std::fs::File::open(&file)?.read_to_end(&mut body)?;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        mime(&file),
        body.len()
    )?;
    if method == "GET" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// The file a URL path names, if it is one we serve.
fn resolve(site: &Path, path: &str) -> Option<PathBuf> {
    if path == "/" || path == "/index.html" {
        return Some(site.join("index.html"));
    }
    let rest = path.strip_prefix("/web/dist/")?;
    if rest
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == ".." || s.contains('\\'))
    {
        return None;
    }
    let f = site.join("web/dist").join(rest);
    f.is_file().then_some(f)
}

fn mime(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_page_and_its_build_are_served() {
        let site = root();
        assert_eq!(resolve(&site, "/"), Some(site.join("index.html")));
        for bad in [
            "/Cargo.toml",
            "/web/dist/../Cargo.toml",
            "/web/dist//x",
            "/web/src/lib.rs",
        ] {
            assert_eq!(resolve(&site, bad), None, "{bad}");
        }
        assert_eq!(mime(Path::new("a/app_bg.wasm")), "application/wasm");
    }

    #[test]
    fn bench_rows() {
        let t = bench_table(r#"[{"what": "a b", "value": "12 ms", "notes": "n"}]"#).unwrap();
        assert!(t.ends_with("| a b | 12 ms | n |\n"));
    }
}
