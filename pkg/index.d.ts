/**
 * Binnacle: Helm v4.2.3's chart engine in WebAssembly. Renders Helm charts byte-for-byte
 * like Helm, synchronously, with no I/O: charts, values and the host's clock and randomness
 * come in through the arguments.
 *
 * Every function throws a {@link BinnacleError} on failure, never anything else (a bug in
 * the engine is reported as kind `internal`, and the package keeps working).
 *
 * @packageDocumentation
 */

/** What went wrong, broadly. */
export type ErrorKind =
  /** An argument or option is of the wrong type or unknown (also an invalid `kubeVersion`). */
  | 'input'
  /** The chart cannot be loaded (bad archive, missing or invalid `Chart.yaml`, size limits). */
  | 'load'
  /** User values cannot be read or merged, or the chart's dependencies/values cannot be processed. */
  | 'values'
  /** Values do not meet a chart's `values.schema.json`. */
  | 'schema'
  /** A template failed to parse or execute (`fail`, `required`, a nil pointer, the step budget...). */
  | 'render'
  /** `template()` only: a rendered document is not YAML, or `showOnly` matches nothing. */
  | 'manifest'
  /** The JavaScript engine's stack ran out (templates nested several hundred levels deep). */
  | 'limit'
  /** `package()`: the chart cannot be packaged (an invalid `version`, a bad `Chart.lock`...). */
  | 'package'
  /** A lazily loaded module could not be loaded (see {@link preload}). */
  | 'unsupported'
  /** A bug: the WebAssembly module trapped. The package restarted it; charts reload by themselves. */
  | 'internal';

/**
 * The error every function throws. `message` is Helm's text where Helm has one (without the
 * CLI's `Error: ` prefix).
 */
export class BinnacleError extends Error {
  readonly name: 'BinnacleError';
  /** What went wrong, broadly. */
  readonly kind: ErrorKind;
  /** Helm's message. */
  readonly message: string;
  /** The chart file concerned (`mychart/templates/x.yaml`), for `render` errors. */
  readonly file?: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** Column as Go reports it (the byte offset Helm prints after the line), when known. */
  readonly column?: number;
  /** `template()` with `debug: true`: what `helm template --debug` printed before failing. */
  readonly output?: string;
  /** The plain `{ kind, message, file?, line?, column?, output? }` object. */
  toJSON(): { kind: ErrorKind; message: string; file?: string; line?: number; column?: number; output?: string };
}

/** Helm values: what a values file holds. */
export type Values = { [key: string]: unknown };

/**
 * A chart to load: a `.tgz` archive, or its files by chart-relative path (`Chart.yaml`,
 * `templates/x.yaml`, `charts/sub/...`) as text or bytes. Paths may all sit under one top
 * directory (`mychart/Chart.yaml`), which is removed, as in an archive. `.helmignore` applies.
 */
export type ChartInput = Uint8Array | ArrayBuffer | Record<string, string | Uint8Array> | Map<string, string | Uint8Array>;

