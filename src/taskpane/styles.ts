import { makeStyles, tokens } from '@fluentui/react-components';

export const useStyles = makeStyles({
  pane: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM },
  stack: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  row: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXS, alignItems: 'center' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  linkButton: { justifyContent: 'flex-start', textAlign: 'left', height: 'auto', minHeight: '28px', width: '100%', fontWeight: tokens.fontWeightRegular },
  cellRef: { fontFamily: tokens.fontFamilyMonospace, marginRight: tokens.spacingHorizontalS, whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  number: { textAlign: 'right', whiteSpace: 'nowrap' },
  fieldsetStack: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS, border: 'none', margin: 0, padding: 0 },
  fieldset: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, alignItems: 'center', border: 'none', margin: 0, padding: 0 },
});
