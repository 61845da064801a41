//! One error enum for the whole engine. Each variant is a stable code that survives the napi
//! boundary (`code` on the JS error) and becomes the matching `LTSeqError` subclass in the runtime.

use datafusion::arrow::error::ArrowError;
use datafusion::common::SchemaError;
use datafusion::error::DataFusionError;

#[derive(Debug, thiserror::Error)]
pub enum LtseqError {
    #[error("{0}")]
    ColumnNotFound(String),
    #[error("{0}")]
    SortRequired(String),
    #[error("{0}")]
    SchemaMismatch(String),
    #[error("{0}")]
    TypeMismatch(String),
    #[error("{0}")]
    InvalidArgument(String),
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Execution(String),
}

pub type Result<T, E = LtseqError> = std::result::Result<T, E>;

impl LtseqError {
    /// The stable code shared with the TypeScript runtime (`runtime/errors.ts`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::ColumnNotFound(_) => "COLUMN_NOT_FOUND",
            Self::SortRequired(_) => "SORT_REQUIRED",
            Self::SchemaMismatch(_) => "SCHEMA_MISMATCH",
            Self::TypeMismatch(_) => "TYPE_MISMATCH",
            Self::InvalidArgument(_) => "INVALID_ARGUMENT",
            Self::Io(_) => "IO",
            Self::Execution(_) => "EXECUTION",
        }
    }

    /// Prefixes the message with where it happened (a file, a call), keeping the code.
    pub fn context(self, what: impl std::fmt::Display) -> Self {
        let wrap = |m: String| format!("{what}: {m}");
        match self {
            Self::ColumnNotFound(m) => Self::ColumnNotFound(wrap(m)),
            Self::SortRequired(m) => Self::SortRequired(wrap(m)),
            Self::SchemaMismatch(m) => Self::SchemaMismatch(wrap(m)),
            Self::TypeMismatch(m) => Self::TypeMismatch(wrap(m)),
            Self::InvalidArgument(m) => Self::InvalidArgument(wrap(m)),
            Self::Io(m) => Self::Io(wrap(m)),
            Self::Execution(m) => Self::Execution(wrap(m)),
        }
    }
}

/// Column-not-found message in the runtime's words: lists what is available.
pub fn column_not_found(name: &str, available: impl IntoIterator<Item = String>) -> LtseqError {
    let list: Vec<String> = available.into_iter().collect();
    let list = if list.is_empty() { "(none)".to_string() } else { list.join(", ") };
    LtseqError::ColumnNotFound(format!("column \"{name}\" not found; available columns: {list}"))
}

impl From<DataFusionError> for LtseqError {
    fn from(e: DataFusionError) -> Self {
        classify(&e)
    }
}

/// Classifies by reference, so errors DataFusion shares between partitions (`Shared`) or wraps
/// (`Context`, `Diagnostic`, `External`) keep their kind.
fn classify(e: &DataFusionError) -> LtseqError {
    match e {
        DataFusionError::SchemaError(se, _) => match se.as_ref() {
            SchemaError::FieldNotFound { field, valid_fields } => column_not_found(
                field.name(),
                valid_fields.iter().map(|c| c.name().to_string()),
            ),
            other => LtseqError::InvalidArgument(other.to_string()),
        },
        DataFusionError::ArrowError(ae, _) => classify_arrow(ae),
        DataFusionError::ParquetError(pe) => LtseqError::Io(format!("malformed Parquet: {pe}")),
        DataFusionError::IoError(io) => LtseqError::Io(io.to_string()),
        DataFusionError::ObjectStore(os) => LtseqError::Io(os.to_string()),
        DataFusionError::Context(ctx, inner) => classify(inner).context(ctx),
        DataFusionError::Diagnostic(_, inner) => classify(inner),
        DataFusionError::Shared(inner) => classify(inner),
        DataFusionError::External(boxed) => external(boxed.as_ref()),
        DataFusionError::Collection(errs) if !errs.is_empty() => classify(&errs[0]),
        DataFusionError::Plan(m) => plan_error(m.clone()),
        DataFusionError::ResourcesExhausted(m) => LtseqError::Execution(format!("out of memory: {m}")),
        other => LtseqError::Execution(other.to_string()),
    }
}

fn external(e: &(dyn std::error::Error + Send + Sync + 'static)) -> LtseqError {
    if let Some(own) = e.downcast_ref::<LtseqError>() {
        return own.clone_msg();
    }
    if let Some(df) = e.downcast_ref::<DataFusionError>() {
        return classify(df);
    }
    if let Some(ae) = e.downcast_ref::<ArrowError>() {
        return classify_arrow(ae);
    }
    LtseqError::Execution(e.to_string())
}

fn classify_arrow(e: &ArrowError) -> LtseqError {
    match e {
        ArrowError::CsvError(m) => LtseqError::Io(format!("malformed CSV: {m}")),
        ArrowError::JsonError(m) => LtseqError::Io(format!("malformed JSON: {m}")),
        ArrowError::ParseError(m) => LtseqError::Io(format!("cannot parse value: {m}")),
        ArrowError::IoError(m, _) => LtseqError::Io(m.clone()),
        ArrowError::CastError(m) => LtseqError::TypeMismatch(format!("cast failed: {m}")),
        ArrowError::ExternalError(b) => external(b.as_ref()),
        other => LtseqError::Execution(other.to_string()),
    }
}

impl LtseqError {
    fn clone_msg(&self) -> LtseqError {
        let m = self.to_string();
        match self {
            Self::ColumnNotFound(_) => Self::ColumnNotFound(m),
            Self::SortRequired(_) => Self::SortRequired(m),
            Self::SchemaMismatch(_) => Self::SchemaMismatch(m),
            Self::TypeMismatch(_) => Self::TypeMismatch(m),
            Self::InvalidArgument(_) => Self::InvalidArgument(m),
            Self::Io(_) => Self::Io(m),
            Self::Execution(_) => Self::Execution(m),
        }
    }
}

/// DataFusion reports type problems as planning errors; name them as such for the user.
fn plan_error(m: String) -> LtseqError {
    let lower = m.to_lowercase();
    if lower.contains("type") || lower.contains("coerc") || lower.contains("cast") {
        LtseqError::TypeMismatch(m)
    } else {
        LtseqError::InvalidArgument(m)
    }
}

impl From<ArrowError> for LtseqError {
    fn from(e: ArrowError) -> Self {
        classify_arrow(&e)
    }
}

impl From<LtseqError> for DataFusionError {
    fn from(e: LtseqError) -> Self {
        DataFusionError::External(Box::new(e))
    }
}
