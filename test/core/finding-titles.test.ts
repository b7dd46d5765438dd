// Every finding kind has a short bilingual title: the pane's group headings and the findings sheet's first column.
import { FINDING_CODES, findingTitle } from '../../src/core/findings';

describe('finding titles', () => {
  it('every code has a distinct Vietnamese and English title short enough for a 320 px heading', () => {
    const vi = new Set<string>();
    const en = new Set<string>();
    for (const code of FINDING_CODES) {
      const title = findingTitle(code);
      expect(title.vi.trim()).not.toBe('');
      expect(title.en.trim()).not.toBe('');
      expect(title.vi.length).toBeLessThanOrEqual(40);
      expect(title.en.length).toBeLessThanOrEqual(40);
      expect(title.vi).not.toContain('_');
      vi.add(title.vi);
      en.add(title.en);
    }
    expect(vi.size).toBe(FINDING_CODES.length);
    expect(en.size).toBe(FINDING_CODES.length);
  });
});
