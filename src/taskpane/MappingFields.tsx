import { Field, Input, Select } from '@fluentui/react-components';
import type { Analysis } from '../core/types';
import { useI18n } from './i18n';
import { MAPPABLE_ROLES, mappingFormFor, type MappingForm } from './settings-form';
import { useStyles } from './styles';

/** Says which column is which for one sheet: a sheet, its header row and a column letter per meaning. */
export function MappingFields({
  analysis,
  form,
  onChange,
}: {
  analysis: Analysis;
  form: MappingForm | null;
  onChange: (next: MappingForm | null) => void;
}) {
  const { t } = useI18n();
  const styles = useStyles();
  const sheets = analysis.sheets.filter((s) => s.role === 'template' || s.role === 'unit' || s.role === 'skipped');
  return (
    <fieldset className={styles.fieldsetStack}>
      <legend className={styles.subheading}>{t.mappingTitle}</legend>
      <Field label={t.mappingSheet}>
        <Select
          value={form?.sheet ?? ''}
          onChange={(_e, data) => {
            const reading = sheets.find((s) => s.sheet === data.value);
            onChange(reading ? mappingFormFor(reading.sheet, reading.layout) : null);
          }}
        >
          <option value="">{t.mappingNone}</option>
          {sheets.map((s) => (
            <option key={s.sheet} value={s.sheet}>
              {s.sheet}
            </option>
          ))}
        </Select>
      </Field>
      {form && (
        <div className={styles.row}>
          <Field label={t.mappingHeaderRow}>
            <Input
              value={form.headerRow}
              inputMode="numeric"
              size="small"
              onChange={(_e, data) => onChange({ ...form, headerRow: data.value })}
            />
          </Field>
          {MAPPABLE_ROLES.map((role) => (
            <Field key={role} label={t.columnRole[role]} hint={role === 'code' ? t.mappingColumnHint : undefined}>
              <Input
                value={form.columns[role] ?? ''}
                size="small"
                onChange={(_e, data) => onChange({ ...form, columns: { ...form.columns, [role]: data.value } })}
              />
            </Field>
          ))}
        </div>
      )}
    </fieldset>
  );
}
