/**
 * What the relay knows about its own work: the access-log line, the running transfers and the
 * totals per client, and the status page built from them (`/_status`, `/_status.json`).
 * Only paths of the manifest are ever recorded per client or shown: a request for anything else
 * is counted ("not in this bundle") without its path.
 */
import { formatBytes } from '../../../shared/format';
import { APP_VERSION } from '../../../shared/version';

/** How a request ended. */
export type RelayEnding = 'complete' | 'client-gone' | 'stalled' | 'refused-busy' | 'error';

export interface AccessLine {
  /** when the request arrived (ISO 8601, UTC) */
  time: string;
  client: string;
  method: string;
  /** the path as requested (display-safe, at most 512 characters) */
  path: string;
  /** HTTP status sent; 0 when none (a connection dropped over the connection limit) */
  status: number;
  /** body bytes handed to the connection */
  bytes: number;
  ms: number;
  ended: RelayEnding;
}

/** `2026-12-01T22:00:00.000Z 10.0.0.7 GET /go/go1.22.5.linux-amd64.tar.gz 200 68900000 812ms complete` */
export function formatAccessLine(l: AccessLine): string {
  return `${l.time} ${l.client} ${l.method} ${l.path} ${l.status} ${l.bytes} ${l.ms}ms ${l.ended}`;
}

export interface ActiveTransfer {
  id: number;
  client: string;
  path: string;
  /** 'archive' (counts against maxTransfers) or 'small' */
  slot: 'archive' | 'small';
  bytes: number;
  /** bytes this answer carries (the range's length) */
  total: number;
  startedAt: string;
}

export interface ClientFile {
  path: string;
  requests: number;
  /** answers sent to the end */
  complete: number;
  bytes: number;
  /** the file's size in the bundle */
  size: number;
}

export interface ClientTotals {
  client: string;
  requests: number;
  bytes: number;
  /** files of the bundle this client asked for (module-proxy files are summed in `moduleProxy`) */
  files: ClientFile[];
  moduleProxy: { requests: number; bytes: number };
}

export interface RelayStatus {
  relayVersion: string;
  startedAt: string;
  uptimeSeconds: number;
  bundle: { dir: string; goVersions: string[]; createdAt: string; files: number; moduleCount: number | null };
  limits: { maxTransfers: number; maxSmall: number; maxConnections: number; stallTimeoutSeconds: number };
  active: Array<Omit<ActiveTransfer, 'id'>>;
  /** the most transfers that ran at once, per kind of slot */
  peak: { archive: number; small: number };
  /** every request so far, by how it ended (these agree with the access log's lines) */
  totals: { requests: number; bytes: number } & Record<RelayEnding, number> & { notInBundle: number };
  clients: ClientTotals[];
}

/** Clients remembered one by one; later ones are summed under "other clients". */
const MAX_CLIENTS = 4096;
const OTHER = 'other clients';

export class RelayStats {
  readonly startedAt = new Date();
  private nextId = 1;
  readonly active = new Map<number, ActiveTransfer>();
  private readonly peak = { archive: 0, small: 0 };
  private readonly totals = { requests: 0, bytes: 0, complete: 0, 'client-gone': 0, stalled: 0, 'refused-busy': 0, error: 0, notInBundle: 0 };
  private readonly clients = new Map<string, { requests: number; bytes: number; files: Map<string, ClientFile>; moduleProxy: { requests: number; bytes: number } }>();

  constructor(
    private readonly info: () => Omit<RelayStatus, 'uptimeSeconds' | 'active' | 'peak' | 'totals' | 'clients' | 'startedAt' | 'relayVersion'>,
    /** size of a manifest path, null for anything else */
    private readonly sizeOf: (path: string) => number | null,
    private readonly isModuleProxy: (path: string) => boolean,
  ) {}

  begin(client: string, path: string, slot: 'archive' | 'small', total: number): ActiveTransfer {
    const t: ActiveTransfer = { id: this.nextId++, client, path, slot, bytes: 0, total, startedAt: new Date().toISOString() };
    this.active.set(t.id, t);
    this.peak[slot] = Math.max(this.peak[slot], this.activeCount(slot));
    return t;
  }

