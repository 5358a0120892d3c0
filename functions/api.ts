// Function URL → Hono: the dashboard and signed links.
import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '#shared/aws';
import { createApp } from '#shared/http';

// Top-level await: the secret is read once per cold start, before the first request.
export const handler = handle(createApp(await lambdaDeps()));
