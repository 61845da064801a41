//! `SeqWindow`: sequence operators (LAG, rolling and cumulative aggregates) computed in one
//! streaming pass over input already in the declared order. DataFusion's general window executor
//! hash-splits partitions and evaluates sliding aggregates row by row; here the declared order
//! makes each partition a consecutive run, so a partition boundary is just "the key changed".
//!
//! Requirements stated to the planner: one input partition, ordered by the declared order (whose
//! leading keys are the partition keys). When the input already is (`assumeSorted`, `sort`),
//! nothing is added; otherwise DataFusion inserts the sort or merge.

mod kernels;
mod runner;

pub use kernels::{Agg, Kind, output_type, supports};

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{Column, DFSchema, DFSchemaRef, ExprSchema};
use datafusion::error::Result;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{Expr, LogicalPlan, SortExpr, UserDefinedLogicalNodeCore};
use datafusion::physical_expr::{EquivalenceProperties, LexOrdering, PhysicalExpr, PhysicalSortExpr, create_physical_sort_exprs};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, Partitioning, PlanProperties,
};
use datafusion::physical_expr::OrderingRequirements;

/// One operator: `kind` applied to input column `column`, output as `name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd)]
pub struct SeqOp {
    pub kind: Kind,
    pub column: Column,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SeqWindow {
    pub input: LogicalPlan,
    pub partition_by: Vec<Column>,
    pub order: Vec<SortExpr>,
    pub ops: Vec<SeqOp>,
    schema: DFSchemaRef,
}

/// Ordered like its defining fields; the schema is derived from them.
impl PartialOrd for SeqWindow {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        (&self.input, &self.partition_by, &self.order, &self.ops)
            .partial_cmp(&(&other.input, &other.partition_by, &other.order, &other.ops))
    }
}

impl SeqWindow {
    pub fn try_new(input: LogicalPlan, partition_by: Vec<Column>, order: Vec<SortExpr>, ops: Vec<SeqOp>) -> Result<Self> {
        let in_schema = input.schema();
        let mut fields: Vec<(Option<datafusion::common::TableReference>, Arc<Field>)> =
            in_schema.iter().map(|(q, f)| (q.cloned(), f.clone())).collect();
        for op in &ops {
            let t = in_schema.field_from_column(&op.column)?.data_type();
            fields.push((None, Arc::new(Field::new(&op.name, output_type(&op.kind, t), true))));
        }
        let schema = Arc::new(DFSchema::new_with_metadata(fields, DFSchema::metadata(in_schema).clone())?);
        Ok(Self { input, partition_by, order, ops, schema })
    }
}

impl UserDefinedLogicalNodeCore for SeqWindow {
    fn name(&self) -> &str {
        "SeqWindow"
    }
    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }
    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }
    /// Partition keys, then order keys, then operator columns (the order `with_exprs_and_inputs` reads).
    fn expressions(&self) -> Vec<Expr> {
        let parts = self.partition_by.iter().map(|c| Expr::Column(c.clone()));
        let order = self.order.iter().map(|s| s.expr.clone());
        let ops = self.ops.iter().map(|o| Expr::Column(o.column.clone()));
        parts.chain(order).chain(ops).collect()
    }
    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let ops: Vec<String> = self.ops.iter().map(|o| format!("{:?}({}) AS {}", o.kind, o.column, o.name)).collect();
        let parts: Vec<String> = self.partition_by.iter().map(|c| c.to_string()).collect();
        let order: Vec<String> = self.order.iter().map(|s| s.to_string()).collect();
        write!(f, "SeqWindow: partition_by=[{}], order=[{}], ops=[{}]", parts.join(", "), order.join(", "), ops.join(", "))
    }
    fn with_exprs_and_inputs(&self, exprs: Vec<Expr>, mut inputs: Vec<LogicalPlan>) -> Result<Self> {
        let col = |e: &Expr| match e {
            Expr::Column(c) => Ok(c.clone()),
            other => datafusion::common::plan_err!("SeqWindow expects column references, got {other}"),
        };
        let (p, rest) = exprs.split_at(self.partition_by.len());
        let (o, ops) = rest.split_at(self.order.len());
        let partition_by = p.iter().map(col).collect::<Result<_>>()?;
        let order = self.order.iter().zip(o).map(|(s, e)| SortExpr { expr: e.clone(), ..s.clone() }).collect();
        let ops = self.ops.iter().zip(ops).map(|(op, e)| Ok(SeqOp { column: col(e)?, ..op.clone() })).collect::<Result<_>>()?;
        Self::try_new(inputs.swap_remove(0), partition_by, order, ops)
    }
    /// Input columns asked for, plus every column the node itself reads.
    fn necessary_children_exprs(&self, output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        let schema = self.input.schema();
        let n = schema.fields().len();
        let mut needed: BTreeSet<usize> = output_columns.iter().copied().filter(|&i| i < n).collect();
        for e in self.expressions() {
            for c in e.column_refs() {
                needed.insert(schema.index_of_column(c).ok()?);
            }
        }
        Some(vec![needed.into_iter().collect()])
    }
}

