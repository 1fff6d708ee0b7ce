/** The command families linkwork routes to a decider. */
export type CommandFamily = "case" | "personUsage" | "referenceData" | "provider";

/**
 * What an actor asks to do, as the authoriser sees it: enough to decide, nothing more (no case id,
 * no person). `pcnId` is the PCN the thing belongs to: a case's PCN once it was referred (a PCN code
 * never changes after the referral), the referral's PCN for a new case, a report's PCN; null when
 * it belongs to none (a case not yet referred, a report across PCNs, a link worker's FTE change).
 */
export type Access =
  | { readonly kind: "command"; readonly family: CommandFamily; readonly type: string; readonly pcnId: string | null }
  | { readonly kind: "readCase"; readonly pcnId: string | null }
  | { readonly kind: "readReport"; readonly report: string; readonly pcnId: string | null }
  | { readonly kind: "readExport"; readonly export: string; readonly pseudonymised: boolean }
  | { readonly kind: "readAuditTrail" }
  /** The person register: registering a person for a referral, finding one by NHS number, erasing one. */
  | { readonly kind: "personRegister"; readonly action: "register" | "lookup" | "erase" };

/** A short description of an access, for refusal messages: never an id of a case or a person. */
export function describeAccess(access: Access): string {
  switch (access.kind) {
    case "command":
      return `the command ${access.type}`;
    case "readCase":
      return "reading a case";
    case "readReport":
      return `the ${access.report} report`;
    case "readExport":
      return `the ${access.export} export${access.pseudonymised ? "" : " with identifiers"}`;
    case "readAuditTrail":
      return "reading the audit trail";
    case "personRegister":
      return access.action === "lookup"
        ? "finding a person in the register"
        : `${access.action === "register" ? "registering" : "erasing"} a person`;
  }
}
