// Simulated proxies: conditional formats (custom formula rules and colour scales), their rules and ranges.
import type { RangeBox } from '../../core/address';
import type { SimRequestContext } from './context';
import { propertyNotLoaded, SimulatedOfficeError } from './errors';
import { formulaRefusal } from './functions';
import { boxA1, intersects, parseA1, type SimColorCriterion, type SimConditionalFormat, type SimSheet } from './model';
import { jsonLength, SimProxy } from './proxy';
import { SimRange } from './ranges';
import { SimWorksheet, type SheetRef } from './worksheets';

/** What a collection of conditional formats belongs to: a range, or range areas (ExcelApi 1.9). */
export interface CfTarget {
  readonly worksheet: SimWorksheet;
  /** At sync: the target's rectangles (null when it does not exist and is a null object). */
  boxesNow(): RangeBox[] | null;
  /** At sync: runs `run` with the writable sheet and the target's rectangles. */
  onSyncAreas(run: (sheet: SimSheet, boxes: RangeBox[]) => void): void;
}

interface CfHolder {
  sheet: SheetRef;
  cf: SimConditionalFormat | undefined;
}

function cfNow(h: CfHolder): { sheet: SimSheet; cf: SimConditionalFormat } | undefined {
  const sheet = h.sheet();
  if (sheet === undefined || h.cf === undefined || !sheet.conditionalFormats.includes(h.cf)) return undefined;
  return { sheet, cf: h.cf };
}

function cfRanges(cf: SimConditionalFormat): RangeBox[] {
  return cf.range
    .split(/\s+/)
    .map(parseA1)
    .filter((b): b is RangeBox => b !== null);
}

export class SimConditionalFormatCollection extends SimProxy {
  constructor(
    ctx: SimRequestContext,
    private readonly range: CfTarget,
  ) {
    super(ctx);
  }
  protected present(): boolean {
    return this.range.boxesNow() !== null;
  }
  protected itemsNow(): SimProxy[] {
    const boxes = this.range.boxesNow();
    if (boxes === null) return [];
    const ref = this.range.worksheet.ref;
    const sheet = ref();
    if (sheet === undefined) return [];
    // Excel: the conditional formats that intersect any cell of the range (or of any of its areas).
    return sheet.conditionalFormats
      .filter((cf) => cfRanges(cf).some((x) => boxes.some((b) => intersects(x, b))))
      .map((cf) => new SimConditionalFormatProxy(this.ctx, { sheet: ref, cf }));
  }
  get items(): SimConditionalFormatProxy[] {
    return this.read<SimConditionalFormatProxy[]>('items');
  }
  add(type: 'Custom' | 'ColorScale'): SimConditionalFormatProxy {
    const holder: CfHolder = { sheet: this.range.worksheet.ref, cf: undefined };
    this.range.onSyncAreas((sheet, boxes) => {
      if (type !== 'Custom' && type !== 'ColorScale')
        throw new SimulatedOfficeError(
          'InvalidArgument',
          `Conditional format type "${String(type)}" is not simulated.`,
        );
      const state = this.ctx.state;
      // One rule over every area (kept as the file's sqref: areas separated by spaces).
      const cf: SimConditionalFormat = { id: state.nextId++, range: boxes.map(boxA1).join(' '), type };
      // Excel puts a new rule first (highest priority).
      sheet.conditionalFormats.unshift(cf);
      holder.cf = cf;
    });
    return new SimConditionalFormatProxy(this.ctx, holder);
  }
  clearAll(): void {
    this.range.onSyncAreas((sheet, boxes) => {
      sheet.conditionalFormats = sheet.conditionalFormats.filter(
        (cf) => !cfRanges(cf).some((x) => boxes.some((b) => intersects(x, b))),
      );
    });
  }
}

export class SimConditionalFormatProxy extends SimProxy {
  readonly custom: SimCustomFormat;
  readonly colorScale: SimColorScaleFormat;
  readonly customOrNullObject: SimCustomFormat;
  readonly colorScaleOrNullObject: SimColorScaleFormat;

  constructor(
    ctx: SimRequestContext,
    private readonly holder: CfHolder,
  ) {
    super(ctx);
    this.custom = new SimCustomFormat(ctx, holder, false);
    this.customOrNullObject = new SimCustomFormat(ctx, holder, true);
    this.colorScale = new SimColorScaleFormat(ctx, holder, false);
    this.colorScaleOrNullObject = new SimColorScaleFormat(ctx, holder, true);
  }
  protected present(): boolean {
    return cfNow(this.holder) !== undefined;
  }
  protected scalars(): Record<string, () => unknown> {
    const now = cfNow(this.holder);
    return {
      type: () => now?.cf.type,
      id: () => String(now?.cf.id),
      priority: () => (now ? now.sheet.conditionalFormats.indexOf(now.cf) : -1),
    };
  }
  protected child(name: string): SimProxy | null {
    switch (name) {
      case 'custom':
        return this.custom;
      case 'customOrNullObject':
        return this.customOrNullObject;
      case 'colorScale':
        return this.colorScale;
      case 'colorScaleOrNullObject':
        return this.colorScaleOrNullObject;
      default:
        return null;
    }
  }
  get type(): string {
    return this.read<string>('type');
  }
  get priority(): number {
    return this.read<number>('priority');
  }
  delete(): void {
    this.ctx.queue(() => {
      const now = cfNow(this.holder);
      if (now === undefined) throw this.missing();
      if (now.sheet.protected) throw new SimulatedOfficeError('AccessDenied', 'The sheet is protected.');
      now.sheet.conditionalFormats.splice(now.sheet.conditionalFormats.indexOf(now.cf), 1);
    });
  }
  private rangeOf(nullable: boolean): SimRange {
    const ws = new SimWorksheet(this.ctx, this.holder.sheet);
    return new SimRange(
      this.ctx,
      ws,
      () => {
        const now = cfNow(this.holder);
        if (now === undefined) return null;
        const boxes = cfRanges(now.cf);
        if (boxes.length !== 1) {
          if (nullable) return null;
          throw new SimulatedOfficeError('InvalidOperation', 'The conditional format applies to more than one range.');
        }
        return boxes[0];
      },
      nullable,
    );
  }
  getRange(): SimRange {
    return this.rangeOf(false);
  }
  getRangeOrNullObject(): SimRange {
    return this.rangeOf(true);
  }
}

