/** Loads every pg_catalog relation. */
import './pg-namespace.js';
import './pg-type.js';

export { allSystemRelations, systemRelation, type SystemContext, type SystemRelation } from './relation.js';
