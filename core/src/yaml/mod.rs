//! YAML as Helm reads and writes it.
//!
//! Reading follows sigs.k8s.io/yaml over go-yaml v2 (YAML 1.1 scalars, merge keys, last
//! duplicate wins, boolean-like keys renamed, then a JSON round trip: every number float64).
//! Writing follows sigs.k8s.io/yaml's `Marshal` (`toYaml`) and yaml.v3 (`toYamlPretty`).
//!
//! Owner: yaml work.

use alloc::string::String;
use alloc::vec::Vec;

use crate::value::Value;

/// A YAML error in go-yaml's words (`yaml: line 3: mapping values are not allowed in this context`).
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    /// The message exactly as Helm prints it.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl core::fmt::Display for YamlError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

/// sigs.k8s.io/yaml `Unmarshal` into `interface{}`: what `fromYaml`, values files and
/// Chart.yaml see. Numbers become float64; maps are `map[string]interface {}`.
pub fn from_yaml(src: &str) -> Result<Value, YamlError> {
    let _ = src;
    Err(YamlError {
        message: String::from("yaml: not implemented"),
        line: None,
        column: None,
    })
}

/// Every document of a multi-document stream, each as [`from_yaml`] reads it.
pub fn from_yaml_documents(src: &str) -> Result<Vec<Value>, YamlError> {
    let _ = src;
    Err(YamlError {
        message: String::from("yaml: not implemented"),
        line: None,
        column: None,
    })
}

/// sigs.k8s.io/yaml `Marshal` (`toYaml` before Helm trims the trailing newline).
pub fn to_yaml(v: &Value) -> Result<String, String> {
    let _ = v;
    Err(String::from("yaml: not implemented"))
}

/// yaml.v3 with indent 2 (`toYamlPretty` before Helm trims the trailing newline).
pub fn to_yaml_pretty(v: &Value) -> Result<String, String> {
    let _ = v;
    Err(String::from("yaml: not implemented"))
}
