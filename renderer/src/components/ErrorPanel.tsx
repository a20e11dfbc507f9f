import { Alert, Button, Collapse, Space, Typography } from 'antd';
import { CopyOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { pick } from '../../../shared/text';
import { useApp } from '../store/app';
import { SupportBundleButton } from './SupportBundleButton';

/** Failures the settings can fix (mirror address, proxy, the public-site fallback): "Open settings" is their main action. */
export const SETTINGS_CODES = new Set([
  'DOWNLOAD_NOT_FOUND',
  'DOWNLOAD_HTTP_ERROR',
  'DOWNLOAD_NETWORK',
  'DOWNLOAD_TIMEOUT',
  'DOWNLOAD_NOT_ARCHIVE',
  'DOWNLOAD_BAD_CONTENT',
  'DOWNLOAD_SOURCES_FAILED',
  'DOWNLOAD_PROXY_INVALID',
  'DOWNLOAD_BAD_URL',
  'DOWNLOAD_SIGNING_KEY_UNAVAILABLE',
  'RELEASES_UNAVAILABLE',
]);

/**
 * Every failure a person sees: title, cause and fix in plain words (a cause may list what each
 * source answered, one a line), details one click away, Copy, Save support bundle, Open settings
 * where the settings can fix it, and Retry where it makes sense.
 */
export function ErrorPanel({ error, onRetry, nested }: { error: AppErrorData; onRetry?: () => void; nested?: boolean }) {
  const { t } = useTranslation();
  const lang = useApp((s) => s.lang);
  const [copied, setCopied] = useState(false);
  const other: 'en' | 'zh' = lang === 'zh' ? 'en' : 'zh';
  const technical = [`${t('error.code')}: ${error.code}`, pick(error.title, lang), pick(error.cause, lang), pick(error.fix, lang), '', pick(error.title, other), pick(error.cause, other), error.detail ?? ''].join('\n').trim();
  const cancelled = error.code === 'CANCELLED';
  const colon = lang === 'zh' ? '：' : ': ';
  const openSettings = useApp((s) => s.openSettings);
  const settingsFix = !nested && SETTINGS_CODES.has(error.code);
  return (
    <Alert
      type={cancelled ? 'info' : 'error'}
      showIcon
      role="alert"
      data-testid="error-panel"
      data-code={error.code}
      title={<span data-testid="error-title">{pick(error.title, lang)}</span>}
      description={
        <Space orientation="vertical" size="small" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            <strong>{t('error.cause')}{colon}</strong>
            <span data-testid="error-cause" style={{ whiteSpace: 'pre-line' }}>
              {pick(error.cause, lang)}
            </span>
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            <strong>{t('error.fix')}{colon}</strong>
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
            {settingsFix && (
              <Button type="primary" icon={<SettingOutlined />} onClick={() => openSettings(true)} data-testid="error-open-settings">
                {t('sources.openSettings')}
              </Button>
            )}
            {onRetry && (
              <Button type={settingsFix ? 'default' : 'primary'} icon={<ReloadOutlined />} onClick={onRetry} data-testid="retry">
                {t('error.retry')}
              </Button>
            )}
            <Button
              icon={<CopyOutlined />}
              onClick={() => {
                void navigator.clipboard?.writeText(technical).then(() => setCopied(true), () => setCopied(false));
              }}
            >
              {copied ? t('error.copied') : t('error.copy')}
            </Button>
            {!nested && !cancelled && <SupportBundleButton />}
          </Space>
        </Space>
      }
    />
  );
}
