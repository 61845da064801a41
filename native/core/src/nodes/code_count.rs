//! `CodeCount`: rows per value of a dictionary-encoded string column, counted by dictionary code —
//! the partial half of `groupBy(key).agg(g => ({ n: g.count() }))` on the dictionary path
//! (`dict_group.rs`). Per batch it counts the codes into a small array (no hashing per row), adds
//! those counts to query-wide ids of the batch's dictionary values, and at the end of its input
//! partition emits one row per id: `(id, rows)`, plus one for NULL keys. A DataFusion aggregate
//! then sums the partitions' counts by id, and the ids turn back into strings.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Field, Int32Type, Schema, SchemaRef};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{Column, DFSchema, DFSchemaRef};
use datafusion::error::Result;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::{Expr, LogicalPlan, UserDefinedLogicalNodeCore};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties};
use futures::StreamExt;

use crate::dict_group::Interner;

#[derive(Debug, Clone)]
pub struct CodeCount {
    pub input: LogicalPlan,
    pub key: Column,
    pub interner: Arc<Interner>,
    /// `(key as id: Int64, rows: Int64)`, named `key_name` and `count_name`.
    schema: DFSchemaRef,
}

impl CodeCount {
    pub fn try_new(input: LogicalPlan, key: Column, interner: Arc<Interner>, count_name: &str) -> Result<Self> {
        let fields = vec![Field::new(&key.name, DataType::Int64, true), Field::new(count_name, DataType::Int64, false)];
        let schema = Arc::new(DFSchema::try_from(Schema::new(fields))?);
        Ok(Self { input, key, interner, schema })
    }

    pub fn plan(&self, logical_input: &LogicalPlan, input: Arc<dyn ExecutionPlan>) -> Result<Arc<dyn ExecutionPlan>> {
        let key = logical_input.schema().index_of_column(&self.key)?;
        let schema: SchemaRef = Arc::new(self.schema.as_arrow().clone());
        let props = props_for(&input, schema.clone());
        Ok(Arc::new(CodeCountExec { input, key, interner: self.interner.clone(), schema, props }))
    }
}

/// One node per interner (one query's plan); the schema follows from the fields.
impl PartialEq for CodeCount {
    fn eq(&self, o: &Self) -> bool {
        self.input == o.input && self.key == o.key && Arc::ptr_eq(&self.interner, &o.interner) && self.schema == o.schema
    }
}
impl Eq for CodeCount {}
impl std::hash::Hash for CodeCount {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (&self.input, &self.key, Arc::as_ptr(&self.interner) as usize).hash(h);
    }
}
impl PartialOrd for CodeCount {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        (&self.input, &self.key).partial_cmp(&(&o.input, &o.key))
    }
}

impl UserDefinedLogicalNodeCore for CodeCount {
    fn name(&self) -> &str {
        "CodeCount"
    }
    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }
    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }
    fn expressions(&self) -> Vec<Expr> {
        vec![Expr::Column(self.key.clone())]
    }
    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "CodeCount: key={}", self.key)
    }
    fn with_exprs_and_inputs(&self, exprs: Vec<Expr>, mut inputs: Vec<LogicalPlan>) -> Result<Self> {
        let Some(Expr::Column(key)) = exprs.into_iter().next() else {
            return datafusion::common::plan_err!("CodeCount counts a column");
        };
        let count_name = self.schema.field(1).name().clone();
        Self::try_new(inputs.swap_remove(0), key, self.interner.clone(), &count_name)
    }
    /// Only the key column is read.
    fn necessary_children_exprs(&self, _output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        let i = self.input.schema().index_of_column(&self.key).ok()?;
        Some(vec![BTreeSet::from([i]).into_iter().collect()])
    }
}

/// One output partition per input partition (each emits its counts at its end), no ordering.
fn props_for(input: &Arc<dyn ExecutionPlan>, schema: SchemaRef) -> Arc<PlanProperties> {
    let n = input.properties().output_partitioning().partition_count();
    let eq = EquivalenceProperties::new(schema);
    Arc::new(PlanProperties::new(eq, Partitioning::UnknownPartitioning(n), EmissionType::Final, Boundedness::Bounded))
}

