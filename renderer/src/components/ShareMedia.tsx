import { Alert, Button, Card, Descriptions, Flex, InputNumber, Radio, Typography } from 'antd';
import { GlobalOutlined, ShareAltOutlined, StopOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { RelayStatus } from '../../../shared/ipc/bundle';
import { formatBytes } from '../../../shared/format';
import { call, errorData, hasChannel } from '../api';
import { useApp } from '../store/app';
import { CodeBlock } from './CodeBlock';
import { ErrorPanel } from './ErrorPanel';

const START = 'bundle.serveStart';
/** how often the counts are read again while sharing (the relay's own numbers, as /_status.json gives them) */
const REFRESH_MS = 1000;

/**
 * Share checked media with other machines: the app serves the bundle folder as a relay (what
 * `go-offline serve` does), shows the address to install from, its status page (copyable, opened in
 * the system browser, never in this window) and live counts from the relay's own status. Sharing
 * stops when this card goes away (the user leaves the step) or with Stop.
 */
export function ShareMedia({ dir }: { dir: string }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const [where, setWhere] = useState<'local' | 'network'>('local');
  const [port, setPort] = useState<number>(8080);
  const [starting, setStarting] = useState(false);
  const [serving, setServing] = useState<RelayStatus | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [opened, setOpened] = useState<boolean | null>(null);
  const live = useRef(false);

  // stop sharing when the card goes away (another step, another folder)
  useEffect(
    () => () => {
      if (live.current) void call('bundle.serveStop', {}).catch(() => undefined);
      live.current = false;
    },
    [dir],
  );

  // the counts, read again while sharing
  const on = serving !== null;
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => {
      call('bundle.serveStatus', {}).then(
        (s) => {
          if (live.current) setServing(s);
        },
        () => undefined,
      );
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [on]);

  if (!hasChannel(START)) return null;

  async function start() {
    setStarting(true);
    setError(null);
    setOpened(null);
    try {
      const s = await call(START, { dir, host: where === 'local' ? '127.0.0.1' : '0.0.0.0', port });
      live.current = true;
      setServing(s);
    } catch (e) {
      setError(errorData(e));
    } finally {
      setStarting(false);
    }
  }
  async function stop() {
    live.current = false;
    await call('bundle.serveStop', {}).catch(() => undefined);
    setServing(null);
    setOpened(null);
  }
  async function openStatus(url: string) {
    const r = await call('system.openExternal', { url }).catch(() => ({ opened: false }));
    setOpened(r.opened);
  }

  const heading = (
    <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
      {t('share.title')}
    </Typography.Title>
  );
  if (!serving)
    return (
      <Card size="small" title={heading} data-testid="share-card">
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('share.intro')}</Typography.Text>
          <Radio.Group value={where} onChange={(e) => setWhere(e.target.value as 'local' | 'network')} aria-label={t('share.who')} data-testid="share-where">
            <Flex vertical gap={4}>
              <Radio value="local">{t('share.local')}</Radio>
              <Radio value="network">{t('share.network')}</Radio>
            </Flex>
          </Radio.Group>
          <Flex align="center" gap={8}>
            <label htmlFor="share-port">{t('share.port')}</label>
            <InputNumber id="share-port" min={0} max={65535} value={port} onChange={(v) => setPort(typeof v === 'number' ? v : 8080)} data-testid="share-port" />
            <Typography.Text type="secondary">{t('share.portHint')}</Typography.Text>
          </Flex>
          <div>
            <Button icon={<ShareAltOutlined />} onClick={() => void start()} loading={starting} disabled={starting} data-testid="share-start">
              {starting ? t('share.checking') : t('share.start')}
            </Button>
          </div>
          {error && <ErrorPanel error={error} onRetry={() => void start()} />}
        </Flex>
      </Card>
    );

  const l = serving.live;
  const url = serving.urls[0] ?? serving.url;
  return (
    <Card size="small" title={heading} data-testid="share-card">
      <Flex vertical gap={8}>
        <Alert type="success" showIcon data-testid="share-on" title={t('share.on', { url })} description={where === 'local' ? t('share.onLocal') : t('share.onNetwork')} />
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('share.address')}>
            <Flex vertical gap={2}>
              {serving.urls.map((u) => (
                <Typography.Text key={u} code copyable data-testid="share-url">
                  {u}
                </Typography.Text>
              ))}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('share.statusPage')}>
            <Flex wrap align="center" gap={8}>
              <Typography.Text code copyable data-testid="share-status-url">
                {serving.statusUrl}
              </Typography.Text>
              <Button size="small" icon={<GlobalOutlined />} onClick={() => void openStatus(serving.statusUrl)} data-testid="share-open-status">
                {t('share.openStatus')}
              </Button>
            </Flex>
            {opened === false && (
              <Typography.Text type="secondary" style={{ display: 'block' }} data-testid="share-not-opened">
                {t('share.notOpened')}
              </Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('share.sending')}>
            <span data-testid="share-sending">{t('share.sendingValue', { count: l.sendingArchives, max: l.maxTransfers })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('share.waiting')}>
            <span data-testid="share-waiting">{t('share.waitingValue', { count: l.toldToWait })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('share.sent')}>
            <span data-testid="share-sent">{t('share.sentValue', { size: formatBytes(l.bytes, lang), count: l.requests, complete: l.complete })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('share.machines')}>
            <span data-testid="share-machines">{l.clients}</span>
          </Descriptions.Item>
        </Descriptions>
        <CodeBlock label={t('share.onEach')} text={`curl -fsSO ${url}install.sh && sh install.sh --from ${url}`} testId="share-command" />
        <Typography.Text type="secondary">{t('share.stopsWhen')}</Typography.Text>
        <div>
          <Button icon={<StopOutlined />} onClick={() => void stop()} data-testid="share-stop">
            {t('share.stop')}
          </Button>
        </div>
      </Flex>
    </Card>
  );
}
