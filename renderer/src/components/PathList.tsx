import { Button, Flex, List, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PathField } from './PathField';

/** A list of paths the user adds one by one (target profiles, Go project folders). */
export function PathList(props: { label: string; items: string[]; onChange(items: string[]): void; kind: 'folder' | 'file'; extensions?: string[]; testId: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const add = () => {
    const v = draft.trim();
    if (v && !props.items.includes(v)) props.onChange([...props.items, v]);
    setDraft('');
  };
  return (
    <Flex vertical gap={8}>
      <Flex gap={8}>
        <PathField label={props.label} value={draft} onChange={setDraft} kind={props.kind} extensions={props.extensions} testId={props.testId} onEnter={add} />
        <Button icon={<PlusOutlined />} onClick={add} disabled={!draft.trim()} aria-label={`${t('common.add')}: ${props.label}`}>
          {t('common.add')}
        </Button>
      </Flex>
      {props.items.length > 0 && (
        <List
          size="small"
          bordered
          dataSource={props.items}
          renderItem={(p) => (
            <List.Item
              actions={[
                <Button key="rm" type="text" size="small" icon={<DeleteOutlined />} aria-label={`${t('common.remove')}: ${p}`} onClick={() => props.onChange(props.items.filter((x) => x !== p))} />,
              ]}
            >
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {p}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}
