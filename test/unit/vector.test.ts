import { describe, expect, it } from 'vitest';
import { PgError } from '../../src/types/errors.js';
import { Oid } from '../../src/types/oids.js';
import { defaultIoContext, type PgType } from '../../src/types/type.js';
import type { Value } from '../../src/types/value.js';
import { findTypeByName, registerBaseType, typeByOid } from '../../src/types/registry.js';
import { applyTypmod, findCast } from '../../src/types/casts.js';
import { formatFloat } from '../../src/types/builtin/float.js';
import { functionsNamed, operatorsNamed, type FuncDef } from '../../src/types/functions/catalog.js';
import { defineComparisons } from '../../src/types/functions/compare.js';
import type { EvalContext } from '../../src/types/context.js';
import '../../src/types/functions/vector.js';
import { vectorAggregates, vectorTypes, VectorOid } from '../../src/types/vector/index.js';
import { decimalToFloat32, formatFloat4, strtof } from '../../src/types/vector/float.js';
import { denseDistance } from '../../src/types/vector/kernels.js';

/*
 * Expected values below were produced by pgvector 0.8.1 on PostgreSQL 17.5
 * (PGlite 0.4.6 with its vector extension) as `select (<expr>)::text`, and
 * are checked here without it: each SQL expression is evaluated by a tiny
 * evaluator over vecsql's type system (literal casts, explicit casts,
 * operator and function calls resolved from the catalog by argument type).
 * Errors are written 'ERR <sqlstate> <message>'. vector-pglite.test.ts
 * re-runs the same table against PGlite when it is installed.
 */

// The lead registers these in registry.ts; registering again is harmless.
for (const t of vectorTypes) registerBaseType(t);
for (const t of vectorTypes) if (operatorsNamed('=', false).every((d) => d.args[0] !== t.oid)) defineComparisons(t);

const io = defaultIoContext;
const ctx = { io } as unknown as EvalContext;

// vector-pglite.test.ts imports CASES and run(); it sets this flag so that
// the suites below are not registered a second time inside that file.
const casesOnly = (globalThis as { __vecsqlCasesOnly?: boolean }).__vecsqlCasesOnly === true;
const suite: (name: string, fn: () => void) => void = casesOnly ? () => {} : describe;

