//! `Link`: a many-to-one pointer from each source row to at most one target row (`t.link`), and
//! the same lookup as a filter (`semiJoin`/`antiJoin`).
//!
//! Why not a hash join: a link keeps every source row exactly once and in its order, and its target
//! key is unique, so the work is "build a key → row map of the (small) target once, then stream the
//! source and `take` target columns". That streams in the source's order and partitioning, needs no
//! repartitioning of the (large) source, and fetches only the target columns a query reads.
//!
//! Children: `[source, target]`. Output: the source's fields, then for a pointer `{alias}_{c}` for
//! every field `c` the (possibly pruned) target child has. NULL keys never match.

mod exec;
mod keys;
mod probe;

#[cfg(test)]
pub(crate) mod tests;

pub use exec::LinkExec;

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{Column, DFSchema, DFSchemaRef, TableReference};
use datafusion::error::Result;
use datafusion::logical_expr::type_coercion::binary::comparison_coercion;
use datafusion::logical_expr::{Expr, LogicalPlan, UserDefinedLogicalNodeCore};
use datafusion::physical_plan::ExecutionPlan;

use crate::error::LtseqError;
use crate::lower::type_name;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd)]
pub enum LinkMode {
    /// Adds the target's columns; `inner` drops source rows without a match.
    Pointer { inner: bool },
    /// Keeps source rows whose key occurs in the target.
    Semi,
    /// Keeps source rows whose key does not occur in the target (NULL keys included).
    Anti,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Link {
    pub source: LogicalPlan,
    pub target: LogicalPlan,
    pub source_keys: Vec<Column>,
    pub target_keys: Vec<Column>,
    /// Prefix of the added columns; also names the link in messages.
    pub alias: String,
    pub mode: LinkMode,
    schema: DFSchemaRef,
}

/// Ordered like its defining fields; the schema is derived from them.
impl PartialOrd for Link {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        (&self.source, &self.target, &self.source_keys, &self.target_keys, &self.alias, &self.mode).partial_cmp(&(
            &other.source,
            &other.target,
            &other.source_keys,
            &other.target_keys,
            &other.alias,
            &other.mode,
        ))
    }
}

/// The type both key columns are compared in. Only within one family (numbers, strings, dates and
/// times, ...): DataFusion would also compare a string with a number by casting, which for keys
/// silently matches `"7"` with `7` and is almost always a mistake.
pub fn common_key_type(left: (&str, &DataType), right: (&str, &DataType), what: &str) -> crate::Result<DataType> {
    let (l, r) = (value_type(left.1), value_type(right.1));
    let family = |t: &DataType| {
        if t.is_numeric() {
            1
        } else if matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View) {
            2
        } else if t.is_temporal() {
            3
        } else {
            4
        }
    };
    let same_family = l == r || matches!(l, DataType::Null) || matches!(r, DataType::Null) || (family(l) == family(r) && family(l) != 4);
    match comparison_coercion(left.1, right.1).filter(|_| same_family) {
        Some(t) => Ok(t),
        None => Err(LtseqError::TypeMismatch(format!(
            "{what}: key {} ({}) cannot be compared with {} ({}); cast one side first",
            left.0,
            type_name(left.1),
            right.0,
            type_name(right.1)
        ))),
    }
}

fn value_type(t: &DataType) -> &DataType {
    match t {
        DataType::Dictionary(_, v) => v,
        other => other,
    }
}

impl Link {
    pub fn try_new(
        source: LogicalPlan,
        target: LogicalPlan,
        source_keys: Vec<Column>,
        target_keys: Vec<Column>,
        alias: String,
        mode: LinkMode,
    ) -> Result<Self> {
        if source_keys.is_empty() || source_keys.len() != target_keys.len() {
            return Err(LtseqError::InvalidArgument(format!(
                "{}: needs the same number (at least one) of source and target keys, got {} and {}",
                label(&alias, mode),
                source_keys.len(),
                target_keys.len()
            ))
            .into());
        }
        let schema = match mode {
            LinkMode::Semi | LinkMode::Anti => source.schema().clone(),
            LinkMode::Pointer { inner } => {
                let src = source.schema();
                let mut fields: Vec<(Option<TableReference>, Arc<Field>)> =
                    src.iter().map(|(q, f)| (q.cloned(), f.clone())).collect();
                for f in target.schema().fields() {
                    let name = format!("{alias}_{}", f.name());
                    let nullable = !inner || f.is_nullable();
                    fields.push((None, Arc::new(f.as_ref().clone().with_name(name).with_nullable(nullable))));
                }
                let schema = DFSchema::new_with_metadata(fields, src.metadata().clone())?
                    .with_functional_dependencies(src.functional_dependencies().clone())?;
                Arc::new(schema)
            }
        };
        let link = Self { source, target, source_keys, target_keys, alias, mode, schema };
        link.key_types()?;
        Ok(link)
    }

