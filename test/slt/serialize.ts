/** Writes a parsed .slt file back out: the inverse of parser.ts. */
import type { ErrorExpectation, SltFile, SltRecord } from './parser.js';

export function serializeSlt(file: SltFile): string {
  const out: string[] = [];
  for (const item of file.items) {
    if (item.type === 'text') out.push(...item.lines);
    else out.push(...serializeRecord(item));
  }
  return out.map((l) => `${l}\n`).join('');
}

export function serializeRecord(record: SltRecord): string[] {
  const lines = [...record.prefix, recordHeader(record)];
  if (record.type === 'halt') return lines;
  lines.push(...record.sql);
  if (record.type === 'query' && !record.error) lines.push('----', ...record.expected);
  return lines;
}

export function recordHeader(record: SltRecord): string {
  switch (record.type) {
    case 'halt':
      return 'halt';
    case 'statement': {
      const e = record.expect;
      if (e.kind === 'ok') return e.tag ? `statement ok ${e.tag}` : 'statement ok';
      if (e.kind === 'count') return `statement count ${e.count}`;
      return `statement error${errorSuffix(e.error)}`;
    }
    case 'query': {
      if (record.error) return `query error${errorSuffix(record.error)}`;
      const words = ['query'];
      if (record.letters) words.push(record.letters);
      if (record.sort !== 'nosort') words.push(record.sort);
      if (record.colnames) words.push('colnames');
      return words.join(' ');
    }
  }
}

function errorSuffix(e: ErrorExpectation): string {
  return [e.sqlstate, e.message].filter((w) => w).map((w) => ` ${w}`).join('');
}
