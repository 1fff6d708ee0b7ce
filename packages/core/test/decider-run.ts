import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { Decider, DomainError, LinkworkEvent } from "@linkwork/core";

/** A fresh UUID command id for every command a test writes. */
export function commandIds(prefix: string): () => string {
  let number = 0;
  return () => `${prefix}-0000-7000-8000-${(++number).toString(16).padStart(12, "0")}`;
}

/**
 * Runs commands through a decider on one stream the way the command handler would (parse, decide
 * on the state so far, evolve) and answers the state after the accepted ones, or the first refusal.
 */
export function decideAll<Command extends { readonly commandId: string; readonly occurredAt: string }, State, Event extends LinkworkEvent>(
  decider: Decider<Command, State, Event>,
  inputs: readonly unknown[],
): E.Either<DomainError, State> {
  let state = decider.initialState;
  for (const input of inputs) {
    const decided = pipe(
      decider.parse(input),
      E.flatMap((command) => decider.decide(command, state)),
    );
    if (E.isLeft(decided)) return decided;
    state = decided.right.reduce(decider.evolve, state);
  }
  return E.right(state);
}

/** The refusal of the last command, failing the test if any command was accepted throughout. */
export function refusal<State>(result: E.Either<DomainError, State>): DomainError {
  if (E.isRight(result)) throw new Error(`expected a refusal, got the state ${JSON.stringify(result.right)}`);
  return result.left;
}
