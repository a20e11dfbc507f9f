import { Alert, Button, Collapse, Space, Typography } from 'antd';
import { CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { pick } from '../../../shared/text';
import { useApp } from '../store/app';

/** Every failure a person sees: title, cause and fix in plain words, details one click away. */
export function ErrorPanel({ error, onRetry }: { error: AppErrorData; onRetry?: () => void }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const [copied, setCopied] = useState(false);
  const technical = `${error.code}\n${error.title.en}\n${error.cause.en}\n${error.detail ?? ''}`.trim();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="error-panel"
      data-code={error.code}
      title={<span data-testid="error-title">{pick(error.title, lang)}</span>}
      description={
        <Space orientation="vertical" size="small" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            <strong>{t('error.cause')}: </strong>
            <span data-testid="error-cause">{pick(error.cause, lang)}</span>
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            <strong>{t('error.fix')}: </strong>
            <span data-testid="error-fix">{pick(error.fix, lang)}</span>
          </Typography.Paragraph>
          <Collapse
            size="small"
            ghost
            items={[
              {
                key: 'd',
                label: t('error.details'),
                children: (
                  <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0 }} data-testid="error-detail">
                    {t('error.code')}: {error.code}
                    {error.detail ? `\n\n${error.detail}` : ''}
                  </pre>
                ),
              },
            ]}
          />
          <Space wrap>
            <Button
              icon={<CopyOutlined />}
              onClick={() => {
                void navigator.clipboard?.writeText(technical).then(() => setCopied(true), () => setCopied(false));
              }}
            >
              {copied ? t('error.copied') : t('error.copy')}
            </Button>
            {onRetry && (
              <Button icon={<ReloadOutlined />} onClick={onRetry}>
                {t('error.retry')}
              </Button>
            )}
          </Space>
        </Space>
      }
    />
  );
}
