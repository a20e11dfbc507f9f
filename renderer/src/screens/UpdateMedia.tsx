import { Alert, Button, Card, Checkbox, Descriptions, Flex, Tag, Typography } from 'antd';
import { FolderOpenOutlined, SyncOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { BundleManifest, BundleUpdateResult } from '../../../shared/bundle';
import { formatBytes, formatDateTime } from '../../../shared/format';
import { callChannel, errorData, hasChannel, missingChannelError } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { PathField } from '../components/PathField';
import { ProgressPanel } from '../components/ProgressPanel';
import { SigningChoice, type SignArg } from '../components/SigningChoice';
import { groupFingerprint } from '../components/SignatureCheckCard';
import { useApp } from '../store/app';
import { runJob, useCurrentJob } from '../store/jobs';
import { useWizard } from '../store/wizard';

export const UPDATE_CHANNEL = 'bundle.update';
export const MANIFEST_CHANNEL = 'bundle.manifest';

/** What a bundle carries, from its manifest (pure): versions, platforms, projects. */
export function bundleContents(m: BundleManifest): { versions: string[]; platforms: string[]; projects: string[] } {
  const archives = m.files.filter((f) => f.kind === 'archive');
  return {
    versions: m.go.versions,
    platforms: [...new Set(archives.map((f) => `${f.os}-${f.arch}`))],
    projects: (m.modules?.projects ?? []).map((p) => p.name),
  };
}

/**
 * Prepare step 4, "Update existing media": read the bundle already on a drive, show what it has,
 * choose what to drop; what this journey chose (the downloaded archives, the projects) is added.
 * Only new or changed files are written and read back (bundle.update).
 */
export function UpdateMedia() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const { prepare, setPrepare } = useWizard();
  const { download, projectDirs, updateSource, updateManifest, update } = prepare;
  const [readError, setReadError] = useState<AppErrorData | null>(null);
  const [reading, setReading] = useState(false);
  const [drop, setDrop] = useState<{ versions: string[]; platforms: string[]; projects: string[] }>({ versions: [], platforms: [], projects: [] });
  // a chosen key (with its passphrase) signs; otherwise the old signer's key when it is here, else unsigned (said after)
  const [sign, setSign] = useState<SignArg | null>(null);
  const { jobId, running, error } = useCurrentJob('bundle-update');
  const available = hasChannel(UPDATE_CHANNEL) && hasChannel(MANIFEST_CHANNEL);
  const adding = (download?.files ?? []).map((f) => f.file.filename);

  async function read() {
    setReading(true);
    setReadError(null);
    setPrepare({ updateManifest: null, update: null });
    try {
      setPrepare({ updateManifest: await callChannel<BundleManifest>(MANIFEST_CHANNEL, { source: updateSource.trim() }) });
      setDrop({ versions: [], platforms: [], projects: [] });
    } catch (e) {
      setReadError(errorData(e));
    } finally {
      setReading(false);
    }
  }

  function run() {
    setPrepare({ update: null });
    runJob('bundle-update', (id) =>
      callChannel<BundleUpdateResult>(UPDATE_CHANNEL, {
        jobId: id,
        dir: updateSource.trim(),
        archiveFiles: (download?.files ?? []).map((f) => f.path),
        projects: projectDirs,
        removeVersions: drop.versions,
        removePlatforms: drop.platforms,
        removeProjects: drop.projects,
        ...(sign ? { sign } : {}),
      }),
    ).then(
      (r) => setPrepare({ update: r, updateManifest: r.manifest }),
      () => undefined,
    );
  }

  const has = updateManifest ? bundleContents(updateManifest) : null;
  const toggle = (k: 'versions' | 'platforms' | 'projects', v: string, on: boolean) => setDrop((d) => ({ ...d, [k]: on ? [...d[k], v] : d[k].filter((x) => x !== v) }));
  return (
    <>
      {!available && <ErrorPanel error={missingChannelError(UPDATE_CHANNEL)} />}
      {/* the outcome first, in view without scrolling; what the bundle has now follows */}
      {update && !running && <UpdateSummary result={update} />}
      <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('mediaUpdate.which')}</Typography.Title>}>
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('mediaUpdate.whichHint')}</Typography.Text>
          <PathField label={t('mediaUpdate.folder')} value={updateSource} onChange={(v) => setPrepare({ updateSource: v, updateManifest: null, update: null })} testId="update-dir" />
          <div>
            <Button icon={<FolderOpenOutlined />} onClick={() => void read()} loading={reading} disabled={!available || !updateSource.trim() || running} data-testid="update-read" type={has ? 'default' : 'primary'}>
              {t('mediaUpdate.read')}
            </Button>
          </div>
          {readError && <ErrorPanel error={readError} onRetry={() => void read()} />}
        </Flex>
      </Card>
      {has && updateManifest && (
        <Card
          size="small"
          title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('mediaUpdate.has')}</Typography.Title>}
          data-testid="update-has"
          // the one action of this step sits in the card's header, in view at 1024x640 as soon as the bundle is read
          extra={
            <Button type={update || error ? 'default' : 'primary'} icon={<SyncOutlined />} onClick={run} loading={running} disabled={!available || running} data-testid="update-run">
              {t('mediaUpdate.run')}
            </Button>
          }
        >
          <Descriptions size="small" column={1} bordered>
            {(['versions', 'platforms', 'projects'] as const).map((k) => (
              <Descriptions.Item key={k} label={t(`mediaUpdate.${k}`)}>
                {has[k].length === 0 ? (
                  t('mediaUpdate.noProjects')
                ) : (
                  <Flex wrap gap={8}>
                    {has[k].map((v) => (
                      <Checkbox key={v} checked={drop[k].includes(v)} onChange={(e) => toggle(k, v, e.target.checked)} disabled={running}>
                        {t('mediaUpdate.remove', { what: k === 'platforms' ? t(`platform.${v}`, { defaultValue: v }) : v })}
                      </Checkbox>
                    ))}
                  </Flex>
                )}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('mediaUpdate.signed')}>{updateManifest.signer ? `${updateManifest.signer.userIds.join(', ')} · ${groupFingerprint(updateManifest.signer.fingerprint)}` : t('signing.status.unsigned')}</Descriptions.Item>
            <Descriptions.Item label={t('prepareDone.created')}>{formatDateTime(updateManifest.createdAt, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('mediaUpdate.adds')}>
              <Flex wrap gap={4} data-testid="update-adds">
                {adding.map((a) => (
                  <Tag key={a}>{a}</Tag>
                ))}
                {projectDirs.map((p) => (
                  <Tag key={p}>{p}</Tag>
                ))}
                {adding.length + projectDirs.length === 0 && t('mediaUpdate.addsNothing')}
              </Flex>
            </Descriptions.Item>
          </Descriptions>
          <Flex vertical gap={8} style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{t('mediaUpdate.signHint')}</Typography.Text>
            <SigningChoice onChange={setSign} />
          </Flex>
        </Card>
      )}
      {!(update && !running) && <ProgressPanel jobId={jobId} title={t('mediaUpdate.progress')} />}
      {error && <ErrorPanel error={error} onRetry={run} />}
    </>
  );
}

