import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { columnLetter } from '../core/address';
import type { ColumnRole, SheetReading } from '../core/types';
import { useI18n } from './i18n';
import { useStyles } from './styles';

/** How each sheet's columns were recognised, one collapsible section per sheet (closed until asked for). */
export function SheetColumnsList({ readings }: { readings: readonly SheetReading[] }) {
  const { t } = useI18n();
  const styles = useStyles();
  const read = readings.filter((r) => r.layout !== null);
  if (read.length === 0) return null;
  return (
    <section aria-label={t.columnsTitle} className={styles.stack}>
      <h3 className={styles.subheading}>{t.columnsTitle}</h3>
      <Accordion multiple collapsible>
        {read.map((r) => (
          <SheetColumns key={r.sheet} reading={r} />
        ))}
      </Accordion>
    </section>
  );
}

/** One sheet's columns: meaning → column letter and header text. */
function SheetColumns({ reading }: { reading: SheetReading }) {
  const { t } = useI18n();
  const styles = useStyles();
  const layout = reading.layout;
  if (!layout) return null;
  const roles = (Object.keys(layout.columns) as ColumnRole[]).sort(
    (a, b) => (layout.columns[a] ?? 0) - (layout.columns[b] ?? 0),
  );
  const title = t.columnsOf(reading.sheet);
  return (
    <AccordionItem value={reading.sheet}>
      <AccordionHeader size="small">{reading.sheet}</AccordionHeader>
      <AccordionPanel>
        <div className={styles.stack}>
          <span className={styles.muted}>
            {t.headerRowIs(layout.headerRow + 1)}
            {layout.mapped ? ` (${t.mappedByUser})` : ''}
          </span>
          <Table size="extra-small" aria-label={title}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.columnMeaning}</TableHeaderCell>
                <TableHeaderCell style={{ width: '3.2em' }}>{t.columnLetter}</TableHeaderCell>
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
      </AccordionPanel>
    </AccordionItem>
  );
}
