/** A generated source file with N lambdas covering the constructs of API.md §4 and §5, for the transformer benchmark. */

const TEMPLATES: ((i: number) => string)[] = [
  (i) => `t.filter((r) => r.price > ${i} && r.sym.startsWith("A"))`,
  (i) => `t.derive((r) => ({ total${i}: r.price * r.volume, label: \`\${r.sym}-\${r.price}\`, up: r.price > ${i} ? "hi" : "lo" }))`,
  () => `t.select((r) => [r.sym, r.price, r.date])`,
  () => `t.sort((r) => [r.sym, r.date.desc()])`,
  (i) => `t.derive((r) => ({ k: when(r.price > ${i}, "big").when(r.price > 5, "mid").otherwise("small"), v: coalesce(r.volume, 0) }))`,
  (i) => `t.filter((r) => r.price > LIMIT * ${i % 7 + 1} && r.sym.isIn(SYMS) && r.date >= SINCE)`,
  () => `s.derive((r) => ({ d: r.price - r.price.shift(1), m: r.price.rolling(3).mean(), c: r.volume.cumSum({ partitionBy: r.sym }) }))`,
  (i) => `t.filter((r) => Math.abs(r.price - ${i}) < 10 && r.date.getMonth() === ${i % 12} && r.sym.toLowerCase().includes("a"))`,
];

export function lambdaSource(n: number): string {
  const lines = [
    `import { LTSeq, coalesce, when } from "ltseq";`,
    `interface Quote { date: Date; sym: string; price: number; volume: number | null }`,
    `declare const t: LTSeq<Quote>;`,
    `const s = t.sort("date");`,
    `const LIMIT = 10;`,
    `const SYMS = ["AAPL", "MSFT"];`,
    `const SINCE = new Date("2024-01-01");`,
    `export const all = [`,
  ];
  for (let i = 0; i < n; i++) lines.push(`  ${TEMPLATES[i % TEMPLATES.length](i)},`);
  lines.push(`];`);
  return lines.join("\n") + "\n";
}
