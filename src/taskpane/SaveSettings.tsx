import { Body1, Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useState } from 'react';
import { planSaveSettings } from '../core/results-plan';
import type { WritePlan } from '../core/plan-types';
import type { Settings } from '../core/types';
import { stringsFor, useI18n } from './i18n';
import { settingsOnScreen } from './settings-form';
import { useStyles } from './styles';
import type { Session } from './useSession';

/**
 * Saves the settings on screen (those in force with the form's edits, applied or not) into the settings sheet,
 * then reads the workbook again with them taken from there; the saved message stays through that re-read.
 * A settings sheet the user made is overwritten only after a confirmation.
 */
export function SaveSettings({
  session,
  readForm,
}: {
  session: Session;
  /** The form's edits as an override, or null when the form cannot be read (it says why). */
  readForm: () => Partial<Settings> | null;
}) {
  const { t } = useI18n();
  const styles = useStyles();
  const [pending, setPending] = useState<{ plan: WritePlan; sheet: string } | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const { snapshot, analysis } = session;
  if (!snapshot || !analysis) return null;

  const save = async (plan: WritePlan) => {
    setPending(null);
    await session.write(
      plan,
      { vi: stringsFor('vi').settingsSaved, en: stringsFor('en').settingsSaved },
      // Saved: the sheet now says what the form said, so the pane goes back to reading it.
      { activity: 'save-settings', dropOverrides: true },
    );
  };
  const start = () => {
    setRefused(null);
    const overrides = readForm();
    if (!overrides) return;
    const plan = planSaveSettings(snapshot, analysis, settingsOnScreen(analysis.settings, overrides));
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
