//! Sprig's reflection functions: `typeOf`, `typeIs`, `typeIsLike`, `kindOf`, `kindIs`,
//! `deepEqual` (Go's `reflect.DeepEqual`).

use alloc::format;

use crate::func;
use crate::template::funcs::{CallCtx, Func, FuncResult};
use crate::value::Value;

use super::util::{deep_equal, str_arg};

/// The reflection functions.
pub static FUNCS: &[Func] = &[
    func!("typeOf", [Any], type_of),
    func!("typeIs", [String, Any], type_is),
    func!("typeIsLike", [String, Any], type_is_like),
    func!("kindOf", [Any], kind_of),
    func!("kindIs", [String, Any], kind_is),
    func!("deepEqual", [Any, Any], deep_equal_fn),
];

fn type_of(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::str(a[0].type_name()))
}

fn type_is(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(&a[0]) == a[1].type_name()))
}

/// `typeIsLike T V`: the type is T or *T.
fn type_is_like(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    let (target, t) = (str_arg(&a[0]), a[1].type_name());
    Ok(Value::Bool(target == t || format!("*{target}") == t))
}

fn kind_of(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::str(a[0].kind_name()))
}

fn kind_is(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(&a[0]) == a[1].kind_name()))
}

fn deep_equal_fn(_: &mut CallCtx<'_>, a: &[Value]) -> FuncResult {
    Ok(Value::Bool(deep_equal(&a[0], &a[1])))
}
