// Must-fail program for test/transformer/tspc.test.ts: the line numbers below are asserted.
import { LTSeq } from "ltseq";

interface Row { name: string; age: number; tags: string }
const t = LTSeq.fromRows<Row>([{ name: "a", age: 1, tags: "x" }]);
const double = (x: number) => x * 2;

export const a = t.filter((r) => double(r.age) > 2);
export const b = t.filter((r) => r.name.split(",").length > 1);
// @ts-expect-error an untranslatable lambda on purpose: left to the run-time fallback
export const c = t.filter((r) => double(r.age) > 3);
export const d = t.filter((r) => r.age > 1);
export const e = t.filter((r) => {
  const twice = r.age * 2;
  return twice > 2;
});
interface Person { name: string; age: number }
export const f = LTSeq.readCsv<Person>("examples/data/stocks.csv");
