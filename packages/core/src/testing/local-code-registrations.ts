import { v5 as uuidV5 } from "uuid";
import { CaseCommand } from "../case/commands.js";
import type { RegisterLocalCode } from "../reference-data/commands.js";
import { localCodeUses, type LocalCodeUse } from "../reference-data/local-codes.js";
import type { z } from "zod";

/** Namespace of the registrations' command ids, so the same code always gets the same id. */
const registrationNamespace = "5b0e3c1a-7f52-4d0e-9c61-2a9f4c1d8e70";

/**
 * The RegisterLocalCode commands a handler needs before these case commands: one per local code they
 * use (commands that do not parse are passed over), dated `occurredAt`, labelled after the code.
 */
export function localCodeRegistrations(commands: readonly unknown[], occurredAt: string): z.input<typeof RegisterLocalCode>[] {
  const codes = new Map<string, LocalCodeUse>();
  for (const input of commands) {
    const parsed = CaseCommand.safeParse(input);
    if (parsed.success) for (const use of localCodeUses(parsed.data)) codes.set(`${use.list} ${use.code}`, use);
  }
  return [...codes.values()].map(({ list, code }) => ({
    type: "RegisterLocalCode",
    list,
    commandId: uuidV5(`${list} ${code}`, registrationNamespace),
    occurredAt,
    recordedBy: "admin-1",
    code,
    label: `Local ${code.slice(2).replaceAll("-", " ")}`.trim(),
  }));
}
