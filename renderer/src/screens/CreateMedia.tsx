import { Alert, Button, Card, Flex, Radio, Spin, Tag, Typography } from 'antd';
import { ReloadOutlined, SaveOutlined, UsbOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { RemovableDrive } from '../../../shared/bundle';
import { formatBytes } from '../../../shared/format';
import { call, callChannel, errorData, hasChannel, missingChannelError } from '../api';
import { patchSettings } from '../lib/settings';
import { ErrorPanel } from '../components/ErrorPanel';
import { FindingList } from '../components/FindingList';
import { PathField } from '../components/PathField';
import { ProgressPanel } from '../components/ProgressPanel';
import { StepPage } from '../components/StepPage';
import { SigningChoice, type SignArg } from '../components/SigningChoice';
import { groupFingerprint } from '../components/SignatureCheckCard';
import { useApp } from '../store/app';
import { runJob, useCurrentJob } from '../store/jobs';
import { joinPath, useWizard, type MediaResult } from '../store/wizard';
import { UpdateMedia } from './UpdateMedia';

export const CREATE_CHANNEL = 'bundle.create';
export const DRIVES_CHANNEL = 'bundle.drives';

/** What the destination will need and whether it fits (pure). */
export function mediaWarnings(need: number, drive: RemovableDrive | null): Array<'noSpace' | 'fat32' | 'readOnly'> {
  const out: Array<'noSpace' | 'fat32' | 'readOnly'> = [];
  if (!drive) return out;
  if (drive.readOnly) out.push('readOnly');
  if (drive.free !== null && drive.free < need * 1.05) out.push('noSpace');
  if (drive.fat32) out.push('fat32');
  return out;
}

/** Step 4 (Prepare): write the bundle to a removable drive or a folder, then read every byte back. */
export function CreateMedia() {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const setGate = useApp((s) => s.setGate);
  const { prepare, setPrepare } = useWizard();
  const { version, platforms, download, destination, drive, media, projectDirs, profilePaths, mediaMode, update } = prepare;
  const updating = useCurrentJob('bundle-update').running;
  const [drives, setDrives] = useState<RemovableDrive[] | null>(null);
  const [drivesError, setDrivesError] = useState<AppErrorData | null>(null);
  const [sign, setSign] = useState<SignArg | null>(null);
  // the job lives in the store: leaving this screen and coming back shows the same writing
  const { jobId, running, error } = useCurrentJob('bundle');
  const available = hasChannel(CREATE_CHANNEL);
  const need = (download?.files ?? []).reduce((n, f) => n + f.size, 0);
  const warnings = mediaWarnings(need, drive);

  const loadDrives = useCallback(async () => {
    if (!hasChannel(DRIVES_CHANNEL)) return setDrives([]);
    setDrivesError(null);
    try {
      setDrives(await callChannel<RemovableDrive[]>(DRIVES_CHANNEL, {}));
    } catch (e) {
      setDrives([]);
      setDrivesError(errorData(e));
    }
  }, []);
  useEffect(() => {
    if (drives === null) void loadDrives();
  }, [drives, loadDrives]);

  useEffect(() => {
    if (running || updating) setGate({ state: 'busy', reason: 'nav.reason.writing' });
    else if (mediaMode === 'update') setGate(update ? { state: 'ok' } : { state: 'incomplete', reason: 'nav.reason.updateFirst' });
    else if (!available) setGate({ state: 'fail', reason: 'nav.reason.unavailable' });
    else if (!media) setGate({ state: 'incomplete', reason: 'nav.reason.createFirst' });
    else setGate({ state: 'ok' });
  }, [running, updating, media, available, setGate, mediaMode, update]);

  function create() {
    if (!version || !download) return;
    setPrepare({ media: null });
    runJob('bundle', (id) =>
      callChannel<MediaResult>(CREATE_CHANNEL, {
        jobId: id,
        version,
        platforms,
        archiveFiles: download.files.map((f) => f.path),
        ...(projectDirs.length ? { projects: projectDirs } : {}),
        ...(profilePaths.length ? { profile: profilePaths[0] } : {}),
        outDir: destination.trim(),
        sign,
      }),
    ).then(
      async (r) => {
        setPrepare({ media: r });
        const s = await call('settings.get', {}).catch(() => null);
        if (s) void patchSettings({ lastDestinations: [r.outDir, ...s.lastDestinations.filter((d) => d !== r.outDir)].slice(0, 10) }).catch(() => undefined);
      },
      () => undefined,
    );
  }

  const pickDrive = (d: RemovableDrive | null) => {
    setPrepare({ drive: d, destination: d?.mountpoint ? joinPath(d.mountpoint, `go-offline-${version ?? 'go'}`) : destination });
  };

  return (
    <StepPage title={mediaMode === 'update' ? t('mediaUpdate.modeUpdate') : t('media.title')} intro={mediaMode === 'update' ? t('mediaUpdate.intro') : t('media.intro', { size: formatBytes(need, lang) })}>
      <Radio.Group
        value={mediaMode}
        optionType="button"
        onChange={(e) => setPrepare({ mediaMode: e.target.value as 'new' | 'update' })}
        disabled={running || updating}
        aria-label={t('mediaUpdate.mode')}
        data-testid="media-mode"
        options={[
          { value: 'new', label: t('mediaUpdate.modeNew') },
          { value: 'update', label: t('mediaUpdate.modeUpdate') },
        ]}
      />
      {mediaMode === 'update' ? (
        <UpdateMedia />
      ) : (
        <>
      {!available && <ErrorPanel error={missingChannelError(CREATE_CHANNEL)} />}
      {/* what is happening and the outcome lead the page, in view at 1024x640 without scrolling (the
          Create button is at the bottom of the window); once written and read back, the result says so:
          the finished bars are not shown twice */}
      {!(media && !running) && <ProgressPanel jobId={jobId} title={t('media.progress')} />}
      {error && <ErrorPanel error={error} onRetry={create} />}
      {media && !running && (
        <>
          <Alert type="success" showIcon data-testid="media-done" title={t('media.done')} description={t('media.doneHint', { files: media.files, size: formatBytes(media.bytes, lang), folder: media.outDir })} />
          <Alert
            type={media.manifest?.signer ? 'success' : 'warning'}
            showIcon
            data-testid="media-signed"
            data-signed={media.manifest?.signer ? 'yes' : 'no'}
            title={
              media.manifest?.signer ? (
                <>
                  {t('signing.signer')}
                  {lang === 'zh' ? '：' : ': '}
                  {/* the signer's own words and the fingerprint, shown as they are */}
                  <span data-latin-ok>
                    {media.manifest.signer.userIds.join(', ')} · {groupFingerprint(media.manifest.signer.fingerprint)}
                  </span>
                </>
              ) : (
                t('signing.status.unsigned')
              )
            }
            // said after the media was made: what is on it, not what will be
            description={media.manifest?.signer ? t('signing.signed') : t('signing.notSigned')}
          />
          {(media.warnings?.length ?? 0) > 0 && (
            <Card size="small" title={t('media.warnings')}>
              <FindingList findings={media.warnings!} label={t('media.warnings')} />
            </Card>
          )}
        </>
      )}
      <Card
        size="small"
        title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('media.drives')}</Typography.Title>}
        extra={
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void loadDrives()}>
            {t('media.rescan')}
          </Button>
        }
      >
        {drives === null ? (
          <Spin />
        ) : drives.length === 0 ? (
          <Typography.Text type="secondary" data-testid="no-drives">
            {t('media.noDrives')}
          </Typography.Text>
        ) : (
          <Radio.Group value={drive?.device ?? ''} onChange={(e) => pickDrive(drives.find((d) => d.device === e.target.value) ?? null)} aria-label={t('media.drives')}>
            <Flex vertical gap={8}>
              {drives.map((d) => (
                <Radio key={d.device} value={d.device} disabled={!d.mountpoint || d.readOnly}>
                  <UsbOutlined aria-hidden /> <strong>{d.label ?? d.model ?? d.device}</strong> · {formatBytes(d.size, lang)} · {d.free !== null ? t('media.free', { size: formatBytes(d.free, lang) }) : t('media.notMounted')} {d.filesystem && <Tag>{d.filesystem}</Tag>}
                </Radio>
              ))}
              <Radio value="">{t('media.useFolder')}</Radio>
            </Flex>
          </Radio.Group>
        )}
        {drivesError && <ErrorPanel error={drivesError} onRetry={() => void loadDrives()} />}
      </Card>
      <Card size="small" title={<Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>{t('media.destination')}</Typography.Title>}>
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('media.destinationHint')}</Typography.Text>
          <PathField label={t('media.folder')} value={destination} onChange={(v) => setPrepare({ destination: v })} testId="media-dir" />
          <SigningChoice onChange={setSign} />
          {warnings.map((w) => (
            <Alert key={w} type={w === 'fat32' ? 'warning' : 'error'} showIcon title={t(`media.warn.${w}`)} data-testid={`media-warn-${w}`} />
          ))}
          <div>
            <Button
              type={media || error ? 'default' : 'primary'}
              size="large"
              icon={<SaveOutlined />}
              onClick={create}
              loading={running}
              disabled={!available || running || !destination.trim() || !download || warnings.includes('noSpace') || warnings.includes('readOnly')}
              data-testid="create-media"
            >
              {media ? t('media.again') : t('media.create')}
            </Button>
          </div>
        </Flex>
      </Card>
        </>
      )}
    </StepPage>
  );
}
