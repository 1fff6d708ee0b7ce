// Full case lifecycles through the command handler and store-memory, against pure decide + evolve.
import * as E from "fp-ts/lib/Either.js";
// decideCaseCommand is internal to the core (the case decider uses it); the bench measures it directly.
import { decideCaseCommand } from "../packages/core/src/case/decide.js";
import { CaseCommand, evolveCase, initialCaseState, linkwork, type CaseState } from "../packages/core/src/index.js";
import { generateCommands } from "../packages/simulation/src/index.js";
import { memoryEventStore } from "../packages/store-memory/src/index.js";
import type { BenchRow } from "./bench-row.js";

export interface CommandHandlingOptions {
  readonly seed: number;
  readonly pcns: number;
  readonly months: number;
}

function caseCommands(options: CommandHandlingOptions) {
  const generated = generateCommands({ seed: options.seed, pcns: options.pcns, months: options.months });
  if (E.isLeft(generated)) throw new Error(`command-handling bench: ${JSON.stringify(generated.left)}`);
  const commands = generated.right.commands.filter((command) => CaseCommand.safeParse(command).success);
  return { commands, policy: generated.right.policy };
}

export async function benchCommandHandling(options: CommandHandlingOptions): Promise<BenchRow[]> {
  const { commands, policy } = caseCommands(options);

  // Baseline: validate, decide and evolve in memory, one state per case, no store.
  const pureStart = performance.now();
  const states = new Map<string, CaseState>();
  for (const input of commands) {
    const command = CaseCommand.parse(input);
    const state = states.get(command.caseId) ?? initialCaseState;
    const decided = decideCaseCommand(command, state, policy);
    if (E.isLeft(decided)) throw new Error(`command-handling bench: pure decide refused ${command.type}: ${decided.left.message}`);
    states.set(command.caseId, decided.right.reduce(evolveCase, state));
    await Promise.resolve();
  }
  const pureSeconds = (performance.now() - pureStart) / 1000;

  const handler = linkwork(memoryEventStore(), { policy });
  const handledStart = performance.now();
  for (const command of commands) {
    const handled = await handler.handle(command);
    if (E.isLeft(handled)) throw new Error(`command-handling bench: handler refused a command: ${handled.left.message}`);
  }
  const handledSeconds = (performance.now() - handledStart) / 1000;

  const value = commands.length / handledSeconds;
  const baselineValue = commands.length / pureSeconds;
  return [
    {
      name: `case lifecycles through linkwork(store-memory), ${commands.length} commands`,
      baseline: "pure parse + decide + evolve in memory",
      value,
      baselineValue,
      ratio: value / baselineValue,
      unit: "commands/s",
      note: "target ≥ 0.3",
    },
  ];
}
