// Prints directories for binding.gyp, found the way Node resolves packages
// (nearest node_modules upwards), so hoisting changes do not break the build.
//   node paths.cjs usearch  -> the pinned usearch package (its include/ has the headers)
//   node paths.cjs napi     -> node-addon-api: the copy usearch depends on, else the hoisted one
// (require.resolve('usearch/package.json') is refused by usearch's "exports".)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function findPackage(name, from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`paths.cjs: package ${name} not found above ${from}`);
  }
}

const usearch = findPackage('usearch', __dirname);
const what = process.argv[2];
if (what === 'usearch') console.log(usearch);
else if (what === 'napi') console.log(findPackage('node-addon-api', usearch));
else {
  console.error(`paths.cjs: unknown request ${what}`);
  process.exit(1);
}
