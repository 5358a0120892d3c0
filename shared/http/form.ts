// Reading a submitted form: its text fields (a file field reads as absent; Hono parses the body
// once), and the id each rendered form carries so a double submit acts once.
import type { Context } from 'hono';
import { newSecret } from '../domain/ids.ts';

export async function formOf(c: Context) {
  const body = await c.req.parseBody();
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  // A bare POST (no rendered form) gets a fresh id.
  return { text, requestId: () => text('requestId') || newSecret() };
}
