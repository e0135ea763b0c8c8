/** Builds the engine's services from the database: directory, classifiers, calendar. */
import { officialCalendar } from '../domain/calendar/official';
import type { DayCalendar } from '../domain/calendar/calendar';
import { Directory } from '../domain/organisation';
import type { UnitOfWork } from '../domain/ports';
import type { LimitSettings } from '../domain/limits';
import type { FileDesk } from './attachments/desk';
import { Engine } from './engine';
import { IntentRecognizer } from './intents';
import { Segmenter } from './nlp';
import { ComplaintRouter } from './routing';

export async function loadDirectory(uow: UnitOfWork): Promise<Directory> {
  return new Directory(await uow.run((s) => s.directory.all()));
}

export function buildClassifiers(directory: Directory) {
  const segmenter = new Segmenter(directory.all.flatMap((o) => [o.name, ...o.aliases, ...o.keywords]));
  return { segmenter, router: new ComplaintRouter(directory, segmenter), intents: new IntentRecognizer(segmenter) };
}

export interface EngineOptions {
  calendar?: DayCalendar;
  clock?: () => Date;
  pushPlatforms?: () => ReadonlySet<string>;
  limits?: LimitSettings;
  /** Files (issue 17); the engine refuses files without it. */
  files?: FileDesk;
}

export async function createEngine(uow: UnitOfWork, opts: EngineOptions = {}) {
  const directory = await loadDirectory(uow);
  if (!directory.all.length) throw new Error('the district directory is empty: run the seed (npm run seed) first');
  const { router, intents } = buildClassifiers(directory);
  const engine = new Engine({ uow, directory, router, intents, calendar: opts.calendar ?? officialCalendar, clock: opts.clock, pushPlatforms: opts.pushPlatforms, limits: opts.limits, files: opts.files });
  return { engine, directory, router };
}
