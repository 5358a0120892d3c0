// Plans: the conferences, rotations and letters no email tells Rounds about — listed with the
// reminders they make, added, edited and removed. Dates are days in the user's zone.
import type { Milestone } from '../../domain/model.ts';
import { shortDate } from '../../domain/time.ts';
import { Csrf, Layout, PostButton } from './layout.tsx';

type Props = { items: Milestone[]; timezone: string; csrf: string; said?: string | undefined };

/** A stored instant as the <input type=date> value of its day in the user's zone. */
const dayInput = (iso: string, timezone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date(iso));

function Field(p: {
  id: string;
  label: string;
  type?: string;
  value?: string;
  required?: boolean;
  hint?: string;
}) {
  return (
    <div>
      <label for={p.id}>{p.label}</label>
      <input
        id={p.id}
        name={p.id.split('-')[0]}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        required={p.required}
      />
      {p.hint ? <p class="meta">{p.hint}</p> : null}
    </div>
  );
}

/** The fields of one kind, empty for adding or filled for editing; ids unique per form. */
function KindFields(p: { kind: Milestone['kind']; item?: Milestone; timezone: string; suffix: string }) {
  const at = (iso: string | undefined) => (iso ? dayInput(iso, p.timezone) : '');
  const item = p.item;
  if (p.kind === 'conference') {
    const c = item?.kind === 'conference' ? item : undefined;
    return (
      <div class="inline">
        <Field id={`name-${p.suffix}`} label="Conference" value={c?.name} required />
        <Field id={`start-${p.suffix}`} label="Starts" type="date" value={at(c?.start)} required />
        <Field id={`end-${p.suffix}`} label="Ends" type="date" value={at(c?.end)} />
        <Field
          id={`people-${p.suffix}`}
          label="People you hope to meet (emails, commas between)"
          value={c?.targets.join(', ')}
        />
      </div>
    );
  }
  if (p.kind === 'rotation') {
    const r = item?.kind === 'rotation' ? item : undefined;
    return (
      <div class="inline">
        <Field id={`name-${p.suffix}`} label="Rotation" value={r?.name} required />
        <Field id={`end-${p.suffix}`} label="Ends" type="date" value={at(r?.end)} required />
        <Field
          id={`people-${p.suffix}`}
          label="Attendings (emails, commas between)"
          value={r?.attendings.join(', ')}
        />
      </div>
    );
  }
  const l = item?.kind === 'letter' ? item : undefined;
  return (
    <div class="inline">
      <Field id={`people-${p.suffix}`} label="Letter writer's email" type="email" value={l?.from} required />
      <Field
        id={`due-${p.suffix}`}
        label="Check it was uploaded by"
        type="date"
        value={at(l?.dueAt)}
        required
      />
    </div>
  );
}

const HEADINGS = {
  conference: 'Conferences',
  rotation: 'Rotations',
  letter: 'Letters of recommendation',
} as const;
const EXPLAIN = {
  conference: 'Three weeks before, Rounds reminds you to write to the people you hope to meet.',
  rotation:
    'Five days before it ends, Rounds reminds you to ask for feedback and, if rapport is strong, a letter.',
  letter: 'On the date you give, Rounds reminds you to check the letter was uploaded.',
} as const;

function describe(item: Milestone, timezone: string): string {
  const day = (iso: string) => shortDate(new Date(iso), timezone);
  if (item.kind === 'conference')
    return `${item.name}: ${day(item.start)}${item.end !== item.start ? ` to ${day(item.end)}` : ''}${item.targets.length ? ` · ${item.targets.join(', ')}` : ''}`;
  if (item.kind === 'rotation')
    return `${item.name}: ends ${day(item.end)}${item.attendings.length ? ` · ${item.attendings.join(', ')}` : ''}`;
  return `${item.from}: check by ${day(item.dueAt)}`;
}

export function PlansPage(p: Props) {
  return (
    <Layout title="Plans" nav="plans" said={p.said}>
      {(['conference', 'rotation', 'letter'] as const).map((kind) => {
        const items = p.items.filter((i) => i.kind === kind);
        return (
          <section class="card" aria-labelledby={`${kind}-h`}>
            <h2 id={`${kind}-h`}>{HEADINGS[kind]}</h2>
            <p class="meta">{EXPLAIN[kind]}</p>
            {items.length === 0 ? <p>None yet.</p> : null}
            <ul class="list">
              {items.map((item) => (
                <li>
                  <span>{describe(item, p.timezone)}</span>
                  <details>
                    <summary>Edit</summary>
                    <form method="post" action={`/plans/${encodeURIComponent(item.itemId)}`}>
                      <Csrf token={p.csrf} />
                      <input type="hidden" name="kind" value={kind} />
                      <KindFields kind={kind} item={item} timezone={p.timezone} suffix={item.itemId} />
                      <div class="actions">
                        <button type="submit" class="primary">
                          Save
                        </button>
                      </div>
                    </form>
                    <PostButton
                      action={`/plans/${encodeURIComponent(item.itemId)}/remove`}
                      csrf={p.csrf}
                      label="Remove"
                      class="danger"
                    />
                  </details>
                </li>
              ))}
            </ul>
            <details>
              <summary>Add</summary>
              <form method="post" action="/plans">
                <Csrf token={p.csrf} />
                <input type="hidden" name="kind" value={kind} />
                <KindFields kind={kind} timezone={p.timezone} suffix={`new${kind}`} />
                <div class="actions">
                  <button type="submit" class="primary">
                    Add
                  </button>
                </div>
              </form>
            </details>
          </section>
        );
      })}
    </Layout>
  );
}
