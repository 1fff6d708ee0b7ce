import { printable } from "@linkwork/core";
/**
 * Why a command could not do its work, as one line for people. Usage errors (an unknown flag, a bad
 * value, a missing file) exit with 2; a run that failed on the data (a bad history line during a
 * replay, a refused simulation) exits with 1.
 */
export type CliError = { readonly kind: "usage"; readonly message: string } | { readonly kind: "failed"; readonly message: string };

export const usageError = (message: string): CliError => ({ kind: "usage", message });
export const runFailed = (message: string): CliError => ({ kind: "failed", message });

export function exitCodeOf(error: CliError): 1 | 2 {
  switch (error.kind) {
    case "usage":
      return 2;
    case "failed":
      return 1;
  }
}

/** One line: newlines inside a message (a library's multi-line text) are folded. */
export function oneLine(text: string): string {
  // Messages may quote input (a flag's value, a file name): nothing in them may move the cursor or forge a line.
  return printable(text.replace(/\s*\n\s*/g, "; ").trim());
}
