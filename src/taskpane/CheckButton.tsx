import { Button } from '@fluentui/react-components';
import { useI18n } from './i18n';
import type { Session } from './useSession';

/** Reads and analyzes the workbook; says "check again" once there is an analysis. */
export function CheckButton({ session }: { session: Session }) {
  const { t } = useI18n();
  return (
    <Button appearance="primary" disabled={session.busy} onClick={() => void session.check()}>
      {session.analysis ? t.recheckButton : t.checkButton}
    </Button>
  );
}
