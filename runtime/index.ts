/**
 * LTSeq: ordered tables for TypeScript.
 *
 * @example
 * import { LTSeq } from "ltseq";
 * const t = await LTSeq.readCsv("stocks.csv");
 * await t.filter(r => r.price > 100).sort(r => r.date).show();
 */
export { LTSeq } from "./ltseq.js";
export { NestedTable, GroupBy, type Group, type GroupColumn } from "./nested.js";
export { when, coalesce, desc, rowNumber, rank, denseRank, ntile, type When } from "./helpers.js";
export {
  LTSeqError, ColumnNotFoundError, SortRequiredError, SchemaMismatchError, TypeMismatchError,
  InvalidArgumentError, IoError, ExecutionError, UntranslatableLambdaError, type ErrorCode,
} from "./errors.js";
export type {
  Row, Col, ColumnType, CastType, Schema, SortKeyInfo, SortDirection, StringColumn, NumberColumn,
  DateColumn, BoolColumn, Plain, Rolling, OverSpec, RankingCol, ShiftOptions, SeqOptions,
  Ordering, Selected, ColumnsOf, ColumnName, SequenceColumn, NumberSequenceColumn, PartitionBy, OrderBy,
  Linked, Joined, Links, LinkRow,
} from "./types.js";
export type { JoinHow, JoinOptions, LinkOptions, AsofOptions } from "./joins.js";
export type { CsvOptions, FileOptions } from "./sources.js";
export type { PivotAgg, PivotOptions, PivotValue, PivotCell, Pivoted } from "./pivot.js";
export type { LambdaTree, Expr } from "./expr/tree.js";
