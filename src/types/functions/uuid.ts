/** uuid functions (https://www.postgresql.org/docs/15/functions-uuid.html). */
import { randomFillSync } from 'node:crypto';
import { Oid } from '../oids.js';
import { fn } from './catalog.js';

/** gen_random_uuid: a version 4 (random) UUID, RFC 4122 variant. */
export function randomUuid(): Uint8Array {
  const b = randomFillSync(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return b;
}

fn('gen_random_uuid', [], Oid.uuid, () => randomUuid(), { volatility: 'volatile' });
