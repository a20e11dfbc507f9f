import { Alert, Card, Checkbox, Collapse, Flex, Modal, Radio, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { EnvironmentPreview } from '../../../shared/ipc/environment';
import type { InstallScope, GoproxyMode } from '../../../shared/install';
import type { EnvReport } from '../../../shared/platform';
import { formatBytes } from '../../../shared/format';
import { call, errorData } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { PathField } from '../components/PathField';
import { StepPage } from '../components/StepPage';
import { useApp } from '../store/app';
import { useEnv } from '../store/env';
import { useWizard } from '../store/wizard';
import { readByText } from '../i18n/readBy';

/** The scope to recommend from the environment check (pure): system when we may write there, else user. */
export function recommendScope(report: EnvReport | null, defaultScope: InstallScope | null = null): InstallScope {
  if (defaultScope) return defaultScope;
  const sys = report?.locations.find((l) => l.scope === 'system');
  return sys?.writable && report?.user.elevated ? 'system' : 'user';
}

/** The folder holding go/ for a GOROOT (the renderer has no node:path). */
function parentOf(goroot: string): string {
  const i = Math.max(goroot.lastIndexOf('/'), goroot.lastIndexOf('\\'));
  return i > 0 ? goroot.slice(0, i) : goroot;
}

/** Step 5 (Install), first half: where Go goes, who gets it, and exactly what will change. */
export function ChooseScope() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const setGate = useApp((s) => s.setGate);
  const next = useApp((s) => s.next);
  const report = useEnv((s) => s.report);
  const { install, setInstall } = useWizard();
  const { scope: chosen, prefix, choices, bundle } = install;
  const [custom, setCustom] = useState(!!prefix);
  const [preview, setPreview] = useState<EnvironmentPreview | null>(null);
  const [previewError, setPreviewError] = useState<AppErrorData | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [defaultScope, setDefaultScope] = useState<InstallScope | null>(null);
  const hasModules = !!bundle?.manifest.modules;

  useEffect(() => {
    call('settings.get', {}).then((s) => setDefaultScope(s.defaultScope), () => undefined);
  }, []);
  const recommended = recommendScope(report, defaultScope);
  const scope = chosen ?? recommended;
  const location = report?.locations.find((l) => l.scope === scope) ?? null;

  useEffect(() => {
    let stale = false;
    setPreviewError(null);
    call('environment.preview', { scope, prefix: custom && prefix.trim() ? prefix.trim() : undefined, moduleProxy: hasModules, choices })
      .then((p) => !stale && setPreview(p))
      .catch((e) => !stale && (setPreview(null), setPreviewError(errorData(e))));
    return () => {
      stale = true;
    };
  }, [scope, prefix, custom, hasModules, choices]);

  const blockers = useMemo(() => {
    const b: string[] = [];
    if (!custom && location && !location.writable) b.push('notWritable');
    if (custom && !prefix.trim()) b.push('noPrefix');
    return b;
  }, [custom, location, prefix]);

  useEffect(() => {
    if (!preview && !previewError) setGate({ state: 'busy', reason: 'nav.reason.checking' });
    else if (previewError) setGate({ state: 'fail', reason: 'nav.reason.previewFailed' });
    else if (blockers.includes('noPrefix')) setGate({ state: 'incomplete', reason: 'nav.reason.choosePrefix' });
    else if (blockers.length) setGate({ state: 'fail', reason: 'nav.reason.notWritable' });
    else if (location?.existingGo && !custom) setGate({ state: 'warn', reason: 'nav.reason.acceptWarnings' });
    else setGate({ state: 'ok' });
  }, [preview, previewError, blockers, location, custom, setGate]);

  const goroot = preview?.goroot ?? location?.goroot ?? '';
  const setChoices = (c: Partial<typeof choices>) => setInstall({ choices: { ...choices, ...c } });

  return (
    <StepPage title={t('scope.title')} intro={t('scope.intro')} nextLabel={t('scope.installNow')} onNext={() => setConfirming(true)}>
      {!report && <Spin />}
      <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('scope.who')}</Typography.Title>}>
        <Radio.Group value={scope} onChange={(e) => setInstall({ scope: e.target.value })} aria-label={t('scope.who')} style={{ width: '100%' }}>
          <Flex vertical gap={12}>
            {(['user', 'system'] as const).map((s) => {
              const loc = report?.locations.find((l) => l.scope === s);
              return (
                <Radio key={s} value={s} data-testid={`scope-${s}`}>
                  <Flex vertical gap={2}>
                    <span>
                      <strong>{t(`scope.${s}.title`)}</strong> {s === recommended && <Tag color="#237804">{t('scope.recommended')}</Tag>}
                      {loc && !loc.writable && <Tag color="#a8071a">{t('scope.needsAdmin')}</Tag>}
                    </span>
                    <Typography.Text type="secondary">{t(`scope.${s}.body`)}</Typography.Text>
                    {loc && (
                      <Typography.Text type="secondary">
                        <Typography.Text code>{loc.goroot}</Typography.Text> {loc.freeBytes !== null && t('scope.free', { size: formatBytes(loc.freeBytes, lang) })}
                      </Typography.Text>
                    )}
                  </Flex>
                </Radio>
              );
            })}
          </Flex>
        </Radio.Group>
        <Flex vertical gap={8} style={{ marginTop: 16 }}>
          <Checkbox
            checked={custom}
            onChange={(e) => {
              setCustom(e.target.checked);
              if (!e.target.checked) setInstall({ prefix: '' });
            }}
            data-testid="custom-location"
          >
            {t('scope.custom')}
          </Checkbox>
          {custom && <PathField label={t('scope.prefix')} value={prefix} onChange={(v) => setInstall({ prefix: v })} testId="install-prefix" />}
          {blockers.includes('notWritable') && <Alert type="error" showIcon title={t('scope.notWritable')} description={t('scope.notWritableFix')} />}
          {location?.existingGo && !custom && <Alert type="warning" showIcon title={t('scope.existing', { path: location.goroot })} />}
        </Flex>
      </Card>
      <Collapse
        items={[
          {
            key: 'env',
            label: t('scope.options'),
            children: (
              <Flex vertical gap={12}>
                <div>
                  <Typography.Text strong id="goproxy-label">
                    {t('scope.goproxy')}
                  </Typography.Text>
                  <Radio.Group value={choices.goproxy ?? (hasModules ? 'bundle' : 'off')} onChange={(e) => setChoices({ goproxy: e.target.value as GoproxyMode })} aria-labelledby="goproxy-label">
                    <Flex vertical gap={4} style={{ marginTop: 4 }}>
                      <Radio value="bundle" disabled={!hasModules}>
                        {t('scope.goproxyBundle')}
                      </Radio>
                      <Radio value="off">{t('scope.goproxyOff')}</Radio>
                      <Radio value="keep">{t('scope.goproxyKeep')}</Radio>
                    </Flex>
                  </Radio.Group>
                </div>
                {(preview?.staleGoroot.length ?? 0) > 0 && (
                  <Checkbox checked={!!choices.removeStaleGoroot} onChange={(e) => setChoices({ removeStaleGoroot: e.target.checked })}>
                    {t('scope.removeStale')}
                  </Checkbox>
                )}
              </Flex>
            ),
          },
        ]}
      />
      {previewError && <ErrorPanel error={previewError} />}
      {preview && (
        <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('scope.changes')}</Typography.Title>} data-testid="what-changes">
          <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.9 }}>
            <li>{t('scope.change.tree', { path: goroot })}</li>
            <li>{t('scope.change.keepOld')}</li>
            {hasModules && (choices.goproxy ?? 'bundle') === 'bundle' && <li>{t('scope.change.modules')}</li>}
            {preview.targets.map((x) => (
              <li key={x.path}>{t(x.kind === 'file' ? 'scope.change.file' : 'scope.change.block', { path: x.path, readBy: readByText(x.readBy, lang) })}</li>
            ))}
            {preview.link && <li>{t('scope.change.link', { path: preview.link.path })}</li>}
            {preview.registryKey && <li>{t('scope.change.registry', { key: preview.registryKey })}</li>}
          </ul>
          {preview.staleGoroot.length > 0 && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={t('scope.stale', { list: preview.staleGoroot.map((s) => `${s.where}: ${s.value}`).join('; ') })} />}
        </Card>
      )}
      <Modal
        open={confirming}
        title={t('scope.confirmTitle')}
        okText={t('scope.confirmOk')}
        cancelText={t('common.cancel')}
        onCancel={() => setConfirming(false)}
        onOk={() => {
          setConfirming(false);
          setInstall({ scope, prefix: custom ? prefix.trim() : parentOf(goroot), confirmed: true, result: null, verify: null });
          next();
        }}
        okButtonProps={{ 'data-testid': 'confirm-install' } as Record<string, string>}
      >
        <Typography.Paragraph>{t('scope.confirmBody', { path: goroot })}</Typography.Paragraph>
        <ul style={{ paddingInlineStart: 20 }}>
          <li>{t('scope.change.tree', { path: goroot })}</li>
          {preview?.targets.map((x) => <li key={x.path}>{t('scope.change.short', { path: x.path })}</li>)}
        </ul>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('scope.confirmUndo')}
        </Typography.Paragraph>
      </Modal>
    </StepPage>
  );
}

