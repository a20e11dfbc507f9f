import { MedicineBoxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { runJob } from '../store/jobs';
import { useEnv } from '../store/env';
import { joinPath } from '../store/wizard';
import { SaveToFileButton } from './SaveToFile';

function defaultName(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `go-offline-support-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}.gosupport`;
}

/** "Save support bundle": asks where, writes it with secrets removed, says where it went. */
export function SupportBundleButton({ type = 'default' }: { type?: 'default' | 'primary' }) {
  const { t } = useTranslation();
  const home = useEnv((s) => s.report?.user.home);
  return (
    <SaveToFileButton
      type={type}
      label={t('support.save')}
      icon={<MedicineBoxOutlined />}
      testId="save-support-bundle"
      title={t('support.title')}
      hint={t('support.explain')}
      fieldLabel={t('support.path')}
      fieldTestId="support-path"
      extensions={['gz']}
      suggest={() => (home ? joinPath(home, defaultName()) : defaultName())}
      save={(path) => runJob('support-bundle', (id) => call('diagnose.saveSupportBundle', { jobId: id, path }))}
      saved={{ textKey: 'support.saved', testId: 'support-saved' }}
    />
  );
}
