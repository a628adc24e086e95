/** Comparison operators for every type that has a total order. */
import { allTypes } from '../registry.js';
import { Oid } from '../oids.js';
import type { PgType } from '../type.js';
import { define } from './catalog.js';

const OPS: [string, (c: number) => boolean][] = [
  ['=', (c) => c === 0],
  ['<>', (c) => c !== 0],
  ['<', (c) => c < 0],
  ['<=', (c) => c <= 0],
  ['>', (c) => c > 0],
  ['>=', (c) => c >= 0],
];

export function defineComparisons(t: PgType): void {
  const cmp = t.compare;
  if (!cmp || t.category === 'P') return;
  for (const [name, test] of OPS) {
    define({
      name,
      kind: 'operator',
      args: [t.oid, t.oid],
      ret: Oid.bool,
      strict: true,
      volatility: 'immutable',
      impl: (a) => test(cmp(a[0], a[1])),
    });
  }
}

/** Called once all types are registered. */
export function defineAllComparisons(): void {
  for (const t of allTypes()) {
    // varchar compares as text (binary-coercible), as in PostgreSQL, which has no varchar operators.
    // reg* types compare through oid's operators (their casts to oid are binary), as in PostgreSQL:
    // giving them their own would make `oid = 'x'::regclass` ambiguous.
    if (t.oid === Oid.varchar || t.oid === Oid.unknown || t.oid === Oid.regclass || t.oid === Oid.regtype || t.oid === Oid.regproc || t.oid === Oid.regnamespace) continue;
    defineComparisons(t);
  }
}
