/**
 * The typed IPC contract: every channel declared once, with a runtime schema for its argument and
 * its result type. Main validates every payload against it; the preload and the loopback bridge
 * expose exactly these channels as named functions (`api.env.check(...)`).
 */
import type { z } from 'zod';
import type { ChannelSpec } from './define';
import { jobsChannels } from './jobs';
import { platformChannels } from './platform';
import { releasesChannels } from './releases';
import { downloadChannels } from './download';
import { bundleChannels } from './bundle';
import { installChannels } from './install';
import { environmentChannels } from './environment';
import { verifyChannels } from './verify';
import { modulesChannels } from './modules';
import { diagnoseChannels } from './diagnose';
import { settingsChannels } from './settings';
import { systemChannels } from './system';
import { keysChannels } from './keys';

export const contract = {
  ...jobsChannels,
  ...platformChannels,
  ...releasesChannels,
  ...downloadChannels,
  ...bundleChannels,
  ...installChannels,
  ...environmentChannels,
  ...verifyChannels,
  ...modulesChannels,
  ...diagnoseChannels,
  ...settingsChannels,
  ...systemChannels,
  ...keysChannels,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ArgsOf<C extends ChannelName> = z.input<Contract[C]['args']>;
export type ParsedArgsOf<C extends ChannelName> = z.output<Contract[C]['args']>;
export type ResultOf<C extends ChannelName> = Contract[C] extends ChannelSpec<z.ZodType, infer R> ? R : never;

export const channelNames = Object.keys(contract) as ChannelName[];

/** The progress event channel (main → renderer). */
export const PROGRESS_EVENT = 'jobs.progress';

/** Split "area.method" into the nested shape the preload exposes: api.area.method(args). */
type Split<S extends string> = S extends `${infer A}.${infer M}` ? [A, M] : never;
export type Api = {
  [A in Split<ChannelName>[0]]: {
    [C in ChannelName as Split<C>[0] extends A ? Split<C>[1] : never]: (args: ArgsOf<C>) => Promise<ResultOf<C>>;
  };
};
