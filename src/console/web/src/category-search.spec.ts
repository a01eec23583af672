import { flattenCategories, searchCategories, type CategoryNode } from './category-search';

const node = (code: string, name: string, children: CategoryNode[] = [], active = true): CategoryNode => ({ id: code, code, name, active, children });

const tree: CategoryNode[] = [
  node('environment', '生态环境 Environment', [
    node('environment.noise', '噪声污染 Noise', [node('environment.noise.construction', '建筑施工噪声 Construction noise'), node('environment.noise.nightlife', '社会生活噪声 Nightlife noise')]),
    node('environment.water-pollution', '水污染 Water pollution'),
    node('environment.retired', '旧分类 Retired', [node('environment.retired.child', '子分类 Child')], false),
  ]),
  node('water', '供水排水 Water supply', [node('water.outage', '停水 Water outage')]),
];
const options = flattenCategories(tree);
const codes = (q: string) => searchCategories(options, q).map((o) => o.code);

describe('flattenCategories', () => {
  it('lists active categories depth first with their ancestors’ names, hiding retired branches', () => {
    expect(options.map((o) => o.code)).toEqual([
      'environment',
      'environment.noise',
      'environment.noise.construction',
      'environment.noise.nightlife',
      'environment.water-pollution',
      'water',
      'water.outage',
    ]);
    expect(options[2]).toEqual({ code: 'environment.noise.construction', name: '建筑施工噪声 Construction noise', path: ['生态环境 Environment', '噪声污染 Noise', '建筑施工噪声 Construction noise'], depth: 2, leaf: true });
    expect(options[1].leaf).toBe(false);
  });
});

describe('searchCategories', () => {
  it('lists the whole tree for an empty query', () => {
    expect(searchCategories(options, '   ')).toBe(options);
  });

  it('finds by Chinese or English name, case and width insensitive', () => {
    expect(codes('施工')).toEqual(['environment.noise.construction']);
    expect(codes('ＣＯＮＳＴＲＵＣＴＩＯＮ')).toEqual(['environment.noise.construction']);
  });

  it('puts leaves whose name starts with the word first, then names containing it, then path-only matches', () => {
    // 噪声污染 starts with 噪声 but is a parent; the two leaves only contain it
    expect(codes('噪声')).toEqual(['environment.noise', 'environment.noise.construction', 'environment.noise.nightlife']);
    // no name starts with "water" (they start with Chinese): leaves containing it, in tree order, then the parent
    expect(codes('water')).toEqual(['environment.water-pollution', 'water.outage', 'water']);
  });

  it('needs every word, matched anywhere in the path or the code', () => {
    expect(codes('noise night')).toEqual(['environment.noise.nightlife']);
    expect(codes('environment outage')).toEqual([]);
    expect(codes('water-pollution')).toEqual(['environment.water-pollution']);
  });
});
