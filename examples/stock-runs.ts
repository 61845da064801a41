/**
 * Runs of consecutive rising days: group the days of each symbol into runs with `groupOrdered`,
 * keep the rising runs longer than 3 days, and summarise each run in one row.
 * Run with `npm run example:stock-runs`.
 */
import { LTSeq } from "ltseq";
import { dataFile, type Quote } from "./data.js";

const quotes = (await LTSeq.readCsv<Quote>(dataFile("stocks.csv"))).sort("sym", "date");

// `up` is true on a day that closed above the previous day of the same symbol (NULL on the first
// day of each symbol, so a run never crosses from one symbol into the next).
const days = quotes.derive(r => ({
  prev: r.price.shift(1, { partitionBy: r.sym }),
  up: r.price > r.price.shift(1, { partitionBy: r.sym }),
}));

// A new group wherever `up` changes; keep the rising runs of more than 3 days.
const runs = days
  .groupOrdered(r => r.up)
  .filter(g => g.all(r => r.up) && g.count() > 3);

console.log(`rising runs longer than 3 days: ${await runs.count()}`);

await runs
  .agg(g => ({
    sym: g.first().sym,
    from: g.first().date,
    to: g.last().date,
    days: g.count(),
    gainPct: Math.round((g.last().price - g.first().prev) / g.first().prev * 10000) / 100,
  }))
  .show();

// The same runs, day by day: each row carries its run's length and position.
console.log("\nthe days of those runs:");
await runs
  .flatten()
  .select(r => ({ date: r.date, sym: r.sym, price: r.price, run: r.__group_id__, day: r.__rn__, of: r.__group_count__ }))
  .show(30);
