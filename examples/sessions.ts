/**
 * Sessionization of a clickstream: a user's clicks form one session until the user changes or
 * more than 30 minutes (1800 s) pass without a click. `groupWhen` starts a new group at each such
 * row; the groups then summarise, filter and aggregate like tables.
 * Run with `npm run example:sessions`.
 */
import { LTSeq } from "ltseq";
import { dataFile } from "./data.js";

/** A row of data/clicks.csv: who clicked, when (epoch seconds), and where. */
interface Click { user: string; t: number; url: string }

const clicks = (await LTSeq.readCsv<Click>(dataFile("clicks.csv"))).sort("user", "t");

const sessions = clicks.groupWhen(r => r.user !== r.user.shift(1) || r.t - r.t.shift(1) > 1800);

console.log(`${await clicks.count()} clicks, ${await sessions.count()} sessions`);

// One row per session, in sequence order.
const summary = sessions.agg(g => ({
  user: g.first().user,
  start: g.first().t,
  clicks: g.count(),
  seconds: g.last().t - g.first().t,
  landing: g.first().url,
  exit: g.last().url,
  cart: g.any(r => r.url === "/cart"),
}));
await summary.show(20);

// Sessions that reached the cart, and those that bounced (a single click).
const converted = sessions.filter(g => g.any(r => r.url === "/cart"));
console.log(`\nsessions reaching /cart: ${await converted.count()}`);
console.log(`single-click sessions: ${await sessions.filter(g => g.count() === 1).count()}`);

// Per user (groupBy gives no row order, so sort): sessions, clicks and the longest session.
console.log("\nper user:");
await summary
  .groupBy("user")
  .agg(g => ({ sessions: g.count(), clicks: g.clicks.sum(), meanClicks: g.clicks.mean(), longest: g.seconds.max() }))
  .sort("user")
  .show();

// Every click with its session number and position in the session.
console.log("\nclicks of the first two sessions:");
await sessions
  .flatten()
  .filter(r => r.__group_id__ <= 2)
  .select(r => ({ user: r.user, t: r.t, url: r.url, session: r.__group_id__, step: r.__rn__, of: r.__group_count__ }))
  .show(20);

// The first click on /cart in time, whoever made it.
console.log("\nfirst /cart click:");
await clicks.sort("t").searchFirst(r => r.url === "/cart").show();
