/** Loads every built-in function and operator into the catalog. Import once. */
import './arith.js';
import './text.js';
import './system.js';
import './pattern.js';
import './arrays.js';
import './srf.js';
import './math.js';
import './numeric-ops.js';
import './json.js';
import './json-aggregates.js';
import './uuid.js';
import './vector.js';
import { defineAggregates } from './aggregates.js';
import { vectorAggregates } from '../vector/index.js';
import './datetime.js';
import { defineAllComparisons } from './compare.js';

defineAggregates(vectorAggregates);
defineAllComparisons();

export { functionsNamed, operatorsNamed, type FuncDef } from './catalog.js';
export { srfsNamed, type SrfDef } from './srf.js';
