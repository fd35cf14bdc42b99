//! Same YAML shape (keys and value types, document by document): how the conformance
//! runner compares templates whose text is random by design. The same rule as the native
//! runner's (`tests/src/conformance.rs`), so both runs judge every case alike.

use binnacle_core::yaml::from_yaml_documents;
use binnacle_core::Value;

/// `None` when `want` and `got` have the same shape, else why not.
pub fn same_shape(want: &str, got: &str) -> Option<String> {
    let w = match from_yaml_documents(want) {
        Ok(w) => w,
        Err(e) => return Some(format!("Helm's text is not YAML: {e}")),
    };
    let g = match from_yaml_documents(got) {
        Ok(g) => g,
        Err(e) => return Some(format!("Binnacle's text is not YAML: {e}")),
    };
    if w.len() != g.len() {
        return Some(format!("{} documents vs {}", w.len(), g.len()));
    }
    w.iter().zip(&g).find_map(|(a, b)| shape_eq(a, b, "").err())
}

fn shape_eq(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    // Work list instead of recursion: documents may nest deeply.
    let mut work = vec![(a.clone(), b.clone(), path.to_string())];
    while let Some((a, b, path)) = work.pop() {
        match (&a, &b) {
            (Value::Map(x), Value::Map(y)) => {
                let (kx, ky) = (x.keys(), y.keys());
                if kx != ky {
                    return Err(format!("keys at {path:?}: {kx:?} vs {ky:?}"));
                }
                for k in kx {
                    work.push((
                        x.get(&k).unwrap_or_default(),
                        y.get(&k).unwrap_or_default(),
                        format!("{path}.{k}"),
                    ));
                }
            }
            (Value::List(x), Value::List(y)) => {
                if x.len() != y.len() {
                    return Err(format!(
                        "list length at {path:?}: {} vs {}",
                        x.len(),
                        y.len()
                    ));
                }
                for (i, (p, q)) in x.iter().zip(y.iter()).enumerate() {
                    work.push((p.clone(), q.clone(), format!("{path}[{i}]")));
                }
            }
            _ if a.type_name() == b.type_name() => {}
            _ => {
                return Err(format!(
                    "type at {path:?}: {} vs {}",
                    a.type_name(),
                    b.type_name()
                ))
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::same_shape;

    #[test]
    fn shapes() {
        let cases: [(&str, &str, Option<&str>); 5] = [
            ("a: x\nb: [1]\n", "a: z\nb: [2]\n", None),
            ("a: x\n", "b: x\n", Some(r#"keys at "": ["a"] vs ["b"]"#)),
            (
                "a: [1]\n",
                "a: [1, 2]\n",
                Some(r#"list length at ".a": 1 vs 2"#),
            ),
            (
                "a: 1\n",
                "a: x\n",
                Some(r#"type at ".a": float64 vs string"#),
            ),
            ("a: 1\n---\nb: 2\n", "a: 1\n", Some("2 documents vs 1")),
        ];
        for (w, g, want) in cases {
            assert_eq!(same_shape(w, g).as_deref(), want, "{w:?} {g:?}");
        }
    }
}
