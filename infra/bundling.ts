// How every Lambda is bundled: esbuild from the project's own node_modules (never Docker),
// minified ESM for Node 22 with source maps, the AWS SDK inside. `npm run size` and the bench
// bundle with the same options.
import { resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

export const FUNCTIONS = {
  inbound: resolve('functions/inbound.ts'),
  dispatch: resolve('functions/dispatch.ts'),
  api: resolve('functions/api.ts'),
  feedback: resolve('functions/feedback.ts'),
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

/**
 * Minified size each bundle must stay within, SDK inside: `npm run size` fails past it. Import
 * time grows with the code a cold start loads; inbound alone carries the MIME, calendar and
 * date parsers (chrono in the seven languages quoted replies are read in), and users never wait
 * on it. Raised from 600 for the season's program-mail reader: an invitation's reminder leaves
 * within seconds of capture, cold start included.
 */
export const BUNDLE_BUDGET_KIB: Record<FunctionName, number> = {
  inbound: 640,
  dispatch: 450,
  api: 450,
  feedback: 450,
};

/** ESM bundles still meet CommonJS dependencies that call require(). */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/**
 * Nothing is left to the runtime's copy of the SDK: the versions in package-lock.json are the
 * ones that run, and a bundled, tree-shaken SDK imports faster than the runtime's whole packages.
 */
export const EXTERNAL_MODULES: string[] = [];

/** Packages swapped for a smaller module that does what Lambda needs of them. */
export const ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': resolve('infra/lambda-credentials.ts'),
};

export const TARGET = 'node22';

/** The esbuild options CDK's NodejsFunction is given, as esbuild's own API takes them. */
export const esbuildOptions = (entry: string): BuildOptions => ({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: TARGET,
  minify: true,
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  external: EXTERNAL_MODULES,
  alias: ALIASES,
});
