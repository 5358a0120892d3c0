// The `rounds` command (CONTRACT.md): reads the global flags, answers --help from here, and
// loads a command's code only once one is asked for, so the answer to a typo is instant.
// Exit 0 when the command ran, 1 for an operational failure (one line on stderr), 2 for bad usage.
import { logger } from '#shared/adapters/observability';
import { RoundsError } from '#shared/domain/errors';
import { exitCodeFor, isCommand, LOCAL_ONLY, USAGE, UsageError } from './usage.ts';

export { exitCodeFor };

/** Takes a global flag (and its value) out of the arguments, wherever it stands. */
function take(args: string[], flag: string, hasValue: boolean): string | boolean | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const [, value] = args.splice(at, hasValue ? 2 : 1);
  return hasValue ? (value ?? '') : true;
}

export async function main(
  argv: string[],
  stdoutIsTerminal = Boolean(process.stdout.isTTY),
): Promise<number> {
  const args = [...argv];
  const stageFlag = take(args, '--stage', true);
  const json = take(args, '--json', false) === true;
  const [command, ...rest] = args;
  try {
    const stage = typeof stageFlag === 'string' ? stageFlag : undefined;
    if (stageFlag !== undefined && (!stage || stage.startsWith('-')))
      throw new UsageError('--stage wants a stage name, e.g. --stage prod');
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (!isCommand(command)) throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    if (stage && LOCAL_ONLY.has(command))
      throw new UsageError(
        `rounds ${command} runs on the local stack only; in AWS, SES and Scheduler do its work`,
      );
    const { runCommand } = await import('./commands.ts');
    await runCommand(command, rest, { ...(stage ? { stage } : {}), table: stdoutIsTerminal && !json });
    return 0;
  } catch (error) {
    const code = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    // Usage text is several lines; any other failure is one line (CONTRACT.md).
    process.stderr.write(`rounds: ${code === 2 ? message : message.split('\n')[0]}\n`);
    if (!(error instanceof RoundsError)) logger.error('command failed', { command, error });
    return code;
  }
}
