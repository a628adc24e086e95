/**
 * pg_stat_activity (https://www.postgresql.org/docs/15/monitoring-stats.html#MONITORING-PG-STAT-ACTIVITY-VIEW):
 * only the current session's row — SystemContext knows no other session.
 * Start times and the query text are not available to it either.
 */
import { Oid } from '../../types/oids.js';
import { BOOTSTRAP_SUPERUSER_OID } from './common.js';
import { databaseOid } from './pg-database.js';
import { cols, defineSystemRelation } from './relation.js';

defineSystemRelation({
  name: 'pg_stat_activity',
  oid: 12222,
  columns: cols({
    datid: Oid.oid,
    datname: Oid.name,
    pid: Oid.int4,
    leader_pid: Oid.int4,
    usesysid: Oid.oid,
    usename: Oid.name,
    application_name: Oid.text,
    // inet in PostgreSQL; vecsql has no inet type.
    client_addr: Oid.text,
    client_hostname: Oid.text,
    client_port: Oid.int4,
    backend_start: Oid.timestamptz,
    xact_start: Oid.timestamptz,
    query_start: Oid.timestamptz,
    state_change: Oid.timestamptz,
    wait_event_type: Oid.text,
    wait_event: Oid.text,
    state: Oid.text,
    // xid in PostgreSQL.
    backend_xid: Oid.oid,
    backend_xmin: Oid.oid,
    query_id: Oid.int8,
    query: Oid.text,
    backend_type: Oid.text,
  }),
  rows: (ctx) => [
    [
      databaseOid(ctx.databaseName), ctx.databaseName, ctx.backendPid, null, BOOTSTRAP_SUPERUSER_OID, ctx.userName,
      ctx.setting('application_name') ?? '', null, null, null, null, null, null, null, null, null, 'active', null, null, null, '', 'client backend',
    ],
  ],
});
