#!/usr/bin/env node
// The `rounds` command. Runs the CLI built by `npm install` (dist/cli, bin/build/cli.mjs) when
// it is newer than every source file; otherwise the TypeScript itself through tsx, so an edit
// is never run stale and a checkout works before any build.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Rounds runs on Node 20 locally; its Lambdas run on Node 22, where the SDK is supported.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `rounds contacts | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['bin', 'shared', 'templates', 'package.json'];

function newestSource(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestSource(join(path, entry)));
  return newest;
}

function builtIsFresh() {
  try {
    const built = statSync(join(root, 'dist/cli/built')).mtimeMs;
    return SOURCES.every((source) => newestSource(join(root, source)) <= built);
  } catch {
    return false;
  }
}

let main;
if (process.env.ROUNDS_CLI_SOURCE !== '1' && builtIsFresh()) {
  ({ main } = await import('../dist/cli/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
