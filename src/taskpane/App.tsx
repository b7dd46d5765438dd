import { FluentProvider, Title3, webLightTheme } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { CheckScreen } from './CheckScreen';
import { EvidenceScreen } from './EvidenceScreen';
import type { WorkbookHost } from './host';
import { I18nContext, langOf, makeI18n, useI18n } from './i18n';
import { MessageArea } from './MessageArea';
import { ProgressView } from './ProgressView';
import { ResultsScreen } from './ResultsScreen';
import { useStyles } from './styles';
import { TabStrip } from './TabStrip';
import { useSession } from './useSession';
import { WorkbookScreen } from './WorkbookScreen';

export type Screen = 'workbook' | 'check' | 'results' | 'evidence';
const SCREENS: readonly Screen[] = ['workbook', 'check', 'results', 'evidence'];

/** The task pane: four screens over one session with the workbook host. */
export function App({ host, initialScreen = 'check' }: { host: WorkbookHost; initialScreen?: Screen }) {
  const i18n = useMemo(() => makeI18n(langOf(host.displayLanguage)), [host.displayLanguage]);
  return (
    <FluentProvider theme={webLightTheme} lang={i18n.lang}>
      <I18nContext.Provider value={i18n}>
        <Pane host={host} initialScreen={initialScreen} />
      </I18nContext.Provider>
    </FluentProvider>
  );
}

function Pane({ host, initialScreen }: { host: WorkbookHost; initialScreen: Screen }) {
  const { t } = useI18n();
  const styles = useStyles();
  const session = useSession(host);
  const [screen, setScreen] = useState<Screen>(initialScreen);
  return (
    <main className={styles.pane}>
      <Title3 as="h1">{t.appTitle}</Title3>
      <TabStrip screens={SCREENS} selected={screen} onSelect={setScreen} />
      <div className={styles.status}>
        <MessageArea
          error={session.error}
          notice={session.notice}
          onDismissError={session.clearError}
          onDismissNotice={session.clearNotice}
        />
        <ProgressView progress={session.progress} />
      </div>
      <div role="tabpanel" aria-label={t.tabs[screen]}>
        {screen === 'workbook' && <WorkbookScreen session={session} />}
        {screen === 'check' && <CheckScreen session={session} />}
        {screen === 'results' && <ResultsScreen session={session} />}
        {screen === 'evidence' && <EvidenceScreen session={session} />}
      </div>
    </main>
  );
}
