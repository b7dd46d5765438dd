import { Field, ProgressBar } from '@fluentui/react-components';
import { useI18n } from './i18n';
import type { Progress } from './useSession';

/** The long step under way: a labelled bar, determinate when the host reports counts. */
export function ProgressView({ progress }: { progress: Progress | null }) {
  const { t } = useI18n();
  if (!progress) return null;
  const label =
    progress.step === 'read'
      ? t.reading(progress.done, progress.total)
      : progress.step === 'write'
        ? t.writing(progress.done, progress.total)
        : t.analyzing;
  const value = progress.total > 0 ? Math.min(1, progress.done / progress.total) : undefined;
  return (
    <Field validationMessage={label} validationState="none" role="status" aria-live="polite">
      <ProgressBar value={value} thickness="large" aria-label={label} />
    </Field>
  );
}
