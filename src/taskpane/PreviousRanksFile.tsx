import { Body1, Button, Caption1 } from '@fluentui/react-components';
import { useRef } from 'react';
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
  const input = useRef<HTMLInputElement>(null);
  const findings = (session.analysis?.findings ?? []).filter((f) => PREVIOUS_CODES.has(f.code));

  const picked = (files: FileList | null) => {
    const file = files?.[0];
    // Emptied so that picking the same file again (after fixing it) reads it again.
    if (input.current) input.current.value = '';
    if (file) void session.loadPrevious(file);
  };

  return (
    <div className={styles.stack}>
      <input
        ref={input}
        type="file"
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-label={t.previousFileButton}
        style={{ display: 'none' }}
        onChange={(e) => picked(e.target.files)}
      />
      <div>
        <Button disabled={session.busy} onClick={() => input.current?.click()}>
          {t.previousFileButton}
        </Button>
      </div>
      <Caption1>{t.previousFileHint}</Caption1>
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
