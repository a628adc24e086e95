/**
 * Zone abbreviations for the SQL, Postgres and German DateStyles, which print
 * 'EST' or 'CET' where ISO prints an offset. Intl does not expose the IANA
 * data's abbreviations, so present-day ones come from a table; an offset the
 * table does not know prints as 'LMT' when it has seconds (local mean time,
 * before standard time) and otherwise numerically, as the IANA data names
 * zones without a customary abbreviation ('+04', '-0330').
 */
import { ZONE_ABBREV_DATA } from './zone-abbrev-data.js';

let table: Map<string, Map<number, string>> | null = null;

function abbrevTable(): Map<string, Map<number, string>> {
  if (table === null) {
    table = new Map();
    for (const line of ZONE_ABBREV_DATA.split('\n')) {
      const [zone, ...pairs] = line.trim().split(' ');
      if (!zone) continue;
      const m = new Map<number, string>();
      for (const p of pairs) {
        const [off, abbrev] = p.split('=');
        m.set(Number(off), abbrev);
      }
      table.set(zone, m);
    }
  }
  return table;
}

export function numericAbbrev(gmtoff: number): string {
  const a = Math.abs(gmtoff);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  let text = (gmtoff < 0 ? '-' : '+') + String(h).padStart(2, '0');
  if (m !== 0 || s !== 0) text += String(m).padStart(2, '0');
  if (s !== 0) text += String(s).padStart(2, '0');
  return text;
}

/** The abbreviation of IANA zone `iana` while its offset is `gmtoff` (seconds east). */
export function ianaAbbrev(iana: string, gmtoff: number): string {
  const known = abbrevTable().get(iana)?.get(gmtoff);
  if (known !== undefined) return known;
  return gmtoff % 60 !== 0 ? 'LMT' : numericAbbrev(gmtoff);
}

/** The present-day offset (seconds east) of abbreviation `abbrev` in IANA zone `iana`, if the table knows it. */
export function abbrevOffsetIn(iana: string, abbrev: string): number | undefined {
  const m = abbrevTable().get(iana);
  if (m === undefined) return undefined;
  for (const [off, a] of m) if (a === abbrev) return off;
  return undefined;
}
