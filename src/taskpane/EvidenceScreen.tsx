import { Body1 } from '@fluentui/react-components';
import { useMemo } from 'react';
import { CheckButton } from './CheckButton';
import { EvidenceItem } from './EvidenceItem';
import { groupFindings } from './findings-view';
import { useI18n } from './i18n';
import { NeedAnalysis } from './NeedAnalysis';
import { useStyles } from './styles';
import type { Session } from './useSession';

const EVIDENCE_CODES = new Set(['EVIDENCE_MISSING', 'EVIDENCE_PLACEHOLDER']);

/** Tài liệu kiểm chứng: every evidence gap per unit, with counts, each a link to its cell. */
export function EvidenceScreen({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  const styles = useStyles();
  const { analysis } = session;
  const groups = useMemo(
    () =>
      groupFindings(
        (analysis?.findings ?? []).filter((f) => EVIDENCE_CODES.has(f.code)),
        'sheet',
        analysis,
        lang,
      ),
    [analysis, lang],
  );
  if (!analysis) return <NeedAnalysis session={session} />;
  const gaps = groups.reduce((n, g) => n + g.findings.length, 0);
  const select = (sheet: string, cell: string | null) => void session.selectCell(sheet, cell);
  return (
    <div className={styles.stack}>
      <div>
        <CheckButton session={session} />
      </div>
      <h3 className={styles.subheading}>{t.evidenceTitle}</h3>
      {gaps === 0 ? (
        <Body1>{t.evidenceNone}</Body1>
      ) : (
        <>
          <Body1 role="status">{t.evidenceTotal(gaps, groups.length)}</Body1>
          {groups.map((g) => {
            const missing = g.findings.filter((f) => f.code === 'EVIDENCE_MISSING').length;
            return (
              <section key={g.key} aria-label={g.label} className={styles.stack}>
                <h4 className={styles.subheading}>
                  {g.label}
                  {g.detail && <span className={styles.muted}> — {g.detail}</span>}
                  <span className={styles.muted}> ({t.evidenceUnitCount(missing, g.findings.length - missing)})</span>
                </h4>
                <ul className={styles.list}>
                  {g.findings.map((f, i) => (
                    <EvidenceItem key={`${f.cell ?? ''}-${i}`} finding={f} onSelect={select} />
                  ))}
                </ul>
              </section>
            );
          })}
        </>
      )}
    </div>
  );
}
