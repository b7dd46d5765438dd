import { Body1, Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useState } from 'react';
import { planSaveSettings } from '../core/results-plan';
import type { WritePlan } from '../core/plan-types';
import { useI18n } from './i18n';
import { useStyles } from './styles';
import type { Session } from './useSession';

/**
 * Saves the settings in force (the workbook's, with the edits made in the pane) into the settings sheet.
 * A settings sheet the user made is overwritten only after a confirmation.
 */
export function SaveSettings({ session }: { session: Session }) {
  const { t } = useI18n();
  const styles = useStyles();
  const [pending, setPending] = useState<{ plan: WritePlan; sheet: string } | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const { snapshot, analysis } = session;
  if (!snapshot || !analysis) return null;

  const save = async (plan: WritePlan) => {
    setPending(null);
    const ok = await session.write(plan, { vi: plan.summary[0]?.vi ?? '', en: plan.summary[0]?.en ?? '' });
    // Saved: the sheet now says what the edits said, so the pane goes back to reading it.
    if (ok) await session.check(null);
  };
  const start = () => {
    const plan = planSaveSettings(snapshot, analysis, analysis.settings);
    setRefused(null);
    // Nothing can be written (a protected settings sheet): say so and keep the pane's edits.
    if (plan.ops.length === 0) setRefused(plan.sheet);
    else if (plan.overwritesUserSheet) setPending({ plan, sheet: plan.sheet });
    else void save(plan);
  };

  return (
    <div className={styles.stack}>
      {refused !== null && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t.settingsSheetProtected(refused)}</MessageBarBody>
        </MessageBar>
      )}
      {pending ? (
        <MessageBar intent="warning" role="alert">
          <MessageBarBody>
            <Body1>{t.confirmOverwrite(pending.sheet)}</Body1>
            <div className={styles.row}>
              <Button appearance="primary" disabled={session.busy} onClick={() => void save(pending.plan)}>
                {t.confirmSave}
              </Button>
              <Button onClick={() => setPending(null)}>{t.cancel}</Button>
            </div>
          </MessageBarBody>
        </MessageBar>
      ) : (
        <div>
          <Button disabled={session.busy} onClick={start}>
            {t.saveSettings}
          </Button>
        </div>
      )}
    </div>
  );
}
