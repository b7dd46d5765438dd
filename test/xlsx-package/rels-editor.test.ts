// A part's relationships as the writer edits them: looked up by id (the workbook's thousands of sheets), the
// same answers as a search of the list, through removals and ids used again.
import { RelsEditor } from '../../src/workbook/xlsx-package/package';

const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="t/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="t/hyperlink" Target="https://example.vn" TargetMode="External"/>' +
  '<Relationship Id="rId3" Type="t/styles" Target="styles.xml"/>' +
  '</Relationships>';

const byList = (rels: RelsEditor, id: string) => rels.list().find((r) => r.id === id);

test('get(id) answers as the list does, through removals and ids used again', () => {
  const rels = new RelsEditor(RELS, 'xl/_rels/workbook.xml.rels');
  const ids = ['rId1', 'rId2', 'rId3', 'rId4', 'rId9'];
  const same = () => ids.forEach((id) => expect(rels.get(id)).toEqual(byList(rels, id)));
  same();
  expect(rels.get('rId2')).toMatchObject({ external: true, target: 'https://example.vn' });
  rels.remove('rId2');
  same();
  expect(rels.get('rId2')).toBeUndefined();
  // The freed id is used again by the next relationship added.
  expect(rels.add('t/worksheet', 'worksheets/sheet2.xml')).toBe('rId2');
  same();
  expect(rels.get('rId2')).toMatchObject({ target: 'worksheets/sheet2.xml', external: false });
  expect(rels.add('t/worksheet', 'worksheets/sheet3.xml')).toBe('rId4');
  rels.remove('rId4');
  same();
  expect(rels.get('rId4')).toBeUndefined();
});
