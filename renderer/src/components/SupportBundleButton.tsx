import { Button, Flex, Modal, Typography, App as AntApp } from 'antd';
import { MedicineBoxOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { call, errorData } from '../api';
import { runJob } from '../store/jobs';
import { useEnv } from '../store/env';
import { joinPath } from '../store/wizard';
import { PathField } from './PathField';
import { ErrorPanel } from './ErrorPanel';

function defaultName(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `go-offline-support-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}.gosupport`;
}

/** The note after saving: worded when shown, so it follows a language switch while it is up. */
function SavedNote({ path }: { path: string }) {
  const { t } = useTranslation();
  return <span data-testid="support-saved">{t('support.saved', { path })}</span>;
}

/** "Save support bundle": asks where, writes it with secrets removed, says where it went. */
export function SupportBundleButton({ type = 'default' }: { type?: 'default' | 'primary' }) {
  const { t } = useTranslation();
  const home = useEnv((s) => s.report?.user.home);
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  function show() {
    setPath(home ? joinPath(home, defaultName()) : defaultName());
    setError(null);
    setOpen(true);
  }
  async function save() {
    setBusy(true);
    setError(null);
    try {
      const r = await runJob('support-bundle', (id) => call('diagnose.saveSupportBundle', { jobId: id, path: path.trim() }));
      setOpen(false);
      void message.success(<SavedNote path={r.path} />);
    } catch (e) {
      setError(errorData(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button type={type} icon={<MedicineBoxOutlined />} onClick={show} data-testid="save-support-bundle">
        {t('support.save')}
      </Button>
      <Modal
        open={open}
        title={t('support.title')}
        onCancel={() => setOpen(false)}
        onOk={() => void save()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ disabled: !path.trim() }}
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{t('support.explain')}</Typography.Paragraph>
          <PathField label={t('support.path')} value={path} onChange={setPath} kind="save" extensions={['gz']} testId="support-path" />
          {error && <ErrorPanel error={error} nested />}
        </Flex>
      </Modal>
    </>
  );
}
