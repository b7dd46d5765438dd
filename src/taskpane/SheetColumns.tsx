import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { columnLetter } from '../core/address';
import type { ColumnRole, SheetReading } from '../core/types';
import { useI18n } from './i18n';
import { useStyles } from './styles';

/** How one sheet's columns were recognised: meaning → header text and column letter. */
export function SheetColumns({ reading }: { reading: SheetReading }) {
  const { t } = useI18n();
  const styles = useStyles();
  const layout = reading.layout;
  if (!layout) return null;
  const roles = (Object.keys(layout.columns) as ColumnRole[]).sort(
    (a, b) => (layout.columns[a] ?? 0) - (layout.columns[b] ?? 0),
  );
  const title = t.columnsOf(reading.sheet);
  return (
    <details>
      <summary>{title}</summary>
      <div className={styles.stack}>
        <span className={styles.muted}>
          {t.headerRowIs(layout.headerRow + 1)}
          {layout.mapped ? ` (${t.mappedByUser})` : ''}
        </span>
        <Table size="extra-small" aria-label={title}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.columnMeaning}</TableHeaderCell>
              <TableHeaderCell>{t.columnLetter}</TableHeaderCell>
              <TableHeaderCell>{t.columnHeader}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {roles.map((role) => (
              <TableRow key={role}>
                <TableCell>{t.columnRole[role]}</TableCell>
                <TableCell>{columnLetter(layout.columns[role] ?? 0)}</TableCell>
                <TableCell>{layout.headerText[role] ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </details>
  );
}
