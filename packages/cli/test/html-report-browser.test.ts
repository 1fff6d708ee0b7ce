import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkwork, scratchFolder, smallHistoryArgs } from "./cli-run.js";

// The HTML report as a person opens it: Debian's Chromium, headless, from a file:// URL.
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let dir = "";
let remove: () => Promise<void> = async () => undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  // Never skipped: a machine without the browser fails here, saying what to install.
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); the project's test script installs it`,
    );
  }
  ({ dir, remove } = await scratchFolder());
  expect((await linkwork(dir, smallHistoryArgs)).code).toBe(0);
  const replay = await linkwork(dir, [
    "replay",
    "history.ndjson",
    "--format",
    "html",
    "--out",
    "html",
    "--windows",
    "3,6",
    "--resamples",
    "400",
    // The operational page: every chart (a shared page leaves out the charts of counts).
    "--exact-counts",
  ]);
  expect(replay.code, replay.stderr).toBe(0);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await remove();
});

describe("report.html in headless Chromium", () => {
  it("opens with no console or page errors, loads nothing, and shows each chart as an inline SVG with content", async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    const requests: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("request", (request) => requests.push(request.url()));

    const url = pathToFileURL(join(dir, "html", "report.html")).href;
    const response = await page.goto(url, { waitUntil: "load" });
    expect(response?.ok() ?? true).toBe(true);

    expect(await page.title()).toBe("Linkwork report");
    // Every default report: all but equity, which needs --people.
    expect(await page.locator("section[data-report]").count()).toBe(9);
    for (const chart of ["capacity", "gp-use", "unmet-needs", "community-demand"]) {
      const svg = page.locator(`figure[data-chart="${chart}"] > svg`);
      expect(await svg.count(), chart).toBe(1);
      const drawn = await svg.evaluate((element) => ({
        shapes: element.querySelectorAll("path, rect, line, circle, polyline").length,
        texts: [...element.querySelectorAll("text")].map((text) => text.textContent ?? "").filter((text) => text.trim().length > 0).length,
        width: element.getBoundingClientRect().width,
        height: element.getBoundingClientRect().height,
      }));
      expect(drawn.shapes, chart).toBeGreaterThan(10);
      expect(drawn.texts, chart).toBeGreaterThan(3);
      expect(drawn.width, chart).toBeGreaterThan(300);
      expect(drawn.height, chart).toBeGreaterThan(150);
    }
    const trust = page.locator('section[data-report="demand-reduction"] aside.notes');
    expect(await trust.isVisible()).toBe(true);
    expect(await trust.textContent()).toContain("Which figure to trust: the difference-in-differences (DiD) estimate");

    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The page itself is the only thing it loads.
    expect(requests).toEqual([url]);
    await page.close();
  });
});
