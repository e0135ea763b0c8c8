/**
 * What a free-text message wants when no dialogue is open. Command words are matched
 * first (exact, cheap, predictable); the classifier handles the rest, and below the
 * threshold the bot offers a numbered choice instead of guessing.
 */
import { type Scored, type Segmenter, TextClassifier } from './nlp';

export const INTENTS = ['complaint', 'query', 'transfer', 'dispute', 'selfassess', 'help'] as const;
export type Intent = (typeof INTENTS)[number];

export const INTENT_LABEL: Record<Intent, string> = {
  complaint: '投诉举报',
  query: '查询进度',
  transfer: '案件移送',
  dispute: '争议协调',
  selfassess: '考核自评',
  help: '使用帮助',
};

export const INTENT_THRESHOLD = 0.6;

const TRAINING: Record<Intent, string[]> = {
  complaint: [
    '我要投诉', '我要举报', '投诉', '举报', '我想反映一个问题', '反映问题', '有人违法', '我要反映情况', '想投诉一家商店',
    '举报一个违法行为', '投诉举报', '我想举报', '要投诉执法人员', '我来反映个事', '实名举报', '匿名举报', '这个事情必须投诉',
    '有个问题要反映', '我被骗了想投诉', '噪音扰民', '油烟太大', '卖过期食品', '乱收费', '乱罚款', '违章建筑', '偷排污水',
  ],
  query: [
    '查询', '查进度', '我的投诉怎么样了', '投诉进度', '查一下办理结果', '处理到哪一步了', '有结果了吗', '办理情况',
    '查询编号', '查我的投诉', '进展如何', '什么时候处理', '处理结果', '我想知道进度', '怎么样了', '投诉怎么样了',
    '举报有结果没', '我的举报处理了吗', '投诉进展', '进度查询', '反映的问题解决了没有', '有人管了吗', '到哪一步了',
  ],
  transfer: ['移送', '案件移送', '移送案件', '把案件移交', '移交公安', '不属于我们管辖要移送', '转给有管辖权的部门', '涉嫌犯罪移送'],
  dispute: ['争议协调', '职责争议', '执法争议', '管辖争议', '两个部门有争议', '申请协调', '推诿扯皮申请协调', '部门之间分歧'],
  selfassess: ['自评', '考核自评', '年度自评', '填写自评', '考核评价', '评议考核', '年终考核'],
  help: ['帮助', '怎么用', '你能做什么', '功能', '使用说明', '你好', '在吗', '有什么功能', '菜单', '不知道怎么操作'],
};

export class IntentRecognizer {
  private readonly classifier: TextClassifier<Intent>;

  constructor(seg: Segmenter) {
    this.classifier = new TextClassifier(
      seg,
      INTENTS.flatMap((label) => TRAINING[label].map((text) => ({ text, label }))),
    );
  }

  recognise(text: string): Scored<Intent>[] {
    return this.classifier.classify(text);
  }
}
