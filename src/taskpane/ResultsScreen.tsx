import { Body1, Button, Checkbox, Divider } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { planResults } from '../core/results-plan';
import { CleanResults } from './CleanResults';
import { toUiMessage } from './errors';
import { stringsFor, useI18n } from './i18n';
import { NeedAnalysis } from './NeedAnalysis';
import { PlanSummary } from './PlanSummary';
import { PreviousRanksFile } from './PreviousRanksFile';
import { RankingTable } from './RankingTable';
import { useStyles } from './styles';
import type { Session } from './useSession';

/** Kết quả: what will be written (before writing), the write button, each block's ranking, and removal. */
export function ResultsScreen({ session }: { session: Session }) {
  const { t, say } = useI18n();
  const styles = useStyles();
  const { snapshot, analysis } = session;
  const [notices, setNotices] = useState(false);
  const planned = useMemo(() => {
    if (!snapshot || !analysis) return null;
    try {
      return { plan: planResults(snapshot, analysis, { notices }), error: null };
    } catch (e) {
      return { plan: null, error: toUiMessage(e) };
    }
  }, [snapshot, analysis, notices]);

  return (
    <div className={styles.stack}>
      {!analysis || !planned ? (
        <NeedAnalysis session={session} />
      ) : (
        <>
          <PreviousRanksFile session={session} />
          {planned.error && <Body1 role="alert">{say(planned.error)}</Body1>}
          {planned.plan && (
            <>
              <Checkbox
                checked={notices}
                disabled={session.busy}
                onChange={(_e, data) => setNotices(data.checked === true)}
                label={t.includeNotices}
              />
              <PlanSummary plan={planned.plan} title={t.willWriteTitle} />
              <div>
                <Button
                  appearance="primary"
                  disabled={session.busy}
                  onClick={() =>
                    planned.plan &&
                    void session.write(
                      planned.plan,
                      { vi: stringsFor('vi').written, en: stringsFor('en').written },
                      { activity: 'write-results' },
                    )
                  }
                >
                  {t.writeButton}
                </Button>
              </div>
            </>
          )}
          {analysis.blocks.length === 0 ? (
            <Body1>{t.noBlocks}</Body1>
          ) : (
            analysis.blocks.map((b) => <RankingTable key={b.name} block={b} />)
          )}
        </>
      )}
      <Divider />
      <CleanResults session={session} />
    </div>
  );
}
