//! The engine's sessions. Two configurations share one runtime (memory pool, object stores):
//!
//! - `ordered()`: used whenever rows come back to the user. File scans are not split into byte
//!   ranges and batches are not round-robin repartitioned, so the physical order of the source
//!   survives filter/select/derive/slice (DataFusion's defaults interleave batches; see
//!   apache/datafusion#8451). Operators that need a distribution (sort, aggregate, join) still run
//!   in parallel and restore order where the plan asks for it.
//! - `parallel()`: for order-insensitive terminals (`count`), where interleaving is harmless.

use std::sync::{Arc, OnceLock};

use datafusion::execution::runtime_env::RuntimeEnv;
use datafusion::prelude::{SessionConfig, SessionContext};

struct Sessions {
    ordered: SessionContext,
    parallel: SessionContext,
}

fn sessions() -> &'static Sessions {
    static S: OnceLock<Sessions> = OnceLock::new();
    S.get_or_init(|| {
        let runtime = Arc::new(RuntimeEnv::default());
        let base = || {
            let mut c = SessionConfig::new().with_information_schema(false);
            // Parquet string columns as plain Utf8 unless views are needed: simpler for JS consumers.
            c.options_mut().execution.parquet.schema_force_view_types = false;
            c
        };
        let ordered_cfg = base()
            .with_repartition_file_scans(false)
            .with_round_robin_repartition(false)
            .with_prefer_existing_sort(true);
        Sessions {
            ordered: SessionContext::new_with_config_rt(ordered_cfg, runtime.clone()),
            parallel: SessionContext::new_with_config_rt(base(), runtime),
        }
    })
}

/// The session that keeps physical row order (every row-returning terminal).
pub fn ordered() -> &'static SessionContext {
    &sessions().ordered
}

/// The session for order-insensitive work.
pub fn parallel() -> &'static SessionContext {
    &sessions().parallel
}
