// Ownership you can trust (issue 9, item 4): a sheet is replaced or removed only while the record proves it is
// the tool's own, unchanged output (a fingerprint); the record is found by content, never trusted by name.
// Plans are carried out here on plain snapshots by a small interpreter of the ops that matter.
import { parseRange } from '../../src/core/address';
import { analyzeWorkbook } from '../../src/core/analyze';
import {
  findOwnership,
  ownershipCells,
  OWNERSHIP_NOTE,
  ownershipJson,
  OWNERSHIP_CHUNK_PREFIX,
  planFingerprints,
  sheetFingerprint,
} from '../../src/core/ownership';
import { isPlanFormula, OWNERSHIP_SHEET, type WriteOp, type WritePlan } from '../../src/core/plan-types';
import { planClean, planResults } from '../../src/core/results-plan';
import { cleanSheetName, cutToUnits, freeSheetName } from '../../src/core/sheet-names';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../../src/core/types';
import { SMALL_TEMPLATE, smallUnitRows, templateSheet, unitSheet } from '../helpers/sheets';

/** Carries out the ops that change a snapshot's sheets (highlights are not in a snapshot). */
function apply(snapshot: WorkbookSnapshot, plan: WritePlan): WorkbookSnapshot {
  const sheets: SheetSnapshot[] = snapshot.sheets.map((s) => ({
    ...s,
    rows: s.rows.map((r) => [...r]),
    ...(s.formulas ? { formulas: s.formulas.map((r) => [...r]) } : {}),
    ...(s.merges ? { merges: [...s.merges] } : {}),
  }));
  const get = (name: string): SheetSnapshot => {
    const s = sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  };
  const put = (s: SheetSnapshot, row: number, col: number, v: CellValue, f: string | null) => {
    while (s.rows.length <= row) s.rows.push([]);
    while (s.rows[row].length <= col) s.rows[row].push(null);
    s.rows[row][col] = v;
    if (f !== null || s.formulas) {
      s.formulas ??= [];
      while (s.formulas.length <= row) s.formulas.push([]);
      while (s.formulas[row].length <= col) s.formulas[row].push(null);
      s.formulas[row][col] = f;
    }
  };
  for (const op of plan.ops as WriteOp[]) {
    if (op.kind === 'addSheet') {
      if (sheets.some((s) => s.name.toLowerCase() === op.sheet.toLowerCase())) throw new Error(`duplicate ${op.sheet}`);
      sheets.push({ name: op.sheet, rows: [], ...(op.hidden ? { hidden: true } : {}) });
    } else if (op.kind === 'deleteSheet') sheets.splice(sheets.indexOf(get(op.sheet)), 1);
    else if (op.kind === 'setCells') {
      const at = parseRange(op.address)!;
      op.cells.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (isPlanFormula(cell)) put(get(op.sheet), at.top + r, at.left + c, cell.expected ?? null, cell.formula);
          else put(get(op.sheet), at.top + r, at.left + c, cell, null);
        }),
      );
    } else if (op.kind === 'merge') {
      const s = get(op.sheet);
      (s.merges ??= []).push(op.range);
      const b = parseRange(op.range)!;
      for (let r = b.top; r <= b.bottom; r++)
        for (let c = b.left; c <= b.right; c++) if (r !== b.top || c !== b.left) put(s, r, c, null, null);
    } else if (op.kind === 'writeOwnership') {
      const name = op.sheet ?? OWNERSHIP_SHEET;
      let s = sheets.find((x) => x.name === name);
      if (!s) sheets.push((s = { name, rows: [] }));
      s.hidden = true;
      s.rows = ownershipCells(op.record).map((r) => [...r]);
      delete s.formulas;
    }
  }
  return { sheets };
}

const rank = (s: WorkbookSnapshot) => {
  const plan = planResults(s, analyzeWorkbook(s));
  return { plan, after: apply(s, plan) };
};
const clean = (s: WorkbookSnapshot) => {
  const plan = planClean(s);
  return { plan, after: apply(s, plan) };
};
const names = (s: WorkbookSnapshot) => s.sheets.map((x) => x.name);
const sheet = (s: WorkbookSnapshot, name: string) => s.sheets.find((x) => x.name === name)!;
const deleted = (plan: WritePlan) => plan.ops.flatMap((o) => (o.kind === 'deleteSheet' ? [o.sheet] : []));
const codes = (plan: WritePlan) => plan.findings.map((f) => [f.code, f.sheet]);

