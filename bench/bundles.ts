// Each Lambda bundle's size and import time (what a cold start pays before the handler runs),
// as shipped (SDK inside, environment credentials) and as it was shipped before (SDK left to
// the runtime's copy), each imported in fresh Node processes; the median of five.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_BUDGET_KIB, esbuildOptions, FUNCTIONS, type FunctionName } from '#infra/bundling';

export type BundleFigures = {
  kib: number;
  budgetKib: number;
  importMs: number;
  sdkExternalKib: number;
  sdkExternalImportMs: number;
};

/** Under node_modules, so a bundle that leaves the SDK out still finds it. */
const OUT = resolve('node_modules/.cache/rounds-bench');

const COLD_START_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  ROUNDS_TABLE: 'bench',
  ROUNDS_CAPTURE_DOMAIN: 'in.rounds.test',
  ROUNDS_FROM_ADDRESS: 'rounds@in.rounds.test',
  ROUNDS_SIGNING_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
  ROUNDS_LOG_LEVEL: 'SILENT',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

async function writeBundle(
  name: FunctionName,
  variant: 'shipped' | 'sdk-external',
): Promise<[string, number]> {
  const options = esbuildOptions(FUNCTIONS[name]);
  const result = await build({
    ...options,
    ...(variant === 'sdk-external' ? { external: ['@aws-sdk/*'], alias: {} } : {}),
    write: false,
    logLevel: 'error',
  });
  const dir = join(OUT, variant, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  const code = result.outputFiles![0]!.contents;
  writeFileSync(file, code);
  return [file, code.byteLength / 1024];
}

function importMs(file: string, runs = 5): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const times = Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: COLD_START_ENV })),
  ).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

export async function benchBundles(): Promise<Record<FunctionName, BundleFigures>> {
  const figures = {} as Record<FunctionName, BundleFigures>;
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    const [shipped, kib] = await writeBundle(name, 'shipped');
    const [external, sdkExternalKib] = await writeBundle(name, 'sdk-external');
    figures[name] = {
      kib,
      budgetKib: BUNDLE_BUDGET_KIB[name],
      importMs: importMs(shipped),
      sdkExternalKib,
      sdkExternalImportMs: importMs(external),
    };
  }
  return figures;
}
