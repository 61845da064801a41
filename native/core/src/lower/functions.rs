//! Lowering of `call` nodes: the Rust half of the method registry (`runtime/expr/registry.ts`).
//! `function_names()` lists what is lowered here; a runtime test checks it equals the registry.

use datafusion::arrow::datatypes::DataType;
use datafusion::functions::expr_fn as f;
use datafusion::logical_expr::{Expr as DfExpr, Operator, binary_expr, cast, in_list, lit, when};

use super::{
    Lowerer, arrow_type_of_name, epoch_ms, is_bool_or_null, is_numeric_or_null,
    is_string_or_null, is_temporal_or_null, to_utf8,
};
use crate::error::{LtseqError, Result};
use crate::tree::{Expr, LitValue};

type Lower = fn(&Lowerer, &[DfExpr], &[Expr]) -> Result<DfExpr>;

/// (name, min args, max args (usize::MAX = variadic), lowering). Args include the receiver.
const FUNCTIONS: &[(&str, usize, usize, Lower)] = &[
    ("startsWith", 2, 2, |l, a, _| strings(l, a, "startsWith").map(|a| f::starts_with(a[0].clone(), a[1].clone()))),
    ("endsWith", 2, 2, |l, a, _| strings(l, a, "endsWith").map(|a| f::ends_with(a[0].clone(), a[1].clone()))),
    ("includes", 2, 2, |l, a, _| strings(l, a, "includes").map(|a| f::strpos(a[0].clone(), a[1].clone()).gt(lit(0i64)))),
    ("toLowerCase", 1, 1, |l, a, _| strings(l, a, "toLowerCase").map(|a| f::lower(a[0].clone()))),
    ("toUpperCase", 1, 1, |l, a, _| strings(l, a, "toUpperCase").map(|a| f::upper(a[0].clone()))),
    ("trim", 1, 1, |l, a, _| strings(l, a, "trim").map(|a| f::btrim(vec![a[0].clone(), lit(JS_SPACE)]))),
    ("trimStart", 1, 1, |l, a, _| strings(l, a, "trimStart").map(|a| f::ltrim(vec![a[0].clone(), lit(JS_SPACE)]))),
    ("trimEnd", 1, 1, |l, a, _| strings(l, a, "trimEnd").map(|a| f::rtrim(vec![a[0].clone(), lit(JS_SPACE)]))),
    ("slice", 2, 3, |l, a, _| js_slice(l, a, false)),
    ("substring", 2, 3, |l, a, _| js_slice(l, a, true)),
    ("replace", 3, 3, |l, a, _| replace_first(l, a)),
    ("replaceAll", 3, 3, |l, a, _| strings(l, a, "replaceAll").map(|a| f::replace(a[0].clone(), a[1].clone(), a[2].clone()))),
    ("padStart", 2, 3, |l, a, _| pad(l, a, true)),
    ("padEnd", 2, 3, |l, a, _| pad(l, a, false)),
    ("indexOf", 2, 2, |l, a, _| strings(l, a, "indexOf").map(|a| binary_expr(f::strpos(a[0].clone(), a[1].clone()), Operator::Minus, lit(1i64)))),
    ("length", 1, 1, |l, a, _| strings(l, a, "length").map(|a| cast(f::character_length(a[0].clone()), DataType::Int64))),
    ("like", 2, 2, |l, a, _| strings(l, a, "like").map(|a| a[0].clone().like(a[1].clone()))),
    ("matches", 2, 3, |l, a, t| matches(l, a, t)),
    ("abs", 1, 1, |l, a, _| num1(l, a, "Math.abs", f::abs)),
    ("round", 1, 1, |l, a, _| num1(l, a, "Math.round", |x| f::floor(x + lit(0.5f64)))),
    ("floor", 1, 1, |l, a, _| num1(l, a, "Math.floor", f::floor)),
    ("ceil", 1, 1, |l, a, _| num1(l, a, "Math.ceil", f::ceil)),
    ("trunc", 1, 1, |l, a, _| num1(l, a, "Math.trunc", |x| f::trunc(vec![x]))),
    ("sqrt", 1, 1, |l, a, _| num1(l, a, "Math.sqrt", f::sqrt)),
    ("pow", 2, 2, |l, a, _| num2(l, a, "Math.pow", f::power)),
    ("exp", 1, 1, |l, a, _| num1(l, a, "Math.exp", f::exp)),
    ("log", 1, 1, |l, a, _| num1(l, a, "Math.log", f::ln)),
    ("log10", 1, 1, |l, a, _| num1(l, a, "Math.log10", f::log10)),
    ("log2", 1, 1, |l, a, _| num1(l, a, "Math.log2", f::log2)),
    ("sign", 1, 1, |l, a, _| num1(l, a, "Math.sign", f::signum)),
    ("min", 1, usize::MAX, |l, a, _| extremum(l, a, "Math.min", f::least)),
    ("max", 1, usize::MAX, |l, a, _| extremum(l, a, "Math.max", f::greatest)),
    ("sin", 1, 1, |l, a, _| num1(l, a, "Math.sin", f::sin)),
    ("cos", 1, 1, |l, a, _| num1(l, a, "Math.cos", f::cos)),
    ("tan", 1, 1, |l, a, _| num1(l, a, "Math.tan", f::tan)),
    ("atan2", 2, 2, |l, a, _| num2(l, a, "Math.atan2", f::atan2)),
    ("getFullYear", 1, 1, |l, a, _| date_part(l, a, "getFullYear", "year", 0)),
    ("getMonth", 1, 1, |l, a, _| date_part(l, a, "getMonth", "month", 1)),
    ("getDate", 1, 1, |l, a, _| date_part(l, a, "getDate", "day", 0)),
    ("getDay", 1, 1, |l, a, _| date_part(l, a, "getDay", "dow", 0)),
    ("getHours", 1, 1, |l, a, _| date_part(l, a, "getHours", "hour", 0)),
    ("getMinutes", 1, 1, |l, a, _| date_part(l, a, "getMinutes", "minute", 0)),
    ("getSeconds", 1, 1, |l, a, _| date_part(l, a, "getSeconds", "second", 0)),
    ("getTime", 1, 1, |l, a, _| {
        let t = l.expect(&a[0], "getTime()", "a date or timestamp", is_temporal_or_null)?;
        Ok(epoch_ms(a[0].clone(), &t))
    }),
    ("isIn", 1, usize::MAX, |_, a, _| {
        // `x.isIn([])` is false for every row (NULL stays NULL in SQL; JS has no NULL here).
        if a.len() == 1 { return Ok(lit(false)); }
        Ok(in_list(a[0].clone(), a[1..].to_vec(), false))
    }),
    ("between", 3, 3, |_, a, _| Ok(a[0].clone().between(a[1].clone(), a[2].clone()))),
    ("cast", 2, 2, |_, a, t| cast_to(a, t)),
    ("isNull", 1, 1, |_, a, _| Ok(a[0].clone().is_null())),
    ("isNotNull", 1, 1, |_, a, _| Ok(a[0].clone().is_not_null())),
    ("fillNull", 2, 2, |_, a, _| Ok(f::coalesce(a.to_vec()))),
    ("coalesce", 1, usize::MAX, |_, a, _| Ok(f::coalesce(a.to_vec()))),
    ("concat", 1, usize::MAX, |l, a, _| concat(l, a)),
];

