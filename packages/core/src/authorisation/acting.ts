import * as E from "fp-ts/lib/Either.js";
import { fieldInvalid, validationFailed, type DomainError } from "../errors.js";
import type { StoreError } from "../store/store-error.js";
import type { Access } from "./access.js";
import { Actor } from "./actor.js";
import type { AuditEntry, AuditTrail } from "./audit-trail.js";
import type { Authoriser } from "./authoriser.js";

/** The audit actions on a case (the register's reads are audited by the service that serves them). */
type CaseAuditAction = Extract<AuditEntry, { readonly caseId: string }>["action"];

/** What linkwork is given to act for someone: the authoriser, the audit trail, the clock. */
export interface ActingOptions {
  readonly authorise?: Authoriser;
  readonly auditTrail?: AuditTrail;
  readonly clock: () => number;
}

/** The checks linkwork runs on every call that names an actor, before anything is read for them or decided. */
export interface Acting {
  /** The actor checked; null when none was named and no authoriser is set (a trusted caller: import, simulation). */
  actor(actor: unknown): E.Either<DomainError, Actor | null>;
  /** The command with `recordedBy` taken from the actor; a different `recordedBy` in the input is refused, naming it. */
  asRecordedBy(input: unknown, actor: Actor | null): E.Either<DomainError, unknown>;
  /** The authoriser's verdict (allowed when none is set). */
  authorise(actor: Actor | null, access: Access): E.Either<DomainError, Access>;
  /** Adds an access to a case to the audit trail (nothing without a trail or an actor). */
  audit(actor: Actor | null, caseId: string, action: CaseAuditAction, allowed: boolean): Promise<E.Either<StoreError, void>>;
}

export function acting(options: ActingOptions): Acting {
  const authorise = options.authorise;
  return {
    actor: (actor) => {
      if (actor === undefined) {
        return authorise === undefined
          ? E.right(null)
          : E.left({
              code: "FORBIDDEN",
              message: "every call must name an actor: this Linkwork has an authoriser",
              role: null,
              access: "any call without an actor",
            });
      }
      const parsed = Actor.safeParse(actor);
      return parsed.success ? E.right(parsed.data) : E.left(validationFailed("actor", parsed.error, "actor"));
    },
    asRecordedBy: (input, actor) => {
      if (actor === null || typeof input !== "object" || input === null || Array.isArray(input)) return E.right(input);
      const recordedBy: unknown = Reflect.get(input, "recordedBy");
      if (recordedBy !== undefined && recordedBy !== actor.who) {
        return E.left(fieldInvalid("command", "recordedBy", "is set from the authenticated actor: leave it out"));
      }
      return E.right({ ...input, recordedBy: actor.who });
    },
    authorise: (actor, access) => (authorise === undefined || actor === null ? E.right(access) : authorise(actor, access)),
    audit: async (actor, caseId, action, allowed) => {
      if (options.auditTrail === undefined || actor === null) return E.right(undefined);
      const { who, role, pcnId } = actor;
      return options.auditTrail.record({ at: new Date(options.clock()).toISOString(), who, role, pcnId, caseId, action, allowed });
    },
  };
}

/** One string field of an input of unknown shape, or null. */
export function stringField(input: unknown, field: string): string | null {
  const value: unknown = typeof input === "object" && input !== null ? Reflect.get(input, field) : undefined;
  return typeof value === "string" ? value : null;
}
