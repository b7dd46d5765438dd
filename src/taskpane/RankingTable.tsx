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
            {/* Three columns fit the narrow pane (about 320 px); the rest goes on a second line. */}
            <TableHeaderCell style={{ width: '3.6em' }}>{t.rankCol}</TableHeaderCell>
            <TableHeaderCell>{t.unitCol}</TableHeaderCell>
            <TableHeaderCell style={{ width: '5.6em' }}>{t.percentCol}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {block.units.map((u) => {
            const change = formatRankChange(u.rankChange, lang);
            const details = [
              `${formatPoints(u.points, lang)}/${formatPoints(u.max, lang)} ${t.pointsCol.toLowerCase()}`,
              `${t.classCol}: ${u.class ?? '—'}`,
              ...(u.rankChange === null ? [] : [change]),
            ];
            return (
              <TableRow key={u.sheet}>
                <TableCell>{u.rank === null ? t.notRanked : formatRank(u.rank, ranked)}</TableCell>
                <TableCell>
                  <div>{u.unit}</div>
                  <div className={styles.muted}>{details.join(' · ')}</div>
                </TableCell>
                <TableCell className={styles.number}>{formatPercent(u.percent, lang)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <span className={styles.muted}>{t.blockAverage(formatPercent(block.averagePercent, lang))}</span>
    </section>
  );
}
