//! `g.col.percentile(p)`: the continuous percentile by exact linear interpolation between the two
//! nearest ranks (as numpy's default). DataFusion's `percentile_cont` rounds the interpolation
//! weight to 1e-6, which shows (7.599998 for 7.6); this keeps every value and interpolates in f64.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, AsArray, Float64Array, ListArray};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Float64Type};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility};

#[derive(Debug, PartialEq, Eq, Hash)]
struct Percentile {
    /// `p` in [0, 1], as bits so the UDF is `Eq + Hash`.
    p_bits: u64,
    signature: Signature,
}

/// The aggregate for one `p` (checked by the caller to lie in [0, 1]).
pub fn percentile_udaf(p: f64) -> Arc<AggregateUDF> {
    Arc::new(AggregateUDF::from(Percentile {
        p_bits: p.to_bits(),
        signature: Signature::exact(vec![DataType::Float64], Volatility::Immutable),
    }))
}

impl AggregateUDFImpl for Percentile {
    fn name(&self) -> &str {
        "ltseq_percentile"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }
    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let item = Field::new_list_field(DataType::Float64, true);
        Ok(vec![Arc::new(Field::new(format!("{}_values", args.name), DataType::List(Arc::new(item)), true))])
    }
    fn accumulator(&self, _acc_args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(Values { p: f64::from_bits(self.p_bits), values: Vec::new() }))
    }
}

#[derive(Debug)]
struct Values {
    p: f64,
    values: Vec<f64>,
}

impl Accumulator for Values {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        self.values.extend(values[0].as_primitive::<Float64Type>().iter().flatten());
        Ok(())
    }
    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        for list in states[0].as_list::<i32>().iter().flatten() {
            self.update_batch(&[list])?;
        }
        Ok(())
    }
    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let values = Float64Array::from(std::mem::take(&mut self.values));
        let list = ListArray::new(
            Arc::new(Field::new_list_field(DataType::Float64, true)),
            OffsetBuffer::from_lengths([values.len()]),
            Arc::new(values),
            None,
        );
        Ok(vec![ScalarValue::List(Arc::new(list))])
    }
    fn evaluate(&mut self) -> Result<ScalarValue> {
        if self.values.is_empty() {
            return Ok(ScalarValue::Float64(None));
        }
        self.values.sort_by(f64::total_cmp);
        let rank = self.p * (self.values.len() - 1) as f64;
        let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
        let (a, b) = (self.values[lo], self.values[hi]);
        Ok(ScalarValue::Float64(Some(a + (b - a) * (rank - lo as f64))))
    }
    fn size(&self) -> usize {
        size_of_val(self) + self.values.capacity() * size_of::<f64>()
    }
}
