// 200 commands on one case at once through one handler, against the same 200 one after another.
import * as E from "fp-ts/lib/Either.js";
import { randomUUID } from "node:crypto";
import { linkwork } from "../packages/core/src/index.js";
import { memoryEventStore } from "../packages/store-memory/src/index.js";
import type { BenchRow } from "./bench-row.js";

export interface CommandContentionOptions {
  readonly commands: number;
  /** Rounds of each way, alternated so both meet the same machine load; each round on a fresh store. */
  readonly rounds: number;
}

const at = "2025-01-06T09:00:00Z";
const command = (type: string, fields: Record<string, unknown>) => ({
  type,
  caseId: "case_bench1",
  commandId: randomUUID(),
  occurredAt: at,
  recordedBy: "lw_bench1",
  ...fields,
});

/** A fresh handler with the case taken up to an agreed plan, and the connections to make on it. */
async function prepared(count: number) {
  const app = linkwork(memoryEventStore());
  for (const setup of [
    command("ReceiveReferral", {
      personId: "person_bench1",
      pcnId: "U00014",
      practiceId: "B00002",
      source: "gp",
      reasons: ["loneliness"],
      consent: { contact: true, shareOutcomeWithReferrer: false },
    }),
    command("AcceptReferral", { linkWorkerId: "lw_bench1" }),
    command("HoldConversation", { mode: "phone", minutes: 30 }),
    command("AgreePlan", { goals: [{ goalId: "goal-bench", need: "loneliness" }] }),
  ]) {
    const handled = await app.handle(setup);
    if (E.isLeft(handled)) throw new Error(`command-contention bench: setup refused: ${handled.left.message}`);
  }
  const connections = Array.from({ length: count }, (_, index) =>
    command("MakeConnection", {
      connectionId: `connection-${index}`,
      goalId: "goal-bench",
      providerId: "prov_bench1",
      activity: "peer_support",
      mode: "referred",
    }),
  );
  return { app, connections };
}

export async function benchCommandContention(options: CommandContentionOptions): Promise<BenchRow[]> {
  let concurrentMs = 0;
  let sequentialMs = 0;
  let succeeded = 0;
  for (let round = 0; round < options.rounds; round++) {
    const sequential = await prepared(options.commands);
    const t0 = performance.now();
    for (const each of sequential.connections) {
      const handled = await sequential.app.handle(each);
      if (E.isLeft(handled)) throw new Error(`command-contention bench: baseline refused: ${handled.left.message}`);
    }
    sequentialMs += performance.now() - t0;

    const concurrent = await prepared(options.commands);
    const t1 = performance.now();
    const answers = await Promise.all(concurrent.connections.map((each) => concurrent.app.handle(each)));
    concurrentMs += performance.now() - t1;
    succeeded += answers.filter(E.isRight).length;
  }
  const total = options.commands * options.rounds;
  const value = total / (concurrentMs / 1000);
  const baselineValue = total / (sequentialMs / 1000);
  return [
    {
      name: `${options.commands} concurrent commands on one case (one handler, store-memory), ${options.rounds} rounds`,
      baseline: "the same commands one after another",
      value,
      baselineValue,
      ratio: value / baselineValue,
      unit: "commands/s",
      note: `${succeeded} of ${total} succeeded`,
    },
  ];
}
