// Today: what to do now, each with its context and its buttons; then the week ahead.
import { namesOf, type Reminder, reminderPeople } from '../../domain/model.ts';
import { REMINDER_KIND_INFO, reminderLabel } from '../../domain/reminder-kinds.ts';
import { shortDate, shortDateTime } from '../../domain/time.ts';
import { writeToLink } from '../../mail/write-to.ts';
import type { TodayItem } from '../../reminders/today.ts';
import { Csrf, Layout, PostButton } from './layout.tsx';

type Props = {
  now: TodayItem[];
  coming: TodayItem[];
  timezone: string;
  captureAddress: string;
  csrf: string;
  requestId: string;
  said?: string | undefined;
  today: string;
};

const SNOOZES = [
  ['1d', '1 day'],
  ['3d', '3 days'],
  ['1w', '1 week'],
  ['2w', '2 weeks'],
] as const;

function whenLine(item: TodayItem, timezone: string) {
  const due = shortDate(new Date(item.reminder.dueAt), timezone);
  if (item.when === 'sent')
    return (
      <span class="due-sent">
        Emailed you {shortDate(new Date(item.reminder.sentAt ?? item.reminder.dueAt), timezone)}; waiting for
        you
      </span>
    );
  if (item.when === 'overdue') return <span class="due-overdue">Overdue since {due}</span>;
  if (item.when === 'today') return <span>Due today</span>;
  return <span>Due {due}</span>;
}

function ReminderCard(props: { item: TodayItem } & Omit<Props, 'now' | 'coming' | 'said'>) {
  const r: Reminder = props.item.reminder;
  const people = reminderPeople(r);
  const name = namesOf(people);
  const info = REMINDER_KIND_INFO[r.kind];
  const headline = info.headline({
    name,
    what: r.about?.subject ? `“${r.about.subject}”` : 'your email',
    when: r.about ? shortDate(new Date(r.about.occurredAt), props.timezone) : undefined,
    at: r.about ? shortDateTime(new Date(r.about.occurredAt), props.timezone) : undefined,
    about: r.about?.subject,
  });
  const act = `/reminders/${encodeURIComponent(r.reminderId)}`;
  const idField = { requestId: props.requestId };
  const titleId = `r-${r.reminderId}`;
  return (
    <article class="card" aria-labelledby={titleId}>
      <h3 id={titleId}>{reminderLabel(r.kind, name, r.about?.subject)}</h3>
      <p class="meta">
        {whenLine(props.item, props.timezone)} · {headline.lead}
      </p>
      <p class="meta">{headline.why}</p>
      <div class="actions">
        {info.writeTo ? (
          <a
            class="button primary"
            href={writeToLink({
              to: people.map((p) => p.email),
              subject: r.about?.subject,
              kind: r.kind,
              captureAddress: props.captureAddress,
            })}
          >
            Write to {people.length > 1 ? 'them' : name}
          </a>
        ) : null}
        <PostButton action={`${act}/done`} csrf={props.csrf} label="Done" fields={idField} />
        <PostButton action={`${act}/replied`} csrf={props.csrf} label="They replied" fields={idField} />
        <PostButton action={`${act}/skip`} csrf={props.csrf} label="Skip" fields={idField} />
        <details class="snooze">
          <summary>Snooze…</summary>
          <div class="choices">
            {SNOOZES.map(([value, label]) => (
              <PostButton
                action={`${act}/snooze`}
                csrf={props.csrf}
                label={label}
                fields={{ ...idField, for: value }}
              />
            ))}
            <form method="post" action={`${act}/snooze`} class="inline">
              <Csrf token={props.csrf} />
              <input type="hidden" name="requestId" value={props.requestId} />
              <div>
                <label for={`d-${r.reminderId}`}>Until a date</label>
                <input id={`d-${r.reminderId}`} type="date" name="for" min={props.today} required />
              </div>
              <button type="submit">Snooze until then</button>
            </form>
          </div>
        </details>
      </div>
      <p class="meta">
        <a href={`/contacts/${encodeURIComponent(r.contactId)}`}>
          {people[0]?.name ?? people[0]?.email}'s timeline
        </a>
      </p>
    </article>
  );
}

export function TodayPage(props: Props) {
  const { now, coming, said, ...rest } = props;
  return (
    <Layout title="Today" nav="today" said={said}>
      {now.length === 0 ? (
        <p class="card">
          Nothing to do today. Keep putting your capture address in Bcc; Rounds will tell you when to write.
        </p>
      ) : (
        <section aria-label="To do now">
          {now.map((item) => (
            <ReminderCard item={item} {...rest} />
          ))}
        </section>
      )}
      <h2>This week</h2>
      {coming.length === 0 ? (
        <p class="meta">Nothing else due in the next seven days.</p>
      ) : (
        <ul class="list">
          {coming.map((item) => (
            <li>
              {reminderLabel(
                item.reminder.kind,
                namesOf(reminderPeople(item.reminder)),
                item.reminder.about?.subject,
              )}{' '}
              <span class="meta">· {shortDate(new Date(item.reminder.dueAt), props.timezone)}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
