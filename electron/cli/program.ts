import { Command, CommanderError } from 'commander';
import { APP_VERSION, CLI_NAME } from '../../shared/version';
import { AppError } from '../../shared/errors';
import { printError, type CliIO } from './io';
import * as env from './commands/env';
import * as releases from './commands/releases';
import * as download from './commands/download';
import * as bundle from './commands/bundle';
import * as serve from './commands/serve';
import * as install from './commands/install';
import * as verify from './commands/verify';
import * as diagnose from './commands/diagnose';
import * as keys from './commands/keys';
import * as versions from './commands/versions';

/** The command tree. Names, flags and exit codes follow ../shared/reference/cli-contract.md. */
export function buildProgram(io: CliIO): Command {
  const program = new Command(CLI_NAME)
    .description(
      io.lang === 'zh'
        ? '把 Go 工具链和模块依赖带过网络隔离，在离线机器上安装并验证。'
        : 'Carry the Go toolchain and module dependencies across an air gap; install and verify it offline.',
    )
    .version(APP_VERSION, '-V, --version')
    // options after a command name belong to that command (`bundle create --version 1.22.5`)
    .enablePositionalOptions()
    // a usage error prints our three lines (what, the suggestion, where --help is), not the whole help
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => {
        /* printed by the exit override in our own format */
      },
    })
    .exitOverride();
  for (const mod of [env, releases, download, bundle, serve, install, versions, verify, diagnose, keys]) mod.register(program, io);
  // every subcommand shares the same output and exit behaviour
  for (const cmd of program.commands) {
    cmd.configureOutput(program.configureOutput()).exitOverride();
    for (const sub of cmd.commands) sub.configureOutput(program.configureOutput()).exitOverride();
  }
  return program;
}

/** Commander's message on one line: "unknown command 'instal' (Did you mean install?)". */
export function usageMessage(message: string): string {
  return message
    .replace(/^error: /, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

/** Parse and run; returns the exit status (also for --help, --version and usage errors). */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return printError(io, new AppError('BAD_USAGE', { message: usageMessage(err.message) }), argv.includes('--json'));
    }
    return printError(io, err, argv.includes('--json'));
  }
}
