import type * as E from "fp-ts/lib/Either.js";
import type { DomainError } from "../errors.js";
import type { LinkworkEvent } from "../events/catalogue.js";

/**
 * What the handler needs of every command: its id, for idempotency (the same id twice writes
 * nothing), and when it happened, to refuse a date too far ahead of the handler's clock.
 */
export interface DecidableCommand {
  readonly commandId: string;
  readonly occurredAt: string;
}

/**
 * A stream's decider: how a command becomes events and events become state. The command handler
 * runs any decider the same way: parse, load the stream, decide, append.
 */
export interface Decider<Command extends DecidableCommand, State, Event extends LinkworkEvent> {
  /** Validates input from outside; never throws. */
  readonly parse: (input: unknown) => E.Either<DomainError, Command>;
  /** The stream a command is decided on. */
  readonly streamId: (command: Command) => string;
  readonly decide: (command: Command, state: State) => E.Either<DomainError, Event[]>;
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
  /** Narrows an event read from the stream to this decider's events. */
  readonly owns: (event: LinkworkEvent) => event is Event;
}
