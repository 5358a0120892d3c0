// The web app's import: upload → preview (nothing written) → import in steps of a few hundred
// rows, each step its own short request, so a long file shows progress and never outlasts a
// Lambda. The file is carried in the forms, so each step plans exactly what was previewed.
import type { Context, Hono } from 'hono';
import { applyImport, type DateOrder, IMPORT_STEP, previewImport } from '../contacts/import-export.ts';
import type { Deps } from '../deps.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { type AppEnv, signedIn } from './guard.ts';
import { ImportPreviewPage, ImportProgressPage, ImportUploadPage } from './views/import.tsx';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

type Tally = { imported: number; updated: number; skipped: number };

async function importForm(c: Context<AppEnv>) {
  const body = await c.req.parseBody();
  const file = body.file;
  let text = typeof body.text === 'string' ? body.text : undefined;
  let fileName = typeof body.fileName === 'string' ? body.fileName : 'your file';
  if (file instanceof File) {
    if (file.size > MAX_FILE_BYTES)
      throw new InvalidInputError('That file is over 2 MB: split it, or import it with `rounds import`.');
    text = await file.text();
    fileName = file.name || fileName;
  }
  if (text === undefined || text.trim() === '') throw new InvalidInputError('Choose a file to import.');
  if (text.length > MAX_FILE_BYTES) throw new InvalidInputError('That file is over 2 MB.');
  const order = body.dateOrder;
  const dateOrder: DateOrder | undefined = order === 'mdy' || order === 'dmy' ? order : undefined;
  const from = Math.max(0, Number.parseInt(String(body.from ?? '0'), 10) || 0);
  const tally: Tally = { imported: 0, updated: 0, skipped: 0 };
  const carried = String(body.tally ?? '').match(/^(\d{1,7})\.(\d{1,7})\.(\d{1,7})$/);
  if (carried) Object.assign(tally, { imported: +carried[1]!, updated: +carried[2]!, skipped: +carried[3]! });
  return { text, fileName: fileName.slice(0, 200), dateOrder, from, tally };
}

export function importRoutes(app: Hono<AppEnv>, deps: Deps) {
  const guard = signedIn(deps);
  app.use('/import', guard);
  app.use('/import/*', guard);

  app.get('/import', (c) => c.html(<ImportUploadPage csrf={c.get('csrf')} said={c.req.query('said')} />));

  app.post('/import/preview', async (c) => {
    const form = await importForm(c);
    const plan = await previewImport(c.get('user'), form.text, deps, { dateOrder: form.dateOrder });
    return c.html(
      <ImportPreviewPage plan={plan} text={form.text} fileName={form.fileName} csrf={c.get('csrf')} />,
    );
  });

  app.post('/import/apply', async (c) => {
    const user = c.get('user');
    const form = await importForm(c);
    const plan = await previewImport(user, form.text, deps, { dateOrder: form.dateOrder });
    if (plan.problem) throw new InvalidInputError(plan.problem);
    if (plan.needsDateOrder) throw new InvalidInputError('Say how the dates in this file are written first.');
    const report = await applyImport(user, plan, deps, { from: form.from, limit: IMPORT_STEP });
    const tally: Tally = {
      imported: form.tally.imported + report.imported,
      updated: form.tally.updated + report.updated,
      skipped: form.tally.skipped + report.skipped.length,
    };
    const done = Math.min(plan.rows.length, form.from + IMPORT_STEP);
    if (done < plan.rows.length)
      return c.html(
        <ImportProgressPage
          done={done}
          total={plan.rows.length}
          text={form.text}
          fileName={form.fileName}
          dateOrder={plan.dateOrder}
          tally={`${tally.imported}.${tally.updated}.${tally.skipped}`}
          csrf={c.get('csrf')}
        />,
      );
    const said = `Imported ${tally.imported} new and updated ${tally.updated} from ${form.fileName}${
      tally.skipped > 0 ? `; ${tally.skipped} ${tally.skipped === 1 ? 'row was' : 'rows were'} left out` : ''
    }.`;
    return c.redirect(`/contacts?said=${encodeURIComponent(said)}`, 303);
  });
}
