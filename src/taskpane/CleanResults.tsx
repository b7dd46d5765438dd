import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useState } from 'react';
import type { WritePlan } from '../core/plan-types';
import { planClean } from '../core/results-plan';
import { stringsFor, useI18n } from './i18n';
import { PlanSummary } from './PlanSummary';
import type { Session } from './useSession';

/** "Xóa kết quả": reads the workbook, says what would be removed, and removes it only once confirmed. */
export function CleanResults({ session }: { session: Session }) {
  const { t } = useI18n();
  const [pending, setPending] = useState<WritePlan | null>(null);

  const prepare = async () => {
    const snapshot = await session.readFresh();
    if (snapshot) setPending(planClean(snapshot));
  };
  const confirm = async () => {
    if (!pending) return;
    const plan = pending;
    setPending(null);
    await session.write(plan, { vi: stringsFor('vi').cleaned, en: stringsFor('en').cleaned }, { activity: 'clean' });
  };

  if (!pending) {
    return (
      <div>
        <Button disabled={session.busy} onClick={() => void prepare()}>
          {t.cleanButton}
        </Button>
      </div>
    );
  }
  const nothing = pending.ops.length === 0;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        {!nothing && <MessageBarTitle>{t.cleanConfirmTitle}</MessageBarTitle>}
        <PlanSummary plan={pending} title={t.cleanButton} />
      </MessageBarBody>
      <MessageBarActions>
        {!nothing && (
          <Button appearance="primary" disabled={session.busy} onClick={() => void confirm()}>
            {t.cleanConfirm}
          </Button>
        )}
        <Button onClick={() => setPending(null)}>{t.cleanCancel}</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