    /// The common type of each key pair (see `common_key_type`).
    pub fn key_types(&self) -> Result<Vec<DataType>> {
        let (ss, ts) = (self.source.schema(), self.target.schema());
        let what = label(&self.alias, self.mode);
        let mut out = Vec::with_capacity(self.source_keys.len());
        for (s, t) in self.source_keys.iter().zip(&self.target_keys) {
            let st = ss.qualified_field_from_column(s)?.1.data_type();
            let tt = ts.qualified_field_from_column(t)?.1.data_type();
            out.push(common_key_type((&s.name, st), (&t.name, tt), &what)?);
        }
        Ok(out)
    }

    pub fn plan(&self, source: Arc<dyn ExecutionPlan>, target: Arc<dyn ExecutionPlan>) -> Result<Arc<dyn ExecutionPlan>> {
        let idx = |schema: &DFSchemaRef, keys: &[Column]| keys.iter().map(|c| schema.index_of_column(c)).collect::<Result<Vec<_>>>();
        let spec = probe::Spec {
            mode: self.mode,
            alias: self.alias.clone(),
            label: label(&self.alias, self.mode),
            source_keys: idx(self.source.schema(), &self.source_keys)?,
            target_keys: idx(self.target.schema(), &self.target_keys)?,
            target_key_names: self.target_keys.iter().map(|c| c.name.clone()).collect(),
            key_types: self.key_types()?,
            explain: self.describe(),
        };
        Ok(Arc::new(LinkExec::try_new(source, target, Arc::new(spec), None)?))
    }

    /// `prod (productId = id), pointer` — shared by the logical and the physical explain.
    fn describe(&self) -> String {
        let pairs: Vec<String> =
            self.source_keys.iter().zip(&self.target_keys).map(|(s, t)| format!("{} = {}", s.name, t.name)).collect();
        let mode = match self.mode {
            LinkMode::Pointer { inner: false } => "pointer",
            LinkMode::Pointer { inner: true } => "pointer, inner",
            LinkMode::Semi => "semi",
            LinkMode::Anti => "anti",
        };
        let name = if self.alias.is_empty() { String::new() } else { format!("{} ", self.alias) };
        format!("{name}({}), {mode}", pairs.join(", "))
    }
}

/// How the node is named in error messages.
fn label(alias: &str, mode: LinkMode) -> String {
    match mode {
        LinkMode::Pointer { .. } => format!("link \"{alias}\""),
        LinkMode::Semi => "semiJoin".into(),
        LinkMode::Anti => "antiJoin".into(),
    }
}

impl UserDefinedLogicalNodeCore for Link {
    fn name(&self) -> &str {
        "Link"
    }
    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.source, &self.target]
    }
    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }
    /// Source keys, then target keys: listing them keeps them through projection pruning.
    fn expressions(&self) -> Vec<Expr> {
        self.source_keys.iter().chain(&self.target_keys).map(|c| Expr::Column(c.clone())).collect()
    }
    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Link: {}", self.describe())
    }
    /// Rebuilt from the (possibly pruned) children, so the target fields follow what is left of it.
    fn with_exprs_and_inputs(&self, exprs: Vec<Expr>, mut inputs: Vec<LogicalPlan>) -> Result<Self> {
        let col = |e: Expr| match e {
            Expr::Column(c) => Ok(c),
            other => datafusion::common::plan_err!("Link expects column references, got {other}"),
        };
        let mut cols = exprs.into_iter().map(col).collect::<Result<Vec<_>>>()?;
        let target_keys = cols.split_off(self.source_keys.len());
        let target = inputs.pop().expect("two inputs");
        let source = inputs.pop().expect("two inputs");
        Self::try_new(source, target, cols, target_keys, self.alias.clone(), self.mode)
    }
    /// Source columns asked for plus the source keys; target columns asked for (a pointer's added
    /// columns map one to one onto the target's) plus the target keys. This is what lets a query
    /// reading `prod_name` fetch only `name` and the key from the products.
    fn necessary_children_exprs(&self, output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        let (ss, ts) = (self.source.schema(), self.target.schema());
        let n = ss.fields().len();
        let mut src: BTreeSet<usize> = output_columns.iter().copied().filter(|&i| i < n).collect();
        let mut tgt: BTreeSet<usize> = BTreeSet::new();
        if matches!(self.mode, LinkMode::Pointer { .. }) {
            tgt.extend(output_columns.iter().filter(|&&i| i >= n).map(|&i| i - n));
        }
        for c in &self.source_keys {
            src.insert(ss.index_of_column(c).ok()?);
        }
        for c in &self.target_keys {
            tgt.insert(ts.index_of_column(c).ok()?);
        }
        Some(vec![src.into_iter().collect(), tgt.into_iter().collect()])
    }
}
