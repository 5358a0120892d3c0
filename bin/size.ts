// `npm run size`: each Lambda bundled exactly as CDK bundles it, and its size against its
// budget (infra/bundling.ts). Fails when a bundle passes its budget.
import { build } from 'esbuild';
import { BUNDLE_BUDGET_KIB, esbuildOptions, FUNCTIONS, type FunctionName } from '#infra/bundling';

let over = false;
for (const [name, entry] of Object.entries(FUNCTIONS) as [FunctionName, string][]) {
  const result = await build({ ...esbuildOptions(entry), sourcemap: false, write: false, logLevel: 'error' });
  const bytes = (result.outputFiles ?? []).reduce((sum, f) => sum + f.contents.byteLength, 0);
  const budget = BUNDLE_BUDGET_KIB[name];
  const past = bytes > budget * 1024;
  over ||= past;
  const kib = (bytes / 1024).toFixed(0).padStart(5);
  process.stdout.write(`${name.padEnd(10)} ${kib} KiB  (budget ${budget})${past ? '  OVER BUDGET' : ''}\n`);
}
process.exitCode = over ? 1 : 0;
