/**
 * Orders → products → categories with pointer links (API.md §9): `link` attaches each order's
 * product (a many-to-one lookup by a unique key), lambdas then read `r.prod.price`, and a second
 * link chains through the first (`r.prod.catId` → `r.cat.name`). Every order is kept once, in
 * order; an order whose product is unknown (999) or missing has NULL product columns.
 * Run with `npm run example:orders`.
 */
import { LTSeq } from "ltseq";
import { dataFile } from "./data.js";

interface Order { id: number; day: Date; customer: string; productId: number | null; qty: number }
interface Product { id: number; name: string; price: number; catId: number | null }
interface Category { id: number; name: string }

const orders = (await LTSeq.readCsv<Order>(dataFile("orders.csv"))).sort("id");
const products = await LTSeq.readCsv<Product>(dataFile("products.csv"));
const categories = await LTSeq.readCsv<Category>(dataFile("categories.csv"));

const o = orders
  .link(products, (o, p) => o.productId === p.id, { as: "prod" })
  .link(categories, (r, c) => r.prod.catId === c.id, { as: "cat" });

// Each order with its product and category; only the product and category columns used are read.
console.log("orders with product and category:");
await o.derive(r => ({ amount: r.prod.price * r.qty }))
  .select(r => [r.id, r.customer, r.prod.name, r.cat.name, r.qty, r.amount])
  .show(20);

// Lambdas filter through the pointers.
console.log(`\norders of dairy products: ${await o.filter(r => r.cat.name === "dairy").count()}`);
console.log(`orders without a known product: ${await o.filter(r => r.prod.id === null).count()}`);

// Revenue per category (groupBy clears the order, so sort).
console.log("\nrevenue per category:");
await o.filter(r => r.prod.id !== null)
  .derive(r => ({ category: r.cat.name ?? "(none)", amount: r.prod.price * r.qty }))
  .groupBy("category")
  .agg(g => ({ orders: g.count(), revenue: g.amount.sum() }))
  .sort("category")
  .show();

// The declared order survives a link: a running total per customer in order-id order.
console.log("\nrunning spend per customer:");
await o.derive(r => ({ amount: r.prod.price * r.qty }))
  .derive(r => ({ spent: r.amount.cumSum({ partitionBy: r.customer }) }))
  .filter(r => r.customer === "ana")
  .select(r => [r.id, r.day, r.prod.name, r.amount, r.spent])
  .show();
