//! `LinkExec`: collects the target once (shared by every output partition), builds the key map,
//! then streams each source partition batch by batch (`probe.rs`). Output partitioning and order
//! are the source's, so a link never reorders or re-partitions the large side, and ordered
//! consumers above it need no sort.
//!
//! A projection above the node is embedded (as DataFusion's hash join does): the node then builds
//! only the columns that projection reads — in particular it does not `take` the target key.

use std::fmt;
use std::sync::{Arc, Mutex};

use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::memory_pool::MemoryConsumer;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::projection::ProjectionMapping;
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::projection::{EmbeddedProjection, ProjectionExec, try_embed_projection};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, PlanProperties};
use futures::future::{BoxFuture, Shared};
use futures::{FutureExt, StreamExt, TryStreamExt};

use super::LinkMode;
use super::keys::KeyMap;
use super::probe::{Built, Prober, Spec, cast_keys, duplicate_error};

type BuildFuture = Shared<BoxFuture<'static, std::result::Result<Arc<Built>, Arc<DataFusionError>>>>;

pub struct LinkExec {
    source: Arc<dyn ExecutionPlan>,
    target: Arc<dyn ExecutionPlan>,
    spec: Arc<Spec>,
    /// Embedded projection: output columns as indices into [source columns.., target columns..].
    projection: Option<Vec<usize>>,
    columns: Arc<[usize]>,
    schema: SchemaRef,
    props: Arc<PlanProperties>,
    /// One build per plan instance, started by whichever output partition runs first.
    build: Mutex<Option<BuildFuture>>,
}

impl fmt::Debug for LinkExec {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("LinkExec").field("spec", &self.spec).field("projection", &self.projection).finish()
    }
}

impl LinkExec {
    pub fn try_new(
        source: Arc<dyn ExecutionPlan>,
        target: Arc<dyn ExecutionPlan>,
        spec: Arc<Spec>,
        projection: Option<Vec<usize>>,
    ) -> Result<Self> {
        let sp = source.properties();
        let (full, eq) = match spec.mode {
            LinkMode::Semi | LinkMode::Anti => (source.schema(), sp.equivalence_properties().clone()),
            LinkMode::Pointer { inner } => {
                let mut fields: Vec<Arc<Field>> = source.schema().fields().iter().cloned().collect();
                for f in target.schema().fields() {
                    let nullable = !inner || f.is_nullable();
                    fields.push(Arc::new(f.as_ref().clone().with_name(format!("{}_{}", spec.alias, f.name())).with_nullable(nullable)));
                }
                let schema = Arc::new(Schema::new_with_metadata(fields, source.schema().metadata().clone()));
                // Source columns keep their positions, so the source's orderings hold as they are.
                let orderings = sp.equivalence_properties().oeq_class().iter().map(|o| o.iter().cloned().collect::<Vec<_>>());
                let eq = EquivalenceProperties::new_with_orderings(schema.clone(), orderings);
                (schema, eq)
            }
        };
        let mut partitioning = sp.output_partitioning().clone();
        let (schema, eq, columns) = match &projection {
            None => (full.clone(), eq, (0..full.fields().len()).collect()),
            Some(p) => {
                let mapping = ProjectionMapping::from_indices(p, &full)?;
                let schema = Arc::new(full.project(p)?);
                partitioning = partitioning.project(&mapping, &eq);
                (schema.clone(), eq.project(&mapping, schema), p.iter().copied().collect())
            }
        };
        let props = PlanProperties::new(eq, partitioning, sp.emission_type, sp.boundedness);
        Ok(Self { source, target, spec, projection, columns, schema, props: Arc::new(props), build: Mutex::new(None) })
    }

    fn build_future(&self, context: &Arc<TaskContext>) -> BuildFuture {
        let mut slot = self.build.lock().expect("not poisoned");
        slot.get_or_insert_with(|| {
            let (target, spec, context) = (self.target.clone(), self.spec.clone(), context.clone());
            async move { build(target, spec, context).await.map(Arc::new).map_err(Arc::new) }.boxed().shared()
        })
        .clone()
    }
}

