import type { ReminderKind } from '#shared/domain/model';

/** A reminder in a few words, as lists name it: "Nudge Dr. Maria Lopez". */
export function reminderLabel(kind: ReminderKind, name: string, about?: string): string {
  switch (kind) {
    case 'no_reply_nudge':
      return `Nudge ${name}${about ? ` about “${about}”` : ''}`;
    case 'thank_you':
      return `Thank ${name}${about ? ` for “${about}”` : ''}`;
    case 'conference_follow_up':
      return `Follow up with ${name} from the conference`;
    case 'keep_in_touch':
      return `Send ${name} an update`;
    case 'meeting_prep':
      return `Prepare for ${about ? `“${about}”` : `meeting ${name}`}`;
    case 'pre_conference':
      return `Write to ${name} before ${about ?? 'the conference'}`;
    case 'rotation_end':
      return `Ask ${name} for feedback${about ? ` before ${about} ends` : ''}`;
    case 'letter_check':
      return `Check ${name}'s letter was uploaded`;
  }
}
