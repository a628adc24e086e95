/**
 * Operations on the `json` type, whose value is the verbatim input text.
 * Like PostgreSQL's jsonfuncs.c, each operation re-parses the text (with
 * de-escaping, so "\u0000" anywhere in the document fails here even though
 * json_in accepted it) and answers with slices of the original text: `->`
 * keeps the input's whitespace and duplicate keys stay visible.
 */
import { PgError, SqlState } from '../errors.js';
import { escapeJsonString } from './jsonb.js';
import { parseJsonWith, Tok, type Builder, type ScalarTok } from './parser.js';

/** A parsed json node with its source span [start, end). */
export type JsonNode =
  | { readonly kind: 'object'; readonly start: number; readonly end: number; readonly keys: string[]; readonly values: JsonNode[] }
  | { readonly kind: 'array'; readonly start: number; readonly end: number; readonly items: JsonNode[] }
  | { readonly kind: 'scalar'; readonly tok: ScalarTok; readonly start: number; readonly end: number; readonly str: string };

const spanBuilder: Builder<JsonNode> = {
  scalar: (tok, str, start, end) => ({ kind: 'scalar', tok, start, end, str }),
  array: (items, start, end) => ({ kind: 'array', start, end, items }),
  object: (keys, values, start, end) => ({ kind: 'object', start, end, keys, values }),
};

/**
 * The last document parsed: a query applying several operators to the same
 * json value (or one value per row through `->` chains) parses it once.
 */
let cachedText: string | null = null;
let cachedTree: JsonNode | null = null;

export function parseJsonTree(text: string): JsonNode {
  if (text === cachedText && cachedTree) return cachedTree;
  const tree = parseJsonWith(text, spanBuilder);
  cachedText = text;
  cachedTree = tree;
  return tree;
}

const INT_MIN = -2147483648;

/**
 * strtoint(s, &end, 10) accepting the whole string: C whitespace, a sign,
 * decimal digits, nothing after, within int32. null when not an integer.
 */
export function parsePathIndex(s: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  if (n < INT_MIN || n > 2147483647) return null;
  return n;
}

/**
 * get_worker over a path: object levels match keys (tpath), array levels
 * match indexes (ipath; negative counts from the end). This replays
 * PostgreSQL's event-driven walk, quirks included: duplicate keys are all
 * searched and the last match in document order wins, and a negative index
 * is resolved against the first array met at its depth (on the path or not),
 * so '[[1,2],[3]]' #> '{-1,-1}' is NULL.
 */
function findPath(root: JsonNode, tpath: readonly (string | null)[] | null, ipathIn: readonly number[] | null): JsonNode | undefined {
  const npath = (tpath ?? ipathIn)!.length;
  const ipath = ipathIn ? ipathIn.slice() : null;
  let result: JsonNode | undefined;
  const walk = (node: JsonNode, depth: number, onPath: boolean): void => {
    if (node.kind === 'array') {
      // get_array_start: rewrites a negative subscript in place, once it fits an array at this depth.
      if (ipath && depth < npath) {
        const idx = ipath[depth]!;
        if (idx < 0 && idx !== INT_MIN && -idx <= node.items.length) ipath[depth] = idx + node.items.length;
      }
      if (depth >= npath) return;
      const want = onPath && ipath ? ipath[depth]! : -1;
      for (let i = 0; i < node.items.length; i++) {
        const match = i === want;
        if (match && depth + 1 === npath) result = node.items[i];
        else walk(node.items[i]!, depth + 1, match);
      }
    } else if (node.kind === 'object') {
      if (depth >= npath) return;
      const name = onPath && tpath ? tpath[depth] : null;
      for (let i = 0; i < node.keys.length; i++) {
        const match = name !== null && name !== undefined && node.keys[i] === name;
        if (match && depth + 1 === npath) result = node.values[i];
        else walk(node.values[i]!, depth + 1, match);
      }
    }
  };
  walk(root, 0, true);
  return result;
}

