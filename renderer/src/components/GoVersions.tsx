import { Alert, Button, Card, Flex, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { InstallScope, VersionsResult } from '../../../shared/install';
import { projectGets } from '../../../shared/go-versions';
import { call, errorData } from '../api';
import { runJob } from '../store/jobs';
import { useApp } from '../store/app';
import { ErrorPanel } from './ErrorPanel';
import { CodeBlock } from './CodeBlock';

export interface BundledProject {
  name: string;
  goVersion?: string;
  toolchain?: string;
}

/**
 * The Go versions on this machine (issue 20): which is the default, where each is, whether its
 * files are intact, a button to make another one the default, and which Go each bundled project
 * gets (the rules `go` itself follows, shared/go-versions.ts).
 */
export function GoVersionsCard({ scope, prefix, projects = [], minVersions = 1 }: { scope?: InstallScope; prefix?: string; projects?: BundledProject[]; /** show only when at least this many versions are installed */ minVersions?: number }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const [data, setData] = useState<VersionsResult | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [switched, setSwitched] = useState<string | null>(null);
  // the outcome is brought into view (the card may start low on Home at 1024x640)
  const outcomeRef = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (switched) outcomeRef.current?.scrollIntoView?.({ block: 'center' });
  }, [switched]);

  const load = useCallback(async () => {
    // the list is extra information: when it cannot be read the card stays away (diagnose says why)
    setData(await call('install.versions', { scope, prefix }).catch(() => null));
  }, [scope, prefix]);
  useEffect(() => {
    void load();
  }, [load]);

  async function makeDefault(version: string) {
    setBusy(version);
    setError(null);
    try {
      await runJob('use', (id) => call('install.use', { jobId: id, version, scope: data?.scope, prefix: data?.prefix }));
      setSwitched(version);
      await load();
    } catch (e) {
      setError(errorData(e));
    } finally {
      setBusy(null);
    }
  }

  if (!data || data.versions.length < minVersions) return null;
  const def = data.versions.find((v) => v.isDefault);
  const names = data.versions.map((v) => v.version);
  return (
    <Card size="small" data-testid="go-versions" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('goVersions.title')}</Typography.Title>}>
      <Flex vertical gap={8}>
        {/* the outcome of "Make default" first: next to the button that was pressed, in view at 1024x640 */}
        {switched && (
          <div ref={outcomeRef}>
            <Alert type="success" showIcon data-testid="go-versions-switched" title={t('goVersions.switched', { version: switched })} description={t('goVersions.newTerminal')} />
          </div>
        )}
        {error && <ErrorPanel error={error} />}
        <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 2 }}>
          {data.versions.map((v) => (
            <li key={v.version} data-testid={`go-version-${v.version}`}>
              <Typography.Text strong>{v.version}</Typography.Text> {v.isDefault && <Tag color="blue">{t('goVersions.default')}</Tag>}
              <Tag data-state={v.state}>
                {v.state === 'ok' ? '✓ ' : v.state === 'not-checked' ? '' : '✗ '}
                {t(`goVersions.state.${v.state}`)}
              </Tag>
              <Typography.Text code>{v.goroot}</Typography.Text>
              {!v.isDefault && v.wrapper && (
                <>
                  {' '}
                  {t('goVersions.command')} <Typography.Text code>{v.version}</Typography.Text>{' '}
                  <Button size="small" onClick={() => void makeDefault(v.version)} loading={busy === v.version} disabled={!!busy} data-testid={`use-${v.version}`}>
                    {t('goVersions.makeDefault')}
                  </Button>
                </>
              )}
              {(lang === 'zh' && v.problemsZh?.length === v.problems.length ? v.problemsZh : v.problems).map((p) => (
                <div key={p}>
                  <Typography.Text type="danger" data-latin-ok>
                    {p}
                  </Typography.Text>
                </div>
              ))}
            </li>
          ))}
        </ul>
        <Typography.Text type="secondary">{data.onPath ? t('goVersions.switching', { dir: data.wrappersDir }) : t(data.versions.length < 2 ? 'goVersions.noSwitchingOne' : 'goVersions.noSwitching')}</Typography.Text>
        {def && projects.length > 0 && (
          <>
            <Typography.Text strong>{t('goVersions.projects')}</Typography.Text>
            <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.9 }} data-testid="project-versions">
              {projects.map((p) => {
                const g = projectGets(p, def.version, names, data.gotoolchain);
                return (
                  <li key={p.name}>
                    <Typography.Text code>{p.name}</Typography.Text> — {t(`goVersions.gets.${g.how}`, { version: g.version ?? '', wanted: g.wanted ?? '' })}
                  </li>
                );
              })}
            </ul>
          </>
        )}
        {/* the same scope and prefix as this Go (a side-by-side version goes beside this default, not another) */}
        {data.versions.length < 2 && <CodeBlock label={t('goVersions.addHint')} text={`go-offline install --bundle ${t('goVersions.bundleWord')} --side-by-side --go-version 1.X.Y --scope ${data.scope} --prefix "${data.prefix}"`} />}
      </Flex>
    </Card>
  );
}
