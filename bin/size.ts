// `npm run size`: each Lambda bundled exactly as CDK bundles it, and its size. Fails when a
// bundle passes 1 MB minified (cold starts grow with the code that has to load).
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER, EXTERNAL_MODULES, FUNCTIONS, TARGET } from '#infra/bundling';

const LIMIT = 1024 * 1024;
let over = false;
for (const [name, entry] of Object.entries(FUNCTIONS)) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: TARGET,
    minify: true,
    sourcemap: false,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    external: EXTERNAL_MODULES,
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const bytes = result.outputFiles.reduce((sum, f) => sum + f.contents.byteLength, 0);
  over ||= bytes > LIMIT;
  const kib = (bytes / 1024).toFixed(0).padStart(5);
  process.stdout.write(`${name.padEnd(10)} ${kib} KiB${bytes > LIMIT ? '  over 1 MB' : ''}\n`);
}
process.exitCode = over ? 1 : 0;
