import { Field, Input } from '@fluentui/react-components';
import { useI18n } from './i18n';

export interface BlockBandsRow {
  name: string;
  template: string;
  /** The block's own classification as typed; '' uses the shared one. */
  text: string;
}

/** Each block's own classification (a province may band its communes otherwise than its departments). */
export function BlockBandsFields({
  rows,
  onChange,
}: {
  rows: BlockBandsRow[];
  onChange: (rows: BlockBandsRow[]) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {rows.map((row, i) => (
        <Field key={row.name} label={t.blockBands(row.name)} hint={t.blockBandsHint}>
          <Input
            value={row.text}
            onChange={(_e, data) => onChange(rows.map((r, j) => (j === i ? { ...r, text: data.value } : r)))}
          />
        </Field>
      ))}
    </>
  );
}
