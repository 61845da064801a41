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

  it("stock-runs: runs of more than 3 rising days per symbol (groupOrdered, filter, agg, flatten)", async () => {
    const text = await output("../../examples/stock-runs.ts");
    expect(text).toContain("rising runs longer than 3 days: 5");
    expect(text).toContain("AAPL       | 2024-01-08    | 2024-01-12  |            5 |              5.36");
    expect(text).toContain("AAPL       | 2024-01-19    | 2024-01-25  |            5 |              7.67");
    expect(text).toContain("MSFT       | 2024-01-09    | 2024-01-12  |            4 |              5.86");
    expect(text).toContain("MSFT       | 2024-01-18    | 2024-01-23  |            4 |               4.8");
    expect(text).toContain("MSFT       | 2024-02-02    | 2024-02-08  |            5 |              9.72");
    expect(text).not.toContain("NVDA");
    expect(text).toContain("2024-01-19    | AAPL       |          196.61 |           8 |           1 |          5");
    expect(text).toContain("2024-02-08    | MSFT       |          470.04 |          37 |           5 |          5");
  });

  it("sessions: sessionization of a clickstream with groupWhen", async () => {
    const text = await output("../../examples/sessions.ts");
    expect(text).toContain("40 clicks, 11 sessions");
    expect(text).toContain("alice       |    1704103200 |              4 |             500 | /home          | /cart       | true");
    expect(text).toContain("alice       |    1704111801 |              2 |              99 | /home          | /cart       | true");
    expect(text).toContain("bob         |    1704103500 |              5 |            2060 | /home          | /home       | true");
    expect(text).toContain("carol       |    1704104000 |              1 |               0 | /home          | /home       | false");
    expect(text).toContain("dave        |    1704104900 |              2 |             100 | /home          | /a          | false");
    expect(text).toContain("sessions reaching /cart: 6");
    expect(text).toContain("single-click sessions: 1");
    expect(text).toContain("alice       |                3 |             11 |   3.6666666666666665 |            2300");
    expect(text).toContain("bob         |                2 |              9 |                  4.5 |            2060");
    expect(text).toContain("alice       | 1704110000 | /c         |               2 |            5 |          5");
    expect(text).toMatch(/first \/cart click:\n.*\n.*\ndave\s+\| 1704100260 \| \/cart/);
  });
  it("orders: link orders → products → categories, pointer paths r.prod / r.cat", async () => {
    const text = await output("../../examples/orders.ts");
    expect(text).toContain("         1 | ana             | apple            | fruit           |           6 |                  3");
    expect(text).toContain("         5 | ben             | null             | null            |           3 |               null");
    expect(text).toContain("         8 | cleo            | gift card        | null            |           1 |                 25");
    expect(text).toContain("orders of dairy products: 3");
    expect(text).toContain("orders without a known product: 2");
    expect(text).toContain("dairy           |              3 |              21.7");
    expect(text).toContain("        11 | 2024-03-04   | croissant        | 3.9000000000000004 | 22.299999999999997");
  });
});
