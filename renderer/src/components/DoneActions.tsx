import { Button, App as AntApp } from 'antd';
import { CheckOutlined, FolderOpenOutlined, RedoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { useApp } from '../store/app';
import { useJobs } from '../store/jobs';
import { useWizard } from '../store/wizard';

/**
 * What a done page offers, in its bottom bar: Open folder, do it again (Prepare another / Install
 * another, starting that journey clean), and Done (back to the start) as the one primary action.
 */
export function DoneActions({ journey, folder }: { journey: 'prepare' | 'install'; folder?: string | null }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const goHome = useApp((s) => s.goHome);
  const startJourney = useApp((s) => s.startJourney);
  async function openFolder() {
    if (!folder) return;
    const r = await call('system.showItem', { path: folder }).catch(() => ({ shown: false }));
    if (!r.shown) void message.info(t('done.folderNotShown', { path: folder }));
  }
  function again() {
    if (journey === 'prepare') useWizard.getState().resetPrepare();
    else useWizard.getState().resetInstall();
    useJobs.getState().forgetFinished();
    startJourney(journey);
  }
  function finish() {
    useJobs.getState().forgetFinished();
    goHome();
  }
  return (
    <>
      {folder && (
        <Button size="large" icon={<FolderOpenOutlined />} onClick={() => void openFolder()} data-testid="open-folder">
          {t('done.openFolder')}
        </Button>
      )}
      <Button size="large" icon={<RedoOutlined />} onClick={again} data-testid="do-again">
        {journey === 'prepare' ? t('done.prepareAnother') : t('done.installAnother')}
      </Button>
      <Button type="primary" size="large" icon={<CheckOutlined />} onClick={finish} data-testid="done" data-primary>
        {t('done.finish')}
      </Button>
    </>
  );
}
