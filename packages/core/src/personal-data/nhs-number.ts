import { z } from "zod";

/**
 * The check digit of the first nine digits of an NHS number, or null when they can have none (the
 * number is then never issued). The NHS Data Dictionary's modulus 11 algorithm: weight the digits
 * 10 down to 2, sum, take the remainder by 11, subtract it from 11; 11 gives 0, 10 is invalid
 * ("NHS NUMBER", https://archive.datadictionary.nhs.uk/DD%20Release%20August%202021/attributes/nhs_number.html).
 */
export function nhsNumberCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let index = 0; index < 9; index++) sum += Number(firstNine.charAt(index)) * (10 - index);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

/** Whether ten digits are a valid NHS number: the tenth is the modulus 11 check digit of the nine before it. */
export function isValidNhsNumber(digits: string): boolean {
  return /^[0-9]{10}$/.test(digits) && nhsNumberCheckDigit(digits) === Number(digits.charAt(9));
}

/**
 * An NHS number: ten digits with a valid modulus 11 check digit, written plain or in the usual
 * 3-3-4 groups with spaces; parsed to the ten digits. Messages never repeat the number.
 */
export const NhsNumber = z
  .string()
  .max(12, "must be an NHS number: ten digits")
  .transform((text) => text.replaceAll(" ", ""))
  .pipe(
    z
      .string()
      .regex(/^[0-9]{10}$/, { message: "must be an NHS number: ten digits, optionally grouped 3 3 4 with spaces", abort: true })
      .refine(isValidNhsNumber, "is not a valid NHS number: its check digit does not match (modulus 11)"),
  );
export type NhsNumber = z.output<typeof NhsNumber>;
