// The instant of an ISO 8601 UTC text as epoch ms, several times faster than Date.parse for the one
// shape the core's Instant admits. Every line of a history is read through it twice or more (the
// checker's time order, each read model's months), and Date.parse was about 3% of `linkwork validate`
// of a 10-PCN year (CPU profile, 2026-12-05). Moved here from @linkwork/projections so the checker
// uses it too; packages/projections/test/read-models/shared/occurred-at.test.ts holds it to Date.parse.

const ZERO = 48;
const Z = 90;
const DOT = 46;
const FRACTION_SCALE = [100, 10, 1];

/** The number two ASCII digits at `index` spell, or -1 when either is not a digit. */
function twoDigits(text: string, index: number): number {
  const tens = text.charCodeAt(index) - ZERO;
  const units = text.charCodeAt(index + 1) - ZERO;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : -1;
}

/**
 * `Date.parse(text)`, several times faster for the one shape the core's Instant admits,
 * `YYYY-MM-DDTHH:MM:SS[.fraction]Z`: one parse per event was a tenth of a replay's apply time.
 * Any other text, and the corners where Date.UTC reads fields differently (years before 100,
 * hour 24, fractions past nine digits), go to Date.parse itself, so the answer is Date.parse's for every string (a property
 * test checks it).
 */
export function instantMs(text: string): number {
  // Most lines of a history have the instant of the line before (89% of a simulated year's): two
  // strings are compared faster than one is read. With envelope.ts's remembered UUID and
  // checkHistory's stream count, checking a 10-PCN year took 1.42-1.44 s of processor time instead
  // of 1.54-1.59 s (three alternated pairs), the 50-PCN year 7.65 s instead of 8.61 s (one pair).
  if (text === lastText) return lastMs;
  const ms = parseInstant(text);
  lastText = text;
  lastMs = ms;
  return ms;
}

// The last instant read, and its answer (Date.parse("") is NaN).
let lastText = "";
let lastMs = Number.NaN;

function parseInstant(text: string): number {
  const length = text.length;
  if (
    length < 20 ||
    text.charCodeAt(length - 1) !== Z ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58
  ) {
    return Date.parse(text);
  }
  const century = twoDigits(text, 0);
  const yearInCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (
    century < 1 ||
    yearInCentury < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    return Date.parse(text);
  }
  // Date.parse keeps the first three fraction digits (a tenth is 100 ms) and ignores the rest.
  let ms = 0;
  if (length > 20) {
    // Past nine fraction digits V8 reads the fraction its own way (it rounds instead of truncating).
    if (text.charCodeAt(19) !== DOT || length === 21 || length > 30) return Date.parse(text);
    for (let index = 20; index < length - 1; index++) {
      const digit = text.charCodeAt(index) - ZERO;
      if (digit < 0 || digit > 9) return Date.parse(text);
      if (index < 23) ms += digit * FRACTION_SCALE[index - 20]!;
    }
  }
  return Date.UTC(century * 100 + yearInCentury, month - 1, day, hour, minute, second, ms);
}
