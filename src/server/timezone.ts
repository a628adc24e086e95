/** Time zone name validation for the TimeZone setting. */

const OFFSET = /^([+-])?(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/;
const valid = new Map<string, boolean>();

export function isValidTimeZone(name: string): boolean {
  const n = name.trim();
  if (n === '') return false;
  if (OFFSET.test(n)) return Number(OFFSET.exec(n)![2]) <= 15;
  const upper = n.toUpperCase();
  if (upper === 'UTC' || upper === 'GMT' || upper === 'Z' || upper === 'ZULU' || upper === 'UCT') return true;
  let ok = valid.get(n);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: n });
      ok = true;
    } catch {
      ok = false;
    }
    valid.set(n, ok);
  }
  return ok;
}

/** Canonical spelling: IANA names as Intl resolves them (Europe/Paris), fixed names upper-cased. */
export function normalizeTimeZone(name: string): string {
  const n = name.trim();
  const upper = n.toUpperCase();
  if (upper === 'UTC' || upper === 'GMT' || upper === 'UCT' || upper === 'Z' || upper === 'ZULU') return upper === 'Z' || upper === 'ZULU' ? 'UTC' : upper;
  if (OFFSET.test(n)) return n;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: n }).resolvedOptions().timeZone;
  } catch {
    return n;
  }
}
