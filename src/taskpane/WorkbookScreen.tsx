import { BlocksList } from './BlocksList';
import { CheckButton } from './CheckButton';
import { GatherFiles } from './GatherFiles';
import { NeedAnalysis } from './NeedAnalysis';
import { SettingsForm } from './SettingsForm';
import { SheetColumnsList } from './SheetColumns';
import { SheetsTable } from './SheetsTable';
import { SkippedSheets } from './SkippedSheets';
import { useStyles } from './styles';
import type { Session } from './useSession';

/** Bảng tính: what was found (blocks, templates, units), how each sheet was read, and the settings in force. */
export function WorkbookScreen({ session }: { session: Session }) {
  const styles = useStyles();
  const { analysis } = session;
  if (!analysis) return <NeedAnalysis session={session} />;
  return (
    <div className={styles.stack}>
      <div>
        <CheckButton session={session} />
      </div>
      <GatherFiles session={session} />
      <BlocksList analysis={analysis} />
      <SheetsTable analysis={analysis} />
      <SheetColumnsList readings={analysis.sheets} />
      <SkippedSheets analysis={analysis} />
      <SettingsForm key={settingsKey(session)} analysis={analysis} session={session} />
    </div>
  );
}

/** Re-initialise the form when the settings in force change (a new analysis). */
function settingsKey(session: Session): string {
  const s = session.analysis?.settings;
  return s ? JSON.stringify([s.basis, s.rounding, s.bands, s.lastYearRanks]) : '';
}