  end(t: ActiveTransfer): void {
    this.active.delete(t.id);
  }

  activeCount(slot: 'archive' | 'small'): number {
    let n = 0;
    for (const t of this.active.values()) if (t.slot === slot) n++;
    return n;
  }

  /** Count one finished request; `bundlePath` is the manifest path it named, or null. */
  record(line: AccessLine, bundlePath: string | null, notInBundle: boolean): void {
    this.totals.requests++;
    this.totals.bytes += line.bytes;
    this.totals[line.ended]++;
    if (notInBundle) this.totals.notInBundle++;
    if (bundlePath === null) return;
    const size = this.sizeOf(bundlePath);
    if (size === null) return;
    let key = line.client;
    if (!this.clients.has(key) && this.clients.size >= MAX_CLIENTS) key = OTHER;
    let c = this.clients.get(key);
    if (!c) {
      c = { requests: 0, bytes: 0, files: new Map(), moduleProxy: { requests: 0, bytes: 0 } };
      this.clients.set(key, c);
    }
    c.requests++;
    c.bytes += line.bytes;
    if (this.isModuleProxy(bundlePath)) {
      c.moduleProxy.requests++;
      c.moduleProxy.bytes += line.bytes;
      return;
    }
    let f = c.files.get(bundlePath);
    if (!f) {
      f = { path: bundlePath, requests: 0, complete: 0, bytes: 0, size };
      c.files.set(bundlePath, f);
    }
    f.requests++;
    f.bytes += line.bytes;
    if (line.ended === 'complete' && line.status < 300) f.complete++;
  }

