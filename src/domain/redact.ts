/**
 * Removes contact and identity data from free text before it is stored:
 * e-mail addresses, mainland mobile numbers, 18-character resident ID numbers
 * and Luhn-valid bank-card numbers (16–19 digits). Numbers are often typed in
 * groups ("138 1234 5678", "6222-0212-…"), so digit runs are scanned group by
 * group rather than matched as one blob, which would let a phone number hide
 * behind a neighbouring number.
 */
export const REDACTION_MARKS = {
  email: "[email]",
  phone: "[phone]",
  idCard: "[id-card]",
  bankCard: "[bank-card]",
} as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** A run of digit groups joined by single spaces or dashes, optionally ending in an ID check letter. */
const DIGIT_RUN = /(?<!\d)(?:\+?86[ -]?)?\d(?:[ -]?\d)*[Xx]?(?!\d)/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

type Kind = keyof typeof REDACTION_MARKS;

function classify(digits: string): Kind | null {
  if (/^\d{17}[\dXx]$/.test(digits)) return "idCard";
  // Mobile numbers, also dialled with 0 (from a landline) or the country code 86 / 0086.
  if (/^(?:0|86|0086)?1[3-9]\d{9}$/.test(digits)) return "phone";
  if (/^\d{16,19}$/.test(digits) && luhnValid(digits)) return "bankCard";
  return null;
}

interface Group {
  start: number;
  end: number;
  digits: string;
}

function redactRun(run: string): string {
  const groups: Group[] = [];
  for (const m of run.matchAll(/\+?[\dXx]+/g)) {
    groups.push({ start: m.index, end: m.index + m[0].length, digits: m[0].replace("+", "") });
  }
  const pieces: string[] = [];
  let cursor = 0;
  let i = 0;
  while (i < groups.length) {
    // Longest span of whole groups starting here that is a sensitive number.
    let found: { j: number; kind: Kind } | null = null;
    let digits = "";
    for (let j = i; j < groups.length && digits.length < 21; j++) {
      digits += groups[j]!.digits;
      const kind = classify(digits);
      if (kind) found = { j, kind };
    }
    if (found) {
      pieces.push(run.slice(cursor, groups[i]!.start), REDACTION_MARKS[found.kind]);
      cursor = groups[found.j]!.end;
      i = found.j + 1;
    } else {
      i++;
    }
  }
  pieces.push(run.slice(cursor));
  return pieces.join("");
}

export function redact(text: string): string {
  return text.replace(EMAIL, REDACTION_MARKS.email).replace(DIGIT_RUN, (run) => redactRun(run));
}
