/** Paths of the bundled example data, from the sources (examples/) or compiled (dist/examples/). */
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = here.includes(`${path.sep}dist${path.sep}`) ? path.resolve(here, "../../examples") : here;

export const dataFile = (name: string): string => path.join(root, "data", name);

/** A row of data/stocks.csv. */
export interface Quote { date: Date; sym: string; price: number; volume: number }
