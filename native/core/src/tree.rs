//! Serde mirror of `runtime/expr/tree.ts`. The JSON shape is the contract; golden fixtures under
//! `test/fixtures/expr/` are parsed by both sides.

use serde::Deserialize;

pub const TREE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Expr {
    Col { name: String },
    Lit {
        value: LitValue,
        #[serde(rename = "type", default)]
        ty: Option<LitType>,
    },
    Unary { op: UnaryOp, arg: Box<Expr> },
    Binary { op: BinaryOp, left: Box<Expr>, right: Box<Expr> },
    Cond {
        test: Box<Expr>,
        then: Box<Expr>,
        #[serde(rename = "else")]
        otherwise: Box<Expr>,
    },
    Call { #[serde(rename = "fn")] func: String, args: Vec<Expr> },
    /// A sequence operator over the declared order (see `WindowNode` in tree.ts).
    Window {
        #[serde(rename = "fn")]
        func: String,
        args: Vec<Expr>,
        #[serde(default, rename = "partitionBy")]
        partition_by: Vec<Expr>,
        #[serde(default, rename = "orderBy")]
        order_by: Vec<SortKey>,
        #[serde(default)]
        default: Option<Box<Expr>>,
    },
    /// A group aggregate (see `AggNode` in tree.ts): `g.count()`, `g.price.sum()`, `g.first().x`.
    Agg {
        #[serde(rename = "fn")]
        func: String,
        args: Vec<Expr>,
    },
}

/// A sort key: an expression and its direction. NULLs go last ascending and first descending.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct SortKey {
    pub expr: Expr,
    #[serde(default)]
    pub desc: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum LitValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LitType { Int64, Float64, Utf8, Bool, Date32, Timestamp, Null }

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum UnaryOp {
    #[serde(rename = "-")] Neg,
    #[serde(rename = "!")] Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum BinaryOp {
    #[serde(rename = "+")] Add,
    #[serde(rename = "-")] Sub,
    #[serde(rename = "*")] Mul,
    #[serde(rename = "/")] Div,
    #[serde(rename = "%")] Rem,
    #[serde(rename = "==")] Eq,
    #[serde(rename = "!=")] NotEq,
    #[serde(rename = "<")] Lt,
    #[serde(rename = "<=")] LtEq,
    #[serde(rename = ">")] Gt,
    #[serde(rename = ">=")] GtEq,
    #[serde(rename = "&&")] And,
    #[serde(rename = "||")] Or,
}

/// The body of a lambda, as the runtime sends it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Body {
    List { items: Vec<Expr> },
    Record { fields: Vec<Field> },
    #[serde(untagged)]
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Field {
    pub name: String,
    pub expr: Expr,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Lambda {
    pub version: u32,
    pub params: Vec<String>,
    pub body: Body,
}
