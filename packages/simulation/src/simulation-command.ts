import type { z } from "zod";
import type { CaseCommandInput, PersonUsageCommand, ReferenceCommand } from "@linkwork/core";
import type { ProviderCommandInput } from "@linkwork/core/provider";
import { GpRecordSync } from "./gp-record-sync.js";
import { instantOf } from "./simulation-calendar.js";
import type { SimulationRandom } from "./simulation-random.js";

/** A command the simulator issues, exactly as it is handed to `linkwork(store).handle`. */
export type SimulationCommand =
  CaseCommandInput | z.input<typeof PersonUsageCommand> | z.input<typeof ReferenceCommand> | ProviderCommandInput;

/** A command with the simulated time it is issued at (milliseconds since the epoch). */
export interface ScheduledCommand {
  readonly at: number;
  readonly command: SimulationCommand;
  /** The last command of its case: it ended the case, and no GP record entry of the case waits. */
  readonly last?: true;
}

type Issued = "commandId" | "occurredAt" | "recordedBy" | "correlationId";
type Without<C, K extends PropertyKey> = C extends unknown ? Omit<C, K> : never;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A case command as the journeys write it: the log adds ids, time, author and the case. */
export type CaseCommandBody = Without<CaseCommandInput, Issued | "caseId">;
export type UsageCommandBody = Without<z.input<typeof PersonUsageCommand>, Issued>;
export type ReferenceCommandBody = Without<z.input<typeof ReferenceCommand>, Issued>;
export type ProviderCommandBody = Without<ProviderCommandInput, Issued>;

/** The case a command belongs to: its id and the correlation id every command of its episode shares. */
export interface CaseThread {
  readonly caseId: string;
  readonly correlationId: string;
  /** The person lets the referrer hear the outcome (so a closure tells them first). */
  readonly consentToShare: boolean;
}

/**
 * Collects the commands of one agenda action in the order they are issued, giving each a command
 * id from its own seeded stream (event ids derive from command ids, so they are reproducible too).
 */
export class CommandLog {
  readonly #ids: SimulationRandom;
  /**
   * The ids of the VCSE directory's commands and of what providers report: a stream of their own, so
   * adding them left every other command's id (and event id) as it was.
   */
  readonly #directoryIds: SimulationRandom;
  /** The GP record sync's command ids: a stream of their own, so every other command's id stayed as it was. */
  readonly #syncIds: SimulationRandom;
  readonly #gpRecords = new GpRecordSync();
  #pending: ScheduledCommand[] = [];

  constructor(ids: SimulationRandom, directoryIds: SimulationRandom, syncIds: SimulationRandom) {
    this.#ids = ids;
    this.#directoryIds = directoryIds;
    this.#syncIds = syncIds;
  }

  /** A fresh UUID from the id stream, for correlation ids. */
  uuid(): string {
    return this.#ids.uuid();
  }

  // The body is a fresh literal from the call site: completing it in place avoids copying every
  // command through a megamorphic object spread, which dominated the run time.
  forCase(thread: CaseThread, at: number, recordedBy: string, body: CaseCommandBody): void {
    const command = body as Mutable<CaseCommandInput>;
    command.caseId = thread.caseId;
    command.commandId = this.#ids.uuid();
    command.occurredAt = instantOf(at);
    command.recordedBy = recordedBy;
    command.correlationId = thread.correlationId;
    this.#pushCase(at, command, thread);
  }

  #pushCase(at: number, command: CaseCommandInput, thread: CaseThread): void {
    this.#pending.push(this.#gpRecords.note(command, thread.consentToShare) ? { at, command, last: true } : { at, command });
  }

  /**
   * The GP record sync: acknowledges every entry the cases' commands caused since the last sync, as
   * a drain of the gp-record-outbox read model does after writing them to the GP systems.
   */
  syncGpRecords(at: number): void {
    for (const { caseId, correlationId, entryIds, last } of this.#gpRecords.take()) {
      const command: CaseCommandInput = {
        type: "AcknowledgeGpRecordEntries",
        caseId,
        entryIds: [...entryIds],
        commandId: this.#syncIds.uuid(),
        occurredAt: instantOf(at),
        recordedBy: "gp-sync",
        correlationId,
      };
      this.#pending.push(last ? { at, command, last: true } : { at, command });
    }
  }

  /** A case command from the provider's side (closed-loop updates) or the activity budget, with a directory id. */
  forCaseFromDirectory(thread: CaseThread, at: number, recordedBy: string, body: CaseCommandBody): void {
    const command = body as Mutable<CaseCommandInput>;
    command.caseId = thread.caseId;
    command.commandId = this.#directoryIds.uuid();
    command.occurredAt = instantOf(at);
    command.recordedBy = recordedBy;
    command.correlationId = thread.correlationId;
    this.#pushCase(at, command, thread);
  }

  /** A provider's listing, capacity or funding. */
  forProvider(at: number, recordedBy: string, body: ProviderCommandBody): void {
    const command = body as ProviderCommandBody & Mutable<Pick<SimulationCommand, "commandId" | "occurredAt" | "recordedBy">>;
    command.commandId = this.#directoryIds.uuid();
    command.occurredAt = instantOf(at);
    command.recordedBy = recordedBy;
    this.#pending.push({ at, command });
  }

  forUsage(at: number, recordedBy: string, body: UsageCommandBody): void {
    this.#pending.push({ at, command: this.#complete(body, at, recordedBy) });
  }

  forReference(at: number, recordedBy: string, body: ReferenceCommandBody): void {
    this.#pending.push({ at, command: this.#complete(body, at, recordedBy) });
  }

  #complete<Body extends UsageCommandBody | ReferenceCommandBody>(body: Body, at: number, recordedBy: string): SimulationCommand {
    const command = body as Body & Mutable<Pick<SimulationCommand, "commandId" | "occurredAt" | "recordedBy">>;
    command.commandId = this.#ids.uuid();
    command.occurredAt = instantOf(at);
    command.recordedBy = recordedBy;
    return command;
  }

  /** The commands collected since the last drain, in issue order. */
  drain(): ScheduledCommand[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }
}