export const CASES: [sql: string, expected: string][] = [
  // ---------------------------------------------------------------- vector I/O
  ["'[1,2.5,-3]'::vector", '[1,2.5,-3]'],
  ["'[1000000]'::vector", '[1e+06]'],
  ["'[100000]'::vector", '[100000]'],
  ["'[123456.7]'::vector", '[123456.7]'],
  ["'[1234567]'::vector", '[1.234567e+06]'],
  ["'[0.0001]'::vector", '[0.0001]'],
  ["'[0.00001]'::vector", '[1e-05]'],
  ["'[-0]'::vector", '[-0]'],
  ["'[1.5e38]'::vector", '[1.5e+38]'],
  ["'[3.4028235e38]'::vector", '[3.4028235e+38]'],
  ["'[3.5e38]'::vector", 'ERR 22003 "3.5e38" is out of range for type vector'],
  ["'[-3.5e38]'::vector", 'ERR 22003 "-3.5e38" is out of range for type vector'],
  ["'[1e-46]'::vector", '[0]'],
  ["'[1e-45]'::vector", '[1e-45]'],
  ["'[0.1,0.2,0.3]'::vector", '[0.1,0.2,0.3]'],
  // Ryū as PostgreSQL runs it: interval bounds excluded, ties to even, power-of-two intervals.
  ["'[38425152]'::vector", '[3.8425152e+07]'],
  ["'[2355321.25]'::vector", '[2.3553212e+06]'],
  ["'[444523.125]'::vector", '[444523.12]'],
  ["'[1.262177448353619e-29]'::vector", '[1.2621775e-29]'],
  ["'[16777217]'::vector", '[1.6777216e+07]'],
  ["'[]'::vector", 'ERR 22000 vector must have at least 1 dimension'],
  ["'[ ]'::vector", 'ERR 22000 vector must have at least 1 dimension'],
  ["''::vector", 'ERR 22P02 invalid input syntax for type vector: ""'],
  ["'[1,2'::vector", 'ERR 22P02 invalid input syntax for type vector: "[1,2"'],
  ["'[1,2,'::vector", 'ERR 22P02 invalid input syntax for type vector: "[1,2,"'],
  ["'1,2]'::vector", 'ERR 22P02 invalid input syntax for type vector: "1,2]"'],
  ["'[1,2] x'::vector", 'ERR 22P02 invalid input syntax for type vector: "[1,2] x"'],
  ["'[1,2]  '::vector", '[1,2]'],
  ["'  [1,2]'::vector", '[1,2]'],
  ["'[1,,2]'::vector", 'ERR 22P02 invalid input syntax for type vector: "[1,,2]"'],
  ["'[1 2]'::vector", 'ERR 22P02 invalid input syntax for type vector: "[1 2]"'],
  ["'[nan]'::vector", 'ERR 22000 NaN not allowed in vector'],
  ["'[NaN]'::vector", 'ERR 22000 NaN not allowed in vector'],
  ["'[inf]'::vector", 'ERR 22000 infinite value not allowed in vector'],
  ["'[-Infinity]'::vector", 'ERR 22000 infinite value not allowed in vector'],
  ["'[infinity]'::vector", 'ERR 22000 infinite value not allowed in vector'],
  ["'[ 1 , 2 ]'::vector", '[1,2]'],
  ["'[\t1,2\t]'::vector", '[1,2]'],
  ["'[1,2]'::vector(2)", '[1,2]'],
  ["'[1,2]'::vector(3)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["'[1,2]'::vector(0)", 'ERR 22023 dimensions for type vector must be at least 1'],
  ["'[1,2]'::vector(16001)", 'ERR 22023 dimensions for type vector cannot exceed 16000'],
  ["'[0x10]'::vector", '[16]'],
  ["'[0x1.8p1]'::vector", '[3]'],
  ["'[1e]'::vector", 'ERR 22P02 invalid input syntax for type vector: "[1e]"'],
  ["'[1e+]'::vector", 'ERR 22P02 invalid input syntax for type vector: "[1e+]"'],
  ["'[.5]'::vector", '[0.5]'],
  ["'[5.]'::vector", '[5]'],
  ["'[+5]'::vector", '[5]'],
  ["'[-.5e-3]'::vector", '[-0.0005]'],
  ["'[1.00000001]'::vector", '[1]'],
  ["'[0.333333333333333333333]'::vector", '[0.33333334]'],
  ["'[abc]'::vector", 'ERR 22P02 invalid input syntax for type vector: "[abc]"'],
  ["'{1,2}'::vector", 'ERR 22P02 invalid input syntax for type vector: "{1,2}"'],
  // --------------------------------------------------------------- halfvec I/O
  ["'[1,2.5,-3,0.1,65504,1e-8,3e-5,0.333]'::halfvec", '[1,2.5,-3,0.099975586,65504,0,2.9981136e-05,0.3330078]'],
  ["'[65520]'::halfvec", 'ERR 22003 "65520" is out of range for type halfvec'],
  ["'[65519]'::halfvec", '[65504]'],
  ["'[-65520]'::halfvec", 'ERR 22003 "-65520" is out of range for type halfvec'],
  ["'[1e-8]'::halfvec", '[0]'],
  ["'[6e-8]'::halfvec", '[5.9604645e-08]'],
  ["'[1e40]'::halfvec", 'ERR 22003 "1e40" is out of range for type halfvec'],
  ["'[inf]'::halfvec", 'ERR 22000 infinite value not allowed in halfvec'],
  ["'[]'::halfvec", 'ERR 22000 halfvec must have at least 1 dimension'],
  ["'[1,2]'::halfvec(3)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["'[nan]'::halfvec", 'ERR 22000 NaN not allowed in halfvec'],
  ["'[1,2'::halfvec", 'ERR 22P02 invalid input syntax for type halfvec: "[1,2"'],
  ["'x'::halfvec", 'ERR 22P02 invalid input syntax for type halfvec: "x"'],
  // ------------------------------------------------------------- sparsevec I/O
  ["'{1:1.5,3:2}/5'::sparsevec", '{1:1.5,3:2}/5'],
  ["'{}/3'::sparsevec", '{}/3'],
  ["'{3:2,1:1.5}/5'::sparsevec", '{1:1.5,3:2}/5'],
  ["'{1:0,2:1}/3'::sparsevec", '{2:1}/3'],
  ["' { 1 : 1.5 , 3 : 2 } / 5 '::sparsevec", '{1:1.5,3:2}/5'],
  ["'{1:1,1:2}/3'::sparsevec", 'ERR 22000 sparsevec indices must not contain duplicates'],
  ["'{2:1,1:0,1:2}/3'::sparsevec", '{1:2,2:1}/3'],
  ["'{0:1}/3'::sparsevec", 'ERR 22000 sparsevec index out of bounds'],
  ["'{4:1}/3'::sparsevec", 'ERR 22000 sparsevec index out of bounds'],
  ["'{-1:1}/3'::sparsevec", 'ERR 22000 sparsevec index out of bounds'],
  ["'{99999999999:1}/3'::sparsevec", 'ERR 22000 sparsevec index out of bounds'],
  ["'{}/0'::sparsevec", 'ERR 22000 sparsevec must have at least 1 dimension'],
  ["'{}/-1'::sparsevec", 'ERR 22000 sparsevec must have at least 1 dimension'],
  ["'{}/1000000001'::sparsevec", 'ERR 54000 sparsevec cannot have more than 1000000000 dimensions'],
  ["'{}/1000000000'::sparsevec", '{}/1000000000'],
  ["'{}/99999999999'::sparsevec", 'ERR 54000 sparsevec cannot have more than 1000000000 dimensions'],
  ["'{1:1}'::sparsevec", 'ERR 22P02 invalid input syntax for type sparsevec: "{1:1}"'],
  ["'{1:1}/'::sparsevec", 'ERR 22P02 invalid input syntax for type sparsevec: "{1:1}/"'],
  ["'{1:1}/3 x'::sparsevec", 'ERR 22P02 invalid input syntax for type sparsevec: "{1:1}/3 x"'],
  ["'1:1}/3'::sparsevec", 'ERR 22P02 invalid input syntax for type sparsevec: "1:1}/3"'],
  ["'{1:nan}/3'::sparsevec", 'ERR 22000 NaN not allowed in sparsevec'],
  ["'{1:inf}/3'::sparsevec", 'ERR 22000 infinite value not allowed in sparsevec'],
  ["'{1:1e-50}/3'::sparsevec", 'ERR 22003 "1e-50" is out of range for type sparsevec'],
  ["'{1:1e50}/3'::sparsevec", 'ERR 22003 "1e50" is out of range for type sparsevec'],
  ["'{1:1}/3'::sparsevec(4)", 'ERR 22000 expected 4 dimensions, not 3'],
  ["'{a:1}/3'::sparsevec", 'ERR 22P02 invalid input syntax for type sparsevec: "{a:1}/3"'],
  ["'{1:1,}/3'::sparsevec", 'ERR 22P02 invalid input syntax for type sparsevec: "{1:1,}/3"'],
  ["'{1 1}/3'::sparsevec", 'ERR 22P02 invalid input syntax for type sparsevec: "{1 1}/3"'],
  ["'{1:}/3'::sparsevec", 'ERR 22P02 invalid input syntax for type sparsevec: "{1:}/3"'],
  ["'{1:1e-45}/3'::sparsevec", '{1:1e-45}/3'],
  // ------------------------------------------------------------------- bit I/O
  ["'101'::bit(3)", '101'],
  ["'101'::bit", '1'],
  ["'101'::varbit", '101'],
  ["'101'::varbit(5)", '101'],
  ["'x1F'::bit(8)", '00011111'],
  ["'X1f'::varbit", '00011111'],
  ["'b101'::bit(3)", '101'],
  ["'B101'::varbit", '101'],
  ["''::varbit", ''],
  ["'101'::bit(4)", '1010'],
  ["'10'::bit(3)", '100'],
  ["'101'::varbit(2)", '10'],
  ["'102'::bit(3)", 'ERR 22P02 "2" is not a valid binary digit'],
  ["'1 0'::varbit", 'ERR 22P02 " " is not a valid binary digit'],
  ["'xG'::varbit", 'ERR 22P02 "G" is not a valid hexadecimal digit'],
  ["'x1F'::bit(7)", '0001111'],
  ["'101'::bit(3)::bit(5)", '10100'],
  ["'101'::bit(3)::bit(2)", '10'],
  ["'10111'::varbit::varbit(3)", '101'],
  ["'101'::varbit::bit(5)", '10100'],
  ["'101'::bit(3)::varbit", '101'],
  // ------------------------------------------------------- vector operators
  ["'[1,2,3]'::vector <-> '[4,5,6]'::vector", '5.196152422706632'],
  ["'[1,2,3]'::vector <#> '[4,5,6]'::vector", '-32'],
  ["'[1,2,3]'::vector <=> '[4,5,6]'::vector", '0.025368153802923787'],
  ["'[1,2,3]'::vector <+> '[4,5,6]'::vector", '9'],
  ["'[0,0]'::vector <=> '[1,1]'::vector", 'NaN'],
  ["'[0,0]'::vector <=> '[0,0]'::vector", 'NaN'],
  ["'[1,1]'::vector <=> '[1,1]'::vector", '0'],
  ["'[1,1]'::vector <=> '[-1,-1]'::vector", '2'],
  ["'[1,2,3]'::vector <-> '[4,5]'::vector", 'ERR 22000 different vector dimensions 3 and 2'],
  ["'[1,2,3]'::vector <#> '[4,5]'::vector", 'ERR 22000 different vector dimensions 3 and 2'],
  ["'[0,0]'::vector <#> '[1,1]'::vector", '-0'],
  ["'[-1,1]'::vector <#> '[1,1]'::vector", '-0'],
  ["l2_distance('[1.1,2.2,3.3]'::vector, '[4.4,5.5,6.6]')", '5.715767504801548'],
  ["inner_product('[1.1,2.2,3.3]'::vector, '[4.4,5.5,6.6]')", '38.720001220703125'],
  ["cosine_distance('[1.1,2.2,3.3]'::vector, '[4.4,5.5,6.6]')", '0.02536807399342189'],
  ["l1_distance('[1.1,2.2,3.3]'::vector, '[4.4,5.5,6.6]')", '9.90000057220459'],
  ["l1_distance('[1,2]'::vector, '[1]')", 'ERR 22000 different vector dimensions 2 and 1'],
  ["vector_l2_squared_distance('[1,2]', '[3,5]')", '13'],
  ["vector_negative_inner_product('[1,2]', '[3,5]')", '-13'],
  ["vector_spherical_distance('[1,0]', '[0,1]')", '0.5'],
  ["vector_spherical_distance('[1,0]', '[1,0]')", '0'],
  ["vector_norm('[3,4]')", '5'],
  ["vector_norm('[1.1,2.2,3.3]')", '4.115823119079332'],
  ["vector_dims('[1,2,3]'::vector)", '3'],
  ["vector_dims('[1,2]'::halfvec)", '2'],
  ["l2_normalize('[3,4]'::vector)", '[0.6,0.8]'],
  ["l2_normalize('[0,0]'::vector)", '[0,0]'],
  ["l2_normalize('[1.1,2.2,3.3]'::vector)", '[0.26726124,0.5345225,0.80178374]'],
  ["l2_normalize('[-0,1]'::vector)", '[-0,1]'],
  ["'[1,2]'::vector + '[3,4]'", '[4,6]'],
  ["'[1,2]'::vector - '[3,4]'", '[-2,-2]'],
  ["'[1,2]'::vector * '[3,4]'", '[3,8]'],
  ["'[1,2]'::vector || '[3,4]'::vector", '[1,2,3,4]'],
  ["'[3e38]'::vector + '[3e38]'", 'ERR 22003 value out of range: overflow'],
  ["'[-3e38]'::vector - '[3e38]'", 'ERR 22003 value out of range: overflow'],
  ["'[1e-30]'::vector * '[1e-30]'", 'ERR 22003 value out of range: underflow'],
  ["'[3e38]'::vector * '[10]'", 'ERR 22003 value out of range: overflow'],
  ["'[1,2]'::vector + '[3]'", 'ERR 22000 different vector dimensions 2 and 1'],
  ["'[-0]'::vector * '[1]'", '[-0]'],
  ["'[0]'::vector * '[-1]'", '[-0]'],
  ["vector_cmp('[1,2]', '[1,3]')", '-1'],
  ["vector_cmp('[1,2]', '[1,2,0]')", '-1'],
  ["vector_cmp('[1,2,0]', '[1,3]')", '-1'],
  ["vector_cmp('[-0]', '[0]')", '0'],
  ["vector_cmp('[2]', '[1,5]')", '1'],
  ["vector_lt('[1,2]', '[1,3]')", 'true'],
  ["vector_eq('[1,2]', '[1,2]')", 'true'],
  ["subvector('[1,2,3,4,5]'::vector, 2, 3)", '[2,3,4]'],
  ["subvector('[1,2,3,4,5]'::vector, 0, 3)", '[1,2]'],
  ["subvector('[1,2,3,4,5]'::vector, -1, 3)", '[1]'],
  ["subvector('[1,2,3,4,5]'::vector, 4, 10)", '[4,5]'],
  ["subvector('[1,2,3,4,5]'::vector, 5, 1)", '[5]'],
  ["subvector('[1,2,3,4,5]'::vector, 6, 1)", 'ERR 22000 vector must have at least 1 dimension'],
  ["subvector('[1,2,3,4,5]'::vector, 1, 0)", 'ERR 22000 vector must have at least 1 dimension'],
  ["subvector('[1,2,3,4,5]'::vector, -5, 3)", 'ERR 22000 vector must have at least 1 dimension'],
  ["subvector('[1,2,3,4,5]'::vector, 2147483647, 3)", 'ERR 22000 vector must have at least 1 dimension'],
  ["subvector('[1,2,3,4,5]'::vector, 2, 2147483647)", '[2,3,4,5]'],
  ["binary_quantize('[1,-2,0,3,0.1,-0.1,5,6,7]'::vector)", '100110111'],
  ["binary_quantize('[1,-2]'::halfvec)", '10'],
  ["binary_quantize('[0,0,0,0,0,0,0,0]'::vector)", '00000000'],
  // ------------------------------------------------------ halfvec operators
  ["'[1.1,2.2,3.3]'::halfvec <-> '[4.4,5.5,6.6]'::halfvec", '5.7159934148837275'],
  ["'[1.1,2.2,3.3]'::halfvec <#> '[4.4,5.5,6.6]'::halfvec", '-38.72257995605469'],
  ["'[1.1,2.2,3.3]'::halfvec <=> '[4.4,5.5,6.6]'::halfvec", '0.025363959013046555'],
  ["'[1.1,2.2,3.3]'::halfvec <+> '[4.4,5.5,6.6]'::halfvec", '9.900390625'],
  ["inner_product('[1.1,2.2,3.3]'::halfvec, '[4.4,5.5,6.6]'::halfvec)", '38.72257995605469'],
  ["l2_distance('[1.1,2.2,3.3]'::halfvec, '[4.4,5.5,6.6]')", '5.7159934148837275'],
  ["cosine_distance('[0,0]'::halfvec, '[4.4,5.5]')", 'NaN'],
  ["halfvec_spherical_distance('[0.6,0.8]', '[0.8,0.6]')", '0.09042328562941536'],
  ["halfvec_l2_squared_distance('[1,2]', '[3,5]')", '13'],
  ["l2_norm('[1.1,2.2,3.3]'::halfvec)", '4.115927689876368'],
  ["l2_normalize('[1.1,2.2,3.3]'::halfvec)", '[0.26708984,0.5341797,0.8017578]'],
  ["l2_normalize('[0,0]'::halfvec)", '[0,0]'],
  ["'[1,2]'::halfvec <-> '[1]'::halfvec", 'ERR 22000 different halfvec dimensions 2 and 1'],
  ["'[1.1,2]'::halfvec + '[3.3,4]'::halfvec", '[4.3984375,6]'],
  ["'[1.1,2]'::halfvec - '[3.3,4]'::halfvec", '[-2.2011719,-2]'],
  ["'[1.1,2]'::halfvec * '[3.3,4]'::halfvec", '[3.6289062,8]'],
  ["'[1,2]'::halfvec || '[3]'::halfvec", '[1,2,3]'],
  ["'[60000]'::halfvec + '[60000]'::halfvec", 'ERR 22003 value out of range: overflow'],
  ["'[0.001]'::halfvec * '[0.001]'::halfvec", '[1.013279e-06]'],
  ["'[0.0001]'::halfvec * '[0.0001]'::halfvec", 'ERR 22003 value out of range: underflow'],
  ["subvector('[1,2,3]'::halfvec, 2, 5)", '[2,3]'],
  ["subvector('[1,2,3]'::halfvec, 4, 1)", 'ERR 22000 halfvec must have at least 1 dimension'],
  ["halfvec_cmp('[1,2]', '[1,2,3]')", '-1'],
  // ---------------------------------------------------- sparsevec operators
  ["'{1:1.1,3:2.2}/5'::sparsevec <-> '{2:3.3,3:4.4}/5'::sparsevec", '4.115822958620668'],
  ["'{1:1.1,3:2.2}/5'::sparsevec <#> '{2:3.3,3:4.4}/5'::sparsevec", '-9.680000305175781'],
  ["'{1:1.1,3:2.2}/5'::sparsevec <=> '{2:3.3,3:4.4}/5'::sparsevec", '0.2844582359208312'],
  ["'{1:1.1,3:2.2}/5'::sparsevec <+> '{2:3.3,3:4.4}/5'::sparsevec", '6.600000381469727'],
  ["inner_product('{1:1.1,3:2.2}/5'::sparsevec, '{2:3.3,3:4.4}/5')", '9.680000305175781'],
  ["'{}/5'::sparsevec <=> '{2:3.3,3:4.4}/5'::sparsevec", 'NaN'],
  ["'{}/5'::sparsevec <#> '{2:3.3,3:4.4}/5'::sparsevec", '-0'],
  ["'{1:1}/5'::sparsevec <-> '{1:1}/4'::sparsevec", 'ERR 22000 different sparsevec dimensions 5 and 4'],
  ["sparsevec_l2_squared_distance('{1:1}/2', '{2:1}/2')", '2'],
  ["sparsevec_negative_inner_product('{1:2}/2', '{1:3}/2')", '-6'],
  ["l2_norm('{1:3,2:4}/5'::sparsevec)", '5'],
  ["l2_normalize('{1:3,2:4}/5'::sparsevec)", '{1:0.6,2:0.8}/5'],
  ["l2_normalize('{}/5'::sparsevec)", '{}/5'],
  ["l2_normalize('{1:1e-45,2:1}/5'::sparsevec)", '{1:1e-45,2:1}/5'],
  ["sparsevec_cmp('{1:1}/3', '{1:2}/3')", '-1'],
  ["sparsevec_cmp('{1:1}/3', '{2:1}/3')", '1'],
  ["sparsevec_cmp('{}/3', '{1:-1}/3')", '1'],
  ["sparsevec_cmp('{1:1}/3', '{1:1}/4')", '-1'],
  ["sparsevec_cmp('{1:1}/3', '{1:1}/3')", '0'],
  ["sparsevec_cmp('{}/3', '{3:1}/4')", '-1'],
  ["sparsevec_cmp('{}/3', '{4:-1}/4')", '-1'],
  ["sparsevec_cmp('{1:1,3:-1}/3', '{1:1}/3')", '-1'],
  ["sparsevec_cmp('{1:1}/3', '{1:1,2:1}/3')", '-1'],
  ["sparsevec_cmp('{1:1,2:-1}/3', '{1:1}/3')", '-1'],
  ["sparsevec_cmp('{1:1,3:1}/3', '{1:1}/2')", '1'],
  ["sparsevec_cmp('{1:1}/2', '{1:1,3:1}/3')", '-1'],
  // ---------------------------------------------------------- bit distances
  ["'101'::bit(3) <~> '111'::bit(3)", '1'],
  ["'101'::bit(3) <%> '111'::bit(3)", '0.33333333333333337'],
  ["hamming_distance('1010'::bit(4), '0101'::bit(4))", '4'],
  ["jaccard_distance('0000'::bit(4), '0000'::bit(4))", '1'],
  ["jaccard_distance('1100'::varbit, '1010'::varbit)", '0.6666666666666667'],
  ["jaccard_distance('111111111'::varbit, '011111111'::varbit)", '0.11111111111111116'],
  ["'101'::bit(3) <~> '11'::bit(2)", 'ERR 22000 different bit lengths 3 and 2'],
  ["'101'::varbit <%> '11'::varbit", 'ERR 22000 different bit lengths 3 and 2'],
  // ------------------------------------------------------------------ casts
  ["'[1,2,3]'::vector::real[]", '{1,2,3}'],
  ["'[1,2,3]'::halfvec::real[]", '{1,2,3}'],
  ["'{1,2,3}'::real[]::vector", '[1,2,3]'],
  ["'{1,2,3}'::int[]::vector", '[1,2,3]'],
  ["'{1.5,2,3}'::float8[]::vector", '[1.5,2,3]'],
  ["'{1.5,2,3}'::numeric[]::vector", '[1.5,2,3]'],
  ["'{16777217}'::int[]::vector", '[1.6777216e+07]'],
  ["'{0.1}'::float8[]::vector", '[0.1]'],
  ["'{1,NULL}'::real[]::vector", 'ERR 22004 array must not contain nulls'],
  ["'{{1,2},{3,4}}'::real[]::vector", 'ERR 22000 array must be 1-D'],
  ["'{}'::real[]::vector", 'ERR 22000 vector must have at least 1 dimension'],
  ["'{1,2}'::real[]::vector(3)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["'{1e300}'::float8[]::vector", 'ERR 22000 infinite value not allowed in vector'],
  ["'{NaN}'::float8[]::vector", 'ERR 22000 NaN not allowed in vector'],
  ["'{1e-300}'::float8[]::vector", '[0]'],
  [
    "'{1e300}'::numeric[]::vector",
    `ERR 22003 "1${'0'.repeat(300)}" is out of range for type real`,
  ],
  ["'{NaN}'::numeric[]::vector", 'ERR 22000 NaN not allowed in vector'],
  ["'[1,2]'::vector::halfvec", '[1,2]'],
  ["'[1,2]'::halfvec::vector", '[1,2]'],
  ["'[1,0,2]'::vector::sparsevec", '{1:1,3:2}/3'],
  ["'[1,-0,2]'::vector::sparsevec", '{1:1,3:2}/3'],
  ["'{1:1,3:2}/3'::sparsevec::vector", '[1,0,2]'],
  ["'[1,0,2]'::halfvec::sparsevec", '{1:1,3:2}/3'],
  ["'{1:1,3:2}/3'::sparsevec::halfvec", '[1,0,2]'],
  ["'[1e5]'::vector::halfvec", 'ERR 22003 "100000" is out of range for type halfvec'],
  ["'[0.1]'::vector::halfvec", '[0.099975586]'],
  ["'{1:1e5}/3'::sparsevec::halfvec", 'ERR 22003 "100000" is out of range for type halfvec'],
  ["'{1:1e-9}/3'::sparsevec::halfvec", '[0,0,0]'],
  ["'{1e5}'::real[]::halfvec", 'ERR 22003 "100000" is out of range for type halfvec'],
  ["'{1,2}'::int[]::halfvec", '[1,2]'],
  ["'{1.1}'::numeric[]::halfvec", '[1.0996094]'],
  ["'{1e300}'::float8[]::halfvec", 'ERR 22000 infinite value not allowed in halfvec'],
  ["'{70000}'::int[]::halfvec", 'ERR 22003 "70000" is out of range for type halfvec'],
  ["'[1,2]'::vector::vector(3)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["'[1,2]'::vector::vector(2)", '[1,2]'],
  ["'[1,2]'::vector::halfvec(3)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["'[1,2]'::halfvec::vector(3)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["'{1:1}/2'::sparsevec::vector(3)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["'[1,0]'::vector::sparsevec(3)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["'{1:1}/20000'::sparsevec::vector", 'ERR 54000 vector cannot have more than 16000 dimensions'],
  ["'{1:1}/20000'::sparsevec::halfvec", 'ERR 54000 halfvec cannot have more than 16000 dimensions'],
  ["'{1,0,2}'::int[]::sparsevec", '{1:1,3:2}/3'],
  ["'{1.5,0,-0,2}'::real[]::sparsevec", '{1:1.5,4:2}/4'],
  ["'{1e-50,1}'::float8[]::sparsevec", '{2:1}/2'],
  ["'{0,0}'::numeric[]::sparsevec", '{}/2'],
  ["'{}'::int[]::sparsevec", 'ERR 22000 sparsevec must have at least 1 dimension'],
  ["'{1,NULL}'::int[]::sparsevec", 'ERR 22004 array must not contain nulls'],
  ["'{{1}}'::int[]::sparsevec", 'ERR 22000 array must be 1-D'],
  ["'{NaN}'::real[]::sparsevec", 'ERR 22000 NaN not allowed in sparsevec'],
  ["'{1e300}'::float8[]::sparsevec", 'ERR 22000 infinite value not allowed in sparsevec'],
  ["'{1,2}'::int[]::sparsevec(3)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["array_to_sparsevec('{1,2}'::int[], 2, true)", '{1:1,2:2}/2'],
  ["array_to_vector('{1,2}'::int[], -1, true)", '[1,2]'],
  ["array_to_vector('{1,2}'::int[], 3, true)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["array_to_halfvec('{1,2}'::real[], 2, false)", '[1,2]'],
  ["vector_to_float4('[1,2]', -1, true)", '{1,2}'],
  ["vector('[1,2]'::vector, 3, true)", 'ERR 22000 expected 3 dimensions, not 2'],
  ["halfvec('[1,2]'::halfvec, 2, true)", '[1,2]'],
  ["sparsevec('{1:1}/2'::sparsevec, 3, true)", 'ERR 22000 expected 3 dimensions, not 2'],
  // ------------------------------------------- aggregate support functions
  ["vector_accum('{0}'::float8[], '[1,2]'::vector)", '{1,1,2}'],
  ["vector_accum('{1,1,2}'::float8[], '[1,2]'::vector)", '{2,2,4}'],
  ["vector_accum('{1,1,2}'::float8[], '[1]'::vector)", 'ERR 22000 expected 2 dimensions, not 1'],
  ["vector_avg('{2,2,4}'::float8[])", '[1,2]'],
  ["vector_avg('{0}'::float8[])", 'NULL'],
  ["vector_combine('{1,1,2}', '{2,3,4}')", '{3,4,6}'],
  ["vector_combine('{0}', '{2,3,4}')", '{2,3,4}'],
  ["halfvec_avg('{3,0.3,0.6}'::float8[])", '[0.099975586,0.19995117]'],
  // ------------------------------------------------- PostgreSQL bit strings
  ["length('101'::bit(3))", '3'],
  ["bit_length('101'::bit(3))", '3'],
  ["octet_length('101001010'::varbit)", '2'],
  ["bit_count('1011'::bit(4))", '3'],
  ["'101'::bit(3) || '11'::bit(2)", '10111'],
  ["'101'::bit(3) & '110'::bit(3)", '100'],
  ["'101'::bit(3) | '110'::bit(3)", '111'],
  ["'101'::bit(3) # '110'::bit(3)", '011'],
  ["~'101'::bit(3)", '010'],
  ["get_bit('101'::bit(3), 1)", '0'],
  ["get_bit('101'::bit(3), 3)", 'ERR 2202E bit index 3 out of valid range (0..2)'],
  ["set_bit('101'::bit(3), 1, 1)", '111'],
  ["set_bit('101'::bit(3), 1, 2)", 'ERR 22023 new bit must be 0 or 1'],
  ["'1011'::bit(4) << 1", '0110'],
  ["'1011'::bit(4) >> 1", '0101'],
  ["'1011'::bit(4) << -1", '0101'],
  ["'1011'::bit(4) >> 5", '0000'],
  ["'1011'::bit(4) >> -2", '1100'],
  ["'101'::bit(3) & '11'::bit(2)", 'ERR 22026 cannot AND bit strings of different sizes'],
  ["'101'::bit(3) | '11'::bit(2)", 'ERR 22026 cannot OR bit strings of different sizes'],
  ["'101'::bit(3) # '11'::bit(2)", 'ERR 22026 cannot XOR bit strings of different sizes'],
  ["'1000000000000000000000000000000'::bit(31)::int4", '1073741824'],
  ["'11111111111111111111111111111111'::bit(32)::int4", '-1'],
  ["'101'::bit(3)::int4", '5'],
  ["'100000000000000000000000000000000'::bit(33)::int4", 'ERR 22003 integer out of range'],
  ["'1000000000000000000000000000000000000000000000000000000000000000'::bit(64)::int8", '-9223372036854775808'],
  ["'10000000000000000000000000000000000000000000000000000000000000000'::bit(65)::int8", 'ERR 22003 bigint out of range'],
  ["'101'::bit(3) < '11'::bit(2)", 'true'],
  ["'101'::varbit < '1010'::varbit", 'true'],
  ["'1'::varbit < '01'::varbit", 'false'],
  ["'10'::varbit = '100'::varbit", 'false'],
];

// --------------------------------------------------------------- evaluator

type Typed = { type: PgType; value: Value };
type Operand = Typed | { unknown: string };

const TYPE_ALIASES: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  real: 'float4',
  float8: 'float8',
  'double precision': 'float8',
};

function typeNamed(name: string): PgType {
  const t = findTypeByName(TYPE_ALIASES[name] ?? name);
  if (!t) throw new Error(`no type ${name}`);
  return t;
}

/** Tokens of the expression subset used in CASES. */
function tokenize(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ') {
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (s[j] === "'" && s[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (s[j] === "'") break;
        else text += s[j++];
      }
      out.push("'" + text);
      i = j + 1;
      continue;
    }
    const op = ['<->', '<#>', '<=>', '<+>', '<~>', '<%>', '::', '||', '<<', '>>', '<=', '>=', '<>', '[]'].find((o) => s.startsWith(o, i));
    if (op) {
      out.push(op);
      i += op.length;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z_0-9]*|^\d+/.exec(s.slice(i));
    if (m) {
      out.push(m[0]);
      i += m[0].length;
      continue;
    }
    out.push(c);
    i++;
  }
  return out;
}

/** A function or operator call resolved like PostgreSQL: exact types first, then unknown literals and implicit casts. */
function callDef(defs: readonly FuncDef[], args: Operand[], label: string): Typed {
  const score = (d: FuncDef): number => {
    if (d.args.length !== args.length) return -1;
    let exact = 0;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if ('unknown' in a) continue;
      if (a.type.oid === d.args[i]) exact++;
      else {
        const c = findCast(a.type.oid, d.args[i]!);
        if (!c || c.context !== 'i') return -1;
      }
    }
    return exact;
  };
  const ranked = defs.map((d) => [d, score(d)] as const).filter(([, s]) => s >= 0).sort((x, y) => y[1] - x[1]);
  if (ranked.length === 0) throw new Error(`no candidate for ${label}`);
  const def = ranked[0]![0];
  const values = args.map((a, i) => {
    const target = typeByOid(def.args[i]!);
    if ('unknown' in a) return target.fromText(a.unknown, -1, io);
    if (a.type.oid === target.oid) return a.value;
    const cast = findCast(a.type.oid, target.oid)!;
    return cast.impl ? cast.impl(a.value, ctx) : a.value;
  });
  if (def.strict && values.some((v) => v === null)) return { type: typeByOid(def.ret), value: null };
  return { type: typeByOid(def.ret), value: def.impl(values, ctx) };
}

function castTo(v: Operand, target: PgType, typmod: number): Typed {
  if ('unknown' in v) {
    // An explicit cast of a literal parses without the typmod, then applies it (coerceUnknown).
    const value = target.fromText(v.unknown, -1, io);
    return { type: target, value: typmod >= 0 ? applyTypmod(target, value, typmod, true) : value };
  }
  let value = v.value;
  if (v.type.oid !== target.oid) {
    const cast = findCast(v.type.oid, target.oid);
    if (!cast) throw new Error(`no cast ${v.type.name} -> ${target.name}`);
    if (cast.impl) value = cast.impl(value, ctx);
  }
  return { type: target, value: typmod >= 0 ? applyTypmod(target, value, typmod, true) : value };
}

function evaluate(sql: string): Typed {
  const toks = tokenize(sql);
  let p = 0;
  const peek = () => toks[p];
  const next = () => toks[p++]!;
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t} in ${sql}`);
  };
  const typed = (o: Operand): Typed => ('unknown' in o ? { type: typeNamed('text'), value: o.unknown } : o);

  function primary(): Operand {
    const t = next();
    if (t.startsWith("'")) return { unknown: t.slice(1) };
    if (/^\d+$/.test(t)) return { type: typeNamed('int4'), value: Number(t) };
    if (t === 'true' || t === 'false') return { type: typeNamed('bool'), value: t === 'true' };
    if (t === '(') {
      const v = expr();
      expect(')');
      return v;
    }
    if (t === '-') {
      const n = next();
      return { type: typeNamed('int4'), value: -Number(n) };
    }
    if (t === '~') return callDef(operatorsNamed('~', true), [postfix()], '~');
    // A function call; position(a IN b) is position(b, a).
    expect('(');
    const args: Operand[] = [];
    if (peek() !== ')') {
      for (;;) {
        args.push(expr());
        if (peek() === 'in') {
          next();
          args.unshift(expr());
        }
        if (peek() === ',') next();
        else break;
      }
    }
    expect(')');
    return callDef(functionsNamed(t), args, t);
  }

  function postfix(): Operand {
    let v = primary();
    while (peek() === '::') {
      next();
      const name = next();
      let typmod = -1;
      if (peek() === '(') {
        next();
        typmod = Number(next());
        expect(')');
      } else if (name === 'bit') {
        typmod = 1; // the SQL grammar reads a bare BIT as bit(1)
      }
      let type = typeNamed(name);
      if (peek() === '[]') {
        next();
        type = typeByOid(type.arrayOid);
      }
      if (typmod >= 0 && type.typmodIn) type.typmodIn([typmod]);
      v = castTo(v, type, typmod);
    }
    return v;
  }

  function expr(): Operand {
    let left = postfix();
    while (p < toks.length && peek() !== ')' && peek() !== ',' && peek() !== 'in') {
      const op = next();
      const right = postfix();
      left = callDef(operatorsNamed(op, false), [left, right], op);
    }
    return left;
  }

  const result = expr();
  if (p !== toks.length) throw new Error(`trailing tokens in ${sql}`);
  return typed(result);
}

function show(r: Typed): string {
  if (r.value === null) return 'NULL';
  switch (r.type.oid) {
    case Oid.bool:
      return r.value ? 'true' : 'false';
    case Oid.float8:
      return formatFloat(r.value as number, false, io);
    default:
      return r.type.toText(r.value, io);
  }
}

export function run(sql: string): string {
  try {
    return show(evaluate(sql));
  } catch (e) {
    if (e instanceof PgError) return `ERR ${e.code} ${e.message}`;
    throw e;
  }
}

suite('pgvector SQL, checked against values from pgvector 0.8.1', () => {
  it.each(CASES)('%s', (sql, expected) => {
    expect(run(sql)).toBe(expected);
  });
});

// ----------------------------------------------------------- type catalog

suite('pgvector types', () => {
  it('have fixed OIDs in the reserved 8000–8010 block, with array types', () => {
    expect([VectorOid.vector, VectorOid.halfvec, VectorOid.sparsevec]).toEqual([8000, 8002, 8004]);
    for (const name of ['vector', 'halfvec', 'sparsevec']) {
      const t = findTypeByName(name)!;
      expect(t.category).toBe('U');
      expect(t.len).toBe(-1);
      expect(typeByOid(t.arrayOid).name).toBe('_' + name);
    }
    expect(findTypeByName('bit')!.oid).toBe(1560);
    expect(findTypeByName('varbit')!.oid).toBe(1562);
  });

  it('parse and print their type modifiers like pgvector', () => {
    const vector = typeByOid(VectorOid.vector);
    expect(vector.typmodIn!([3])).toBe(3);
    expect(vector.typmodOut!(3)).toBe('(3)');
    const err = (f: () => unknown) => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return `ERR ${(e as PgError).code} ${(e as PgError).message}`;
      }
    };
    expect(err(() => vector.typmodIn!([2, 3]))).toBe('ERR 22023 invalid type modifier');
    expect(err(() => typeByOid(VectorOid.sparsevec).typmodIn!([0]))).toBe('ERR 22023 dimensions for type sparsevec must be at least 1');
    expect(err(() => typeByOid(VectorOid.halfvec).typmodIn!([16001]))).toBe('ERR 22023 dimensions for type halfvec cannot exceed 16000');
    expect(err(() => findTypeByName('bit')!.typmodIn!([0]))).toBe('ERR 22023 length for type bit must be at least 1');
    expect(err(() => findTypeByName('varbit')!.typmodIn!([83886081]))).toBe('ERR 22023 length for type varbit cannot exceed 83886080');
  });

  it('assignment to vector(n)/bit(n) checks the length; explicit casts of bit pad or truncate', () => {
    const vector = typeByOid(VectorOid.vector);
    const v = vector.fromText('[1,2]', -1, io);
    expect(() => applyTypmod(vector, v, 3, false)).toThrow('expected 3 dimensions, not 2');
    // Input with the column's typmod (INSERT of a literal) checks it too.
    expect(() => vector.fromText('[1,2]', 3, io)).toThrow('expected 3 dimensions, not 2');
    const bit = findTypeByName('bit')!;
    const b = bit.fromText('10', -1, io);
    expect(() => applyTypmod(bit, b, 3, false)).toThrow('bit string length 2 does not match type bit(3)');
    expect(() => bit.fromText('10', 3, io)).toThrow('bit string length 2 does not match type bit(3)');
    expect(bit.toText(applyTypmod(bit, b, 3, true), io)).toBe('100');
    const varbit = findTypeByName('varbit')!;
    expect(() => varbit.fromText('101', 2, io)).toThrow('bit string too long for type bit varying(2)');
    expect(() => applyTypmod(varbit, varbit.fromText('101', -1, io), 2, false)).toThrow('bit string too long for type bit varying(2)');
  });

  it('exposes the distance operators as plain kernels with identical results', () => {
    const vector = typeByOid(VectorOid.vector);
    const a = vector.fromText('[1.1,2.2,3.3,-4.4]', -1, io) as Float32Array;
    const b = vector.fromText('[0.5,-1,2,7]', -1, io) as Float32Array;
    for (const op of ['<->', '<#>', '<=>', '<+>'] as const) {
      const def = operatorsNamed(op, false).find((d) => d.args[0] === VectorOid.vector)!;
      expect(denseDistance[op](a, b)).toBe(def.impl([a, b], ctx));
    }
  });

  it('order as pgvector’s btree operator classes do', () => {
    const sorted = (name: string, xs: string[]) => {
      const t = findTypeByName(name)!;
      return xs
        .map((x) => t.fromText(x, -1, io))
        .sort((a, b) => t.compare!(a, b))
        .map((x) => t.toText(x, io));
    };
    expect(sorted('vector', ['[1,2,3]', '[1,2]', '[0,5]', '[1,3]', '[-1]'])).toEqual(['[-1]', '[0,5]', '[1,2]', '[1,2,3]', '[1,3]']);
    expect(sorted('sparsevec', ['{1:1}/3', '{2:1}/3', '{}/3', '{1:-1}/3', '{1:1}/2'])).toEqual(['{1:-1}/3', '{}/3', '{2:1}/3', '{1:1}/2', '{1:1}/3']);
    expect(sorted('varbit', ['101', '1', '', '011', '1010'])).toEqual(['', '011', '1', '101', '1010']);
  });
});

// ------------------------------------------------------------ binary I/O

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

suite('binary send/receive (vector_send, halfvec_send, sparsevec_send, bit_send)', () => {
  // Bytes from pgvector's *_send functions.
  const SENDS: [string, string, string][] = [
    ['vector', '[1,2.5,-3]', '000300003f80000040200000c0400000'],
    ['halfvec', '[1,2.5,-3]', '000300003c004100c200'],
    ['sparsevec', '{1:1.5,3:2}/5', '00000005000000020000000000000000000000023fc0000040000000'],
    ['bit', '101', '00000003a0'],
    ['varbit', '1010101011', '0000000aaac0'],
    ['varbit', '', '00000000'],
  ];
  it.each(SENDS)('%s %s', (name, text, bytes) => {
    const t = findTypeByName(name)!;
    const v = t.fromText(text, -1, io);
    expect(hex(t.toBinary!(v, io))).toBe(bytes);
    expect(t.toText(t.fromBinary!(Buffer.from(bytes, 'hex'), -1, io), io)).toBe(text);
  });

  const RECV_ERRORS: [string, string, number, string][] = [
    ['vector', '0000000000000000', -1, 'ERR 22000 vector must have at least 1 dimension'],
    ['vector', '8000000000000000', -1, 'ERR 22000 vector must have at least 1 dimension'],
    ['vector', '3e81000000000000', -1, 'ERR 54000 vector cannot have more than 16000 dimensions'],
    ['vector', '000100013f800000', -1, 'ERR 22000 expected unused to be 0, not 1'],
    ['vector', '000200003f800000', -1, 'ERR 08P01 insufficient data left in message'],
    ['vector', '000100003f80000000', -1, 'ERR 22P03 incorrect binary data format in bind parameter'],
    ['vector', '000100007fc00000', -1, 'ERR 22000 NaN not allowed in vector'],
    ['vector', '000100007f800000', -1, 'ERR 22000 infinite value not allowed in vector'],
    ['vector', '000100003f800000', 2, 'ERR 22000 expected 2 dimensions, not 1'],
    ['halfvec', '000100007c00', -1, 'ERR 22000 infinite value not allowed in halfvec'],
    ['halfvec', '000100007e00', -1, 'ERR 22000 NaN not allowed in halfvec'],
    ['sparsevec', '000000030000000100000000000000033f800000', -1, 'ERR 22000 sparsevec index out of bounds'],
    ['sparsevec', '000000030000000200000000000000010000000100000000', -1, 'ERR 22000 sparsevec indices must not contain duplicates'],
    ['sparsevec', '00000003000000020000000000000001000000003f8000003f800000', -1, 'ERR 22000 sparsevec indices must be in ascending order'],
    ['sparsevec', '0000000300000001000000000000000000003f', -1, 'ERR 08P01 insufficient data left in message'],
    ['sparsevec', '00000003000000010000000000000000' + '00000000', -1, 'ERR 22000 binary representation of sparsevec cannot contain zero values'],
    ['sparsevec', '000000030000000400000000', -1, 'ERR 54000 sparsevec cannot have more elements than dimensions'],
    ['sparsevec', '00000003ffffffff00000000', -1, 'ERR 22000 sparsevec cannot have negative number of elements'],
    ['sparsevec', '000000030000000000000007', -1, 'ERR 22000 expected unused to be 0, not 7'],
    ['bit', '00000003a0', 4, 'ERR 22026 bit string length 3 does not match type bit(4)'],
    ['varbit', '00000003a0', 2, 'ERR 22001 bit string too long for type bit varying(2)'],
    ['bit', 'ffffffff', -1, 'ERR 22P03 invalid length in external bit string'],
  ];
  it.each(RECV_ERRORS)('%s receive %s (typmod %d)', (name, bytes, typmod, expected) => {
    const t = findTypeByName(name)!;
    let got: string;
    try {
      got = t.toText(t.fromBinary!(Buffer.from(bytes, 'hex'), typmod, io), io);
    } catch (e) {
      got = `ERR ${(e as PgError).code} ${(e as PgError).message}`;
    }
    expect(got).toBe(expected);
  });

  it('bit receive clears the padding bits', () => {
    const t = findTypeByName('bit')!;
    const v = t.fromBinary!(Buffer.from('00000003ff', 'hex'), -1, io);
    expect(hex(t.toBinary!(v, io))).toBe('00000003e0');
    expect(t.toText(v, io)).toBe('111');
  });

  it('halfvec stores 2 bytes per element and round-trips exactly', () => {
    const t = typeByOid(VectorOid.halfvec);
    const v = t.fromText('[0.1,-65504,6e-8,1e-5]', -1, io);
    const b = t.toBinary!(v, io);
    expect(b.length).toBe(4 + 2 * 4);
    expect(t.toText(t.fromBinary!(b, -1, io), io)).toBe(t.toText(v, io));
  });
});

// ------------------------------------------------------------ aggregates

function aggregate(name: string, typeName: string, rows: (string | null)[]): string {
  const t = findTypeByName(typeName)!;
  const def = vectorAggregates.find((d) => d.name === name && d.args[0] === t.oid)!;
  try {
    let st = def.init([t]);
    for (const r of rows) {
      if (r === null) continue; // strict: the executor skips NULL rows
      st = def.step(st, [t.fromText(r, -1, io)]);
    }
    const v = def.final(st);
    return v === null ? 'NULL' : t.toText(v, io);
  } catch (e) {
    return `ERR ${(e as PgError).code} ${(e as PgError).message}`;
  }
}

suite('avg and sum over vector and halfvec', () => {
  // From `select avg(v), sum(v) from (values …) t(v)` in pgvector.
  const AGGS: [string, string, (string | null)[], string][] = [
    ['avg', 'vector', ['[1,2]', '[3,5]', '[0.1,0.2]'], '[1.3666667,2.4]'],
    ['sum', 'vector', ['[1,2]', '[3,5]', '[0.1,0.2]'], '[4.1,7.2]'],
    ['avg', 'halfvec', ['[1,2]', '[3,5]', '[0.1,0.2]'], '[1.3662109,2.4003906]'],
    ['sum', 'halfvec', ['[1,2]', '[3,5]', '[0.1,0.2]'], '[4.1015625,7.1992188]'],
    ['avg', 'vector', ['[1,2]', '[3]'], 'ERR 22000 expected 2 dimensions, not 1'],
    ['sum', 'vector', ['[1,2]', '[3]'], 'ERR 22000 different vector dimensions 2 and 1'],
    ['avg', 'vector', [null], 'NULL'],
    ['sum', 'vector', [null], 'NULL'],
    ['avg', 'vector', [], 'NULL'],
    ['avg', 'vector', ['[3e38]', '[3e38]'], '[3e+38]'],
    ['avg', 'halfvec', ['[60000]', '[60000]'], '[60000]'],
    ['sum', 'halfvec', ['[60000]', '[60000]'], 'ERR 22003 value out of range: overflow'],
    ['sum', 'vector', ['[3e38]', '[3e38]'], 'ERR 22003 value out of range: overflow'],
    ['avg', 'vector', ['[0.1]', '[0.2]', '[0.3]'], '[0.2]'],
    ['avg', 'halfvec', ['[0.1]', '[0.2]', '[0.3]'], '[0.19995117]'],
  ];
  it.each(AGGS)('%s(%s) over %j', (name, type, rows, expected) => {
    expect(aggregate(name, type, rows)).toBe(expected);
  });

  it('sum does not alias its input or a returned result', () => {
    const t = typeByOid(VectorOid.vector);
    const def = vectorAggregates.find((d) => d.name === 'sum' && d.args[0] === VectorOid.vector)!;
    const first = t.fromText('[1,2]', -1, io) as Float32Array;
    let st = def.step(def.init([t]), [first]);
    const r1 = def.final(st) as Float32Array;
    st = def.step(st, [t.fromText('[1,1]', -1, io)]);
    expect(Array.from(first)).toEqual([1, 2]);
    expect(Array.from(r1)).toEqual([1, 2]);
    expect(Array.from(def.final(st) as Float32Array)).toEqual([2, 3]);
  });

  it('are declared with pgvector’s result types', () => {
    expect(vectorAggregates.map((d) => `${d.name}(${typeByOid(d.args[0]!).name}) -> ${typeByOid(d.ret as number).name}`)).toEqual([
      'avg(vector) -> vector',
      'sum(vector) -> vector',
      'avg(halfvec) -> halfvec',
      'sum(halfvec) -> halfvec',
    ]);
  });
});

// ------------------------------------------------------- float4 helpers

suite('float4 text conversion', () => {
  it('strtof reads the longest valid prefix, like C', () => {
    const r = (s: string) => {
      const x = strtof(s, 0);
      return [x.value, x.end, x.erange];
    };
    expect(r('1.5,')).toEqual([1.5, 3, false]);
    expect(r('  -2e3]')).toEqual([-2000, 6, false]);
    expect(r('1e]')).toEqual([1, 1, false]);
    expect(r('0x1p4')).toEqual([16, 5, false]);
    expect(r('0x')).toEqual([0, 1, false]);
    expect(r('Infinity')).toEqual([Infinity, 8, false]);
    expect(r('nan(123)x')).toEqual([NaN, 8, false]);
    expect(r('1e39')).toEqual([Infinity, 4, true]);
    expect(r('1e-50')).toEqual([0, 5, true]);
    expect(r('0e-50')).toEqual([0, 5, false]);
    expect(r('abc')).toEqual([0, 0, false]);
  });

  it('rounds decimal literals to float4 once, not through double', () => {
    // 1 + 2^-24 + 2^-60 lies just above the midpoint between 1 and the next float4;
    // Number() rounds it to the midpoint itself, and Math.fround would then round down to 1.
    const lit = '1.000000059604644776373688552272510787698';
    expect(Math.fround(Number(lit))).toBe(1);
    expect(decimalToFloat32(lit, lit.length)).toBe(1.0000001192092896);
    // Exactly the midpoint rounds to even.
    expect(decimalToFloat32('1.000000059604644775390625', 26)).toBe(1);
    // Just above FLT_MAX + ulp/2 overflows; just below does not.
    expect(decimalToFloat32('340282356779733661637539395458142568448', 39)).toBe(Infinity);
    expect(decimalToFloat32('340282356779733661637539395458142568447', 39)).toBe(3.4028234663852886e38);
  });

  it('prints the shortest text, in fixed notation for exponents in [-4, 6)', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '-0'],
      [1, '1'],
      [-2.5, '-2.5'],
      [Math.fround(0.1), '0.1'],
      [999999, '999999'],
      [1e6, '1e+06'],
      [Math.fround(1e-4), '0.0001'],
      [Math.fround(1e-5), '1e-05'],
      [Math.fround(3.4028234663852886e38), '3.4028235e+38'],
      [1.401298464324817e-45, '1e-45'],
      [Math.fround(123456.7), '123456.7'],
    ];
    for (const [v, s] of cases) expect(formatFloat4(v)).toBe(s);
  });
});
