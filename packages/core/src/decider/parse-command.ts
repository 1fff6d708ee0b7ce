import * as E from "fp-ts/lib/Either.js";
import type { z } from "zod";
import { validationFailed, type DomainError } from "../errors.js";

/** A decider's `parse`: validates any input against a command schema; never throws. */
export function commandParser<Schema extends z.ZodType>(schema: Schema): (input: unknown) => E.Either<DomainError, z.infer<Schema>> {
  return (input) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? E.right(parsed.data) : E.left(validationFailed("command", parsed.error));
  };
}