function workbook(extra: SheetSnapshot[] = []): WorkbookSnapshot {
  return {
    sheets: [
      templateSheet('Bộ tiêu chí', SMALL_TEMPLATE, 10),
      unitSheet('Sở A', 'Sở A', smallUnitRows([2, 2, 2, 4])),
      unitSheet('Sở B', 'Sở B', smallUnitRows([1, 2, 0, 4])),
      ...extra,
    ],
  };
}

/** The user's own sheets of `s` (not the tool's), as they are. */
function userSheets(s: WorkbookSnapshot, own: WorkbookSnapshot) {
  return own.sheets.map((o) => s.sheets.find((x) => x.name === o.name));
}

describe('fingerprints', () => {
  test("the plan's fingerprint of each sheet it creates is the written sheet's", () => {
    const { plan, after } = rank(workbook());
    const fps = planFingerprints(plan.ops);
    expect(fps.size).toBeGreaterThan(4);
    for (const [name, { final, states }] of fps) {
      expect([name, sheetFingerprint(sheet(after, name))]).toEqual([name, final]);
      expect(states[states.length - 1]).toBe(final);
    }
    const record = findOwnership(after)!.record;
    for (const [name, { final }] of fps) expect(record.fingerprints[name]).toBe(final);
  });

  test("Excel's own rewrites are not edits, a person's are", () => {
    const base: SheetSnapshot = {
      name: 'X',
      rows: [
        ['Title', null],
        [1, 5],
      ],
      formulas: [
        [null, null],
        [null, "SUM('Sở A'!D6:D9)"],
      ],
    };
    const fp = sheetFingerprint(base);
    // rows inserted in a unit sheet: references rewritten; a score changed: cached results change
    expect(
      sheetFingerprint({
        ...base,
        formulas: [
          [null, null],
          [null, "SUM('Sở A'!D7:D10)"],
        ],
      }),
    ).toBe(fp);
    expect(
      sheetFingerprint({
        ...base,
        rows: [
          ['Title', null],
          [1, 99],
        ],
      }),
    ).toBe(fp);
    // a constant edited, a value typed into an empty cell, a formula replaced by a value, a cell cleared
    expect(
      sheetFingerprint({
        ...base,
        rows: [
          ['Titel', null],
          [1, 5],
        ],
      }),
    ).not.toBe(fp);
    expect(
      sheetFingerprint({
        ...base,
        rows: [
          ['Title', 'note'],
          [1, 5],
        ],
      }),
    ).not.toBe(fp);
    expect(
      sheetFingerprint({
        ...base,
        formulas: [
          [null, null],
          [null, null],
        ],
      }),
    ).not.toBe(fp);
    expect(
      sheetFingerprint({
        ...base,
        rows: [
          ['Title', null],
          [null, 5],
        ],
      }),
    ).not.toBe(fp);
    // a number typed as text is an edit
    expect(
      sheetFingerprint({
        ...base,
        rows: [
          ['Title', null],
          ['1', 5],
        ],
      }),
    ).not.toBe(fp);
  });
});

