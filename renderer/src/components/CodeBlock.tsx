import { Button, Flex, Typography, theme } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Exact text a person may type or compare (commands, lines written to files), with Copy. */
export function CodeBlock({ text, label, testId }: { text: string; label?: string; testId?: string }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [copied, setCopied] = useState(false);
  return (
    <Flex vertical gap={4}>
      {label && (
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
            {label}
          </Typography.Text>
          <Button
            size="small"
            icon={<CopyOutlined />}
            aria-label={`${t('common.copy')}: ${label}`}
            onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false))}
          >
            {copied ? t('error.copied') : t('common.copy')}
          </Button>
        </Flex>
      )}
      <pre
        data-testid={testId}
        tabIndex={0}
        aria-label={label}
        style={{ margin: 0, padding: 12, borderRadius: 6, background: token.colorFillTertiary, color: token.colorText, fontSize: 13, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace' }}
      >
        {text}
      </pre>
    </Flex>
  );
}
