import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client, Json } from "./service-client.js";
import { people, startTestService, type TestService } from "./test-service.js";

// The live reports page as a PCN manager opens it: Debian's Chromium, headless (as the CLI's HTML
// report test does), behind a sign-in proxy that adds the manager's bearer token to every request.

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-sync",
];

let running: TestService;
let browser: Browser | undefined;
let manager: Client;

const referral = (caseId: string, pcnId: string, occurredAt: string) => ({
  caseId,
  personId: "person_7f3a",
  pcnId,
  practiceId: "P00003",
  source: "gp",
  reasons: ["loneliness"],
  consent: { contact: true, shareOutcomeWithReferrer: false },
  occurredAt,
});

beforeAll(async () => {
  // Never skipped: a machine without the browser fails here, saying what to install.
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  running = await startTestService({ clock: () => new Date("2025-03-03T09:00:00.000Z") });
  const admin = await running.as(people.admin);
  for (const command of [
    { type: "RegisterLinkWorker", linkWorkerId: "lw_ana1", pcnId: "U00009", fte: 1, occurredAt: "2025-01-02T09:00:00Z" },
    { type: "RecordPcnListSize", pcnId: "U00009", registeredPatients: 12_000, occurredAt: "2025-01-02T09:00:00Z" },
    { type: "RegisterLinkWorker", linkWorkerId: "lw_bob2", pcnId: "U00010", fte: 1, occurredAt: "2025-01-02T09:00:00Z" },
  ]) {
    expect((await admin.post("/commands", command)).status).toBe(200);
  }
  const north = await running.as(people.workerA);
  const south = await running.as(people.workerB);
  for (const [index, at] of ["2025-01-06T10:00:00Z", "2025-01-07T10:00:00Z", "2025-02-03T10:00:00Z"].entries()) {
    expect((await north.post("/referrals", referral(`case_north${index}`, "U00009", at))).status).toBe(201);
  }
  expect(
    (
      await north.post("/cases/case_north0/commands", {
        type: "AcceptReferral",
        linkWorkerId: "lw_ana1",
        occurredAt: "2025-02-04T10:00:00Z",
      })
    ).status,
  ).toBe(200);
  expect((await south.post("/referrals", referral("case_south0", "U00010", "2025-01-08T10:00:00Z"))).status).toBe(201);
  manager = await running.as(people.managerA);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

const tableRows = (section: string) => `section[data-report="${section}"] tbody tr`;

describe("the live reports page in headless Chromium", () => {
  it("shows the caseload, capacity and demand of the manager's own PCN, as the JSON reports give them, with no errors", async () => {
    const token = await running.idp.token(people.managerA);
    const context = await browser!.newContext({ extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const requests: string[] = [];
    page.on("request", (request) => requests.push(new URL(request.url()).pathname));

    const response = await page.goto(`${running.base}/reports/page`, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.locator('#status[data-state="ready"]').waitFor();
    expect(await page.title()).toBe("Linkwork: your PCN now");

    const capacity = (await manager.get("/reports/capacity?view=months")).body;
    const workers = (await manager.get("/reports/caseload?view=link-workers")).body;
    expect(capacity.rows.length).toBeGreaterThan(0);
    expect(workers.rows.length).toBeGreaterThan(0);
    const cells = (section: string) =>
      page
        .locator(tableRows(section))
        .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent)));
    const shown = (value: string | number | null) => (value === null ? "–" : String(value));
    expect(await cells("caseload")).toEqual(
      workers.rows.map((row: Json) => [row.linkWorkerId, row.openCases, row.waitingForFirstContact, row.overdueFollowUps].map(shown)),
    );
    expect(await cells("capacity")).toEqual(
      capacity.rows.map((row: Json) =>
        [row.month, row.registeredPatients, row.fte, row.ftePer10k, row.fteNeeded, row.monthlyCapacity].map(shown),
      ),
    );
    expect(await cells("demand")).toEqual(
      capacity.rows.map((row: Json) => [row.month, row.referrals, row.accepted, row.waitingList].map(shown)),
    );
    // Only the manager's PCN: the other PCN's link worker is nowhere on the page.
    expect(await page.locator("body").textContent()).not.toContain("lw_bob2");
    expect(await cells("demand")).toContainEqual(["2025-01", "2", "0", expect.any(String)]);
    expect(problems).toEqual([]);
    expect(new Set(requests)).toEqual(new Set(["/reports/page", "/reports/page.js", "/reports/caseload", "/reports/capacity"]));
    await context.close();
  });

  it("says so on the page when the reports refuse the caller (a link worker's token)", async () => {
    const token = await running.idp.token(people.workerA);
    const context = await browser!.newContext({ extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const page = await context.newPage();
    await page.goto(`${running.base}/reports/page`, { waitUntil: "load" });
    const status = page.locator('#status[data-state="error"]');
    await status.waitFor();
    expect(await status.textContent()).toContain("not allowed");
    expect(await page.locator(tableRows("caseload")).count()).toBe(0);
    await context.close();
  });
});
