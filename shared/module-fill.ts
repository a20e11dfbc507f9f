/**
 * What the done page and the CLI say about the module cache filled after install
 * (`InstallResult.modules`), in both languages.
 */
import type { ModuleCacheFill } from './install';
import type { LocalText } from './text';

export function describeModuleFill(m: ModuleCacheFill): LocalText {
  if (m.error) {
    return {
      en: `Modules: the module cache could not be filled (${m.error}); the first build fills it from the bundled module proxy instead (it will print "go: downloading", offline).`,
      zh: `模块：无法预先填充模块缓存（${m.error}）；第一次构建时会改为从随介质安装的模块代理填充（会显示 "go: downloading"，但不需要网络）。`,
    };
  }
  if (m.failed.length) {
    const list = m.failed.slice(0, 5).map((f) => `${f.module} (${f.message})`);
    return {
      en: `Modules: ${m.ready} of ${m.total} module versions are ready in ${m.gomodcache}; damaged or missing on the media: ${list.join('; ')}. Copy the bundle again (or make it again on the online computer) and install it again.`,
      zh: `模块：${m.total} 个模块版本中已有 ${m.ready} 个就绪（${m.gomodcache}）；介质上损坏或缺失的有：${list.join('；')}。请重新复制介质（或在联网电脑上重新制作）后再安装一次。`,
    };
  }
  return {
    en: `Modules: all ${m.total} module versions are ready in ${m.gomodcache}, taken from the media without any network; the first build of your projects will not download anything.`,
    zh: `模块：全部 ${m.total} 个模块版本已就绪（${m.gomodcache}），均取自介质，未使用网络；项目的第一次构建不会再下载任何内容。`,
  };
}
