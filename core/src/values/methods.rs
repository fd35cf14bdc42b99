//! The methods of Helm's `common.Values` (`AsMap`, `Encode`, `PathValue`, `Table`, `YAML`),
//! which templates reach as fields of `.Values`, `.Template` and the top-level dot.
//!
//! Go's template executor looks a name up among a value's methods before its map keys, so
//! on a `common.Values` these five names call the method even where the map has a key of
//! that name; maps of other types (everything nested inside `.Values`) have no methods.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use crate::template::funcs::{Sig, Ty};
use crate::value::{Map, MapType, Object, Value};

/// The signature of the `common.Values` method `name`, if there is one.
pub fn method_sig(name: &str) -> Option<Sig> {
    Some(match name {
        "AsMap" | "YAML" => Sig::fixed(&[]),
        "Table" | "PathValue" => Sig::fixed(&[Ty::String]),
        "Encode" => Sig::fixed(&[Ty::Writer]),
        _ => return None,
    })
}

/// A `common.Values` map as the receiver of a method call.
pub struct ValuesMethods(pub Map);

impl ValuesMethods {
    /// The receiver of `name`, when `m` is a `common.Values` and has that method.
    #[inline]
    pub fn of(m: &Map, name: &str) -> Option<(Rc<dyn Object>, Sig)> {
        // Most fields asked of a `common.Values` (`.Values`, `.Release`, a values key) start
        // with no method's first letter: one byte compare lets them pass.
        if m.map_type() != MapType::Values
            || !matches!(
                name.as_bytes().first(),
                Some(b'A' | b'E' | b'P' | b'T' | b'Y')
            )
        {
            return None;
        }
        let sig = method_sig(name)?;
        Some((Rc::new(ValuesMethods(m.clone())), sig))
    }
}

impl Object for ValuesMethods {
    fn type_name(&self) -> &str {
        "common.Values"
    }

    fn kind(&self) -> &str {
        "map"
    }

    fn has_method(&self, name: &str) -> bool {
        method_sig(name).is_some()
    }

    fn method_sig(&self, name: &str) -> Option<Sig> {
        method_sig(name)
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let m = &self.0;
        let text = |i: usize| args.get(i).and_then(Value::as_str).unwrap_or_default();
        Some(match name {
            // A new map when empty: Go guards against a nil one that way.
            "AsMap" if m.is_empty() => Ok(Value::Map(Map::new())),
            "AsMap" => Ok(Value::Map(m.retyped(MapType::Any))),
            // sigs.k8s.io/yaml, as `toYaml` but keeping the final line break.
            "YAML" => crate::yaml::to_yaml(&Value::Map(m.clone())).map(Value::from),
            "Table" => table(m, text(0)).map(|t| Value::Map(t.retyped(MapType::Values))),
            "PathValue" => path_value(m, text(0)),
            // Only a nil writer gets this far (nothing a template holds is an io.Writer), and
            // Go's call then dereferences it.
            "Encode" => {
                Err("runtime error: invalid memory address or nil pointer dereference".into())
            }
            _ => return None,
        })
    }

    fn as_any(&self) -> &dyn core::any::Any {
        self
    }

    fn format_v(&self) -> String {
        crate::gofmt::format_v(&Value::Map(self.0.clone()))
    }
}

/// Whether Helm's `istable` holds: a `map[string]interface{}` (not a `common.Values`).
fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(m) if m.map_type() == MapType::Any)
}

/// `Values.Table`: the map at a dotted path, each step a `map[string]interface{}` or a
/// `common.Values`; the error names the first step that is not one.
fn table(v: &Map, name: &str) -> Result<Map, String> {
    let mut t = v.clone();
    for step in name.split('.') {
        match t.get(step) {
            Some(Value::Map(m)) if m.map_type() != MapType::Strings => t = m,
            _ => return Err(format!("{} is not a table", super::gostr::quote(step))),
        }
    }
    Ok(t)
}

/// `Values.PathValue`: the value (not a table) at a dotted path.
fn path_value(v: &Map, path: &str) -> Result<Value, String> {
    if path.is_empty() {
        return Err("YAML path cannot be empty".into());
    }
    let parts: Vec<&str> = path.split('.').collect();
    let (key, tables) = parts.split_last().expect("split yields one part at least");
    let no_value = || format!("{} is not a value", super::gostr::quote(key));
    let t = if tables.is_empty() {
        v.clone()
    } else {
        table(v, &tables.join(".")).map_err(|_| no_value())?
    };
    match t.get(key) {
        Some(x) if !is_table(&x) => Ok(x),
        _ => Err(no_value()),
    }
}
