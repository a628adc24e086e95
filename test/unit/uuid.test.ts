import { describe, expect, it } from 'vitest';
import { PgError } from '../../src/types/errors.js';
import { defaultIoContext } from '../../src/types/type.js';
import { formatUuid, parseUuid, uuidType } from '../../src/types/builtin/uuid.js';
import { functionsNamed } from '../../src/types/functions/catalog.js';
import type { EvalContext } from '../../src/types/context.js';
import '../../src/types/functions/uuid.js';

/*
 * Expected values below were produced by PostgreSQL 15.18
 * (`select '…'::uuid`, uuid_send, ORDER BY) and are checked here without a
 * server. Errors are written 'ERR <sqlstate> <message>'.
 */

const io = defaultIoContext;

function run(s: string): string {
  try {
    return uuidType.toText(uuidType.fromText(s, -1, io), io);
  } catch (e) {
    if (!(e instanceof PgError)) throw e;
    return `ERR ${e.code} ${e.message}`;
  }
}

const INPUT: [string, string][] = [
  ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ['A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ['{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ['a0eebc999c0b4ef8bb6d6bb9bd380a11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ['a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ['{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', 'ERR 22P02 invalid input syntax for type uuid: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"'],
  ['{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'ERR 22P02 invalid input syntax for type uuid: "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"'],
  ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1', 'ERR 22P02 invalid input syntax for type uuid: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1"'],
  ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111', 'ERR 22P02 invalid input syntax for type uuid: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111"'],
  ['a0eebc999-c0b-4ef8-bb6d-6bb9bd380a11', 'ERR 22P02 invalid input syntax for type uuid: "a0eebc999-c0b-4ef8-bb6d-6bb9bd380a11"'],
  ['a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11', 'ERR 22P02 invalid input syntax for type uuid: "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11"'],
  [' a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'ERR 22P02 invalid input syntax for type uuid: " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"'],
  ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 ', 'ERR 22P02 invalid input syntax for type uuid: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 "'],
  ['g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'ERR 22P02 invalid input syntax for type uuid: "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"'],
  ['-a0eebc999c0b4ef8bb6d6bb9bd380a11', 'ERR 22P02 invalid input syntax for type uuid: "-a0eebc999c0b4ef8bb6d6bb9bd380a11"'],
  ['a0eebc999c0b4ef8bb6d6bb9bd380a11-', 'ERR 22P02 invalid input syntax for type uuid: "a0eebc999c0b4ef8bb6d6bb9bd380a11-"'],
  ['', 'ERR 22P02 invalid input syntax for type uuid: ""'],
  ['{}', 'ERR 22P02 invalid input syntax for type uuid: "{}"'],
  ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
  ['ffffffff-ffff-ffff-ffff-ffffffffffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
  ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a-11', 'ERR 22P02 invalid input syntax for type uuid: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a-11"'],
];

describe('uuid', () => {
  it.each(INPUT)('uuid_in %j', (input, expected) => {
    expect(run(input)).toBe(expected);
  });

  it('has the catalog facts of pg_type', () => {
    expect([uuidType.oid, uuidType.len, uuidType.category, uuidType.arrayOid]).toEqual([2950, 16, 'U', 2951]);
  });

  it('sends and receives 16 bytes', () => {
    const v = parseUuid('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    expect(Buffer.from(uuidType.toBinary!(v, io)).toString('hex')).toBe('a0eebc999c0b4ef8bb6d6bb9bd380a11');
    expect(formatUuid(uuidType.fromBinary!(Buffer.from('a0eebc999c0b4ef8bb6d6bb9bd380a11', 'hex'), -1, io) as Uint8Array)).toBe(
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    );
    expect(() => uuidType.fromBinary!(Buffer.alloc(15), -1, io)).toThrow(PgError);
  });

  it('orders bytewise', () => {
    const sorted = [
      '00000000-0000-0000-0000-000000000000',
      '00000000-0000-0000-0000-000000000001',
      '7fffffff-ffff-ffff-ffff-ffffffffffff',
      '80000000-0000-0000-0000-000000000000',
      'ffffffff-0000-0000-0000-000000000000',
    ];
    const values = [...sorted].reverse().map(parseUuid);
    values.sort((a, b) => uuidType.compare!(a, b));
    expect(values.map(formatUuid)).toEqual(sorted);
    expect(uuidType.compare!(parseUuid(sorted[1]!), parseUuid(sorted[1]!.toUpperCase()))).toBe(0);
  });

  it('gen_random_uuid makes distinct version 4 UUIDs', () => {
    const def = functionsNamed('gen_random_uuid')[0]!;
    expect(def.volatility).toBe('volatile');
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const s = formatUuid(def.impl([], {} as EvalContext) as Uint8Array);
      expect(s).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(s);
    }
    expect(seen.size).toBe(100);
  });
});