/// Whitespace JS `trim()` removes (the common part; SQL `btrim` defaults to spaces only).
const JS_SPACE: &str = " \t\n\r\u{0B}\u{0C}\u{A0}\u{FEFF}";

pub fn function_names() -> Vec<&'static str> {
    let mut v: Vec<&str> = FUNCTIONS.iter().map(|(n, ..)| *n).collect();
    v.sort_unstable();
    v
}

pub fn lower_call(l: &Lowerer, name: &str, args: &[Expr]) -> Result<DfExpr> {
    let Some((_, min, max, lower)) = FUNCTIONS.iter().find(|(n, ..)| *n == name) else {
        return Err(LtseqError::InvalidArgument(format!(
            "unknown function \"{name}\"; supported: {}",
            function_names().join(", ")
        )));
    };
    if args.len() < *min || args.len() > *max {
        return Err(LtseqError::InvalidArgument(format!(
            "{name} takes {} argument(s) including its receiver, got {}",
            if max == &usize::MAX { format!("at least {min}") } else if min == max { min.to_string() } else { format!("{min} to {max}") },
            args.len()
        )));
    }
    let lowered = args.iter().map(|a| l.lower(a)).collect::<Result<Vec<_>>>()?;
    lower(l, &lowered, args)
}

fn strings(l: &Lowerer, a: &[DfExpr], name: &str) -> Result<Vec<DfExpr>> {
    l.expect(&a[0], &format!(".{name}()"), "a string", is_string_or_null)?;
    for x in &a[1..] {
        l.expect(x, &format!("the argument of .{name}()"), "a string", is_string_or_null)?;
    }
    Ok(a.to_vec())
}

