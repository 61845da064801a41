/** The examples run as tests: each prints what the README and the issue promise. */
import { afterEach, describe, expect, it, vi } from "vitest";

async function output(module: string): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => { lines.push(args.map(String).join(" ")); });
  try {
    await import(module);
  } finally {
    spy.mockRestore();
  }
  return lines.join("\n");
}

afterEach(() => vi.resetModules());

describe("examples", () => {
  it("demo: read, filter, derive, sort, show", async () => {
    const text = await output("../../examples/demo.ts");
    expect(text).toContain("busy days (volume > 3M, excluding MSFT): 38 rows");
    expect(text).toContain("2024-02-23    | AAPL       |          198.47 |                723 |             2");
  });

  it("stock: growth and 3-day moving average per symbol, best day per symbol", async () => {
    const text = await output("../../examples/stock.ts");
    expect(text).toContain("2024-01-02    | AAPL       |          184.47 |                  null |             184.47");
    expect(text).toContain("2024-01-03    | AAPL       |          186.07 |  0.008673497045590037 | 185.26999999999998");
    expect(text).toMatch(/AAPL\s+\| 2024-02-08\s+\| 0\.04183514774494553/);
    expect(text).toMatch(/NVDA\s+\| 2024-01-03\s+\| 0\.03650522238932031/);
  });
});
