import { Body1, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState, type DragEvent } from 'react';
import type { GatherEntry } from '../core/gather-plan';
import { groupFindings } from './findings-view';
import { FilePicker } from './FilePicker';
import { FindingGroups } from './FindingGroups';
import { useI18n } from './i18n';
import { useStyles } from './styles';
import type { Session } from './useSession';

const useDropStyles = makeStyles({
  zone: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  over: { border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}` },
});

const count = (entries: readonly GatherEntry[], ...actions: GatherEntry['action'][]) =>
  entries.filter((e) => actions.includes(e.action)).length;

/**
 * "Thêm bảng tự chấm của đơn vị": the units' workbooks, picked or dropped, gathered into this one as the command
 * line's `gather` does; then what was done and the findings, and the workbook checked again.
 */
export function GatherFiles({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  const styles = useStyles();
  const drop = useDropStyles();
  const [over, setOver] = useState(false);
  const summary = session.gathered;
  const groups = useMemo(
    () => (summary ? groupFindings(summary.findings, 'code', session.analysis, lang) : []),
    [summary, session.analysis, lang],
  );

  const gather = (files: File[]) => void session.gatherFiles(files);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    if (!session.busy && files.length > 0) gather(files);
  };

  const entries = summary?.entries ?? [];
  const left = entries.filter((e) => e.reason !== undefined);
  return (
    <div className={styles.stack}>
      <div
        className={over ? `${drop.zone} ${drop.over}` : drop.zone}
        aria-label={t.gatherDrop}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <FilePicker
          label={t.gatherButton}
          hint={t.gatherHint}
          accept=".xlsx,.xlsm,.xls"
          multiple
          disabled={session.busy}
          onFiles={gather}
        />
      </div>
      {summary && (
        <section aria-label={t.gatherTitle} className={styles.stack}>
          <h3 className={styles.groupHeading}>{t.gatherTitle}</h3>
          <Body1>
            {t.gatherCounts({
              added: count(entries, 'added'),
              replaced: count(entries, 'replaced'),
              unchanged: count(entries, 'unchanged'),
              kept: count(entries, 'kept', 'older'),
              twice: count(entries, 'duplicate'),
              skipped: count(entries, 'skipped', 'no-unit'),
            })}
          </Body1>
          {count(entries, 'added', 'replaced') === 0 && <Caption1>{t.gatherNothing}</Caption1>}
          {left.length > 0 && (
            <>
              <Body1>{t.gatherSkipped}</Body1>
              <ul className={styles.list}>
                {left.map((e) => (
                  <li key={e.file}>
                    <Caption1>
                      {e.file}: {e.reason![lang]}
                    </Caption1>
                  </li>
                ))}
              </ul>
            </>
          )}
          <FindingGroups groups={groups} by="code" onSelect={(sheet, cell) => void session.selectCell(sheet, cell)} />
        </section>
      )}
    </div>
  );
}
