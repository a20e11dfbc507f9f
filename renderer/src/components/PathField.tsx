import { Button, Input, Space } from 'antd';
import { FolderOpenOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { call, transport } from '../api';

/**
 * A path typed by the user, with "Browse…" where the native dialog exists (Electron). In the
 * browser preview the path is typed.
 */
export function PathField(props: { label: string; value: string; onChange(v: string): void; kind?: 'folder' | 'file' | 'save'; extensions?: string[]; placeholder?: string; testId?: string; onEnter?: () => void }) {
  const { t } = useTranslation();
  const kind = props.kind ?? 'folder';
  async function browse() {
    const r =
      kind === 'folder'
        ? await call('system.chooseFolder', { title: props.label, defaultPath: props.value || undefined })
        : await call('system.chooseFile', { title: props.label, save: kind === 'save', defaultPath: props.value || undefined, extensions: props.extensions });
    if (r.supported && r.path) props.onChange(r.path);
  }
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        aria-label={props.label}
        placeholder={props.placeholder ?? props.label}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        onPressEnter={props.onEnter}
        data-testid={props.testId}
        spellCheck={false}
        autoComplete="off"
      />
      {transport() === 'electron' && (
        <Button icon={<FolderOpenOutlined />} onClick={() => void browse()} aria-label={`${t('common.browse')} ${props.label}`}>
          {t('common.browse')}
        </Button>
      )}
    </Space.Compact>
  );
}
