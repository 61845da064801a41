//! Evaluating one step predicate on the rows of a batch that need it. Step `k` only matters at
//! row `r` when the row `k` earlier is still a candidate after steps `0..k`; later steps of a
//! selective pattern are needed on few rows, so they are evaluated on those rows only (the columns
//! the steps read are gathered, the others stand in as NULL columns of the same type).

use std::collections::BTreeSet;
use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, BooleanArray, BooleanBufferBuilder, RecordBatch, RecordBatchOptions, new_null_array};
use datafusion::arrow::buffer::BooleanBuffer;
use datafusion::arrow::compute::FilterBuilder;
use datafusion::arrow::datatypes::{Field, Schema, SchemaRef};
use datafusion::error::Result;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::utils::collect_columns;

/// A predicate's result as bits, NULL counting as false.
pub fn truthy(a: &BooleanArray) -> BooleanBuffer {
    match a.nulls() {
        Some(n) => a.values() & n.inner(),
        None => a.values().clone(),
    }
}

pub struct Steps {
    pub exprs: Vec<Arc<dyn PhysicalExpr>>,
    /// Input columns any step reads.
    used: BTreeSet<usize>,
    /// The input schema with every field nullable, for batches of gathered rows.
    loose: Option<SchemaRef>,
}

impl Steps {
    pub fn new(exprs: Vec<Arc<dyn PhysicalExpr>>) -> Self {
        let used = exprs.iter().flat_map(|e| collect_columns(e)).map(|c| c.index()).collect();
        Self { exprs, used, loose: None }
    }

    pub fn len(&self) -> usize {
        self.exprs.len()
    }

    /// Step `k` on every row of `b`.
    pub fn eval(&self, k: usize, b: &RecordBatch) -> Result<BooleanBuffer> {
        let v = self.exprs[k].evaluate(b)?.into_array(b.num_rows())?;
        Ok(truthy(v.as_boolean()))
    }

    /// Step `k` on the rows of `b` set in `need` (false elsewhere).
    pub fn eval_at(&mut self, k: usize, b: &RecordBatch, need: &BooleanBuffer) -> Result<BooleanBuffer> {
        let m = b.num_rows();
        let hits = need.count_set_bits();
        if hits == 0 {
            return Ok(BooleanBuffer::new_unset(m));
        }
        // Dense: gathering would cost more than it saves.
        if hits * 4 >= m {
            return Ok(&self.eval(k, b)? & need);
        }
        let schema = self.loose.get_or_insert_with(|| {
            let s = b.schema();
            let fields: Vec<Field> = s.fields().iter().map(|f| f.as_ref().clone().with_nullable(true)).collect();
            Arc::new(Schema::new_with_metadata(fields, s.metadata().clone()))
        });
        let filter = FilterBuilder::new(&BooleanArray::new(need.clone(), None)).optimize().build();
        let cols = b
            .columns()
            .iter()
            .enumerate()
            .map(|(i, c)| if self.used.contains(&i) { filter.filter(c) } else { Ok(new_null_array(c.data_type(), hits)) })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let small = RecordBatch::try_new_with_options(schema.clone(), cols, &RecordBatchOptions::new().with_row_count(Some(hits)))?;
        let got = truthy(self.exprs[k].evaluate(&small)?.into_array(hits)?.as_boolean());
        let mut out = BooleanBufferBuilder::new(m);
        out.append_n(m, false);
        for (i, row) in need.set_indices().enumerate() {
            if got.value(i) {
                out.set_bit(row, true);
            }
        }
        Ok(out.finish())
    }
}