/** What an update did, in words and sizes (the media screen and the done page). */
export function UpdateSummary({ result }: { result: BundleUpdateResult }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const size = (n: number) => formatBytes(n, lang);
  return (
    <Flex vertical gap={8} data-testid="update-done">
      <Alert
        type="success"
        showIcon
        title={result.nothingToDo ? t('mediaUpdate.nothing') : t('mediaUpdate.done')}
        description={
          result.nothingToDo
            ? t('mediaUpdate.nothingHint', { size: size(result.verifiedBytes) })
            : t('mediaUpdate.doneHint', { written: size(result.bytesWritten), checked: size(result.verifiedBytes) })
        }
      />
      {!result.nothingToDo && (
        <Descriptions size="small" column={1} bordered data-testid="update-summary">
          <Descriptions.Item label={t('mediaUpdate.added')}>{t('mediaUpdate.count', { count: result.added.files, size: size(result.added.bytes) })}</Descriptions.Item>
          <Descriptions.Item label={t('mediaUpdate.changed')}>{t('mediaUpdate.count', { count: result.changed.files, size: size(result.changed.bytes) })}</Descriptions.Item>
          <Descriptions.Item label={t('mediaUpdate.kept')}>{t('mediaUpdate.count', { count: result.kept.files, size: size(result.kept.bytes) })}</Descriptions.Item>
          <Descriptions.Item label={t('mediaUpdate.removed')}>{t('mediaUpdate.count', { count: result.removed.files, size: size(result.removed.bytes) })}</Descriptions.Item>
          {result.modulesRemoved.length > 0 && (
            <Descriptions.Item label={t('mediaUpdate.modulesRemoved')}>
              <span data-testid="update-modules-removed">{t('mediaUpdate.modulesRemovedValue', { count: result.modulesRemoved.length, kept: result.manifest.modules?.moduleCount ?? 0 })}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('mediaUpdate.versions')}>{result.manifest.go.versions.join(', ')}</Descriptions.Item>
        </Descriptions>
      )}
      {result.recovered && <Alert type="info" showIcon title={t(`mediaUpdate.recovered.${result.recovered}`)} />}
      {result.signing === 'now-unsigned' && (
        <Alert
          type="warning"
          showIcon
          data-testid="update-unsigned"
          title={t('mediaUpdate.nowUnsigned')}
          description={result.unsignedReason?.reason === 'key-missing' ? t('mediaUpdate.keyMissing', { fingerprint: groupFingerprint(result.unsignedReason.fingerprint) }) : t('mediaUpdate.noSign')}
        />
      )}
      {/* not signed before and not now: said, as Create media says it */}
      {result.signing === 'unsigned' && <Alert type="warning" showIcon data-testid="update-not-signed" title={t('signing.status.unsigned')} description={t('signing.notSigned')} />}
      {(result.signing === 're-signed' || result.signing === 'signed') && result.manifest.signer && (
        <Alert type="success" showIcon title={`${t('signing.signer')}: ${result.manifest.signer.userIds.join(', ')} · ${groupFingerprint(result.manifest.signer.fingerprint)}`} />
      )}
    </Flex>
  );
}
