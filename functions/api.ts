// Function URL → Hono: the dashboard and signed links.
import { handle } from 'hono/aws-lambda';
import { lambdaDeps } from '#shared/aws';
import { createApp } from '#shared/http';

export const handler = handle(createApp(lambdaDeps()));
