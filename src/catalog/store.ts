/** Loading and persisting catalog objects (JSON values in the `catalog` store, keyed by OID). */
import type { Snapshot } from '../storage/engine.js';
import type { WriteSet } from '../storage/write-set.js';
import { Catalog, type CatalogChange } from './catalog.js';
import type { CatalogObject } from './objects.js';
import { FIRST_NORMAL_OID } from '../types/oids.js';

const NEXT_OID_KEY = Buffer.from('next_oid');
const VERSION_KEY = Buffer.from('catalog_version');

function oidKey(oid: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(oid);
  return b;
}

export function loadCatalog(snap: Snapshot, owner: string): Catalog {
  const objects = new Map<number, CatalogObject>();
  for (const { value } of snap.range('catalog', Buffer.alloc(4), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]))) {
    const o = JSON.parse(value.toString('utf8')) as CatalogObject;
    objects.set(o.oid, o);
  }
  if (objects.size === 0) return Catalog.empty(owner);
  const next = snap.get('meta', NEXT_OID_KEY);
  const version = snap.get('meta', VERSION_KEY);
  return Catalog.build(version ? Number(version.toString()) : 1, objects, next ? Number(next.toString()) : FIRST_NORMAL_OID);
}

/** Adds a change's objects to the transaction's writes; returns the new snapshot. */
export function persistChange(change: CatalogChange, ws: WriteSet): Catalog {
  const next = change.result();
  // A fresh data directory's built-in objects (the public schema) are written with the first change.
  const all = change.base.version === 0 ? new Set([...change.touched, ...[...next.all()].map((o) => o.oid)]) : change.touched;
  for (const oid of all) {
    const o = next.get(oid);
    if (o) ws.put('catalog', oidKey(oid), Buffer.from(JSON.stringify(o)));
    else ws.delete('catalog', oidKey(oid));
  }
  ws.put('meta', NEXT_OID_KEY, Buffer.from(String(next.nextOid)));
  ws.put('meta', VERSION_KEY, Buffer.from(String(next.version)));
  return next;
}
