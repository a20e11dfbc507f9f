import { Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A cause or fix text from the engine: `backticked` pieces (commands, paths, variables) become
 * code with a Copy button instead of raw backticks; line breaks are kept.
 */
export function RichText({ text }: { text: string }) {
  const { t } = useTranslation();
  const parts = text.split(/`([^`\n]+)`/);
  return (
    <span style={{ whiteSpace: 'pre-line' }}>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <Typography.Text key={i} code copyable={{ text: p, tooltips: [t('common.copy'), t('error.copied')] }} data-testid="rich-code">
            {p}
          </Typography.Text>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </span>
  );
}
