// The one logger: structured fields, never concatenated strings; errors keep their stack.
import { appendFileSync } from 'node:fs';

type Fields = Record<string, unknown>;
export type Log = {
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
};

/** An error as a log record keeps it: its name, message and stack (JSON.stringify would give {}). */
export const errorFields = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { message: String(error) };

const serialisable = (fields: Fields | undefined): Fields | undefined =>
  fields &&
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? errorFields(v) : v]));

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
type Level = (typeof LEVELS)[number];

/** ROUNDS_LOG_LEVEL, or the level Lambda's logging controls set; INFO otherwise. */
function threshold(env: NodeJS.ProcessEnv): number {
  const named = (env.ROUNDS_LOG_LEVEL ?? env.AWS_LAMBDA_LOG_LEVEL ?? 'INFO').toUpperCase();
  const at = LEVELS.indexOf(named as Level);
  return at < 0 ? 1 : at;
}

/**
 * One JSON line per record. In Lambda it goes to stdout, which is CloudWatch, with the fields
 * Powertools' logger wrote (level, message, service, timestamp, xray_trace_id): Rounds used
 * none of its other features, and it was 20 KiB of every bundle. Locally the CLI's stdout is
 * the contract's JSON, so the same records go to a file (ROUNDS_LOG_FILE).
 */
function jsonLog(env: NodeJS.ProcessEnv): Log {
  const file = env.ROUNDS_LOG_FILE;
  const least = threshold(env);
  const write = (level: Level, message: string, fields?: Fields) => {
    if (LEVELS.indexOf(level) < least) return;
    const trace = env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1];
    const line = `${JSON.stringify({
      level,
      message,
      service: 'rounds',
      timestamp: new Date().toISOString(),
      ...(trace ? { xray_trace_id: trace } : {}),
      ...serialisable(fields),
    })}\n`;
    try {
      if (file) appendFileSync(file, line);
      else process.stdout.write(line);
    } catch {
      // Logging must never break the work it describes.
    }
  };
  return {
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARN', m, f),
    error: (m, f) => write('ERROR', m, f),
  };
}

// Chosen at each call, not at import: the CLI decides where logs go after modules load.
const current = (): Log => jsonLog(process.env);

export const logger: Log = {
  info: (m, f) => current().info(m, f),
  warn: (m, f) => current().warn(m, f),
  error: (m, f) => current().error(m, f),
};
