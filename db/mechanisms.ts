/**
 * The registry: every mechanism's storage, one line each. The Store (domain/ports.ts) is the
 * shared core's repositories (db/store.ts) and the ones registered here, which must be
 * exactly the ports the mechanisms declare in domain/ (MechanismPorts): one missing, extra
 * or of another type is a compile error below. A person merge runs each mechanism's hook.
 */
import type { MechanismPorts } from '../domain/ports';
import type { Mechanism, StorageContext } from './mechanism';
import { accountabilityStorage } from './accountability/repo';
import { approvalStorage } from './approvals/repo';
import { assessmentStorage } from './assessment/repo';
import { calendarStorage } from './calendar/repo';
import { caseStorage } from './cases/repo';
import { complaintStorage } from './complaints/repo';
import { disputeStorage } from './disputes/repo';
import { guidingCaseStorage } from './guiding-cases/repo';
import { identityStorage } from './identity/repo';
import { infoReportStorage } from './info-reports/repo';
import { inspectionStorage } from './inspection/repo';
import { interferenceStorage } from './interference/repo';
import { jointStorage } from './joint/repo';
import { limitStorage } from './limits/repo';
import { meetingStorage } from './meetings/repo';
import { reminderStorage } from './reminders/repo';
import { sharingStorage } from './sharing/repo';
import { staffApiStorage } from './staff-api/repo';
import { supervisionStorage } from './supervision/repo';
import { open311Storage } from './open311/repo';
import { consoleStorage } from './console/repo';
import { attachmentStorage } from './attachments/repo';
import { followUpStorage } from './followup/repo';

export const MECHANISMS = [
  identityStorage,
  limitStorage,
  complaintStorage,
  caseStorage,
  interferenceStorage,
  disputeStorage,
  supervisionStorage,
  accountabilityStorage,
  meetingStorage,
  approvalStorage,
  sharingStorage,
  jointStorage,
  assessmentStorage,
  guidingCaseStorage,
  infoReportStorage,
  inspectionStorage,
  reminderStorage,
  staffApiStorage,
  calendarStorage,
  open311Storage,
  consoleStorage,
  attachmentStorage,
  followUpStorage,
] as const;

type PortsOf<M> = M extends Mechanism<infer P> ? P : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** The repositories the registry provides. */
export type RegisteredPorts = Intersection<PortsOf<(typeof MECHANISMS)[number]>>;

type Declared = keyof MechanismPorts;
type Registered = keyof RegisteredPorts;
type Mistyped = { [K in Declared & Registered]: [RegisteredPorts[K]] extends [MechanismPorts[K]] ? never : K }[Declared & Registered];
type Unregistered = Exclude<Declared, Registered> & string;
type Undeclared = Exclude<Registered, Declared> & string;
/** Fails to compile, naming them, unless the registered repositories are exactly the declared ports. */
const complete: [Unregistered] extends [never]
  ? [Undeclared] extends [never]
    ? [Mistyped] extends [never] ? 'complete' : `registered with another type than declared: ${Mistyped & string}`
    : `registered here but not declared in domain/ (MechanismPorts): ${Undeclared}`
  : `declared in domain/ (MechanismPorts) but not registered here: ${Unregistered}` = 'complete';
void complete;

/** Which mechanism provides each repository: learnt once, from the first store built (a name registered twice is refused). */
let providers: ReadonlyMap<string, Mechanism<object>> | undefined;

function providersOf(ctx: StorageContext): ReadonlyMap<string, Mechanism<object>> {
  if (providers) return providers;
  const found = new Map<string, Mechanism<object>>();
  for (const m of MECHANISMS as readonly Mechanism<object>[]) {
    for (const name of Object.keys(m.ports(ctx))) {
      if (found.has(name)) throw new Error(`the repository ${name} of ${m.name} is registered twice`);
      found.set(name, m);
    }
  }
  return (providers = found);
}

/**
 * Every mechanism's repositories over one connection or transaction: their names, and a
 * getter that builds a mechanism's repositories when one of them is first asked for (a turn
 * uses a few). The store (db/store.ts) keeps what it gets, in its one lazy object.
 */
export function mechanismPorts(ctx: StorageContext): { names: Iterable<keyof MechanismPorts>; get(name: keyof MechanismPorts): unknown } {
  const byMechanism = providersOf(ctx);
  const built = new Map<Mechanism<object>, Record<string, unknown>>();
  return {
    names: byMechanism.keys() as Iterable<keyof MechanismPorts>,
    get(name) {
      const m = byMechanism.get(name)!;
      let ports = built.get(m);
      if (!ports) built.set(m, (ports = m.ports(ctx) as Record<string, unknown>));
      return ports[name];
    },
  };
}
