/**
 * Type test, checked by `tsc --noEmit` (tsconfig includes bot/): a misspelt step name does
 * not compile. Each `@ts-expect-error` fails the type check if the line below it compiles.
 * Nothing here runs.
 */
import { type Flow, done, needs, next, startingAt } from './flow';
import { textStep } from './steps';

interface Draft {
  name?: string;
  phone?: string;
}

export const typedFlow: Flow<Draft, 'name' | 'phone' | 'confirm'> = {
  name: 'type-test',
  title: '类型测试',
  help: '',
  first: 'name',
  steps: {
    name: textStep({ ask: '姓名：', what: '姓名', min: 2, max: 20, then: (name, d) => next('phone', { ...d, name }) }),
    phone: {
      prompt: () => ({ text: '电话：' }),
      // @ts-expect-error 'confirm' is not a step of this flow
      answer: (phone, d) => next('confrim', { ...d, phone }),
    },
    confirm: needs(['name', 'phone'], {
      // The draft is narrowed: name and phone are strings here, no `d.name!`.
      prompt: (d) => ({ text: `${d.name.trim()} ${d.phone.trim()}` }),
      answer: () => done({ text: '好' }),
    }),
  },
};

export const misspeltFirst: Flow<Draft, 'name'> = {
  name: 'type-test-2',
  title: '类型测试',
  help: '',
  // @ts-expect-error the first step must be a step of the flow
  first: 'nmae',
  steps: { name: { prompt: () => ({ text: '' }), answer: () => done() } },
};

// @ts-expect-error a variant starts at one of the flow's steps
export const misspeltStart = startingAt(typedFlow, 'type-test-3', 'phnoe');

export const unnarrowed: Flow<Draft, 'name'> = {
  name: 'type-test-4',
  title: '类型测试',
  help: '',
  first: 'name',
  steps: {
    name: {
      // @ts-expect-error without `needs` the draft's answers may be missing
      prompt: (d) => ({ text: d.name.trim() }),
      answer: () => done(),
    },
  },
};
