#!/usr/bin/env node
// Builds the vector index addon (src/vector/native) with node-gyp:
//   npm run build:native            build if any source is newer than the .node file
//   npm run build:native -- --force rebuild from scratch
// Output: src/vector/native/build/Release/vecsql_ann.node (node-gyp's build
// tree, git-ignored by the `build/` rule), where src/vector/ann-index.ts
// loads it from and the Dockerfile copies it from.
//
// It runs node-gyp directly (not through an npm install hook: later npm
// versions may not run install scripts, see research/engine.md §2) and needs
// g++, make, python3 and Node's headers: the nodedir npm passes, else the
// headers installed beside this node binary (/usr/include/node for
// /usr/bin/node, /usr/local/include/node in the node Docker images); only
// when neither exists does node-gyp download them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const nativeDir = join(here, 'native');
const output = join(nativeDir, 'build', 'Release', 'vecsql_ann.node');
const force = process.argv.includes('--force');

function newestSource() {
  const files = readdirSync(nativeDir)
    .filter((f) => /\.(cpp|hpp|h|gyp|gypi|cjs)$/.test(f))
    .map((f) => join(nativeDir, f));
  // A usearch upgrade changes the headers we compile against.
  files.push(fileURLToPath(import.meta.url), join(root, 'node_modules', 'usearch', 'package.json'));
  return Math.max(...files.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs));
}

function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    candidates.push(createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not a project dependency: fall back to the copy bundled with npm
  }
  const prefix = resolve(dirname(process.execPath), '..');
  candidates.push(join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push('/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    console.error('build-native: node-gyp not found (looked in: ' + candidates.join(', ') + ')');
    process.exit(1);
  }
  return found;
}

function nodeDirArgs() {
  if (process.env.npm_config_nodedir) return [`--nodedir=${process.env.npm_config_nodedir}`];
  const prefix = resolve(dirname(process.execPath), '..');
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) return [`--nodedir=${prefix}`];
  return []; // node-gyp will download headers
}

if (!force && existsSync(output) && statSync(output).mtimeMs > newestSource()) {
  console.log(`build-native: ${output} is up to date`);
  process.exit(0);
}

const started = process.hrtime.bigint();
const nodeGyp = findNodeGyp();
const args = [nodeGyp, force ? 'rebuild' : 'configure', ...(force ? [] : ['build']), ...nodeDirArgs(), '--jobs=max', '--loglevel=warn'];
// `node-gyp configure build` runs both commands in order.
console.log(`build-native: node ${args.map((a) => (a === nodeGyp ? 'node-gyp' : a)).join(' ')} (in ${nativeDir})`);
const result = spawnSync(process.execPath, args, { cwd: nativeDir, stdio: 'inherit' });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (result.status !== 0 || !existsSync(output)) {
  console.error(`build-native: failed after ${seconds.toFixed(1)} s`);
  process.exit(result.status || 1);
}
// Mark it as built from the current sources (make may not have touched it).
const now = new Date();
utimesSync(output, now, now);
console.log(`build-native: built ${output} in ${seconds.toFixed(1)} s`);
