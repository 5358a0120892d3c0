// How every Lambda is bundled: esbuild from the project's own node_modules (never Docker),
// minified ESM for Node 22 with source maps. `npm run size` bundles with the same options.
import { resolve } from 'node:path';

export const FUNCTIONS = {
  inbound: resolve('functions/inbound.ts'),
  dispatch: resolve('functions/dispatch.ts'),
  api: resolve('functions/api.ts'),
  feedback: resolve('functions/feedback.ts'),
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

/** ESM bundles still meet CommonJS dependencies that call require(). */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/** The AWS SDK v3 ships in the Node 22 runtime; bundling it would triple every cold start. */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

export const TARGET = 'node22';
