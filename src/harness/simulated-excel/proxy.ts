// The base of every simulated proxy, with Office.js semantics: a property can be read only after it was
// `load()`ed and a `sync()` ran (otherwise PropertyNotLoaded); `…OrNullObject` gives an object whose
// `isNullObject` tells whether it exists.
import { payloadBytes } from '../../core/excel-limits';
import type { SimRequestContext } from './context';
import { propertyNotLoaded, SimulatedOfficeError } from './errors';

/** Bytes of a value as JSON in UTF-8: what a request or response carries for it (as Excel on the web counts). */
export const jsonLength = payloadBytes;

type LoadSpec = string | string[] | { select?: string; expand?: string } | undefined;

function loadPaths(spec: LoadSpec): string[][] {
  let list: string[];
  if (spec === undefined) list = [];
  else if (typeof spec === 'string') list = spec.split(',');
  else if (Array.isArray(spec)) list = spec.flatMap((s) => s.split(','));
  else list = [...(spec.select ?? '').split(','), ...(spec.expand ?? '').split(',')];
  const paths = list
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.split('/').map((p) => p.trim()));
  return paths.length === 0 ? [[]] : paths;
}

export abstract class SimProxy {
  private readonly loaded = new Map<string, unknown>();

  constructor(protected readonly ctx: SimRequestContext) {}

  /** Whether the object exists now (at sync). */
  protected abstract present(): boolean;
  /** Null objects answer `isNullObject`; others throw ItemNotFound when missing. */
  protected readonly nullable: boolean = false;
  /** Scalar properties, read at sync. */
  protected scalars(): Record<string, () => unknown> {
    return {};
  }
  /** Navigation properties. */
  protected child(_name: string): SimProxy | null {
    return null;
  }
  /** For collections: the items, at sync. */
  protected itemsNow(): SimProxy[] | null {
    return null;
  }
  protected missing(): SimulatedOfficeError {
    return new SimulatedOfficeError('ItemNotFound', 'The requested resource does not exist.');
  }

  load(spec?: LoadSpec): this {
    const paths = loadPaths(spec);
    this.ctx.queue(() => this.capture(paths));
    return this;
  }

  /** At sync: reads what `paths` name; the returned commit makes it readable. */
  capture(paths: string[][]): () => void {
    const present = this.present();
    if (!present && !this.nullable) throw this.missing();
    const staged = new Map<string, unknown>([['isNullObject', !present]]);
    const subs: (() => void)[] = [];
    if (present) {
      const scalars = this.scalars();
      const groups = new Map<string, string[][]>();
      for (const path of paths) {
        if (path.length === 0 || path[0] === '*') {
          for (const [name, read] of Object.entries(scalars)) staged.set(name, read());
          continue;
        }
        const [head, ...rest] = path;
        if (head in scalars && rest.length === 0) {
          staged.set(head, scalars[head]());
          continue;
        }
        const group = groups.get(head) ?? [];
        group.push(rest);
        groups.set(head, group);
      }
      for (const [head, rest] of groups) {
        if (head === 'items') {
          const items = this.itemsNow();
          if (items === null) throw new SimulatedOfficeError('InvalidArgument', `Cannot load "${head}".`);
          staged.set('items', items);
          for (const item of items) subs.push(item.capture(rest));
          continue;
        }
        const child = this.child(head);
        if (child === null)
          throw new SimulatedOfficeError('InvalidArgument', `The property '${head}' does not exist on this object.`);
        subs.push(child.capture(rest));
      }
      for (const [name, v] of staged)
        if (name !== 'items' && name !== 'isNullObject') this.ctx.responseBytes += jsonLength(v) + name.length + 3;
    }
    return () => {
      for (const [name, v] of staged) this.loaded.set(name, v);
      for (const sub of subs) sub();
    };
  }

  protected read<T>(name: string): T {
    if (!this.loaded.has(name)) throw propertyNotLoaded(name);
    return this.loaded.get(name) as T;
  }

  /** Marks a property as known after the caller set it (Office keeps set values on the proxy). */
  protected remember(name: string, v: unknown): void {
    this.loaded.set(name, v);
  }

  get isNullObject(): boolean {
    return this.read<boolean>('isNullObject');
  }

  toJSON(): Record<string, unknown> {
    return {};
  }
}
