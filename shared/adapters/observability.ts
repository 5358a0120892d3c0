// The one logger: structured fields, never concatenated strings; errors keep their stack.
import { appendFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';

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

// In Lambda: Powertools' structured JSON on stdout, which is CloudWatch (it formats an Error
// field with its stack itself). Locally the CLI's stdout is the contract's JSON, so the same
// records go to a file (ROUNDS_LOG_FILE).
function fileLog(path: string): Log {
  const write = (level: string, message: string, fields?: Fields) => {
    try {
      appendFileSync(
        path,
        `${JSON.stringify({ level, message, time: new Date().toISOString(), ...serialisable(fields) })}\n`,
      );
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

let powertools: Logger | undefined;
function powertoolsLog(): Log {
  powertools ??= new Logger({ serviceName: 'rounds' });
  const logger = powertools;
  return {
    info: (m, f) => logger.info(m, f ?? {}),
    warn: (m, f) => logger.warn(m, f ?? {}),
    error: (m, f) => logger.error(m, f ?? {}),
  };
}

// Chosen at each call, not at import: the CLI decides where logs go after modules load.
const current = (): Log =>
  process.env.ROUNDS_LOG_FILE ? fileLog(process.env.ROUNDS_LOG_FILE) : powertoolsLog();

export const logger: Log = {
  info: (m, f) => current().info(m, f),
  warn: (m, f) => current().warn(m, f),
  error: (m, f) => current().error(m, f),
};
