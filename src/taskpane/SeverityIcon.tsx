import { mergeClasses } from '@fluentui/react-components';
import { ErrorCircleFilled, InfoFilled, WarningFilled } from '@fluentui/react-icons';
import type { Severity } from '../core/types';
import { useI18n } from './i18n';
import { useStyles } from './styles';

const ICONS = { error: ErrorCircleFilled, warning: WarningFilled, info: InfoFilled } as const;

/** A finding's severity by shape and colour (red circle, orange triangle, blue "i"), named for screen readers. */
export function SeverityIcon({ severity }: { severity: Severity }) {
  const { t } = useI18n();
  const styles = useStyles();
  const Icon = ICONS[severity];
  return (
    <Icon
      role="img"
      aria-label={t.severityOne[severity]}
      data-severity-icon={severity}
      className={mergeClasses(styles.severityIcon, styles[severity])}
    />
  );
}
