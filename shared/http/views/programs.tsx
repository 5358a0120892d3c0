// Programs: the season's board on a phone — each program the user applies to, where it stands
// and since when, its interview day, and the next thing Rounds will ask about it — with the
// changes a resident makes between patients: a status, an interview day, "not attending",
// the program's policy on post-interview mail, its people, and the first choice.
import { type CONTACT_POLICIES, PROGRAM_STATUSES } from '../../domain/model.ts';
import type { ProgramLine } from '../../domain/program-board.ts';
import { shortDate, shortDateTime } from '../../domain/time.ts';
import { Csrf, Layout, PostButton, Select } from './layout.tsx';

export type BoardProgram = ProgramLine & {
  people: string[];
  contactPolicy: (typeof CONTACT_POLICIES)[number];
  firstChoice: boolean;
  /** People Rounds proposes for the program (same domain or institution), to confirm. */
  suggested: { email: string; name?: string }[];
};

type Props = {
  programs: BoardProgram[];
  match?: number | undefined;
  timezone: string;
  now: string;
  csrf: string;
  said?: string | undefined;
};

const STATUS_LABELS = PROGRAM_STATUSES.map((s) => [s, s.replaceAll('_', ' ')] as const);

function Stands(p: { line: BoardProgram; timezone: string; now: string }) {
  const { line } = p;
  const day = (iso: string) => shortDate(new Date(iso), p.timezone);
  const interview = line.interview
    ? line.interview.at <= p.now
      ? `interview was ${day(line.interview.at)}`
      : `interview ${shortDateTime(new Date(line.interview.at), p.timezone)}${line.interview.attending ? '' : ' — you will not attend'}`
    : undefined;
  return (
    <p class="meta">
      {line.status.replaceAll('_', ' ')} since {day(line.since)}
      {interview ? ` · ${interview}` : ''}
      {line.firstChoice ? ' · your first choice' : ''}
      {line.contactPolicy === 'no-post-interview' ? ' · no post-interview mail' : ''}
      {line.next ? (
        <>
          <br />
          Next: {line.next.label} ({day(line.next.dueAt)})
        </>
      ) : null}
    </p>
  );
}

export function ProgramsPage(p: Props) {
  const day = (iso: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: p.timezone }).format(new Date(iso));
  return (
    <Layout title="Programs" nav="programs" said={p.said}>
      <section class="card" aria-labelledby="board-h">
        <h2 id="board-h">{p.match ? `Your programs for the ${p.match} Match` : 'Your programs'}</h2>
        <p class="meta">
          Forward an invitation, a confirmation or a waitlist note to your capture address and the program
          moves here by itself.
        </p>
        {p.programs.length === 0 ? <p>None yet. Add one below, or forward an interview invitation.</p> : null}
        <ul class="list">
          {p.programs.map((line) => {
            const id = encodeURIComponent(line.programId);
            return (
              <li>
                <div>
                  <strong>{line.name}</strong>
                  {line.institution ? `, ${line.institution}` : ''}
                  <Stands line={line} timezone={p.timezone} now={p.now} />
                  {line.people.length ? <p class="meta">People: {line.people.join(', ')}</p> : null}
                  {line.suggested.map((person) => (
                    <div class="suggested">
                      <p class="meta">
                        From the same place: {person.name ? `${person.name} <${person.email}>` : person.email}
                      </p>
                      <PostButton
                        action={`/programs/${id}/people`}
                        csrf={p.csrf}
                        label={`Add to ${line.name}`}
                        fields={{ email: person.email }}
                      />
                    </div>
                  ))}
                </div>
                <details>
                  <summary>Change</summary>
                  <form method="post" action={`/programs/${id}`}>
                    <Csrf token={p.csrf} />
                    <div class="inline">
                      <div>
                        <Select
                          id={`status-${line.programId}`}
                          name="status"
                          label="Status"
                          options={STATUS_LABELS}
                          selected={line.status}
                        />
                      </div>
                      <div>
                        <label for={`interview-${line.programId}`}>Interview day</label>
                        <input
                          id={`interview-${line.programId}`}
                          name="interview"
                          type="date"
                          value={line.interview ? day(line.interview.at) : ''}
                        />
                      </div>
                      <div>
                        <Select
                          id={`attending-${line.programId}`}
                          name="attending"
                          label="Going?"
                          options={[
                            ['yes', 'I will attend'],
                            ['no', 'I will not attend'],
                          ]}
                          selected={line.interview?.attending === false ? 'no' : 'yes'}
                        />
                      </div>
                      <div>
                        <Select
                          id={`policy-${line.programId}`}
                          name="policy"
                          label="Post-interview mail"
                          options={[
                            ['open', 'the program takes it'],
                            ['no-post-interview', 'the program asks for none'],
                          ]}
                          selected={line.contactPolicy}
                        />
                      </div>
                      <div>
                        <label for={`contact-${line.programId}`}>Add a person (email)</label>
                        <input id={`contact-${line.programId}`} name="contact" type="email" />
                      </div>
                    </div>
                    <div class="actions">
                      <button type="submit" class="primary">
                        Save
                      </button>
                    </div>
                  </form>
                  {line.firstChoice ? null : (
                    <PostButton
                      action={`/programs/${id}/first-choice`}
                      csrf={p.csrf}
                      label="Make it my first choice (letter of intent)"
                    />
                  )}
                </details>
              </li>
            );
          })}
        </ul>
        <details>
          <summary>Add a program</summary>
          <form method="post" action="/programs">
            <Csrf token={p.csrf} />
            <div class="inline">
              <div>
                <label for="name-new">Program</label>
                <input id="name-new" name="name" required />
              </div>
              <div>
                <label for="institution-new">Institution</label>
                <input id="institution-new" name="institution" />
              </div>
              <div>
                <label for="contact-new">A person there (email)</label>
                <input id="contact-new" name="contact" type="email" />
              </div>
            </div>
            <div class="actions">
              <button type="submit" class="primary">
                Add
              </button>
            </div>
          </form>
        </details>
      </section>
    </Layout>
  );
}
