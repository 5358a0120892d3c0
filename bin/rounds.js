#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so a checkout needs no build step.
import { register } from 'tsx/esm/api';

// Rounds runs on Node 20 locally; its Lambdas run on Node 22, where the SDK is supported.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `rounds contacts | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