fn num1(l: &Lowerer, a: &[DfExpr], name: &str, g: fn(DfExpr) -> DfExpr) -> Result<DfExpr> {
    l.expect(&a[0], name, "a number", is_numeric_or_null)?;
    Ok(g(cast(a[0].clone(), DataType::Float64)))
}

fn num2(l: &Lowerer, a: &[DfExpr], name: &str, g: fn(DfExpr, DfExpr) -> DfExpr) -> Result<DfExpr> {
    for x in a {
        l.expect(x, name, "numbers", is_numeric_or_null)?;
    }
    Ok(g(cast(a[0].clone(), DataType::Float64), cast(a[1].clone(), DataType::Float64)))
}

/// `Math.min/max`: NULL when any argument is NULL (SQL `least/greatest` would skip it).
fn extremum(l: &Lowerer, a: &[DfExpr], name: &str, g: fn(Vec<DfExpr>) -> DfExpr) -> Result<DfExpr> {
    for x in a {
        l.expect(x, name, "numbers", is_numeric_or_null)?;
    }
    if a.len() == 1 {
        return Ok(a[0].clone());
    }
    let any_null = a.iter().map(|x| x.clone().is_null()).reduce(|p, q| p.or(q)).expect("non-empty");
    Ok(when(any_null, lit(datafusion::common::ScalarValue::Null)).otherwise(g(a.to_vec()))?)
}

fn date_part(l: &Lowerer, a: &[DfExpr], name: &str, part: &str, minus: i64) -> Result<DfExpr> {
    l.expect(&a[0], &format!(".{name}()"), "a date or timestamp", is_temporal_or_null)?;
    let v = cast(f::date_part(lit(part), a[0].clone()), DataType::Int64);
    Ok(if minus == 0 { v } else { binary_expr(v, Operator::Minus, lit(minus)) })
}

/// JS `slice` (negative indexes count from the end) and `substring` (negatives are 0, bounds swap).
fn js_slice(l: &Lowerer, a: &[DfExpr], substring: bool) -> Result<DfExpr> {
    let name = if substring { "substring" } else { "slice" };
    l.expect(&a[0], &format!(".{name}()"), "a string", is_string_or_null)?;
    for x in &a[1..] {
        l.expect(x, &format!("the indexes of .{name}()"), "numbers", is_numeric_or_null)?;
    }
    let s = a[0].clone();
    let len = cast(f::character_length(s.clone()), DataType::Int64);
    let idx = |x: &DfExpr| cast(x.clone(), DataType::Int64);
    let zero = || lit(0i64);
    let clamp = |x: DfExpr| f::least(vec![f::greatest(vec![x, zero()]), len.clone()]);
    let resolve = |x: DfExpr| -> Result<DfExpr> {
        if substring {
            Ok(clamp(x))
        } else {
            // negative: len + x, floored at 0; else capped at len
            Ok(when(x.clone().lt(zero()), f::greatest(vec![len.clone() + x.clone(), zero()]))
                .otherwise(f::least(vec![x, len.clone()]))?)
        }
    };
    let start = resolve(idx(&a[1]))?;
    let end = match a.get(2) { Some(e) => resolve(idx(e))?, None => len.clone() };
    let (from, to) = if substring {
        (f::least(vec![start.clone(), end.clone()]), f::greatest(vec![start, end]))
    } else {
        (start, end)
    };
    let count = f::greatest(vec![to - from.clone(), zero()]);
    Ok(f::substring(s, from + lit(1i64), count))
}

