// `npm run build` (and `prepare`, so `npm install` runs it): the CLI as JavaScript in dist/cli,
// one chunk per lazily imported command path, packages left in node_modules. bin/rounds.js
// runs it when it is newer than every source file, and the TypeScript through tsx otherwise.
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = 'dist/cli';
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { cli: 'bin/cli.ts', 'warm-keeper': 'bin/local/warm-keeper.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  metafile: process.argv.includes('--metafile'),
  logLevel: 'warning',
});
// Read beside the module that uses it (bin/local/dynamo.ts), so beside the chunks too.
copyFileSync('bin/local/LoopbackDynamoDB.java', `${outdir}/LoopbackDynamoDB.java`);
if (result.metafile) writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
// Written last: its time is the build's, which bin/rounds.js compares with the sources'.
writeFileSync(`${outdir}/built`, `${new Date().toISOString()}\n`);