describe('replace or remove only what is proven ours', () => {
  test('rank twice = rank once; clean(rank(x)) = x', () => {
    const x = workbook();
    const once = rank(x);
    const twice = rank(once.after);
    expect(names(twice.after)).toEqual(names(once.after));
    expect(twice.plan.findings.filter((f) => f.code === 'OUTPUT_KEPT' || f.code === 'RECORD_MISMATCH')).toEqual([]);
    for (const s of once.after.sheets) {
      const t = sheet(twice.after, s.name);
      expect([s.name, sheetFingerprint(t)]).toEqual([s.name, sheetFingerprint(s)]);
    }
    const back = clean(twice.after);
    expect(back.after).toEqual(x);
    expect(clean(once.after).after).toEqual(x);
    // both plans remove the highlights by their tag
    expect(once.plan.ops.some((o) => o.kind === 'removeTaggedHighlights')).toBe(true);
    expect(back.plan.ops.some((o) => o.kind === 'removeTaggedHighlights')).toBe(true);
  });

  test("a stale or forged record (listing the user's sheets) deletes nothing and is said", () => {
    const forged = {
      version: 1 as const,
      sheets: ['Sở A', 'Sở B', 'Tổng hợp'],
      conditionalFormats: [],
      fingerprints: { 'Sở A': 'c1:00000000000000' },
    };
    const note: SheetSnapshot = {
      name: OWNERSHIP_SHEET,
      rows: [[OWNERSHIP_NOTE], [OWNERSHIP_CHUNK_PREFIX + ownershipJson(forged)]],
      hidden: true,
    };
    const own: SheetSnapshot = { name: 'Tổng hợp', rows: [['my own summary']] };
    const x = workbook([own, note]);
    for (const plan of [planClean(x), rank(x).plan]) {
      expect(deleted(plan).filter((n) => n !== OWNERSHIP_SHEET)).toEqual([]);
      expect(codes(plan)).toContainEqual(['RECORD_MISMATCH', OWNERSHIP_SHEET]);
      expect(plan.ops.filter((o) => o.kind === 'removeConditionalFormat')).toEqual([]);
    }
    const ranked = rank(x);
    expect(userSheets(ranked.after, workbook([own]))).toEqual(workbook([own]).sheets);
    expect(names(ranked.after)).toContain('Tổng hợp (2)');
    expect(codes(ranked.plan)).toContainEqual(['OUTPUT_KEPT', 'Tổng hợp']);
    const cleaned = clean(ranked.after);
    expect(cleaned.after).toEqual({ sheets: workbook([own]).sheets });
  });

  test('a user deleted the generated "Tổng hợp" and made their own: kept, the new output beside it, a warning', () => {
    const once = rank(workbook()).after;
    const mine: SheetSnapshot = { name: 'Tổng hợp', rows: [['Bảng của tôi'], [1, 2, 3]] };
    const edited = { sheets: [...once.sheets.filter((s) => s.name !== 'Tổng hợp'), mine] };
    const again = rank(edited);
    expect(deleted(again.plan)).not.toContain('Tổng hợp');
    expect(sheet(again.after, 'Tổng hợp')).toEqual(mine);
    expect(again.plan.names.summary).toBe('Tổng hợp (2)');
    const kept = again.plan.findings.find((f) => f.code === 'OUTPUT_KEPT');
    expect(kept).toMatchObject({ sheet: 'Tổng hợp', severity: 'warning' });
    expect(kept?.messageVi).toMatch(/"Tổng hợp".*"Tổng hợp \(2\)"/);
    expect(kept?.messageEn).toMatch(/"Tổng hợp".*"Tổng hợp \(2\)"/);
    const cleaned = clean(again.after).after;
    expect(sheet(cleaned, 'Tổng hợp')).toEqual(mine);
    expect(names(cleaned)).toEqual([...workbook().sheets.map((s) => s.name), 'Tổng hợp']);
  });

  test('an output sheet the user edited is kept on a re-run and on clean', () => {
    const once = rank(workbook()).after;
    const edited: WorkbookSnapshot = {
      sheets: once.sheets.map((s) => (s.name === 'Kiểm tra' ? { ...s, rows: [...s.rows, ['ghi chú của tôi']] } : s)),
    };
    const mine = sheet(edited, 'Kiểm tra');
    const again = rank(edited);
    expect(deleted(again.plan)).not.toContain('Kiểm tra');
    expect(sheet(again.after, 'Kiểm tra')).toEqual(mine);
    expect(again.plan.names.findings).toBe('Kiểm tra (2)');
    expect(codes(again.plan)).toContainEqual(['OUTPUT_KEPT', 'Kiểm tra']);
    const c = clean(edited);
    expect(deleted(c.plan)).not.toContain('Kiểm tra');
    expect(codes(c.plan)).toEqual([['OUTPUT_KEPT', 'Kiểm tra']]);
    expect(sheet(c.after, 'Kiểm tra')).toEqual(mine);
  });

  test('a record from an older version (no fingerprints) proves nothing: its sheets are kept', () => {
    const once = rank(workbook()).after;
    const found = findOwnership(once)!;
    const old = { ...found.record, fingerprints: {} };
    const older: WorkbookSnapshot = {
      sheets: once.sheets.map((s) =>
        s.name === found.sheet ? { ...s, rows: ownershipCells(old).map((r) => [...r]) } : s,
      ),
    };
    const c = planClean(older);
    expect(deleted(c)).toEqual([OWNERSHIP_SHEET]);
    expect(codes(c)).toEqual([['RECORD_MISMATCH', OWNERSHIP_SHEET]]);
  });

  test("a user's sheet named _ParIndex is left alone; the record goes beside it and is found by content", () => {
    const theirs: SheetSnapshot = { name: '_ParIndex', rows: [['my notes'], ['json:{"version":1}']] };
    const x = workbook([theirs]);
    const once = rank(x);
    const touching = once.plan.ops.filter(
      (o) =>
        ('sheet' in o && o.sheet === '_ParIndex') ||
        (o.kind === 'writeOwnership' && (o.sheet ?? OWNERSHIP_SHEET) === '_ParIndex'),
    );
    expect(touching).toEqual([]);
    expect(
      once.plan.ops.filter((o) => o.kind === 'writeOwnership').map((o) => o.kind === 'writeOwnership' && o.sheet),
    ).toEqual(['_ParIndex (2)', '_ParIndex (2)']);
    expect(codes(once.plan)).toContainEqual(['OUTPUT_KEPT', '_ParIndex']);
    expect(sheet(once.after, '_ParIndex')).toEqual(theirs);
    expect(findOwnership(once.after)?.sheet).toBe('_ParIndex (2)');
    const twice = rank(once.after);
    expect(names(twice.after)).toEqual(names(once.after));
    expect(sheet(twice.after, '_ParIndex')).toEqual(theirs);
    const back = clean(twice.after);
    expect(deleted(back.plan)).not.toContain('_ParIndex');
    expect(back.after).toEqual(x);
  });

  test('a re-run stopped after any operation leaves nothing clean cannot prove', () => {
    const x = workbook();
    const once = rank(x).after;
    const rerun = planResults(once, analyzeWorkbook(once));
    for (let cut = 1; cut < rerun.ops.length; cut++) {
      const partial = apply(once, { ...rerun, ops: rerun.ops.slice(0, cut) });
      const c = clean(partial);
      expect([cut, names(c.after)]).toEqual([cut, names(x)]);
      expect([cut, codes(c.plan)]).toEqual([cut, []]);
    }
  });
});