/// JS `replace` with a string pattern: only the first occurrence, no pattern syntax.
fn replace_first(l: &Lowerer, a: &[DfExpr]) -> Result<DfExpr> {
    let a = strings(l, a, "replace")?;
    let (s, from, to) = (a[0].clone(), a[1].clone(), a[2].clone());
    let pos = f::strpos(s.clone(), from.clone());
    let before = f::substring(s.clone(), lit(1i64), pos.clone() - lit(1i64));
    let after = f::substr(s.clone(), pos.clone() + cast(f::character_length(from), DataType::Int64));
    let joined = binary_expr(binary_expr(before, Operator::StringConcat, to), Operator::StringConcat, after);
    Ok(when(pos.gt(lit(0i64)), joined).otherwise(s)?)
}

/// JS `padStart/padEnd`: never truncates (SQL `lpad` would), default fill is a space.
fn pad(l: &Lowerer, a: &[DfExpr], start: bool) -> Result<DfExpr> {
    let name = if start { "padStart" } else { "padEnd" };
    l.expect(&a[0], &format!(".{name}()"), "a string", is_string_or_null)?;
    l.expect(&a[1], &format!("the length of .{name}()"), "a number", is_numeric_or_null)?;
    let s = a[0].clone();
    let n = cast(a[1].clone(), DataType::Int64);
    let fill = a.get(2).cloned().unwrap_or_else(|| lit(" "));
    let padded = if start { f::lpad(vec![s.clone(), n.clone(), fill]) } else { f::rpad(vec![s.clone(), n.clone(), fill]) };
    let long_enough = cast(f::character_length(s.clone()), DataType::Int64).gt_eq(n);
    Ok(when(long_enough, s).otherwise(padded)?)
}

fn matches(l: &Lowerer, a: &[DfExpr], tree: &[Expr]) -> Result<DfExpr> {
    l.expect(&a[0], ".matches()", "a string", is_string_or_null)?;
    let flags = match tree.get(2) {
        None => None,
        Some(Expr::Lit { value: LitValue::Str(fl), .. }) => {
            // `g`, `y` and `u` change nothing for a yes/no test; others must be supported by Rust's regex.
            let kept: String = fl.chars().filter(|c| !matches!(c, 'g' | 'y' | 'u')).collect();
            if let Some(bad) = kept.chars().find(|c| !matches!(c, 'i' | 'm' | 's')) {
                return Err(LtseqError::InvalidArgument(format!(
                    "regular-expression flag \"{bad}\" is not supported in .matches(); use i, m or s"
                )));
            }
            (!kept.is_empty()).then(|| lit(kept))
        }
        Some(_) => return Err(LtseqError::InvalidArgument(".matches() flags must be a string literal".into())),
    };
    Ok(f::regexp_like(a[0].clone(), a[1].clone(), flags))
}

fn cast_to(a: &[DfExpr], tree: &[Expr]) -> Result<DfExpr> {
    let Some(Expr::Lit { value: LitValue::Str(name), .. }) = tree.get(1) else {
        return Err(LtseqError::InvalidArgument(".cast() takes a type name literal, e.g. .cast(\"float64\")".into()));
    };
    let to = arrow_type_of_name(name).ok_or_else(|| {
        LtseqError::InvalidArgument(format!(
            "unknown type \"{name}\" in .cast(); use int64, float64, utf8, bool, date32 or timestamp"
        ))
    })?;
    Ok(cast(a[0].clone(), to))
}

/// Template literals: every part cast to text, NULL propagates (three-valued logic).
fn concat(l: &Lowerer, a: &[DfExpr]) -> Result<DfExpr> {
    let mut parts = Vec::with_capacity(a.len());
    for x in a {
        let t = l.type_of(x)?;
        if is_bool_or_null(&t) && !t.is_null() {
            parts.push(when(x.clone(), lit("true")).otherwise(lit("false"))?);
        } else {
            parts.push(to_utf8(x.clone(), &t));
        }
    }
    Ok(parts.into_iter().reduce(|p, q| binary_expr(p, Operator::StringConcat, q)).expect("non-empty"))
}
