import { Checkbox } from '@fluentui/react-components';
import type { Severity } from '../core/types';
import { SEVERITIES } from './findings-view';
import { useI18n } from './i18n';
import { useStyles } from './styles';

/** Which severities are shown, each with its count. */
export function SeverityFilter({
  counts,
  shown,
  onChange,
}: {
  counts: Record<Severity, number>;
  shown: ReadonlySet<Severity>;
  onChange: (next: Set<Severity>) => void;
}) {
  const { t } = useI18n();
  const styles = useStyles();
  return (
    <fieldset className={styles.fieldset}>
      <legend>{t.severityFilterLabel}</legend>
      {SEVERITIES.map((severity) => (
        <Checkbox
          key={severity}
          label={`${t.severity[severity]} (${counts[severity]})`}
          checked={shown.has(severity)}
          onChange={(_e, data) => {
            const next = new Set(shown);
            if (data.checked === true) next.add(severity);
            else next.delete(severity);
            onChange(next);
          }}
        />
      ))}
    </fieldset>
  );
}
