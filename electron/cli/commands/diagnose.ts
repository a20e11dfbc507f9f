import type { Command } from 'commander';
import type { CliIO } from '../io';

/** `go-offline diagnose`: registered by the issue that builds this step. */
export function register(_program: Command, _io: CliIO): void {}
