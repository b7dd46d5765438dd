/**
 * Sample province workbook (Điện Biên style) for the PAR Index tool: two criteria-set templates
 * (departments with mixed numbering, districts with dotted numbering) and 14 unit sheets with
 * self-assessed and appraised scores, evidence and explanations.
 *
 * Deterministic: scores come from a seeded PRNG (mulberry32), the workbook dates are fixed.
 *
 * Layout
 *   `Bộ tiêu chí - Khối sở`     header row 4, data from row 5 (A STT, B name, C max, D Ghi chú)
 *   `Bộ tiêu chí - Khối huyện`  header row 4, data from row 5 (A TT, B name, C Thang điểm)
 *   department sheets          two-row header rows 4–5, column numbers row 6, data from row 7
 *   district sheets            one-row header row 4, data from row 5
 *   columns on unit sheets     A code, B name, C max, D self, E appraised, F evidence, G explanation
 *
 * PLANTED DEFECTS (checked by the builder: it throws if a defect is not at the address below).
 * Criteria are named by their codes from the area down, joined by `/`.
 *   a. `Sở Ngoại vụ`!D27 (II/2/b), max 1.5): self 1, appraised 0.75, evidence F27 and explanation G27 blank.
 *      `Sở Ngoại vụ`!D89 (VII/3/3.2, max 2): self 1.5, appraised 1.25, evidence F89 and explanation G89 blank.
 *   b. `Sở Y tế`!D19 (I/5, max 1): self 1.5 > max 1; appraised E19 = 1 (the max).
 *   c. `Sở Xây dựng`!D11 (I/1/1.3, max 1): self is the TEXT '0,75' (decimal comma, cell format '@');
 *      appraised E11 is the number 0.75. The parent SUM formulas skip the text, as Excel does.
 *   d. `Ban Dân tộc`!D39 (III/2/2.2, max 2): self D39 and appraised E39 are the text `Không áp dụng`,
 *      evidence F39 blank, explanation G39 `Đơn vị không có nhiệm vụ này`. Parent SUMs skip the text.
 *   e. `H. Mường Nhé`!F47 (4/4.1/4.1.3, max 1.5): evidence is the placeholder `x`, explanation G47 blank,
 *      self D47 = 1.25 > 0.
 *   f. `H. Tuần Giáo`!E22 (2/2.2/2.2.1, max 1.5): appraised 1.25 is higher than self D22 = 1.
 *   g. NOT A DEFECT — `Văn phòng UBND tỉnh`!F68 (V/4/4.2, max 2): evidence blank but explanation G68
 *      `Đã giải trình tại cuộc họp ngày 12/3/2025`; self D68 = 1.5, appraised E68 = 1.5.
 *
 * Everything else is clean: every leaf with a self score above zero has an evidence citation, leaves
 * scored zero have an explanation, appraised ≤ self, all scores in 0.25 steps within [0, max], every
 * parent maximum equals the sum of its children, every cached formula result is correct, and no two
 * units share a self total or an appraised total.
 */
import ExcelJS from 'exceljs';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

const SEED = 20240915;
const FIXED_DATE = new Date(Date.UTC(2025, 2, 14, 8, 30, 0));

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash, to give each unit its own PRNG stream. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

type Rng = () => number;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

