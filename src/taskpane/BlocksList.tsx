import { Body1 } from '@fluentui/react-components';
import type { Analysis } from '../core/types';
import { useI18n } from './i18n';
import { useStyles } from './styles';

/** The blocks found: each with its template sheet and number of units. */
export function BlocksList({ analysis }: { analysis: Analysis }) {
  const { t } = useI18n();
  const styles = useStyles();
  return (
    <section aria-label={t.blocksTitle} className={styles.stack}>
      <h3 className={styles.subheading}>{t.blocksTitle}</h3>
      {analysis.blocks.length === 0 ? (
        <Body1>{t.noBlocks}</Body1>
      ) : (
        <ul>
          {analysis.blocks.map((b) => (
            <li key={b.name}>{t.blockLine(b.name, b.template, b.units.length)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
