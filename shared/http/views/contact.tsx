// One contact: who they are (editable), the timeline, their reminders, a note, merge, stop.
import { type Contact, type Interaction, LETTER_STATUSES, type Reminder, TIERS } from '../../domain/model.ts';
import { reminderLabel } from '../../domain/reminder-kinds.ts';
import { shortDate, shortDateTime } from '../../domain/time.ts';
import { Csrf, Layout, PostButton, Select, tierOptions } from './layout.tsx';

type Props = {
  contact: Contact;
  timeline: Interaction[];
  reminders: Reminder[];
  timezone: string;
  csrf: string;
  requestId: string;
  writeTo: string;
  said?: string | undefined;
};

function Field(props: { id: string; label: string; value: string | null | undefined; long?: boolean }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.long ? (
        <textarea id={props.id} name={props.id}>
          {props.value ?? ''}
        </textarea>
      ) : (
        <input id={props.id} name={props.id} value={props.value ?? ''} />
      )}
    </div>
  );
}

const what = (i: Interaction) =>
  i.kind === 'note'
    ? 'Note'
    : i.kind === 'meeting'
      ? 'Meeting'
      : i.direction === 'inbound'
        ? `Email from them${i.inferred ? ' (seen quoted in yours)' : ''}`
        : 'Email from you';

export function ContactPage(props: Props) {
  const c = props.contact;
  const base = `/contacts/${encodeURIComponent(c.contactId)}`;
  const open = props.reminders.filter((r) => ['pending', 'snoozed', 'sent'].includes(r.state));
  const closed = props.reminders.filter((r) => !['pending', 'snoozed', 'sent'].includes(r.state));
  return (
    <Layout title={c.name || c.email} nav="contacts" said={props.said}>
      <p class="meta">
        {c.emails.join(', ')}
        {c.status === 'stopped' ? ' · reminders stopped' : ''}
      </p>
      <p class="actions">
        <a class="button primary" href={props.writeTo}>
          Write to {c.name || c.email}
        </a>
      </p>
      <div class="grid two">
        <section aria-labelledby="timeline-h">
          <h2 id="timeline-h">Timeline</h2>
          <form method="post" action={`${base}/note`} class="card">
            <Csrf token={props.csrf} />
            <input type="hidden" name="requestId" value={props.requestId} />
            <label for="note">Add a note</label>
            <textarea id="note" name="note" required maxlength={2000} />
            <p>
              <button type="submit">Save note</button>
            </p>
          </form>
          {props.timeline.length === 0 ? <p class="meta">Nothing logged yet.</p> : null}
          <ul class="timeline">
            {props.timeline.map((i) => (
              <li>
                <strong>{what(i)}</strong>{' '}
                <span class="meta">{shortDateTime(new Date(i.occurredAt), props.timezone)}</span>
                {i.subject && i.kind !== 'note' ? <div>{i.subject}</div> : null}
                {i.snippet ? <div class="meta">{i.snippet}</div> : null}
              </li>
            ))}
            {closed.map((r) => (
              <li>
                <strong>Reminder {r.state}</strong>{' '}
                <span class="meta">{shortDate(new Date(r.endedAt ?? r.dueAt), props.timezone)}</span>
                <div class="meta">{reminderLabel(r.kind, c.name || c.email, r.about?.subject)}</div>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="about-h">
          <h2 id="about-h">About</h2>
          <form method="post" action={base} class="card">
            <Csrf token={props.csrf} />
            <Field id="name" label="Name" value={c.name} />
            <Field id="institution" label="Institution" value={c.institution} />
            <Field id="specialty" label="Specialty" value={c.specialty} />
            <Field id="role" label="Role (program director, faculty…)" value={c.role} />
            <Select id="tier" label="Tier" options={tierOptions(TIERS)} selected={c.tier} none="None" />
            <Field id="howMet" label="How you met" value={c.howMet} />
            <Field id="visaNotes" label="Visa notes" value={c.visaNotes} long />
            <Select
              id="letterStatus"
              label="Letter of recommendation"
              options={LETTER_STATUSES}
              selected={c.letterStatus}
              none="None asked"
            />
            <p>
              <button type="submit" class="primary">
                Save
              </button>
            </p>
          </form>
          <h2>Open reminders</h2>
          {open.length === 0 ? (
            <p class="meta">No reminder open.</p>
          ) : (
            <ul class="list">
              {open.map((r) => (
                <li>
                  {reminderLabel(r.kind, c.name || c.email, r.about?.subject)}{' '}
                  <span class="meta">· {shortDate(new Date(r.dueAt), props.timezone)}</span>
                </li>
              ))}
            </ul>
          )}
          <h2>Merge</h2>
          <form method="post" action={`${base}/merge`} class="card">
            <Csrf token={props.csrf} />
            <label for="other">Another address of this person</label>
            <input id="other" name="other" type="email" required />
            <p class="meta">Its timeline and reminders join this contact.</p>
            <button type="submit">Merge into this contact</button>
          </form>
          {c.status !== 'stopped' ? (
            <div class="card">
              <p class="meta">No more reminders about this person (their history is kept).</p>
              <PostButton action={`${base}/stop`} csrf={props.csrf} label="Stop reminders" class="danger" />
            </div>
          ) : null}
        </section>
      </div>
    </Layout>
  );
}
