// Finding the add-in's conditional-format rule among a sheet's: the one comparison both adapters use, fed the
// same rules as ExcelJS gives them (the file's spelling, `_xlfn.`, `FFRRGGBB`) and as Office.js gives them
// (a leading `=`, `#RRGGBB`, ranges separated by commas).
import type { ConditionalRule } from '../src/core/plan-types';
import { normalizeFormula, normalizeRange, ruleMatches, type FoundRule } from '../src/workbook/rule-match';

const expression = (formula: string): ConditionalRule => ({ type: 'expression', formula, fill: 'FFC7CE' });
const found = (formula: string | null): FoundRule => ({ type: 'expression', formula });

describe('normalizeFormula', () => {
  test('drops a leading =, white space and case outside string literals', () => {
    expect(normalizeFormula('=AND( $d5 > 0, isblank($F5) )')).toBe('AND($D5>0,ISBLANK($F5))');
    expect(normalizeFormula('AND($D5>0,ISBLANK($F5))')).toBe('AND($D5>0,ISBLANK($F5))');
  });

  test('keeps string literals as they are, doubled quotes and spaces included', () => {
    expect(normalizeFormula('=if(A1 = "Không  áp dụng", "a ""quoted"" b", "")')).toBe(
      'IF(A1="Không  áp dụng","a ""quoted"" b","")',
    );
  });
});

describe('normalizeRange', () => {
  test('absolute references, case, single cells and separators do not matter', () => {
    expect(normalizeRange('$d$5:$d$20')).toBe('D5:D20');
    expect(normalizeRange('D5:D5')).toBe('D5');
    expect(normalizeRange('$A$1:$A$3, c1:c3')).toBe(normalizeRange('A1:A3 C1:C3'));
    expect(normalizeRange('  A1:A3   C1:C3 ')).toBe('A1:A3 C1:C3');
  });
});

describe('ruleMatches', () => {
  const formula = 'AND($D5>0,ISBLANK($F5),"chưa có ""TLKC"""="chưa có ""TLKC""",ISTEXT("par-index"))';
  const rule = expression(formula);

  test('a rule as Office.js gives it: a leading =, other spacing and case outside the literals', () => {
    expect(
      ruleMatches(
        found('=and( $d5>0, isblank($f5), "chưa có ""TLKC""" = "chưa có ""TLKC""", istext("par-index") )'),
        rule,
      ),
    ).toBe(true);
    // The plan's own spelling, without and with a leading =.
    expect(ruleMatches(found(formula), rule)).toBe(true);
    expect(ruleMatches(found(`=${formula}`), rule)).toBe(true);
  });

  test('a literal that differs (case or spaces inside the quotes) is another rule', () => {
    expect(
      ruleMatches(found('=AND($D5>0,ISBLANK($F5),"Chưa có ""TLKC"""="chưa có ""TLKC""",ISTEXT("par-index"))'), rule),
    ).toBe(false);
    expect(
      ruleMatches(found('=AND($D5>0,ISBLANK($F5),"chưa có ""TLKC"" "="chưa có ""TLKC""",ISTEXT("par-index"))'), rule),
    ).toBe(false);
  });

  test('an absolute reference is not a relative one', () => {
    expect(
      ruleMatches(found('=AND($D$5>0,ISBLANK($F5),"chưa có ""TLKC"""="chưa có ""TLKC""",ISTEXT("par-index"))'), rule),
    ).toBe(false);
  });

  test("the file's spelling: functions newer than Excel 2007 carry _xlfn.", () => {
    const newer = expression('IFS($D5>$C5,TRUE,TRUE,FALSE)');
    expect(ruleMatches(found('_xlfn.IFS($D5>$C5,TRUE,TRUE,FALSE)'), newer, 'file')).toBe(true);
    expect(ruleMatches(found('_xlfn.ifs( $d5 > $c5, true, true, false )'), newer, 'file')).toBe(true);
    expect(ruleMatches(found('IFS($D5>$C5,TRUE,TRUE,FALSE)'), newer, 'file')).toBe(false);
    expect(ruleMatches(found('=ifs($d5>$c5,true,true,false)'), newer)).toBe(true);
  });

  test('no formula, or another type, is no match', () => {
    expect(ruleMatches(found(null), rule)).toBe(false);
    expect(ruleMatches({ type: 'other' }, rule)).toBe(false);
    expect(ruleMatches({ type: 'colorScale', colours: ['#F8696B', '#FFEB84', '#63BE7B'] }, rule)).toBe(false);
  });

  test('colour scales: the same colours in any spelling, in order', () => {
    const scale: ConditionalRule = { type: 'colorScale', min: 'f8696b', mid: 'FFEB84', max: '63BE7B' };
    expect(ruleMatches({ type: 'colorScale', colours: ['#F8696B', '#FFEB84', '#63BE7B'] }, scale)).toBe(true);
    expect(ruleMatches({ type: 'colorScale', colours: ['FFF8696B', 'ffffeb84', 'FF63BE7B'] }, scale)).toBe(true);
    expect(ruleMatches({ type: 'colorScale', colours: ['#63BE7B', '#FFEB84', '#F8696B'] }, scale)).toBe(false);
    expect(ruleMatches({ type: 'colorScale', colours: ['#F8696B', '#63BE7B'] }, scale)).toBe(false);
    expect(ruleMatches({ type: 'colorScale', colours: ['80F8696B', '#FFEB84', '#63BE7B'] }, scale)).toBe(false);
    expect(ruleMatches(found('=TRUE'), scale)).toBe(false);
  });
});
