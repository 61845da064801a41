//! LTSeq engine core: expression-tree lowering to DataFusion, plan building and execution.
//! Pure Rust (no napi): `native/node` is a thin shell over this crate.

pub mod asof;
pub mod dict_group;
pub mod dict_scan;
pub mod error;
pub mod exec;
pub mod group;
pub mod io;
pub mod joins;
pub mod lower;
pub mod nodes;
pub mod percentile;
pub mod pivot;
pub mod search;
pub mod session;
pub mod table;
pub mod tree;

pub use error::{LtseqError, Result};
pub use table::Table;
