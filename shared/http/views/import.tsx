// Import: choose a file, see what each row would do, then import; a long file goes in steps
// that show how far it got (each step is one short request, as a Lambda wants).
import type { ImportPlan } from '../../contacts/import-export.ts';
import { Csrf, Layout } from './layout.tsx';

const ACTION_WORDS = { new: 'New', update: 'Update', unchanged: 'No change', problem: 'Problem' } as const;

export function ImportUploadPage(props: { csrf: string; said?: string | undefined }) {
  return (
    <Layout title="Import contacts" nav="contacts" said={props.said}>
      <p>
        A spreadsheet (CSV with a column named <code>email</code>; name, institution, specialty, role, tier,
        how_met, last_contact and notes too), LinkedIn's <code>Connections.csv</code>, or vCards from your
        phone's contacts. Nothing is written until you have seen what each row will do.
      </p>
      <form method="post" action="/import/preview" enctype="multipart/form-data" class="card">
        <Csrf token={props.csrf} />
        <label for="file">File</label>
        <input id="file" name="file" type="file" accept=".csv,.vcf,text/csv,text/vcard" required />
        <div class="actions">
          <button type="submit" class="primary">
            Preview
          </button>
        </div>
      </form>
    </Layout>
  );
}

/** The file travels with the form, so what is imported is exactly what was previewed. */
const Carried = (props: { text: string; fileName: string; dateOrder?: string | undefined }) => (
  <>
    <input type="hidden" name="text" value={props.text} />
    <input type="hidden" name="fileName" value={props.fileName} />
    {props.dateOrder ? <input type="hidden" name="dateOrder" value={props.dateOrder} /> : null}
  </>
);

export function ImportPreviewPage(props: { plan: ImportPlan; text: string; fileName: string; csrf: string }) {
  const { plan } = props;
  const count = (action: keyof typeof ACTION_WORDS) => plan.rows.filter((r) => r.action === action).length;
  const writes = count('new') + count('update');
  return (
    <Layout title={`Import ${props.fileName}`} nav="contacts">
      {plan.problem ? (
        <p class="status problem" role="alert">
          {plan.problem}
        </p>
      ) : null}
      <p role="status">
        {count('new')} new, {count('update')} to update, {count('unchanged')} unchanged, {count('problem')}{' '}
        with a problem
        {plan.format === 'linkedin'
          ? ' (read as LinkedIn connections)'
          : plan.format === 'vcard'
            ? ' (read as vCards)'
            : ''}
        .
      </p>
      {plan.needsDateOrder ? (
        <form method="post" action="/import/preview" class="card">
          <Csrf token={props.csrf} />
          <Carried text={props.text} fileName={props.fileName} />
          <h2>How are dates written in this file?</h2>
          <p>
            Line {plan.needsDateOrder.line} says <strong>{plan.needsDateOrder.example}</strong>, which reads
            two ways.
          </p>
          <label for="dateOrder">Dates are written</label>
          <select id="dateOrder" name="dateOrder">
            <option value="mdy">month first (07/04/2026 is July 4)</option>
            <option value="dmy">day first (07/04/2026 is 7 April)</option>
          </select>
          <div class="actions">
            <button type="submit" class="primary">
              Preview again
            </button>
          </div>
        </form>
      ) : writes > 0 ? (
        <form method="post" action="/import/apply" class="card">
          <Csrf token={props.csrf} />
          <Carried text={props.text} fileName={props.fileName} dateOrder={plan.dateOrder} />
          <input type="hidden" name="from" value="0" />
          <button type="submit" class="primary">
            Import {writes} {writes === 1 ? 'contact' : 'contacts'}
          </button>{' '}
          <a href="/import">Choose another file</a>
        </form>
      ) : (
        <p>
          Nothing to import. <a href="/import">Choose another file</a>
        </p>
      )}
      <table>
        <caption class="sr-only">What each row will do</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Who</th>
            <th scope="col">Will be</th>
          </tr>
        </thead>
        <tbody>
          {plan.rows.map((row) => (
            <tr class={row.action === 'problem' ? 'problem' : undefined}>
              <td>{row.line}</td>
              <td>
                {row.name ? (
                  <>
                    {row.name}
                    <br />
                  </>
                ) : null}
                <span class="meta">{row.email ?? ''}</span>
              </td>
              <td>
                <strong>{ACTION_WORDS[row.action]}</strong>
                {row.reason ? `: ${row.reason}` : ''}
                {row.changes ? `: ${row.changes.join(', ')}` : ''}
                {(row.lost ?? []).map((l) => (
                  <div class="meta">{l}</div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** Part of a long file is in; the next step goes on by itself (or with the button). */
export function ImportProgressPage(props: {
  done: number;
  total: number;
  text: string;
  fileName: string;
  dateOrder?: string | undefined;
  tally: string;
  csrf: string;
}) {
  return (
    <Layout title={`Importing ${props.fileName}`} nav="contacts">
      <p role="status">
        {props.done} of {props.total} rows done.
      </p>
      <progress max={props.total} value={props.done} aria-label="Rows imported" />
      <form method="post" action="/import/apply" data-autosubmit="1">
        <Csrf token={props.csrf} />
        <Carried text={props.text} fileName={props.fileName} dateOrder={props.dateOrder} />
        <input type="hidden" name="from" value={String(props.done)} />
        <input type="hidden" name="tally" value={props.tally} />
        <button type="submit" class="primary">
          Continue
        </button>
      </form>
    </Layout>
  );
}
