import { Body1 } from '@fluentui/react-components';
import type { Analysis } from '../core/types';
import { useI18n } from './i18n';
import { useStyles } from './styles';

/** Sheets not read as criteria tables, each with the reason the analysis gave. */
export function SkippedSheets({ analysis }: { analysis: Analysis }) {
  const { t, lang } = useI18n();
  const styles = useStyles();
  const skipped = analysis.sheets.filter((s) => s.role === 'skipped');
  const reasonOf = (sheet: string): string => {
    const own = analysis.findings.filter((f) => f.sheet === sheet && f.cell === null);
    if (own.length === 0) return t.skippedNoReason;
    return own.map((f) => (lang === 'en' ? f.messageEn : f.messageVi)).join(' ');
  };
  return (
    <section aria-label={t.skippedTitle} className={styles.stack}>
      <h3 className={styles.subheading}>{t.skippedTitle}</h3>
      {skipped.length === 0 ? (
        <Body1>{t.noSkipped}</Body1>
      ) : (
        <ul>
          {skipped.map((s) => (
            <li key={s.sheet}>
              <strong>{s.sheet}</strong>: {reasonOf(s.sheet)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
