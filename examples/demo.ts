/**
 * The quick-start demo: read the bundled stock prices, filter, derive, sort, show.
 * Run with `npm run demo` (after `npm install`, which builds everything).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LTSeq } from "ltseq";

interface Quote { date: Date; sym: string; price: number; volume: number }

const here = path.dirname(fileURLToPath(import.meta.url));
// Works from examples/ (sources) and dist/examples/ (compiled).
const csv = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? "../../examples" : ".", "data/stocks.csv");

const quotes = await LTSeq.readCsv<Quote>(csv);
console.log(quotes); // schema and declared order, without running anything

const busy = quotes
  .filter(r => r.volume > 3_000_000 && r.sym !== "MSFT")
  .derive(r => ({ turnover: Math.round(r.price * r.volume / 1e6), month: r.date.getMonth() + 1 }))
  .sort(r => [r.sym, r.date.desc()]);

console.log(`\nbusy days (volume > 3M, excluding MSFT): ${await busy.count()} rows`);
await busy.select(r => [r.date, r.sym, r.price, r.turnover, r.month]).show(8);