impl SeqWindow {
    pub fn plan(
        &self,
        logical_input: &LogicalPlan,
        input: Arc<dyn ExecutionPlan>,
        session: &dyn Session,
        planning_ctx: &PhysicalPlanningContext,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let in_schema = logical_input.schema();
        let ordering = create_physical_sort_exprs(&self.order, in_schema, session.execution_props(), planning_ctx)?;
        let keys = self.partition_by.iter().map(|c| in_schema.index_of_column(c)).collect::<Result<Vec<_>>>()?;
        let ops = self
            .ops
            .iter()
            .map(|o| Ok((o.kind.clone(), in_schema.index_of_column(&o.column)?)))
            .collect::<Result<Vec<_>>>()?;
        let schema: SchemaRef = Arc::new(Schema::from(self.schema.as_ref().as_arrow().clone()));
        Ok(Arc::new(SeqWindowExec::new(input, keys, ordering, ops, schema)))
    }
}

#[derive(Debug)]
pub struct SeqWindowExec {
    input: Arc<dyn ExecutionPlan>,
    keys: Vec<usize>,
    ordering: Vec<PhysicalSortExpr>,
    ops: Vec<(Kind, usize)>,
    schema: SchemaRef,
    props: Arc<PlanProperties>,
}

impl SeqWindowExec {
    fn new(input: Arc<dyn ExecutionPlan>, keys: Vec<usize>, ordering: Vec<PhysicalSortExpr>, ops: Vec<(Kind, usize)>, schema: SchemaRef) -> Self {
        // Rows pass through in order: advertise the input's ordering (the optimizer may put a sort
        // below this node), else the one this node requires.
        let out_ordering: Vec<PhysicalSortExpr> = match input.properties().output_ordering() {
            Some(o) => o.iter().cloned().collect(),
            None => ordering.clone(),
        };
        let eq = EquivalenceProperties::new_with_orderings(schema.clone(), [out_ordering]);
        let props = PlanProperties::new(eq, Partitioning::UnknownPartitioning(1), EmissionType::Incremental, Boundedness::Bounded);
        Self { input, keys, ordering, ops, schema, props: Arc::new(props) }
    }
}

impl DisplayAs for SeqWindowExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let ops: Vec<String> = self.ops.iter().map(|(k, c)| format!("{k:?}(#{c})")).collect();
        write!(f, "SeqWindowExec: keys={:?}, ops=[{}]", self.keys, ops.join(", "))
    }
}

impl ExecutionPlan for SeqWindowExec {
    fn name(&self) -> &str {
        "SeqWindowExec"
    }
    fn properties(&self) -> &Arc<PlanProperties> {
        &self.props
    }
    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }
    fn required_input_distribution(&self) -> Vec<Distribution> {
        vec![Distribution::SinglePartition]
    }
    fn required_input_ordering(&self) -> Vec<Option<OrderingRequirements>> {
        vec![LexOrdering::new(self.ordering.clone()).map(OrderingRequirements::from)]
    }
    /// False on purpose: "maintains" lets the optimizer push a sort needed *above* this node to
    /// *below* it, replacing the order this node requires. The output ordering is still stated.
    fn maintains_input_order(&self) -> Vec<bool> {
        vec![false]
    }
    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }
    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }
    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(Self::new(children.swap_remove(0), self.keys.clone(), self.ordering.clone(), self.ops.clone(), self.schema.clone())))
    }
    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        let input = crate::nodes::prefetch::prefetch(self.input.execute(partition, context)?, 4);
        Ok(runner::stream(input, self.keys.clone(), self.ops.clone(), self.schema.clone()))
    }
}