  snapshot(): RelayStatus {
    return {
      relayVersion: APP_VERSION,
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.floor((Date.now() - this.startedAt.getTime()) / 1000),
      ...this.info(),
      active: [...this.active.values()].map(({ id: _id, ...t }) => ({ ...t })),
      peak: { ...this.peak },
      totals: { ...this.totals },
      clients: [...this.clients.entries()].map(([client, c]) => ({
        client,
        requests: c.requests,
        bytes: c.bytes,
        files: [...c.files.values()].map((f) => ({ ...f })),
        moduleProxy: { ...c.moduleProxy },
      })),
    };
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function duration(sec: number): { en: string; zh: string } {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return {
    en: h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`,
    zh: h ? `${h} 小时 ${m} 分钟` : m ? `${m} 分钟 ${s} 秒` : `${s} 秒`,
  };
}

function pct(done: number, total: number): string {
  return total > 0 ? `${Math.floor((done / total) * 100)}%` : '—';
}

/** The status page: plain HTML in English and Chinese, no scripts, nothing from outside. */
export function statusPage(st: RelayStatus): string {
  const up = duration(st.uptimeSeconds);
  const t = st.totals;
  const active = st.active.length
    ? st.active
        .map(
          (a) =>
            `<tr><td>${esc(a.client)}</td><td>${esc(a.path)}</td><td>${a.slot === 'archive' ? 'archive / 安装包' : 'small file / 小文件'}</td><td>${esc(formatBytes(a.bytes))} / ${esc(formatBytes(a.total))} (${pct(a.bytes, a.total)})</td><td>${esc(a.startedAt)}</td></tr>`,
        )
        .join('\n')
    : '<tr><td colspan="5">Nothing is being sent right now. / 当前没有正在发送的文件。</td></tr>';
  const clients = st.clients.length
    ? st.clients
        .map((c) => {
          const files = c.files
            .map((f) => {
              const whole = f.complete > 0;
              return `<li>${esc(f.path)}: ${whole ? `received whole ${f.complete}× / 已完整接收 ${f.complete} 次` : 'not received whole / 未完整接收'} (${esc(formatBytes(f.bytes))} sent in ${f.requests} request(s) / 共 ${f.requests} 次请求发送 ${esc(formatBytes(f.bytes))}; file ${esc(formatBytes(f.size))} / 文件大小 ${esc(formatBytes(f.size))})</li>`;
            })
            .join('');
          const mp = c.moduleProxy.requests
            ? `<li>module proxy (GOPROXY): ${c.moduleProxy.requests} request(s), ${esc(formatBytes(c.moduleProxy.bytes))} / 模块代理（GOPROXY）：${c.moduleProxy.requests} 次请求，${esc(formatBytes(c.moduleProxy.bytes))}</li>`
            : '';
          return `<tr><td>${esc(c.client)}</td><td>${c.requests}</td><td>${esc(formatBytes(c.bytes))}</td><td><ul>${files}${mp}</ul></td></tr>`;
        })
        .join('\n')
    : '<tr><td colspan="4">No client has asked for a file of the bundle yet. / 还没有客户端请求过离线包中的文件。</td></tr>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Relay status / 中转服务状态</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:left;vertical-align:top}ul{margin:0;padding-left:1.2em}</style></head>
<body><h1>Relay status / 中转服务状态</h1>
<p>Running for ${esc(up.en)} (since ${esc(st.startedAt)}), go-offline ${esc(st.relayVersion)}. / 已运行 ${esc(up.zh)}（自 ${esc(st.startedAt)} 起），go-offline ${esc(st.relayVersion)}。</p>
<p>Serving the bundle in ${esc(st.bundle.dir)}: Go ${esc(st.bundle.goVersions.join(', '))}, made ${esc(st.bundle.createdAt)}, ${st.bundle.files} files${st.bundle.moduleCount !== null ? `, ${st.bundle.moduleCount} modules` : ''}. / 正在共享 ${esc(st.bundle.dir)} 中的离线包：Go ${esc(st.bundle.goVersions.join(', '))}，制作于 ${esc(st.bundle.createdAt)}，共 ${st.bundle.files} 个文件${st.bundle.moduleCount !== null ? `，${st.bundle.moduleCount} 个模块` : ''}。</p>
<p>At most ${st.limits.maxTransfers} archives are sent at once (more are asked to come back a little later); small files such as the module proxy's have their own limit of ${st.limits.maxSmall}. A client that reads nothing for ${st.limits.stallTimeoutSeconds} s is disconnected. / 同时最多发送 ${st.limits.maxTransfers} 个安装包（更多的请求会被告知稍后再来）；模块代理等小文件另有上限 ${st.limits.maxSmall} 个。连续 ${st.limits.stallTimeoutSeconds} 秒不读取数据的客户端会被断开。</p>
<h2>Being sent now / 正在发送</h2>
<table><tr><th>client / 客户端</th><th>file / 文件</th><th>kind / 类型</th><th>sent / 已发送</th><th>started / 开始时间</th></tr>
${active}
</table>
<h2>Requests so far / 到目前为止的请求</h2>
<p>${t.requests} requests, ${esc(formatBytes(t.bytes))} sent: ${t.complete} answered in full, ${t['client-gone']} ended by the client going away, ${t.stalled} cut because the client stopped reading, ${t['refused-busy']} asked to come back later (busy), ${t.error} failed on this side; ${t.notInBundle} asked for something that is not in this bundle. / 共 ${t.requests} 次请求，已发送 ${esc(formatBytes(t.bytes))}：${t.complete} 次完整应答，${t['client-gone']} 次因客户端离开而结束，${t.stalled} 次因客户端停止读取而被断开，${t['refused-busy']} 次因繁忙请其稍后再来，${t.error} 次在本机出错；${t.notInBundle} 次请求的内容不在此离线包中。</p>
<h2>Who pulled what / 谁下载了什么</h2>
<table><tr><th>client / 客户端</th><th>requests / 请求数</th><th>sent / 已发送</th><th>files / 文件</th></tr>
${clients}
</table>
<p>The same as JSON: <a href="_status.json">_status.json</a> / JSON 格式：<a href="_status.json">_status.json</a></p>
</body></html>
`;
}
