//! The options of one call, as the JavaScript wrapper sends them: a JSON object read with the
//! core's JSON decoder. The wrapper has already checked names and types (and says which
//! option is wrong); this side still refuses anything malformed with an `input` error
//! instead of guessing.

use std::collections::BTreeMap;

use binnacle_core::json::from_json;
use binnacle_core::values::ValueSource;
use binnacle_core::{Map, Value};

use crate::api::ApiError;

/// One user values source, in the order given (Helm's `-f` files).
#[derive(Clone, Debug, PartialEq)]
pub struct ValuesText {
    /// The name Helm's messages use (`failed to parse <name>: ...`).
    pub name: String,
    /// YAML (or JSON, which the YAML reader takes as Helm does for a `.json` values file).
    pub text: String,
}

/// Everything a render or template call can be given.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// `.Release.Name`.
    pub release_name: String,
    /// `.Release.Namespace`.
    pub namespace: String,
    /// `.Release.Revision`.
    pub revision: i64,
    /// `.Release.IsUpgrade`.
    pub is_upgrade: bool,
    /// `--kube-version`.
    pub kube_version: Option<String>,
    /// `--api-versions`.
    pub api_versions: Vec<String>,
    /// `-f` sources, in order.
    pub values: Vec<ValuesText>,
    /// `--set`.
    pub set: Vec<String>,
    /// `--set-string`.
    pub set_string: Vec<String>,
    /// `--set-json`.
    pub set_json: Vec<String>,
    /// `--set-file` expressions; their paths are looked up in `files`.
    pub set_file: Vec<String>,
    /// `--set-literal`.
    pub set_literal: Vec<String>,
    /// Contents `--set-file` reads, by path.
    pub files: BTreeMap<String, String>,
    /// `--skip-schema-validation`.
    pub skip_schema_validation: bool,
    /// Execution budget per template; `None` = unbounded.
    pub max_steps: Option<u64>,
    /// `--render-subchart-notes`.
    pub render_subchart_notes: bool,
    /// A fixed clock (nanoseconds since the Unix epoch); `None` = the host's clock.
    pub now: Option<i128>,
    /// A seed for reproducible randomness; `None` = `crypto.getRandomValues`.
    pub seed: Option<u64>,
    /// Go's `time.Local` (an IANA name; its rules must be in `zoneinfo`).
    pub time_zone: String,
    /// TZif data by zone name.
    pub zoneinfo: BTreeMap<String, Vec<u8>>,
    /// Answers for `getHostByName`; other names resolve to `""` as Helm does offline.
    pub hosts: BTreeMap<String, String>,
    /// `--include-crds`.
    pub include_crds: bool,
    /// `--no-hooks`.
    pub no_hooks: bool,
    /// `--skip-tests`.
    pub skip_tests: bool,
    /// `--show-only`.
    pub show_only: Vec<String>,
    /// `--debug`: with a YAML error, the error carries the raw files as `output`.
    pub debug: bool,
    /// `helm lint`: the chart directory's path as Helm prints it.
    pub path: Option<String>,
    /// `helm lint --strict`.
    pub strict: bool,
    /// `helm lint --quiet`.
    pub quiet: bool,
    /// `helm package --version`.
    pub version: Option<String>,
    /// `helm package --app-version`.
    pub app_version: Option<String>,
    /// `SOURCE_DATE_EPOCH` for `helm package` (Unix seconds).
    pub source_date_epoch: Option<i64>,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            release_name: "release-name".into(),
            namespace: "default".into(),
            revision: 1,
            is_upgrade: false,
            kube_version: None,
            api_versions: Vec::new(),
            values: Vec::new(),
            set: Vec::new(),
            set_string: Vec::new(),
            set_json: Vec::new(),
            set_file: Vec::new(),
            set_literal: Vec::new(),
            files: BTreeMap::new(),
            skip_schema_validation: false,
            max_steps: None,
            render_subchart_notes: false,
            now: None,
            seed: None,
            time_zone: "UTC".into(),
            zoneinfo: BTreeMap::new(),
            hosts: BTreeMap::new(),
            include_crds: false,
            no_hooks: false,
            skip_tests: false,
            show_only: Vec::new(),
            debug: false,
            path: None,
            strict: false,
            quiet: false,
            version: None,
            app_version: None,
            source_date_epoch: None,
        }
    }
}

fn bad(option: &str, want: &str) -> ApiError {
    ApiError::new("input", format!("option {option:?} must be {want}"))
}

fn string(v: &Value, key: &str) -> Result<String, ApiError> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| bad(key, "a string"))
}

