import { Alert, Button, Card, Checkbox, Collapse, Flex, Select, Spin, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { formatBytes, formatDateTime } from '../../../shared/format';
import { call, errorData } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { FindingList, gateOf } from '../components/FindingList';
import { PathList } from '../components/PathList';
import { StepPage } from '../components/StepPage';
import { useApp } from '../store/app';
import { useEnv } from '../store/env';
import { useWizard } from '../store/wizard';

/** Step 2 (Prepare): which Go, for which platforms; optional target profiles and Go projects. */
export function ChooseVersion() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const setGate = useApp((s) => s.setGate);
  const hostPlatform = useEnv((s) => s.report?.host.platform);
  const { prepare, setPrepare } = useWizard();
  const { releases, version, platforms, profilePaths, projectDirs, check } = prepare;
  const [loading, setLoading] = useState(false);
  const [listError, setListError] = useState<AppErrorData | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<AppErrorData | null>(null);
  const [showAll, setShowAll] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setListError(null);
    try {
      const list = await call('releases.list', { archived: true });
      const st = useWizard.getState().prepare;
      const chosen = st.version ?? list.latest;
      const summary = list.groups.flatMap((g) => g.releases).find((r) => r.version === chosen);
      const pre = st.platforms.length ? st.platforms : hostPlatform && summary?.platforms.includes(hostPlatform) ? [hostPlatform] : [];
      setPrepare({ releases: list, version: chosen, platforms: pre });
    } catch (e) {
      setListError(errorData(e));
    } finally {
      setLoading(false);
    }
  }, [hostPlatform, setPrepare]);

  useEffect(() => {
    if (!releases && !loading && !listError) void load();
  }, [releases, loading, listError, load]);

  const all = useMemo(() => (releases?.groups ?? []).flatMap((g) => g.releases), [releases]);
  const current = all.find((r) => r.version === version) ?? null;

  // every change of the choice is checked by the engine (targets, projects, archives present)
  useEffect(() => {
    if (!version) return;
    let stale = false;
    setChecking(true);
    setCheckError(null);
    call('releases.check', { version, platforms, profilePaths, projectDirs })
      .then((c) => {
        if (stale) return;
        const fromProfiles = c.preselect.filter((p) => !platforms.includes(p));
        setPrepare({ check: c, ...(fromProfiles.length ? { platforms: [...platforms, ...fromProfiles] } : {}) });
      })
      .catch((e) => !stale && (setCheckError(errorData(e)), setPrepare({ check: null })))
      .finally(() => !stale && setChecking(false));
    return () => {
      stale = true;
    };
  }, [version, platforms, profilePaths, projectDirs, setPrepare]);

  useEffect(() => {
    if (loading || checking) return setGate({ state: 'busy', reason: 'nav.reason.checking' });
    if (!version) return setGate({ state: 'incomplete', reason: 'nav.reason.chooseVersion' });
    if (!platforms.length) return setGate({ state: 'incomplete', reason: 'nav.reason.choosePlatform' });
    if (!check || checkError) return setGate({ state: 'fail', reason: 'nav.reason.checkFailed' });
    const g = gateOf(check.findings);
    if (g === 'fail' || !check.ok) return setGate({ state: 'fail', reason: 'nav.reason.versionFailures' });
    setGate(g === 'warn' ? { state: 'warn', reason: 'nav.reason.acceptWarnings' } : { state: 'ok' });
  }, [loading, checking, version, platforms, check, checkError, setGate]);

  const options = (releases?.groups ?? [])
    .filter((g) => showAll || g.status === 'stable')
    .map((g) => ({
      label: `${g.line} · ${t(`version.status.${g.status}`)}`,
      title: g.line,
      options: g.releases.map((r) => ({ value: r.version, label: r.version === releases?.latest ? `${r.version} (${t('version.latest')})` : r.version })),
    }));
  const total = (check?.files ?? []).reduce((n, f) => n + f.size, 0);

  return (
    <StepPage
      title={t('version.title')}
      intro={t('version.intro')}
      actions={
        <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading}>
          {t('version.reload')}
        </Button>
      }
    >
      {loading && !releases && (
        <Card>
          <Flex gap={12} align="center" role="status">
            <Spin /> {t('version.loading')}
          </Flex>
        </Card>
      )}
      {listError && <ErrorPanel error={listError} onRetry={() => void load()} />}
      {releases && (
        <>
          <Typography.Text type="secondary" data-testid="catalog-source">
            {t(releases.fromCache ? 'version.sourceCached' : 'version.source', { source: releases.source, when: formatDateTime(releases.fetchedAt, lang) })}
          </Typography.Text>
          <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('version.which')}</Typography.Title>}>
            <Flex vertical gap={12}>
              <Flex gap={12} align="center" wrap>
                <label htmlFor="version-select">
                  <Typography.Text strong>{t('version.version')}</Typography.Text>
                </label>
                <Select
                  id="version-select"
                  showSearch
                  style={{ minWidth: 280 }}
                  value={version ?? undefined}
                  onChange={(v: string) => setPrepare({ version: v, check: null, download: null, media: null })}
                  options={options}
                  data-testid="version-select"
                  aria-label={t('version.version')}
                />
                <Checkbox checked={showAll} onChange={(e) => setShowAll(e.target.checked)}>
                  {t('version.showAll')}
                </Checkbox>
              </Flex>
              {version === releases.latest && <Typography.Text type="secondary">{t('version.latestHint')}</Typography.Text>}
            </Flex>
          </Card>
          <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('version.platforms')}</Typography.Title>}>
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t('version.platformsHint')}</Typography.Text>
              <Checkbox.Group
                aria-label={t('version.platforms')}
                value={platforms}
                onChange={(v) => setPrepare({ platforms: v as string[], download: null, media: null })}
                data-testid="platforms"
              >
                <Flex wrap gap={8}>
                  {(current?.platforms ?? []).map((p) => (
                    <Checkbox key={p} value={p}>
                      <span>{t(`platform.${p}`, { defaultValue: p })}</span>
                      {p === hostPlatform && <Tag style={{ marginInlineStart: 6 }}>{t('version.thisMachine')}</Tag>}
                    </Checkbox>
                  ))}
                </Flex>
              </Checkbox.Group>
            </Flex>
          </Card>
          <Collapse
            items={[
              {
                key: 'extra',
                label: t('version.extraTitle'),
                children: (
                  <Flex vertical gap={16}>
                    <div>
                      <Typography.Paragraph>{t('version.profilesHint')}</Typography.Paragraph>
                      <PathList label={t('version.profilePath')} items={profilePaths} onChange={(v) => setPrepare({ profilePaths: v })} kind="file" extensions={['json']} testId="profile-path" />
                    </div>
                    <div>
                      <Typography.Paragraph>{t('version.projectsHint')}</Typography.Paragraph>
                      <PathList label={t('version.projectPath')} items={projectDirs} onChange={(v) => setPrepare({ projectDirs: v })} kind="folder" testId="project-path" />
                    </div>
                  </Flex>
                ),
              },
            ]}
            defaultActiveKey={profilePaths.length || projectDirs.length ? ['extra'] : []}
          />
          {checkError && <ErrorPanel error={checkError} />}
          {check && check.findings.length > 0 && (
            <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('version.findings')}</Typography.Title>}>
              <FindingList findings={check.findings} label={t('version.findings')} />
            </Card>
          )}
          {check && check.files.length > 0 && (
            <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('version.files', { size: formatBytes(total, lang) })}</Typography.Title>}>
              <Table
                size="small"
                pagination={false}
                rowKey="filename"
                dataSource={check.files}
                data-testid="files-table"
                columns={[
                  { title: t('version.file'), dataIndex: 'filename', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                  { title: t('version.platform'), render: (_: unknown, f) => `${f.os}-${f.arch}` },
                  { title: t('version.size'), dataIndex: 'size', align: 'right', render: (v: number) => formatBytes(v, lang) },
                ]}
              />
            </Card>
          )}
          {check && !check.files.length && platforms.length > 0 && !checking && <Alert type="error" showIcon title={t('version.noFiles')} />}
        </>
      )}
    </StepPage>
  );
}
