// manifest.xml: the checks `office-addin-manifest validate` would make if it could run here (it posts the
// file to a Microsoft service), plus ours: every resource id resolves, every string has its en-US text,
// every icon exists at its stated size, every URL points at the dev server.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { ICON_SIZES, iconFileName, readPngSize, renderIcon } from '../scripts/build-icons';
import { child, descendants, parseXml, pathOf, type XmlElement } from './helpers/mini-xml';

const ROOT = path.join(__dirname, '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const DEV_ORIGIN = 'https://localhost:3000';
const DISPLAY_NAME_VI = 'Chấm điểm Chỉ số CCHC';
const DISPLAY_NAME_EN = 'PAR Index scoring';

const source = fs.readFileSync(MANIFEST, 'utf8');
const app = parseXml(source);
const overrides = child(app, 'VersionOverrides');
const resources = child(overrides, 'Resources');

/** The file under the dev server's root that a dev-server URL names. */
function localFile(url: string): string {
  expect(url.startsWith(`${DEV_ORIGIN}/`)).toBe(true);
  return path.join(ROOT, decodeURIComponent(new URL(url).pathname));
}

/** The element's en-US text; its en-GB text must say the same (the pane is English for any English Office). */
function enUsOverride(element: XmlElement, overrideName: string): string | undefined {
  const of = (locale: string) =>
    element.children.filter((c) => c.name === overrideName && c.attributes.Locale === locale);
  const found = of('en-US');
  expect(found.length).toBeLessThanOrEqual(1);
  expect(of('en-GB').map((c) => c.attributes.Value)).toEqual(found.map((c) => c.attributes.Value));
  return found[0]?.attributes.Value;
}

type ResourceKind = 'bt:Images' | 'bt:Urls' | 'bt:ShortStrings' | 'bt:LongStrings';

/** Resource ids defined per kind. */
function definitions(kind: ResourceKind): Map<string, XmlElement> {
  const map = new Map<string, XmlElement>();
  for (const e of child(resources, kind).children) {
    expect(e.attributes.id).toBeDefined();
    expect(map.has(e.attributes.id)).toBe(false);
    map.set(e.attributes.id, e);
  }
  return map;
}

/** Which resource kind an element with a `resid` refers to, by the element's name. */
function kindOfReference(e: XmlElement): ResourceKind {
  switch (e.name) {
    case 'Label':
    case 'Title':
      return 'bt:ShortStrings';
    case 'Description':
      return 'bt:LongStrings';
    case 'bt:Image':
      return 'bt:Images';
    case 'SourceLocation':
    case 'LearnMoreUrl':
    case 'FunctionFile':
      return 'bt:Urls';
    default:
      throw new Error(`resid on an unexpected element ${pathOf(e)}`);
  }
}

const references = descendants(overrides).filter((e) => e.attributes.resid !== undefined);

describe('manifest.xml', () => {
  test('is an Excel task pane add-in with a fixed id', () => {
    expect(app.name).toBe('OfficeApp');
    expect(app.attributes.xmlns).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
    expect(app.attributes['xsi:type']).toBe('TaskPaneApp');
    expect(child(app, 'Id').text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(child(app, 'Version').text).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(child(app, 'ProviderName').text.trim()).not.toBe('');
    expect(child(app, 'Hosts').children.map((h) => h.attributes.Name)).toEqual(['Workbook']);
    expect(overrides.attributes.xmlns).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides');
    expect(overrides.attributes['xsi:type']).toBe('VersionOverridesV1_0');
  });

  test('keeps the schema order of the OfficeApp elements (the XSD is a sequence)', () => {
    const order = [
      'Id',
      'AlternateId',
      'Version',
      'ProviderName',
      'DefaultLocale',
      'DisplayName',
      'Description',
      'IconUrl',
      'HighResolutionIconUrl',
      'SupportUrl',
      'AppDomains',
      'Hosts',
      'Requirements',
      'DefaultSettings',
      'Permissions',
      'AllowSnapshot',
      'VersionOverrides',
    ];
    const names = app.children.map((c) => c.name);
    for (const name of names) expect(order).toContain(name);
    const positions = names.map((n) => order.indexOf(n));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(resources.children.map((c) => c.name)).toEqual([
      'bt:Images',
      'bt:Urls',
      'bt:ShortStrings',
      'bt:LongStrings',
    ]);
  });

  test('is in Vietnamese with English (en-US) overrides', () => {
    expect(child(app, 'DefaultLocale').text).toBe('vi-VN');
    const displayName = child(app, 'DisplayName');
    expect(displayName.attributes.DefaultValue).toBe(DISPLAY_NAME_VI);
    expect(enUsOverride(displayName, 'Override')).toBe(DISPLAY_NAME_EN);
    const description = child(app, 'Description');
    expect(description.attributes.DefaultValue).toMatch(/Chỉ số cải cách hành chính/);
    expect(enUsOverride(description, 'Override')).toMatch(/administrative reform index/);
    expect(description.attributes.DefaultValue.length).toBeLessThanOrEqual(250);
    expect(displayName.attributes.DefaultValue.length).toBeLessThanOrEqual(125);
  });

  test('requires ExcelApi 1.7 (what the code needs; the webview is checked by the pane, src/taskpane/bootstrap.js) and read/write access', () => {
    const sets = child(child(app, 'Requirements'), 'Sets');
    expect(sets.children.map((s) => [s.name, s.attributes.Name, s.attributes.MinVersion])).toEqual([
      ['Set', 'ExcelApi', '1.7'],
    ]);
    expect(child(app, 'Permissions').text).toBe('ReadWriteDocument');
  });

  test('every URL points at the dev server, the task pane at taskpane.html', () => {
    expect(child(child(app, 'DefaultSettings'), 'SourceLocation').attributes.DefaultValue).toBe(
      `${DEV_ORIGIN}/taskpane.html`,
    );
    expect(child(app, 'AppDomains').children.map((d) => d.text)).toEqual([DEV_ORIGIN]);
    const urls = descendants(app)
      .flatMap((e) => Object.values(e.attributes))
      .filter(
        (v) =>
          /^[a-z]+:\/\//i.test(v) &&
          !v.startsWith('http://schemas.microsoft.com/') &&
          !v.startsWith('http://www.w3.org/'),
      );
    expect(urls.length).toBeGreaterThanOrEqual(8);
    for (const url of urls) expect(url.startsWith(`${DEV_ORIGIN}/`)).toBe(true);
    // the pages the dev server serves from the sources, the static files from assets/
    for (const url of urls) {
      const file = localFile(url);
      if (url === `${DEV_ORIGIN}/taskpane.html`)
        expect(fs.existsSync(path.join(ROOT, 'src/taskpane/taskpane.html'))).toBe(true);
      else expect(fs.existsSync(file)).toBe(true);
    }
  });

  test('every resid resolves to a resource of the right kind, and every resource is used', () => {
    expect(references.length).toBeGreaterThan(0);
    const used = new Set<string>();
    for (const ref of references) {
      const kind = kindOfReference(ref);
      const id = ref.attributes.resid;
      expect({ ref: pathOf(ref), id, defined: definitions(kind).has(id) }).toEqual({
        ref: pathOf(ref),
        id,
        defined: true,
      });
      used.add(`${kind}#${id}`);
    }
    for (const kind of ['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings'] as const) {
      for (const id of definitions(kind).keys()) {
        expect(id.length).toBeLessThanOrEqual(32); // resid limit
        expect(used.has(`${kind}#${id}`)).toBe(true);
      }
    }
  });

  test('every string resource has an en-US override, within its length limit', () => {
    for (const [kind, limit] of [
      ['bt:ShortStrings', 125],
      ['bt:LongStrings', 250],
    ] as const) {
      for (const [id, e] of definitions(kind)) {
        const vi = e.attributes.DefaultValue;
        const en = enUsOverride(e, 'bt:Override');
        expect({ id, vi: vi?.length > 0, en: (en ?? '').length > 0 }).toEqual({ id, vi: true, en: true });
        expect(vi.length).toBeLessThanOrEqual(limit);
        expect((en as string).length).toBeLessThanOrEqual(limit);
      }
    }
  });

  test('a Home tab button in its own group opens the task pane', () => {
    const tabs = descendants(overrides, 'OfficeTab');
    expect(tabs.map((t) => t.attributes.id)).toEqual(['TabHome']);
    const group = child(tabs[0], 'Group');
    const strings = definitions('bt:ShortStrings');
    expect(strings.get(child(group, 'Label').attributes.resid)?.attributes.DefaultValue).toBe('Chỉ số CCHC');
    const button = child(group, 'Control');
    expect(button.attributes['xsi:type']).toBe('Button');
    const supertip = child(button, 'Supertip');
    expect(child(supertip, 'Title').attributes.resid).toBeDefined();
    expect(child(supertip, 'Description').attributes.resid).toBeDefined();
    const action = child(button, 'Action');
    expect(action.attributes['xsi:type']).toBe('ShowTaskpane');
    const url = definitions('bt:Urls').get(child(action, 'SourceLocation').attributes.resid);
    expect(url?.attributes.DefaultValue).toBe(`${DEV_ORIGIN}/taskpane.html`);
    for (const icon of [child(group, 'Icon'), child(button, 'Icon')]) {
      expect(icon.children.map((i) => i.attributes.size)).toEqual(['16', '32', '80']);
    }
  });

  test('every icon exists in assets/ at its stated size', () => {
    const icons: Array<{ url: string; size: number; where: string }> = [
      { url: child(app, 'IconUrl').attributes.DefaultValue, size: 32, where: 'IconUrl' },
      { url: child(app, 'HighResolutionIconUrl').attributes.DefaultValue, size: 64, where: 'HighResolutionIconUrl' },
    ];
    const images = definitions('bt:Images');
    for (const ref of references.filter((r) => r.name === 'bt:Image')) {
      const url = images.get(ref.attributes.resid)?.attributes.DefaultValue as string;
      icons.push({ url, size: Number(ref.attributes.size), where: pathOf(ref) });
    }
    expect(icons.length).toBeGreaterThanOrEqual(8);
    for (const { url, size, where } of icons) {
      expect({ where, url: url.startsWith(`${DEV_ORIGIN}/assets/`) }).toEqual({ where, url: true });
      const file = localFile(url);
      expect({ where, exists: fs.existsSync(file) }).toEqual({ where, exists: true });
      expect({ where, ...readPngSize(fs.readFileSync(file)) }).toEqual({ where, width: size, height: size });
    }
  });

  test('the icons in assets/ are what scripts/build-icons.ts draws (run it after changing the design)', () => {
    for (const size of ICON_SIZES) {
      const png = fs.readFileSync(path.join(ROOT, 'assets', iconFileName(size)));
      expect(readPngSize(png)).toEqual({ width: size, height: size });
      const idat: Buffer[] = [];
      for (let at = 8; at < png.length;) {
        const length = png.readUInt32BE(at);
        if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
        at += 12 + length;
      }
      const raw = zlib.inflateSync(Buffer.concat(idat));
      const stride = size * 4;
      const pixels = Buffer.alloc(size * stride);
      for (let y = 0; y < size; y++) {
        expect(raw[y * (stride + 1)]).toBe(0); // filter None, as the script writes
        raw.copy(pixels, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
      }
      expect(pixels.equals(renderIcon(size))).toBe(true);
    }
  });

  test('office-addin-manifest reads it (offline `info`)', () => {
    const pkg = require.resolve('office-addin-manifest/package.json');
    const cli = path.join(
      path.dirname(pkg),
      (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { bin: Record<string, string> }).bin['office-addin-manifest'],
    );
    // execFileSync throws unless the exit code is 0
    const out = execFileSync(process.execPath, [cli, 'info', MANIFEST], { encoding: 'utf8', timeout: 60000 });
    expect(out).toContain(`Name: ${DISPLAY_NAME_VI}`);
    expect(out).toContain('Type: TaskPaneApp');
    expect(out).toContain('Hosts: Workbook');
    expect(out).toContain('Permissions: ReadWriteDocument');
    expect(out).toContain(`Source Location: ${DEV_ORIGIN}/taskpane.html`);
    expect(out).toContain(`Id: ${child(app, 'Id').text}`);
  });
});