/// Collects every target partition (normally one: the node asks for a single partition).
async fn build(target: Arc<dyn ExecutionPlan>, spec: Arc<Spec>, context: Arc<TaskContext>) -> Result<Built> {
    let reservation = MemoryConsumer::new("LinkExec[target]").register(context.memory_pool());
    let mut batches = Vec::new();
    for p in 0..target.properties().output_partitioning().partition_count() {
        let mut s = target.execute(p, context.clone())?;
        while let Some(b) = s.next().await {
            let b = b?;
            reservation.try_grow(b.get_array_memory_size())?;
            batches.push(b);
        }
    }
    let all = concat_batches(&target.schema(), &batches)?;
    drop(batches);
    let keys = cast_keys(&all, &spec.target_keys, &spec.key_types)?;
    let map = match spec.mode {
        LinkMode::Pointer { .. } => KeyMap::build(&keys, Some(&|row| duplicate_error(&spec, &keys, row)))?,
        LinkMode::Semi | LinkMode::Anti => KeyMap::build(&keys, None)?,
    };
    // A semi/anti join needs only the map.
    let target = if matches!(spec.mode, LinkMode::Pointer { .. }) { all } else { all.slice(0, 0) };
    Ok(Built { target, map, _reservation: reservation })
}

impl DisplayAs for LinkExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "LinkExec: {}", self.spec.explain)?;
        if self.projection.is_some() {
            let names: Vec<&str> = self.schema.fields().iter().map(|f| f.name().as_str()).collect();
            write!(f, ", projection=[{}]", names.join(", "))?;
        }
        Ok(())
    }
}

impl EmbeddedProjection for LinkExec {
    /// `projection` indexes the current output; compose it with an already embedded one.
    fn with_projection(&self, projection: Option<Vec<usize>>) -> Result<Self> {
        let composed = projection.map(|p| p.iter().map(|&i| self.columns[i]).collect());
        Self::try_new(self.source.clone(), self.target.clone(), self.spec.clone(), composed)
    }
}

impl ExecutionPlan for LinkExec {
    fn name(&self) -> &str {
        "LinkExec"
    }
    fn properties(&self) -> &Arc<PlanProperties> {
        &self.props
    }
    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.source, &self.target]
    }
    /// The target is read whole into one map; the source keeps whatever partitioning it has.
    fn required_input_distribution(&self) -> Vec<Distribution> {
        vec![Distribution::UnspecifiedDistribution, Distribution::SinglePartition]
    }
    fn maintains_input_order(&self) -> Vec<bool> {
        vec![true, false]
    }
    /// Key columns are resolved to indices, not evaluated expressions.
    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }
    fn try_swapping_with_projection(&self, projection: &ProjectionExec) -> Result<Option<Arc<dyn ExecutionPlan>>> {
        try_embed_projection(projection, self)
    }
    /// A new instance gets a new (unstarted) build.
    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        let target = children.pop().expect("two children");
        let source = children.pop().expect("two children");
        Ok(Arc::new(Self::try_new(source, target, self.spec.clone(), self.projection.clone())?))
    }
    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        let build = self.build_future(&context);
        let source = self.source.execute(partition, context)?;
        let (spec, schema, columns) = (self.spec.clone(), self.schema.clone(), self.columns.clone());
        let out = futures::stream::once(async move {
            let built = build.await.map_err(DataFusionError::Shared)?;
            let mut prober = Prober { spec, schema, built, columns, scratch: None };
            Ok::<_, DataFusionError>(source.map(move |b| b.and_then(|b| prober.probe(b))))
        })
        .try_flatten();
        Ok(Box::pin(RecordBatchStreamAdapter::new(self.schema.clone(), out)))
    }
}
