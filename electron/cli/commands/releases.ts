import type { Command } from 'commander';
import type { CliIO } from '../io';
import { printJson, println } from '../io';
import { runAction } from '../action';
import { catalogAgeSeconds, groupReleases, latestStable, loadCatalog } from '../../engine/releases';
import { formatDateTime, formatDuration } from '../../../shared/format';

const collect = (v: string, prev: string[]) => [...prev, v];

/** `go-offline releases [--mirror URL]... [--all] [--json]`: step 2, the catalog of Go releases. */
export function register(program: Command, io: CliIO): void {
  const zh = io.lang === 'zh';
  program
    .command('releases')
    .description(zh ? '列出可下载的 Go 版本（步骤 2）' : 'List the Go releases that can be downloaded (step 2)')
    .option('--mirror <url>', zh ? '版本列表来源（可重复，按顺序尝试）' : 'listing source, a base like https://go.dev/dl/ (repeatable, tried in order)', collect, [])
    .option('--all', zh ? '同时显示测试版和已归档版本' : 'also show unstable (beta/rc) and archived releases')
    .option('--unstable', zh ? '同时显示测试版' : 'also show unstable (beta/rc) releases')
    .option('--archived', zh ? '同时显示已归档版本' : 'also show archived (older) releases')
    .option('--platform <os-arch>', zh ? '只显示提供该平台的版本（可重复）' : 'only releases that have this platform (repeatable)', collect, [])
    .option('--listing-file <file>', zh ? '网络不可用时使用的版本列表文件' : 'a listing file to use when no mirror answers')
    .option('--offline', zh ? '不联网：使用版本列表文件或上次保存的列表' : 'do not use the network: the listing file, else the saved listing')
    .option('--json', zh ? '以 JSON 输出' : 'print JSON')
    .action(
      async (opts: { mirror: string[]; all?: boolean; unstable?: boolean; archived?: boolean; platform: string[]; listingFile?: string; offline?: boolean; json?: boolean }) => {
        await runAction(io, opts, async (job) => {
          const catalog = await loadCatalog({
            mirrors: opts.mirror,
            listingFile: opts.listingFile,
            offline: !!opts.offline,
            env: io.env,
            signal: job.signal,
            onSourceFailed: (s, e) => io.stderr.write(`${zh ? '来源不可用' : 'source failed'}: ${s}: ${e}\n`),
          });
          const groups = groupReleases(catalog.releases, {
            unstable: !!(opts.all || opts.unstable),
            archived: !!(opts.all || opts.archived),
            platforms: opts.platform.length ? opts.platform : undefined,
          });
          const age = catalogAgeSeconds(catalog);
          if (opts.json) {
            printJson(io, {
              source: catalog.source,
              fetchedAt: catalog.fetchedAt,
              fromCache: catalog.fromCache,
              ageSeconds: age,
              latest: latestStable(catalog.releases)?.version ?? null,
              groups,
            });
            return 0;
          }
          const when = `${formatDateTime(catalog.fetchedAt, io.lang)}${age >= 60 ? ` (${formatDuration(age, io.lang)} ${zh ? '前' : 'ago'})` : ''}`;
          println(io, `${zh ? '来源' : 'Source'}: ${catalog.source}${catalog.fromCache ? (zh ? '（已保存的列表）' : ' (saved listing)') : ''} · ${when}`);
          const red = (s: string) => (io.stdout.isTTY ? `\x1b[31m${s}\x1b[0m` : s);
          for (const g of groups) {
            println(io, `${g.line}${g.status === 'stable' ? '' : ` [${g.status}]`}`);
            for (const r of g.releases) {
              const warn = r.missingSha256 ? ' ' + red(zh ? '无 SHA-256 校验值' : 'no SHA-256') : '';
              println(io, `  ${r.version.padEnd(12)} ${r.platforms.length} ${zh ? '个平台' : 'platforms'}: ${r.platforms.join(' ')}${warn}`);
            }
          }
          if (groups.length === 0) println(io, zh ? '没有符合条件的版本。' : 'No release matches.');
          return 0;
        });
      },
    );
}
