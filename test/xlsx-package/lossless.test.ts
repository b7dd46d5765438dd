// Lossless results on workbooks that carry real Excel features, through the command line (lossless-check.ts
// says what is checked); the LibreOffice re-save of the sample: lossless.libreoffice.test.ts.
import fs from 'fs';
import { lossless, SAMPLE } from './lossless-check';

lossless('ExcelJS-written sample with Excel features', () => fs.readFileSync(SAMPLE));
lossless('ExcelJS-written sample with Excel features, as .xlsm', () => fs.readFileSync(SAMPLE), { macro: true });