/** Part of a conditional format that exists only for one type (`custom`, `colorScale`). */
abstract class SimTypedPart extends SimProxy {
  protected readonly nullable: boolean;
  protected abstract readonly kind: SimConditionalFormat['type'];

  constructor(
    ctx: SimRequestContext,
    protected readonly holder: CfHolder,
    nullable: boolean,
  ) {
    super(ctx);
    this.nullable = nullable;
  }
  protected present(): boolean {
    return cfNow(this.holder)?.cf.type === this.kind;
  }
  protected missing(): SimulatedOfficeError {
    return new SimulatedOfficeError('InvalidOperation', `The conditional format is not of type ${this.kind}.`);
  }
  /** At sync: the rule, writable. */
  protected edit(bytes: number, change: (cf: SimConditionalFormat) => void): void {
    this.ctx.queue(() => {
      const now = cfNow(this.holder);
      if (now === undefined || now.cf.type !== this.kind) throw this.missing();
      if (now.sheet.protected) throw new SimulatedOfficeError('AccessDenied', 'The sheet is protected.');
      change(now.cf);
    }, bytes);
  }
  editRule(bytes: number, change: (cf: SimConditionalFormat) => void): void {
    this.edit(bytes, change);
  }
}

export class SimCustomFormat extends SimTypedPart {
  protected readonly kind = 'Custom' as const;
  readonly rule: SimCustomRule;
  readonly format: SimCustomFormatStyle;
  constructor(ctx: SimRequestContext, holder: CfHolder, nullable: boolean) {
    super(ctx, holder, nullable);
    this.rule = new SimCustomRule(ctx, this, holder);
    this.format = new SimCustomFormatStyle(ctx, this, holder);
  }
  protected child(name: string): SimProxy | null {
    return name === 'rule' ? this.rule : name === 'format' ? this.format : null;
  }
}

export class SimCustomRule extends SimProxy {
  constructor(
    ctx: SimRequestContext,
    private readonly part: SimCustomFormat,
    private readonly holder: CfHolder,
  ) {
    super(ctx);
  }
  protected present(): boolean {
    return cfNow(this.holder)?.cf.type === 'Custom';
  }
  protected scalars(): Record<string, () => unknown> {
    return { formula: () => cfNow(this.holder)?.cf.formula ?? '' };
  }
  get formula(): string {
    return this.read<string>('formula');
  }
  set formula(f: string) {
    this.remember('formula', f);
    this.part.editRule(jsonLength(f), (cf) => {
      const refused = formulaRefusal(f.startsWith('=') ? f.slice(1) : f);
      if (refused !== null) throw new SimulatedOfficeError('InvalidArgument', `The rule's formula: ${refused}.`);
      cf.formula = f;
    });
  }
}

export class SimCustomFormatStyle extends SimProxy {
  readonly fill: { color: string };
  readonly font: { color: string };
  constructor(
    ctx: SimRequestContext,
    part: SimCustomFormat,
    private readonly holder: CfHolder,
  ) {
    super(ctx);
    const setter = (key: 'fill' | 'fontColor') => (color: string) =>
      part.editRule(jsonLength(color), (cf) => {
        cf[key] = color.toUpperCase();
      });
    const fill = setter('fill');
    const font = setter('fontColor');
    this.fill = {
      set color(c: string) {
        fill(c);
      },
      get color(): string {
        throw propertyNotLoaded('color');
      },
    };
    this.font = {
      set color(c: string) {
        font(c);
      },
      get color(): string {
        throw propertyNotLoaded('color');
      },
    };
  }
  protected present(): boolean {
    return cfNow(this.holder)?.cf.type === 'Custom';
  }
}

export class SimColorScaleFormat extends SimTypedPart {
  protected readonly kind = 'ColorScale' as const;
  protected scalars(): Record<string, () => unknown> {
    return { criteria: () => structuredCloneCriteria(cfNow(this.holder)?.cf.criteria) };
  }
  get criteria(): SimConditionalFormat['criteria'] {
    return this.read<SimConditionalFormat['criteria']>('criteria');
  }
  set criteria(c: SimConditionalFormat['criteria']) {
    this.remember('criteria', c);
    this.edit(jsonLength(c), (cf) => {
      cf.criteria = structuredCloneCriteria(c);
    });
  }
}

function structuredCloneCriteria(c: SimConditionalFormat['criteria']): SimConditionalFormat['criteria'] {
  if (c === undefined) return undefined;
  const one = (x: SimColorCriterion | undefined): SimColorCriterion | undefined =>
    x === undefined
      ? undefined
      : {
          type: x.type,
          ...(x.formula !== undefined ? { formula: x.formula } : {}),
          ...(x.color !== undefined ? { color: x.color.toUpperCase() } : {}),
        };
  const out: NonNullable<SimConditionalFormat['criteria']> = {};
  const min = one(c.minimum);
  const mid = one(c.midpoint);
  const max = one(c.maximum);
  if (min) out.minimum = min;
  if (mid) out.midpoint = mid;
  if (max) out.maximum = max;
  return out;
}