describe('sheet names: cut on characters, unique without case', () => {
  const emoji = '🏛'; // two UTF-16 units

  test('an emoji at the cut goes whole, never half', () => {
    const name = cleanSheetName(`Tính điểm – x${emoji.repeat(10)}`);
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).toBe(`Tính điểm – x${emoji.repeat(9)}`);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(name)).toBe(false);
    // a family emoji (joined by ZWJ) is one character: never split
    const family = '👨‍👩‍👧';
    expect(cutToUnits(`abc${family}`, 6)).toBe('abc');
    expect(cutToUnits('e\u0301e\u0301', 3)).toBe('e\u0301');
  });

  test('unique without case, after the suffix too', () => {
    expect(freeSheetName('Tổng hợp', ['TỔNG HỢP'])).toBe('Tổng hợp (2)');
    expect(freeSheetName('Tổng hợp', ['tổng hợp', 'Tổng Hợp (2)'])).toBe('Tổng hợp (3)');
    const long = `Xếp hạng – ${emoji.repeat(10)}`;
    const first = freeSheetName(long, []);
    const second = freeSheetName(long, [first.toUpperCase()]);
    expect(second).not.toBe(first);
    expect(second.length).toBeLessThanOrEqual(31);
    expect(second.endsWith(' (2)')).toBe(true);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(second)).toBe(false);
    expect(freeSheetName('history', [])).toBe('history (2)');
  });

  test('a block named with emoji: rank twice = once, clean gives the workbook back', () => {
    const x: WorkbookSnapshot = {
      sheets: [
        templateSheet(`Tiêu chí ${emoji.repeat(10)}`, SMALL_TEMPLATE, 10),
        unitSheet('Sở A', 'Sở A', smallUnitRows([2, 2, 2, 4])),
      ],
    };
    const once = rank(x);
    const created = once.plan.ops.flatMap((o) => (o.kind === 'addSheet' ? [o.sheet] : []));
    expect(created.some((n) => n.includes(emoji))).toBe(true);
    for (const n of created) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(n)).toBe(false);
    }
    const keys = names(once.after).map((n) => n.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
    const twice = rank(once.after);
    expect(names(twice.after)).toEqual(names(once.after));
    expect(clean(twice.after).after).toEqual(x);
  });
});
