// Settings: the zone and hours, the playbook's numbers, the capture address and how to use
// it, mail paused or flowing, the calendar feed, and signing out.

import { taggedAddress as taggedAddressOf } from '#templates/account';
import { CAPTURE_TAG_GUIDE } from '../../domain/playbook.ts';
import { type Settings, WEEKDAYS } from '../../domain/settings.ts';
import { Copyable, Csrf, Layout, PostButton, Select } from './layout.tsx';

/** What each number means, in the playbook's words. */
export const SETTING_LABELS: Record<
  Exclude<keyof Settings, 'morningAt' | 'digestDay' | 'digestAt' | 'emptyDigest' | 'img' | 'ecfmgCertified'>,
  string
> = {
  nudgeAfterDays: 'Nudge after this many days without a reply',
  maxNudges: 'Nudges before letting go',
  dormantAfterDays: 'Days of silence after the last nudge before a contact goes quiet',
  conferenceFollowUpDays: 'Follow up this many days after a conference meeting',
  thankYouAfterDays: 'Thank this many days after a meeting or interview',
  preConferenceDays: 'Write this many days before a conference',
  rotationEndDays: 'Ask for feedback this many days before a rotation ends',
  spacingDays: 'At most one reminder to write to the same person in this many days',
  cadenceSponsor: 'Keep in touch with a sponsor every … days',
  cadenceMentor: 'Keep in touch with a mentor every … days',
  cadenceWorking: 'Keep in touch with a working contact every … days',
  cadencePeer: 'Keep in touch with a peer every … days',
  cadenceWeakTie: 'Keep in touch with a weak tie every … days',
};

type Props = {
  email: string;
  addresses: string[];
  timezone: string;
  zones: string[];
  settings: Settings;
  captureAddress: string;
  feedUrl: string;
  mailPaused?: { at: string; reason: string } | undefined;
  csrf: string;
  said?: string | undefined;
};

export function SettingsPage(p: Props) {
  return (
    <Layout title="Settings" nav="settings" said={p.said}>
      <section aria-labelledby="capture-h" class="card">
        <h2 id="capture-h">Your capture address</h2>
        <Copyable value={p.captureAddress} />
        <p>
          Put it in <b>Bcc</b> when you write to a program director, mentor or faculty member; forward it
          emails and calendar invitations. Anyone who sees it could write to it, so keep it in Bcc.
        </p>
        <p>
          <a class="button" href="/settings/rounds.vcf">
            Save it as a contact (vCard)
          </a>
        </p>
        <table>
          <caption class="sr-only">Tags</caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {CAPTURE_TAG_GUIDE.map((t) => (
              <tr>
                <td>
                  <code class="addr">{taggedAddressOf(p.captureAddress, t.tag)}</code>
                </td>
                <td>{t.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Bcc without thinking</h3>
        <p class="meta">
          No mail app can add a Bcc to every email by itself, and you would not want every email logged. Save
          the card above, then type “Rounds” in Bcc: <b>Gmail</b> — click “Bcc” at the right of the To line
          (on a phone, tap the arrow beside To); <b>Outlook</b> — Options, then “Show Bcc” (once; it stays);{' '}
          <b>Apple Mail</b> — tap “Cc/Bcc, From” on iPhone, or View → Bcc Address Field on a Mac. Avoid rules
          that Cc automatically: everyone would see the address.
        </p>
      </section>

      <form method="post" action="/settings" class="card" aria-labelledby="when-h">
        <Csrf token={p.csrf} />
        <h2 id="when-h">When Rounds writes to you</h2>
        <Select id="timezone" label="Time zone" options={p.zones} selected={p.timezone} />
        <div class="inline">
          <div>
            <label for="morningAt">Morning reminders at</label>
            <input id="morningAt" name="morningAt" type="time" value={p.settings.morningAt} required />
          </div>
          <div>
            <Select
              id="digestDay"
              label="Weekly digest on"
              options={WEEKDAYS}
              selected={p.settings.digestDay}
            />
          </div>
          <div>
            <label for="digestAt">at</label>
            <input id="digestAt" name="digestAt" type="time" value={p.settings.digestAt} required />
          </div>
        </div>
        <h2>The playbook</h2>
        {(Object.keys(SETTING_LABELS) as (keyof typeof SETTING_LABELS)[]).map((key) => (
          <div>
            <label for={key}>{SETTING_LABELS[key]}</label>
            <input
              id={key}
              name={key}
              type="number"
              inputmode="numeric"
              value={String(p.settings[key])}
              required
            />
          </div>
        ))}
        <p>
          <button type="submit" class="primary">
            Save settings
          </button>
        </p>
      </form>

      <section class="card" aria-labelledby="mail-h">
        <h2 id="mail-h">Email from Rounds</h2>
        {p.mailPaused ? (
          <>
            <p>
              Paused since {p.mailPaused.at.slice(0, 10)} ({p.mailPaused.reason}). Reminders wait here in
              Today; none are emailed.
            </p>
            <PostButton
              action="/settings/mail"
              csrf={p.csrf}
              label="Resume emails"
              class="primary"
              fields={{ mail: 'on' }}
            />
          </>
        ) : (
          <>
            <p>Reminders and the weekly digest go to {p.email}.</p>
            <PostButton action="/settings/mail" csrf={p.csrf} label="Pause emails" fields={{ mail: 'off' }} />
          </>
        )}
        <p class="meta">Your addresses (mail from these is yours): {p.addresses.join(', ')}</p>
        <form method="post" action="/settings/addresses" class="inline">
          <Csrf token={p.csrf} />
          <div>
            <label for="address">Add an address you write from</label>
            <input id="address" name="address" type="email" autocomplete="email" required />
          </div>
          <div>
            <button type="submit">Email it a link</button>
          </div>
        </form>
      </section>

      <section class="card" aria-labelledby="feed-h">
        <h2 id="feed-h">Your follow-ups in your calendar</h2>
        <p>Subscribe to this address in Google Calendar, Outlook or Apple Calendar:</p>
        <Copyable value={p.feedUrl} />
        <PostButton
          action="/settings/feed"
          csrf={p.csrf}
          label="Make a new address (the old one stops working)"
        />
      </section>

      <section class="card" aria-labelledby="data-h">
        <h2 id="data-h">Your data</h2>
        <p class="actions">
          <a class="button" href="/export.json">
            Download everything (JSON)
          </a>
          <a class="button" href="/export.csv">
            Download contacts (CSV)
          </a>
        </p>
      </section>

      <section class="card" aria-labelledby="out-h">
        <h2 id="out-h">Sign out</h2>
        <div class="actions">
          <PostButton action="/signout" csrf={p.csrf} label="Sign out" />
          <PostButton
            action="/signout/everywhere"
            csrf={p.csrf}
            label="Sign out on every device"
            class="danger"
          />
        </div>
      </section>
    </Layout>
  );
}
