//! A Parquet scan that keeps chosen string columns dictionary-encoded. Parquet writers store
//! low-cardinality strings as a dictionary page plus small integer codes; DataFusion's reader turns
//! every row into a string view, and grouping then hashes each one. Told per file that a column is
//! `Dictionary(Int32, Utf8)` (`PartitionedFile::arrow_schema`), the reader hands out the codes and
//! the page's values instead, which `dict_group` groups by code. (A table schema alone would not
//! do: the reader would decode strings and cast every batch to a dictionary.)
//!
//! The listing table still lists and groups the files; only the way each file is read changes.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::datasource::TableProvider;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::ListingTable;
use datafusion::datasource::physical_plan::{FileGroup, FileScanConfig, FileScanConfigBuilder, ParquetSource};
use datafusion::datasource::source::DataSourceExec;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{Expr, TableType};
use datafusion::physical_plan::ExecutionPlan;

/// How dictionary-encoded string columns are read.
pub fn dict_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

#[derive(Debug)]
pub struct DictParquetTable {
    /// A `ListingTable` over Parquet files without partition columns.
    inner: Arc<dyn TableProvider>,
    schema: SchemaRef,
}

impl DictParquetTable {
    /// The same table with `columns` (string columns) read as dictionaries, when `inner` is a
    /// Parquet listing table without partition columns.
    pub fn wrap(inner: Arc<dyn TableProvider>, columns: &[&str]) -> Option<Self> {
        let listing = inner.downcast_ref::<ListingTable>()?;
        let opts = listing.options();
        if !opts.table_partition_cols.is_empty() || !opts.format.is::<ParquetFormat>() {
            return None;
        }
        let base = inner.schema();
        let fields: Vec<Field> = base
            .fields()
            .iter()
            .map(|f| match columns.contains(&f.name().as_str()) {
                true => f.as_ref().clone().with_data_type(dict_type()),
                false => f.as_ref().clone(),
            })
            .collect();
        let schema = Arc::new(Schema::new_with_metadata(fields, base.metadata().clone()));
        Some(Self { inner, schema })
    }
}

#[async_trait]
impl TableProvider for DictParquetTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
    fn table_type(&self) -> TableType {
        TableType::Base
    }
    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let listed = self.inner.scan(state, None, &[], None).await?;
        let config = listed
            .downcast_ref::<DataSourceExec>()
            .and_then(|e| e.data_source().downcast_ref::<FileScanConfig>())
            .ok_or_else(|| DataFusionError::Internal("a Parquet listing table did not plan a file scan".into()))?;
        let groups = config
            .file_groups
            .iter()
            .map(|g| FileGroup::new(g.iter().map(|f| f.clone().with_arrow_schema(self.schema.clone())).collect()))
            .collect();
        let source = ParquetSource::new(self.schema.clone()).with_table_parquet_options(state.table_options().parquet.clone());
        let scan = FileScanConfigBuilder::new(config.object_store_url.clone(), Arc::new(source))
            .with_file_groups(groups)
            .with_projection_indices(projection.cloned())?
            .with_limit(limit)
            .build();
        Ok(DataSourceExec::from_data_source(scan))
    }
}
