import type { WritePlan } from '../core/plan-types';
import { useI18n } from './i18n';
import { useStyles } from './styles';

/** What a plan will do, said before it is applied, plus what limits it (e.g. protected sheets). */
export function PlanSummary({ plan, title }: { plan: WritePlan; title: string }) {
  const { t, lang, say } = useI18n();
  const styles = useStyles();
  return (
    <section aria-label={title} className={styles.stack}>
      <h3 className={styles.subheading}>{title}</h3>
      <ul>
        {plan.summary.map((line, i) => (
          <li key={i}>{say(line)}</li>
        ))}
      </ul>
      {plan.findings.length > 0 && (
        <>
          <h4 className={styles.subheading}>{t.planProblems}</h4>
          <ul>
            {plan.findings.map((f, i) => (
              <li key={i}>
                {f.sheet}: {lang === 'en' ? f.messageEn : f.messageVi}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