/** A loaded chart. Loading once and rendering many times is the fast path. */
export class Chart {
  private constructor();
  /** `Chart.yaml` facts. */
  readonly metadata: {
    name: string;
    version: string;
    appVersion: string;
    apiVersion: string;
    description: string;
    /** `application`, `library` or `""`. */
    type: string;
    kubeVersion: string;
    deprecated: boolean;
  };
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.version`. */
  readonly version: string;
  /** Subcharts found under `charts/` (before conditions and tags apply). */
  readonly subcharts: string[];
  /** Template paths, chart-relative (`templates/x.yaml`). */
  readonly templates: string[];
  /** The other files (`.Files`), chart-relative. */
  readonly files: string[];
  /** The chart's default values (`values.yaml`, read as Helm reads it). */
  readonly values: Values;
  /** Whether the chart has a `values.schema.json`. */
  readonly hasSchema: boolean;
  /** Releases the chart's memory now (otherwise the garbage collector does). */
  free(): void;
  [Symbol.dispose](): void;
}

/** Loads a chart. Throws kind `load` with Helm's message when Helm would refuse it. */
export function loadChart(input: ChartInput): Chart;

/** Options of every render: the release, the cluster Helm pretends to see, values, the host. */
export interface RenderOptions {
  /** `.Release.Name`. Default `"release-name"` (as `helm template`). */
  releaseName?: string;
  /** `.Release.Namespace` (`-n`). Default `"default"`. */
  namespace?: string;
  /** `.Release.Revision`. Default `1`. */
  revision?: number;
  /** `.Release.IsUpgrade` (and not `.Release.IsInstall`), as `--is-upgrade`. Default `false`. */
  isUpgrade?: boolean;
  /** `.Capabilities.KubeVersion`, as `--kube-version` (`"1.30"`, `"v1.30.2"`). Default `v1.36.0`. */
  kubeVersion?: string;
  /** Extra `.Capabilities.APIVersions`, as `--api-versions` (`"monitoring.coreos.com/v1"`). */
  apiVersions?: string[];
  /**
   * Values files by name, as `-f NAME` with the file's text: applied first, in key order.
   * The name appears in Helm's messages (`failed to parse NAME: ...`).
   */
  valueFiles?: Record<string, string>;
  /**
   * User values, as `-f`, after `valueFiles`: YAML text, or an object (read as Helm reads a
   * JSON values file: every number is a float64), or an array of them applied in order.
   */
  values?: Values | string | Array<Values | string>;
  /** `--set` expressions (`"a.b=1,c[0]=x"`), Helm's grammar and typing. */
  set?: string[];
  /** `--set-string` expressions: every value a string. */
  setString?: string[];
  /** `--set-json` expressions (`'a={"b":[1]}'`, or a whole JSON object). */
  setJson?: string[];
  /** `--set-file` expressions (`"key=path"`); the contents come from `files`. */
  setFile?: string[];
  /** `--set-literal` expressions: the value taken literally, commas included. */
  setLiteral?: string[];
  /** Contents `setFile` reads, by path. A missing path fails as Helm does (`open PATH: no such file or directory`). */
  files?: Record<string, string>;
  /** `--skip-schema-validation`: values are not checked against the charts' `values.schema.json` (failures are kind `schema`). */
  skipSchemaValidation?: boolean;
  /**
   * Steps one template execution may take before it is stopped with a `render` error: a
   * runaway template cannot hang the page. Default 10,000,000 (about a second or two; real
   * charts take a few thousand). `0` or `Infinity`: no limit, as Helm.
   */
  maxSteps?: number;
  /**
   * A fixed clock for `now`, `ago`, certificates...: a Date, milliseconds since the epoch,
   * an ISO string, or nanoseconds as a bigint. Default: `Date.now()` at each call.
   */
  now?: Date | number | string | bigint;
  /**
   * Seeds the randomness (`randAlphaNum`, `uuidv4`, keys, `shuffle`...) for reproducible
   * output. Default: `crypto.getRandomValues`.
   */
  seed?: number | bigint;
  /** Go's `time.Local`: an IANA zone whose rules are in `zoneinfo`. Default `"UTC"`. */
  timeZone?: string;
  /** Time zone rules (TZif files, as in `/usr/share/zoneinfo`) by name, for `timeZone` and `dateInZone`. */
  zoneinfo?: Record<string, Uint8Array>;
  /** Answers for `getHostByName`; other names resolve to `""`, as Helm without `--enable-dns`. */
  hosts?: Record<string, string>;
  /** Called with each warning Helm would log (coalescing conflicts, deprecated files...). */
  onWarning?: (message: string) => void;
}

/** `render()` options. */
export interface RenderOnlyOptions extends RenderOptions {
  /** `--render-subchart-notes`: subcharts' NOTES.txt join `notes`. */
  renderSubchartNotes?: boolean;
}

/** `template()` options: `helm template`'s flags. */
export interface TemplateOptions extends RenderOptions {
  /** `--include-crds`: the charts' `crds/` files lead the output. */
  includeCrds?: boolean;
  /** `--no-hooks`: hooks are left out. */
  noHooks?: boolean;
  /** `--skip-tests`: `test` hooks are left out. */
  skipTests?: boolean;
  /** `--show-only`: only manifests from these templates (`templates/x.yaml`, globs allowed). */
  showOnly?: string[];
  /** `--debug`: with a YAML error, the raw rendered files are in the error's `output`. */
  debug?: boolean;
}

/** A hook document, as Helm reads its annotations. */
export interface Hook {
  /** `metadata.name`. */
  name: string;
  /** `kind`. */
  kind: string;
  /** The template it came from (`mychart/templates/job.yaml`). */
  path: string;
  /** The document's text. */
  manifest: string;
  /** `helm.sh/hook` events (`pre-install`, `test`...), in annotation order. */
  events: string[];
  /** `helm.sh/hook-weight` (0 when absent or not a number). */
  weight: number;
  /** `helm.sh/hook-delete-policy`, as given (Helm applies `before-hook-creation` when empty). */
  deletePolicies: string[];
  /** `helm.sh/hook-output-log-policy`. */
  outputLogPolicies: string[];
}

/** What `render()` returns. */
export interface RenderResult {
  /**
   * Helm's engine output: every non-partial template by path (`mychart/templates/x.yaml`),
   * NOTES.txt and empty ones included, exactly as Helm's engine returns them.
   */
  manifests: Record<string, string>;
  /** The NOTES Helm prints after an install (the root chart's NOTES.txt). */
  notes: string;
  /** The hook documents, in Helm's order (by kind). */
  hooks: Hook[];
  /** What Helm would log while rendering. */
  warnings: string[];
  /** Set when a rendered document is not YAML: what Helm would refuse to install with. `hooks` then holds those read before it. */
  manifestError?: { message: string; file: string };
}

/** Renders a chart (loaded, or loaded for this call only). */
export function render(chart: Chart | ChartInput, options?: RenderOnlyOptions): RenderResult;

/**
 * What `helm template` prints (`---\n# Source: ...` documents, sorted as Helm sorts them, hooks last).
 * Like `helm template` (and unlike `render`), refuses a library chart and one whose dependencies
 * are missing from `charts/` (kind `load`), and a chart whose `kubeVersion` the Kubernetes version
 * does not meet.
 */
export function template(chart: Chart | ChartInput, options?: TemplateOptions): string;

/** `helm lint` options: what a render takes (no step budget: Helm's lint has none), and lint's flags. */
export interface LintOptions extends Omit<RenderOptions, 'maxSteps'> {
  /** `--strict`: warnings fail. */
  strict?: boolean;
  /** `--quiet`: only warnings and errors are printed in `text`. */
  quiet?: boolean;
  /** The chart directory as Helm would print it (`==> Linting PATH`). Default: the chart's name (`chart` when it does not load). */
  path?: string;
}

/** One lint finding, as Helm's SDK reports it. */
export interface LintMessage {
  /** 1 info, 2 warning, 3 error. */
  severity: 1 | 2 | 3;
  /** The file concerned (`Chart.yaml`, `templates/`, `values.yaml`...). */
  path: string;
  /** Helm's message. */
  error: string;
}

/** `helm lint`'s report. */
export interface LintResult {
  /** Error findings' messages (what Helm's SDK returns as `Errors`). */
  errors: string[];
  /** Every finding, in Helm's order. */
  messages: LintMessage[];
  /** Charts linted (1). */
  total_charts_linted: number;
  /** What `helm lint` prints on stdout (with the `N chart(s) linted...` line when nothing failed). */
  text: string;
  /** `N chart(s) linted, M chart(s) failed`: what `helm lint` prints, or returns as its error when `failed`. */
  summary: string;
  /** Whether `helm lint` would exit with an error (an error finding; with `strict`, a warning too). */
  failed: boolean;
}

/**
 * `helm lint` of a chart. Files given as an object that do not load as a chart (no or a
 * broken `Chart.yaml`...) are linted as Helm lints such a directory: the faults come back as
 * findings. A `.tgz` that does not load throws kind `load`.
 */
export function lint(chart: Chart | ChartInput, options?: LintOptions): LintResult;

/** `helm package` options. */
export interface PackageOptions {
  /** `--version`: the chart's version in `Chart.yaml` and the file name (SemVer). */
  version?: string;
  /** `--app-version`. */
  appVersion?: string;
  /**
   * `SOURCE_DATE_EPOCH`: every entry's mtime, in Unix seconds. Default 0: Helm would use the
   * files' mtimes, which a chart given as bytes does not have.
   */
  sourceDateEpoch?: number;
}

/** What `package()` returns. */
export interface PackageResult {
  /** The `.tgz` archive. Its tar stream is Helm's; the gzip body is an equally valid other compression. */
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, lower-case hex. */
  sha256: string;
  /** Helm's file name for it: `<name>-<version>.tgz`. */
  fileName: string;
}

/** `helm package`: the chart's archive as Helm writes it (subcharts expanded under `charts/`). */
declare function packageChart(chart: Chart | ChartInput, options?: PackageOptions): PackageResult;
export { packageChart as package };

/** Reads values file text as Helm's `-f` does (every YAML document merged; numbers are float64). */
export function parseValues(yaml: string): Values;

/** This package's version and the Helm version it reproduces. */
export function version(): { binnacle: string; helm: string };

/**
 * Loads the lazily loaded modules ahead of use (all by default). Sprig's crypto functions
 * (`genCA`, `genPrivateKey`, `bcrypt`, `encryptAES`...), its regex functions
 * (`regexReplaceAll`, `regexMatch`...), Helm's TOML functions, `values.schema.json`
 * validation, `lint()` and `package()` live in separate modules. Node, Deno and workerd
 * load them on first use by themselves; browsers fetch the four a render may need in the
 * background right after `import` (lint's and package's only here), and a call needing
 * one before it arrived fails with kind `render` for a template function, else
 * `unsupported` (`...await preload("schema") before rendering`). Await this to be sure.
 */
export function preload(...modules: Array<'crypto' | 'regex' | 'toml' | 'schema' | 'lint' | 'package'>): Promise<void>;

/** `maxSteps` when not given. */
export const DEFAULT_MAX_STEPS: number;
