/**
 * The quick-start demo: read the bundled stock prices, filter, derive, sort, show.
 * Run with `npm run demo` (after `npm install`, which builds everything).
 */
import { LTSeq } from "ltseq";
import { dataFile, type Quote } from "./data.js";

const quotes = await LTSeq.readCsv<Quote>(dataFile("stocks.csv"));
console.log(quotes); // schema and declared order, without running anything

const busy = quotes
  .filter(r => r.volume > 3_000_000 && r.sym !== "MSFT")
  .derive(r => ({ turnover: Math.round(r.price * r.volume / 1e6), month: r.date.getMonth() + 1 }))
  .sort(r => [r.sym, r.date.desc()]);

console.log(`\nbusy days (volume > 3M, excluding MSFT): ${await busy.count()} rows`);
await busy.select(r => [r.date, r.sym, r.price, r.turnover, r.month]).show(8);
