import { Field, ProgressBar } from '@fluentui/react-components';
import { useI18n } from './i18n';
import type { Progress } from './useSession';

/** The long step under way: what it is doing and how far, determinate once the host reports counts. */
export function ProgressView({ progress }: { progress: Progress | null }) {
  const { t } = useI18n();
  if (!progress) return null;
  const percent = progress.fraction === null ? null : Math.floor(progress.fraction * 100);
  const label = t.progressOf(t.activity[progress.activity], percent);
  return (
    <Field validationMessage={label} validationState="none" role="status" aria-live="polite">
      <ProgressBar value={progress.fraction ?? undefined} thickness="large" aria-label={label} />
    </Field>
  );
}