function quarter(x: number): number {
  return Math.round(x * 4) / 4;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

// ---------------------------------------------------------------------------------------------
// Criteria sets
// ---------------------------------------------------------------------------------------------

interface CriterionNode {
  code: string;
  name: string;
  max: number;
  children: CriterionNode[];
}

function leaf(code: string, name: string, max: number): CriterionNode {
  return { code, name, max, children: [] };
}

/** A parent row; its maximum is the sum of its children's, checked against `declared` when given. */
function group(code: string, name: string, children: CriterionNode[], declared?: number): CriterionNode {
  const max = children.reduce((s, c) => s + c.max, 0);
  if (declared !== undefined && max !== declared) {
    throw new Error(`Criterion ${code} ${name}: children sum to ${max}, declared ${declared}`);
  }
  return { code, name, max, children };
}

/** Departments: areas I..VIII, criteria 1, 2, … restarting per area, sub-criteria 1.1 / a) / -. */
const DEPARTMENT_SET: CriterionNode[] = [
  group(
    'I',
    'Công tác chỉ đạo, điều hành CCHC',
    [
      group('1', 'Xây dựng và thực hiện kế hoạch CCHC năm', [
        leaf('1.1', 'Ban hành kế hoạch CCHC năm', 1),
        leaf('1.2', 'Xác định đầy đủ nhiệm vụ, sản phẩm, thời hạn hoàn thành và trách nhiệm triển khai', 1),
        leaf('1.3', 'Mức độ thực hiện kế hoạch CCHC năm', 1),
      ]),
      group('2', 'Thực hiện chế độ báo cáo CCHC định kỳ', [
        leaf('2.1', 'Số lượng báo cáo đầy đủ theo quy định', 0.5),
        leaf('2.2', 'Báo cáo đúng thời hạn, đúng nội dung theo hướng dẫn', 1),
      ]),
      group('3', 'Kiểm tra công tác CCHC', [
        leaf('3.1', 'Ban hành kế hoạch kiểm tra CCHC năm', 0.5),
        leaf('3.2', 'Mức độ thực hiện kế hoạch kiểm tra và xử lý các vấn đề phát hiện qua kiểm tra', 1.5),
      ]),
      leaf('4', 'Công tác tuyên truyền CCHC', 1.5),
      leaf('5', 'Thực hiện nhiệm vụ Chủ tịch UBND tỉnh giao về CCHC', 1),
      leaf('6', 'Sáng kiến, giải pháp mới trong CCHC', 1),
    ],
    10,
  ),
  group(
    'II',
    'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật',
    [
      group('1', 'Tham mưu xây dựng văn bản quy phạm pháp luật', [
        leaf('a)', 'Mức độ hoàn thành kế hoạch xây dựng văn bản quy phạm pháp luật được giao', 2),
        leaf('b)', 'Thực hiện đúng quy trình xây dựng văn bản quy phạm pháp luật', 1.5),
      ]),
      group('2', 'Rà soát, hệ thống hóa văn bản quy phạm pháp luật', [
        leaf('a)', 'Ban hành kế hoạch và thực hiện rà soát, hệ thống hóa văn bản', 1),
        leaf('b)', 'Xử lý kết quả rà soát theo thẩm quyền', 1.5),
      ]),
      leaf('3', 'Theo dõi tình hình thi hành pháp luật trong lĩnh vực quản lý', 2),
      group('4', 'Kiểm tra, xử lý văn bản quy phạm pháp luật', [
        leaf('a)', 'Tự kiểm tra văn bản do đơn vị tham mưu ban hành', 1),
        leaf('b)', 'Xử lý văn bản trái pháp luật phát hiện qua kiểm tra', 1),
      ]),
    ],
    10,
  ),
  group(
    'III',
    'Cải cách thủ tục hành chính',
    [
      group('1', 'Công bố, công khai thủ tục hành chính (TTHC)', [
        leaf('1.1', 'Tham mưu công bố danh mục TTHC kịp thời, đầy đủ', 1.5),
        leaf('1.2', 'Rà soát, đơn giản hóa TTHC theo kế hoạch', 1.5),
        leaf('1.3', 'Cập nhật, công khai TTHC trên Cơ sở dữ liệu quốc gia về TTHC', 1),
      ]),
      group('2', 'Thực hiện cơ chế một cửa, một cửa liên thông', [
        leaf('2.1', 'Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn', 2.5),
        leaf('2.2', 'Tỷ lệ TTHC được tiếp nhận, trả kết quả tại Trung tâm Phục vụ hành chính công tỉnh', 2),
        leaf('2.3', 'Số hóa hồ sơ, kết quả giải quyết TTHC', 1.5),
      ]),
      group('3', 'Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về TTHC', [
        leaf('3.1', 'Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn', 1.5),
        leaf('3.2', 'Công khai kết quả xử lý phản ánh, kiến nghị', 1),
      ]),
      group('4', 'Kiểm soát TTHC', [
        leaf('-', 'Bố trí công chức đầu mối kiểm soát TTHC', 0.5),
        leaf('-', 'Thực hiện báo cáo định kỳ về tình hình kiểm soát TTHC', 0.75),
        leaf('-', 'Đánh giá tác động TTHC trong dự thảo văn bản quy phạm pháp luật', 0.75),
      ]),
    ],
    14.5,
  ),
  group(
    'IV',
    'Cải cách tổ chức bộ máy hành chính',
    [
      group('1', 'Thực hiện quy định về tổ chức bộ máy', [
        leaf('a)', 'Ban hành quy định chức năng, nhiệm vụ, quyền hạn của các phòng, đơn vị trực thuộc', 1.5),
        leaf('b)', 'Thực hiện quy định về số lượng cấp phó', 1),
        leaf('c)', 'Sắp xếp, kiện toàn tổ chức các phòng và đơn vị sự nghiệp trực thuộc', 1.5),
      ]),
      group('2', 'Quản lý biên chế', [
        leaf('a)', 'Sử dụng biên chế công chức được giao', 1.5),
        leaf('b)', 'Thực hiện tinh giản biên chế theo kế hoạch', 1.5),
        leaf('c)', 'Thực hiện Đề án vị trí việc làm được phê duyệt', 1),
      ]),
      leaf('3', 'Thực hiện các nhiệm vụ được phân cấp, ủy quyền quản lý nhà nước', 3),
    ],
    11,
  ),
  group(
    'V',
    'Cải cách chế độ công vụ',
    [
      group('1', 'Vị trí việc làm và cơ cấu ngạch công chức', [
        leaf('1.1', 'Bố trí công chức theo vị trí việc làm được phê duyệt', 1.5),
        leaf('1.2', 'Thực hiện cơ cấu ngạch công chức, chức danh nghề nghiệp viên chức', 1.5),
      ]),
      group('2', 'Tuyển dụng, bổ nhiệm công chức, viên chức', [
        leaf('2.1', 'Thực hiện quy định về tuyển dụng công chức, viên chức', 2),
        leaf('2.2', 'Thực hiện quy định về bổ nhiệm, bổ nhiệm lại lãnh đạo, quản lý', 2),
      ]),
      leaf('3', 'Đánh giá, xếp loại chất lượng công chức, viên chức', 2),
      group('4', 'Đào tạo, bồi dưỡng công chức, viên chức', [
        leaf('4.1', 'Ban hành kế hoạch đào tạo, bồi dưỡng năm', 1),
        leaf('4.2', 'Mức độ hoàn thành kế hoạch đào tạo, bồi dưỡng', 2),
      ]),
      group('5', 'Kỷ luật, kỷ cương hành chính', [
        leaf('5.1', 'Thực hiện quy định về văn hóa công vụ, đạo đức công vụ', 2),
        leaf('5.2', 'Không có cán bộ, công chức, viên chức vi phạm bị xử lý kỷ luật', 2),
      ]),
    ],
    16,
  ),
  group(
    'VI',
    'Cải cách tài chính công',
    [
      group('1', 'Quản lý, sử dụng ngân sách nhà nước', [
        leaf('a)', 'Tỷ lệ giải ngân kế hoạch vốn đầu tư công được giao', 1.5),
        leaf('b)', 'Thực hiện công khai ngân sách theo quy định', 1),
      ]),
      group('2', 'Thực hiện cơ chế tự chủ tài chính', [
        leaf('a)', 'Ban hành, thực hiện quy chế chi tiêu nội bộ', 1),
        leaf('b)', 'Thực hiện quy chế quản lý, sử dụng tài sản công', 1.5),
      ]),
      leaf('3', 'Thực hiện kết luận thanh tra, kiểm toán về tài chính, ngân sách', 2),
    ],
    7,
  ),
  group(
    'VII',
    'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
    [
      group('1', 'Kế hoạch chuyển đổi số năm', [
        leaf('1.1', 'Ban hành kế hoạch chuyển đổi số năm', 0.5),
        leaf('1.2', 'Mức độ hoàn thành kế hoạch chuyển đổi số', 1.5),
      ]),
      group('2', 'Ứng dụng công nghệ thông tin trong xử lý công việc', [
        leaf('2.1', 'Tỷ lệ văn bản đi, đến được trao đổi dưới dạng điện tử có ký số', 2.5),
        leaf('2.2', 'Sử dụng hệ thống thư điện tử công vụ trong trao đổi công việc', 2),
      ]),
      group('3', 'Cung cấp dịch vụ công trực tuyến', [
        leaf('3.1', 'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình', 2),
        leaf('3.2', 'Tỷ lệ hồ sơ TTHC được tiếp nhận, giải quyết trực tuyến', 2),
        leaf('3.3', 'Tích hợp, công khai TTHC trên Cổng Dịch vụ công quốc gia', 1.5),
      ]),
      leaf('4', 'Bảo đảm an toàn thông tin mạng', 2),
      leaf('5', 'Áp dụng Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015', 2),
    ],
    16,
  ),
  group(
    'VIII',
    'Tác động của CCHC đến người dân, tổ chức',
    [
      group('1', 'Mức độ hài lòng của người dân (SIPAS)', [
        leaf('a)', 'Mức độ hài lòng về tiếp cận dịch vụ hành chính công', 2),
        leaf('b)', 'Mức độ hài lòng về thủ tục hành chính', 2),
        leaf('c)', 'Mức độ hài lòng về công chức trực tiếp giải quyết công việc', 2),
        leaf('d)', 'Mức độ hài lòng về kết quả giải quyết TTHC', 2),
      ]),
      group('2', 'Tác động đến quản lý nhà nước theo ngành, lĩnh vực', [
        leaf('a)', 'Thực hiện các chỉ tiêu phát triển ngành, lĩnh vực được giao', 2.5),
        leaf('b)', 'Tác động của CCHC đến chất lượng tham mưu của đơn vị', 2),
      ]),
      leaf('3', 'Đánh giá của cán bộ, công chức về công tác CCHC của đơn vị', 3),
    ],
    15.5,
  ),
];

/** Districts: dotted numbering 1 / 1.1 / 1.1.1. */
const DISTRICT_SET: CriterionNode[] = [
  group(
    '1',
    'Công tác chỉ đạo, điều hành CCHC',
    [
      group('1.1', 'Kế hoạch CCHC năm', [
        leaf('1.1.1', 'Ban hành kế hoạch CCHC năm đúng thời hạn', 0.5),
        leaf('1.1.2', 'Mức độ hoàn thành kế hoạch CCHC năm', 2),
      ]),
      leaf('1.2', 'Thực hiện chế độ báo cáo CCHC định kỳ', 1),
      group('1.3', 'Kiểm tra công tác CCHC đối với các cơ quan chuyên môn và UBND cấp xã', [
        leaf('1.3.1', 'Tỷ lệ cơ quan, đơn vị được kiểm tra trong năm', 1),
        leaf('1.3.2', 'Xử lý các vấn đề phát hiện qua kiểm tra', 1),
      ]),
      leaf('1.4', 'Công tác tuyên truyền CCHC', 1.5),
      group('1.5', 'Sự năng động trong chỉ đạo, điều hành CCHC', [
        leaf('1.5.1', 'Thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao', 1),
        leaf('1.5.2', 'Sáng kiến, mô hình mới trong CCHC được công nhận', 1),
      ]),
    ],
    9,
  ),
  group(
    '2',
    'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật',
    [
      group('2.1', 'Ban hành văn bản quy phạm pháp luật thuộc thẩm quyền của HĐND, UBND huyện', [
        leaf('2.1.1', 'Mức độ hoàn thành ban hành văn bản quy định chi tiết', 1.5),
        leaf('2.1.2', 'Thực hiện quy trình xây dựng, ban hành văn bản', 1.5),
      ]),
      group('2.2', 'Rà soát, hệ thống hóa văn bản quy phạm pháp luật', [
        leaf('2.2.1', 'Thực hiện rà soát, hệ thống hóa văn bản theo quy định', 1.5),
        leaf('2.2.2', 'Xử lý kết quả rà soát', 1),
      ]),
      group('2.3', 'Kiểm tra, xử lý văn bản quy phạm pháp luật của HĐND, UBND cấp xã', [
        leaf('2.3.1', 'Ban hành kế hoạch kiểm tra văn bản', 0.5),
        leaf('2.3.2', 'Xử lý văn bản trái pháp luật phát hiện qua kiểm tra', 1.5),
      ]),
      leaf('2.4', 'Theo dõi tình hình thi hành pháp luật trên địa bàn', 2),
    ],
    9.5,
  ),
  group(
    '3',
    'Cải cách thủ tục hành chính',
    [
      group('3.1', 'Rà soát, đơn giản hóa TTHC', [
        leaf('3.1.1', 'Ban hành kế hoạch rà soát, đánh giá TTHC', 0.5),
        leaf('3.1.2', 'Mức độ hoàn thành kế hoạch rà soát, đánh giá TTHC', 1.5),
      ]),
      group('3.2', 'Công khai TTHC', [
        leaf('3.2.1', 'Công khai đầy đủ, đúng quy định TTHC tại Bộ phận Một cửa cấp huyện', 1.5),
        leaf('3.2.2', 'Tỷ lệ UBND cấp xã công khai TTHC đúng quy định', 1),
      ]),
      group('3.3', 'Thực hiện cơ chế một cửa, một cửa liên thông', [
        leaf('3.3.1', 'Tỷ lệ hồ sơ TTHC cấp huyện được giải quyết đúng hạn', 2.5),
        leaf('3.3.2', 'Tỷ lệ hồ sơ TTHC cấp xã được giải quyết đúng hạn', 2.5),
        leaf('3.3.3', 'Số hóa hồ sơ, kết quả giải quyết TTHC', 2),
      ]),
      group('3.4', 'Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC', [
        leaf('3.4.1', 'Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn', 1.5),
        leaf('3.4.2', 'Công khai kết quả xử lý phản ánh, kiến nghị', 0.5),
      ]),
      leaf('3.5', 'Thực hiện chế độ báo cáo về kiểm soát TTHC', 2),
    ],
    15.5,
  ),
  group(
    '4',
    'Cải cách tổ chức bộ máy hành chính',
    [
      group('4.1', 'Sắp xếp, kiện toàn tổ chức bộ máy', [
        leaf('4.1.1', 'Ban hành quy định chức năng, nhiệm vụ của các cơ quan chuyên môn', 1.5),
        leaf('4.1.2', 'Thực hiện quy định về số lượng cấp phó', 1),
        leaf('4.1.3', 'Sắp xếp đơn vị hành chính cấp xã theo kế hoạch', 1.5),
      ]),
      group('4.2', 'Quản lý, sử dụng biên chế', [
        leaf('4.2.1', 'Sử dụng biên chế công chức được giao', 1.5),
        leaf('4.2.2', 'Thực hiện tinh giản biên chế theo kế hoạch', 2),
      ]),
      leaf('4.3', 'Thực hiện phân cấp quản lý nhà nước', 2.5),
    ],
    10,
  ),
  group(
    '5',
    'Cải cách chế độ công vụ',
    [
      group('5.1', 'Vị trí việc làm', [
        leaf('5.1.1', 'Bố trí công chức theo vị trí việc làm được phê duyệt', 1.5),
        leaf('5.1.2', 'Thực hiện cơ cấu ngạch công chức', 1.5),
      ]),
      group('5.2', 'Tuyển dụng, sử dụng cán bộ, công chức, viên chức', [
        leaf('5.2.1', 'Tuyển dụng công chức, viên chức đúng quy định', 2),
        leaf('5.2.2', 'Bổ nhiệm, bổ nhiệm lại lãnh đạo, quản lý đúng quy định', 1.5),
      ]),
      leaf('5.3', 'Đào tạo, bồi dưỡng cán bộ, công chức cấp huyện, cấp xã', 3),
      group('5.4', 'Kỷ luật, kỷ cương hành chính', [
        leaf('5.4.1', 'Thực hiện quy định về văn hóa công vụ', 1.5),
        leaf('5.4.2', 'Không có cán bộ, công chức bị xử lý kỷ luật', 2),
      ]),
      leaf('5.5', 'Đánh giá, xếp loại chất lượng cán bộ, công chức', 2),
    ],
    15,
  ),
  group(
    '6',
    'Cải cách tài chính công',
    [
      group('6.1', 'Quản lý, sử dụng ngân sách', [
        leaf('6.1.1', 'Tỷ lệ giải ngân kế hoạch vốn đầu tư công', 2),
        leaf('6.1.2', 'Thực hiện công khai ngân sách', 1.5),
      ]),
      leaf('6.2', 'Thực hiện cơ chế tự chủ tại đơn vị sự nghiệp công lập', 2),
      leaf('6.3', 'Thực hiện kết luận thanh tra, kiểm toán', 1.5),
    ],
    7,
  ),
  group(
    '7',
    'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
    [
      group('7.1', 'Kế hoạch chuyển đổi số', [
        leaf('7.1.1', 'Ban hành kế hoạch chuyển đổi số năm', 0.5),
        leaf('7.1.2', 'Mức độ hoàn thành kế hoạch chuyển đổi số', 1.5),
      ]),
      leaf('7.2', 'Ứng dụng công nghệ thông tin trong hoạt động của cơ quan', 4),
      group('7.3', 'Dịch vụ công trực tuyến', [
        leaf('7.3.1', 'Tỷ lệ hồ sơ TTHC được tiếp nhận, giải quyết trực tuyến', 2.5),
        leaf('7.3.2', 'Tỷ lệ thanh toán trực tuyến phí, lệ phí', 1.5),
        leaf('7.3.3', 'Tỷ lệ kết quả giải quyết TTHC được số hóa', 2),
      ]),
      leaf('7.4', 'Bảo đảm an toàn thông tin mạng', 2),
      leaf('7.5', 'Áp dụng Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015', 2),
    ],
    16,
  ),
  group(
    '8',
    'Tác động của CCHC đến người dân, tổ chức',
    [
      group('8.1', 'Mức độ hài lòng của người dân (SIPAS)', [
        leaf('8.1.1', 'Mức độ hài lòng về tiếp cận dịch vụ', 2.5),
        leaf('8.1.2', 'Mức độ hài lòng về thủ tục hành chính', 2.5),
        leaf('8.1.3', 'Mức độ hài lòng về công chức giải quyết công việc', 2.5),
        leaf('8.1.4', 'Mức độ hài lòng về kết quả giải quyết TTHC', 2.5),
      ]),
      group('8.2', 'Tác động đến phát triển kinh tế - xã hội của huyện', [
        leaf('8.2.1', 'Thu ngân sách nhà nước trên địa bàn đạt kế hoạch', 4),
        leaf('8.2.2', 'Thực hiện các chỉ tiêu kinh tế - xã hội do HĐND huyện giao', 4),
      ]),
    ],
    18,
  ),
];

/** One row of a criteria set, in sheet order. */
interface FlatRow {
  /** Internal identity: the codes from the area down, joined by `/`; bullets get an ordinal (`-2`). */
  key: string;
  code: string;
  name: string;
  max: number;
  level: number;
  /** Indexes (into the flat list) of the direct children. */
  children: number[];
}

function flatten(set: CriterionNode[]): FlatRow[] {
  const rows: FlatRow[] = [];
  const visit = (node: CriterionNode, level: number, parentKey: string, ordinal: number): number => {
    const own = node.code === '-' ? `-${ordinal}` : node.code;
    const key = parentKey ? `${parentKey}/${own}` : own;
    const index = rows.length;
    const row: FlatRow = { key, code: node.code, name: node.name, max: node.max, level, children: [] };
    rows.push(row);
    node.children.forEach((child, i) => row.children.push(visit(child, level + 1, key, i + 1)));
    return index;
  };
  set.forEach((area, i) => visit(area, 0, '', i + 1));
  return rows;
}

function checkSet(set: CriterionNode[], label: string): void {
  const total = set.reduce((s, a) => s + a.max, 0);
  if (total !== 100) throw new Error(`${label}: areas sum to ${total}, expected 100`);
  const keys = new Set<string>();
  for (const r of flatten(set)) {
    if (keys.has(r.key)) throw new Error(`${label}: duplicate key ${r.key}`);
    keys.add(r.key);
    if (r.children.length === 1) throw new Error(`${label}: ${r.key} has a single child`);
    if (r.max <= 0 || quarter(r.max) !== r.max) throw new Error(`${label}: ${r.key} max ${r.max}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------

type Block = 'department' | 'district';

interface UnitDef {
  sheet: string;
  fullName: string;
  block: Block;
  /** Typical share of the maximum the unit claims, in [0.6, 0.97]. */
  quality: number;
  /** Agency abbreviations used in its document numbers (`39/KH-SNV`). */
  agencies: string[];
}

const UNITS: UnitDef[] = [
  { sheet: 'Sở Tư pháp', fullName: 'Sở Tư pháp tỉnh Điện Biên', block: 'department', quality: 0.96, agencies: ['STP'] },
  {
    sheet: 'Sở Ngoại vụ',
    fullName: 'Sở Ngoại vụ tỉnh Điện Biên',
    block: 'department',
    quality: 0.63,
    agencies: ['SNgV'],
  },
  { sheet: 'Sở Nội vụ', fullName: 'Sở Nội vụ tỉnh Điện Biên', block: 'department', quality: 0.9, agencies: ['SNV'] },
  {
    sheet: 'Sở Tài chính',
    fullName: 'Sở Tài chính tỉnh Điện Biên',
    block: 'department',
    quality: 0.84,
    agencies: ['STC'],
  },
  {
    sheet: 'Ban Dân tộc',
    fullName: 'Ban Dân tộc tỉnh Điện Biên',
    block: 'department',
    quality: 0.78,
    agencies: ['BDT'],
  },
  {
    sheet: 'Văn phòng UBND tỉnh',
    fullName: 'Văn phòng Ủy ban nhân dân tỉnh Điện Biên',
    block: 'department',
    quality: 0.87,
    agencies: ['VPUBND'],
  },
  { sheet: 'Sở Y tế', fullName: 'Sở Y tế tỉnh Điện Biên', block: 'department', quality: 0.74, agencies: ['SYT'] },
  {
    sheet: 'Sở Xây dựng',
    fullName: 'Sở Xây dựng tỉnh Điện Biên',
    block: 'department',
    quality: 0.69,
    agencies: ['SXD'],
  },
  { sheet: 'H. Nậm Pồ', fullName: 'UBND huyện Nậm Pồ', block: 'district', quality: 0.94, agencies: ['UBND', 'PNV'] },
  {
    sheet: 'H. Mường Nhé',
    fullName: 'UBND huyện Mường Nhé',
    block: 'district',
    quality: 0.61,
    agencies: ['UBND', 'VP'],
  },
  {
    sheet: 'H. Tuần Giáo',
    fullName: 'UBND huyện Tuần Giáo',
    block: 'district',
    quality: 0.82,
    agencies: ['UBND', 'PNV'],
  },
  {
    sheet: 'H. Điện Biên Đông',
    fullName: 'UBND huyện Điện Biên Đông',
    block: 'district',
    quality: 0.72,
    agencies: ['UBND', 'PTP'],
  },
  {
    sheet: 'TX Mường Lay',
    fullName: 'UBND thị xã Mường Lay',
    block: 'district',
    quality: 0.77,
    agencies: ['UBND', 'PNV'],
  },
  {
    sheet: 'TP Điện Biên Phủ',
    fullName: 'UBND thành phố Điện Biên Phủ',
    block: 'district',
    quality: 0.89,
    agencies: ['UBND', 'VP'],
  },
];

/** Sheet names of the units, in workbook order, per block. */
export const SAMPLE_UNIT_SHEETS: Readonly<Record<Block, readonly string[]>> = {
  department: UNITS.filter((u) => u.block === 'department').map((u) => u.sheet),
  district: UNITS.filter((u) => u.block === 'district').map((u) => u.sheet),
};

export const SAMPLE_TEMPLATE_SHEETS: Readonly<Record<Block, string>> = {
  department: 'Bộ tiêu chí - Khối sở',
  district: 'Bộ tiêu chí - Khối huyện',
};

// ---------------------------------------------------------------------------------------------
// Leaf entries and planted defects
// ---------------------------------------------------------------------------------------------

type Score = number | string;

interface LeafEntry {
  self: Score;
  appraised: Score;
  evidence: string | null;
  explanation: string | null;
}

export interface PlantedDefect {
  id: 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';
  /** False for `g`, which shows the rule (explanation instead of evidence) rather than breaking it. */
  isDefect: boolean;
  sheet: string;
  /** The cell that carries the defect. */
  cell: string;
  /** Internal criterion key (codes joined by `/`). */
  criterion: string;
  description: string;
}

interface DefectPlan extends PlantedDefect {
  entry: LeafEntry;
}

const NA = 'Không áp dụng';

const DEFECTS: DefectPlan[] = [
  {
    id: 'a',
    isDefect: true,
    sheet: 'Sở Ngoại vụ',
    cell: 'D27',
    criterion: 'II/2/b)',
    description: 'self score 1 > 0 with evidence F27 and explanation G27 both blank',
    entry: { self: 1, appraised: 0.75, evidence: null, explanation: null },
  },
  {
    id: 'a',
    isDefect: true,
    sheet: 'Sở Ngoại vụ',
    cell: 'D89',
    criterion: 'VII/3/3.2',
    description: 'self score 1.5 > 0 with evidence F89 and explanation G89 both blank',
    entry: { self: 1.5, appraised: 1.25, evidence: null, explanation: null },
  },
  {
    id: 'b',
    isDefect: true,
    sheet: 'Sở Y tế',
    cell: 'D19',
    criterion: 'I/5',
    description: 'self score 1.5 above the maximum 1; appraised E19 = 1',
    entry: { self: 1.5, appraised: 1, evidence: 'Báo cáo số 412/BC-SYT ngày 16/12/2024', explanation: null },
  },
  {
    id: 'c',
    isDefect: true,
    sheet: 'Sở Xây dựng',
    cell: 'D11',
    criterion: 'I/1/1.3',
    description: "self score typed as text with a decimal comma '0,75'; appraised E11 is the number 0.75",
    entry: { self: '0,75', appraised: 0.75, evidence: 'Báo cáo số 287/BC-SXD ngày 13/12/2024', explanation: null },
  },
  {
    id: 'd',
    isDefect: true,
    sheet: 'Ban Dân tộc',
    cell: 'D39',
    criterion: 'III/2/2.2',
    description: `not applicable: D39 and E39 are "${NA}", evidence blank, explanation "Đơn vị không có nhiệm vụ này"`,
    entry: { self: NA, appraised: NA, evidence: null, explanation: 'Đơn vị không có nhiệm vụ này' },
  },
  {
    id: 'e',
    isDefect: true,
    sheet: 'H. Mường Nhé',
    cell: 'F47',
    criterion: '4/4.1/4.1.3',
    description: 'evidence is the placeholder "x", no explanation, self score D47 = 1.25',
    entry: { self: 1.25, appraised: 1, evidence: 'x', explanation: null },
  },
  {
    id: 'f',
    isDefect: true,
    sheet: 'H. Tuần Giáo',
    cell: 'E22',
    criterion: '2/2.2/2.2.1',
    description: 'appraised score 1.25 higher than self score D22 = 1',
    entry: { self: 1, appraised: 1.25, evidence: 'Báo cáo số 196/BC-UBND ngày 20/11/2024', explanation: null },
  },
  {
    id: 'g',
    isDefect: false,
    sheet: 'Văn phòng UBND tỉnh',
    cell: 'F68',
    criterion: 'V/4/4.2',
    description: 'evidence blank but explanation G68 given: not a defect',
    entry: { self: 1.5, appraised: 1.5, evidence: null, explanation: 'Đã giải trình tại cuộc họp ngày 12/3/2025' },
  },
];

/** Where the planted defects are (sheet and cell), for tests. */
export const PLANTED_DEFECTS: readonly PlantedDefect[] = DEFECTS.map(({ entry: _entry, ...d }) => d);

const EXTRA_EXPLANATIONS = [
  'Chi tiết tại Phụ lục kèm theo báo cáo',
  'Tài liệu lưu tại Văn phòng đơn vị',
  'Đã cập nhật trên Hệ thống thông tin báo cáo của tỉnh',
];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

type DocKind = 'KH' | 'BC' | 'QĐ' | 'TB' | 'CV';

function documentKind(name: string, rng: Rng): DocKind {
  const n = name.toLowerCase();
  if (n.includes('kế hoạch') && (n.startsWith('ban hành') || n.includes('kế hoạch cchc'))) return 'KH';
  if (n.startsWith('tỷ lệ') || n.includes('hài lòng') || n.includes('báo cáo') || n.startsWith('mức độ')) return 'BC';
  if (n.includes('quy định') || n.includes('quy chế') || n.startsWith('ban hành') || n.includes('công bố')) return 'QĐ';
  return pick(rng, ['BC', 'BC', 'CV', 'TB', 'QĐ'] as const);
}

function citation(kind: DocKind, unit: UnitDef, rng: Rng): string {
  const agency = pick(rng, unit.agencies);
  const day = intBetween(rng, 1, 28);
  let month: number;
  let num: number;
  switch (kind) {
    case 'KH':
      month = intBetween(rng, 1, 3);
      num = intBetween(rng, 5, 95);
      break;
    case 'BC':
      month = intBetween(rng, 6, 12);
      num = intBetween(rng, 110, 480);
      break;
    default:
      month = intBetween(rng, 2, 11);
      num = intBetween(rng, 20, 1350);
  }
  const date = `${pad2(day)}/${pad2(month)}/2024`;
  switch (kind) {
    case 'KH':
      return `Kế hoạch số ${num}/KH-${agency} ngày ${date}`;
    case 'BC':
      return `Báo cáo số ${num}/BC-${agency} ngày ${date}`;
    case 'QĐ':
      return `Quyết định số ${num}/QĐ-${rng() < 0.3 ? 'UBND' : agency} ngày ${date}`;
    case 'TB':
      return `Thông báo số ${num}/TB-${agency} ngày ${date}`;
    case 'CV':
      return `Công văn số ${num}/${agency}-VP ngày ${date}`;
  }
}

function generateEntry(row: FlatRow, unit: UnitDef, rng: Rng): LeafEntry {
  const q = unit.quality;
  const ratio = clamp(q + (rng() - 0.5) * 0.4, 0, 1);
  const self = quarter(row.max * ratio);
  const cutDraw = rng();
  const cutSize = rng() < 0.6 ? 0.25 : 0.5;
  const cut = cutDraw < 0.08 + (1 - q) * 0.6 ? cutSize : 0;
  const appraised = Math.max(0, self - cut);
  const kind = documentKind(row.name, rng);
  let evidence = citation(kind, unit, rng);
  if (rng() < 0.12) evidence += `; ${citation(pick(rng, ['BC', 'QĐ', 'CV'] as const), unit, rng)}`;
  const extra = rng() < 0.05 ? pick(rng, EXTRA_EXPLANATIONS) : null;
  if (self === 0) {
    return { self, appraised: 0, evidence: null, explanation: 'Chưa triển khai thực hiện trong năm 2024' };
  }
  return { self, appraised, evidence, explanation: extra };
}

// ---------------------------------------------------------------------------------------------
// Sheet rendering
// ---------------------------------------------------------------------------------------------

const FONT = 'Times New Roman';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const AREA_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const SCORE_FORMAT = '0.00';

function setFont(cell: ExcelJS.Cell, opts: { bold?: boolean; italic?: boolean; size?: number } = {}): void {
  cell.font = { name: FONT, size: opts.size ?? 12, bold: opts.bold ?? false, italic: opts.italic ?? false };
}

function styleTitle(ws: ExcelJS.Worksheet, address: string, size: number): void {
  const cell = ws.getCell(address);
  setFont(cell, { bold: true, size });
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

function styleHeaderCell(cell: ExcelJS.Cell): void {
  setFont(cell, { bold: true });
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.fill = HEADER_FILL;
  cell.border = THIN;
}

/** Fonts, borders and alignment of a table body row (columns 1..lastCol). */
function styleBodyRow(
  ws: ExcelJS.Worksheet,
  rowNumber: number,
  lastCol: number,
  level: number | 'total',
  isLeaf: boolean,
): void {
  const row = ws.getRow(rowNumber);
  const bold = level === 'total' || level === 0 || (level === 1 && !isLeaf);
  for (let c = 1; c <= lastCol; c++) {
    const cell = row.getCell(c);
    setFont(cell, { bold });
    cell.border = THIN;
    if (level === 0 || level === 'total') cell.fill = AREA_FILL;
    if (c === 2 || c >= 6) {
      cell.alignment = {
        horizontal: 'left',
        vertical: 'middle',
        wrapText: true,
        indent: c === 2 && typeof level === 'number' ? level : 0,
      };
    } else {
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
    if (c >= 3 && c <= 5 && typeof cell.value !== 'string') cell.numFmt = SCORE_FORMAT;
  }
}

function writeTemplate(wb: ExcelJS.Workbook, block: Block, set: CriterionNode[]): void {
  const flat = flatten(set);
  const isDept = block === 'department';
  const ws = wb.addWorksheet(SAMPLE_TEMPLATE_SHEETS[block], {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', xSplit: 0, ySplit: 4 }],
  });
  const lastCol = isDept ? 4 : 3;
  ws.columns = isDept
    ? [{ width: 8 }, { width: 62 }, { width: 12 }, { width: 24 }]
    : [{ width: 8 }, { width: 62 }, { width: 12 }];

  ws.getCell('A1').value = 'UBND TỈNH ĐIỆN BIÊN';
  setFont(ws.getCell('A1'), { bold: true });
  ws.mergeCells(isDept ? 'A2:D2' : 'A2:C2');
  ws.getCell('A2').value = isDept
    ? 'BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC SỞ, BAN, NGÀNH'
    : 'BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ';
  styleTitle(ws, 'A2', 13);
  ws.getRow(2).height = 36;

  const header = isDept
    ? ['STT', 'Lĩnh vực, tiêu chí, tiêu chí thành phần', 'Điểm tối đa', 'Ghi chú']
    : ['TT', 'Tiêu chí/Tiêu chí thành phần', 'Thang điểm'];
  header.forEach((h, i) => {
    const cell = ws.getRow(4).getCell(i + 1);
    cell.value = h;
    styleHeaderCell(cell);
  });
  ws.getRow(4).height = 32;

  const dataStart = 5;
  flat.forEach((r, i) => {
    const row = ws.getRow(dataStart + i);
    row.getCell(1).value = r.code;
    row.getCell(2).value = r.name;
    row.getCell(3).value = r.max;
    styleBodyRow(ws, dataStart + i, lastCol, r.level, r.children.length === 0);
  });
  const totalRow = ws.getRow(dataStart + flat.length);
  totalRow.getCell(2).value = isDept ? 'TỔNG ĐIỂM' : 'Tổng cộng';
  totalRow.getCell(3).value = set.reduce((s, a) => s + a.max, 0);
  styleBodyRow(ws, dataStart + flat.length, lastCol, 'total', false);
}

interface UnitTotals {
  sheet: string;
  block: Block;
  self: number;
  appraised: number;
  /** Maximum of the applicable criteria (100 minus not-applicable leaves). */
  applicableMax: number;
}

function numeric(v: Score): number {
  return typeof v === 'number' ? v : 0;
}

function writeUnitSheet(wb: ExcelJS.Workbook, unit: UnitDef, set: CriterionNode[]): UnitTotals {
  const flat = flatten(set);
  const isDept = unit.block === 'department';
  const dataStart = isDept ? 7 : 5;
  const rowOf = (i: number): number => dataStart + i;
  const totalRowNumber = dataStart + flat.length;

  // Scores: generate every leaf (always consuming the PRNG the same way), then plant defects.
  const rng = mulberry32(SEED ^ hashString(unit.sheet));
  const entries = new Map<number, LeafEntry>();
  flat.forEach((r, i) => {
    if (r.children.length === 0) entries.set(i, generateEntry(r, unit, rng));
  });
  for (const d of DEFECTS.filter((x) => x.sheet === unit.sheet)) {
    const i = flat.findIndex((r) => r.key === d.criterion);
    if (i < 0 || flat[i].children.length > 0) throw new Error(`Defect ${d.id}: no leaf ${d.criterion}`);
    const row = rowOf(i);
    if (Number(d.cell.slice(1)) !== row)
      throw new Error(`Defect ${d.id}: ${d.criterion} is on row ${row}, not ${d.cell}`);
    entries.set(i, d.entry);
  }

  // Cached results, bottom-up (children always come after their parent in the flat list).
  const self = new Map<number, Score>();
  const appraised = new Map<number, Score>();
  for (let i = flat.length - 1; i >= 0; i--) {
    const r = flat[i];
    const e = entries.get(i);
    if (e) {
      self.set(i, e.self);
      appraised.set(i, e.appraised);
    } else {
      self.set(
        i,
        r.children.reduce((s, c) => s + numeric(self.get(c) ?? 0), 0),
      );
      appraised.set(
        i,
        r.children.reduce((s, c) => s + numeric(appraised.get(c) ?? 0), 0),
      );
    }
  }
  const areas = flat
    .map((r, i) => ({ r, i }))
    .filter((x) => x.r.level === 0)
    .map((x) => x.i);

  const formula = (col: string, children: number[], values: Map<number, Score>): ExcelJS.CellFormulaValue => {
    const rows = children.map(rowOf);
    const contiguous = rows.every((r, k) => k === 0 || r === rows[k - 1] + 1);
    if (!contiguous) {
      // `+` does not skip text the way SUM over a range does: keep text cells out of such sums.
      for (const c of children) {
        if (typeof values.get(c) === 'string') throw new Error(`${unit.sheet}: text under a '+' formula`);
      }
    }
    const text = contiguous
      ? `SUM(${col}${rows[0]}:${col}${rows[rows.length - 1]})`
      : rows.map((r) => `${col}${r}`).join('+');
    const result = children.reduce((s, c) => s + numeric(values.get(c) ?? 0), 0);
    return { formula: text, result };
  };

  const ws = wb.addWorksheet(unit.sheet, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', xSplit: 0, ySplit: dataStart - 1 }],
  });
  ws.columns = [{ width: 7 }, { width: 60 }, { width: 10 }, { width: 11 }, { width: 11 }, { width: 42 }, { width: 30 }];

  ws.mergeCells('A1:G1');
  ws.getCell('A1').value = isDept
    ? 'BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC NĂM 2024'
    : 'BẢNG TỰ CHẤM ĐIỂM CHỈ SỐ CCHC NĂM 2024 CỦA UBND CẤP HUYỆN';
  styleTitle(ws, 'A1', 14);
  ws.getRow(1).height = 24;
  ws.getCell('A2').value = `Đơn vị: ${unit.fullName}`;
  setFont(ws.getCell('A2'), { bold: true, italic: true });

  if (isDept) {
    for (const range of ['A4:A5', 'B4:B5', 'C4:C5', 'D4:E4', 'F4:F5', 'G4:G5']) ws.mergeCells(range);
    ws.getCell('A4').value = 'STT';
    ws.getCell('B4').value = 'Lĩnh vực, tiêu chí';
    ws.getCell('C4').value = 'Điểm tối đa';
    ws.getCell('D4').value = 'Điểm';
    ws.getCell('D5').value = 'Tự đánh giá';
    ws.getCell('E5').value = 'Thẩm định';
    ws.getCell('F4').value = 'Tài liệu kiểm chứng';
    ws.getCell('G4').value = 'Giải trình';
    for (let r = 4; r <= 5; r++) for (let c = 1; c <= 7; c++) styleHeaderCell(ws.getRow(r).getCell(c));
    ws.getRow(4).height = 22;
    ws.getRow(5).height = 22;
    for (let c = 1; c <= 7; c++) {
      const cell = ws.getRow(6).getCell(c);
      cell.value = `(${c})`;
      setFont(cell, { italic: true, size: 11 });
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
      cell.border = THIN;
    }
  } else {
    const header = ['TT', 'Tiêu chí/Tiêu chí thành phần', 'Thang điểm', 'Tự chấm', 'Điểm HĐTĐ', 'TLKC', 'Thuyết minh'];
    header.forEach((h, i) => {
      const cell = ws.getRow(4).getCell(i + 1);
      cell.value = h;
      styleHeaderCell(cell);
    });
    ws.getRow(4).height = 32;
  }

  flat.forEach((r, i) => {
    const row = ws.getRow(rowOf(i));
    row.getCell(1).value = r.code;
    row.getCell(2).value = r.name;
    row.getCell(3).value = r.max;
    const e = entries.get(i);
    if (e) {
      row.getCell(4).value = e.self;
      row.getCell(5).value = e.appraised;
      row.getCell(6).value = e.evidence;
      row.getCell(7).value = e.explanation;
    } else {
      row.getCell(4).value = formula('D', r.children, self);
      row.getCell(5).value = formula('E', r.children, appraised);
    }
    styleBodyRow(ws, rowOf(i), 7, r.level, r.children.length === 0);
    if (e && typeof e.self === 'string' && e.self !== NA) row.getCell(4).numFmt = '@';
  });

  const total = ws.getRow(totalRowNumber);
  total.getCell(2).value = isDept ? 'TỔNG ĐIỂM' : 'Tổng cộng';
  total.getCell(3).value = set.reduce((s, a) => s + a.max, 0);
  const selfTotal = formula('D', areas, self);
  const appraisedTotal = formula('E', areas, appraised);
  total.getCell(4).value = selfTotal;
  total.getCell(5).value = appraisedTotal;
  styleBodyRow(ws, totalRowNumber, 7, 'total', false);

  // Signature block, as in the real files.
  const sign = ws.getRow(totalRowNumber + 2);
  sign.getCell(6).value = 'THỦ TRƯỞNG ĐƠN VỊ';
  setFont(sign.getCell(6), { bold: true });
  sign.getCell(6).alignment = { horizontal: 'center' };
  const signNote = ws.getRow(totalRowNumber + 3);
  signNote.getCell(6).value = '(Ký, ghi rõ họ tên, đóng dấu)';
  setFont(signNote.getCell(6), { italic: true });
  signNote.getCell(6).alignment = { horizontal: 'center' };

  let notApplicable = 0;
  for (const [i, e] of entries) if (e.self === NA) notApplicable += flat[i].max;
  return {
    sheet: unit.sheet,
    block: unit.block,
    self: Number(selfTotal.result),
    appraised: Number(appraisedTotal.result),
    applicableMax: 100 - notApplicable,
  };
}

function checkTotals(totals: UnitTotals[]): void {
  for (const kind of ['self', 'appraised'] as const) {
    const seen = new Map<number, string>();
    for (const t of totals) {
      const other = seen.get(t[kind]);
      if (other) throw new Error(`Units ${other} and ${t.sheet} share the ${kind} total ${t[kind]}`);
      seen.set(t[kind], t.sheet);
    }
  }
  const expectations: [Block, string, string][] = [
    ['department', 'Sở Tư pháp', 'Sở Ngoại vụ'],
    ['district', 'H. Nậm Pồ', 'H. Mường Nhé'],
  ];
  for (const [block, best, worst] of expectations) {
    const units = totals.filter((t) => t.block === block);
    for (const measure of ['self', 'appraised', 'percent'] as const) {
      const value = (t: UnitTotals): number => (measure === 'percent' ? t.appraised / t.applicableMax : t[measure]);
      const sorted = [...units].sort((x, y) => value(y) - value(x));
      if (sorted[0].sheet !== best || sorted[sorted.length - 1].sheet !== worst) {
        throw new Error(`${block} by ${measure}: best ${sorted[0].sheet}, worst ${sorted[sorted.length - 1].sheet}`);
      }
    }
  }
}

/** Builds the sample province workbook. Deterministic: the same cells on every call. */
export function buildSampleWorkbook(): ExcelJS.Workbook {
  checkSet(DEPARTMENT_SET, SAMPLE_TEMPLATE_SHEETS.department);
  checkSet(DISTRICT_SET, SAMPLE_TEMPLATE_SHEETS.district);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sở Nội vụ tỉnh Điện Biên';
  wb.lastModifiedBy = 'Sở Nội vụ tỉnh Điện Biên';
  wb.company = 'UBND tỉnh Điện Biên';
  wb.title = 'Chỉ số CCHC năm 2024 - tổng hợp tự đánh giá, thẩm định';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  wb.lastPrinted = FIXED_DATE;

  writeTemplate(wb, 'department', DEPARTMENT_SET);
  writeTemplate(wb, 'district', DISTRICT_SET);
  const totals = UNITS.map((u) => writeUnitSheet(wb, u, u.block === 'department' ? DEPARTMENT_SET : DISTRICT_SET));
  checkTotals(totals);
  return wb;
}
