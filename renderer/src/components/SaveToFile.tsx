import { Button, Flex, Modal, Typography, App as AntApp } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { errorData } from '../api';
import { PathField } from './PathField';
import { ErrorPanel } from './ErrorPanel';

/** The note after saving: worded when shown, so it follows a language switch while it is up. */
function SavedNote({ path, textKey, testId }: { path: string; textKey: string; testId: string }) {
  const { t } = useTranslation();
  return <span data-testid={testId}>{t(textKey, { path })}</span>;
}

/**
 * A button that asks where to save a file (a path field whose Browse opens the system's save
 * dialog in the app), saves it through the engine and says where it went. When the engine answers
 * with `replace.code` (the file is there), it offers "Replace it", which saves again with
 * `replace: true`; nothing is written over without it.
 */
export function SaveToFileButton(props: {
  label: string;
  icon: ReactNode;
  testId: string;
  type?: 'default' | 'primary';
  title: string;
  hint: string;
  fieldLabel: string;
  fieldTestId: string;
  extensions: string[];
  okTestId?: string;
  /** the suggested path, worked out when the dialog opens */
  suggest: () => string;
  save: (path: string, replace: boolean) => Promise<{ path: string }>;
  /** the i18n key (with {{path}}) and test id of the note after saving */
  saved: { textKey: string; testId: string };
  replace?: { code: string; label: string; testId: string };
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  function show() {
    setPath(props.suggest());
    setError(null);
    setOpen(true);
  }
  async function save(replace: boolean) {
    setBusy(true);
    setError(null);
    try {
      const r = await props.save(path.trim(), replace);
      setOpen(false);
      void message.success(<SavedNote path={r.path} textKey={props.saved.textKey} testId={props.saved.testId} />);
    } catch (e) {
      setError(errorData(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button type={props.type} icon={props.icon} onClick={show} data-testid={props.testId}>
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.title}
        onCancel={() => setOpen(false)}
        onOk={() => void save(false)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ disabled: !path.trim(), ...(props.okTestId ? { 'data-testid': props.okTestId } : {}) }}
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{props.hint}</Typography.Paragraph>
          <PathField label={props.fieldLabel} value={path} onChange={setPath} kind="save" extensions={props.extensions} testId={props.fieldTestId} />
          {error && <ErrorPanel error={error} nested />}
          {props.replace && error?.code === props.replace.code && (
            <div>
              <Button danger onClick={() => void save(true)} loading={busy} data-testid={props.replace.testId}>
                {props.replace.label}
              </Button>
            </div>
          )}
        </Flex>
      </Modal>
    </>
  );
}
