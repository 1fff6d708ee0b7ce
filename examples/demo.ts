// `pnpm demo`: a year of referrals in a three-PCN network, simulated through the real command handler
// on the in-memory store, then the caseload, capacity and demand-reduction tables and an HTML report.
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { writeFileAtomically } from "@linkwork/core";
import type { EquityFields } from "@linkwork/core/vocabulary";
import { buildReports, renderHtmlReport, renderTables, reportNames } from "@linkwork/cli";
import { readAllSource } from "@linkwork/projections";
import { simulate } from "@linkwork/simulation";
import { memoryEventStore } from "@linkwork/store-memory";

const outDir = resolve("out/demo");
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const store = memoryEventStore();
  // The people's equity fields, as a person register would hold them: never in the history.
  const people = new Map<string, EquityFields>();
  say("Simulating a year of a three-PCN network (seed 2025)...");
  let lastPercent = -1;
  const simulated = await simulate(
    { seed: 2025, pcns: 3, months: 12 },
    {
      store,
      onPerson: ({ personId, equity }) => people.set(personId, equity),
      onProgress: ({ day, days }) => {
        const percent = Math.floor((100 * day) / days);
        if (process.stderr.isTTY && percent !== lastPercent && percent % 10 === 0) say(`  ${percent}%`);
        lastPercent = percent;
      },
    },
  );
  if (E.isLeft(simulated)) {
    say(`demo: the simulation failed: ${JSON.stringify(simulated.left)}`);
    return 1;
  }
  const summary = simulated.right;
  say(
    `  ${summary.referrals} referrals, ${summary.accepted} accepted, ${summary.declined} declined; ` +
      `${summary.events} events (${elapsed()})`,
  );

  say("Replaying the history through every read model...");
  const built = await buildReports(readAllSource(store), {
    reports: [...reportNames],
    settings: { demandReduction: { windowsMonths: [6], seed: 2025 }, equityLookup: people },
  });
  if (E.isLeft(built)) {
    say(`demo: ${built.left.message}`);
    return 1;
  }
  const terminal = {
    ...built.right,
    reports: built.right.reports.filter((report) => ["caseload", "capacity", "demand-reduction"].includes(report.name)),
  };
  process.stdout.write(renderTables(terminal));

  await mkdir(outDir, { recursive: true });
  const page = resolve(outDir, "report.html");
  await writeFileAtomically(
    page,
    renderHtmlReport(built.right, { title: "Linkwork demo: three PCNs, one year", source: "the simulator (seed 2025)" }),
  );
  say(`Wrote ${page} with every report and its charts (${elapsed()}).`);
  await store.close();
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    say(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
