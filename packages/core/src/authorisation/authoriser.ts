import * as E from "fp-ts/lib/Either.js";
import type { DomainError } from "../errors.js";
import { describeAccess, type Access } from "./access.js";
import type { Actor, Role } from "./actor.js";

/**
 * Decides whether an actor may have an access, before anything is read or decided. Pure and
 * synchronous: what it needs to know (the case's PCN) is loaded by linkwork and passed in `access`.
 */
export type Authoriser = (actor: Actor, access: Access) => E.Either<DomainError, Access>;

/** The FORBIDDEN refusal of an access: says what was refused and for which role, never whose case. */
export function forbidden(role: Role | null, access: Access, why: string): DomainError {
  return {
    code: "FORBIDDEN",
    message: `${describeAccess(access)} is not allowed${role === null ? "" : ` for a ${roleWords[role]}`}: ${why}`,
    role,
    access: describeAccess(access),
  };
}

const roleWords: Record<Role, string> = {
  linkWorker: "link worker",
  pcnManager: "PCN manager",
  evaluator: "evaluator",
  administrator: "administrator",
};

/** True when the thing belongs to the actor's own PCN; a thing of no PCN yet (a new case id) belongs to any. */
const ownPcn = (actor: Actor, pcnId: string | null): boolean => actor.pcnId !== null && (pcnId === null || pcnId === actor.pcnId);

/**
 * The default rules of issue 18, by role:
 * - link worker: case commands and case reads, on cases of their own PCN (a referral: to their PCN);
 *   registering people and finding them by NHS number, to refer them;
 * - PCN manager: reports of their own PCN;
 * - evaluator: pseudonymised exports only;
 * - administrator: reference data (PCN list sizes, link workers, local codes, the provider directory
 *   and its funding), healthcare-usage
 *   imports (a person's usage stream, fed from GP systems), the audit trail, and erasing a person.
 * Everything else is refused. A role that works for one PCN and has none in its token is refused everything.
 */
export const roleBasedAuthoriser: Authoriser = (actor, access) => {
  const allow = E.right(access);
  switch (actor.role) {
    case "linkWorker":
      if (access.kind === "command" && access.family === "case") {
        return ownPcn(actor, access.pcnId) ? allow : E.left(forbidden(actor.role, access, "the case belongs to another PCN"));
      }
      if (access.kind === "readCase") {
        return ownPcn(actor, access.pcnId) ? allow : E.left(forbidden(actor.role, access, "the case belongs to another PCN"));
      }
      if (access.kind === "personRegister" && access.action !== "erase")
        return actor.pcnId === null ? E.left(forbidden(actor.role, access, "a link worker needs a PCN")) : allow;
      return E.left(forbidden(actor.role, access, "a link worker acts on the cases of their own PCN only"));
    case "pcnManager":
      if (access.kind === "readReport") {
        // A report across every PCN (pcnId null) is not the manager's: the service scopes it to their PCN first.
        return actor.pcnId !== null && access.pcnId === actor.pcnId
          ? allow
          : E.left(forbidden(actor.role, access, "a PCN manager reads the reports of their own PCN only"));
      }
      return E.left(forbidden(actor.role, access, "a PCN manager reads the reports of their own PCN only"));
    case "evaluator":
      return access.kind === "readExport" && access.pseudonymised
        ? allow
        : E.left(forbidden(actor.role, access, "an evaluator reads pseudonymised exports only"));
    case "administrator":
      return (access.kind === "command" && access.family !== "case") ||
        access.kind === "readAuditTrail" ||
        (access.kind === "personRegister" && access.action === "erase")
        ? allow
        : E.left(forbidden(actor.role, access, "an administrator manages reference data, usage imports, erasure and the audit trail only"));
  }
};
