import { Body1, Button, Field, Input, MessageBar, MessageBarBody, Select } from '@fluentui/react-components';
import { useState } from 'react';
import type { Analysis, RoundingMode, ScoreBasis, Settings } from '../core/types';
import { useI18n } from './i18n';
import { BlockBandsFields, type BlockBandsRow } from './BlockBandsFields';
import { LastYearRanksFields, type LastYearRow } from './LastYearRanksFields';
import { MappingFields } from './MappingFields';
import { SaveSettings } from './SaveSettings';
import { UnrankedFields, type UnrankedRow } from './UnrankedFields';
import {
  bandsToText,
  blockBandsForm,
  blocksFromForm,
  buildOverrides,
  lastYearRanksForm,
  lastYearRanksFromForm,
  mappingFromForm,
  parseBandsText,
  unrankedForm,
  unrankedFromForm,
  type MappingForm,
} from './settings-form';
import { useStyles } from './styles';
import type { Session } from './useSession';

const BASES: readonly ScoreBasis[] = ['auto', 'self', 'appraised'];
const ROUNDINGS: readonly RoundingMode[] = ['half-up', 'truncate'];

/** The settings in force, editable: the edit becomes an override for the next analysis, and can be saved to the sheet. */
export function SettingsForm({ analysis, session }: { analysis: Analysis; session: Session }) {
  const { t } = useI18n();
  const styles = useStyles();
  const settings = analysis.settings;
  const [basis, setBasis] = useState<ScoreBasis>(settings.basis);
  const [rounding, setRounding] = useState<RoundingMode>(settings.rounding);
  const [bandsText, setBandsText] = useState(() => bandsToText(settings.bands));
  const [mapping, setMapping] = useState<MappingForm | null>(null);
  const [lastYear, setLastYear] = useState<LastYearRow[]>(() => lastYearRanksForm(analysis));
  const [lastYearEdited, setLastYearEdited] = useState(false);
  const [blockBands, setBlockBands] = useState<BlockBandsRow[]>(() => blockBandsForm(analysis));
  const [blockBandsEdited, setBlockBandsEdited] = useState(false);
  const [unranked, setUnranked] = useState<UnrankedRow[]>(() => unrankedForm(analysis));
  const [unrankedEdited, setUnrankedEdited] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);

  /** What the form says, as an override; null (and the reason shown) when part of it cannot be read. */
  const readForm = (): Partial<Settings> | null => {
    const bands = parseBandsText(bandsText);
    if (!bands) {
      setInvalid(t.bandsInvalid);
      return null;
    }
    let sheetMapping = null;
    if (mapping) {
      const read = mappingFromForm(mapping);
      if ('invalid' in read) {
        setInvalid(t.mappingInvalid(read.invalid));
        return null;
      }
      sheetMapping = read.mapping;
    }
    let lastYearRanks: Record<string, number> | undefined;
    if (lastYearEdited) {
      const read = lastYearRanksFromForm(lastYear, settings.lastYearRanks);
      if ('invalid' in read) {
        setInvalid(t.lastYearInvalid(read.invalid.unit, read.invalid.value));
        return null;
      }
      lastYearRanks = read.ranks;
    }
    let blocks;
    if (blockBandsEdited) {
      const read = blocksFromForm(blockBands, settings.blocks);
      if ('invalid' in read) {
        setInvalid(t.blockBandsInvalid(read.invalid));
        return null;
      }
      blocks = read.blocks;
    }
    const unrankedNames = unrankedEdited ? unrankedFromForm(unranked, settings.unranked) : undefined;
    setInvalid(null);
    return buildOverrides(
      { basis, rounding, bands, mapping: sheetMapping, lastYearRanks, blocks, unranked: unrankedNames },
      session.overrides,
    );
  };
  const submit = () => {
    const overrides = readForm();
    if (overrides) void session.check(overrides);
  };

  return (
    <form
      aria-label={t.settingsTitle}
      className={styles.stack}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 className={styles.subheading}>{t.settingsTitle}</h3>
      {session.overrides && <Body1>{t.overridesActive}</Body1>}
      <Field label={t.basisLabel} hint={t.basisHint}>
        <Select className={styles.fullWidth} value={basis} onChange={(_e, data) => setBasis(data.value as ScoreBasis)}>
          {BASES.map((b) => (
            <option key={b} value={b}>
              {t.basis[b]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t.roundingLabel}>
        <Select
          className={styles.fullWidth}
          value={rounding}
          onChange={(_e, data) => setRounding(data.value as RoundingMode)}
        >
          {ROUNDINGS.map((r) => (
            <option key={r} value={r}>
              {t.rounding[r]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t.bandsLabel} hint={t.bandsHint}>
        <Input value={bandsText} onChange={(_e, data) => setBandsText(data.value)} />
      </Field>
      <BlockBandsFields
        rows={blockBands}
        onChange={(rows) => {
          setBlockBands(rows);
          setBlockBandsEdited(true);
        }}
      />
      <MappingFields analysis={analysis} form={mapping} onChange={setMapping} />
      <LastYearRanksFields
        rows={lastYear}
        onChange={(rows) => {
          setLastYear(rows);
          setLastYearEdited(true);
        }}
      />
      <UnrankedFields
        rows={unranked}
        onChange={(rows) => {
          setUnranked(rows);
          setUnrankedEdited(true);
        }}
      />
      {invalid && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{invalid}</MessageBarBody>
        </MessageBar>
      )}
      <MessageBar intent="info">
        <MessageBarBody>{t.overridesNotSaved}</MessageBarBody>
      </MessageBar>
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={session.busy}>
          {t.applySettings}
        </Button>
        <SaveSettings session={session} readForm={readForm} />
        {session.overrides && (
          <Button type="button" disabled={session.busy} onClick={() => void session.check(null)}>
            {t.resetSettings}
          </Button>
        )}
      </div>
    </form>
  );
}
