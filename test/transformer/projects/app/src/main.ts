/**
 * A program compiled by tspc with the ltseq transformer (test/transformer/tspc.test.ts): closures,
 * an import, `this`, a Date, sequence operators, and a reader checked against its file at build time.
 */
import { LTSeq, desc, rowNumber } from "ltseq";
import { EXCLUDED, MIN_VOLUME } from "./limits.js";

interface Quote { date: Date; sym: string; price: number; volume: number }

class Report {
  constructor(readonly top: number) {}
  async run(quotes: LTSeq<Quote>) {
    const since = new Date("2024-01-03T00:00:00Z");
    const busy = quotes
      .filter((r) => r.volume > MIN_VOLUME && !r.sym.isIn(EXCLUDED) && r.date >= since)
      .sort((r) => [r.sym, r.date])
      .derive((r) => ({
        change: r.price.diff({ partitionBy: r.sym }),
        rank: rowNumber().over({ partitionBy: r.sym, orderBy: desc(r.volume) }),
      }))
      .filter((r) => r.rank <= this.top);
    return busy.select((r) => ({ sym: r.sym, day: r.date.getDate(), rank: r.rank, up: r.change > 0 })).collect();
  }
}

const quotes = await LTSeq.readCsv<Quote>("examples/data/stocks.csv");
const rows = await new Report(1).run(quotes);
console.log(JSON.stringify(rows));
