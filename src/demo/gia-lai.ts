/**
 * The real case of DESIGN.md: letter 532/STTTT-BCVT of Sở Thông tin và Truyền thông tỉnh Gia Lai,
 * 21/4/2020, and Draft 1 it sends out. Addresses are on the reserved ".example" domain, never real ones.
 */
export const DEMO_DOMAIN = 'gialai.example';
const mail = (local: string): string => `${local}@${DEMO_DOMAIN}`;

export const demoOffice = {
  name: 'Sở Thông tin và Truyền thông tỉnh Gia Lai',
  parentName: 'UBND TỈNH GIA LAI',
  shortName: 'STTTT',
  place: 'Gia Lai',
  website: null,
};

/** Agencies named one by one in "Kính gửi", in the letter's order. */
export const demoAgencies = [
  { name: 'Công an tỉnh', line: 'Công an tỉnh', email: mail('congan') },
  { name: 'Sở Kế hoạch và Đầu tư', line: 'Sở Kế hoạch và Đầu tư', email: mail('skhdt') },
  { name: 'Sở Giáo dục và Đào tạo', line: 'Sở Giáo dục và Đào tạo', email: mail('sgddt') },
  { name: 'Sở Lao động - Thương binh và Xã hội', line: 'Sở Lao động - Thương binh và Xã hội', email: mail('sldtbxh') },
  { name: 'Tỉnh đoàn Gia Lai', line: 'Tỉnh đoàn Gia Lai', email: mail('tinhdoan') },
  { name: 'Cục Quản lý thị trường Gia Lai', line: 'Cục Quản lý thị trường Gia Lai', email: mail('cucqltt') },
];

/** The 17 district-level units of Gia Lai in 2020: 1 city, 2 towns, 14 districts. */
const districts: [string, string][] = [
  ['thành phố Pleiku', 'pleiku'],
  ['thị xã An Khê', 'ankhe'],
  ['thị xã Ayun Pa', 'ayunpa'],
  ['huyện Chư Păh', 'chupah'],
  ['huyện Chư Prông', 'chuprong'],
  ['huyện Chư Pưh', 'chupuh'],
  ['huyện Chư Sê', 'chuse'],
  ['huyện Đak Đoa', 'dakdoa'],
  ['huyện Đak Pơ', 'dakpo'],
  ['huyện Đức Cơ', 'ducco'],
  ['huyện Ia Grai', 'iagrai'],
  ['huyện Ia Pa', 'iapa'],
  ['huyện Kbang', 'kbang'],
  ['huyện Kông Chro', 'kongchro'],
  ['huyện Krông Pa', 'krongpa'],
  ['huyện Mang Yang', 'mangyang'],
  ['huyện Phú Thiện', 'phuthien'],
];

export const demoGroups = [
  {
    name: 'Ủy ban nhân dân các huyện, thị xã, thành phố',
    line: 'Ủy ban nhân dân các huyện, thị xã, thành phố',
    description: '17 đơn vị hành chính cấp huyện của tỉnh Gia Lai (năm 2020)',
    members: districts.map(([name, slug]) => ({ name: `Ủy ban nhân dân ${name}`, email: mail(`ubnd.${slug}`) })),
  },
  {
    name: 'Các doanh nghiệp cung cấp dịch vụ Internet trên địa bàn tỉnh',
    line: 'Các doanh nghiệp cung cấp dịch vụ Internet trên địa bàn tỉnh',
    description: 'Chi nhánh tại Gia Lai của các doanh nghiệp cung cấp dịch vụ Internet',
    members: [
      { name: 'VNPT Gia Lai', email: mail('vnpt') },
      { name: 'Viettel Gia Lai', email: mail('viettel') },
      { name: 'FPT Telecom chi nhánh Gia Lai', email: mail('fpt') },
    ],
  },
];

export const demoLetter = {
  number: '532/STTTT-BCVT',
  letterDate: '2020-04-21',
  place: 'Gia Lai',
  /** "trước ngày 27/4/2020": six days after the letter's date. */
  deadlineDate: '2020-04-27',
  windowDays: 6,
  draftTitle:
    'Dự thảo Công văn của Ủy ban nhân dân tỉnh Gia Lai về việc tăng cường công tác quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng trên địa bàn tỉnh Gia Lai',
  legalBasis:
    'Nghị định số 72/2013/NĐ-CP ngày 15/7/2013 của Chính phủ về quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng; Nghị định số 27/2018/NĐ-CP ngày 01/3/2018 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 72/2013/NĐ-CP',
  signerPrefix: 'KT.' as const,
  signerAuthority: 'GIÁM ĐỐC',
  signerTitle: 'PHÓ GIÁM ĐỐC',
  signerName: 'Lê Thị Thu Hương',
  contactName: 'Bà Trần Nguyễn Thương Nghị',
  contactTitle: 'Chuyên viên phòng Bưu chính - Viễn thông, Sở Thông tin và Truyền thông',
  contactPhone: '0906.363263',
  contactEmail: mail('nghitnt.stttt'),
  websiteSection: 'Trang thông tin điện tử của Sở (stttt.gialai.gov.vn), mục "Lấy ý kiến về dự thảo văn bản"',
  sourceFilename: '532-STTTT-BCVT-du-thao-lan-1.txt',
};
