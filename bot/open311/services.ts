/**
 * Open311 services: one per kind of matter the complaint router tells apart (bot/routing.ts)
 * — each department, the townships together, and complaints about enforcement itself
 * (司法局) — with the attributes a request may carry beyond the spec's fields.
 */
import { MAX_TEXT } from '../../domain/complaint';
import { type Directory, type Organisation, ORG } from '../../domain/organisation';
import type { ComplaintRouter } from '../routing';

/** The townships' shared service: which township, the place (or the `township` attribute) decides. */
export const TOWNSHIP_SERVICE = 'township';

export type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface Attribute {
  code: string;
  datatype: Datatype;
  required: boolean;
  description: string;
  datatypeDescription: string | null;
  /** At most this many characters (string attributes). */
  max?: number;
  values?: { key: string; name: string }[];
}

export interface Service {
  code: string;
  name: string;
  description: string;
  group: string;
  keywords: string[];
  /** The bodies it goes to: one, or every township. */
  orgIds: number[];
  /** Complaints about enforcement itself (the justice bureau's service): someone is accused even if no body is named. */
  aboutEnforcement: boolean;
  attributes: Attribute[];
}

const WHEN: Attribute = {
  code: 'when', datatype: 'string', required: false, max: MAX_TEXT.when,
  description: '事情是什么时候发生的（如：11月20日下午、最近一周每天夜里）', datatypeDescription: `不超过 ${MAX_TEXT.when} 字；不填记为“不清楚”`,
};

const accusedAttribute = (aboutEnforcement: boolean): Attribute => ({
  code: 'accused', datatype: 'string', required: false, max: MAX_TEXT.accused,
  description: aboutEnforcement
    ? '被投诉的执法部门或执法人员（单位或人员）。投诉人身份不会告知被投诉单位'
    : '如投诉某个执法部门或执法人员，请写明单位或人员；投诉人身份不会告知被投诉单位',
  datatypeDescription: `2–${MAX_TEXT.accused} 字；写明单位的，由司法局受理，被投诉单位只协助调查`,
});

export class ServiceCatalogue {
  readonly all: readonly Service[];
  private readonly byCode: Map<string, Service>;

  constructor(directory: Directory, router: ComplaintRouter) {
    const services: Service[] = [];
    for (const cat of router.categories()) {
      if (cat.township) {
        const towns = cat.orgIds.map((id) => directory.byId(id)!);
        services.push({
          code: TOWNSHIP_SERVICE,
          name: `乡镇（街道）综合行政执法事项：${cat.keywords.slice(0, 3).join('、')}等`,
          description: '由事发地乡镇人民政府（街道办事处）综合行政执法队受理。请在 address_string 中写明乡镇（街道），或填写属性 township。',
          group: '乡镇（街道）',
          keywords: cat.keywords,
          orgIds: cat.orgIds,
          aboutEnforcement: false,
          attributes: [WHEN, accusedAttribute(false), {
            code: 'township', datatype: 'singlevaluelist', required: false,
            description: '事发地所在的乡镇（街道）', datatypeDescription: '未在 address_string 中写明乡镇（街道）时必填',
            values: towns.map((o) => ({ key: o.code, name: o.name })),
          }],
        });
        continue;
      }
      const org = directory.byId(cat.orgIds[0]!)!;
      const aboutEnforcement = org.code === ORG.justiceBureau;
      services.push({
        code: org.code,
        name: aboutEnforcement ? `投诉执法部门或执法人员（${org.aliases[0] ?? org.name}）` : `${cat.keywords.slice(0, 3).join('、')}等（${org.aliases[0] ?? org.name}）`,
        description: aboutEnforcement
          ? `执法不公、乱罚款、不作为等执法部门或执法人员的问题，由${org.name}受理${contactOf(org)}；被投诉单位只协助调查，投诉人身份不告知被投诉单位。`
          : `由${org.name}${org.receivingBody}受理${contactOf(org)}。常见事项：${cat.keywords.slice(0, 10).join('、')}。`,
        group: aboutEnforcement ? '执法监督' : '区职能部门',
        keywords: cat.keywords,
        orgIds: [org.id],
        aboutEnforcement,
        attributes: [WHEN, accusedAttribute(aboutEnforcement)],
      });
    }
    this.all = services;
    this.byCode = new Map(services.map((s) => [s.code, s]));
  }

  find(code: string): Service | undefined {
    return this.byCode.get(code);
  }
}

const contactOf = (o: Organisation) => (o.phone ? `（电话 ${o.phone}）` : '');
