#!/usr/bin/env python3
"""Random command lines run through the real helm v4.2.3 and through binnacle, compared.

    native/tests/data/helm-cli/fuzz.py [--seed S] [--cases N] [--binnacle PATH]

Each case is a command (template, lint, show, verify, or none), flags of that command and
global ones with valid, invalid, empty and dash-leading values, positionals, `--` and
shorthand clusters, in a random environment (a kubeconfig, HELM_NAMESPACE, HELM_DEBUG).
Helm and binnacle each run in a fresh copy of this directory (HOME is its home/), and their
exit codes, stdout and stderr are compared, with this directory's path written as $DIR and
`helm` as `binnacle` where Helm's messages name the program. Help texts differ by design
(clap's, not cobra's) and are compared by exit code only. Cases that reach what Binnacle
refuses by design (a repository, a registry, a server-side dry run; COMPATIBILITY.md,
"Command line") are counted as SKIP. Prints each difference as a JSON line, then
`fuzz: N passed, M failed, K skipped`; exit 1 if any failed. Add what it finds to
cases.jsonl and run regen.sh, so the test keeps it.

Needs a helm v4.2.3 binary (HELM_BIN, else tests/data/helm-bin.sh builds one) and a
binnacle binary (default ~/.cache/binnacle/target/release/binnacle).
"""
import argparse, json, os, random, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VALUES = ["", "x", "-x", "--x", "a=b", "a=b,c=d", "a,b", '"a,b"', 'a"b', "1", "0", "true", "false", "T",
          "1.29", "v1.30.1", "5m", "5", "1h2m", "-1", "0x10", "1e50", "watcher", "legacy", "hookOnly",
          "client", "server", "none", "unset", "kube/k1", "kube/ca.pem", "kube/tls.crt", "/nonexistent",
          "chart", "templates/cm.yaml", "templates/*", "templates/[", "c2", "never", "auto", "a.go:12",
          "a=1", "WARNING", "é", "a b", "{}", '{"a":1}', "a[0]=1", "a.b=c", "broken/v3", "out", "out/",
          "./o", "templates/hook.yaml", "c/templates/cm.yaml", "list[1]=x", "a=null", "a.b.c=1,a.b.d=2",
          "a=[1,2]", "a={\"b\":1}", "kube/k1,kube/k2", "home", "a\\,b=1", "x.io/v1",
          "monitoring.coreos.com/v1", "serviceMonitor.enabled=true", "rbac.create=false", "replicas=3",
          "templates/service.yaml", "templates/*.yaml", "1.20.0", "image.tag=null", "global.x=1"]
TEMPLATE = ["--set", "--set-string", "--set-json", "--set-file", "--set-literal", "-f", "--values",
            "--kube-version", "-a", "--api-versions", "-s", "--show-only", "--release-name",
            "--include-crds", "--skip-crds", "--no-hooks", "--skip-tests", "--is-upgrade",
            "--skip-schema-validation", "--enable-dns", "-g", "--generate-name", "--name-template",
            "-l", "--labels", "--dry-run", "--validate", "--verify", "--keyring", "--version",
            "--devel", "--dependency-update", "--pass-credentials", "--ca-file", "--cert-file",
            "--key-file", "--insecure-skip-tls-verify", "--plain-http", "--username", "--password",
            "--create-namespace", "--description", "--disable-openapi-validation",
            "--force-conflicts", "--force-replace", "--force", "--replace", "--rollback-on-failure",
            "--atomic", "--server-side", "--take-ownership", "--wait", "--wait-for-jobs", "--timeout",
            "--post-renderer-args", "--hide-notes", "--render-subchart-notes", "--bogus", "-x", "-h",
            "--output-dir", "--output-dir", "-s", "--set", "--set-json", "-f"]
GLOBAL = ["-n", "--namespace", "--debug", "--kubeconfig", "--kube-context", "--kube-token",
          "--kube-as-user", "--kube-as-group", "--kube-apiserver", "--kube-ca-file",
          "--kube-tls-server-name", "--kube-insecure-skip-tls-verify", "--burst-limit", "--qps",
          "--repository-config", "--repository-cache", "--content-cache", "--color", "--colour",
          "-v", "--vmodule", "--log-backtrace-at", "--stderrthreshold", "--logtostderr",
          "--log-file-max-size"]
LINT = ["--strict", "--with-subcharts", "--quiet", "-f", "--set", "--kube-version",
        "--skip-schema-validation", "--bogus"]
SHOW = ["--verify", "--keyring", "--version", "--devel", "--pass-credentials", "--ca-file",
        "--insecure-skip-tls-verify", "--plain-http", "--username"]
