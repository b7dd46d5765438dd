import { Badge } from '@fluentui/react-components';
import type { FindingGroup } from './findings-view';
import { FindingItem } from './FindingItem';
import { SeverityIcon } from './SeverityIcon';
import { useStyles } from './styles';

/**
 * Findings under a heading per group, each heading with its count: a unit's name (its sheet's name secondary),
 * or a finding type's title in the UI's language with its severity icon (its code secondary, small).
 */
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
        <section key={group.key} aria-label={group.label} className={styles.stack} data-group={group.key}>
          <h3 className={styles.groupHeading}>
            {group.severity && <SeverityIcon severity={group.severity} />}
            <span>{group.label}</span>
            <Badge appearance="tint" color="informative">
              {group.findings.length}
            </Badge>
            {group.detail && (
              <span className={by === 'code' ? `${styles.muted} ${styles.code}` : styles.muted}>{group.detail}</span>
            )}
          </h3>
          <ul className={styles.list}>
            {group.findings.map((f, i) => (
              <FindingItem
                key={`${f.code}-${f.sheet}-${f.cell ?? ''}-${i}`}
                finding={f}
                onSelect={onSelect}
                showSheet={by === 'code'}
                showIcon={by === 'sheet'}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
