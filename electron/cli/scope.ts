/**
 * Which install a command acts on, said the same way by install, rollback and uninstall: the scope
 * (user or system) and the prefix, and why each was chosen (given, remembered from the last
 * install, or the default), so that root with a remembered --prefix is never surprised.
 * Also the words for what uninstall did to each file and what it leaves on purpose. Pure.
 */
import type { EnvChange, InstallScope } from '../../shared/install';
import type { Lang } from '../../shared/text';

export type Why = 'given' | 'remembered' | 'default';

/** "scope user (remembered from the last install), prefix /opt/x (given)" and its Chinese. */
export function scopeChoice(c: { scope: InstallScope; scopeWhy: Why; prefix: string; prefixWhy: Why; root: boolean }, lang: Lang): string {
  const zh = lang === 'zh';
  const why = (w: Why, what: 'scope' | 'prefix') => {
    if (w === 'given') return zh ? '命令中指定' : 'given';
    if (w === 'remembered') return zh ? '上次安装时记住的' : 'remembered from the last install';
    if (what === 'scope') return zh ? (c.root ? '以 root 运行时的默认值' : '默认值') : c.root ? 'the default when run as root' : 'the default';
    return zh ? '默认值' : 'the default';
  };
  const scopeWords = zh ? (c.scope === 'user' ? '当前用户' : '所有用户') : c.scope === 'user' ? 'this user only' : 'all users';
  return zh
    ? `范围 ${c.scope}（${scopeWords}，${why(c.scopeWhy, 'scope')}），位置 ${c.prefix}（${why(c.prefixWhy, 'prefix')}）；用 --scope 和 --prefix 可选择其他`
    : `scope ${c.scope} (${scopeWords}, ${why(c.scopeWhy, 'scope')}), prefix ${c.prefix} (${why(c.prefixWhy, 'prefix')}); --scope and --prefix choose another`;
}

export type FileOutcome = 'removed' | 'restored' | 'left';

/** What uninstall did to a recorded change, judged from what it reported and what is there now. */
export function outcomeOf(change: EnvChange, reported: ReadonlySet<string>, existsNow: boolean): FileOutcome {
  if (!reported.has(change.target)) return 'left';
  if (change.kind === 'registry' || change.kind === 'goroot-comment') return 'restored';
  return existsNow ? 'restored' : 'removed';
}

export function outcomeLine(change: EnvChange, outcome: FileOutcome, lang: Lang): string {
  const zh = lang === 'zh';
  if (outcome === 'left') return zh ? `  保持原样 ${change.target}（其中已没有本程序写入的内容）` : `  left as it is  ${change.target} (our lines were no longer in it)`;
  if (outcome === 'removed') return zh ? `  已删除 ${change.target}（由本程序创建）` : `  removed   ${change.target} (the installer had created it)`;
  if (change.kind === 'goroot-comment') return zh ? `  已恢复 ${change.target}（注释掉的 GOROOT 行已恢复）` : `  restored  ${change.target} (the GOROOT lines we commented out are back)`;
  if (change.kind === 'registry') return zh ? `  已恢复 ${change.target}（恢复为安装前的值）` : `  restored  ${change.target} (its value before the install)`;
  if (change.kind === 'link') return zh ? `  已删除链接 ${change.target}` : `  removed   ${change.target} (our link)`;
  return zh ? `  已恢复 ${change.target}（删除了本程序的内容，其余内容与安装前相同）` : `  restored  ${change.target} (our lines removed; the rest is as it was before the install)`;
}

/** What uninstall leaves on purpose, and how to remove it. */
export function leftOnPurpose(p: { gopath: string; gocache: string }, lang: Lang): string[] {
  return lang === 'zh'
    ? [
        '有意保留（其中是你的代码和缓存，不是本程序安装的）：',
        `  GOPATH ${p.gopath}（你的代码、下载的模块缓存 pkg/mod、go install 安装的程序 bin/）`,
        `  Go 的构建缓存 ${p.gocache}`,
        `  确认不再需要后可以删除：chmod -R u+w ${p.gopath}/pkg/mod && rm -rf ${p.gopath}/pkg/mod ${p.gocache}（先检查 ${p.gopath} 中是否有你自己的代码）`,
      ]
    : [
        'Left on purpose (your code and caches, not part of what we installed):',
        `  GOPATH ${p.gopath} (your code, the downloaded module cache pkg/mod, programs from go install in bin/)`,
        `  Go's build cache ${p.gocache}`,
        `  To remove them once you are sure: chmod -R u+w ${p.gopath}/pkg/mod && rm -rf ${p.gopath}/pkg/mod ${p.gocache} (look in ${p.gopath} for your own code first)`,
      ];
}