CHARTS = [["chart"], ["x", "chart"], ["chart"], ["x", "chart"], [], ["x", "chart", "y"], ["./chart/"],
          ["nonexistent"], ["kube/k1"], ["broken/empty"], ["broken/v3"], ["broken/deprecated"],
          ["broken/trav.tgz"], ["broken/abs.tgz"], ["x", "broken/cdir"], ["repo/chart"]]
# Real charts from the corpus beside the repository, whose default renders are stable.
CORPUS = os.path.join(HERE, "../../../../../shared/corpus")
CHARTS += [["r", os.path.join(CORPUS, c, "chart")] for c in ("metrics-server", "reloader", "kyverno-policies",
                                                              "prometheus-node-exporter", "tempo")
           if os.path.isdir(os.path.join(CORPUS, c, "chart"))]
ENVS = [{}, {}, {"KUBECONFIG": "kube/k1"}, {"HELM_NAMESPACE": "e"}, {"HELM_DEBUG": "1"}]
# What Binnacle refuses by design: a case touching these is a skip.
BY_DESIGN = ["--repo", "--registry-config", "--dry-run=server", "--validate", "Did you mean this?",
             "cluster reachability"]


def flag(rnd, pool):
    f = rnd.choice(pool)
    r = rnd.random()
    if r < 0.35:
        return [f]
    if r < 0.7:
        return [f, rnd.choice(VALUES)]
    return [f + "=" + rnd.choice(VALUES)] if f.startswith("--") else [f + rnd.choice(VALUES)]


def case(rnd):
    cmd = rnd.choice([["template"]] * 6 + [["lint"], ["show", "chart"], ["show", "values"], ["verify"], ["show"], []])
    pool = {"template": TEMPLATE, "lint": LINT, "show": SHOW, "verify": ["--keyring"]}.get(cmd[0] if cmd else "", []) + GLOBAL
    words = list(rnd.choice(CHARTS))
    out = []
    for _ in range(rnd.randint(0, 4)):
        out += flag(rnd, pool)
        if words and rnd.random() < 0.3:
            out.append(words.pop(0))
    out += words
    if rnd.random() < 0.1:
        out.insert(rnd.randint(0, len(out)), "--")
    pre = flag(rnd, GLOBAL) if rnd.random() < 0.15 else []
    return pre + cmd + out, rnd.choice(ENVS)


def run(binary, args, env, d):
    e = {"PATH": os.environ["PATH"], "HOME": os.path.join(d, "home")}
    e.update(env)
    try:
        p = subprocess.run([binary] + args, cwd=d, env=e, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return -9, "", "TIMEOUT"
    text = lambda b: b.decode("utf-8", "replace").replace(d, "$DIR")
    return p.returncode, text(p.stdout), text(p.stderr)


def as_binnacle(t):
    return (t.replace('"helm ', '"binnacle ').replace("Usage:  helm ", "Usage:  binnacle ")
             .replace('for "helm"', 'for "binnacle"').replace("Run 'helm --help'", "Run 'binnacle --help'"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=400)
    ap.add_argument("--binnacle", default=os.path.expanduser("~/.cache/binnacle/target/release/binnacle"))
    a = ap.parse_args()
    helm_bin = os.path.join(HERE, "../../../../tests/data/helm-bin.sh")
    helm = subprocess.run([helm_bin], capture_output=True, text=True, check=True).stdout.strip()
    rnd = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="binnacle-clifuzz-")
    dirs = [os.path.join(work, "helm"), os.path.join(work, "binnacle")]
    passed = failed = skipped = 0
    try:
        for i in range(a.cases):
            if i % 25 == 0:  # what the commands leave behind (caches, output) goes away
                for d in dirs:
                    shutil.rmtree(d, ignore_errors=True)
                    shutil.copytree(HERE, d)
            args, env = case(rnd)
            h = run(helm, args, env, dirs[0])
            b = run(a.binnacle, args, env, dirs[1])
            line = " ".join(args)
            helpish = not args or "-h" in args or "--help" in args or (h[0] == 0 and "Usage:" in h[1] and "Usage:" in b[1])
            if any(x in line or x in h[2] for x in BY_DESIGN):
                skipped += 1
            elif helpish and h[0] == b[0]:
                passed += 1
            elif h[0] == b[0] and as_binnacle(h[2]) == b[2] and h[1] == b[1]:
                passed += 1
            else:
                failed += 1
                print(json.dumps({"case": i, "args": args, "env": env, "helm": h, "binnacle": b}))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"fuzz: {passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
