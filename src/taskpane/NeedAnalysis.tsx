import { Body1 } from '@fluentui/react-components';
import { CheckButton } from './CheckButton';
import { useI18n } from './i18n';
import type { Session } from './useSession';

/** Shown by a screen that needs an analysis before there is one. */
export function NeedAnalysis({ session }: { session: Session }) {
  const { t } = useI18n();
  return (
    <div className="par-stack">
      <Body1>{t.needAnalysis}</Body1>
      <div>
        <CheckButton session={session} />
      </div>
    </div>
  );
}
