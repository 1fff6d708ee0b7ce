import { isErased, type Erased } from "../personal-data/erased.js";

/**
 * A sealed field's value where a test knows it was never erased (events fresh from decide): the
 * value itself, narrowed; an erased one fails the test by throwing.
 */
export function notErased<T>(value: T | Erased): T {
  if (isErased(value)) throw new Error("expected a sealed field's value, found it erased");
  return value;
}
