/** pg_event_trigger (https://www.postgresql.org/docs/15/catalog-pg-event-trigger.html): always empty — vecsql has no event triggers. */
import { Oid } from '../../types/oids.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_event_trigger',
  oid: 3466,
  columns: cols({
    oid: Oid.oid,
    evtname: Oid.name,
    evtevent: Oid.name,
    evtowner: Oid.oid,
    evtfoid: Oid.oid,
    evtenabled: Oid.char,
    evttags: Oid._text,
  }),
  rows: () => [],
});
