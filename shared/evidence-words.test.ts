import { describe, expect, it } from 'vitest';
import { wordParams } from './evidence-words';

describe('engine values worded per language', () => {
  it('fixed engine words and network errors become plain words; other values are kept', () => {
    const p = { present: 'none', source: 'default', mode: 'login', error: 'ENOTFOUND getaddrinfo ENOTFOUND proxy.golang.org', url: 'https://proxy.golang.org', gorootBin: '/usr/local/go/bin' };
    const zh = wordParams(p, 'zh');
    expect(zh).toMatchObject({ present: '无', source: '默认值', mode: '登录', error: '本机无法解析该主机名', url: p.url, gorootBin: p.gorootBin });
    expect(Object.values(zh).join(' ')).not.toMatch(/ENOTFOUND|getaddrinfo|none|default/);
    const en = wordParams(p, 'en');
    expect(en).toMatchObject({ present: 'none', source: 'default', error: 'this machine cannot find that host name' });
    expect(wordParams({ error: 'connect ECONNREFUSED 127.0.0.1:1' }, 'zh').error).toBe('拒绝连接——请检查地址和端口');
    expect(wordParams({ error: 'no answer within 5 s' }, 'zh').error).toBe('5 秒内没有任何数据');
    // lists: each item worded
    expect(wordParams({ looked: 'this program, bash (login), bash (interactive)' }, 'zh').looked).toBe('本程序、bash（登录）、bash（交互式）');
    expect(wordParams({ looked: 'this program, bash (login)' }, 'en').looked).toBe('this program, bash (login)');
  });
});
