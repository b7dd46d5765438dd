import { Caption1, Input } from '@fluentui/react-components';
import { useI18n } from './i18n';
import { useStyles } from './styles';

export interface LastYearRow {
  sheet: string;
  unit: string;
  rank: string;
}

/** Last year's rank per unit, a narrow table (unit, rank) that fits the 320 px pane. */
export function LastYearRanksFields({
  rows,
  onChange,
}: {
  rows: LastYearRow[];
  onChange: (rows: LastYearRow[]) => void;
}) {
  const { t } = useI18n();
  const styles = useStyles();
  if (rows.length === 0) return null;
  return (
    <div className={styles.stack}>
      <h3 className={styles.subheading}>{t.lastYearTitle}</h3>
      <Caption1>{t.lastYearHint}</Caption1>
      <table aria-label={t.lastYearTitle} style={{ width: '100%', borderCollapse: 'collapse' }}>
        <tbody>
          {rows.map((row, i) => (
            <tr key={row.sheet}>
              <td style={{ overflowWrap: 'anywhere' }}>{row.unit}</td>
              <td style={{ width: '64px' }}>
                <Input
                  size="small"
                  inputMode="numeric"
                  style={{ width: '60px', minWidth: 0 }}
                  aria-label={t.lastYearRankOf(row.unit)}
                  value={row.rank}
                  onChange={(_e, data) => onChange(rows.map((r, j) => (j === i ? { ...r, rank: data.value } : r)))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
