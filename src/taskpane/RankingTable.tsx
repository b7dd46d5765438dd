import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { BlockResult } from '../core/types';
import { useI18n } from './i18n';
import { useStyles } from './styles';
import { formatPercent, formatPoints, formatRank, formatRankChange } from './ui-format';

/** One block's ranking: rank `01/08`, unit, percentage `88,52 %`, class, change against last year. */
export function RankingTable({ block }: { block: BlockResult }) {
  const { t, lang } = useI18n();
  const styles = useStyles();
  const ranked = block.units.filter((u) => u.rank !== null).length;
  const title = t.rankingOf(block.name);
  return (
    <section aria-label={title} className={styles.stack}>
      <h3 className={styles.subheading}>{title}</h3>
      <Table size="small" aria-label={title}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t.rankCol}</TableHeaderCell>
            <TableHeaderCell>{t.unitCol}</TableHeaderCell>
            <TableHeaderCell>{t.pointsCol}</TableHeaderCell>
            <TableHeaderCell>{t.percentCol}</TableHeaderCell>
            <TableHeaderCell>{t.classCol}</TableHeaderCell>
            <TableHeaderCell>{t.changeCol}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {block.units.map((u) => (
            <TableRow key={u.sheet}>
              <TableCell>{u.rank === null ? t.notRanked : formatRank(u.rank, ranked)}</TableCell>
              <TableCell>{u.unit}</TableCell>
              <TableCell className={styles.number}>{`${formatPoints(u.points, lang)}/${formatPoints(u.max, lang)}`}</TableCell>
              <TableCell className={styles.number}>{formatPercent(u.percent, lang)}</TableCell>
              <TableCell>{u.class ?? '—'}</TableCell>
              <TableCell>{formatRankChange(u.rankChange, lang)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <span className={styles.muted}>{t.blockAverage(formatPercent(block.averagePercent, lang))}</span>
    </section>
  );
}