#[derive(Debug)]
pub struct CodeCountExec {
    input: Arc<dyn ExecutionPlan>,
    key: usize,
    interner: Arc<Interner>,
    schema: SchemaRef,
    props: Arc<PlanProperties>,
}

impl DisplayAs for CodeCountExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "CodeCountExec: key=#{}", self.key)
    }
}

/// Counts of one partition: by id, and of NULL keys.
#[derive(Default)]
struct Counts {
    by_id: Vec<i64>,
    nulls: i64,
    /// The ids of the last dictionary seen: the batches of one column chunk share its values
    /// array, so each dictionary is interned once. (Holding the array keeps its address from being
    /// reused by another dictionary while it is cached.)
    last: Option<(ArrayRef, Int64Array)>,
}

impl Counts {
    fn add(&mut self, interner: &Interner, keys: &ArrayRef) -> Result<()> {
        let (codes, ids) = match keys.data_type() {
            DataType::Dictionary(k, _) if **k == DataType::Int32 => {
                let d = keys.as_dictionary::<Int32Type>();
                let ids = match &self.last {
                    Some((values, ids)) if Arc::ptr_eq(values, d.values()) => ids.clone(),
                    _ => {
                        let ids = interner.ids_of(d.values())?;
                        self.last = Some((d.values().clone(), ids.clone()));
                        ids
                    }
                };
                (d.keys().clone(), ids)
            }
            // Not dictionary-encoded after all: every row is its own code.
            _ => {
                let ids = interner.ids_of(keys)?;
                (datafusion::arrow::array::Int32Array::from_iter_values(0..keys.len() as i32), ids)
            }
        };
        if let Some(n) = codes.nulls() {
            self.nulls += n.null_count() as i64;
        }
        if ids.len() > codes.len() {
            // A dictionary larger than the batch: add each row to its id directly rather than
            // walk the whole dictionary once per batch.
            for c in codes.iter().flatten() {
                match ids.is_valid(c as usize) {
                    true => self.bump(ids.value(c as usize) as usize, 1),
                    false => self.nulls += 1,
                }
            }
            return Ok(());
        }
        let mut per_code = vec![0i64; ids.len()];
        match codes.nulls() {
            None => codes.values().iter().for_each(|&c| per_code[c as usize] += 1),
            Some(_) => codes.iter().flatten().for_each(|c| per_code[c as usize] += 1),
        }
        for (code, &rows) in per_code.iter().enumerate() {
            if rows == 0 {
                continue;
            }
            match ids.is_valid(code) {
                true => self.bump(ids.value(code) as usize, rows),
                false => self.nulls += rows,
            }
        }
        Ok(())
    }

    fn bump(&mut self, id: usize, rows: i64) {
        if id >= self.by_id.len() {
            self.by_id.resize(id + 1, 0);
        }
        self.by_id[id] += rows;
    }

    fn finish(self, schema: SchemaRef) -> Result<RecordBatch> {
        let mut ids: Vec<Option<i64>> = Vec::new();
        let mut rows = Vec::new();
        for (id, &n) in self.by_id.iter().enumerate().filter(|(_, n)| **n > 0) {
            ids.push(Some(id as i64));
            rows.push(n);
        }
        if self.nulls > 0 {
            ids.push(None);
            rows.push(self.nulls);
        }
        Ok(RecordBatch::try_new(schema, vec![Arc::new(Int64Array::from(ids)), Arc::new(Int64Array::from(rows))])?)
    }
}

impl ExecutionPlan for CodeCountExec {
    fn name(&self) -> &str {
        "CodeCountExec"
    }
    fn properties(&self) -> &Arc<PlanProperties> {
        &self.props
    }
    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }
    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }
    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        let input = children.swap_remove(0);
        let props = props_for(&input, self.schema.clone());
        Ok(Arc::new(Self { input, key: self.key, interner: self.interner.clone(), schema: self.schema.clone(), props }))
    }
    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        let mut input = self.input.execute(partition, context)?;
        let (key, interner, schema) = (self.key, self.interner.clone(), self.schema.clone());
        let out = futures::stream::once(async move {
            let mut counts = Counts::default();
            while let Some(b) = input.next().await {
                counts.add(&interner, b?.column(key))?;
            }
            counts.finish(schema)
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(self.schema.clone(), out)))
    }
}
