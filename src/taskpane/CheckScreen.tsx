import { Body1, Radio, RadioGroup, Field } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { Severity } from '../core/types';
import { CheckButton } from './CheckButton';
import { countBySeverity, groupFindings, SEVERITIES } from './findings-view';
import { FindingGroups } from './FindingGroups';
import { useI18n } from './i18n';
import { SeverityFilter } from './SeverityFilter';
import { useStyles } from './styles';
import type { Session } from './useSession';

/** Kiểm tra: read + analyze, then every finding by unit or by code, filtered by severity. */
export function CheckScreen({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  const styles = useStyles();
  const [shown, setShown] = useState<Set<Severity>>(() => new Set(SEVERITIES));
  const [by, setBy] = useState<'sheet' | 'code'>('sheet');
  const findings = useMemo(() => session.analysis?.findings ?? [], [session.analysis]);
  const counts = useMemo(() => countBySeverity(findings), [findings]);
  const groups = useMemo(
    () =>
      groupFindings(
        findings.filter((f) => shown.has(f.severity)),
        by,
        session.analysis,
        lang,
      ),
    [findings, shown, by, session.analysis, lang],
  );

  return (
    <div className={styles.stack}>
      <div>
        <CheckButton session={session} />
      </div>
      {session.analysis && (
        <>
          <Body1 role="status">{t.findingsSummary(counts.error, counts.warning, counts.info)}</Body1>
          {findings.length === 0 ? (
            <Body1>{t.noFindings}</Body1>
          ) : (
            <>
              <SeverityFilter counts={counts} shown={shown} onChange={setShown} />
              <Field label={t.groupByLabel}>
                <RadioGroup
                  layout="horizontal"
                  value={by}
                  onChange={(_e, data) => setBy(data.value === 'code' ? 'code' : 'sheet')}
                >
                  <Radio value="sheet" label={t.groupByUnit} />
                  <Radio value="code" label={t.groupByCode} />
                </RadioGroup>
              </Field>
              {groups.length === 0 ? (
                <Body1>{t.noFindingsShown}</Body1>
              ) : (
                <FindingGroups
                  groups={groups}
                  by={by}
                  onSelect={(sheet, cell) => void session.selectCell(sheet, cell)}
                />
              )}
            </>
          )}
        </>
      )}
    </div>
  );
}
