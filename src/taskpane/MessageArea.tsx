import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { UiMessage } from './errors';
import { useI18n } from './i18n';

/** The last error (never swallowed) and the last success, in the UI's language. */
export function MessageArea({
  error,
  notice,
  onDismissError,
  onDismissNotice,
}: {
  error: UiMessage | null;
  notice: UiMessage | null;
  onDismissError: () => void;
  onDismissNotice: () => void;
}) {
  const { t, say } = useI18n();
  return (
    <>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{t.errorTitle}</MessageBarTitle>
            {say(error)}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={onDismissError}>{t.dismiss}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {notice && (
        <MessageBar intent={notice.warnings ? 'warning' : 'success'}>
          <MessageBarBody>
            {say(notice)}
            {notice.warnings?.map((w, i) => (
              <div key={i}>{say(w)}</div>
            ))}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={onDismissNotice}>{t.dismiss}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
    </>
  );
}