fn strings(v: &Value, key: &str) -> Result<Vec<String>, ApiError> {
    let list = v.as_list().ok_or_else(|| bad(key, "an array of strings"))?;
    list.iter()
        .map(|x| x.as_str().map(str::to_string))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad(key, "an array of strings"))
}

fn string_map(v: &Value, key: &str) -> Result<BTreeMap<String, String>, ApiError> {
    let m = v.as_map().ok_or_else(|| bad(key, "an object of strings"))?;
    m.to_vec()
        .into_iter()
        .map(|(k, x)| x.as_str().map(|s| (k.to_string(), s.to_string())))
        .collect::<Option<BTreeMap<_, _>>>()
        .ok_or_else(|| bad(key, "an object of strings"))
}

fn boolean(v: &Value, key: &str) -> Result<bool, ApiError> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(bad(key, "a boolean")),
    }
}

/// An integer sent as a JSON number (exact up to 2^53) or a decimal string (bigger ones).
fn integer(v: &Value, key: &str) -> Result<i128, ApiError> {
    match v {
        Value::Float(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => Ok(*f as i128),
        Value::String(s) => s.parse::<i128>().map_err(|_| bad(key, "an integer")),
        _ => Err(bad(key, "an integer")),
    }
}

fn values_list(v: &Value) -> Result<Vec<ValuesText>, ApiError> {
    let want = "an array of {name, text}";
    let list = v.as_list().ok_or_else(|| bad("values", want))?;
    list.iter()
        .map(|item| {
            let m = item.as_map().ok_or_else(|| bad("values", want))?;
            let field = |k: &str| {
                m.get(k)
                    .and_then(|x| x.as_str().map(str::to_string))
                    .ok_or_else(|| bad("values", want))
            };
            Ok(ValuesText {
                name: field("name")?,
                text: field("text")?,
            })
        })
        .collect()
}

impl Request {
    /// Reads the wrapper's JSON.
    pub fn parse(json: &str) -> Result<Request, ApiError> {
        let v = from_json(json)
            .map_err(|e| ApiError::new("input", format!("options are not JSON: {e}")))?;
        let Value::Map(m) = v else {
            return Err(ApiError::new("input", "options must be an object"));
        };
        Request::from_map(&m)
    }

    fn from_map(m: &Map) -> Result<Request, ApiError> {
        let mut r = Request::default();
        for (k, v) in m.to_vec() {
            if v.is_nil() {
                continue;
            }
            let k: &str = &k;
            match k {
                "releaseName" => r.release_name = string(&v, k)?,
                "namespace" => r.namespace = string(&v, k)?,
                "revision" => {
                    r.revision = i64::try_from(integer(&v, k)?).map_err(|_| bad(k, "an integer"))?
                }
                "isUpgrade" => r.is_upgrade = boolean(&v, k)?,
                "kubeVersion" => r.kube_version = Some(string(&v, k)?),
                "apiVersions" => r.api_versions = strings(&v, k)?,
                "values" => r.values = values_list(&v)?,
                "set" => r.set = strings(&v, k)?,
                "setString" => r.set_string = strings(&v, k)?,
                "setJson" => r.set_json = strings(&v, k)?,
                "setFile" => r.set_file = strings(&v, k)?,
                "setLiteral" => r.set_literal = strings(&v, k)?,
                "files" => r.files = string_map(&v, k)?,
                "skipSchemaValidation" => r.skip_schema_validation = boolean(&v, k)?,
                "maxSteps" => {
                    let n = integer(&v, k)?;
                    r.max_steps = Some(u64::try_from(n).map_err(|_| bad(k, "a positive integer"))?)
                }
                "renderSubchartNotes" => r.render_subchart_notes = boolean(&v, k)?,
                "now" => r.now = Some(integer(&v, k)?),
                "seed" => {
                    let n = integer(&v, k)?;
                    // Any integer seeds; negative ones wrap as two's complement.
                    r.seed = Some(n as u64)
                }
                "timeZone" => r.time_zone = string(&v, k)?,
                "zoneinfo" => {
                    r.zoneinfo = string_map(&v, k)?
                        .into_iter()
                        .map(|(name, b64)| {
                            crate::b64::decode(&b64)
                                .map(|d| (name, d))
                                .ok_or_else(|| bad("zoneinfo", "an object of base64 TZif data"))
                        })
                        .collect::<Result<_, _>>()?
                }
                "hosts" => r.hosts = string_map(&v, k)?,
                "includeCrds" => r.include_crds = boolean(&v, k)?,
                "noHooks" => r.no_hooks = boolean(&v, k)?,
                "skipTests" => r.skip_tests = boolean(&v, k)?,
                "showOnly" => r.show_only = strings(&v, k)?,
                "debug" => r.debug = boolean(&v, k)?,
                "path" => r.path = Some(string(&v, k)?),
                "strict" => r.strict = boolean(&v, k)?,
                "quiet" => r.quiet = boolean(&v, k)?,
                "version" => r.version = Some(string(&v, k)?),
                "appVersion" => r.app_version = Some(string(&v, k)?),
                "sourceDateEpoch" => {
                    r.source_date_epoch =
                        Some(i64::try_from(integer(&v, k)?).map_err(|_| bad(k, "an integer"))?)
                }
                other => return Err(ApiError::new("input", format!("unknown option {other:?}"))),
            }
        }
        Ok(r)
    }

    /// The user values sources in the shape the core merges (Helm's `MergeValues`).
    pub fn value_sources(&self) -> Vec<ValueSource> {
        let mut s: Vec<ValueSource> = self
            .values
            .iter()
            .map(|v| ValueSource::File {
                name: v.name.clone(),
                data: v.text.as_bytes().to_vec(),
            })
            .collect();
        s.extend(self.set_json.iter().cloned().map(ValueSource::SetJson));
        s.extend(self.set.iter().cloned().map(ValueSource::Set));
        s.extend(self.set_string.iter().cloned().map(ValueSource::SetString));
        s.extend(self.set_file.iter().cloned().map(ValueSource::SetFile));
        s.extend(
            self.set_literal
                .iter()
                .cloned()
                .map(ValueSource::SetLiteral),
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_option() {
        let r = Request::parse(
            r#"{"releaseName":"r","namespace":"ns","revision":3,"isUpgrade":true,
            "kubeVersion":"1.30","apiVersions":["x/v1"],
            "values":[{"name":"a.yaml","text":"a: 1"}],"set":["a=1"],"setString":["b=2"],
            "setJson":["c=3"],"setFile":["d=p"],"setLiteral":["e=5"],"files":{"p":"text"},
            "skipSchemaValidation":true,"maxSteps":1000,"renderSubchartNotes":true,
            "now":"1767225600000000000","seed":-1,"timeZone":"Europe/Berlin",
            "zoneinfo":{"Europe/Berlin":"VFppZg=="},"hosts":{"h":"1.2.3.4"},
            "includeCrds":true,"noHooks":true,"skipTests":true,"showOnly":["t"],"debug":true,
            "ignored":null}"#,
        )
        .unwrap();
        assert_eq!(r.release_name, "r");
        assert_eq!(r.namespace, "ns");
        assert_eq!(r.revision, 3);
        assert!(r.is_upgrade && r.skip_schema_validation && r.render_subchart_notes);
        assert!(r.include_crds && r.no_hooks && r.skip_tests && r.debug);
        assert_eq!(r.kube_version.as_deref(), Some("1.30"));
        assert_eq!(r.api_versions, ["x/v1"]);
        assert_eq!(r.values[0].name, "a.yaml");
        assert_eq!(r.value_sources().len(), 6);
        assert_eq!(r.files["p"], "text");
        assert_eq!(r.max_steps, Some(1000));
        assert_eq!(r.now, Some(1_767_225_600_000_000_000));
        assert_eq!(r.seed, Some(u64::MAX));
        assert_eq!(r.zoneinfo["Europe/Berlin"], b"TZif");
        assert_eq!(r.hosts["h"], "1.2.3.4");
        assert_eq!(r.show_only, ["t"]);
    }

    #[test]
    fn refuses_malformed_options() {
        let cases = [
            ("[]", "options must be an object"),
            ("{", "options are not JSON: unexpected end of JSON input"),
            (r#"{"nope":1}"#, r#"unknown option "nope""#),
            (
                r#"{"revision":1.5}"#,
                r#"option "revision" must be an integer"#,
            ),
            (
                r#"{"set":"a=1"}"#,
                r#"option "set" must be an array of strings"#,
            ),
            (
                r#"{"set":[1]}"#,
                r#"option "set" must be an array of strings"#,
            ),
            (
                r#"{"isUpgrade":"yes"}"#,
                r#"option "isUpgrade" must be a boolean"#,
            ),
            (
                r#"{"maxSteps":-1}"#,
                r#"option "maxSteps" must be a positive integer"#,
            ),
            (
                r#"{"hosts":{"a":1}}"#,
                r#"option "hosts" must be an object of strings"#,
            ),
            (
                r#"{"zoneinfo":{"a":"!!"}}"#,
                r#"option "zoneinfo" must be an object of base64 TZif data"#,
            ),
            (
                r#"{"values":[{"name":"x"}]}"#,
                r#"option "values" must be an array of {name, text}"#,
            ),
        ];
        for (json, want) in cases {
            let e = Request::parse(json).unwrap_err();
            assert_eq!((e.kind, e.message.as_str()), ("input", want), "{json}");
        }
    }
}
