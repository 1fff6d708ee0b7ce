import type { DomainError, HandleError } from "@linkwork/core";
import type { SimulationCommand } from "./simulation-command.js";

/**
 * Why a run stopped. A refused command is a simulator bug (or a store that already holds a
 * clashing history): the error names the command, its place in the run and the handler's error.
 */
export type SimulationError =
  | {
      readonly code: "INVALID_SETTINGS";
      readonly message: string;
      readonly error: DomainError;
    }
  | {
      readonly code: "COMMAND_REFUSED";
      readonly message: string;
      /** Zero-based position of the command in the run. */
      readonly commandIndex: number;
      readonly command: SimulationCommand;
      readonly error: HandleError;
    };

export function invalidSettings(error: DomainError): SimulationError {
  return { code: "INVALID_SETTINGS", message: error.message, error };
}

export function commandRefused(commandIndex: number, command: SimulationCommand, error: HandleError): SimulationError {
  const target =
    "caseId" in command
      ? command.caseId
      : "personId" in command
        ? command.personId
        : "pcnId" in command
          ? command.pcnId
          : "linkWorkerId" in command
            ? command.linkWorkerId
            : "providerId" in command
              ? command.providerId
              : `the ${command.list} code list`;
  return {
    code: "COMMAND_REFUSED",
    message: `command ${commandIndex} (${command.type} for ${target} at ${command.occurredAt}) was refused: ${error.code}: ${error.message}`,
    commandIndex,
    command,
    error,
  };
}
