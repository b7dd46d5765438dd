import { Body1, Button } from '@fluentui/react-components';
import { FilePicker } from './FilePicker';
import { FindingItem } from './FindingItem';
import { useI18n } from './i18n';
import { useStyles } from './styles';
import type { Session } from './useSession';

/** Finding codes of matching last year's ranks (core/previous.ts). */
const PREVIOUS_CODES: ReadonlySet<string> = new Set(['PREVIOUS_RANK_UNMATCHED', 'PREVIOUS_RANK_AMBIGUOUS']);

/** "Thứ hạng năm trước từ tệp…": last year's results picked as .xlsx fill the rank change; unmatched units are said. */
export function PreviousRanksFile({ session }: { session: Session }) {
  const { t } = useI18n();
  const styles = useStyles();
  const findings = (session.analysis?.findings ?? []).filter((f) => PREVIOUS_CODES.has(f.code));

  return (
    <div className={styles.stack}>
      <FilePicker
        label={t.previousFileButton}
        hint={t.previousFileHint}
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        disabled={session.busy}
        onFiles={(files) => void session.loadPrevious(files[0])}
      />
      {session.previous && (
        <>
          <Body1>{t.previousLoaded(session.previous.file, session.previous.ranked)}</Body1>
          {findings.length > 0 && (
            <ul className={styles.list}>
              {findings.map((f, i) => (
                <FindingItem
                  key={`${f.code}-${f.sheet}-${i}`}
                  finding={f}
                  onSelect={(sheet, cell) => void session.selectCell(sheet, cell)}
                  showSheet
                  showIcon
                />
              ))}
            </ul>
          )}
          <div>
            <Button disabled={session.busy} onClick={() => void session.dropPrevious()}>
              {t.previousClear}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