/** A found node as json text (its exact source span). */
function nodeJson(text: string, n: JsonNode): string {
  return text.slice(n.start, n.end);
}

/** A found node as text (->>): strings de-escaped, null is SQL NULL. */
function nodeText(text: string, n: JsonNode): string | null {
  if (n.kind === 'scalar') {
    if (n.tok === Tok.String) return n.str;
    if (n.tok === Tok.Null) return null;
  }
  return text.slice(n.start, n.end);
}

/** json -> text / json ->> text (json_object_field[_text]). */
export function jsonObjectField(text: string, key: string, asText: boolean): string | null {
  const root = parseJsonTree(text);
  const n = findPath(root, [key], null);
  if (!n) return null;
  return asText ? nodeText(text, n) : nodeJson(text, n);
}

/** json -> int / json ->> int (json_array_element[_text]). */
export function jsonArrayElement(text: string, index: number, asText: boolean): string | null {
  const root = parseJsonTree(text);
  const n = findPath(root, null, [index]);
  if (!n) return null;
  return asText ? nodeText(text, n) : nodeJson(text, n);
}

/** json #> text[] / #>> text[] and json_extract_path[_text] (get_path_all). */
export function jsonExtractPath(text: string, path: readonly (string | null)[], asText: boolean): string | null {
  if (path.some((p) => p === null)) return null;
  const root = parseJsonTree(text);
  if (path.length === 0) {
    // Whole document. For a scalar PostgreSQL returns from the start of the input (leading whitespace included) to the token's end.
    if (root.kind === 'scalar') {
      if (asText && root.tok === Tok.String) return root.str;
      if (asText && root.tok === Tok.Null) return null;
      return text.slice(0, root.end);
    }
    return text.slice(root.start, root.end);
  }
  const ipath = path.map((p) => (p === '' ? INT_MIN : (parsePathIndex(p!) ?? INT_MIN)));
  const n = findPath(root, path, ipath);
  if (!n) return null;
  return asText ? nodeText(text, n) : nodeJson(text, n);
}

/** json_typeof: only the first token is looked at (the value was validated on input). */
export function jsonTypeof(text: string): string {
  const m = /^[ \t\n\r]*(.)/s.exec(text);
  const c = m ? m[1] : '';
  switch (c) {
    case '{':
      return 'object';
    case '[':
      return 'array';
    case '"':
      return 'string';
    case 't':
    case 'f':
      return 'boolean';
    case 'n':
      return 'null';
    default:
      return 'number';
  }
}

/** json_array_length (parsed without de-escaping, as PostgreSQL does). */
export function jsonArrayLength(text: string): number {
  const root = text === cachedText && cachedTree ? cachedTree : parseJsonWith(text, spanBuilder, false);
  if (root.kind === 'array') return root.items.length;
  throw new PgError(SqlState.InvalidParameterValue, root.kind === 'object' ? 'cannot get array length of a non-array' : 'cannot get array length of a scalar');
}

/**
 * json_strip_nulls: the document re-serialized compactly (no whitespace),
 * strings re-escaped, object fields whose value is null removed at every
 * depth; nulls in arrays stay.
 */
export function jsonStripNulls(text: string): string {
  const root = parseJsonTree(text);
  const out = (n: JsonNode): string => {
    switch (n.kind) {
      case 'object': {
        const parts: string[] = [];
        for (let i = 0; i < n.keys.length; i++) {
          const v = n.values[i]!;
          if (v.kind === 'scalar' && v.tok === Tok.Null) continue;
          parts.push(escapeJsonString(n.keys[i]!) + ':' + out(v));
        }
        return '{' + parts.join(',') + '}';
      }
      case 'array':
        return '[' + n.items.map(out).join(',') + ']';
      default:
        return n.tok === Tok.String ? escapeJsonString(n.str) : text.slice(n.start, n.end);
    }
  };
  return out(root);
}
