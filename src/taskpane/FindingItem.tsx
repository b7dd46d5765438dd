import { Button } from '@fluentui/react-components';
import type { Finding } from '../core/types';
import { useI18n } from './i18n';
import { SeverityIcon } from './SeverityIcon';
import { useStyles } from './styles';

/** One finding as a button that selects its cell in the workbook. Cell text is rendered as text only. */
export function FindingItem({
  finding,
  onSelect,
  showSheet,
  showIcon,
}: {
  finding: Finding;
  onSelect: (sheet: string, cell: string | null) => void;
  showSheet: boolean;
  /** Off under a heading that already shows the severity (grouped by type). */
  showIcon: boolean;
}) {
  const { t, lang } = useI18n();
  const styles = useStyles();
  const message = lang === 'en' ? finding.messageEn : finding.messageVi;
  const where = showSheet ? `${finding.sheet}!${finding.cell ?? ''}` : (finding.cell ?? t.wholeSheet);
  return (
    <li>
      <Button
        appearance="subtle"
        className={styles.linkButton}
        title={t.goToCell(finding.sheet, finding.cell)}
        onClick={() => onSelect(finding.sheet, finding.cell)}
        data-severity={finding.severity}
        data-code={finding.code}
      >
        {showIcon && <SeverityIcon severity={finding.severity} />}
        <span>
          <span className={styles.cellRef}>{where}</span>
          {message}
        </span>
      </Button>
    </li>
  );
}
