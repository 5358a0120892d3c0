// Function URL → Hono: the dashboard and signed links.
import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '#shared/adapters/lambda';
import { createApp } from '#shared/http/app';

// Top-level await: the secret is read once per cold start, before the first request.
export const handler = handle(createApp(await lambdaDeps()));
