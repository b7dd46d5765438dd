import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { Analysis } from '../core/types';
import { useI18n } from './i18n';
import { useStyles } from './styles';

/** Every sheet with what it was taken for: template, unit (of which block), settings, skipped. */
export function SheetsTable({ analysis }: { analysis: Analysis }) {
  const { t } = useI18n();
  const styles = useStyles();
  return (
    <section aria-label={t.sheetsTitle} className={styles.stack}>
      <h3 className={styles.subheading}>{t.sheetsTitle}</h3>
      <Table size="small" aria-label={t.sheetsTitle}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t.mappingSheet}</TableHeaderCell>
            <TableHeaderCell>{t.roleCol}</TableHeaderCell>
            <TableHeaderCell>{t.unitCol}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {analysis.sheets.map((s) => (
            <TableRow key={s.sheet}>
              <TableCell>{s.sheet}</TableCell>
              <TableCell>{s.block ? `${t.role[s.role]} — ${s.block}` : t.role[s.role]}</TableCell>
              <TableCell>{s.unit ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
