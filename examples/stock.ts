/**
 * Daily growth and a 3-day moving average per symbol — the seed demo of sequence operators.
 * Run with `npm run example:stock`.
 */
import { LTSeq, rowNumber } from "ltseq";
import { dataFile, type Quote } from "./data.js";

const quotes = (await LTSeq.readCsv<Quote>(dataFile("stocks.csv"))).sort("sym", "date");

const stock = quotes.derive(r => ({
  growth: (r.price - r.price.shift(1, { partitionBy: r.sym })) / r.price.shift(1, { partitionBy: r.sym }),
  ma3: r.price.rolling(3, { partitionBy: r.sym }).mean(),
}));

await stock.select("date", "sym", "price", "growth", "ma3").show(6);

// The best single day per symbol, by growth.
const best = stock
  .filter(r => r.growth !== null)
  .derive(r => ({ rank: rowNumber().over({ partitionBy: r.sym, orderBy: r.growth.desc() }) }))
  .filter(r => r.rank === 1)
  .select("sym", "date", "growth");
console.log("\nbest day per symbol:");
await best.show();
