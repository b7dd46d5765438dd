import { Badge } from '@fluentui/react-components';
import type { FindingGroup } from './findings-view';
import { FindingItem } from './FindingItem';
import { useStyles } from './styles';

/** Findings under a heading per group (unit or code), each heading with its count. */
export function FindingGroups({
  groups,
  by,
  onSelect,
}: {
  groups: FindingGroup[];
  by: 'sheet' | 'code';
  onSelect: (sheet: string, cell: string | null) => void;
}) {
  const styles = useStyles();
  return (
    <div className={styles.stack}>
      {groups.map((group) => (
        <section key={group.key} aria-label={group.label} className={styles.stack}>
          <h3 className={styles.subheading}>
            {group.label}{' '}
            <Badge appearance="tint" color="informative">
              {group.findings.length}
            </Badge>
            {group.detail && <span className={styles.muted}> — {group.detail}</span>}
          </h3>
          <ul className={styles.list}>
            {group.findings.map((f, i) => (
              <FindingItem
                key={`${f.code}-${f.sheet}-${f.cell ?? ''}-${i}`}
                finding={f}
                onSelect={onSelect}
                showSheet={by === 'code'}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
