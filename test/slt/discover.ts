import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The .slt files named, or found under the directories named, in a stable order. */
export function sltFiles(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (!statSync(p).isDirectory()) return [p];
    return (readdirSync(p, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.slt'))
      .map((f) => join(p, f))
      .sort();
  });
}
