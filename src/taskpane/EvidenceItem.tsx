import { Button } from '@fluentui/react-components';
import type { Finding } from '../core/types';
import { useI18n } from './i18n';
import { useStyles } from './styles';

/** One evidence gap as a button that selects its cell. */
export function EvidenceItem({
  finding,
  onSelect,
}: {
  finding: Finding;
  onSelect: (sheet: string, cell: string | null) => void;
}) {
  const { t, lang } = useI18n();
  const styles = useStyles();
  const kind = finding.code === 'EVIDENCE_MISSING' ? t.evidenceMissing : t.evidencePlaceholder;
  const what = finding.criterion
    ? t.criterion(finding.criterion)
    : lang === 'en'
      ? finding.messageEn
      : finding.messageVi;
  return (
    <li>
      <Button
        appearance="subtle"
        className={styles.linkButton}
        title={t.goToCell(finding.sheet, finding.cell)}
        onClick={() => onSelect(finding.sheet, finding.cell)}
      >
        <span className={styles.cellRef}>{finding.cell ?? t.wholeSheet}</span>
        <span>{`${what}: ${kind}`}</span>
      </Button>
    </li>
  );
}
