/**
 * Which program reads a file we wrote, as the engine names it (English, also kept in install records
 * and shown by the CLI), in Chinese for the UI. `readByText` falls back to the engine's words.
 */
import type { UiLang } from './index';

export const READ_BY_ZH: Record<string, string> = {
  'bash and sh login shells of every user': '所有用户的 bash 和 sh 登录 shell',
  'bash and sh login shells': 'bash 和 sh 登录 shell',
  'bash login shells (Terminal)': 'bash 登录 shell（“终端”应用）',
  'bash login shells (~/.profile is ignored because this file exists)': 'bash 登录 shell（因为此文件存在，~/.profile 会被忽略）',
  'fish shells of every user': '所有用户的 fish shell',
  'fish shells': 'fish shell（每次启动时）',
  'go itself, also when not started from a shell (IDEs, cron)': 'go 本身，包括不是从 shell 启动的情况（IDE、cron）',
  'interactive bash shells': '交互式 bash shell',
  'interactive zsh shells': '交互式 zsh shell',
  'new programs and consoles': '新启动的程序和控制台',
  'path_helper (login shells of every user)': 'path_helper（所有用户的登录 shell）',
  'shell startup': 'shell 启动时',
  'zsh login shells of every user': '所有用户的 zsh 登录 shell',
  'zsh login shells': 'zsh 登录 shell',
  "sudo's secure_path": 'sudo 的 secure_path',
};

export function readByText(en: string, lang: UiLang): string {
  return lang === 'zh' ? (READ_BY_ZH[en] ?? en) : en;
}
