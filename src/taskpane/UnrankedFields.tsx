import { Caption1, Checkbox } from '@fluentui/react-components';
import { useI18n } from './i18n';
import { useStyles } from './styles';

export interface UnrankedRow {
  sheet: string;
  unit: string;
  unranked: boolean;
}

/** Units scored but left out of the ranking (e.g. a unit merged during the year), one tick each. */
export function UnrankedFields({ rows, onChange }: { rows: UnrankedRow[]; onChange: (rows: UnrankedRow[]) => void }) {
  const { t } = useI18n();
  const styles = useStyles();
  if (rows.length === 0) return null;
  return (
    <div className={styles.stack} role="group" aria-label={t.unrankedTitle}>
      <h3 className={styles.subheading}>{t.unrankedTitle}</h3>
      <Caption1>{t.unrankedHint}</Caption1>
      {rows.map((row, i) => (
        <Checkbox
          key={row.sheet}
          label={row.unit}
          checked={row.unranked}
          onChange={(_e, data) =>
            onChange(rows.map((r, j) => (j === i ? { ...r, unranked: data.checked === true } : r)))
          }
        />
      ))}
    </div>
  );
}
